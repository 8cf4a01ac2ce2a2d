/*
 * Builtins about the shell process's resources: times (CPU time used, from
 * times(2)) and ulimit (resource limits, through getrlimit/setrlimit, which
 * musl implements with prlimit64).
 *
 * ulimit follows dash: one limit per call (the last option letter wins, -f
 * when none is given), -H and -S choose the hard or soft limit, and setting a
 * limit without either sets both. Sizes are shown and given in the units of
 * the table below (512-byte blocks, kilobytes), and `ulimit -a` prints the
 * table in dash's layout. Errors return status 2 without leaving the shell, as
 * for any regular builtin.
 */
#include "builtins.h"
#include "shell.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <unistd.h>

/* ---- times ---- */

static void print_time(clock_t ticks, long hz)
{
	unsigned long long ms = (unsigned long long)ticks * 1000 / (unsigned long long)hz;

	printf("%llum%llu.%03llus", ms / 60000, ms / 1000 % 60, ms % 1000);
}

/* Two lines, "USER SYSTEM": the shell's own times, then its children's. */
int bi_times(int argc, char **argv)
{
	struct tms t;
	long hz = sysconf(_SC_CLK_TCK);

	(void)argc, (void)argv;
	if (hz <= 0)
		hz = 100;
	errno = 0;
	if (times(&t) == (clock_t)-1 && errno) {
		sh_warn("times: %s", strerror(errno));
		return 1;
	}
	print_time(t.tms_utime, hz);
	putchar(' ');
	print_time(t.tms_stime, hz);
	putchar('\n');
	print_time(t.tms_cutime, hz);
	putchar(' ');
	print_time(t.tms_cstime, hz);
	putchar('\n');
	return 0;
}

/* ---- ulimit ---- */

struct limit {
	const char *name;   /* as `ulimit -a` shows it */
	int resource;
	rlim_t unit;        /* bytes per unit shown (1: a plain count) */
	char letter;
};

static const struct limit limits[] = {
	{ "time(seconds)", RLIMIT_CPU, 1, 't' },
	{ "file(blocks)", RLIMIT_FSIZE, 512, 'f' },
	{ "data(kbytes)", RLIMIT_DATA, 1024, 'd' },
	{ "stack(kbytes)", RLIMIT_STACK, 1024, 's' },
	{ "coredump(blocks)", RLIMIT_CORE, 512, 'c' },
	{ "memory(kbytes)", RLIMIT_RSS, 1024, 'm' },
	{ "locked memory(kbytes)", RLIMIT_MEMLOCK, 1024, 'l' },
	{ "process", RLIMIT_NPROC, 1, 'u' },
	{ "nofiles", RLIMIT_NOFILE, 1, 'n' },
	{ "vmemory(kbytes)", RLIMIT_AS, 1024, 'v' },
	{ "locks", RLIMIT_LOCKS, 1, 'w' },
	{ "rtprio", RLIMIT_RTPRIO, 1, 'r' },
};
#define NLIMITS (sizeof(limits) / sizeof(limits[0]))

enum { UL_HARD = 1, UL_SOFT = 2 };

static const struct limit *limit_by_letter(char c)
{
	for (size_t i = 0; i < NLIMITS; i++)
		if (limits[i].letter == c)
			return &limits[i];
	return NULL;
}

/* Prints one limit's value (the hard one when only -H was given); label:
 * with the table's name in front, as -a does. Returns 0 or 2. */
static int print_limit(const struct limit *l, int how, int label)
{
	struct rlimit r;

	if (getrlimit(l->resource, &r) < 0) {
		sh_warn("ulimit: %s: %s", l->name, strerror(errno));
		return 2;
	}
	rlim_t v = how == UL_HARD ? r.rlim_max : r.rlim_cur;
	if (label)
		printf("%-20s ", l->name);
	if (v == RLIM_INFINITY)
		puts("unlimited");
	else
		printf("%llu\n", (unsigned long long)(v / l->unit));
	return 0;
}

/* "unlimited" or a decimal count of units; 0 on success. */
static int parse_limit(const char *s, rlim_t unit, rlim_t *out)
{
	char *end;
	unsigned long long n;

	if (strcmp(s, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (*end || errno || n > (RLIM_INFINITY - 1) / unit)
		return -1;
	*out = (rlim_t)n * unit;
	return 0;
}

static int set_limit(const struct limit *l, int how, const char *value)
{
	struct rlimit r;
	rlim_t v;

	if (parse_limit(value, l->unit, &v) < 0) {
		sh_warn("ulimit: bad number");
		return 2;
	}
	if (getrlimit(l->resource, &r) < 0) {
		sh_warn("ulimit: %s: %s", l->name, strerror(errno));
		return 2;
	}
	if (!how)
		how = UL_HARD | UL_SOFT;
	if (how & UL_HARD)
		r.rlim_max = v;
	if (how & UL_SOFT)
		r.rlim_cur = v;
	if (setrlimit(l->resource, &r) < 0) {
		sh_warn("ulimit: error setting limit (%s)", strerror(errno));
		return 2;
	}
	return 0;
}

struct ulimit_opts {
	const struct limit *l;
	int how, all;
};

static int ulimit_letter(char c, void *ctx)
{
	struct ulimit_opts *o = ctx;
	const struct limit *l;

	if (c == 'H')
		o->how |= UL_HARD;
	else if (c == 'S')
		o->how |= UL_SOFT;
	else if (c == 'a')
		o->all = 1;
	else if ((l = limit_by_letter(c)))
		o->l = l;
	else {
		sh_warn("ulimit: Illegal option -%c", c);
		return -1;
	}
	return 0;
}

int bi_ulimit(int argc, char **argv)
{
	struct ulimit_opts o = { limit_by_letter('f'), 0, 0 };
	int i = builtin_letters(argc, argv, ulimit_letter, &o), st = 0;

	if (i < 0)
		return 2;
	if (argc - i > 1) {
		sh_warn("ulimit: too many arguments");
		return 2;
	}
	if (i < argc)
		return set_limit(o.l, o.how, argv[i]);
	if (!o.all)
		return print_limit(o.l, o.how, 0);
	for (size_t k = 0; k < NLIMITS; k++)
		st |= print_limit(&limits[k], o.how, 1);
	return st;
}
