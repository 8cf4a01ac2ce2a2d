/*
 * pgrep: print the ids of processes whose name (stat's comm, at most 15 bytes) or,
 * with -f, whole command line matches an extended regular expression. -x anchors
 * the match to the whole name, -u keeps processes of the given effective users,
 * -l adds the name (the command line with -f). pgrep never lists itself.
 * Statuses as procps: 0 something matched, 1 nothing did, 2 bad usage, 3 fatal.
 */
#include "Lib/bb.h"
#include "Lib/id_names.h"
#include "Lib/procfs.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PGREP_MAX_USERS 16

struct pgrep_options {
	regex_t re;
	int full, exact, long_format;
	uid_t users[PGREP_MAX_USERS];
	int n_users;
	int self, found;
};

static int user_matches(const struct pgrep_options *o, uid_t uid)
{
	if (!o->n_users)
		return 1;
	for (int i = 0; i < o->n_users; i++)
		if (o->users[i] == uid)
			return 1;
	return 0;
}

static int check_pid(int pid, void *arg)
{
	struct pgrep_options *o = arg;
	struct procfs_proc p;
	regmatch_t m;

	if (pid == o->self || procfs_read_proc(pid, &p) < 0)
		return 0;
	const char *text = o->full && p.args[0] ? p.args : p.comm;
	if (user_matches(o, p.euid) && regexec(&o->re, text, 1, &m, 0) == 0 &&
	    (!o->exact || (m.rm_so == 0 && text[m.rm_eo] == '\0'))) {
		o->found++;
		if (o->long_format)
			printf("%d %s\n", pid, text);
		else
			printf("%d\n", pid);
	}
	procfs_proc_free(&p);
	return 0;
}

static int parse_users(struct pgrep_options *o, char *list)
{
	for (char *s = strtok(list, ","); s; s = strtok(NULL, ",")) {
		uid_t uid;
		if (id_parse_user(s, &uid) < 0 || o->n_users == PGREP_MAX_USERS) {
			bb_warn("invalid user name: %s", s);
			return 2;
		}
		o->users[o->n_users++] = uid;
	}
	return 0;
}

int pgrep_main(int argc, char **argv)
{
	struct pgrep_options o = { 0 };
	int opt, rc;
	char err[128];

	while ((opt = getopt(argc, argv, "flxu:")) != -1) {
		if (opt == 'f')
			o.full = 1;
		else if (opt == 'l')
			o.long_format = 1;
		else if (opt == 'x')
			o.exact = 1;
		else if (opt == 'u') {
			if (parse_users(&o, optarg))
				return 2;
		} else
			return bb_usage();
	}
	if (argc - optind != 1) {
		bb_warn(optind == argc ? "no matching criteria specified" : "only one pattern can be provided");
		return bb_usage();
	}
	rc = regcomp(&o.re, argv[optind], REG_EXTENDED);
	if (rc) {
		regerror(rc, &o.re, err, sizeof(err));
		bb_warn("invalid regular expression '%s': %s", argv[optind], err);
		return 2;
	}
	o.self = getpid();
	if (procfs_each_pid(check_pid, &o) < 0) {
		bb_warn_errno("/proc");
		regfree(&o.re);
		return 3;
	}
	regfree(&o.re);
	return o.found ? 0 : 1;
}
