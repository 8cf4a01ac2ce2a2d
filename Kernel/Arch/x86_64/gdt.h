/* Segment selectors and the TSS kernel stack (see gdt.c for why this layout). */
#pragma once

#include <stdint.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA 0x1b
#define GDT_USER_CODE 0x23
#define GDT_TSS 0x28

void gdt_init(void);
/* Enables the syscall instruction (syscall_msr.c). */
void syscall_init(void);
/* The stack the CPU switches to on an interrupt or exception from ring 3. */
void gdt_set_kernel_stack(uint64_t rsp0);
