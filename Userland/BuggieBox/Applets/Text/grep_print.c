/*
 * grep's output: the "FILE:" and "N:" prefixes (':' for selected lines, '-' for
 * context), the context ring of -B and the countdown of -A with "--" between
 * groups that do not touch, and -o's one match a line.
 */
#include "grep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *grep_shown_name(const struct grep *g, const char *path)
{
	if (strcmp(path, "-") == 0)
		return "(standard input)";
	if (g->implicit_dot && strncmp(path, "./", 2) == 0)
		return path + 2;
	return path;
}

/* "FILE:" and "N:" as asked, with SEP (':' for a selected line, '-' for context). */
void grep_print_prefix(const struct grep *g, const char *path, unsigned long n, char sep)
{
	if (g->names)
		printf("%s%c", grep_shown_name(g, path), sep);
	if (g->number)
		printf("%lu%c", n, sep);
}

/* Prints line N, preceded by "--" when context is on and it does not follow the
 * line printed last. */
void grep_print_line(struct grep *g, const char *path, unsigned long n, const char *line,
		       size_t len, char sep)
{
	if (g->context && g->printed_any && n != g->last_printed + 1)
		puts("--");
	grep_print_prefix(g, path, n, sep);
	fwrite(line, 1, len, stdout);
	putchar('\n');
	g->printed_any = true;
	g->last_printed = n;
}

/* An unselected line under -A/-B: printed as after-context, or remembered as
 * possible before-context. */
void grep_context_line(struct grep *g, const char *path, unsigned long n, const char *line,
			 size_t len)
{
	if (g->after_left > 0) {
		g->after_left--;
		grep_print_line(g, path, n, line, len, '-');
		return;
	}
	if (g->before == 0)
		return;
	if (g->ring_n == g->before) {
		free(g->ring[g->ring_start].text);
		g->ring_start = (g->ring_start + 1) % g->before;
		g->ring_n--;
	}
	struct grep_line *slot = &g->ring[(g->ring_start + g->ring_n) % g->before];
	slot->text = malloc(len + 1);
	if (!slot->text)
		return;
	memcpy(slot->text, line, len + 1);
	slot->len = len;
	slot->num = n;
	g->ring_n++;
}

/* Prints (with print == true) or drops the remembered before-context. */
void grep_flush_before(struct grep *g, const char *path, bool print)
{
	for (; g->ring_n > 0; g->ring_n--) {
		struct grep_line *l = &g->ring[g->ring_start];
		if (print)
			grep_print_line(g, path, l->num, l->text, l->len, '-');
		free(l->text);
		g->ring_start = (g->ring_start + 1) % g->before;
	}
}

/* -o: every non-empty match in LINE, leftmost (then longest) first, one a line. */
void grep_print_matches(const struct grep *g, const char *path, unsigned long n,
			  const char *line, size_t len)
{
	size_t off = 0;

	while (off <= len) {
		size_t best_so = (size_t)-1, best_eo = 0, so, eo;
		for (size_t k = 0; k < g->npats; k++) {
			if (grep_find_match(g, k, line, len, off, &so, &eo) &&
			    (so < best_so || (so == best_so && eo > best_eo)))
				best_so = so, best_eo = eo;
		}
		if (best_so == (size_t)-1)
			return;
		if (best_eo > best_so) {
			grep_print_prefix(g, path, n, ':');
			fwrite(line + best_so, 1, best_eo - best_so, stdout);
			putchar('\n');
			off = best_eo;
		} else {
			off = best_so + 1;
		}
	}
}
