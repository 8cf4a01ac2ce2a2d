/*
 * Turns on the `syscall` instruction: STAR gives the kernel and user selectors (see
 * gdt.c for why they are laid out as they are), LSTAR the entry point, SFMASK the
 * flags cleared on entry (IF, so the entry runs with interrupts off until it has a
 * stack; DF, TF, AC, NT).
 */
#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/gdt.h"

#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_SFMASK 0xC0000084

void syscall_entry(void);

void syscall_init(void)
{
	wrmsr(MSR_STAR, ((uint64_t)GDT_KERNEL_CODE << 32) | ((uint64_t)(GDT_KERNEL_DATA | 0) << 48));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, 0x47700);
}
