/*
 * uniq: reports or filters out repeated adjacent lines.
 *
 * uniq [-c] [-d | -u] [-i] [-f N] [-s N] [INPUT [OUTPUT]]. -c prefixes each
 * output line with its repeat count ("%7lu "), -d prints only repeated lines, -u
 * only unrepeated ones, -i compares ignoring case, -f N skips N fields (blanks
 * then non-blanks) and -s N then skips N characters before comparing. Lines may
 * hold any bytes, NUL included.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct uniq_opts {
	bool count, repeated, unique, icase;
	unsigned long skip_fields, skip_chars;
	FILE *out;
};

/* Where the compared part of LINE starts, after -f and -s. */
static size_t compared_from(const struct uniq_opts *o, const char *line, size_t len)
{
	size_t i = 0;

	for (unsigned long f = 0; f < o->skip_fields; f++) {
		while (i < len && isblank((unsigned char)line[i]))
			i++;
		while (i < len && !isblank((unsigned char)line[i]))
			i++;
	}
	return len - i > o->skip_chars ? i + o->skip_chars : len;
}

static bool same(const struct uniq_opts *o, const char *a, size_t alen, const char *b, size_t blen)
{
	size_t sa = compared_from(o, a, alen), sb = compared_from(o, b, blen);

	a += sa, alen -= sa;
	b += sb, blen -= sb;
	if (alen != blen)
		return false;
	return o->icase ? strncasecmp(a, b, alen) == 0 : memcmp(a, b, alen) == 0;
}

static void emit(const struct uniq_opts *o, const char *line, size_t len, unsigned long n)
{
	if ((o->repeated && n < 2) || (o->unique && n > 1))
		return;
	if (o->count)
		fprintf(o->out, "%7lu ", n);
	fwrite(line, 1, len, o->out);
	putc('\n', o->out);
}

static int uniq_file(FILE *f, const char *path, void *ctx)
{
	struct uniq_opts *o = ctx;
	char *prev = NULL, *line = NULL;
	size_t prev_cap = 0, cap = 0, prev_len = 0;
	unsigned long n = 0;
	ssize_t len;

	while ((len = input_line(f, &line, &cap)) >= 0) {
		if (n > 0 && same(o, prev, prev_len, line, len)) {
			n++;
			continue;
		}
		if (n > 0)
			emit(o, prev, prev_len, n);
		char *t = prev; size_t tc = prev_cap;
		prev = line, prev_cap = cap, prev_len = len;
		line = t, cap = tc;
		n = 1;
	}
	if (n > 0)
		emit(o, prev, prev_len, n);
	free(prev);
	free(line);
	return 0;
}

int uniq_main(int argc, char **argv)
{
	struct uniq_opts o = { .out = stdout };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "cduif:s:")) != -1) {
		switch (c) {
		case 'c': o.count = true; break;
		case 'd': o.repeated = true; break;
		case 'u': o.unique = true; break;
		case 'i': o.icase = true; break;
		case 'f': case 's': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end) {
				bb_warn("%s: invalid number of %s to skip", optarg, c == 'f' ? "fields" : "bytes");
				return 1;
			}
			*(c == 'f' ? &o.skip_fields : &o.skip_chars) = v;
			break;
		}
		default: return (bb_usage(), 1);
		}
	}
	int n = argc - optind;
	if (n > 2) {
		bb_warn("extra operand '%s'", argv[optind + 2]);
		return (bb_usage(), 1);
	}
	if (n == 2 && strcmp(argv[optind + 1], "-") != 0) {
		o.out = fopen(argv[optind + 1], "w");
		if (!o.out) {
			bb_warn_errno("%s", argv[optind + 1]);
			return 1;
		}
	}
	int status = input_each(n > 0 ? 1 : 0, argv + optind, uniq_file, &o);
	if (o.out != stdout && fclose(o.out) != 0) {
		bb_warn_errno("%s", argv[optind + 1]);
		status = 1;
	}
	fflush(stdout);
	return status;
}
