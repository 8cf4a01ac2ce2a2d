/*
 * Human-readable sizes. GNU's -h output rounds up (a 1025-byte file is "1.1K", never
 * "1.0K"), so a size is never shown smaller than it is; this follows that rule so the
 * applets' output compares equal with coreutils'. Arithmetic is done in tenths of a
 * unit in 64-bit integers, no floating point.
 */
#include "human_size.h"

#include <stdio.h>

uint64_t human_blocks(uint64_t bytes, uint64_t unit)
{
	return bytes / unit + (bytes % unit != 0);
}

char *human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char suffix[] = "KMGTPE";
	uint64_t unit = 1;
	int i = -1;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
		return buf;
	}
	while (i < 5 && bytes / unit >= 1024) {
		unit *= 1024;
		i++;
	}
	/* Tenths of a unit, rounded up. */
	uint64_t tenths = bytes / unit * 10 + human_blocks(bytes % unit * 10, unit);
	if (tenths < 100) {
		snprintf(buf, len, "%llu.%llu%c", (unsigned long long)(tenths / 10),
			 (unsigned long long)(tenths % 10), suffix[i]);
		return buf;
	}
	uint64_t whole = human_blocks(bytes, unit);
	if (whole >= 1024 && i < 5) {
		/* 1023.9K rounds up to 1024K: say 1.0M instead. */
		snprintf(buf, len, "1.0%c", suffix[i + 1]);
		return buf;
	}
	snprintf(buf, len, "%llu%c", (unsigned long long)whole, suffix[i]);
	return buf;
}
