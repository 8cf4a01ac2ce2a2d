/*
 * Process system calls: fork/vfork/clone, execve, exit, wait4/waitid, identities
 * (PIDs as the caller's namespace numbers them, process groups and sessions, user
 * and group ids with Linux's rules), limits, and thread bookkeeping (arch_prctl,
 * set_tid_address, set_robust_list, prctl).
 */
#include "API/atoll.h"
#include "Lib/string.h"
#include "Memory/layout.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/exec.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define MSR_FS_BASE 0xC0000100

long sys_fork(void)
{
	return process_clone(SIGCHLD, 0, 0, 0, 0);
}

long sys_vfork(void)
{
	return process_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

long sys_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
	return process_clone(flags, newsp, parent_tid, child_tid, tls);
}

long sys_execve(uint64_t path, uint64_t argv, uint64_t envp)
{
	return exec_user(path, argv, envp, current->frame);
}

long sys_exit(int code)
{
	thread_exit(code & 0xff);
}

long sys_exit_group(int code)
{
	process_exit(W_EXITCODE(code & 0xff, 0));
}

long sys_wait4(int pid, uint64_t ustatus, int options, uint64_t rusage)
{
	int status = 0, idtype = P_PID, id = pid;
	long r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE | __WNOTHREAD))
		return -EINVAL;
	if (pid == -1)
		idtype = P_ALL;
	else if (pid == 0)
		idtype = P_PGID, id = process_vpid(process_find(&pidns_initial, curproc->pgid) ?: curproc);
	else if (pid < -1)
		idtype = P_PGID, id = -pid;
	r = process_wait(id, &status, options | WEXITED, NULL, idtype);
	if (r > 0 && ustatus && copy_to_user(ustatus, &status, sizeof(status)) < 0)
		return -EFAULT;
	if (r >= 0 && rusage) {
		struct linux_rusage ru = { 0 };
		if (copy_to_user(rusage, &ru, sizeof(ru)) < 0)
			return -EFAULT;
	}
	return r;
}

long sys_waitid(int idtype, int id, uint64_t uinfo, int options, uint64_t rusage)
{
	struct linux_siginfo info;
	int status;
	long r;

	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	r = process_wait(id, &status, options, &info, idtype);
	if (r < 0)
		return r;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)) < 0)
		return -EFAULT;
	return 0;
}

long sys_getpid(void) { return process_vpid(curproc); }
long sys_gettid(void) { return pid_nr_in(current->pid, current_pidns()); }

long sys_getppid(void)
{
	/* 0 when the parent lives outside our PID namespace. */
	return curproc->parent ? process_vpid(curproc->parent) : 0;
}

static struct process *find_vpid(int vpid)
{
	return vpid ? process_find(current_pidns(), vpid) : curproc;
}


static int vpid_of_global(int nr)
{
	struct process *p = process_find(&pidns_initial, nr);

	return p ? process_vpid(p) : 0;
}

long sys_getpgid(int pid)
{
	struct process *p = find_vpid(pid);

	return p ? vpid_of_global(p->pgid) : -ESRCH;
}

long sys_getpgrp(void) { return sys_getpgid(0); }

long sys_getsid(int pid)
{
	struct process *p = find_vpid(pid);

	return p ? vpid_of_global(p->sid) : -ESRCH;
}

long sys_setpgid(int pid, int pgid)
{
	struct process *p = find_vpid(pid);
	int self_global;

	if (pgid < 0)
		return -EINVAL;
	if (!p || (p != curproc && p->parent != curproc))
		return -ESRCH;
	if (p != curproc && p->did_exec)
		return -EACCES;
	self_global = process_pid_in(p, &pidns_initial);
	/* A session leader cannot move, nor a process in another session. */
	if (p->sid == self_global || p->sid != curproc->sid)
		return -EPERM;
	int target = pgid == 0 ? self_global : pgid_to_global(pgid);
	if (target < 0)
		return -EPERM;
	if (target != self_global) {
		/* Joining a group: it must exist in our session. */
		int found = 0;
		list_for_each(n, &all_processes) {
			struct process *q = list_entry(n, struct process, all_link);
			if (q->state == PROC_ALIVE && q->pgid == target && q->sid == curproc->sid)
				found = 1;
		}
		if (!found)
			return -EPERM;
	}
	p->pgid = target;
	return 0;
}

