/*
 * The process tree: creation (fork, vfork, clone for threads and processes), exit,
 * zombies and wait, orphans, and the first process.
 *
 * Exit has two halves. process_exit() marks the process as exiting and wakes its
 * other threads, which leave at their next return to user mode or wake-up; each
 * thread runs thread_exit(). The last one out tears the process down: fds, address
 * space, paths and namespaces go, children are handed to the namespace's init, and
 * the process becomes a zombie holding only its PID and exit status until its parent
 * waits for it (or at once, when the parent ignores SIGCHLD).
 *
 * When the init of a PID namespace dies, every process in that namespace is killed
 * and the namespace takes no new processes (pid_namespaces(7)).
 */
#include "API/atoll.h"
#include "Devices/Timer/clock.h"
#include "Devices/TTY/tty.h"
#include "FileSystem/VFS/lock.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Memory/vm.h"
#include "Tasks/container.h"
#include "Tasks/futex.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

struct list_node all_processes = LIST_INIT(all_processes);
static int nprocesses;

_Noreturn void thread_die(void);

void process_register(struct process *p)
{
	list_append(&all_processes, &p->all_link);
	nprocesses++;
}

int processes_count(void)
{
	return nprocesses;
}

struct pid_namespace *process_pidns(const struct process *p)
{
	return p->pid->ns[p->pid->level];
}

struct pid_namespace *current_pidns(void)
{
	return process_pidns(curproc);
}

int process_pid_in(const struct process *p, const struct pid_namespace *ns)
{
	return pid_nr_in(p->pid, ns);
}

int process_vpid(const struct process *p)
{
	return process_pid_in(p, current_pidns());
}

int pgid_to_global(int vpgid)
{
	struct process *leader;

	if (current_pidns() == &pidns_initial)
		return vpgid;
	leader = process_find(current_pidns(), vpgid);
	return leader ? process_pid_in(leader, &pidns_initial) : -1;
}

struct process *process_find(struct pid_namespace *ns, int nr)
{
	if (nr <= 0)
		return NULL;
	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p->state != PROC_REAPED && pid_nr_in(p->pid, ns) == nr)
			return p;
	}
	return NULL;
}

static int clone_flags_valid(uint64_t flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return 0;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return 0;
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return 0;
	if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS)))
		return 0;
	return 1;
}

static struct sighand *sighand_copy(struct sighand *src)
{
	struct sighand *s = kmalloc(sizeof(*s));

	if (s) {
		*s = *src;
		s->refs = 1;
	}
	return s;
}

static void sighand_put(struct sighand *s)
{
	if (s && --s->refs == 0)
		kfree(s);
}

/* The new process's namespaces per the CLONE_NEW* flags; 0 or -E. */
static int clone_namespaces(struct process *c, struct process *parent, uint64_t flags)
{
	c->pidns_children = parent->pidns_children;
	pidns_get(c->pidns_children);
	if (flags & CLONE_NEWNS) {
		c->mntns = mntns_copy(parent->mntns);
		if (!c->mntns)
			return -ENOMEM;
	} else {
		c->mntns = parent->mntns;
		mntns_get(c->mntns);
	}
	if (flags & CLONE_NEWUTS) {
		c->utsns = utsns_copy(parent->utsns);
		if (!c->utsns)
			return -ENOMEM;
	} else {
		c->utsns = parent->utsns;
		utsns_get(c->utsns);
	}
	return 0;
}

static void release_namespaces(struct process *p)
{
	if (p->mntns)
		mntns_put(p->mntns);
	if (p->utsns)
		utsns_put(p->utsns);
	if (p->pidns_children)
		pidns_put(p->pidns_children);
	p->mntns = NULL;
	p->utsns = NULL;
	p->pidns_children = NULL;
}

