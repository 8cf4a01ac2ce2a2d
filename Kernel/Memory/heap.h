/*
 * The kernel heap. kmalloc returns 16-byte-aligned memory or NULL; kfree(NULL) is a
 * no-op. With HEAP_DEBUG (on in Debug builds) freed blocks are poisoned, the poison
 * is checked when a block is handed out again (catching writes after free), and
 * freeing a block twice or freeing a pointer the heap never gave out is reported.
 */
#pragma once

#include <stddef.h>

void *kmalloc(size_t size) __attribute__((malloc, warn_unused_result));
void *kzalloc(size_t size) __attribute__((malloc, warn_unused_result));
void kfree(void *p);
/* A kmalloc'd copy of s (NULL for NULL or when memory is short). */
char *kstrdup(const char *s);
/* The usable size of a live block (at least what was asked). */
size_t kmalloc_size(const void *p);

#define HEAP_POISON_FREE 0x6b
#define HEAP_POISON_NEW 0xa5

/* Heap misuse (double free, bad pointer, write after free) panics, except while a
 * self-test sets heap_expect_violations > 0: then it is counted in
 * heap_violations, the count of expected ones goes down, and the call returns. */
extern int heap_expect_violations;
extern int heap_violations;
