/*
 * chown and chgrp: change file owner and group.
 *
 * Owners are names from /etc/passwd and /etc/group or numbers (Lib/id_names.c).
 * Without -R an operand that is a symbolic link has its target changed (unless -h);
 * with -R the tree is walked without following links and links themselves are
 * changed with lchown, which is coreutils' default (-P).
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_tree.h"
#include "Lib/id_names.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct chown_state {
	uid_t uid;
	gid_t gid;
	int recursive, no_deref, verbose, quiet;
	int failed;
};

static int chown_visit(const struct fs_entry *e, void *ctx)
{
	struct chown_state *s = ctx;
	int rc;

	if (e->kind == FS_STAT_ERR || e->kind == FS_DIR_ERR) {
		if (!s->quiet)
			fs_warn_entry(e);
		s->failed = 1;
		return FS_CONTINUE;
	}
	if (e->depth == 0 && !s->recursive && !s->no_deref)
		rc = chown(e->path, s->uid, s->gid);
	else
		rc = lchown(e->path, s->uid, s->gid);
	if (rc != 0) {
		if (!s->quiet)
			bb_warn_errno("changing ownership of '%s'", e->path);
		s->failed = 1;
	} else if (s->verbose) {
		printf("ownership of '%s' retained or changed\n", e->path);
	}
	return s->recursive ? FS_CONTINUE : FS_PRUNE;
}

/* Shared option loop; returns the index of the first operand or -1. */
static int chown_options(int argc, char **argv, struct chown_state *s)
{
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "RhvfcHLP")) != -1) {
		switch (c) {
		case 'R': s->recursive = 1; break;
		case 'h': s->no_deref = 1; break;
		case 'v': case 'c': s->verbose = 1; break;
		case 'f': s->quiet = 1; break;
		case 'P': break;
		default: return -1;
		}
	}
	return optind;
}

static int run(int argc, char **argv, struct chown_state *s, int first)
{
	for (int i = first; i < argc; i++)
		fs_walk(argv[i], FS_NO_POST, chown_visit, s);
	return s->failed;
}

/* chown (GROUP_ONLY 0) and chgrp (1): options, the owner operand, then the files. */
static int chown_common(int argc, char **argv, int group_only)
{
	struct chown_state s = { 0 };
	int i = chown_options(argc, argv, &s);

	if (i < 0)
		return files_usage_error();
	if (argc - i < 2) {
		bb_warn(argc - i < 1 ? "missing operand" : "missing operand after '%s'", argv[argc - 1]);
		return 1;
	}
	if (!group_only && id_parse_owner(argv[i], &s.uid, &s.gid) != 0)
		return 1;
	if (group_only) {
		s.uid = (uid_t)-1;
		if (id_parse_group(argv[i], &s.gid) != 0) {
			bb_warn("invalid group: '%s'", argv[i]);
			return 1;
		}
	}
	return run(argc, argv, &s, i + 1);
}

int chown_main(int argc, char **argv)
{
	return chown_common(argc, argv, 0);
}

int chgrp_main(int argc, char **argv)
{
	return chown_common(argc, argv, 1);
}
