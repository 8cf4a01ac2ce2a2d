/* RAM disks: a block device over a range of kernel memory (Devices/Block/ramdisk.c). */
#pragma once

#include <stddef.h>

#include "Devices/Block/block.h"

/* Fills bd as a RAM disk over [data, data + len): its size is len rounded up to
 * 512 bytes, the rounding reading as zeros. Does not register it. */
void ramdisk_init_device(struct block_device *bd, const char *name, uint64_t rdev, void *data, size_t len,
			 int read_only);
