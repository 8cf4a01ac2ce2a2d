/*
 * The path applets: basename and dirname (pure string work, as POSIX specifies
 * them, with GNU's -a, -s and -z), and readlink and realpath, which ask the file
 * system (through path_canonical for -f/-e/-m and realpath's resolution).
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_tree.h"
#include "Lib/path_canon.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Prints the basename of NAME with SUFFIX removed (unless that would empty it). */
static void print_base(const char *name, const char *suffix, char end)
{
	char *b = fs_base_name(name);
	size_t bl = strlen(b), sl = suffix ? strlen(suffix) : 0;

	if (sl && sl < bl && strcmp(b + bl - sl, suffix) == 0)
		b[bl - sl] = 0;
	printf("%s%c", b, end);
	free(b);
}

int basename_main(int argc, char **argv)
{
	const char *suffix = NULL;
	int all = 0, c;
	char end = '\n';

	optind = 0;
	while ((c = getopt(argc, argv, "+as:z")) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 's': suffix = optarg; all = 1; break;
		case 'z': end = 0; break;
		default: return files_usage_error();
		}
	}
	if (optind >= argc) {
		bb_warn("missing operand");
		return files_usage_error();
	}
	if (!all) {
		if (argc - optind > 2) {
			bb_warn("extra operand '%s'", argv[optind + 2]);
			return files_usage_error();
		}
		print_base(argv[optind], argv[optind + 1], end);
		return 0;
	}
	for (int i = optind; i < argc; i++)
		print_base(argv[i], suffix, end);
	return 0;
}

int dirname_main(int argc, char **argv)
{
	char end = '\n';
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "+z")) != -1) {
		if (c != 'z')
			return files_usage_error();
		end = 0;
	}
	if (optind >= argc) {
		bb_warn("missing operand");
		return files_usage_error();
	}
	for (int i = optind; i < argc; i++) {
		char *d = fs_dir_name(argv[i]);
		printf("%s%c", d, end);
		free(d);
	}
	return 0;
}

/* Options shared by readlink and realpath. */
struct resolve_opts {
	int canon;          /* resolve fully (readlink -f/-e/-m; always for realpath) */
	enum path_canon_mode mode;
	int quiet;
	int end;            /* the delimiter after each name; -1 for none (readlink -n) */
};

static void print_resolved(const char *s, int end)
{
	fputs(s, stdout);
	if (end >= 0)
		putchar(end);
}

static int resolve_one(const char *path, const struct resolve_opts *o)
{
	char buf[PATH_MAX];
	char *out;

	if (o->canon) {
		out = path_canonical(path, o->mode);
		if (!out) {
			if (!o->quiet)
				bb_warn_errno("%s", path);
			return 1;
		}
		print_resolved(out, o->end);
		free(out);
		return 0;
	}
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0) {
		if (!o->quiet)
			bb_warn_errno("%s", path);
		return 1;
	}
	buf[n] = 0;
	print_resolved(buf, o->end);
	return 0;
}

static int resolve_all(int argc, char **argv, struct resolve_opts *o)
{
	int status = 0;

	if (optind >= argc) {
		bb_warn("missing operand");
		return files_usage_error();
	}
	for (int i = optind; i < argc; i++)
		status |= resolve_one(argv[i], o);
	return status;
}

int readlink_main(int argc, char **argv)
{
	struct resolve_opts o = { 0, PATH_CANON_ALL_BUT_LAST, 1, '\n' };
	int no_newline = 0, c;

	optind = 0;
	while ((c = getopt(argc, argv, "+femnqsvz")) != -1) {
		switch (c) {
		case 'f': o.canon = 1; o.mode = PATH_CANON_ALL_BUT_LAST; break;
		case 'e': o.canon = 1; o.mode = PATH_CANON_EXISTING; break;
		case 'm': o.canon = 1; o.mode = PATH_CANON_MISSING; break;
		case 'n': no_newline = 1; break;
		case 'q': case 's': o.quiet = 1; break;
		case 'v': o.quiet = 0; break;
		case 'z': o.end = 0; break;
		default: return files_usage_error();
		}
	}
	if (no_newline && argc - optind == 1 && o.end == '\n')
		o.end = -1;
	return resolve_all(argc, argv, &o);
}

int realpath_main(int argc, char **argv)
{
	struct resolve_opts o = { 1, PATH_CANON_ALL_BUT_LAST, 0, '\n' };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "+emqz")) != -1) {
		switch (c) {
		case 'e': o.mode = PATH_CANON_EXISTING; break;
		case 'm': o.mode = PATH_CANON_MISSING; break;
		case 'q': o.quiet = 1; break;
		case 'z': o.end = 0; break;
		default: return files_usage_error();
		}
	}
	return resolve_all(argc, argv, &o);
}
