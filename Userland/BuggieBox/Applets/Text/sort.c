/*
 * sort: sorts lines of text files.
 *
 * Keys: -k POS1[,POS2] where POS is F[.C][bfnr]; with -t X fields are split at X,
 * otherwise a field is a run of non-blanks together with the blanks before it
 * (so leading blanks count unless 'b'). POS2's C of 0 (or none) means the end of
 * the field. Without -k the whole line is the key. -n compares leading numbers
 * (blanks, '-', digits, one '.'), -f folds case, -r reverses. When every key ties,
 * the whole lines are compared bytewise (reversed too under -r) unless -s; -u
 * prints only the first of lines whose keys tie. Byte order: the C locale.
 *
 * -c checks instead of sorting (status 1 and a "disorder" message at the first
 * line out of order); -o FILE writes the result to FILE once all input is read,
 * so FILE may also be an input.
 *
 * Lines are read whole into memory and sorted with qsort; the input index breaks
 * the last ties, so the sort is stable.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sort_key {
	size_t f1, c1, f2, c2;   /* field/char positions, 1-based; f2 == 0: end of line */
	bool blank1, blank2, numeric, fold, reverse;
};

struct sort_line {
	char *s;
	size_t len, index;
};

struct sort_opts {
	struct sort_key keys[16];
	int nkeys;
	struct sort_key global;
	int sep;               /* -t byte, or -1 */
	bool unique, stable, check;
	const char *output;    /* -o FILE: written only after all input is read */
	struct sort_line *lines;
	size_t n, cap;
};

/* qsort gives the comparator no context: the options of the sort in progress. */
static const struct sort_opts *active;

static int read_lines(FILE *f, const char *path, void *ctx)
{
	struct sort_opts *o = ctx;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = input_line(f, &line, &cap)) >= 0) {
		if (o->n == o->cap) {
			size_t ncap = o->cap ? o->cap * 2 : 1024;
			struct sort_line *p = realloc(o->lines, ncap * sizeof(*p));
			if (!p) {
				bb_warn_errno("out of memory");
				free(line);
				return 1;
			}
			o->lines = p, o->cap = ncap;
		}
		o->lines[o->n] = (struct sort_line){ line, len, o->n };
		o->n++;
		line = NULL, cap = 0;
	}
	free(line);
	return 0;
}

/* Start of field F (1-based) in S; S+LEN when there are fewer fields. */
static const char *field_start(const char *s, const char *end, size_t f, int sep)
{
	const char *p = s;

	while (--f > 0 && p < end) {
		if (sep >= 0) {
			const char *q = memchr(p, sep, end - p);
			p = q ? q + 1 : end;
		} else {
			while (p < end && isblank((unsigned char)*p))
				p++;
			while (p < end && !isblank((unsigned char)*p))
				p++;
		}
	}
	return p;
}

static const char *field_end(const char *p, const char *end, int sep)
{
	if (sep >= 0) {
		const char *q = memchr(p, sep, end - p);
		return q ? q : end;
	}
	while (p < end && isblank((unsigned char)*p))
		p++;
	while (p < end && !isblank((unsigned char)*p))
		p++;
	return p;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && isblank((unsigned char)*p))
		p++;
	return p;
}

/* The key K of line L as [*kb, *ke). */
static void key_span(const struct sort_key *k, const struct sort_line *l, int sep,
		     const char **kb, const char **ke)
{
	const char *s = l->s, *end = l->s + l->len;
	const char *b = field_start(s, end, k->f1, sep);

	if (k->blank1)
		b = skip_blanks(b, end);
	b = (size_t)(end - b) > k->c1 - 1 ? b + k->c1 - 1 : end;
	const char *e = end;
	if (k->f2) {
		e = field_start(s, end, k->f2, sep);
		if (k->c2 == 0) {
			e = field_end(e, end, sep);
		} else {
			if (k->blank2)
				e = skip_blanks(e, end);
			e = (size_t)(end - e) > k->c2 ? e + k->c2 : end;
		}
	}
	*kb = b;
	*ke = e < b ? b : e;
}

/* The leading number of [p, end) as a long double (0 when there is none). */
static long double number_of(const char *p, const char *end)
{
	char buf[128];
	size_t n = 0;

	p = skip_blanks(p, end);
	if (p < end && *p == '-')
		buf[n++] = *p++;
	bool dot = false;
	while (p < end && n < sizeof(buf) - 1 && (isdigit((unsigned char)*p) || (*p == '.' && !dot))) {
		dot = dot || *p == '.';
		buf[n++] = *p++;
	}
	buf[n] = '\0';
	return strtold(buf, NULL);
}

static int compare_text(const char *a, size_t an, const char *b, size_t bn, bool fold)
{
	size_t n = an < bn ? an : bn;

	for (size_t i = 0; i < n; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (fold)
			x = toupper(x), y = toupper(y);
		if (x != y)
			return x - y;
	}
	return an < bn ? -1 : an > bn;
}

static int compare_key(const struct sort_key *k, const struct sort_line *x, const struct sort_line *y)
{
	const char *ab, *ae, *bb, *be;
	int r;

	key_span(k, x, active->sep, &ab, &ae);
	key_span(k, y, active->sep, &bb, &be);
	if (k->numeric) {
		long double u = number_of(ab, ae), v = number_of(bb, be);
		r = u < v ? -1 : u > v;
	} else {
		r = compare_text(ab, ae - ab, bb, be - bb, k->fold);
	}
	return k->reverse ? -r : r;
}

/* Compares by the keys only: what -u uses to call lines equal. */
static int compare_keys(const struct sort_line *x, const struct sort_line *y)
{
	for (int i = 0; i < active->nkeys; i++) {
		int r = compare_key(&active->keys[i], x, y);
		if (r)
			return r;
	}
	return 0;
}

