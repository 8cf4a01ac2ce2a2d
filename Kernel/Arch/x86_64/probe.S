/*
 * arch_probe_write64: a store that arms the page-fault fixup first (see
 * interrupts.h, struct fault_fixup). If the store faults, idt.c resumes at the
 * fixup label with the stack as it was, and the function returns -EFAULT.
 */
	.section .text
	.global arch_probe_write64
arch_probe_write64:
	leaq 1f(%rip), %rax
	movq %rax, cpu_fixup(%rip)
	movq %rsi, (%rdi)
	movq $0, cpu_fixup(%rip)
	xorl %eax, %eax
	ret
1:	movl $-14, %eax
	ret

	.section .note.GNU-stack, "", @progbits
