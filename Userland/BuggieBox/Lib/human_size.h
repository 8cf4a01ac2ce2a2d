/*
 * Sizes for people: "1.5K", "23M", as GNU ls -h, du -h and df -h print them.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * Writes BYTES into BUF (at least 8 bytes) in powers of 1024 with the suffixes
 * K M G T P E, rounding up as GNU does: below 10 units with one decimal ("1.1K"),
 * from 10 units on as a whole number ("11K"); below 1024 the plain number.
 * Returns BUF.
 */
char *human_size(uint64_t bytes, char *buf, size_t len);

/* Ceiling of BYTES / UNIT, the block count du and df print for a unit size. */
uint64_t human_blocks(uint64_t bytes, uint64_t unit);
