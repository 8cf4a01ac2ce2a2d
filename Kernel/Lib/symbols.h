/*
 * The kernel's own symbol table, for backtraces. The build links the kernel twice:
 * the first link's `nm` output becomes a table (Meta/ksyms.sh) linked into the second,
 * in .rodata after the code, so code addresses are the same in both links.
 */
#pragma once

#include <stdint.h>

struct ksym {
	uint64_t addr;
	const char *name;
};

/* The function containing `addr`, or NULL; *offset is addr minus its start. */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);
