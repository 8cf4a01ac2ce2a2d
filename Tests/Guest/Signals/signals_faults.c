/*
 * signals, faults half: a faulting process gets the signal Linux sends (SIGSEGV
 * for a bad or forbidden access, SIGFPE for integer division by zero, SIGILL for
 * ud2) with the right si_code and si_addr, and dies of it when not caught; SIGPIPE
 * and EPIPE on a pipe without readers; and rt_sigreturn restoring every register
 * a handler is free to clobber (general-purpose and SSE).
 */
#define _GNU_SOURCE
#include "signals.h"

#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf fault_jump;
static siginfo_t fault_info;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_info = *si;
	siglongjmp(fault_jump, 1);
}

static void catch_fault(int sig)
{
	struct sigaction sa = { .sa_sigaction = fault_handler, .sa_flags = SA_SIGINFO | SA_NODEFER };
	sigemptyset(&sa.sa_mask);
	EXPECT_OK(sigaction(sig, &sa, NULL));
}

static void touch_low_address(void *arg)
{
	(void)arg;
	volatile int *volatile bad = (volatile int *)8;
	*bad = 1;
	_exit(0);
}

static void execute_ud2(void *arg)
{
	(void)arg;
	__asm__ volatile("ud2");
	_exit(0);
}

static void write_kernel_half(void *arg)
{
	(void)arg;
	volatile char *volatile bad = (volatile char *)0xffffffff80000000UL;
	*bad = 1;
	_exit(0);
}

void signals_sigsegv_on_bad_access(void)
{
	CHECK_SIGNALED(gt_run_child(touch_low_address, NULL), SIGSEGV);
	CHECK_SIGNALED(gt_run_child(write_kernel_half, NULL), SIGSEGV);
	CHECK_SIGNALED(gt_run_child(execute_ud2, NULL), SIGILL);
}

void signals_sigsegv_siginfo(void)
{
	catch_fault(SIGSEGV);
	volatile int *volatile bad = (volatile int *)16;
	if (sigsetjmp(fault_jump, 1) == 0)
		*bad = 1;
	CHECK_EQ(fault_info.si_signo, SIGSEGV);
	CHECK_EQ(fault_info.si_code, SEGV_MAPERR);
	CHECK_EQ((uintptr_t)fault_info.si_addr, 16);
	gt_observe("unmapped write: code=%d", fault_info.si_code);
	char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED);
	memset(&fault_info, 0, sizeof fault_info);
	if (sigsetjmp(fault_jump, 1) == 0)
		page[100] = 1;
	CHECK_EQ(fault_info.si_code, SEGV_ACCERR);
	CHECK(fault_info.si_addr == page + 100);
	gt_observe("read-only write: code=%d", fault_info.si_code);
	catch_fault(SIGILL);
	if (sigsetjmp(fault_jump, 1) == 0)
		__asm__ volatile("ud2");
	CHECK_EQ(fault_info.si_signo, SIGILL);
	CHECK_EQ(fault_info.si_code, ILL_ILLOPN);
}

static void divide_by_zero(void *arg)
{
	volatile int zero = 0, one = 1;
	*(volatile int *)arg = one / zero;
	_exit(0);
}

void signals_sigfpe_on_divide_by_zero(void)
{
	int out;
	CHECK_SIGNALED(gt_run_child(divide_by_zero, &out), SIGFPE);
	catch_fault(SIGFPE);
	volatile int zero = 0, one = 1, result = 0;
	if (sigsetjmp(fault_jump, 1) == 0)
		result = one / zero;
	(void)result;
	CHECK_EQ(fault_info.si_signo, SIGFPE);
	CHECK_EQ(fault_info.si_code, FPE_INTDIV);
	gt_observe("divide by zero: code=%d", fault_info.si_code);
}

static void write_to_closed_pipe(void *arg)
{
	int *p = arg;
	write(p[1], "x", 1);
	_exit(0);
}

void signals_sigpipe_and_epipe(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	close(p[0]); /* no reader left anywhere */
	CHECK_SIGNALED(gt_run_child(write_to_closed_pipe, p), SIGPIPE);
	signal(SIGPIPE, SIG_IGN);
	EXPECT_ERRNO(write(p[1], "x", 1), EPIPE);
}

static volatile sig_atomic_t clobbered;

/* Trashes every register the ABI lets a function clobber. */
static void clobber_handler(int sig)
{
	(void)sig;
	__asm__ volatile("mov $-1, %%rdi\n mov $-1, %%rsi\n mov $-1, %%rdx\n mov $-1, %%r8\n"
			 "mov $-1, %%r9\n mov $-1, %%r10\n mov $-1, %%r11\n"
			 "pcmpeqd %%xmm0, %%xmm0\n pcmpeqd %%xmm7, %%xmm7\n pcmpeqd %%xmm15, %%xmm15\n"
			 ::: "rdi", "rsi", "rdx", "r8", "r9", "r10", "r11", "xmm0", "xmm7", "xmm15");
	clobbered = 1;
}

void signals_sigreturn_restores_registers(void)
{
	signals_catch(SIGUSR1, clobber_handler, 0);
	uint64_t out[13];
	uint64_t pid = (uint64_t)getpid();
	/* kill(getpid(), SIGUSR1) by hand: the handler runs on the way out of the
	 * syscall, and everything except rax/rcx/r11 must come back unchanged. */
	__asm__ volatile(
		"mov $0x1111111111111111, %%r8\n mov $0x2222222222222222, %%r9\n"
		"mov $0x3333333333333333, %%r10\n mov $0x4444444444444444, %%rdx\n"
		"mov $0x5555555555555555, %%r12\n mov $0x6666666666666666, %%r13\n"
		"movq %%r8, %%xmm0\n movq %%r9, %%xmm7\n movq %%r10, %%xmm15\n"
		"mov %[pid], %%rdi\n mov $10, %%esi\n mov $62, %%eax\n syscall\n"
		"mov %%rax, 0(%%rbx)\n mov %%rdi, 8(%%rbx)\n mov %%rsi, 16(%%rbx)\n"
		"mov %%rdx, 24(%%rbx)\n mov %%r8, 32(%%rbx)\n mov %%r9, 40(%%rbx)\n"
		"mov %%r10, 48(%%rbx)\n mov %%r12, 56(%%rbx)\n mov %%r13, 64(%%rbx)\n"
		"movq %%xmm0, %%rax\n mov %%rax, 72(%%rbx)\n"
		"movq %%xmm7, %%rax\n mov %%rax, 80(%%rbx)\n"
		"movq %%xmm15, %%rax\n mov %%rax, 88(%%rbx)\n"
		:
		: "b"(out), [pid] "m"(pid)
		: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
		  "xmm0", "xmm7", "xmm15", "memory", "cc");
	CHECK_EQ(clobbered, 1);
	static const uint64_t want[] = { 0, 0, 10, 0x4444444444444444, 0x1111111111111111,
		0x2222222222222222, 0x3333333333333333, 0x5555555555555555, 0x6666666666666666,
		0x1111111111111111, 0x2222222222222222, 0x3333333333333333 };
	static const char *const names[] = { "rax", "rdi", "rsi", "rdx", "r8", "r9", "r10",
		"r12", "r13", "xmm0", "xmm7", "xmm15" };
	for (int i = 0; i < 12; i++) {
		uint64_t expect = i == 1 ? pid : want[i];
		if (out[i] != expect)
			gt_fail("%s after the handler: %#llx, expected %#llx", names[i],
				(unsigned long long)out[i], (unsigned long long)expect);
	}
}
