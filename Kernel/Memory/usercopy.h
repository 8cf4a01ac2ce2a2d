/*
 * Moving data across the user/kernel boundary. Every user pointer is untrusted:
 * kernel-half and non-canonical addresses, unmapped pages, read-only pages used as
 * write targets and ranges running past a mapping all give -EFAULT, never a fault.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "Lib/error.h"

/* Whether [addr, addr + n) lies entirely in the user half. */
int user_range_ok(uint64_t addr, size_t n);
int copy_from_user(void *dst, uint64_t usrc, size_t n) WARN_UNUSED;
int copy_to_user(uint64_t udst, const void *src, size_t n) WARN_UNUSED;
/* Copies a NUL-terminated string of at most max-1 chars; returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL comes within max bytes. */
long strncpy_from_user(char *dst, uint64_t usrc, size_t max) WARN_UNUSED;
int clear_user(uint64_t udst, size_t n) WARN_UNUSED;
