/*
 * arch_copy(dst, src, n): memcpy that may fault. The page-fault handler first tries to
 * resolve a fault on a user address (demand paging, copy-on-write); only a fault it
 * cannot resolve lands on the fixup, and the copy returns -EFAULT. Callers check that
 * the user range lies below USER_TOP before calling (Memory/usercopy.c).
 */
	.section .text
	.global arch_copy
arch_copy:
	leaq 2f(%rip), %rax
	movq %rax, cpu_fixup(%rip)
	movq %rdx, %rcx
	rep movsb
	movq $0, cpu_fixup(%rip)
	xorl %eax, %eax
	ret
2:	movq $0, cpu_fixup(%rip)
	movl $-14, %eax
	ret

	.section .note.GNU-stack, "", @progbits
