/*
 * The virtual address map (Documentation/BootAndMemory.md draws it).
 *
 *   0x0000000000000000 .. 0x00007fffffffffff  user space (per process)
 *   0xffff800000000000 .. +physical memory    direct map of all RAM (DIRECT_MAP_BASE)
 *   0xffffc00000000000 .. +512 GiB            kernel heap and other kernel virtual memory
 *   0xffffffff80000000 .. +1 GiB              kernel image, loaded at physical 1 MiB
 *
 * Also included from assembly, so only #defines here.
 */
#pragma once

#define KERNEL_VMA 0xffffffff80000000
#define KERNEL_PHYS_BASE 0x100000
#define DIRECT_MAP_BASE 0xffff800000000000
#define KERNEL_VM_BASE 0xffffc00000000000
#define USER_TOP 0x0000800000000000
#define PAGE_SIZE 4096
