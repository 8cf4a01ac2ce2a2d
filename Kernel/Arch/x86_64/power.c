/*
 * power_exit: write the code to isa-debug-exit; if no such device exists (a real
 * machine, or QEMU started without it) try QEMU/Bochs ACPI poweroff ports, then halt
 * with interrupts off forever.
 */
#include "Arch/x86_64/power.h"

#include "Arch/x86_64/cpu.h"

void power_exit(int code)
{
	cpu_disable_interrupts();
	outb(0xf4, (unsigned char)code);
	if (code == POWER_EXIT_POWEROFF) {
		outw(0x604, 0x2000);	/* QEMU q35/piix4 ACPI */
		outw(0xb004, 0x2000);	/* Bochs, older QEMU */
	}
	for (;;)
		cpu_halt();
}

void power_reset(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	cpu_disable_interrupts();
	outb(0x64, 0xfe);	/* pulse the reset line */
	__asm__ volatile("lidt %0; int3" ::"m"(none));
	for (;;)
		cpu_halt();
}
