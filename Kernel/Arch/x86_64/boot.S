/*
 * The first instructions: from the boot loader's 32-bit protected mode to kmain() in
 * 64-bit long mode at the kernel's higher-half address.
 *
 * Both Multiboot headers are here. QEMU's -kernel speaks Multiboot1 and refuses ELF64,
 * so the Multiboot1 header uses the a.out kludge (bit 16): the loader copies the file
 * from this header on to the physical addresses given, which works because the linker
 * script makes the image one contiguous load segment. GRUB's multiboot2 command reads
 * the equivalent address and entry tags.
 *
 * The boot page tables map physical 0..4 GiB three times: identity (so the next
 * instruction after enabling paging still runs), at the direct map base
 * 0xffff800000000000, and the first 1 GiB at 0xffffffff80000000 where the kernel is
 * linked. Memory/paging.c replaces them with exact tables once the memory map is known.
 */
#include "Memory/layout.h"

#define PHYS(x) ((x) - KERNEL_VMA)

#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS 0x00010003 /* page-aligned modules, memory map, a.out kludge */
#define MB2_MAGIC 0xE85250D6

	.section .multiboot, "a"
	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long PHYS(mb1_header)
	.long PHYS(__image_start)
	.long PHYS(__load_end)
	.long PHYS(__bss_end)
	.long PHYS(boot_entry32)

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* address tag */
	.align 8
	.word 2, 0
	.long 24
	.long PHYS(mb2_header)
	.long PHYS(__image_start)
	.long PHYS(__load_end)
	.long PHYS(__bss_end)
	/* entry address tag */
	.align 8
	.word 3, 0
	.long 12
	.long PHYS(boot_entry32)
	/* end tag */
	.align 8
	.word 0, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.global boot_entry32
boot_entry32:
	cli
	cld
	movl %eax, PHYS(boot_magic)
	movl %ebx, PHYS(boot_info_phys)
	movl $PHYS(boot_stack_top), %esp

	/* PD entries: 2048 2 MiB pages covering 0..4 GiB. */
	movl $PHYS(boot_pd), %edi
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax			/* present, writable, 2 MiB */
	movl %eax, (%edi, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax			/* bits 32.. of (ecx << 21) */
	movl %eax, 4(%edi, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jne 1b

	/* PDPT low: 4 entries -> the 4 PDs. */
	movl $PHYS(boot_pdpt_low), %edi
	movl $PHYS(boot_pd), %eax
	orl $3, %eax
	movl %eax, 0(%edi)
	addl $4096, %eax
	movl %eax, 8(%edi)
	addl $4096, %eax
	movl %eax, 16(%edi)
	addl $4096, %eax
	movl %eax, 24(%edi)

	/* PDPT high: entry 510 -> the first PD (kernel window at -2 GiB). */
	movl $PHYS(boot_pdpt_high), %edi
	movl $PHYS(boot_pd), %eax
	orl $3, %eax
	movl %eax, 510*8(%edi)

	/* PML4: 0 and 256 -> low PDPT (identity and direct map), 511 -> high PDPT. */
	movl $PHYS(boot_pml4), %edi
	movl $PHYS(boot_pdpt_low), %eax
	orl $3, %eax
	movl %eax, 0(%edi)
	movl %eax, 256*8(%edi)
	movl $PHYS(boot_pdpt_high), %eax
	orl $3, %eax
	movl %eax, 511*8(%edi)

	movl %edi, %cr3
	movl %cr4, %eax
	orl $((1 << 5) | (1 << 9) | (1 << 10)), %eax	/* PAE, OSFXSR, OSXMMEXCPT */
	movl %eax, %cr4
	movl $0xC0000080, %ecx		/* EFER */
	rdmsr
	orl $((1 << 8) | (1 << 11) | (1 << 0)), %eax	/* LME, NXE, SCE */
	wrmsr
	movl %cr0, %eax
	andl $~((1 << 2) | (1 << 30) | (1 << 29)), %eax	/* clear EM, CD, NW */
	orl $((1 << 31) | (1 << 16) | (1 << 1) | (1 << 5)), %eax /* PG, WP, MP, NE */
	movl %eax, %cr0

	lgdt PHYS(boot_gdt_ptr)
	ljmp $0x08, $PHYS(boot_entry64)

	.code64
boot_entry64:
	movabs $higher_half, %rax
	jmp *%rax

	.section .text
higher_half:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabs $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_magic(%rip), %edi
	movl boot_info_phys(%rip), %esi
	call kmain
2:	cli
	hlt
	jmp 2b

	.section .rodata
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.section .data
	.global boot_magic, boot_info_phys
	.align 4
boot_magic:	.long 0
boot_info_phys:	.long 0

	.section .bss
	.align 4096
	.global boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
	.global boot_stack_top
boot_stack:	.skip 32768
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
