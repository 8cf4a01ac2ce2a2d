/*
 * grep: prints lines that match patterns.
 *
 * Patterns come from the first operand or from each -e or -f, and a pattern
 * holding newlines is one pattern per line. They are POSIX basic regular
 * expressions, extended ones under -E, or fixed strings under -F, matched with the
 * C library's regcomp/regexec (musl's TRE-derived engine on Atoll); see
 * grep_pattern.c. Output is grep_print.c; this file reads the files.
 *
 * Output: "FILE:" before lines when more than one file is searched or -r is on
 * (-H forces it, -h drops it), "N:" under -n; -o prints each match alone;
 * -A/-B/-C N add context lines ("FILE-N-" prefixes, "--" between groups); -c
 * prints counts, -l names (-L those without a match), -q nothing. A binary file (a
 * NUL byte in its first 32 KiB or in a line read) prints no lines: its first match
 * is reported as "grep: FILE: binary file matches" on standard error, as GNU grep
 * 3.8 does (-a: treat it as text). -r walks directories with Lib/fs_tree (no
 * operand means ".", printed without the "./").
 *
 * Exit status: 0 when a line was selected, 1 when none was, 2 on an error, except
 * that -q with a selected line is 0 (POSIX). -s silences the messages about
 * unreadable files.
 */
#include "grep.h"

#include "Lib/bb.h"
#include "Lib/fs_tree.h"
#include "Lib/input.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Lines of a file whose first block was read ahead with read(2) (what is there,
 * up to 32 KiB, so pipes still stream) to tell binary files from text as GNU
 * grep does: a NUL byte in that block, or in any later line, makes the file
 * binary.
 */
struct grep_src {
	FILE *f;
	char pre[32768];
	size_t len, pos;
	bool binary;
};

static void src_open(struct grep_src *src, FILE *f)
{
	ssize_t r;

	src->f = f;
	src->pos = 0;
	while ((r = read(fileno(f), src->pre, sizeof(src->pre))) < 0 && errno == EINTR)
		;
	src->len = r > 0 ? (size_t)r : 0;
	src->binary = memchr(src->pre, '\0', src->len) != NULL;
}

/* input_line() over the read-ahead block and then the rest of the file. */
static ssize_t src_line(struct grep_src *src, char **line, size_t *cap)
{
	if (src->pos >= src->len)
		return input_line(src->f, line, cap);
	char *start = src->pre + src->pos, *nl = memchr(start, '\n', src->len - src->pos);
	size_t take = nl ? (size_t)(nl - start) : src->len - src->pos;
	char *rest = NULL;
	size_t rest_cap = 0;
	ssize_t more = nl ? 0 : input_line(src->f, &rest, &rest_cap);
	size_t total = take + (more > 0 ? more : 0);

	src->pos += take + (nl != NULL);
	if (*cap < total + 1) {
		char *bigger = realloc(*line, total + 1);
		if (!bigger) {
			free(rest);
			return -1;
		}
		*line = bigger, *cap = total + 1;
	}
	memcpy(*line, start, take);
	if (more > 0)
		memcpy(*line + take, rest, more);
	(*line)[total] = '\0';
	free(rest);
	return total;
}

/* Acts on selected line N of PATH; returns false when the rest of the file can be
 * skipped (-l, -L, a binary file). */
static bool on_selected(struct grep *g, const struct grep_src *src, const char *path,
			unsigned long n, const char *line, size_t len)
{
	g->selected = true;
	if (g->quiet) {
		g->done = true;
	} else if (g->list) {
		printf("%s\n", grep_shown_name(g, path));
		return false;
	} else if (g->list_unmatched) {
		return false;
	} else if (g->count) {
		/* counted by the caller */
	} else if (src->binary && !g->text) {
		fflush(stdout);
		fprintf(stderr, "grep: %s: binary file matches\n", grep_shown_name(g, path));
		return false;
	} else if (g->only_matching) {
		if (!g->invert)
			grep_print_matches(g, path, n, line, len);
	} else {
		if (g->context)
			grep_flush_before(g, path, true);
		grep_print_line(g, path, n, line, len, ':');
		g->after_left = g->after;
	}
	return true;
}

/* After the last line of PATH: what -L and -c print, and the context reset. */
static void file_done(struct grep *g, const char *path, unsigned long hits)
{
	if (g->context)
		grep_flush_before(g, path, false);
	g->after_left = 0;
	if (g->list_unmatched && hits == 0 && !g->quiet)
		printf("%s\n", grep_shown_name(g, path));
	if (g->count && !g->quiet && !g->list_unmatched) {
		if (g->names)
			printf("%s:", grep_shown_name(g, path));
		printf("%lu\n", hits);
	}
}