/* The sort order without the final tie-break on input position. */
static int compare_order(const struct sort_line *x, const struct sort_line *y)
{
	int r = compare_keys(x, y);

	if (r || active->unique || active->stable)
		return r;
	r = compare_text(x->s, x->len, y->s, y->len, false);
	return active->global.reverse ? -r : r;
}

static int compare_lines(const void *pa, const void *pb)
{
	const struct sort_line *x = pa, *y = pb;
	int r = compare_order(x, y);

	return r ? r : (x->index > y->index) - (x->index < y->index);
}

/* Reads "F[.C][bfnr]" at *pp into *f, *c and the flags of K. */
static bool parse_pos(const char **pp, size_t *f, size_t *c, struct sort_key *k, bool end)
{
	char *q;

	*f = strtoul(*pp, &q, 10);
	if (q == *pp || (*f == 0))
		return false;
	*c = end ? 0 : 1;
	if (*q == '.') {
		const char *d = q + 1;
		*c = strtoul(d, &q, 10);
		if (q == d || (!end && *c == 0))
			return false;
	}
	for (; *q && strchr("bfnr", *q); q++) {
		if (*q == 'b')
			*(end ? &k->blank2 : &k->blank1) = true;
		else if (*q == 'f')
			k->fold = true;
		else if (*q == 'n')
			k->numeric = true;
		else
			k->reverse = true;
	}
	*pp = q;
	return true;
}

static bool parse_key(struct sort_opts *o, const char *spec)
{
	struct sort_key k = { 0 };
	const char *p = spec;

	if (o->nkeys >= (int)(sizeof(o->keys) / sizeof(o->keys[0])) ||
	    !parse_pos(&p, &k.f1, &k.c1, &k, false))
		goto bad;
	if (*p == ',' && (p++, !parse_pos(&p, &k.f2, &k.c2, &k, true)))
		goto bad;
	if (*p)
		goto bad;
	o->keys[o->nkeys++] = k;
	return true;
bad:
	bb_warn("invalid key '%s'", spec);
	return false;
}

/* Keys without their own ordering flags take the global ones (-n -f -r -b). */
static void apply_global(struct sort_opts *o)
{
	if (o->nkeys == 0) {
		o->keys[0] = o->global;
		o->keys[0].f1 = o->keys[0].c1 = 1;
		o->nkeys = 1;
		return;
	}
	for (int i = 0; i < o->nkeys; i++) {
		struct sort_key *k = &o->keys[i];
		if (!k->numeric && !k->fold && !k->reverse && !k->blank1 && !k->blank2) {
			k->numeric = o->global.numeric, k->fold = o->global.fold;
			k->reverse = o->global.reverse;
			k->blank1 = k->blank2 = o->global.blank1;
		}
	}
}

static int parse_opts(struct sort_opts *o, int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "nrufsbck:t:o:")) != -1) {
		switch (c) {
		case 'n': o->global.numeric = true; break;
		case 'r': o->global.reverse = true; break;
		case 'f': o->global.fold = true; break;
		case 'b': o->global.blank1 = true; break;
		case 'u': o->unique = true; break;
		case 's': o->stable = true; break;
		case 'c': o->check = true; break;
		case 'o': o->output = optarg; break;
		case 'k':
			if (!parse_key(o, optarg))
				return 2;
			break;
		case 't':
			if (strlen(optarg) != 1) {
				bb_warn("multi-character tab '%s'", optarg);
				return 2;
			}
			o->sep = (unsigned char)optarg[0];
			break;
		default:
			return bb_usage();
		}
	}
	apply_global(o);
	return 0;
}

/* -c: reports the first line out of order ("FILE:N: disorder: LINE"); 0 or 1. */
static int check_sorted(const struct sort_opts *o, const char *name)
{
	for (size_t i = 1; i < o->n; i++) {
		int r = compare_order(&o->lines[i - 1], &o->lines[i]);
		if (r > 0 || (r == 0 && o->unique)) {
			fprintf(stderr, "sort: %s:%zu: disorder: %.*s\n", name, i + 1,
				(int)o->lines[i].len, o->lines[i].s);
			return 1;
		}
	}
	return 0;
}

static int write_lines(const struct sort_opts *o)
{
	FILE *out = stdout;

	if (o->output && !(out = fopen(o->output, "w"))) {
		bb_warn_errno("open failed: %s", o->output);
		return 2;
	}
	for (size_t i = 0; i < o->n; i++) {
		if (!o->unique || i == 0 || compare_keys(&o->lines[i - 1], &o->lines[i]) != 0) {
			fwrite(o->lines[i].s, 1, o->lines[i].len, out);
			putc('\n', out);
		}
	}
	if ((out == stdout ? fflush(out) : fclose(out)) != 0) {
		bb_warn_errno("write failed: %s", o->output ? o->output : "standard output");
		return 2;
	}
	return 0;
}

int sort_main(int argc, char **argv)
{
	struct sort_opts o = { .sep = -1 };
	int r = parse_opts(&o, argc, argv);

	if (r)
		return r;
	if (o.check && argc - optind > 1) {
		bb_warn("extra operand '%s' not allowed with -c", argv[optind + 1]);
		return 2;
	}
	int status = input_each(argc - optind, argv + optind, read_lines, &o) ? 2 : 0;
	active = &o;
	if (o.check && !status) {
		status = check_sorted(&o, optind < argc ? argv[optind] : "-");
	} else if (!o.check) {
		if (o.n > 1)
			qsort(o.lines, o.n, sizeof(*o.lines), compare_lines);
		r = write_lines(&o);
		status = r ? r : status;
	}
	for (size_t i = 0; i < o.n; i++)
		free(o.lines[i].s);
	free(o.lines);
	return status;
}
