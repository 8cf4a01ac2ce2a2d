/*
 * ln: make hard or symbolic links.
 *
 * Forms: ln TARGET LINK, ln TARGET... DIR (each link named after its target's last
 * component), and ln TARGET (a link in the working directory). The last operand is
 * taken as a directory when it is one, following a symbolic link unless -n. With
 * -f an existing non-directory at the link's name is removed first. Hard links do
 * not follow a symbolic-link target (linkat without AT_SYMLINK_FOLLOW), as on GNU.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct ln_opts {
	int symbolic, force, no_deref, verbose;
};

static int make_link(const char *target, const char *name, const struct ln_opts *o)
{
	struct stat tst, nst;

	if (o->force && lstat(name, &nst) == 0) {
		if (!o->symbolic && stat(target, &tst) == 0 &&
		    tst.st_dev == nst.st_dev && tst.st_ino == nst.st_ino) {
			bb_warn("'%s' and '%s' are the same file", target, name);
			return 1;
		}
		if (!S_ISDIR(nst.st_mode) && unlink(name) != 0) {
			bb_warn_errno("cannot remove '%s'", name);
			return 1;
		}
	}
	if ((o->symbolic ? symlink(target, name) : linkat(AT_FDCWD, target, AT_FDCWD, name, 0)) != 0) {
		if (o->symbolic)
			bb_warn_errno("failed to create symbolic link '%s'", name);
		else
			bb_warn_errno("failed to create hard link '%s' => '%s'", name, target);
		return 1;
	}
	if (o->verbose)
		printf("'%s' -> '%s'\n", name, target);
	return 0;
}

static int is_dir(const char *path, int no_deref)
{
	struct stat st;

	return (no_deref ? lstat(path, &st) : stat(path, &st)) == 0 && S_ISDIR(st.st_mode);
}

static int link_into(const char *target, const char *dir, const struct ln_opts *o)
{
	char *base = fs_base_name(target);
	char *name = fs_path_join(dir, base);
	int rc = make_link(target, name, o);

	free(base);
	free(name);
	return rc;
}

int ln_main(int argc, char **argv)
{
	struct ln_opts o = { 0, 0, 0, 0 };
	int c, n, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "sfnv")) != -1) {
		switch (c) {
		case 's': o.symbolic = 1; break;
		case 'f': o.force = 1; break;
		case 'n': o.no_deref = 1; break;
		case 'v': o.verbose = 1; break;
		default: return files_usage_error();
		}
	}
	n = argc - optind;
	if (n < 1) {
		bb_warn("missing file operand");
		return 1;
	}
	if (n == 1)
		return link_into(argv[optind], ".", &o);
	const char *last = argv[argc - 1];
	if (is_dir(last, o.no_deref)) {
		for (int i = optind; i < argc - 1; i++)
			status |= link_into(argv[i], last, &o);
		return status;
	}
	if (n > 2) {
		errno = ENOTDIR;
		bb_warn_errno("target '%s'", last);
		return 1;
	}
	return make_link(argv[optind], last, &o);
}
