/*
 * Time. clock_ns() is a monotonic clock in nanoseconds since the kernel started,
 * from the TSC calibrated against the PIT. The PIT also raises IRQ 0 at CLOCK_HZ;
 * each tick calls the hook the scheduler installs.
 */
#pragma once

#include <stdint.h>

#define CLOCK_HZ 250

/* Reads the TSC as the boot reference point; call first thing in kmain. */
void clock_early_init(void);
/* Calibrates the TSC and starts the periodic tick. */
void clock_init(void);
uint64_t clock_ns(void);
uint64_t clock_ticks(void);
uint64_t clock_tsc_hz(void);
void clock_set_tick_hook(void (*hook)(void));
