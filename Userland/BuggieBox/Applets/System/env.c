/*
 * env: run a command in a changed environment, or print the environment.
 *
 * The order is coreutils': -i empties the environment first, -u removes names,
 * NAME=VALUE operands are set left to right, and the first operand without '='
 * is the command. Statuses follow coreutils too: 125 for env's own failures,
 * 126 for a command that exists but cannot run, 127 for one that is not found.
 */
#include "Lib/bb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

#define ENV_FAILURE 125

static int print_environment(void)
{
	for (char **e = environ; *e; e++)
		printf("%s\n", *e);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}

/* Sets NAME=VALUE operands from argv[i] on; returns the index of the first other. */
static int set_assignments(int i, int argc, char **argv)
{
	for (; i < argc && strchr(argv[i], '='); i++) {
		if (putenv(argv[i]) != 0) {
			bb_warn_errno("cannot set '%s'", argv[i]);
			exit(ENV_FAILURE);
		}
	}
	return i;
}

int env_main(int argc, char **argv)
{
	char *unset[64];
	int opt, n_unset = 0, clear = 0;

	while ((opt = getopt(argc, argv, "iu:")) != -1) {
		if (opt == 'i')
			clear = 1;
		else if (opt == 'u' && n_unset < 64 && !strchr(optarg, '=') && *optarg)
			unset[n_unset++] = optarg;
		else if (opt == 'u') {
			bb_warn("cannot unset '%s': Invalid argument", optarg);
			return ENV_FAILURE;
		} else {
			bb_usage();
			return ENV_FAILURE;
		}
	}
	if (optind < argc && strcmp(argv[optind], "-") == 0) {
		clear = 1;
		optind++;
	}
	if (clear)
		clearenv();
	for (int i = 0; i < n_unset; i++)
		unsetenv(unset[i]);
	optind = set_assignments(optind, argc, argv);
	if (optind == argc)
		return print_environment();
	fflush(stdout);
	execvp(argv[optind], argv + optind);
	int err = errno;
	bb_warn_errno("'%s'", argv[optind]);
	return err == ENOENT ? 127 : 126;
}
