/*
 * Container objects: reference counting and the process limit. (Creating and joining
 * containers is in Syscalls/container.c; memory limits are charged by the VM.)
 */
#include "Tasks/container.h"

#include "Memory/heap.h"
#include "Memory/vm.h"
#include "Tasks/process.h"

void container_get(struct container *c)
{
	if (c)
		c->refs++;
}

void container_put(struct container *c)
{
	if (c && --c->refs == 0)
		kfree(c);
}

int container_charge_process(struct container *c)
{
	if (!c)
		return 0;
	if (c->max_pids && c->pids >= c->max_pids)
		return -EAGAIN;
	c->pids++;
	return 0;
}

void container_uncharge_process(struct container *c)
{
	if (c && c->pids)
		c->pids--;
}

int container_would_exceed_memory(struct container *c, struct vm_space *vm, uint64_t more)
{
	uint64_t total = more;

	if (!c || !c->max_memory)
		return 0;
	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p->container == c && p->vm && p->state == PROC_ALIVE)
			total += p->vm->committed;
	}
	return total > c->max_memory;
}