long sys_setsid(void)
{
	int self = process_pid_in(curproc, &pidns_initial);

	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		if (q->state == PROC_ALIVE && q->pgid == self)
			return -EPERM;
	}
	curproc->sid = curproc->pgid = self;
	curproc->ctty = NULL;
	return process_vpid(curproc);
}

long sys_getuid(void) { return curproc->cred.uid; }
long sys_geteuid(void) { return curproc->cred.euid; }
long sys_getgid(void) { return curproc->cred.gid; }
long sys_getegid(void) { return curproc->cred.egid; }

static int is_root(void) { return curproc->cred.euid == 0; }

long sys_setuid(uint32_t uid)
{
	struct credentials *c = &curproc->cred;

	if (is_root())
		c->uid = c->suid = uid;
	else if (uid != c->uid && uid != c->suid)
		return -EPERM;
	c->euid = c->fsuid = uid;
	return 0;
}

long sys_setgid(uint32_t gid)
{
	struct credentials *c = &curproc->cred;

	if (is_root())
		c->gid = c->sgid = gid;
	else if (gid != c->gid && gid != c->sgid)
		return -EPERM;
	c->egid = c->fsgid = gid;
	return 0;
}

static int allowed_id(uint32_t v, uint32_t a, uint32_t b, uint32_t c)
{
	return v == (uint32_t)-1 || is_root() || v == a || v == b || v == c;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
	struct credentials *c = &curproc->cred;

	if (!allowed_id(r, c->uid, c->euid, c->suid) || !allowed_id(e, c->uid, c->euid, c->suid) ||
	    !allowed_id(s, c->uid, c->euid, c->suid))
		return -EPERM;
	if (r != (uint32_t)-1)
		c->uid = r;
	if (e != (uint32_t)-1)
		c->euid = c->fsuid = e;
	if (s != (uint32_t)-1)
		c->suid = s;
	return 0;
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
	struct credentials *c = &curproc->cred;

	if (!allowed_id(r, c->gid, c->egid, c->sgid) || !allowed_id(e, c->gid, c->egid, c->sgid) ||
	    !allowed_id(s, c->gid, c->egid, c->sgid))
		return -EPERM;
	if (r != (uint32_t)-1)
		c->gid = r;
	if (e != (uint32_t)-1)
		c->egid = c->fsgid = e;
	if (s != (uint32_t)-1)
		c->sgid = s;
	return 0;
}

long sys_setreuid(uint32_t r, uint32_t e)
{
	struct credentials *c = &curproc->cred;
	uint32_t s = (r != (uint32_t)-1 || (e != (uint32_t)-1 && e != c->uid)) ? (e != (uint32_t)-1 ? e : c->euid)
									       : (uint32_t)-1;

	return sys_setresuid(r, e, s);
}

long sys_setregid(uint32_t r, uint32_t e)
{
	return sys_setresgid(r, e, (uint32_t)-1);
}

static long put_three(uint64_t a, uint64_t b, uint64_t c, uint32_t x, uint32_t y, uint32_t z)
{
	TRY(copy_to_user(a, &x, 4));
	TRY(copy_to_user(b, &y, 4));
	return copy_to_user(c, &z, 4);
}

long sys_getresuid(uint64_t r, uint64_t e, uint64_t s)
{
	return put_three(r, e, s, curproc->cred.uid, curproc->cred.euid, curproc->cred.suid);
}

long sys_getresgid(uint64_t r, uint64_t e, uint64_t s)
{
	return put_three(r, e, s, curproc->cred.gid, curproc->cred.egid, curproc->cred.sgid);
}

