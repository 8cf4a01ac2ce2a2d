/*
 * Interrupts and exceptions: the IDT, the register frame every entry stub saves,
 * and the table of IRQ handlers.
 */
#pragma once

#include <stdint.h>

/* Saved by interrupts.S (general registers, vector, error code), then by the CPU. */
struct interrupt_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define IRQ_BASE 32
#define IRQ_COUNT 16

typedef void (*irq_handler_t)(struct interrupt_frame *frame);

void idt_init(void);
/* Installs `handler` for legacy IRQ `irq` (0..15) and unmasks it at the PIC. */
void irq_register(int irq, irq_handler_t handler);

/*
 * Exception fixups: code that may fault on purpose (a self-test probing a read-only
 * page, later copy_from_user) registers where execution resumes when it does.
 * While `fixup_rip` is non-zero, a page fault in kernel mode sets `fault_addr`,
 * resumes at fixup_rip, and clears it.
 */
struct fault_fixup {
	uint64_t fixup_rip;
	uint64_t fault_addr;
};
extern struct fault_fixup cpu_fixup;
