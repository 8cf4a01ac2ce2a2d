/*
 * grep's patterns: collecting them (-e, -f, the operand; one per line of each),
 * compiling them with regcomp (none for -F), and finding matches. regexec gives
 * the leftmost-longest match, so -x is "the match spans the line" and -w is "some
 * match has no word character on either side", found by retrying after each
 * failed candidate.
 */
#include "grep.h"

#include "Lib/bb.h"
#include "Lib/input.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_word_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Whether [so, eo) of LINE satisfies -w and -x. */
static bool span_ok(const struct grep *g, const char *line, size_t len, size_t so, size_t eo)
{
	if (g->whole_line)
		return so == 0 && eo == len;
	if (g->word)
		return (so == 0 || !is_word_char((unsigned char)line[so - 1])) &&
		       (eo == len || !is_word_char((unsigned char)line[eo])) && eo > so;
	return true;
}

/* Next occurrence of fixed pattern P in LINE from OFF; sets *so. */
static bool find_fixed(const struct grep *g, const char *p, const char *line, size_t len,
		       size_t off, size_t *so)
{
	size_t plen = strlen(p);

	for (size_t i = off; i + plen <= len; i++) {
		if ((g->icase ? strncasecmp(line + i, p, plen) : memcmp(line + i, p, plen)) == 0) {
			*so = i;
			return true;
		}
	}
	return false;
}

/*
 * The first match of pattern K in LINE that starts at OFF or later and satisfies
 * -w / -x, as [*so, *eo). Returns false if there is none.
 */
bool grep_find_match(const struct grep *g, size_t k, const char *line, size_t len, size_t off,
		       size_t *so, size_t *eo)
{
	for (;;) {
		if (g->fixed) {
			if (!find_fixed(g, g->pats[k], line, len, off, so))
				return false;
			*eo = *so + strlen(g->pats[k]);
		} else {
			regmatch_t m;
			if (off > len || regexec(&g->res[k], line + off, 1, &m, off ? REG_NOTBOL : 0) != 0)
				return false;
			*so = off + m.rm_so;
			*eo = off + m.rm_eo;
		}
		if (span_ok(g, line, len, *so, *eo))
			return true;
		if (!g->word && !(g->whole_line && g->fixed))
			return false; /* leftmost-longest: no later match can span the line */
		off = *so + 1;
	}
}

static bool matches_any(const struct grep *g, const char *line, size_t len)
{
	size_t so, eo;

	for (size_t k = 0; k < g->npats; k++)
		if (grep_find_match(g, k, line, len, 0, &so, &eo))
			return true;
	return false;
}

/* Whether LINE (LEN bytes) is selected. NUL bytes end lines in binary files (as
 * in GNU grep), so a line holding NULs matches when any of its pieces does. */
bool grep_line_selected(const struct grep *g, const char *line, size_t len)
{
	bool hit = false;

	for (const char *p = line; p <= line + len && !hit; p += strlen(p) + 1)
		hit = matches_any(g, p, strlen(p));
	return hit != g->invert;
}

bool grep_add_patterns(struct grep *g, const char *text)
{
	const char *p = text;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char **bigger = realloc(g->pats, (g->npats + 1) * sizeof(*bigger));
		if (!bigger)
			return false;
		g->pats = bigger;
		g->pats[g->npats++] = strndup(p, len);
		if (!nl)
			return true;
		p = nl + 1;
	}
}

/* -f FILE: one pattern a line ("-" is standard input). */
bool grep_patterns_from_file(struct grep *g, const char *path)
{
	FILE *f = input_open(path);
	char *line = NULL;
	size_t cap = 0;
	bool ok = f != NULL;

	while (ok && input_line(f, &line, &cap) >= 0)
		ok = grep_add_patterns(g, line);
	free(line);
	if (f && input_close(f, path))
		ok = false;
	return ok;
}

bool grep_compile(struct grep *g)
{
	int flags = (g->extended ? REG_EXTENDED : 0) | (g->icase ? REG_ICASE : 0);

	if (g->fixed)
		return true;
	g->res = calloc(g->npats, sizeof(*g->res));
	for (size_t k = 0; g->res && k < g->npats; k++) {
		int r = regcomp(&g->res[k], g->pats[k], flags);
		if (r != 0) {
			char msg[256];
			regerror(r, &g->res[k], msg, sizeof(msg));
			bb_warn("%s: %s", g->pats[k], msg);
			for (size_t j = k; j < g->npats; j++)
				free(g->pats[j]);
			g->npats = k; /* grep_release() frees the compiled ones */
			return false;
		}
	}
	return g->res != NULL;
}

void grep_release(struct grep *g)
{
	for (size_t k = 0; k < g->npats; k++) {
		if (g->res)
			regfree(&g->res[k]);
		free(g->pats[k]);
	}
	free(g->res);
	free(g->pats);
	free(g->ring);
}
