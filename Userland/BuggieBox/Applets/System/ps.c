/*
 * ps: report processes from /proc/<pid>/{stat,status,cmdline} (Lib/procfs.c).
 *
 * Selection, as procps chooses it: by default the processes with the caller's
 * effective uid on the caller's terminal; -e/-A every process; -p a list of pids;
 * BSD-style "aux"/"ax" every process. Output is a list of fields (ps_fields.c),
 * each either chosen with -o FIELD[=HEADER],... or by a preset: the default
 * "PID TTY TIME CMD", -f's "UID PID PPID C STIME TTY TIME CMD", and u's
 * "USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND". Columns are separated by
 * one space; numbers are right-aligned, text left-aligned, and the last column is
 * not padded, so `ps -o pid=` prints bare numbers.
 *
 * Times: ticks are sysconf(_SC_CLK_TCK); a process's start is boot time (now minus
 * /proc/uptime) plus its stat starttime. %MEM divides rss by MemTotal.
 */
#include "Lib/bb.h"
#include "Lib/procfs.h"
#include "ps_fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PS_MAX_FIELDS 32
#define PS_MAX_PIDS 64

struct ps_column {
	const struct ps_field *field;
	const char *header; /* -o name=HEADER overrides */
};

struct ps_options {
	struct ps_column cols[PS_MAX_FIELDS];
	int n_cols;
	int all;
	int pids[PS_MAX_PIDS];
	int n_pids;
	int shown; /* processes printed */
	uid_t my_euid;
	int my_tty;
	struct ps_env env;
};

/* Adds the fields of SPEC ("pid,user=WHO,comm") to O. Returns 0, or 1 after a message. */
static int add_fields(struct ps_options *o, char *spec)
{
	char *item = spec;

	while (item && *item) {
		size_t len = strcspn(item, "=, ");
		const struct ps_field *f = ps_find_field(item, len);
		char *header = NULL, *next = NULL;

		if (item[len] == '=') {
			header = item + len + 1;
			next = strchr(header, ',');
		} else if (item[len])
			next = item + len;
		if (next)
			*next++ = '\0';
		if (!f) {
			bb_warn("unknown output field '%.*s'", (int)len, item);
			return 1;
		}
		if (o->n_cols == PS_MAX_FIELDS) {
			bb_warn("too many output fields");
			return 1;
		}
		o->cols[o->n_cols].field = f;
		o->cols[o->n_cols++].header = header ? header : f->header;
		item = next;
	}
	return 0;
}

/* Uses a preset list; headers point into a static copy, so only one preset is used. */
static void preset(struct ps_options *o, const char *spec)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s", spec);
	add_fields(o, buf);
}

static int add_pids(struct ps_options *o, const char *list)
{
	char buf[512], *save = NULL, *end;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *s = strtok_r(buf, ", ", &save); s; s = strtok_r(NULL, ", ", &save)) {
		long v = strtol(s, &end, 10);
		if (*end || v <= 0 || o->n_pids == PS_MAX_PIDS) {
			bb_warn("process ID list syntax error: '%s'", s);
			return 1;
		}
		o->pids[o->n_pids++] = (int)v;
	}
	return 0;
}

static int selected(const struct ps_options *o, const struct procfs_proc *p)
{
	if (o->n_pids) {
		for (int i = 0; i < o->n_pids; i++)
			if (o->pids[i] == p->pid)
				return 1;
		return 0;
	}
	return o->all || (p->euid == o->my_euid && p->tty_nr == o->my_tty);
}

/* One column's text, aligned, with a leading space unless it is the first. */
static void put_cell(const struct ps_options *o, int i, const char *text)
{
	const struct ps_field *f = o->cols[i].field;
	int last = i == o->n_cols - 1;
	int width = f->width == PS_PID_WIDTH ? o->env.pid_width : f->width;

	if ((int)strlen(o->cols[i].header) > width)
		width = (int)strlen(o->cols[i].header);

	if (i)
		putchar(' ');
	if (f->left && last)
		fputs(text, stdout);
	else if (f->left)
		printf("%-*s", width, text);
	else
		printf("%*s", width, text);
}

