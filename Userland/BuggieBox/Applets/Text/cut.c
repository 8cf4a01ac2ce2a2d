/*
 * cut: selects bytes (-b), characters (-c) or fields (-f) of each line.
 *
 * LIST is a comma-separated set of N, N-M, N- and -M (1-based). Fields are split
 * at the -d character (default TAB) and joined with it on output; a line without
 * the delimiter is printed whole, or dropped under -s. -c counts bytes, as
 * coreutils does in practice. The selection is a bitmap up to the highest
 * explicit position plus an "everything from here on" mark.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cut_opts {
	char mode;             /* 'b' or 'f' */
	char delim;
	bool only_delimited;
	bool *pick;            /* pick[i]: position i+1 is selected */
	size_t npick;          /* positions covered by pick */
	size_t open_from;      /* every position >= this is selected (0: none) */
};

static bool selected(const struct cut_opts *o, size_t pos)
{
	return (o->open_from && pos >= o->open_from) || (pos <= o->npick && o->pick[pos - 1]);
}

static bool mark(struct cut_opts *o, size_t from, size_t to)
{
	if (to > o->npick) {
		bool *p = realloc(o->pick, to * sizeof(*p));
		if (!p)
			return false;
		memset(p + o->npick, 0, (to - o->npick) * sizeof(*p));
		o->pick = p;
		o->npick = to;
	}
	for (size_t i = from; i <= to; i++)
		o->pick[i - 1] = true;
	return true;
}

/* Parses LIST into O; warns and returns false when it is malformed. */
static bool parse_list(struct cut_opts *o, const char *list)
{
	const char *p = list;

	while (*p) {
		char *end;
		size_t from = 1, to;
		if (*p != '-') {
			from = strtoul(p, &end, 10);
			if (end == p || from == 0)
				goto bad;
			p = end;
		}
		to = from;
		if (*p == '-') {
			p++;
			to = 0;
			if (*p >= '0' && *p <= '9') {
				to = strtoul(p, &end, 10);
				p = end;
				if (to < from)
					goto bad;
			}
		}
		if (to == 0) {
			if (!o->open_from || from < o->open_from)
				o->open_from = from;
		} else if (!mark(o, from, to)) {
			bb_warn_errno("out of memory");
			return false;
		}
		if (*p == ',')
			p++;
		else if (*p)
			goto bad;
	}
	if (o->npick == 0 && !o->open_from)
		goto bad;
	return true;
bad:
	bb_warn("invalid list '%s'", list);
	return false;
}

static void cut_bytes(const struct cut_opts *o, const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (selected(o, i + 1))
			putchar(line[i]);
	putchar('\n');
}

static void cut_fields(const struct cut_opts *o, const char *line, size_t len)
{
	if (!memchr(line, o->delim, len)) {
		if (!o->only_delimited) {
			fwrite(line, 1, len, stdout);
			putchar('\n');
		}
		return;
	}
	size_t field = 1, start = 0;
	bool first = true;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != o->delim)
			continue;
		if (selected(o, field)) {
			if (!first)
				putchar(o->delim);
			fwrite(line + start, 1, i - start, stdout);
			first = false;
		}
		field++;
		start = i + 1;
	}
	putchar('\n');
}

static int cut_file(FILE *f, const char *path, void *ctx)
{
	struct cut_opts *o = ctx;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = input_line(f, &line, &cap)) >= 0) {
		if (o->mode == 'f')
			cut_fields(o, line, len);
		else
			cut_bytes(o, line, len);
	}
	free(line);
	return 0;
}

int cut_main(int argc, char **argv)
{
	struct cut_opts o = { .delim = '\t' };
	const char *list = NULL;
	bool delim_given = false;
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "b:c:f:d:sn")) != -1) {
		switch (c) {
		case 'b': case 'c': case 'f':
			if (list) {
				bb_warn("only one list may be specified");
				return (bb_usage(), 1);
			}
			list = optarg;
			o.mode = c == 'f' ? 'f' : 'b';
			break;
		case 'd':
			if (strlen(optarg) > 1) {
				bb_warn("the delimiter must be a single character");
				return 1;
			}
			o.delim = optarg[0] ? optarg[0] : '\n';
			delim_given = true;
			break;
		case 's': o.only_delimited = true; break;
		case 'n': break; /* POSIX: do not split characters; bytes are characters here */
		default: return (bb_usage(), 1);
		}
	}
	if (!list) {
		bb_warn("you must specify a list of bytes, characters, or fields");
		return (bb_usage(), 1);
	}
	if (o.mode != 'f' && (delim_given || o.only_delimited)) {
		bb_warn("-d and -s make sense only with fields");
		return (bb_usage(), 1);
	}
	if (!parse_list(&o, list)) {
		free(o.pick);
		return 1;
	}
	int status = input_each(argc - optind, argv + optind, cut_file, &o);
	free(o.pick);
	fflush(stdout);
	return status;
}
