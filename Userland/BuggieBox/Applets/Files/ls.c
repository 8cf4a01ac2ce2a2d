/*
 * ls: list directory contents.
 *
 * The command line is split the way coreutils does it: operands that are not
 * directories (or all of them, with -d) are listed first as one block, then each
 * directory's contents, under a "NAME:" header when there is more than one operand
 * or -R. Symbolic links named on the command line are followed unless -l, -d or -F
 * asks to show the link itself. With -R, subdirectories are listed after their
 * parent's block, depth first, never following links.
 *
 * Exit status as in coreutils: 0, 1 for trouble inside a listing (a subdirectory
 * that cannot be opened), 2 for an operand that cannot be accessed.
 */
#include "ls.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static struct ls_opts opts;
static int status;
static int printed_block;  /* something was printed already: separate with a blank line */

static int compare_files(const void *pa, const void *pb)
{
	const struct ls_file *a = pa, *b = pb;
	int r = 0;

	if (opts.sort == 't') {
		if (a->st.st_mtim.tv_sec != b->st.st_mtim.tv_sec)
			r = a->st.st_mtim.tv_sec < b->st.st_mtim.tv_sec ? 1 : -1;
		else if (a->st.st_mtim.tv_nsec != b->st.st_mtim.tv_nsec)
			r = a->st.st_mtim.tv_nsec < b->st.st_mtim.tv_nsec ? 1 : -1;
	} else if (opts.sort == 'S' && a->st.st_size != b->st.st_size) {
		r = a->st.st_size < b->st.st_size ? 1 : -1;
	}
	if (r == 0)
		r = strcmp(a->name, b->name);
	return opts.reverse ? -r : r;
}

static void sort_files(struct ls_file *files, size_t n)
{
	if (opts.sort != 'U' && n > 1)
		qsort(files, n, sizeof(*files), compare_files);
}

/* Fills F for PATH; FOLLOW stats through a symbolic link (falling back to the link
 * itself when it dangles, except under -L, where that is an error and F is marked
 * broken). Returns 0 or -1 (errno set). */
static int load_file(struct ls_file *f, const char *name, const char *path, int follow)
{
	memset(f, 0, sizeof(*f));
	f->name = fs_xstrdup(name);
	f->path = fs_xstrdup(path);
	if (!follow || stat(path, &f->st) != 0) {
		int err = errno;
		if (lstat(path, &f->st) != 0)
			return -1;
		if (follow && opts.deref) {
			mode_t mode = f->st.st_mode;
			memset(&f->st, 0, sizeof(f->st));  /* sorts as coreutils' unknown file */
			f->st.st_mode = mode;
			f->broken = 1;
			errno = err;
			return -1;
		}
	}
	f->ok = 1;
	if (S_ISLNK(f->st.st_mode) && opts.long_format) {
		char buf[4096];
		ssize_t n = readlink(path, buf, sizeof(buf) - 1);
		if (n >= 0) {
			buf[n] = 0;
			f->target = fs_xstrdup(buf);
		}
		f->tok = stat(path, &f->tst) == 0;
	}
	return 0;
}

static void free_files(struct ls_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].path);
		free(files[i].target);
	}
	free(files);
}

static void free_all(struct ls_file *files, size_t nfiles, struct ls_file *dirs, size_t ndirs)
{
	for (size_t i = 0; i < nfiles + ndirs; i++) {
		struct ls_file *f = i < nfiles ? &files[i] : &dirs[i - nfiles];
		free(f->name);
		free(f->path);
		free(f->target);
	}
	free(files);
}

static int shown(const char *name)
{
	if (name[0] != '.')
		return 1;
	if (opts.all)
		return 1;
	return opts.almost_all && !fs_is_dot_or_dotdot(name);
}

/* Whether the listing needs each entry's status (so that a link -L cannot
 * follow is an error). Like coreutils, a plain list of names does not. */
static int needs_stat(void)
{
	return opts.long_format || opts.blocks || opts.classify || opts.slash_dirs ||
	       opts.recursive || opts.sort == 't' || opts.sort == 'S';
}