static int grep_file(FILE *f, const char *path, void *ctx)
{
	struct grep *g = ctx;
	struct grep_src *src = malloc(sizeof(*src));
	char *line = NULL;
	size_t cap = 0;
	unsigned long n = 0, hits = 0;
	ssize_t len;

	if (!src) {
		bb_warn_errno("out of memory");
		g->error = true;
		return 1;
	}
	src_open(src, f);
	g->last_printed = (unsigned long)-2; /* the first line printed gets a "--" */
	while (!g->done && (len = src_line(src, &line, &cap)) >= 0) {
		n++;
		src->binary = src->binary || strlen(line) != (size_t)len;
		if (grep_line_selected(g, line, len)) {
			hits++;
			if (!on_selected(g, src, path, n, line, len))
				break;
		} else if (g->context) {
			grep_context_line(g, path, n, line, len);
		}
	}
	file_done(g, path, hits);
	free(line);
	free(src);
	return 0;
}

/* Opens and searches one file, reporting errors unless -s. */
static void grep_path(struct grep *g, const char *path)
{
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (!g->silent)
			bb_warn("%s: Is a directory", path);
		g->error = true;
		return;
	}
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else if (!(f = fopen(path, "r"))) {
		if (!g->silent)
			bb_warn_errno("%s", path);
		g->error = true;
		return;
	}
	errno = 0;
	grep_file(f, path, g);
	if (ferror(f)) {
		if (!g->silent)
			bb_warn_errno("%s", path);
		g->error = true;
	}
	if (f != stdin)
		fclose(f);
}

static int visit(const struct fs_entry *e, void *ctx)
{
	struct grep *g = ctx;

	if (g->done)
		return FS_STOP;
	if (e->kind == FS_DIR_ERR || e->kind == FS_STAT_ERR) {
		errno = e->err;
		if (!g->silent)
			bb_warn_errno("%s", e->path);
		g->error = true;
	} else if (e->kind == FS_FILE && (S_ISREG(e->st->st_mode) || e->depth == 0)) {
		grep_path(g, e->path);
	}
	return FS_CONTINUE;
}

/* -A N, -B N, -C N (both). */
static bool context_arg(struct grep *g, int opt, const char *arg)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end || v > 1000000) {
		bb_warn("%s: invalid context length argument", arg);
		return false;
	}
	g->context = true; /* even "-A 0" separates groups with "--" */
	if (opt != 'B')
		g->after = v;
	if (opt != 'A')
		g->before = v;
	return true;
}

static int parse_opts(struct grep *g, int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "ivncrREFGlLqwsxhHoae:f:A:B:C:")) != -1) {
		switch (c) {
		case 'i': g->icase = true; break;
		case 'v': g->invert = true; break;
		case 'n': g->number = true; break;
		case 'c': g->count = true; break;
		case 'r': case 'R': g->recursive = true; break;
		case 'E': g->extended = true, g->fixed = false; break;
		case 'F': g->fixed = true, g->extended = false; break;
		case 'G': g->fixed = g->extended = false; break;
		case 'l': g->list = true; break;
		case 'q': g->quiet = true; break;
		case 'w': g->word = true; break;
		case 's': g->silent = true; break;
		case 'x': g->whole_line = true; break;
		case 'o': g->only_matching = true; break;
		case 'a': g->text = true; break;
		case 'L': g->list_unmatched = true; break;
		case 'f':
			if (!grep_patterns_from_file(g, optarg))
				return 2;
			break;
		case 'h': g->no_names = true, g->force_names = false; break;
		case 'H': g->force_names = true, g->no_names = false; break;
		case 'e':
			if (!grep_add_patterns(g, optarg))
				return 2;
			break;
		case 'A': case 'B': case 'C':
			if (!context_arg(g, c, optarg))
				return 2;
			break;
		default:
			return bb_usage();
		}
	}
	if (g->npats == 0) {
		if (optind >= argc)
			return bb_usage();
		if (!grep_add_patterns(g, argv[optind++]))
			return 2;
	}
	return 0;
}

int grep_main(int argc, char **argv)
{
	struct grep g = { 0 };
	static char *dot[] = { "." }, *dash[] = { "-" };
	int r = parse_opts(&g, argc, argv);

	if (r || !grep_compile(&g)) {
		grep_release(&g);
		return 2;
	}
	g.context = g.context && !g.count && !g.list && !g.quiet && !g.only_matching;
	if (g.context && g.before && !(g.ring = calloc(g.before, sizeof(*g.ring)))) {
		bb_warn_errno("out of memory");
		grep_release(&g);
		return 2;
	}
	int n = argc - optind;
	char **paths = argv + optind;
	if (n == 0) {
		g.implicit_dot = g.recursive;
		paths = g.recursive ? dot : dash;
		n = 1;
	}
	struct stat st;
	bool tree = g.recursive && stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode);
	g.names = !g.no_names && (g.force_names || n > 1 || tree);
	for (int i = 0; i < n && !g.done; i++) {
		if (g.recursive && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			fs_walk(paths[i], FS_FOLLOW_ROOT | FS_NO_POST, visit, &g);
		else
			grep_path(&g, paths[i]);
	}
	grep_release(&g);
	fflush(stdout);
	if (g.quiet && g.selected)
		return 0;
	return g.error ? 2 : g.selected ? 0 : 1;
}
