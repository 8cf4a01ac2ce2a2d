/*
 * kill: send a signal to processes; kill -l: name signals. Syntax and output follow
 * util-linux: `kill [-s SIG | -SIG] PID...`, `kill -l` lists the names on one
 * wrapped line, `kill -l N` names signal N (or the signal of an exit status
 * 128+N) and `kill -l NAME` prints its number. Status 1 if any PID failed.
 *
 * A negative PID names a process group; it must come after `--` or a signal, as
 * everywhere. Signal names come from Lib/signame.c.
 */
#include "Lib/bb.h"
#include "Lib/signame.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void list_all(void)
{
	int col = 0;

	for (int sig = 1; sig < SIGNAME_MAX; sig++) {
		const char *name = signame_name(sig);
		if (!name)
			continue;
		if (col && col + 1 + (int)strlen(name) > 80) {
			putchar('\n');
			col = 0;
		}
		col += printf(col ? " %s" : "%s", name);
	}
	putchar('\n');
}

/* kill -l ARG: a number (or exit status) to a name, a name to its number. */
static int list_one(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg >= '0' && *arg <= '9' && !*end) {
		if (n > 128)
			n -= 128;
		const char *name = signame_name((int)n);
		if (!name) {
			bb_warn("unknown signal %s", arg);
			return 1;
		}
		printf("%s\n", name);
		return 0;
	}
	n = signame_number(arg);
	if (n <= 0) {
		bb_warn("unknown signal %s", arg);
		return 1;
	}
	printf("%ld\n", n);
	return 0;
}

static int list_signals(int argc, char **argv, int i)
{
	int rc = 0;

	if (i >= argc) {
		list_all();
		return 0;
	}
	for (; i < argc; i++)
		rc |= list_one(argv[i]);
	return rc;
}

static int send_to(const char *arg, int sig)
{
	char *end;
	long pid = strtol(arg, &end, 10);

	if (!*arg || *end) {
		bb_warn("cannot find process \"%s\"", arg);
		return 1;
	}
	if (kill((pid_t)pid, sig) < 0) {
		bb_warn_errno("sending signal to %s failed", arg);
		return 1;
	}
	return 0;
}

/* Reads the signal options; returns the index of the first PID, or -1 on error. */
static int parse_signal(int argc, char **argv, int *sig)
{
	int i = 1;

	*sig = SIGTERM;
	if (i < argc && (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "-n") == 0)) {
		if (i + 1 >= argc) {
			bb_warn("option '%s' needs a signal", argv[i]);
			return -1;
		}
		*sig = signame_number(argv[i + 1]);
		if (*sig < 0) {
			bb_warn("unknown signal %s", argv[i + 1]);
			return -1;
		}
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		*sig = signame_number(argv[i] + 1);
		if (*sig < 0) {
			bb_warn("unknown signal %s", argv[i] + 1);
			return -1;
		}
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	return i;
}

int kill_main(int argc, char **argv)
{
	int sig, i, rc = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list_signals(argc, argv, 2);
	i = parse_signal(argc, argv, &sig);
	if (i < 0)
		return 1;
	if (i >= argc) {
		bb_warn("not enough arguments");
		bb_usage();
		return 1;
	}
	for (; i < argc; i++)
		rc |= send_to(argv[i], sig);
	return rc;
}
