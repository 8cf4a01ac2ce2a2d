/*
 * Symbol lookup over the table Meta/ksyms.sh generates: sorted by address, so a
 * binary search finds the last symbol at or below an address.
 */
#include "Lib/symbols.h"

#include <stddef.h>

extern const struct ksym ksyms[];
extern const uint64_t ksyms_count;
extern const char __text_end[];

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
	size_t lo = 0, hi = ksyms_count;

	if (hi == 0 || addr < ksyms[0].addr || addr >= (uint64_t)__text_end)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms[lo].addr;
	return ksyms[lo].name;
}