long sys_getgroups(int size, uint64_t ulist)
{
	struct credentials *c = &curproc->cred;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	TRY(copy_to_user(ulist, c->groups, (size_t)c->ngroups * 4));
	return c->ngroups;
}

long sys_setgroups(int size, uint64_t ulist)
{
	struct credentials *c = &curproc->cred;

	if (!is_root())
		return -EPERM;
	if (size < 0 || size > (int)ARRAY_SIZE(c->groups))
		return -EINVAL;
	TRY(copy_from_user(c->groups, ulist, (size_t)size * 4));
	c->ngroups = size;
	return 0;
}

long sys_capget(uint64_t uhdr, uint64_t udata)
{
	uint32_t hdr[2], data[6] = { 0 };

	TRY(copy_from_user(hdr, uhdr, sizeof(hdr)));
	if (hdr[0] != 0x19980330 && hdr[0] != 0x20071026 && hdr[0] != 0x20080522) {
		hdr[0] = 0x20080522;
		TRY(copy_to_user(uhdr, hdr, sizeof(hdr)));
		return udata ? -EINVAL : 0;
	}
	if (is_root()) {
		/* Root holds every capability (effective, permitted) in both words. */
		data[0] = data[1] = data[3] = data[4] = 0xffffffff;
	}
	if (!udata)
		return 0;
	return copy_to_user(udata, data, hdr[0] == 0x19980330 ? 12 : 24);
}

long sys_arch_prctl(int code, uint64_t addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		current->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(addr, &current->fs_base, sizeof(uint64_t));
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		return -EINVAL;	/* the kernel keeps GS; user GS is not supported */
	}
	return -EINVAL;
}

long sys_set_tid_address(uint64_t addr)
{
	current->clear_child_tid = addr;
	return pid_nr_in(current->pid, current_pidns());
}

long sys_set_robust_list(uint64_t head, size_t len)
{
	if (len != 24)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

static long jail_prctl(int option, uint64_t mode)
{
	struct process *p = curproc;

	if (option == ATOLL_PR_GET_JAIL)
		return p->jail;
	if (mode == ATOLL_JAIL_NONE && p->jail)
		return -EPERM;	/* a jail is never cleared */
	if (mode != ATOLL_JAIL_UNTIL_EXIT && mode != ATOLL_JAIL_UNTIL_EXEC)
		return -EINVAL;
	/* Only tighten: until-exec may become until-exit, never the other way. */
	if (p->jail == ATOLL_JAIL_UNTIL_EXIT && mode != ATOLL_JAIL_UNTIL_EXIT)
		return -EPERM;
	p->jail = (int)mode;
	return 0;
}

long sys_prctl(int option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	char name[TASK_COMM_LEN];

	switch (option) {
	case ATOLL_PR_SET_JAIL:
	case ATOLL_PR_GET_JAIL:
		return jail_prctl(option, a2);
	case PR_SET_NAME:
		if (strncpy_from_user(name, a2, sizeof(name)) < 0 && copy_from_user(name, a2, sizeof(name) - 1) < 0)
			return -EFAULT;
		name[TASK_COMM_LEN - 1] = 0;
		memcpy(curproc->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		return copy_to_user(a2, curproc->comm, TASK_COMM_LEN);
	case PR_SET_CHILD_SUBREAPER:
		curproc->child_subreaper = a2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return copy_to_user(a2, &curproc->child_subreaper, sizeof(int));
	case PR_SET_PDEATHSIG:
		if (a2 > NSIG)
			return -EINVAL;
		curproc->pdeath_signal = (int)a2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user(a2, &curproc->pdeath_signal, sizeof(int));
	case PR_SET_NO_NEW_PRIVS:
		if (a2 != 1)
			return -EINVAL;
		curproc->no_new_privs = 1;	/* sticky: kept across fork and exec */
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return curproc->no_new_privs;
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return a2 <= 1 ? 0 : -EINVAL;
	}
	return -EINVAL;
}
