/*
 * The GDT and the TSS. Selector layout is fixed by what `syscall`/`sysret` require
 * (STAR): kernel code 0x08, kernel data 0x10, then user data 0x1b and user code 0x23
 * in that order. The TSS gives the CPU a kernel stack for traps from ring 3 (rsp0)
 * and a separate stack for double faults (IST1), so a kernel stack overflow still
 * reaches panic() instead of triple-faulting.
 */
#include "Arch/x86_64/gdt.h"

#include "Lib/string.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static uint64_t gdt[7];
static struct tss tss;
static uint8_t double_fault_stack[16384] __attribute__((aligned(16)));

struct gdt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void load_gdt(void)
{
	struct gdt_pointer ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "pushq $0x08\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw $0x10, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "movw $0x28, %%ax\n\t"
			 "ltr %%ax"
			 :
			 : "m"(ptr)
			 : "rax", "memory");
}

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffff;	/* kernel code */
	gdt[2] = 0x00cf92000000ffff;	/* kernel data */
	gdt[3] = 0x00cff2000000ffff;	/* user data (0x18 | 3) */
	gdt[4] = 0x00affa000000ffff;	/* user code (0x20 | 3) */
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
	memset(&tss, 0, sizeof(tss));
	tss.iomap_base = sizeof(tss);
	tss.ist[0] = (uint64_t)double_fault_stack + sizeof(double_fault_stack);
	load_gdt();
}

void gdt_set_kernel_stack(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}
