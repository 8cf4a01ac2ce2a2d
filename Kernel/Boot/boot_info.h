/*
 * What the boot loader told us, copied out of its Multiboot1 or Multiboot2 structures
 * so that nothing later depends on which protocol booted the kernel or on the loader's
 * memory staying intact.
 */
#pragma once

#include <stdint.h>

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_MODULES 8

struct mem_region {
	uint64_t base, length;
	int usable;
};

struct boot_module {
	uint64_t start, end;	/* physical, end exclusive */
	char name[64];
};

struct boot_info {
	int protocol;		/* 1 or 2 */
	char cmdline[1024];
	char loader[64];
	struct mem_region regions[BOOT_MAX_REGIONS];
	int region_count;
	struct boot_module modules[BOOT_MAX_MODULES];
	int module_count;
};

/* Fills `bi` from the loader's magic and info pointer; returns 0 or -EINVAL for an
 * unknown protocol. */
int boot_info_parse(struct boot_info *bi, uint32_t magic, uint64_t info_phys);
