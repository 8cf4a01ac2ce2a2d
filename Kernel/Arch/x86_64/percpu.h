/*
 * Per-CPU state, in one struct so that SMP can later give each CPU its own (reached
 * through GS). With one CPU it is a global the assembly entry paths address directly;
 * the offsets below are used by syscall.S and must match the struct.
 */
#pragma once

#define PERCPU_KERNEL_RSP 0
#define PERCPU_USER_RSP 8

#ifndef __ASSEMBLER__
#include <stdint.h>

struct thread;

struct percpu {
	uint64_t kernel_rsp;		/* 0: top of the running thread's kernel stack */
	uint64_t user_rsp;		/* 8: scratch for the syscall entry */
	struct thread *cur_thread;	/* 16 */
	struct thread *idle;		/* 24 */
	int need_resched;		/* 32 */
};

extern struct percpu cpu0;
#endif
