/*
 * tr: translates, deletes (-d) or squeezes (-s) characters of standard input.
 *
 * A set is expanded into an ordered array of bytes: plain characters, escapes
 * (\n \t \\ \NNN ...), ranges "a-z", classes "[:upper:]" (in byte order, so
 * [:lower:] and [:upper:] line up position by position), repeats "[c*N]" and
 * "[c*]" (SET2 only: fills up to SET1's length) and equivalence classes "[=c=]".
 * -c (or -C) complements SET1: all bytes not in it, ascending. When translating,
 * SET2 is padded with its last byte to SET1's length (-t instead cuts SET1 to
 * SET2's length). -s squeezes runs of a byte in the last set given. Bytes, not
 * multibyte characters: the C locale.
 */
#include "Lib/bb.h"
#include "Lib/escape.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tr_set {
	unsigned char c[4096];
	size_t n;
	long fill_at;   /* index of a "[c*]" to grow, or -1 */
};

static const struct {
	const char *name;
	int (*test)(int);
} classes[] = {
	{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
	{ "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
	{ "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
};

static bool add(struct tr_set *s, int c)
{
	if (s->n >= sizeof(s->c)) {
		bb_warn("set too long");
		return false;
	}
	s->c[s->n++] = (unsigned char)c;
	return true;
}

/* One possibly escaped character at *pp. */
static int one_char(const char **pp)
{
	const char *p = *pp;

	if (*p == '\\' && p[1]) {
		p++;
		int c = escape_decode(&p, false);
		if (c >= 0) {
			*pp = p;
			return c;
		}
		*pp = p + 1;
		return (unsigned char)*p;
	}
	*pp = p + 1;
	return (unsigned char)*p;
}

/* "[:name:]", "[=c=]" or "[c*N]" at *pp; returns 1 if handled, 0 if not one, -1 on error. */
static int bracket(struct tr_set *s, const char **pp)
{
	const char *p = *pp;

	if (p[1] == ':') {
		const char *end = strstr(p + 2, ":]");
		for (size_t i = 0; end && i < sizeof(classes) / sizeof(classes[0]); i++) {
			if (strlen(classes[i].name) == (size_t)(end - p - 2) &&
			    strncmp(classes[i].name, p + 2, end - p - 2) == 0) {
				for (int c = 0; c < 256; c++)
					if (classes[i].test(c) && !add(s, c))
						return -1;
				*pp = end + 2;
				return 1;
			}
		}
		if (end) {
			bb_warn("invalid character class '%.*s'", (int)(end - p - 2), p + 2);
			return -1;
		}
		return 0;
	}
	if (p[1] == '=' && p[2] && p[3] == '=' && p[4] == ']') {
		*pp = p + 5;
		return add(s, (unsigned char)p[2]) ? 1 : -1;
	}
	const char *q = p + 1;
	if (!*q)
		return 0;
	int c = one_char(&q);
	if (*q != '*')
		return 0;
	char *end;
	unsigned long count = strtoul(q + 1, &end, q[1] == '0' ? 8 : 10);
	if (*end != ']')
		return 0;
	if (end == q + 1) {
		s->fill_at = s->n;
		count = 1;
	}
	while (count--)
		if (!add(s, c))
			return -1;
	*pp = end + 1;
	return 1;
}

static bool parse_set(struct tr_set *s, const char *p)
{
	s->n = 0;
	s->fill_at = -1;
	while (*p) {
		if (*p == '[') {
			int r = bracket(s, &p);
			if (r < 0)
				return false;
			if (r > 0)
				continue;
		}
		int c = one_char(&p);
		if (*p == '-' && p[1]) {
			p++;
			int to = one_char(&p);
			if (to < c) {
				bb_warn("range-endpoints of '%c-%c' are in reverse collating sequence order", c, to);
				return false;
			}
			for (; c <= to; c++)
				if (!add(s, c))
					return false;
			continue;
		}
		if (!add(s, c))
			return false;
	}
	return true;
}

static void complement(struct tr_set *s)
{
	bool in[256] = { false };

	for (size_t i = 0; i < s->n; i++)
		in[s->c[i]] = true;
	s->n = 0;
	for (int c = 0; c < 256; c++)
		if (!in[c])
			s->c[s->n++] = (unsigned char)c;
}

/* Makes SET2 as long as SET1: grows a [c*] or repeats the last byte. */
static void pad(struct tr_set *s2, size_t len)
{
	if (s2->n >= len || s2->n == 0)
		return;
	size_t extra = len - s2->n;
	if (s2->fill_at >= 0) {
		memmove(s2->c + s2->fill_at + extra, s2->c + s2->fill_at, s2->n - s2->fill_at);
		memset(s2->c + s2->fill_at, s2->c[s2->fill_at + extra], extra);
	} else {
		memset(s2->c + s2->n, s2->c[s2->n - 1], extra);
	}
	s2->n = len;
}

struct tr_plan {
	int map[256];          /* byte -> byte */
	bool del[256];
	bool squeeze[256];
};

static void run(const struct tr_plan *p)
{
	int c, last = -1;

	while ((c = getchar()) != EOF) {
		if (p->del[c])
			continue;
		c = p->map[c];
		if (c == last && p->squeeze[c])
			continue;
		putchar(c);
		last = c;
	}
}

int tr_main(int argc, char **argv)
{
	bool del = false, sq = false, comp = false, truncate = false;
	struct tr_set s1, s2;
	struct tr_plan plan = { 0 };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "dscCt")) != -1) {
		switch (c) {
		case 'd': del = true; break;
		case 's': sq = true; break;
		case 'c': case 'C': comp = true; break;
		case 't': truncate = true; break;
		default: return (bb_usage(), 1);
		}
	}
	int n = argc - optind;
	int need = del && sq ? 2 : del || (sq && n < 2) ? 1 : 2;
	if (n != need) {
		bb_warn(n < need ? "missing operand" : "extra operand '%s'", argv[argc - 1]);
		return (bb_usage(), 1);
	}
	if (!parse_set(&s1, argv[optind]) || (n > 1 && !parse_set(&s2, argv[optind + 1])))
		return 1;
	if (comp)
		complement(&s1);
	for (int i = 0; i < 256; i++)
		plan.map[i] = i;
	if (del) {
		for (size_t i = 0; i < s1.n; i++)
			plan.del[s1.c[i]] = true;
	} else if (n == 2) {
		if (s2.n == 0 && s1.n > 0) {
			bb_warn("when not truncating set1, string2 must be non-empty");
			return 1;
		}
		if (truncate && s2.n < s1.n)
			s1.n = s2.n;
		pad(&s2, s1.n);
		for (size_t i = 0; i < s1.n; i++)
			plan.map[s1.c[i]] = s2.c[i];
	}
	const struct tr_set *last = n == 2 ? &s2 : &s1;
	for (size_t i = 0; sq && i < last->n; i++)
		plan.squeeze[last->c[i]] = true;
	run(&plan);
	fflush(stdout);
	return 0;
}
