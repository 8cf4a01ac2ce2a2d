/*
 * Tree removal. fs_remove_tree() walks PATH with fs_walk and removes on the way back
 * up: files as they are met, each directory after its children (FS_DIR_POST). With
 * FS_RM_INTERACTIVE it asks before descending into a directory, before removing each
 * entry, and skips a directory's removal when it was not allowed to empty it. A
 * failure is reported and the walk continues, like coreutils rm; the result says
 * whether anything was left behind.
 */
#include "fs_remove.h"
#include "bb.h"
#include "fs_tree.h"
#include "mode_string.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_confirm(const char *fmt, ...)
{
	char line[128];
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", bb_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* "regular empty file", "directory", ... as rm -i names what it asks about. */
static const char *kind_name(const struct stat *st)
{
	return mode_type_name(st->st_mode, S_ISREG(st->st_mode) && st->st_size == 0);
}

int fs_remove_one(const char *path, const struct stat *st, int flags)
{
	int is_dir = S_ISDIR(st->st_mode);

	if ((flags & FS_RM_INTERACTIVE) &&
	    !fs_confirm("remove %s '%s'? ", kind_name(st), path))
		return 0;  /* a "no" is an answer, not a failure */
	if ((is_dir ? rmdir(path) : unlink(path)) != 0) {
		if ((flags & FS_RM_FORCE) && errno == ENOENT)
			return 0;
		bb_warn_errno("cannot remove '%s'", path);
		return 1;
	}
	if (flags & FS_RM_VERBOSE)
		printf(is_dir ? "removed directory '%s'\n" : "removed '%s'\n", path);
	return 0;
}

struct remove_state {
	int flags;
	int failed;
};

static int remove_visit(const struct fs_entry *e, void *ctx)
{
	struct remove_state *s = ctx;

	switch (e->kind) {
	case FS_DIR_PRE:
		if ((s->flags & FS_RM_INTERACTIVE) &&
		    !fs_confirm("descend into directory '%s'? ", e->path))
			return FS_PRUNE;
		return FS_CONTINUE;
	case FS_DIR_ERR:
		bb_warn("cannot remove '%s': %s", e->path, strerror(e->err));
		s->failed = 1;
		return FS_CONTINUE;
	case FS_STAT_ERR:
		if (!((s->flags & FS_RM_FORCE) && e->err == ENOENT)) {
			bb_warn("cannot remove '%s': %s", e->path, strerror(e->err));
			s->failed = 1;
		}
		return FS_CONTINUE;
	case FS_FILE:
	case FS_DIR_POST:
		if (fs_remove_one(e->path, e->st, s->flags) != 0)
			s->failed = 1;
		return FS_CONTINUE;
	}
	return FS_CONTINUE;
}

int fs_remove_tree(const char *path, int flags)
{
	struct remove_state s = { flags, 0 };

	fs_walk(path, 0, remove_visit, &s);
	return s.failed;
}
