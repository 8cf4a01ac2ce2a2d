/*
 * LibTar's private helpers, shared by its .c files: the freestanding spellings of
 * memcpy/memset/strlen and a byte comparison (the core may not call libc's memcmp).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libtar.h"

#define MEMCPY __builtin_memcpy
#define MEMSET __builtin_memset
#define STRLEN __builtin_strlen

/* 1 when the n bytes at a and b are equal. */
static inline int tar_bytes_equal(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* tar_header_parse without the checksum check and without clearing e: fields an
 * extension header already set (path, linkpath) are kept when asked. */
int tar_header_decode(const uint8_t b[TAR_BLOCK_SIZE], struct tar_entry *e, int keep_path,
		      int keep_link);

/* tar_header_format; with clamp, names and numbers that do not fit are cut or zeroed
 * instead of failing (a preceding pax header carries them). */
int tar_header_encode(uint8_t b[TAR_BLOCK_SIZE], const struct tar_entry *e, int clamp);

/* 1 when path fits the ustar name (+ prefix) fields. */
int tar_path_fits(const char *path);

/* A header for an extension record ('x', 'L', ...) named `name`, mode 0644, root-owned. */
int tar_header_plain(uint8_t b[TAR_BLOCK_SIZE], const char *name, char type, uint64_t size,
		     int64_t mtime);

/* Appends an xattr record for name with room for len value bytes; returns where the
 * value goes, or NULL when it does not fit TAR_XATTR_MAX. */
uint8_t *tar_xattr_reserve(struct tar_entry *e, const char *name, size_t len);
