/*
 * A vm_object is a sparse array of page frames addressed by page index: the data of a
 * tmpfs file and of a shared anonymous mapping. Mapping one of its pages shares the
 * frame, so a MAP_SHARED mapping and read()/write() see the same bytes, across fork.
 * The object holds one frame reference per page it has (pmm_page_ref).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "Lib/error.h"

struct vm_object {
	uint64_t *pages;	/* physical addresses, 0 = no page yet */
	size_t cap;		/* entries in pages[] */
	size_t resident;	/* pages present */
	int refs;
};

struct vm_object *vmo_create(void);
void vmo_get(struct vm_object *o);
void vmo_put(struct vm_object *o);
/* The frame at page `idx`: 0 and *phys, -ENOENT if absent and !alloc, -ENOMEM.
 * Pages made by `alloc` are zero-filled. */
int vmo_page(struct vm_object *o, size_t idx, int alloc, uint64_t *phys) WARN_UNUSED;
/* Drops every page at index >= first. */
void vmo_truncate(struct vm_object *o, size_t first);
