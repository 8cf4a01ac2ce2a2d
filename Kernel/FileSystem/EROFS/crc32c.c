/*
 * crc32c.c - CRC32C for the EROFS superblock checksum.
 *
 * EROFS checks one block per mount (and mkfs writes one per image), so this
 * uses a 16-entry nibble table: small, no start-up initialisation, no locking,
 * and fast enough for 4 KiB. The table holds the reflected CRC of each 4-bit
 * value under the Castagnoli polynomial 0x82F63B78.
 *
 * Contract: pure function, no state, safe from any context.
 */
#include "crc32c.h"

static const uint32_t crc32c_nibble[16] = {
	0x00000000u, 0x105EC76Fu, 0x20BD8EDEu, 0x30E349B1u,
	0x417B1DBCu, 0x5125DAD3u, 0x61C69362u, 0x7198540Du,
	0x82F63B78u, 0x92A8FC17u, 0xA24BB5A6u, 0xB21572C9u,
	0xC38D26C4u, 0xD3D3E1ABu, 0xE330A81Au, 0xF36E6F75u,
};

uint32_t erofs_crc32c(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--) {
		crc ^= *b++;
		crc = (crc >> 4) ^ crc32c_nibble[crc & 0xF];
		crc = (crc >> 4) ^ crc32c_nibble[crc & 0xF];
	}
	return crc;
}
