/*
 * Leaving the machine. Under QEMU the kernel writes a code to the isa-debug-exit
 * device (iobase 0xf4), which ends QEMU with status (code << 1) | 1. Meta/os and the
 * test runner (Meta/qemu-run) turn exactly POWER_EXIT_POWEROFF into success; a triple
 * fault or reset ends QEMU (with -no-reboot) with status 0, which is never success.
 */
#pragma once

#define POWER_EXIT_POWEROFF 0x31	/* QEMU status 99 */
#define POWER_EXIT_SELFTEST_PASS 0x32	/* QEMU status 101 */
#define POWER_EXIT_SELFTEST_FAIL 0x33	/* QEMU status 103 */
#define POWER_EXIT_PANIC 0x34		/* QEMU status 105 */

_Noreturn void power_exit(int code);
/* Resets the machine (keyboard controller, then a triple fault). */
_Noreturn void power_reset(void);
