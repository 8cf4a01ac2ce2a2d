/*
 * Fatal kernel errors. panic() prints the message, the caller's backtrace with
 * function names, and ends the machine with POWER_EXIT_PANIC. Use it only for broken
 * kernel invariants; bad input from disks or users gets an error code instead.
 */
#pragma once

struct interrupt_frame;

_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Panic on an exception: also prints the registers in `frame` and CR2. */
_Noreturn void panic_frame(const struct interrupt_frame *frame, const char *what);
/* Prints "  #n ADDR function+off" lines walking the frame-pointer chain from rbp. */
void backtrace_print(unsigned long rip, unsigned long rbp);

#define ASSERT(cond)                                                                 \
	do {                                                                         \
		if (!(cond))                                                         \
			panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)