/* Everything a new process copies or shares from its parent, minus its PID and thread. */
static int clone_resources(struct process *c, struct process *parent, uint64_t flags)
{
	c->cred = parent->cred;
	c->umask = parent->umask;
	c->jail = parent->jail;
	c->no_new_privs = parent->no_new_privs;
	c->pgid = parent->pgid;
	c->sid = parent->sid;
	c->ctty = parent->ctty;
	memcpy(c->rlimits, parent->rlimits, sizeof(c->rlimits));
	memcpy(c->comm, parent->comm, sizeof(c->comm));
	if (parent->cmdline) {
		c->cmdline = kmalloc(parent->cmdline_len);
		if (!c->cmdline)
			return -ENOMEM;
		memcpy(c->cmdline, parent->cmdline, parent->cmdline_len);
		c->cmdline_len = parent->cmdline_len;
	}
	c->root = parent->root;
	c->cwd = parent->cwd;
	c->exe = parent->exe;
	path_get(&c->root);
	path_get(&c->cwd);
	if (c->exe.inode)
		path_get(&c->exe);
	c->exe_name = kstrdup(parent->exe_name);
	if (flags & CLONE_VM) {
		c->vm = parent->vm;
		vm_get(c->vm);
	} else if (!(c->vm = vm_clone(parent->vm))) {
		return -ENOMEM;
	}
	if (flags & CLONE_FILES) {
		c->fdt = parent->fdt;
		c->fdt->refs++;
	} else if (!(c->fdt = fdtable_copy(parent->fdt))) {
		return -ENOMEM;
	}
	if (flags & CLONE_SIGHAND) {
		c->sighand = parent->sighand;
		c->sighand->refs++;
	} else if (!(c->sighand = sighand_copy(parent->sighand))) {
		return -ENOMEM;
	}
	return clone_namespaces(c, parent, flags);
}

/* Drops what clone_resources and exit hold; safe on a half-built process. */
static void release_resources(struct process *p)
{
	lock_release_process(p);
	if (p->fdt)
		fdtable_put(p->fdt);
	p->fdt = NULL;
	if (p->vm)
		vm_put(p->vm);
	p->vm = NULL;
	if (p->root.inode)
		path_put(&p->root);
	if (p->cwd.inode)
		path_put(&p->cwd);
	if (p->exe.inode)
		path_put(&p->exe);
	p->root.inode = p->cwd.inode = p->exe.inode = NULL;
	sighand_put(p->sighand);
	p->sighand = NULL;
	release_namespaces(p);
}

struct process *process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	list_init(&p->children);
	list_init(&p->threads);
	list_init(&p->sibling_link);
	list_init(&p->timer_link);
	waitq_init(&p->child_wait);
	waitq_init(&p->threads_gone);
	p->start_ns = clock_ns();
	return p;
}

/* The thread half of clone: a new thread running a copy of the caller's registers. */
static struct thread *clone_thread(struct process *p, struct pid *pid, uint64_t flags, uint64_t newsp,
				   uint64_t child_tid, uint64_t tls)
{
	struct thread *t = thread_create(p);
	struct interrupt_frame frame = *current->frame;

	if (!t)
		return NULL;
	t->pid = pid;
	frame.rax = 0;
	if (newsp)
		frame.rsp = newsp;
	t->fs_base = (flags & CLONE_SETTLS) ? tls : current->fs_base;
	t->sig_blocked = current->sig_blocked;
	memcpy(t->fpu, current->fpu, sizeof(t->fpu));
	__asm__ volatile("fxsave %0" : "=m"(t->fpu));
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = child_tid;
	if (flags & CLONE_CHILD_SETTID)
		t->set_child_tid = child_tid;
	thread_setup_user(t, &frame);
	list_append(&p->threads, &t->proc_link);
	p->nthreads++;
	return t;
}

static long clone_new_thread(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
	struct process *p = curproc;
	struct thread *t;
	struct pid *pid;
	int err, tid;

	pid = pid_alloc(process_pidns(p), &err);
	if (!pid)
		return err;
	t = clone_thread(p, pid, flags, newsp, child_tid, tls);
	if (!t) {
		pid_free(pid);
		return -ENOMEM;
	}
	tid = pid_nr_in(pid, current_pidns());
	if ((flags & CLONE_PARENT_SETTID) && copy_to_user(parent_tid, &tid, sizeof(tid)) < 0) {
		/* Linux ignores this failure too; the thread runs regardless. */
	}
	sched_wake(t);
	return tid;
}

