/*
 * The kernel console: every kernel message goes to the serial line and the VGA
 * screen, and into the log ring that /dev/kmsg and dmesg read.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

void console_init(void);
void console_write(const char *s, size_t n);
/* Terminal output: the screen and serial line, not the kernel log. */
void console_output(const char *s, size_t n);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/* Copies up to `size` bytes of the log ring starting `offset` bytes into it;
 * returns the number copied. console_log_size() is the bytes currently held. */
size_t console_log_read(size_t offset, char *buf, size_t size);
size_t console_log_size(void);
