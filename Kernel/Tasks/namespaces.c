/*
 * PID and UTS namespaces: creation, reference counts, and PID numbers.
 *
 * A struct pid carries one number per level, allocated from each namespace on the
 * way up to the initial one. Numbers are handed out increasing and wrap at PID_MAX,
 * skipping numbers still in use at that level (a linear check over the live PIDs:
 * systems here hold hundreds of processes, not millions).
 */
#include "Tasks/namespaces.h"

#include "Lib/string.h"
#include "Memory/heap.h"


struct pid_namespace pidns_initial = { .level = 0, .refs = 1, .id = 0xeffffffc };
struct uts_namespace utsns_initial = {
	.name = { "Linux", "atoll", "6.1.0-atoll", "#1 Atoll 0.1", "x86_64", "(none)" },
	.refs = 1,
	.id = 0xeffffffe,
};

static struct list_node live_pids = LIST_INIT(live_pids);

struct pid_entry {
	struct pid pid;
	struct list_node link;
};

uint64_t ns_new_id(void)
{
	static uint64_t next = 0xf0000000;

	return next++;
}

struct pid_namespace *pidns_create(struct pid_namespace *parent)
{
	struct pid_namespace *ns;

	if (parent->level + 1 >= MAX_PID_LEVELS)
		return NULL;
	ns = kzalloc(sizeof(*ns));
	if (!ns)
		return NULL;
	ns->level = parent->level + 1;
	ns->parent = parent;
	ns->refs = 1;
	ns->id = ns_new_id();
	pidns_get(parent);
	return ns;
}

void pidns_get(struct pid_namespace *ns)
{
	ns->refs++;
}

void pidns_put(struct pid_namespace *ns)
{
	while (ns && ns != &pidns_initial && --ns->refs == 0) {
		struct pid_namespace *parent = ns->parent;
		kfree(ns);
		ns = parent;
	}
}

int pidns_is_descendant(const struct pid_namespace *ns, const struct pid_namespace *ancestor)
{
	for (; ns; ns = ns->parent)
		if (ns == ancestor)
			return 1;
	return 0;
}

static int nr_in_use(const struct pid_namespace *ns, int nr)
{
	list_for_each(n, &live_pids) {
		const struct pid *p = &list_entry(n, struct pid_entry, link)->pid;
		if (p->level >= ns->level && p->ns[ns->level] == ns && p->nr[ns->level] == nr)
			return 1;
	}
	return 0;
}

static int alloc_nr(struct pid_namespace *ns)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int nr = ns->last_nr + 1;
		if (nr >= PID_MAX)
			nr = ns->level == 0 ? 300 : 2;	/* like Linux: low numbers stay for early processes */
		ns->last_nr = nr;
		if (!nr_in_use(ns, nr))
			return nr;
	}
	return -EAGAIN;
}

struct pid *pid_alloc(struct pid_namespace *ns, int *err)
{
	struct pid_entry *e;

	if (ns->dying) {
		*err = -ENOMEM;	/* Linux: fork in a namespace whose init died */
		return NULL;
	}
	e = kzalloc(sizeof(*e));
	if (!e) {
		*err = -ENOMEM;
		return NULL;
	}
	e->pid.level = ns->level;
	for (struct pid_namespace *n = ns; n; n = n->parent) {
		int nr = alloc_nr(n);
		if (nr < 0) {
			for (int l = n->level + 1; l <= ns->level; l++)
				pidns_put(e->pid.ns[l]);
			kfree(e);
			*err = nr;
			return NULL;
		}
		e->pid.nr[n->level] = nr;
		e->pid.ns[n->level] = n;
		pidns_get(n);
	}
	list_append(&live_pids, &e->link);
	return &e->pid;
}

void pid_free(struct pid *pid)
{
	struct pid_entry *e = container_of(pid, struct pid_entry, pid);

	list_remove(&e->link);
	for (int i = 0; i <= pid->level; i++)
		pidns_put(pid->ns[i]);
	kfree(e);
}

int pid_nr_in(const struct pid *pid, const struct pid_namespace *ns)
{
	if (!pid || ns->level > pid->level || pid->ns[ns->level] != ns)
		return 0;
	return pid->nr[ns->level];
}

struct uts_namespace *utsns_copy(struct uts_namespace *ns)
{
	struct uts_namespace *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *ns;
	n->refs = 1;
	n->id = ns_new_id();
	return n;
}

void utsns_get(struct uts_namespace *ns)
{
	ns->refs++;
}

void utsns_put(struct uts_namespace *ns)
{
	if (ns != &utsns_initial && --ns->refs == 0)
		kfree(ns);
}
