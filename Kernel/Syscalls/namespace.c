/*
 * Namespaces and the jail from the syscall side: unshare(2), setns(2),
 * pivot_root(2). Creating or entering namespaces needs root and is refused to jailed
 * processes (EPERM), like every other way out of a container.
 *
 * unshare(CLONE_NEWPID) changes only where the caller's future children go: the
 * first of them becomes PID 1 of the new namespace (pid_namespaces(7)).
 * setns on a mount namespace also moves the caller's root and cwd to that namespace's
 * root, as Linux does.
 */
#include "API/atoll.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Syscalls/syscalls.h"
#include "Tasks/namespaces.h"
#include "Tasks/nsfs.h"
#include "Tasks/process.h"

#define UNSHARE_OK (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID | CLONE_FILES | CLONE_FS | CLONE_SYSVSEM)

static int may_change_namespaces(void)
{
	if (curproc->jail)
		return -EPERM;
	if (curproc->cred.euid != 0)
		return -EPERM;
	return 0;
}

static void set_root_and_cwd(struct process *p, struct mount *m)
{
	struct path to = { m, m->mnt_root };

	path_put(&p->root);
	path_put(&p->cwd);
	p->root = p->cwd = to;
	path_get(&p->root);
	path_get(&p->cwd);
}

static long unshare_mounts(struct process *p)
{
	struct mnt_namespace *ns = mntns_copy(p->mntns);
	char *cwd;
	struct path root, newcwd;

	if (!ns)
		return -ENOMEM;
	/* Root and cwd move to the copies of the mounts they were in. */
	cwd = kmalloc(PATH_MAX);
	if (!cwd || vfs_path_name(&p->cwd, &p->root, cwd, PATH_MAX) < 0) {
		kfree(cwd);
		cwd = NULL;
	}
	struct mnt_namespace *old = p->mntns;
	struct mount *root_copy = NULL;
	for (struct list_node *a = old->mounts.next, *b = ns->mounts.next; a != &old->mounts;
	     a = a->next, b = b->next)
		if (list_entry(a, struct mount, mnt_list) == p->root.mnt)
			root_copy = list_entry(b, struct mount, mnt_list);
	p->mntns = ns;
	root = (struct path){ root_copy ? root_copy : ns->root, p->root.inode };
	path_get(&root);
	path_put(&p->root);
	p->root = root;
	if (cwd && vfs_lookup_from(&p->root, cwd, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &newcwd, NULL) == 0) {
		path_put(&p->cwd);
		p->cwd = newcwd;
	} else {
		path_put(&p->cwd);
		p->cwd = p->root;
		path_get(&p->cwd);
	}
	kfree(cwd);
	mntns_put(old);
	return 0;
}

long sys_unshare(uint64_t flags)
{
	struct process *p = curproc;

	if (flags & ~(uint64_t)UNSHARE_OK)
		return -EINVAL;
	if (flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID))
		TRY(may_change_namespaces());
	if (flags & CLONE_FILES) {
		struct fdtable *t = fdtable_copy(p->fdt);
		if (!t)
			return -ENOMEM;
		fdtable_put(p->fdt);
		p->fdt = t;
	}
	if (flags & CLONE_NEWUTS) {
		struct uts_namespace *u = utsns_copy(p->utsns);
		if (!u)
			return -ENOMEM;
		utsns_put(p->utsns);
		p->utsns = u;
	}
	if (flags & CLONE_NEWPID) {
		struct pid_namespace *ns = pidns_create(p->pidns_children);
		if (!ns)
			return -ENOMEM;
		pidns_put(p->pidns_children);
		p->pidns_children = ns;
	}
	if (flags & CLONE_NEWNS)
		TRY(unshare_mounts(p));
	return 0;
}

long sys_setns(int fd, int nstype)
{
	struct file *f = fd_get(fd);
	struct process *p = curproc;
	void *ns;
	int type;
	long err;

	if (!f)
		return -EBADF;
	err = may_change_namespaces();
	if (!err)
		err = nsfs_identify(f, &type, &ns);
	if (!err && nstype) {
		int want = type == NS_MNT ? CLONE_NEWNS : type == NS_PID ? CLONE_NEWPID : CLONE_NEWUTS;
		if (nstype != want)
			err = -EINVAL;
	}
	if (!err) {
		switch (type) {
		case NS_MNT: {
			struct mnt_namespace *m = ns;
			mntns_get(m);
			mntns_put(p->mntns);
			p->mntns = m;
			set_root_and_cwd(p, m->root);
			break;
		}
		case NS_PID: {
			struct pid_namespace *n = ns;
			/* Only the caller's own namespace or one below it (pid_namespaces(7)). */
			if (!pidns_is_descendant(n, process_pidns(p))) {
				err = -EINVAL;
				break;
			}
			pidns_get(n);
			pidns_put(p->pidns_children);
			p->pidns_children = n;
			break;
		}
		default:
			utsns_get(ns);
			utsns_put(p->utsns);
			p->utsns = ns;
		}
	}
	file_put(f);
	return err;
}

long sys_pivot_root(uint64_t unew, uint64_t uold)
{
	char *buf = kmalloc(PATH_MAX);
	struct path nr, po;
	long err;

	if (!buf)
		return -ENOMEM;
	err = may_change_namespaces();
	if (!err && (err = user_path(unew, buf)) >= 0)
		err = vfs_lookup(AT_FDCWD, buf, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &nr, NULL);
	if (err < 0) {
		kfree(buf);
		return err;
	}
	if ((err = user_path(uold, buf)) >= 0)
		err = vfs_lookup(AT_FDCWD, buf, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &po, NULL);
	kfree(buf);
	if (err < 0) {
		path_put(&nr);
		return err;
	}
	vfs_follow_mounts(&nr);
	if (curproc->root.mnt != curproc->mntns->root || !inode_same(curproc->root.inode, curproc->mntns->root->mnt_root))
		err = -EINVAL;	/* the caller's root must be its namespace's root */
	else
		err = vfs_pivot_root(curproc->mntns, &nr, &po);
	path_put(&nr);
	path_put(&po);
	return err;
}

/* Calls that a jailed process must never make: refused with EPERM there; Atoll does
 * not implement them at all, so elsewhere they are ENOSYS. */
static long jailed_or_nosys(void)
{
	return curproc->jail ? -EPERM : -ENOSYS;
}

long sys_ptrace(void) { return jailed_or_nosys(); }
long sys_init_module(void) { return jailed_or_nosys(); }
long sys_finit_module(void) { return jailed_or_nosys(); }
long sys_delete_module(void) { return jailed_or_nosys(); }
