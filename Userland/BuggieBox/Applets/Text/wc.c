/*
 * wc: counts lines, words, characters and bytes.
 *
 * Columns come in the fixed order lines, words, characters (-m), bytes (-c);
 * without options -l -w -c. A word is a maximal run of non-space bytes; -m counts
 * UTF-8 characters (bytes that are not continuation bytes 10xxxxxx). -L prints
 * the width of the longest line (tabs to multiples of 8, non-printing bytes 0
 * wide: the C locale), and its total is the largest, not the sum.
 *
 * The column width copies coreutils so outputs compare equal: a single count of a
 * single file is unpadded; otherwise the width is the number of digits of the sum
 * of the regular files' sizes, at least 7 when any input is not a regular file.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LINES, WORDS, CHARS, BYTES, LONGEST, NCOUNTS };

struct wc_state {
	bool show[NCOUNTS];
	unsigned long long total[NCOUNTS];
	int width;
	bool named;   /* files were named (even "-"): print the names */
};

static void print_counts(const struct wc_state *s, const unsigned long long *c, const char *name)
{
	const char *sep = "";

	for (int i = 0; i < NCOUNTS; i++) {
		if (!s->show[i])
			continue;
		printf("%s%*llu", sep, s->width, c[i]);
		sep = " ";
	}
	if (name)
		printf(" %s", name);
	putchar('\n');
}

static int wc_file(FILE *f, const char *path, void *ctx)
{
	struct wc_state *s = ctx;
	unsigned long long c[NCOUNTS] = { 0 };
	bool in_word = false;
	int ch;

	unsigned long long width = 0;
	while ((ch = getc(f)) != EOF) {
		c[BYTES]++;
		if (ch == '\n' || ch == '\r' || ch == '\f') {
			c[LONGEST] = width > c[LONGEST] ? width : c[LONGEST];
			width = 0;
		} else if (ch == '\t') {
			width = (width / 8 + 1) * 8;
		} else if (isprint(ch)) {
			width++;
		}
		if ((ch & 0xc0) != 0x80)
			c[CHARS]++;
		if (ch == '\n')
			c[LINES]++;
		if (isspace(ch)) {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			c[WORDS]++;
		}
	}
	if (ferror(f))
		return 0; /* input_close reports it */
	c[LONGEST] = width > c[LONGEST] ? width : c[LONGEST];
	for (int i = 0; i < LONGEST; i++)
		s->total[i] += c[i];
	s->total[LONGEST] = c[LONGEST] > s->total[LONGEST] ? c[LONGEST] : s->total[LONGEST];
	print_counts(s, c, s->named ? path : NULL);
	return 0;
}

static int number_width(int n, char **paths, int shown)
{
	unsigned long long regular = 0;
	int width = 1, minimum = 1;
	struct stat st;

	if (n <= 1 && shown == 1)
		return 1;
	for (int i = 0; i < (n ? n : 1); i++) {
		int r = n == 0 || strcmp(paths[i], "-") == 0 ? fstat(0, &st) : stat(paths[i], &st);
		if (r != 0)
			continue;
		if (S_ISREG(st.st_mode))
			regular += st.st_size;
		else
			minimum = 7;
	}
	for (; regular >= 10; regular /= 10)
		width++;
	return width < minimum ? minimum : width;
}

int wc_main(int argc, char **argv)
{
	struct wc_state s = { 0 };
	int c, shown = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "lwcmL")) != -1) {
		const char *p = strchr("lwmcL", c);
		if (!p)
			return (bb_usage(), 1);
		s.show[p - "lwmcL"] = true;
	}
	if (!s.show[LINES] && !s.show[WORDS] && !s.show[CHARS] && !s.show[BYTES] && !s.show[LONGEST])
		s.show[LINES] = s.show[WORDS] = s.show[BYTES] = true;
	for (int i = 0; i < NCOUNTS; i++)
		shown += s.show[i];
	int n = argc - optind;
	s.width = number_width(n, argv + optind, shown);
	s.named = n > 0;
	int status = input_each(n, argv + optind, wc_file, &s);
	if (n > 1)
		print_counts(&s, s.total, "total");
	fflush(stdout);
	return status;
}
