/*
 * POSIX cksum's CRC (see the cksum page of POSIX.1): the message bits, most
 * significant bit of each byte first, followed by the message length in bytes as
 * the fewest octets that hold it, least significant first, divided by the
 * polynomial 0x04C11DB7; the remainder is complemented. Computed a byte at a time
 * with a 256-entry table, filled on first use; it depends only on the polynomial,
 * so filling it again is harmless.
 */
#include "crc_posix.h"

static uint32_t table[256];

static void build_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t r = i << 24;
		for (int k = 0; k < 8; k++)
			r = r & 0x80000000u ? (r << 1) ^ 0x04C11DB7u : r << 1;
		table[i] = r;
	}
}

static uint32_t step(uint32_t crc, uint8_t byte)
{
	return (crc << 8) ^ table[(crc >> 24) ^ byte];
}

void crc_posix_init(struct crc_posix *c)
{
	if (table[1] == 0)
		build_table();
	c->crc = 0;
	c->len = 0;
}

void crc_posix_update(struct crc_posix *c, const void *data, size_t n)
{
	const uint8_t *p = data;

	c->len += n;
	for (size_t i = 0; i < n; i++)
		c->crc = step(c->crc, p[i]);
}

uint32_t crc_posix_final(struct crc_posix *c)
{
	for (uint64_t len = c->len; len > 0; len >>= 8)
		c->crc = step(c->crc, (uint8_t)len);
	return ~c->crc;
}
