/*
 * image.h - an EROFS image held in memory, for the host tests and the fuzzer:
 * the read and log callbacks the parser core mounts through.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "erofs.h"

struct mem_image {
	uint8_t *data;
	size_t size;
	char last_log[256];     /* the most recent log line from the core */
	unsigned int log_lines; /* how many it has logged */
	int quiet;              /* do not echo log lines to stderr */
};

extern const struct erofs_ops mem_image_ops;

/* Load path into img (malloc'd; exits with a message on failure). */
void mem_image_load(struct mem_image *img, const char *path);
void mem_image_free(struct mem_image *img);

/* Mount img; the result of erofs_mount(). */
int mem_image_mount(struct mem_image *img, struct erofs_sb_info *sbi);

/* Recompute the superblock CRC32C in place (after a deliberate edit). */
void mem_image_fix_crc(struct mem_image *img);
