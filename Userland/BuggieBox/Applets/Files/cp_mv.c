/*
 * cp and mv. Both resolve their operands the same way (target_of): with two
 * operands the second is the new name unless it is an existing directory; with
 * more the last must be a directory and each source goes into it under its own
 * last component. cp then hands each pair to fs_copy (Lib/fs_copy.c). mv renames,
 * and when rename(2) says EXDEV (another file system) it copies with everything
 * preserved and removes the source, as coreutils does.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_copy.h"
#include "Lib/fs_remove.h"
#include "Lib/fs_tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The operand layout: sources, then DEST, and whether DEST is a directory to put
 * them in. Returns 0, or 1 after a message. */
static int check_operands(int n, char **ops, int *into_dir)
{
	struct stat st;

	if (n < 1) {
		bb_warn("missing file operand");
		return 1;
	}
	if (n < 2) {
		bb_warn("missing destination file operand after '%s'", ops[0]);
		return 1;
	}
	*into_dir = stat(ops[n - 1], &st) == 0 && S_ISDIR(st.st_mode);
	if (n > 2 && !*into_dir) {
		errno = ENOTDIR;
		bb_warn_errno("target '%s'", ops[n - 1]);
		return 1;
	}
	return 0;
}

/* Where SRC goes: DEST itself, or DEST/basename(SRC). New allocation. */
static char *target_of(const char *src, const char *dest, int into_dir)
{
	char *base, *out;

	if (!into_dir)
		return fs_xstrdup(dest);
	base = fs_base_name(src);
	out = fs_path_join(dest, base);
	free(base);
	return out;
}

/* Calls FN(source, destination, CTX) for each source operand ARGV[optind...] and
 * the last operand. Returns the OR of the results, or 1 for bad operands. */
static int each_operand(int argc, char **argv, int (*fn)(const char *, const char *, void *),
			void *ctx)
{
	int n = argc - optind, into_dir, status = 0;
	char **ops = argv + optind;

	if (check_operands(n, ops, &into_dir) != 0)
		return 1;
	for (int i = 0; i < n - 1; i++) {
		char *dst = target_of(ops[i], ops[n - 1], into_dir);
		status |= fn(ops[i], dst, ctx);
		free(dst);
	}
	return status;
}

static int copy_operand(const char *src, const char *dst, void *ctx)
{
	return fs_copy(src, dst, ctx);
}

static int parse_cp_options(int argc, char **argv, struct fs_copy_opts *o)
{
	int c, deref_set = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "adfHiLnPprRv")) != -1) {
		switch (c) {
		case 'a':
			o->recursive = o->preserve_mode = o->preserve_owner = 1;
			o->preserve_time = o->preserve_links = 1;
			o->deref = o->deref_args = 0;
			deref_set = 1;
			break;
		case 'd': case 'P':
			o->deref = o->deref_args = 0;
			o->preserve_links |= c == 'd';
			deref_set = 1;
			break;
		case 'L': o->deref = o->deref_args = 1; deref_set = 1; break;
		case 'H': o->deref = 0; o->deref_args = 1; deref_set = 1; break;
		case 'f': o->force = 1; break;
		case 'i': o->interactive = 1; o->no_clobber = 0; break;
		case 'n': o->no_clobber = 1; o->interactive = 0; break;
		case 'p': o->preserve_mode = o->preserve_owner = o->preserve_time = 1; break;
		case 'r': case 'R': o->recursive = 1; break;
		case 'v': o->verbose = 1; break;
		default: return -1;
		}
	}
	/* Without -r symbolic links are followed; with -r they are copied (-P). */
	if (!deref_set)
		o->deref = o->deref_args = !o->recursive;
	return 0;
}

int cp_main(int argc, char **argv)
{
	struct fs_copy_opts o = { 0 };
	int status;

	if (parse_cp_options(argc, argv, &o) != 0)
		return files_usage_error();
	status = each_operand(argc, argv, copy_operand, &o);
	fs_copy_done();
	return status;
}

struct mv_opts {
	int force, interactive, no_clobber, verbose;
};

/* Copies SRC to DST keeping everything, then removes SRC. */
static int move_across(const char *src, const char *dst)
{
	struct fs_copy_opts o = { .recursive = 1, .preserve_mode = 1, .preserve_owner = 1,
				  .preserve_time = 1, .preserve_links = 1, .force = 1 };
	struct stat st;

	if (lstat(dst, &st) == 0 && S_ISDIR(st.st_mode) && fs_remove_tree(dst, 0) != 0)
		return 1;
	/* The hard-link memory lasts for the whole command (mv_main ends it), so links
	 * between operands survive the move. */
	return fs_copy(src, dst, &o) != 0 ? 1 : fs_remove_tree(src, 0);
}

/* Whether moving onto DST may go ahead (it is absent, or -f / -i allow it). */
static int may_replace(const char *dst, const struct mv_opts *o)
{
	struct stat st;

	if (lstat(dst, &st) != 0)
		return 1;
	if (o->no_clobber)
		return 0;
	if (o->interactive)
		return fs_confirm("overwrite '%s'? ", dst);
	return 1;
}

static int move_one(const char *src, const char *dst, void *ctx)
{
	const struct mv_opts *o = ctx;
	struct stat sst, dst_st;

	if (lstat(src, &sst) != 0) {
		bb_warn_errno("cannot stat '%s'", src);
		return 1;
	}
	if (lstat(dst, &dst_st) == 0 && sst.st_dev == dst_st.st_dev && sst.st_ino == dst_st.st_ino) {
		bb_warn("'%s' and '%s' are the same file", src, dst);
		return 1;
	}
	if (!may_replace(dst, o))
		return 0;
	if (rename(src, dst) != 0) {
		if (errno == EXDEV)
			return move_across(src, dst);
		if (errno == EINVAL)
			bb_warn("cannot move '%s' to a subdirectory of itself, '%s'", src, dst);
		else
			bb_warn_errno("cannot move '%s' to '%s'", src, dst);
		return 1;
	}
	if (o->verbose)
		printf("renamed '%s' -> '%s'\n", src, dst);
	return 0;
}

int mv_main(int argc, char **argv)
{
	struct mv_opts o = { 0 };
	int c, status;

	optind = 0;
	while ((c = getopt(argc, argv, "finv")) != -1) {
		switch (c) {
		case 'f': o.force = 1; o.interactive = o.no_clobber = 0; break;
		case 'i': o.interactive = 1; o.force = o.no_clobber = 0; break;
		case 'n': o.no_clobber = 1; o.force = o.interactive = 0; break;
		case 'v': o.verbose = 1; break;
		default: return files_usage_error();
		}
	}
	status = each_operand(argc, argv, move_one, &o);
	fs_copy_done();
	return status;
}
