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
#include "Memory/layout.h"
#include "Memory/vm.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

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

/* An exception in user mode becomes a signal for the thread (a fault it cannot
 * ignore); a page fault is first offered to the VM (demand paging, copy-on-write). */
static void user_exception(struct interrupt_frame *f)
{
	uint64_t cr2 = read_cr2();

	switch (f->vector) {
	case 14: {
		int err = vm_fault(curproc->vm, cr2, (f->error_code >> 1) & 1, (f->error_code >> 4) & 1);
		if (err == 0)
			return;
		if (err == -EIO) {
			signal_force_fault(SIGBUS, BUS_ADRERR, cr2);
			return;
		}
		if (err == -ENOMEM) {
			/* Out of memory: this process dies; the rest of the system goes on. */
			signal_force_fault(SIGKILL, SI_KERNEL, cr2);
			return;
		}
		signal_force_fault(SIGSEGV, err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, cr2);
		return;
	}
	case 0:
		signal_force_fault(SIGFPE, FPE_INTDIV, f->rip);
		return;
	case 6:
		signal_force_fault(SIGILL, ILL_ILLOPN, f->rip);
		return;
	case 16:
	case 19:
		signal_force_fault(SIGFPE, 0, f->rip);
		return;
	case 3:
	case 1:
		signal_force_fault(SIGTRAP, SI_KERNEL, f->rip);
		return;
	case 17:
		signal_force_fault(SIGBUS, BUS_ADRERR, cr2);
		return;
	default:
		signal_force_fault(SIGSEGV, SI_KERNEL, 0);
		return;
	}
}

static void handle_exception(struct interrupt_frame *frame)
{
	if (frame->cs & 3) {
		user_exception(frame);
		return;
	}
	/* The kernel touching user memory (copy_from_user and friends): resolve it like a
	 * user fault; only what the VM refuses goes to the fixup. */
	if (frame->vector == 14 && read_cr2() < USER_TOP && vm_active() &&
	    vm_fault(vm_active(), read_cr2(), (frame->error_code >> 1) & 1, 0) == 0)
		return;
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
	int from_user = frame->cs & 3;

	if (from_user)
		cpu0.cur_thread->frame = frame;
	if (frame->vector < IRQ_BASE)
		handle_exception(frame);
	else
		handle_irq(frame);
	if (from_user)
		return_to_user(frame);
}
