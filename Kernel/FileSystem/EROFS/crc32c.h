/*
 * crc32c.h - CRC32C (Castagnoli) as EROFS uses it for the superblock checksum.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * erofs_crc32c - continue a reflected CRC32C (polynomial 0x82F63B78) over
 * p[0..n). No pre- or post-inversion is applied: pass the running value in
 * crc (EROFS's superblock checksum starts at ~0 and keeps the result as is;
 * the "standard" CRC32C would be ~erofs_crc32c(~0, p, n)).
 */
uint32_t erofs_crc32c(uint32_t crc, const void *p, size_t n);
