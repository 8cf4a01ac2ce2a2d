/*
 * The IDT, the legacy 8259 PICs, and interrupt_dispatch(), where every vector lands.
 *
 * Vectors 0-31 are CPU exceptions: a kernel-mode page fault with a registered fixup
 * resumes at the fixup (cpu_fixup); anything else unexpected in the kernel panics with
 * the registers. (Faults from user mode are the process subsystem's to turn into
 * signals.) Vectors 32-47 are IRQs 0-15, remapped there from the PICs' defaults,
 * dispatched to the handler irq_register() installed, then acknowledged.
 */
#include "Arch/x86_64/interrupts.h"

#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/gdt.h"
#include "Lib/panic.h"

struct idt_entry {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

static struct idt_entry idt[256];
static irq_handler_t irq_handlers[IRQ_COUNT];
struct fault_fixup cpu_fixup;
extern const uint64_t isr_table[48];

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization", "control protection",
};

static void set_gate(int vec, uint64_t handler, int ist, int dpl)
{
	idt[vec].offset_low = handler & 0xffff;
	idt[vec].selector = GDT_KERNEL_CODE;
	idt[vec].ist = ist;
	idt[vec].type = 0x8e | (dpl << 5);	/* present, interrupt gate */
	idt[vec].offset_mid = (handler >> 16) & 0xffff;
	idt[vec].offset_high = handler >> 32;
	idt[vec].reserved = 0;
}

static void pic_init(void)
{
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, IRQ_BASE);
	outb(0xa1, IRQ_BASE + 8);
	outb(0x21, 4);
	outb(0xa1, 2);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xfb);	/* everything masked but the cascade */
	outb(0xa1, 0xff);
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)idt };

	for (int i = 0; i < 48; i++)
		set_gate(i, isr_table[i], i == 8 ? 1 : 0, 0);
	pic_init();
	__asm__ volatile("lidt %0" ::"m"(ptr));
}

void irq_register(int irq, irq_handler_t handler)
{
	uint16_t port = irq < 8 ? 0x21 : 0xa1;

	irq_handlers[irq] = handler;
	outb(port, inb(port) & ~(1 << (irq & 7)));
}

static void handle_exception(struct interrupt_frame *frame)
{
	if (frame->vector == 14 && !(frame->cs & 3) && cpu_fixup.fixup_rip) {
		cpu_fixup.fault_addr = read_cr2();
		frame->rip = cpu_fixup.fixup_rip;
		cpu_fixup.fixup_rip = 0;
		return;
	}
	panic_frame(frame, exception_names[frame->vector] ? exception_names[frame->vector]
							  : "reserved exception");
}

static void handle_irq(struct interrupt_frame *frame)
{
	int irq = (int)frame->vector - IRQ_BASE;

	if (irq == 7 || irq == 15) {
		/* Possibly spurious: the in-service bit tells. */
		uint16_t port = irq == 7 ? 0x20 : 0xa0;
		outb(port, 0x0b);
		if (!(inb(port) & 0x80)) {
			if (irq == 15)
				outb(0x20, 0x20);
			return;
		}
	}
	if (irq >= 8)
		outb(0xa0, 0x20);
	outb(0x20, 0x20);
	if (irq_handlers[irq])
		irq_handlers[irq](frame);
}

void interrupt_dispatch(struct interrupt_frame *frame)
{
	if (frame->vector < IRQ_BASE)
		handle_exception(frame);
	else
		handle_irq(frame);
}