static void print_header(const struct ps_options *o)
{
	int any = 0;

	for (int i = 0; i < o->n_cols; i++)
		any |= o->cols[i].header[0] != '\0';
	if (!any)
		return;
	for (int i = 0; i < o->n_cols; i++)
		put_cell(o, i, o->cols[i].header);
	putchar('\n');
}

static int show_pid(int pid, void *arg)
{
	struct ps_options *o = arg;
	struct procfs_proc p;
	char text[4096];

	if (procfs_read_proc(pid, &p) < 0)
		return 0; /* gone since readdir */
	if (selected(o, &p)) {
		o->shown++;
		for (int i = 0; i < o->n_cols; i++) {
			o->cols[i].field->format(&p, &o->env, text, sizeof(text));
			put_cell(o, i, text);
		}
		putchar('\n');
	}
	procfs_proc_free(&p);
	return 0;
}

/* Digits of the largest pid; 7 (Linux's 4194304) when pid_max cannot be read. */
static int pid_width(void)
{
	char *text = procfs_slurp("/proc/sys/kernel/pid_max", NULL);
	long max = text ? strtol(text, NULL, 10) : 0;
	int digits = 0;

	free(text);
	if (max <= 0)
		return 7;
	for (long m = max - 1; m > 0; m /= 10)
		digits++;
	return digits < 5 ? 5 : digits;
}

static void init_env(struct ps_options *o)
{
	struct procfs_proc self;
	struct timespec ts;
	char *meminfo = procfs_slurp("/proc/meminfo", NULL);

	o->env.hz = sysconf(_SC_CLK_TCK);
	o->env.page_size = sysconf(_SC_PAGESIZE);
	clock_gettime(CLOCK_REALTIME, &ts);
	o->env.now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (procfs_uptime(&o->env.uptime) < 0)
		o->env.uptime = 0;
	o->env.mem_kb = meminfo ? procfs_meminfo_value(meminfo, "MemTotal") : -1;
	free(meminfo);
	o->env.pid_width = pid_width();
	o->my_euid = geteuid();
	if (procfs_read_proc(getpid(), &self) == 0) {
		o->my_tty = self.tty_nr;
		procfs_proc_free(&self);
	}
}

/* BSD syntax: "aux", "ax", "u"... Returns 0 or 1 after a message. */
static int parse_bsd(struct ps_options *o, const char *arg)
{
	int user_format = 0;

	for (const char *c = arg; *c; c++) {
		if (*c == 'a' || *c == 'x')
			o->all = 1;
		else if (*c == 'u')
			user_format = 1;
		else if (*c == 'w')
			continue;
		else {
			bb_warn("unsupported option (BSD syntax) '%c'", *c);
			return 1;
		}
	}
	if (user_format)
		preset(o, "user,pid,%cpu,%mem,vsz,rss,tty=TTY,stat,start_time,bsdtime,args");
	return 0;
}

int ps_main(int argc, char **argv)
{
	struct ps_options o = { 0 };
	int opt, full = 0;

	if (argc == 2 && argv[1][0] != '-') {
		if (parse_bsd(&o, argv[1]))
			return 1;
		argc = 1;
	}
	while (argc > 1 && (opt = getopt(argc, argv, "eAfp:o:w")) != -1) {
		if (opt == 'e' || opt == 'A')
			o.all = 1;
		else if (opt == 'f')
			full = 1;
		else if (opt == 'p' && add_pids(&o, optarg))
			return 1;
		else if (opt == 'o' && add_fields(&o, optarg))
			return 1;
		else if (opt == '?')
			return bb_usage(), 1;
	}
	if (argc > 1 && optind < argc) {
		bb_warn("garbage option '%s'", argv[optind]);
		return 1;
	}
	if (!o.n_cols)
		preset(&o, full ? "user=UID,pid,ppid,c,stime,tty=TTY,time,cmd"
				: "pid,tty=TTY,time,ucmd");
	init_env(&o);
	print_header(&o);
	if (procfs_each_pid(show_pid, &o) < 0) {
		bb_warn_errno("/proc");
		return 1;
	}
	return o.shown ? 0 : 1; /* procps: 1 when nothing was selected */
}
