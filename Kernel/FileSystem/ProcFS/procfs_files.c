/*
 * The text of the /proc files, in Linux's formats (what procps, busybox and BuggieBox
 * parse): /proc/PID/stat and status, /proc/mounts, meminfo, uptime, loadavg.
 */
#include "API/atoll.h"
#include "Devices/TTY/tty.h"
#include "Devices/Timer/rtc.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Devices/Timer/clock.h"
#include "FileSystem/ProcFS/procfs.h"
#include "Kernel.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "Memory/vm.h"
#include "Tasks/container.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define TICKS_PER_SEC 100

static char state_letter(struct process *p)
{
	int running = 0, sleeping = 0;

	if (p->state != PROC_ALIVE)
		return 'Z';
	if (p->stopped)
		return 'T';
	list_for_each(n, &p->threads) {
		struct thread *t = list_entry(n, struct thread, proc_link);
		if (t->state == THREAD_RUNNABLE)
			running = 1;
		else if (t->state == THREAD_SLEEPING)
			sleeping = 1;
	}
	return running ? 'R' : sleeping ? 'S' : 'D';
}

static const char *state_name(char letter)
{
	switch (letter) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	case 'T':
		return "T (stopped)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "D (disk sleep)";
	}
}

static int vnr(int global, struct pid_namespace *ns)
{
	struct process *q = global ? process_find(&pidns_initial, global) : NULL;

	return q ? process_pid_in(q, ns) : 0;
}

static uint64_t cpu_ticks(struct process *p)
{
	return process_cpu_ns(p) / (1000000000UL / TICKS_PER_SEC);
}

void procfs_show_stat(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	int ppid = p->parent ? process_pid_in(p->parent, ns) : 0;
	uint64_t vsize = p->vm ? vm_total_size(p->vm) : 0, rss = p->vm ? vm_resident_pages(p->vm) : 0;
	int tty_nr = p->ctty ? (int)p->ctty->rdev : 0;	/* Linux's dev_t encoding, as MKDEV */
	int tpgid = p->ctty ? vnr(p->ctty->pgrp, ns) : -1;
	seq_printf(s, "%d (%s) %c %d %d %d %d %d 4194560 0 0 0 0 %lu 0 %lu 0 20 0 %d 0 %lu %lu %lu "
		   "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 %d\n",
		   process_pid_in(p, ns), p->comm, state_letter(p), ppid, vnr(p->pgid, ns), vnr(p->sid, ns), tty_nr,
		   tpgid, cpu_ticks(p), p->children_cpu_ns / (1000000000UL / TICKS_PER_SEC), p->nthreads,
		   p->start_ns / (1000000000UL / TICKS_PER_SEC), vsize, rss, p->exit_code);
}

static void show_ids(struct seq *s, const char *name, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	seq_printf(s, "%s:\t%u\t%u\t%u\t%u\n", name, a, b, c, d);
}

static uint64_t handled_mask(struct process *p, uint64_t which)
{
	uint64_t m = 0;

	for (int i = 0; p->sighand && i < NSIG; i++)
		if (p->sighand->action[i].handler == which || (which == 2 && p->sighand->action[i].handler > SIG_IGN))
			m |= 1UL << i;
	return m;
}

void procfs_show_status(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	const struct credentials *c = &p->cred;
	uint64_t blocked = 0;

	if (!list_empty(&p->threads))
		blocked = list_entry(p->threads.next, struct thread, proc_link)->sig_blocked;
	seq_printf(s, "Name:\t%s\nUmask:\t%04o\nState:\t%s\n", p->comm, p->umask, state_name(state_letter(p)));
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", process_pid_in(p, ns),
		   process_pid_in(p, ns), p->parent ? process_pid_in(p->parent, ns) : 0);
	show_ids(s, "Uid", c->uid, c->euid, c->suid, c->fsuid);
	show_ids(s, "Gid", c->gid, c->egid, c->sgid, c->fsgid);
	seq_printf(s, "FDSize:\t%d\nGroups:\t", MAX_FDS);
	for (int i = 0; i < c->ngroups; i++)
		seq_printf(s, "%u ", c->groups[i]);
	seq_printf(s, "\nNSpid:");
	for (int l = ns->level; l <= p->pid->level; l++)
		seq_printf(s, "\t%d", p->pid->nr[l]);
	seq_printf(s, "\n");
	if (p->vm) {
		seq_printf(s, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n", vm_total_size(p->vm) / 1024,
			   vm_resident_pages(p->vm) * (PAGE_SIZE / 1024));
	}
	seq_printf(s, "Threads:\t%d\nSigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n", p->nthreads, 0UL,
		   p->sig_pending, blocked);
	seq_printf(s, "SigIgn:\t%016lx\nSigCgt:\t%016lx\n", handled_mask(p, SIG_IGN), handled_mask(p, 2));
	seq_printf(s, "Jailed:\t%s\n", p->jail == ATOLL_JAIL_UNTIL_EXIT ? "until-exit" :
					   p->jail == ATOLL_JAIL_UNTIL_EXEC ? "until-exec" : "no");
	if (p->container)
		seq_printf(s, "Container:\t%d\n", p->container->id);
}