/* A new process as a child of `parent`, with its first thread; waits for vfork. */
static long clone_new_process(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
	struct process *self = curproc, *parent = (flags & CLONE_PARENT) ? self->parent : self;
	struct pid_namespace *ns = self->pidns_children, *newns = NULL;
	struct process *c;
	struct thread *t;
	int err = -ENOMEM, vpid;

	if (!parent)
		return -EINVAL;
	if (nprocesses >= MAX_PROCESSES)
		return -EAGAIN;
	if (!(flags & CLONE_VM) && container_would_exceed_memory(self->container, NULL, self->vm->committed))
		return -ENOMEM;
	TRY(container_charge_process(self->container));
	c = process_alloc();
	if (!c)
		goto fail_charge;
	if (flags & CLONE_NEWPID) {
		newns = ns = pidns_create(ns);
		if (!ns)
			goto fail_proc;
	}
	c->pid = pid_alloc(ns, &err);
	if (!c->pid)
		goto fail_proc;
	err = clone_resources(c, self, flags);
	if (err)
		goto fail_resources;
	if (newns) {
		pidns_put(c->pidns_children);
		c->pidns_children = newns;
		newns = NULL;
	}
	c->exit_signal = flags & CSIGNAL;
	t = clone_thread(c, c->pid, flags, newsp, child_tid, tls);
	if (!t) {
		err = -ENOMEM;
		goto fail_resources;
	}
	/* The first process of a namespace (clone or unshare CLONE_NEWPID) is its init. */
	if (!ns->reaper && !ns->dying)
		ns->reaper = c;
	c->container = self->container;
	container_get(c->container);
	c->parent = parent;
	list_append(&parent->children, &c->sibling_link);
	process_register(c);
	vpid = pid_nr_in(c->pid, current_pidns());
	if ((flags & CLONE_PARENT_SETTID) && copy_to_user(parent_tid, &vpid, sizeof(vpid)) < 0) {
		/* Linux ignores a bad address here too: the child exists regardless. */
	}
	if (flags & CLONE_VFORK)
		c->vfork_parent = current;
	sched_wake(t);
	if (flags & CLONE_VFORK) {
		/* Uninterruptible, as in Linux: the child shares our memory until it execs. */
		WAIT_EVENT(&current->vfork_wait, current->vfork_done, 0, 0);
		current->vfork_done = 0;
	}
	return vpid;
fail_resources:
	release_resources(c);
	kfree(c->cmdline);
	kfree(c->exe_name);
	if (c->pid)
		pid_free(c->pid);
fail_proc:
	if (newns)
		pidns_put(newns);
	kfree(c);
fail_charge:
	container_uncharge_process(self->container);
	return err;
}

long process_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls)
{
	if (!clone_flags_valid(flags))
		return -EINVAL;
	if ((flags & (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC |
		      CLONE_NEWCGROUP)) && curproc->jail)
		return -EPERM;
	if (flags & (CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWCGROUP))
		return -EINVAL;
	if (flags & CLONE_THREAD)
		return clone_new_thread(flags, newsp, parent_tid, child_tid, tls);
	return clone_new_process(flags, newsp, parent_tid, child_tid, tls);
}

/* Orphans go to the init of their PID namespace (or, if that is the one dying, to
 * the nearest ancestor namespace's init). */
static void reparent_children(struct process *p)
{
	struct pid_namespace *ns = process_pidns(p);
	struct process *reaper = ns->reaper;

	/* The nearest living ancestor that asked to be a subreaper, inside the namespace. */
	for (struct process *a = p->parent; a && a != ns->reaper; a = a->parent) {
		if (a->child_subreaper && a->state == PROC_ALIVE && process_pidns(a) == ns) {
			reaper = a;
			break;
		}
	}
	while (reaper == p || !reaper || reaper->state != PROC_ALIVE) {
		ns = ns->parent;
		reaper = ns ? ns->reaper : NULL;
		if (!ns)
			break;
	}
	list_for_each_safe(n, &p->children) {
		struct process *c = list_entry(n, struct process, sibling_link);
		list_remove(&c->sibling_link);
		c->parent = reaper;
		if (c->pdeath_signal && c->state == PROC_ALIVE)
			signal_send(c, c->pdeath_signal, NULL);
		if (reaper) {
			list_append(&reaper->children, &c->sibling_link);
			if (c->state == PROC_ZOMBIE)
				waitq_wake_all(&reaper->child_wait);
		}
	}
}

/* pid_namespaces(7): the namespace's init died, so everyone in it dies. */
static void kill_namespace(struct pid_namespace *ns)
{
	ns->dying = 1;
	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		if (q->state == PROC_ALIVE && q->pid->level >= ns->level && q->pid->ns[ns->level] == ns)
			signal_send(q, SIGKILL, NULL);
	}
}

