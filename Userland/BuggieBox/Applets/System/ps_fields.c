/*
 * The formatters of ps's fields and their table. Each formatter writes one cell
 * into a caller's buffer, never more than its size; none keeps state. CPU time is
 * utime + stime in clock ticks; a process's age is uptime minus its starttime.
 * Field names and headers are procps's (-o pid,ppid,user,stat,comm,args ...).
 */
#include "ps_fields.h"
#include "Lib/id_names.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(const struct procfs_proc *p, const struct ps_env *e)
{
	return (double)(p->utime + p->stime) / (double)e->hz;
}

static double age_seconds(const struct procfs_proc *p, const struct ps_env *e)
{
	double age = e->uptime - (double)p->starttime / (double)e->hz;
	return age > 0 ? age : 0;
}

/* The one-line formatters: FN prints FORMAT of EXPR (p is the process, e the env). */
#define PS_SIMPLE(fn, format, expr) \
	static void fn(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n) \
	{ \
		snprintf(b, n, format, expr); \
	}

PS_SIMPLE(f_pid, "%d", p->pid)
PS_SIMPLE(f_ppid, "%d", p->ppid)
PS_SIMPLE(f_pgid, "%d", p->pgrp)
PS_SIMPLE(f_sid, "%d", p->session)
PS_SIMPLE(f_uid, "%u", (unsigned)p->euid)
PS_SIMPLE(f_gid, "%u", (unsigned)p->egid)
PS_SIMPLE(f_user, "%s", id_user_label(p->euid))
PS_SIMPLE(f_ruser, "%s", id_user_label(p->ruid))
PS_SIMPLE(f_group, "%s", id_group_label(p->egid))
PS_SIMPLE(f_comm, "%s", p->comm)
PS_SIMPLE(f_state, "%c", p->state)
PS_SIMPLE(f_nice, "%ld", p->nice)
PS_SIMPLE(f_nlwp, "%ld", p->num_threads)
PS_SIMPLE(f_vsz, "%llu", (unsigned long long)(p->vsize / 1024))
PS_SIMPLE(f_rss, "%lld", (long long)(p->rss * e->page_size / 1024))

/* The command line, or "[comm]" for a process without one (kernel threads). */
static void f_args(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	if (p->args && p->args[0])
		snprintf(b, n, "%s", p->args);
	else
		snprintf(b, n, "[%s]", p->comm);
}

static void f_tty(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	procfs_tty_name(p->tty_nr, b, n);
}

/* [DD-]HH:MM:SS of CPU time. */
static void f_time(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	unsigned long t = (unsigned long)cpu_seconds(p, e);

	if (t >= 86400)
		snprintf(b, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
	else
		snprintf(b, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

/* BSD's M:SS of CPU time. */
static void f_bsdtime(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	unsigned long t = (unsigned long)cpu_seconds(p, e);

	snprintf(b, n, "%lu:%02lu", t / 60, t % 60);
}

/* [[DD-]hh:]mm:ss since the process started. */
static void f_etime(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	unsigned long t = (unsigned long)age_seconds(p, e);

	if (t >= 86400)
		snprintf(b, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
	else if (t >= 3600)
		snprintf(b, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(b, n, "%02lu:%02lu", t / 60, t % 60);
}

/* HH:MM when started in the last day, else MonDD, else the year. */
static void f_stime(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	double age = age_seconds(p, e);
	time_t start = (time_t)(e->now - age);
	struct tm tm;

	localtime_r(&start, &tm);
	strftime(b, n, age < 86400 ? "%H:%M" : age < 365 * 86400.0 ? "%b%d" : "%Y", &tm);
}

static void f_c(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	double age = age_seconds(p, e);
	int c = age > 0 ? (int)(cpu_seconds(p, e) * 100 / age) : 0;

	snprintf(b, n, "%d", c > 99 ? 99 : c);
}

static void f_pcpu(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	double age = age_seconds(p, e);

	snprintf(b, n, "%.1f", age > 0 ? cpu_seconds(p, e) * 100 / age : 0.0);
}

static void f_pmem(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	double kb = (double)p->rss * (double)e->page_size / 1024;

	snprintf(b, n, "%.1f", e->mem_kb > 0 ? kb * 100 / (double)e->mem_kb : 0.0);
}

/* State plus procps's flags: < high priority, N low, s session leader,
 * L pages locked, l multi-threaded, + in the foreground process group of its terminal. */
static void f_stat(const struct procfs_proc *p, const struct ps_env *e, char *b, size_t n)
{
	snprintf(b, n, "%c%s%s%s%s%s%s", p->state, p->nice < 0 ? "<" : "", p->nice > 0 ? "N" : "",
		 p->locked_kb > 0 ? "L" : "", p->session == p->pid ? "s" : "", p->num_threads > 1 ? "l" : "",
		 p->tty_nr && p->tpgid == p->pgrp ? "+" : "");
}

static const struct ps_field fields[] = {
	{ "pid", "PID", PS_PID_WIDTH, 0, f_pid },          { "ppid", "PPID", PS_PID_WIDTH, 0, f_ppid },
	{ "pgid", "PGID", PS_PID_WIDTH, 0, f_pgid },       { "pgrp", "PGRP", PS_PID_WIDTH, 0, f_pgid },
	{ "sid", "SID", PS_PID_WIDTH, 0, f_sid },          { "sess", "SESS", PS_PID_WIDTH, 0, f_sid },
	{ "uid", "UID", 5, 0, f_uid },          { "euid", "EUID", 5, 0, f_uid },
	{ "gid", "GID", 5, 0, f_gid },          { "user", "USER", 8, 1, f_user },
	{ "euser", "EUSER", 8, 1, f_user },     { "ruser", "RUSER", 8, 1, f_ruser },
	{ "uname", "USER", 8, 1, f_user },      { "group", "GROUP", 8, 1, f_group },
	{ "comm", "COMMAND", 15, 1, f_comm },   { "ucmd", "CMD", 15, 1, f_comm },
	{ "args", "COMMAND", 27, 1, f_args },   { "cmd", "CMD", 27, 1, f_args },
	{ "command", "COMMAND", 27, 1, f_args }, { "stat", "STAT", 4, 1, f_stat },
	{ "s", "S", 1, 1, f_state },            { "state", "S", 1, 1, f_state },
	{ "tty", "TT", 8, 1, f_tty },           { "tt", "TT", 8, 1, f_tty },
	{ "time", "TIME", 8, 0, f_time },       { "cputime", "TIME", 8, 0, f_time },
	{ "bsdtime", "TIME", 6, 0, f_bsdtime }, { "etime", "ELAPSED", 11, 0, f_etime },
	{ "stime", "STIME", 5, 1, f_stime },    { "start_time", "START", 5, 1, f_stime },
	{ "c", "C", 2, 0, f_c },                { "%cpu", "%CPU", 4, 0, f_pcpu },
	{ "pcpu", "%CPU", 4, 0, f_pcpu },       { "%mem", "%MEM", 4, 0, f_pmem },
	{ "pmem", "%MEM", 4, 0, f_pmem },       { "vsz", "VSZ", 6, 0, f_vsz },
	{ "rss", "RSS", 5, 0, f_rss },          { "ni", "NI", 3, 0, f_nice },
	{ "nice", "NI", 3, 0, f_nice },
	{ "nlwp", "NLWP", 4, 0, f_nlwp },       { "thcount", "THCNT", 4, 0, f_nlwp },
};

const struct ps_field *ps_find_field(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].name) == len && strncmp(fields[i].name, name, len) == 0)
			return &fields[i];
	return NULL;
}
