/*
 * The memory test program.
 *
 * memory.c  brk, mmap, munmap, mprotect, msync, madvise, fork, the case table
 * remap.c   mremap: shrink, grow in place, moves (MAYMOVE, FIXED, DONTUNMAP) with
 *           their pages, across fork, for anonymous and file mappings; the errnos;
 *           realloc; container limits (Atoll only)
 */
#pragma once

#include "gtest.h"

#include <stddef.h>

#define PAGE 4096UL

/* An anonymous mapping (flags: MAP_PRIVATE or MAP_SHARED); fails the case if refused. */
void *map_anon(size_t len, int prot, int flags);
/* For gt_run_child: touch the byte at arg, then exit 0 (the assertion is the signal). */
void write_byte(void *arg);
void read_byte(void *arg);
/* Writes `text` to `name` (0644) and opens it O_RDWR. */
int make_file(const char *name, const char *text);

void mremap_shrink(void);
void mremap_grow_in_place(void);
void mremap_move(void);
void mremap_fixed(void);
void mremap_dontunmap(void);
void mremap_errors(void);
void mremap_merged_neighbours(void);
void mremap_cow_with_child(void);
void mremap_shared_with_child(void);
void mremap_file_mappings(void);
void mremap_realloc(void);
void mremap_container_limit(void);
