/*
 * Atoll's container calls (Kernel/API/atoll.h): create a container object around the
 * caller's current namespaces with limits and move the caller in; join one.
 */
#include "API/atoll.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/container.h"
#include "Tasks/process.h"

static int next_id = 1;

static struct container *find_container(int id)
{
	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p->container && p->container->id == id && p->state == PROC_ALIVE)
			return p->container;
	}
	return NULL;
}

/* Moves the calling process into c (charging it there, uncharging the old one). */
static long enter(struct container *c)
{
	struct process *p = curproc;

	if (p->container == c)
		return 0;
	TRY(container_charge_process(c));
	container_get(c);
	container_uncharge_process(p->container);
	container_put(p->container);
	p->container = c;
	return 0;
}

long sys_atoll_container_create(uint64_t uspec)
{
	struct atoll_container_spec spec;
	struct container *c;
	long err;

	if (curproc->jail)
		return -EPERM;
	if (curproc->cred.euid != 0)
		return -EPERM;
	TRY(copy_from_user(&spec, uspec, sizeof(spec)));
	if (memchr(spec.name, 0, sizeof(spec.name)) == NULL)
		return -EINVAL;
	c = kzalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->id = next_id++;
	memcpy(c->name, spec.name, sizeof(c->name));
	c->max_pids = spec.max_pids;
	c->max_memory = spec.max_memory;
	c->refs = 1;
	err = enter(c);
	container_put(c);
	return err < 0 ? err : c->id;
}

long sys_atoll_container_join(uint64_t id)
{
	struct container *c;

	if (curproc->jail || curproc->cred.euid != 0)
		return -EPERM;
	c = find_container((int)id);
	if (!c)
		return -ESRCH;
	return enter(c);
}