static int parent_autoreaps(struct process *parent)
{
	struct linux_sigaction *sa = &parent->sighand->action[SIGCHLD - 1];

	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

static void notify_parent(struct process *p)
{
	struct process *parent = p->parent;
	struct linux_siginfo info = { 0 };

	if (!parent)
		return;
	if (p->exit_signal) {
		info.si_signo = p->exit_signal;
		info.si_code = (p->exit_code & 0x7f) ? CLD_KILLED : CLD_EXITED;
		info.kill.pid = process_pid_in(p, process_pidns(parent));
		info.kill.uid = p->cred.uid;
		info.kill.status = (p->exit_code & 0x7f) ? (p->exit_code & 0x7f) : (p->exit_code >> 8) & 0xff;
		signal_send(parent, p->exit_signal, &info);
	}
	waitq_wake_all(&parent->child_wait);
}

/* A session leader leaving: its terminal's foreground group gets SIGHUP and SIGCONT
 * and the terminal belongs to no session any more (Linux's disassociate_ctty). */
static void disassociate_ctty(struct process *p)
{
	struct tty *t = p->ctty;

	if (!t || p->sid != process_pid_in(p, &pidns_initial) || t->session != p->sid)
		return;
	if (t->pgrp) {
		signal_send_pgrp(t->pgrp, SIGHUP, NULL);
		signal_send_pgrp(t->pgrp, SIGCONT, NULL);
	}
	t->session = 0;
	t->pgrp = 0;
	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		if (q->sid == p->sid && q->ctty == t)
			q->ctty = NULL;
	}
}

/* The last thread is gone: become a zombie (or disappear, for an autoreaping parent). */
static void process_teardown(struct process *p)
{
	struct pid_namespace *ns = process_pidns(p);

	if (p == pidns_initial.reaper)
		panic("init (PID 1) exited with wait status 0x%x", p->exit_code);
	disassociate_ctty(p);
	signal_cancel_timers(p);
	release_resources(p);
	if (ns->reaper == p)
		kill_namespace(ns);
	reparent_children(p);
	if (p->vfork_parent) {
		p->vfork_parent->vfork_done = 1;
		waitq_wake_all(&p->vfork_parent->vfork_wait);
		p->vfork_parent = NULL;
	}
	container_uncharge_process(p->container);
	p->state = PROC_ZOMBIE;
	if (p->parent && parent_autoreaps(p->parent)) {
		p->state = PROC_REAPED;
		waitq_wake_all(&p->parent->child_wait);
		return;
	}
	notify_parent(p);
}

