/*
 * chmod: change file mode bits, in octal or in chmod's symbolic language
 * (Lib/mode_string.c). With -R the tree is walked by fs_walk without following
 * symbolic links; links met inside the tree are left alone (their mode means
 * nothing on Linux), while an operand that is a link is followed, as coreutils does.
 *
 * Modes like "-w" look like options, so the command line is read by hand: leading
 * words made only of option letters are options, the first other word is the mode.
 */
#include "Lib/bb.h"
#include "Lib/fs_tree.h"
#include "Lib/mode_string.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct chmod_state {
	const char *spec;
	mode_t umask;
	int verbose, changes, quiet, recursive;
	int failed;
};

static int chmod_path(struct chmod_state *s, const char *path, const struct stat *st)
{
	mode_t mode;

	if (mode_apply(s->spec, st->st_mode, s->umask, &mode) != 0) {
		bb_warn("invalid mode: '%s'", s->spec);
		s->failed = 1;
		return -1;
	}
	if (chmod(path, mode) != 0) {
		if (!s->quiet)
			bb_warn_errno("changing permissions of '%s'", path);
		s->failed = 1;
		return 0;
	}
	if (s->verbose || (s->changes && (st->st_mode & 07777) != mode))
		printf("mode of '%s' changed from %04o to %04o\n", path,
		       (unsigned)(st->st_mode & 07777), (unsigned)mode);
	return 0;
}

static int chmod_visit(const struct fs_entry *e, void *ctx)
{
	struct chmod_state *s = ctx;

	if (e->kind == FS_STAT_ERR || e->kind == FS_DIR_ERR) {
		if (!s->quiet)
			fs_warn_entry(e);
		s->failed = 1;
		return FS_CONTINUE;
	}
	if (S_ISLNK(e->st->st_mode))
		return FS_CONTINUE;
	if (chmod_path(s, e->path, e->st) < 0)
		return FS_STOP;
	return s->recursive ? FS_CONTINUE : FS_PRUNE;
}

/* Reads leading option words; returns the index of the mode operand, or -1. */
static int chmod_options(int argc, char **argv, struct chmod_state *s)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (strspn(argv[i] + 1, "Rvcf") != strlen(argv[i] + 1))
			break;
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'R') s->recursive = 1;
			else if (*p == 'v') s->verbose = 1;
			else if (*p == 'c') s->changes = 1;
			else s->quiet = 1;
		}
	}
	return i;
}

int chmod_main(int argc, char **argv)
{
	struct chmod_state s = { 0 };
	int i;
	mode_t probe;

	i = chmod_options(argc, argv, &s);
	if (i >= argc) {
		bb_warn("missing operand");
		return 1;
	}
	s.spec = argv[i++];
	if (mode_apply(s.spec, 0, 0, &probe) != 0) {
		bb_warn("invalid mode: '%s'", s.spec);
		return 1;
	}
	if (i >= argc) {
		bb_warn("missing operand after '%s'", s.spec);
		return 1;
	}
	s.umask = umask(0);
	umask(s.umask);
	for (; i < argc; i++)
		fs_walk(argv[i], FS_FOLLOW_ROOT | FS_NO_POST, chmod_visit, &s);
	return s.failed;
}
