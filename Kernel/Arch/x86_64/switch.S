/*
 * Thread switching and the first return of new threads.
 *
 * arch_switch(uint64_t *save_rsp, uint64_t new_rsp) pushes the callee-saved registers,
 * stores the stack pointer, loads the other thread's, pops its registers and returns
 * into wherever that thread called arch_switch (or into a trampoline below, for a
 * thread that has never run: thread.c builds that first stack by hand).
 */
	.section .text
	.global arch_switch
arch_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* A new user thread: %rsp points at its struct interrupt_frame. */
	.global arch_user_thread_start
arch_user_thread_start:
	movq %rsp, %rdi
	call thread_first_return
	jmp interrupt_exit

/* A new kernel thread: r12 = function, r13 = argument. */
	.global arch_kernel_thread_start
arch_kernel_thread_start:
	movq %r13, %rdi
	call *%r12
	ud2

/* Leaves the kernel to user mode through the frame at `frame` (never returns). */
	.global arch_enter_user
arch_enter_user:
	movq %rdi, %rsp
	jmp arch_user_thread_start

	.section .note.GNU-stack, "", @progbits
