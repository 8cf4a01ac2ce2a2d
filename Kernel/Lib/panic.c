/*
 * panic: the one way the kernel stops on a broken invariant or an unhandled
 * exception. It disables interrupts, prints everything that helps (message,
 * registers, CR2, a symbolised backtrace), and exits QEMU with POWER_EXIT_PANIC.
 * A nested panic (panicking while printing) skips straight to the exit.
 */
#include "Lib/panic.h"

#include <stdarg.h>
#include <stdint.h>

#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/interrupts.h"
#include "Arch/x86_64/power.h"
#include "Devices/Console/console.h"
#include "Lib/symbols.h"
#include "Memory/layout.h"

static int panicking;

static int plausible_frame(uint64_t rbp)
{
	return rbp >= DIRECT_MAP_BASE && (rbp & 7) == 0;
}

static void walk(unsigned long rip, unsigned long rbp, int first_is_return)
{
	uint64_t off;
	const char *name;

	for (int depth = 0; depth < 32; depth++) {
		/* Past frame 0, rip is a return address: it may point just past the end of
		 * a function whose last instruction is a call, so look up rip - 1. */
		int ret = depth || first_is_return;
		name = symbol_lookup(ret ? rip - 1 : rip, &off);
		if (name)
			kprintf("  #%d %016lx %s+0x%lx\n", depth, rip, name, ret ? off + 1 : off);
		else
			kprintf("  #%d %016lx ?\n", depth, rip);
		if (!plausible_frame(rbp))
			break;
		rip = ((uint64_t *)rbp)[1];
		rbp = ((uint64_t *)rbp)[0];
		if (rip == 0)
			break;
	}
}

void backtrace_print(unsigned long rip, unsigned long rbp)
{
	walk(rip, rbp, 0);
}

static _Noreturn void die(void)
{
	power_exit(POWER_EXIT_PANIC);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	uint64_t rbp;

	cpu_disable_interrupts();
	if (panicking++)
		die();
	kprintf("\nPANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\nBacktrace:\n");
	__asm__ volatile("mov %%rbp, %0" : "=r"(rbp));
	/* Frame 0 is panic's caller, named by the return address. */
	walk(((uint64_t *)rbp)[1], ((uint64_t *)rbp)[0], 1);
	die();
}

void panic_frame(const struct interrupt_frame *f, const char *what)
{
	cpu_disable_interrupts();
	if (panicking++)
		die();
	kprintf("\nPANIC: %s (vector %lu, error code 0x%lx) in %s mode\n", what, f->vector,
		f->error_code, (f->cs & 3) ? "user" : "kernel");
	kprintf("  rip %016lx  cs %04lx  rflags %016lx\n", f->rip, f->cs, f->rflags);
	kprintf("  rsp %016lx  ss %04lx  cr2 %016lx  cr3 %016lx\n", f->rsp, f->ss, read_cr2(),
		read_cr3());
	kprintf("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	kprintf("  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n", f->r9, f->r10, f->r11, f->r12);
	kprintf("  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14, f->r15);
	kprintf("Backtrace:\n");
	backtrace_print(f->rip, f->rbp);
	die();
}