/* /proc/mounts escapes spaces, tabs, newlines and backslashes as octal. */
static void put_escaped(struct seq *s, const char *str)
{
	for (; *str; str++) {
		if (*str == ' ' || *str == '\t' || *str == '\n' || *str == '\\')
			seq_printf(s, "\\%03o", (unsigned char)*str);
		else
			seq_write(s, str, 1);
	}
}

void procfs_show_mounts(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	char *path = kmalloc(PATH_MAX);

	if (!path || !p->mntns) {
		kfree(path);
		return;
	}
	list_for_each(n, &p->mntns->mounts) {
		struct mount *m = list_entry(n, struct mount, mnt_list);
		struct path at = { m, m->mnt_root };
		if (vfs_path_name(&at, &p->root, path, PATH_MAX) < 0)
			continue;
		put_escaped(s, m->mnt_source);
		seq_write(s, " ", 1);
		put_escaped(s, path);
		seq_printf(s, " %s %s%s%s%s%s 0 0\n", m->mnt_sb->s_type,
			   (m->mnt_flags & MNT_RDONLY) || (m->mnt_sb->s_flags & SB_RDONLY) ? "ro" : "rw",
			   (m->mnt_flags & MNT_NOSUID) ? ",nosuid" : "", (m->mnt_flags & MNT_NODEV) ? ",nodev" : "",
			   (m->mnt_flags & MNT_NOEXEC) ? ",noexec" : "", ",relatime");
	}
	kfree(path);
}

void procfs_show_meminfo(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	uint64_t total = pmm_total_pages() * 4, free = pmm_free_pages() * 4;

	seq_printf(s, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n", total, free, free);
	seq_printf(s, "Buffers:        %8lu kB\nCached:         %8lu kB\nSwapCached:     %8lu kB\n", 0UL, 0UL, 0UL);
	seq_printf(s, "Shmem:          %8lu kB\nSReclaimable:   %8lu kB\n", 0UL, 0UL);
	seq_printf(s, "SwapTotal:      %8lu kB\nSwapFree:       %8lu kB\n", 0UL, 0UL);
}

void procfs_show_uptime(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	uint64_t cs = clock_ns() / 10000000UL;

	seq_printf(s, "%lu.%02lu %lu.%02lu\n", cs / 100, cs % 100, cs / 100, cs % 100);
}

void procfs_show_loadavg(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	int running = 0;

	list_for_each(n, &all_threads)
		if (list_entry(n, struct thread, all_link)->state == THREAD_RUNNABLE)
			running++;
	seq_printf(s, "0.00 0.00 0.00 %d/%d %d\n", running, processes_count(), ns->last_nr);
}

void procfs_show_filesystems(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	const struct fs_type *types[16];
	size_t n = vfs_fs_types(types, ARRAY_SIZE(types));

	for (size_t i = 0; i < n; i++)
		seq_printf(s, "%s\t%s\n", types[i]->requires_device ? "" : "nodev", types[i]->name);
}

void procfs_show_cmdline_kernel(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", kernel_cmdline_text);
}

void procfs_show_version(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "Atoll version " ATOLL_VERSION " (x86_64)\n");
}

void procfs_show_stat_global(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	uint64_t ticks = clock_ns() / (1000000000UL / TICKS_PER_SEC);

	seq_printf(s, "cpu  %lu 0 0 0 0 0 0 0 0 0\ncpu0 %lu 0 0 0 0 0 0 0 0 0\n", ticks, ticks);
	seq_printf(s, "btime %lu\nprocesses %d\nprocs_running 1\nprocs_blocked 0\n",
		   (realtime_ns() - clock_ns()) / 1000000000UL, processes_count());
}
