/*
 * What the files of the VM share among themselves (vm.c keeps the areas, vm_remap.c
 * resizes and moves them); nothing outside Kernel/Memory includes this.
 * All of it runs with the address space's owner in the kernel, which is never
 * preempted, so no locks.
 */
#pragma once

#include <stdint.h>

#include "Lib/error.h"
#include "Memory/vm.h"

/* Links `a` into vm's list at its place by start (it must overlap nothing). */
void vm_insert_area(struct vm_space *vm, struct vm_area *a);
/* Unlinked `a` goes: its committed bytes are uncharged, file and object released. */
void vm_area_free(struct vm_space *vm, struct vm_area *a);
/* 1 if `a` counts as committed memory (writable private, not the stack). */
int vm_area_charged(const struct vm_area *a);
/* Drops the page-table entries of [start, end) and their frame references. */
void vm_unmap_pages(struct vm_space *vm, uint64_t start, uint64_t end);
/* Makes [start, end) an exact union of whole areas. 0 or -ENOMEM. */
int vm_split_range(struct vm_space *vm, uint64_t start, uint64_t end) WARN_UNUSED;
/* The highest free gap of `len` bytes below VM_MMAP_TOP; 0 if there is none. */
uint64_t vm_find_gap(struct vm_space *vm, uint64_t len);
/* 1 if no area overlaps [start, end). */
int vm_range_free(struct vm_space *vm, uint64_t start, uint64_t end);