static void clear_child_tid(struct thread *t)
{
	int zero = 0;

	if (t->clear_child_tid && copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake_address(t->proc->vm, t->clear_child_tid, 1);
}

uint64_t process_cpu_ns(const struct process *p)
{
	uint64_t ns = p->exited_cpu_ns;

	if (p == curproc)
		sched_charge_current();
	list_for_each(n, &p->threads)
		ns += list_entry(n, struct thread, proc_link)->cpu_ns;
	return ns;
}

void thread_exit(int code)
{
	struct process *p = curproc;

	if (!p->exiting && p->nthreads == 1)
		p->exit_code = W_EXITCODE(code, 0);
	clear_child_tid(current);
	list_remove(&current->proc_link);
	sched_charge_current();
	p->exited_cpu_ns += current->cpu_ns;
	if (p->exec_survivor)
		waitq_wake_all(&p->threads_gone);
	if (--p->nthreads == 0) {
		process_teardown(p);
		if (p->state == PROC_REAPED)
			process_free(p);
	}
	thread_die();
}

void process_exit(int wait_status)
{
	struct process *p = curproc;

	if (!p->exiting) {
		p->exiting = 1;
		p->exit_code = wait_status;
		list_for_each(n, &p->threads) {
			struct thread *t = list_entry(n, struct thread, proc_link);
			if (t != current && t->state == THREAD_SLEEPING && t->sleep_interruptible)
				sched_wake(t);
			if (t->state == THREAD_STOPPED) {
				t->state = THREAD_SLEEPING;
				sched_wake(t);
			}
		}
	}
	thread_exit(0);
}

/* Wakes every other thread of the process so it exits (it sees exec_survivor at its
 * next wake-up or return to user mode), and waits until they have. Uninterruptible:
 * the exec is committed. */
static void kill_other_threads(struct process *p)
{
	if (p->nthreads == 1)
		return;
	p->exec_survivor = current;
	list_for_each(n, &p->threads) {
		struct thread *t = list_entry(n, struct thread, proc_link);
		if (t == current)
			continue;
		if (t->state == THREAD_STOPPED)
			t->state = THREAD_SLEEPING;
		if (t->state == THREAD_SLEEPING)
			sched_wake(t);
	}
	WAIT_EVENT(&p->threads_gone, p->nthreads == 1, 0, 0);
	p->exec_survivor = NULL;
}

int process_de_thread(void)
{
	struct process *p = curproc;

	/* Two threads exec'ing at once: the first one to get here wins; the other is
	 * being ended by it and leaves with EINTR (it exits on the way to user mode). */
	if (p->exec_survivor && p->exec_survivor != current)
		return -EINTR;
	kill_other_threads(p);
	/* A dead leader never freed the PID (thread_free keeps p->pid); the caller's own
	 * TID is freed now, so it no longer names anything. */
	if (current->pid != p->pid) {
		pid_free(current->pid);
		current->pid = p->pid;
	}
	clear_child_tid(current);
	current->clear_child_tid = 0;
	current->robust_list = 0;
	return 0;
}

void process_free(struct process *p)
{
	for (int l = 0; l <= p->pid->level; l++)
		if (p->pid->ns[l]->reaper == p)
			p->pid->ns[l]->reaper = NULL;
	if (list_linked(&p->sibling_link))
		list_remove(&p->sibling_link);
	list_remove(&p->all_link);
	nprocesses--;
	container_put(p->container);
	kfree(p->cmdline);
	kfree(p->exe_name);
	pid_free(p->pid);
	kfree(p);
}

/* Whether child c is selected by the waitpid-style `pid` of the caller. */
static int wait_selects(struct process *c, int idtype, int id)
{
	struct pid_namespace *ns = current_pidns();

	switch (idtype) {
	case P_ALL:
		return 1;
	case P_PID:
		return process_pid_in(c, ns) == id;
	case P_PGID:
		return c->pgid && c->pgid == pgid_to_global(id);
	}
	return 0;
}

/* One pass over the children; returns a PID, 0 (nothing yet), or -ECHILD. */
static long wait_scan(int idtype, int id, int options, int *status, struct linux_siginfo *info)
{
	struct process *self = curproc;
	int any = 0;

	list_for_each_safe(n, &self->children) {
		struct process *c = list_entry(n, struct process, sibling_link);
		if (!wait_selects(c, idtype, id))
			continue;
		any = 1;
		int vpid = process_vpid(c);
		if (c->state == PROC_ZOMBIE && (options & WEXITED)) {
			*status = c->exit_code;
			if (info) {
				info->si_signo = SIGCHLD;
				info->si_code = (c->exit_code & 0x7f) ? CLD_KILLED : CLD_EXITED;
				info->kill.pid = vpid;
				info->kill.uid = c->cred.uid;
				info->kill.status = (c->exit_code & 0x7f) ? c->exit_code & 0x7f : (c->exit_code >> 8) & 0xff;
			}
			if (!(options & WNOWAIT)) {
				self->children_cpu_ns += process_cpu_ns(c) + c->children_cpu_ns;
				process_free(c);
			}
			return vpid;
		}
		if (c->state == PROC_ALIVE && c->stop_report) {
			int want = (c->stop_report == 1 && (options & WUNTRACED)) ||
				   (c->stop_report == 2 && (options & WCONTINUED));
			if (!want)
				continue;
			*status = c->stop_report == 1 ? W_STOPCODE(c->stop_signal) : W_CONTINUED;
			if (info) {
				info->si_signo = SIGCHLD;
				info->si_code = c->stop_report == 1 ? CLD_STOPPED : CLD_CONTINUED;
				info->kill.pid = vpid;
				info->kill.status = c->stop_report == 1 ? c->stop_signal : SIGCONT;
			}
			if (!(options & WNOWAIT))
				c->stop_report = 0;
			return vpid;
		}
	}
	return any ? 0 : -ECHILD;
}

/* wait_scan without side effects: is there anything to report? */
static int wait_scan_ready(struct process *self, int idtype, int id, int options)
{
	int any = 0;

	list_for_each(n, &self->children) {
		struct process *c = list_entry(n, struct process, sibling_link);
		if (!wait_selects(c, idtype, id))
			continue;
		any = 1;
		if (c->state == PROC_ZOMBIE && (options & WEXITED))
			return 1;
		if (c->state == PROC_ALIVE && ((c->stop_report == 1 && (options & WUNTRACED)) ||
					       (c->stop_report == 2 && (options & WCONTINUED))))
			return 1;
	}
	return !any;
}

long process_wait(int id, int *status, int options, struct linux_siginfo *info, int idtype)
{
	long r;

	for (;;) {
		r = wait_scan(idtype, id, options, status, info);
		if (r != 0 || (options & WNOHANG))
			return r;
		int err = WAIT_EVENT_INTERRUPTIBLE(&curproc->child_wait,
						   wait_scan_ready(curproc, idtype, id, options));
		if (err)
			return err;
	}
}
