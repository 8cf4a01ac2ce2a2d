/*
 * The CRC that POSIX cksum prints: CRC-32 with polynomial 0x04C11DB7, bits taken
 * most significant first, the length appended, the result complemented.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct crc_posix {
	uint32_t crc;
	uint64_t len;
};

void crc_posix_init(struct crc_posix *c);
void crc_posix_update(struct crc_posix *c, const void *data, size_t n);
/* Folds in the length and returns the final checksum. */
uint32_t crc_posix_final(struct crc_posix *c);
