/*
 * mkdir and rmdir.
 *
 * mkdir -p creates each missing ancestor with mode 0777 & ~umask | u+wx (so it can
 * create the next level), and the last with -m's mode if given; an existing
 * directory is not an error under -p. A mode given with -m is applied with chmod
 * after mkdir, because mkdir(2) masks it with the umask and -m must not be.
 * rmdir -p removes each parent in turn after the operand, stopping at the first
 * failure.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_tree.h"
#include "Lib/mode_string.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mkdir_opts {
	int parents;
	int verbose;
	int have_mode;
	mode_t mode;
};

static int make_one(const char *path, const struct mkdir_opts *o, int last)
{
	mode_t mask = umask(0);
	mode_t mode = last && o->have_mode ? o->mode : (0777 & ~mask) | (last ? 0 : S_IWUSR | S_IXUSR);
	struct stat st;

	umask(mask);
	if (mkdir(path, last && o->have_mode ? 0700 : 0777) != 0) {
		int err = errno;
		if (o->parents && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		errno = err;
		bb_warn_errno("cannot create directory '%s'", path);
		return 1;
	}
	if (o->verbose)
		printf("%s: created directory '%s'\n", bb_name, path);
	if ((!last || o->have_mode) && chmod(path, mode) != 0) {
		bb_warn_errno("cannot set permissions of '%s'", path);
		return 1;
	}
	return 0;
}

/* mkdir -p: every prefix of PATH ending before a slash, then PATH itself. */
static int make_parents(const char *path, const struct mkdir_opts *o)
{
	char *copy = fs_xstrdup(path);
	int rc = 0;

	for (char *p = copy + 1; *p && rc == 0; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = 0;
		struct stat st;
		if (stat(copy, &st) != 0 || !S_ISDIR(st.st_mode))
			rc = make_one(copy, o, 0);
		*p = '/';
	}
	if (rc == 0)
		rc = make_one(path, o, 1);
	free(copy);
	return rc;
}

int mkdir_main(int argc, char **argv)
{
	struct mkdir_opts o = { 0, 0, 0, 0 };
	int c, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "pvm:")) != -1) {
		switch (c) {
		case 'p': o.parents = 1; break;
		case 'v': o.verbose = 1; break;
		case 'm':
			if (mode_apply(optarg, S_IFDIR | 0777, 0, &o.mode) != 0) {
				bb_warn("invalid mode '%s'", optarg);
				return 1;
			}
			o.have_mode = 1;
			break;
		default: return files_usage_error();
		}
	}
	if (optind >= argc) {
		bb_warn("missing operand");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= o.parents ? make_parents(argv[i], &o) : make_one(argv[i], &o, 1);
	return status;
}

static int remove_dir(const char *path, int verbose, int ignore_nonempty)
{
	if (rmdir(path) != 0) {
		if (ignore_nonempty && (errno == ENOTEMPTY || errno == EEXIST))
			return 1;
		bb_warn_errno("failed to remove '%s'", path);
		return 1;
	}
	if (verbose)
		printf("%s: removing directory, '%s'\n", bb_name, path);
	return 0;
}

/* rmdir -p: PATH, then each parent named in it, up to the first failure. */
static int remove_parents(const char *path, int verbose, int ignore_nonempty)
{
	char *copy = fs_xstrdup(path);
	int rc = remove_dir(copy, verbose, ignore_nonempty);

	while (rc == 0) {
		size_t len = strlen(copy);
		while (len > 0 && copy[len - 1] == '/')
			len--;
		while (len > 0 && copy[len - 1] != '/')
			len--;
		while (len > 0 && copy[len - 1] == '/')
			len--;
		if (len == 0)
			break;
		copy[len] = 0;
		rc = remove_dir(copy, verbose, ignore_nonempty);
	}
	free(copy);
	return rc;
}

int rmdir_main(int argc, char **argv)
{
	int parents = 0, verbose = 0, ignore = 0, c, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "pvi")) != -1) {
		switch (c) {
		case 'p': parents = 1; break;
		case 'v': verbose = 1; break;
		case 'i': ignore = 1; break;
		default: return files_usage_error();
		}
	}
	if (optind >= argc) {
		bb_warn("missing operand");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= parents ? remove_parents(argv[i], verbose, ignore)
				  : remove_dir(argv[i], verbose, ignore);
	return status;
}
