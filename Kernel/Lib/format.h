/*
 * printf-style formatting into a buffer, for kprintf and for building /proc text.
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with flags '-' '0', a width (or *),
 * a precision for %s (or .*), and the length modifiers l, ll, z.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: writes at most size-1 chars and a NUL; returns the full length. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
