/*
 * rm: remove files and (with -r) directory trees.
 *
 * Each operand is checked here the way coreutils does before anything is removed:
 * "." and ".." and, under -r, "/" are refused; a directory needs -r (or -d for an
 * empty one); a missing operand is silent under -f. The removal itself, including
 * the questions of -i, is fs_remove_tree()/fs_remove_one() in Lib/fs_remove.c.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_remove.h"
#include "Lib/fs_tree.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct rm_opts {
	int flags;      /* FS_RM_* */
	int recursive;
	int empty_dirs; /* -d */
};

static int refused(const char *path, int recursive)
{
	char *base = fs_base_name(path);
	int dots = fs_is_dot_or_dotdot(base);

	free(base);
	if (dots) {
		bb_warn("refusing to remove '.' or '..' directory: skipping '%s'", path);
		return 1;
	}
	if (recursive && strspn(path, "/") == strlen(path) && *path) {
		bb_warn("it is dangerous to operate recursively on '%s'", path);
		bb_warn("use --no-preserve-root to override this failsafe");
		return 1;
	}
	return 0;
}

static int remove_operand(const char *path, const struct rm_opts *o)
{
	struct stat st;

	if (refused(path, o->recursive))
		return 1;
	if (lstat(path, &st) != 0) {
		if ((o->flags & FS_RM_FORCE) && errno == ENOENT)
			return 0;
		bb_warn_errno("cannot remove '%s'", path);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (o->recursive)
			return fs_remove_tree(path, o->flags);
		if (!o->empty_dirs) {
			errno = EISDIR;
			bb_warn_errno("cannot remove '%s'", path);
			return 1;
		}
	}
	return fs_remove_one(path, &st, o->flags);
}

int rm_main(int argc, char **argv)
{
	struct rm_opts o = { 0, 0, 0 };
	int c, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "dfirRv")) != -1) {
		switch (c) {
		case 'd': o.empty_dirs = 1; break;
		case 'f': o.flags = (o.flags | FS_RM_FORCE) & ~FS_RM_INTERACTIVE; break;
		case 'i': o.flags = (o.flags | FS_RM_INTERACTIVE) & ~FS_RM_FORCE; break;
		case 'r': case 'R': o.recursive = 1; break;
		case 'v': o.flags |= FS_RM_VERBOSE; break;
		default: return files_usage_error();
		}
	}
	if (optind >= argc) {
		if (o.flags & FS_RM_FORCE)
			return 0;
		bb_warn("missing operand");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= remove_operand(argv[i], &o);
	return status;
}
