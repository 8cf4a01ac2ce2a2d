/*
 * Containers as kernel objects (Kernel/API/atoll.h): a container owns limits, and
 * every process in it — forked inside or joined later — is counted against them.
 * A process holds a reference on its container; the container goes with the last.
 */
#pragma once

#include <stdint.h>

#include "API/atoll.h"
#include "Lib/error.h"

struct container {
	int id;
	char name[ATOLL_CONTAINER_NAME_MAX];
	uint64_t max_pids, max_memory;	/* 0: unlimited */
	uint64_t pids;			/* processes charged */
	uint64_t memory;		/* bytes charged */
	int refs;
};

void container_get(struct container *c);
void container_put(struct container *c);
/* Charges one process; -EAGAIN over the limit. NULL containers are unlimited. */
int container_charge_process(struct container *c) WARN_UNUSED;
void container_uncharge_process(struct container *c);
struct vm_space;
/* Whether committing `more` bytes of writable memory in vm would pass the container's
 * memory limit (counted over all its processes' committed memory). */
int container_would_exceed_memory(struct container *c, struct vm_space *vm, uint64_t more);