/* Reads directory PATH into *OUT; returns the count or -1 (errno set). */
static long read_dir(const char *path, struct ls_file **out)
{
	DIR *d = opendir(path);
	struct dirent *de;
	struct ls_file *files = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (!shown(de->d_name))
			continue;
		if (n == cap)
			files = fs_xrealloc(files, (cap = cap ? cap * 2 : 32) * sizeof(*files));
		char *child = fs_path_join(path, de->d_name);
		if (load_file(&files[n], de->d_name, child, opts.deref) != 0 && needs_stat()) {
			/* coreutils names entries of "." without the "./" */
			bb_warn_errno("cannot access '%s'", strcmp(path, ".") == 0 ? de->d_name : child);
			status = 1;
		}
		free(child);
		n++;
	}
	closedir(d);
	*out = files;
	return (long)n;
}

static void list_dir(const char *path, int header, int top)
{
	struct ls_file *files;
	long n;

	if (printed_block)
		putchar('\n');
	printed_block = 1;
	if (header)
		printf("%s:\n", path);
	n = read_dir(path, &files);
	if (n < 0) {
		bb_warn_errno("cannot open directory '%s'", path);
		status = top ? 2 : 1;
		return;
	}
	sort_files(files, (size_t)n);
	ls_print_files(files, (size_t)n, &opts, 1, files, (size_t)n);
	for (long i = 0; opts.recursive && i < n; i++)
		if (files[i].ok && S_ISDIR(files[i].st.st_mode) && !fs_is_dot_or_dotdot(files[i].name))
			list_dir(files[i].path, 1, 0);
	free_files(files, (size_t)n);
}

static int parse_options(int argc, char **argv)
{
	int c;

	opts.sort = 'n';
	opts.layout = isatty(1) ? 'C' : '1';
	optind = 0;
	while ((c = getopt(argc, argv, "1aACdFhiLlnprRsStU")) != -1) {
		switch (c) {
		case '1': opts.layout = '1'; break;
		case 'a': opts.all = 1; break;
		case 'A': opts.almost_all = 1; break;
		case 'C': opts.layout = 'C'; break;
		case 'd': opts.dirs_only = 1; break;
		case 'F': opts.classify = 1; break;
		case 'h': opts.human = 1; break;
		case 'i': opts.inode = 1; break;
		case 'l': opts.layout = 'l'; opts.long_format = 1; break;
		case 'n': opts.layout = 'l'; opts.long_format = 1; opts.numeric_ids = 1; break;
		case 'p': opts.slash_dirs = 1; break;
		case 'r': opts.reverse = 1; break;
		case 'R': opts.recursive = 1; break;
		case 's': opts.blocks = 1; break;
		case 'S': opts.sort = 'S'; break;
		case 'L': opts.deref = 1; break;
		case 't': opts.sort = 't'; break;
		case 'U': opts.sort = 'U'; break;
		default: return -1;
		}
	}
	return 0;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && atoi(env) > 0)
		return atoi(env);
	return 80;
}

int ls_main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	char **operands;
	int nops, follow;
	struct ls_file *files, *dirs;
	size_t nfiles = 0, ndirs = 0;

	memset(&opts, 0, sizeof(opts));
	status = printed_block = 0;
	if (parse_options(argc, argv) != 0)
		return bb_usage();  /* 2, as coreutils ls */
	opts.width = terminal_width();
	operands = optind < argc ? argv + optind : dot;
	nops = optind < argc ? argc - optind : 1;
	follow = !(opts.long_format || opts.dirs_only || opts.classify);
	files = fs_xmalloc((size_t)nops * sizeof(*files));
	memset(files, 0, (size_t)nops * sizeof(*files));
	dirs = files + nops;  /* directories fill the array from the end */
	for (int i = 0; i < nops; i++) {
		struct ls_file f;
		size_t len = strlen(operands[i]);
		int f_follow = follow || opts.deref || (len > 0 && operands[i][len - 1] == '/');
		if (load_file(&f, operands[i], operands[i], f_follow) != 0) {
			bb_warn_errno("cannot access '%s'", operands[i]);
			status = 2;
			free(f.name);
			free(f.path);
			continue;
		}
		if (S_ISDIR(f.st.st_mode) && !opts.dirs_only)
			*--dirs = f, ndirs++;
		else
			files[nfiles++] = f;
	}
	sort_files(files, nfiles);
	sort_files(dirs, ndirs);
	if (nfiles) {
		ls_print_files(files, nfiles, &opts, 0, files, (size_t)nops);
		printed_block = 1;
	}
	for (size_t i = 0; i < ndirs; i++)
		list_dir(dirs[i].path, nops > 1 || opts.recursive, 1);
	free_all(files, nfiles, dirs, ndirs);
	return status;
}
