/*
 * The `syscall` entry. The CPU left the user rip in rcx and rflags in r11 and cleared
 * IF (SFMASK). We switch to the thread's kernel stack and build the same struct
 * interrupt_frame an interrupt would (vector SYSCALL_VECTOR), so fork, signals and
 * exec treat both alike; the return goes through interrupt_exit and iretq, which also
 * copes with any rip/rsp the kernel put in the frame.
 */
#include "Arch/x86_64/frame.inc"
#include "Arch/x86_64/percpu.h"

	.section .text
	.global syscall_entry
syscall_entry:
	movq %rsp, cpu0+PERCPU_USER_RSP(%rip)
	movq cpu0+PERCPU_KERNEL_RSP(%rip), %rsp
	pushq $0x1b			/* ss */
	pushq cpu0+PERCPU_USER_RSP(%rip)	/* rsp */
	pushq %r11			/* rflags */
	pushq $0x23			/* cs */
	pushq %rcx			/* rip */
	pushq $0			/* error code */
	pushq $0x80			/* vector: SYSCALL_VECTOR */
	PUSH_GENERAL_REGS
	cld
	movq %rsp, %rdi
	call syscall_dispatch
	jmp interrupt_exit

	.section .note.GNU-stack, "", @progbits
