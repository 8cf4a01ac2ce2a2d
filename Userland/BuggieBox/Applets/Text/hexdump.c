/*
 * hexdump and xxd: hexadecimal views of files.
 *
 * Both read their inputs as one stream, sixteen bytes a line.
 *   hexdump     "%07x" offset, eight little-endian 16-bit words (util-linux's
 *               default format).
 *   hexdump -C  "%08x" offset, sixteen bytes in two groups of eight, and the
 *               printable characters between bars (canonical format).
 * hexdump replaces a run of lines equal to the one before with a single "*"
 * (-v prints them all) and ends with the total length as an offset line.
 *   xxd         "%08x:" offset, eight big-endian byte pairs, two spaces, the
 *               printable characters. (-r, reversing, is not implemented.)
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum dump_style { DUMP_WORDS, DUMP_CANONICAL, DUMP_XXD };

struct dump {
	enum dump_style style;
	bool all;                 /* -v: no "*" lines */
	unsigned char line[16];
	size_t fill;              /* bytes in line */
	unsigned long long offset;/* of line[0] */
	unsigned char prev[16];
	bool have_prev, starred;
};

static void ascii(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
}

static void line_words(const struct dump *d)
{
	printf("%07llx", d->offset);
	for (size_t i = 0; i < 16; i += 2) {
		if (i < d->fill)
			printf(" %02x%02x", i + 1 < d->fill ? d->line[i + 1] : 0, d->line[i]);
		else
			fputs("     ", stdout);
	}
	putchar('\n');
}

static void line_canonical(const struct dump *d)
{
	printf("%08llx ", d->offset);
	for (size_t i = 0; i < 16; i++) {
		if (i % 8 == 0)
			putchar(' ');
		if (i < d->fill)
			printf("%02x ", d->line[i]);
		else
			fputs("   ", stdout);
	}
	fputs(" |", stdout);
	ascii(d->line, d->fill);
	puts("|");
}

static void line_xxd(const struct dump *d)
{
	int col = 0;

	printf("%08llx: ", d->offset);
	for (size_t i = 0; i < d->fill; i++)
		col += printf("%s%02x", i > 0 && i % 2 == 0 ? " " : "", d->line[i]);
	printf("%*s  ", 39 - col, "");
	ascii(d->line, d->fill);
	putchar('\n');
}

static void flush_line(struct dump *d)
{
	bool repeat = d->style != DUMP_XXD && !d->all && d->have_prev && d->fill == 16 &&
		      memcmp(d->prev, d->line, 16) == 0;

	if (repeat) {
		if (!d->starred)
			puts("*");
		d->starred = true;
	} else {
		d->starred = false;
		if (d->style == DUMP_WORDS)
			line_words(d);
		else if (d->style == DUMP_CANONICAL)
			line_canonical(d);
		else
			line_xxd(d);
	}
	memcpy(d->prev, d->line, 16);
	d->have_prev = d->fill == 16;
	d->offset += d->fill;
	d->fill = 0;
}

static int dump_file(FILE *f, const char *path, void *ctx)
{
	struct dump *d = ctx;
	int c;

	while ((c = getc(f)) != EOF) {
		d->line[d->fill++] = (unsigned char)c;
		if (d->fill == 16)
			flush_line(d);
	}
	return 0;
}

static int run(struct dump *d, int n, char **paths)
{
	int status = input_each(n, paths, dump_file, d);

	if (d->fill)
		flush_line(d);
	if (d->style != DUMP_XXD && d->offset > 0)
		printf(d->style == DUMP_CANONICAL ? "%08llx\n" : "%07llx\n", d->offset);
	fflush(stdout);
	return status;
}

int hexdump_main(int argc, char **argv)
{
	struct dump d = { .style = DUMP_WORDS };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "Cv")) != -1) {
		if (c == 'C')
			d.style = DUMP_CANONICAL;
		else if (c == 'v')
			d.all = true;
		else
			return (bb_usage(), 1);
	}
	return run(&d, argc - optind, argv + optind);
}

int xxd_main(int argc, char **argv)
{
	struct dump d = { .style = DUMP_XXD };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "")) != -1)
		return (bb_usage(), 1);
	if (argc - optind > 1) {
		bb_warn("writing to an output file is not supported");
		return 1;
	}
	return run(&d, argc - optind, argv + optind) ? 2 : 0; /* xxd's status for a bad file */
}
