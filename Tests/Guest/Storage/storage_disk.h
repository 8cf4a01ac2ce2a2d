/* The storage test disk's layout, shared by the guest suite and the host tool that
 * writes the disk (Tests/Boot/storage_disk.c): a 32-byte magic line, then every
 * byte at offset o is storage_disk_byte(o). */
#pragma once

#include <stdint.h>

#define STORAGE_DISK_MAGIC "ATOLL-STORAGE-TEST-DISK-V1......\n"
#define STORAGE_DISK_MAGIC_LEN 32

static inline uint8_t storage_disk_byte(uint64_t off)
{
	return (uint8_t)((off * 131 + (off >> 12) * 7) & 0xff);
}
