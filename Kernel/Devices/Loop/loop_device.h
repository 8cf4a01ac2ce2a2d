/* Loop devices inside the kernel (Devices/Loop): shared by loop.c and loop_control.c. */
#pragma once

#include <stdint.h>

#include "Devices/Block/block.h"
#include "Devices/Loop/loop.h"

struct file;

struct loop {
	struct block_device bd;		/* bd.private points back here */
	unsigned number;		/* [I] minor */
	struct file *backing;		/* NULL: unbound */
	uint64_t offset, sizelimit;
	uint32_t flags;			/* LO_FLAGS_* */
	uint8_t file_name[LO_NAME_SIZE];
};

/* /dev/loopN, or NULL. */
struct loop *loop_get(unsigned n);
/* Creates /dev/loopN: N, or -EEXIST / -EINVAL / -ENOMEM. */
int loop_add(unsigned n);
/* Removes an unbound, unused /dev/loopN: 0, -ENODEV or -EBUSY. */
int loop_remove(unsigned n);
/* The first unbound device's number, creating one if all are bound; or -ENOSPC. */
int loop_get_free(void);
