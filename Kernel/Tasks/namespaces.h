/*
 * PID and UTS namespaces (mount namespaces live with the VFS, FileSystem/VFS/mount.c).
 *
 * A PID namespace numbers the processes born in it and in its descendants; level 0 is
 * the initial namespace. Its first process is its init (`reaper`): orphans inside are
 * reparented to it, and when it dies every process in the namespace is killed.
 * A UTS namespace holds a hostname and domain name.
 */
#pragma once

#include <stdint.h>

#include "API/linux.h"
#include "Tasks/process.h"

/* Process numbers wrap here: the largest is PID_MAX - 1 (Linux's pid_max). */
#define PID_MAX 32768

struct pid_namespace {
	int level;			/* [I] 0 = initial */
	struct pid_namespace *parent;	/* [I] */
	struct process *reaper;		/* its PID 1, once it exists */
	int last_nr;			/* last number handed out */
	int refs;
	int dying;			/* its init has exited: no new processes */
	uint64_t id;			/* [I] inode number of /proc/PID/ns/pid */
};

struct uts_namespace {
	struct linux_utsname name;
	int refs;
	uint64_t id;
};

extern struct pid_namespace pidns_initial;
extern struct uts_namespace utsns_initial;

struct pid_namespace *pidns_create(struct pid_namespace *parent);
void pidns_get(struct pid_namespace *ns);
void pidns_put(struct pid_namespace *ns);
/* A new struct pid with a number at every level from `ns` up to the initial one;
 * NULL with *err = -EAGAIN (numbers exhausted, namespace dying) or -ENOMEM. */
struct pid *pid_alloc(struct pid_namespace *ns, int *err);
void pid_free(struct pid *pid);
/* Whether `ns` is `ancestor` or one of its descendants. */
int pidns_is_descendant(const struct pid_namespace *ns, const struct pid_namespace *ancestor);

struct uts_namespace *utsns_copy(struct uts_namespace *ns);
void utsns_get(struct uts_namespace *ns);
void utsns_put(struct uts_namespace *ns);
uint64_t ns_new_id(void);
