/*
 * cat: copies files (or standard input) to standard output.
 *
 * -n numbers every output line ("%6d\t", as coreutils), -b only the non-blank
 * ones; the count runs on across files. -s squeezes runs of blank lines into one.
 * -E ends each line with '$', -T shows tabs as ^I, -v shows other control bytes
 * as ^X and bytes above 127 as M-X; -A is -vET, -e is -vE, -t is -vT. -u makes
 * standard output unbuffered. Without these the bytes are copied in blocks, so
 * binary files pass through untouched.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct cat_opts {
	bool number, nonblank, squeeze, ends, tabs, nonprinting;
	unsigned long line;   /* the number of the next line */
	bool at_line_start;
	int blank_run;        /* blank lines just seen (for -s) */
};

static bool plain(const struct cat_opts *o)
{
	return !o->number && !o->nonblank && !o->squeeze && !o->ends && !o->tabs && !o->nonprinting;
}

/* One byte as -E -T -v show it. */
static void show_byte(const struct cat_opts *o, int c)
{
	if (c == '\n') {
		if (o->ends)
			putchar('$');
		putchar('\n');
		return;
	}
	if (c == '\t') {
		fputs(o->tabs ? "^I" : "\t", stdout);
		return;
	}
	if (o->nonprinting) {
		if (c >= 128) {
			fputs("M-", stdout);
			c -= 128;
		}
		if (c < 32 || c == 127) {
			putchar('^');
			c = c == 127 ? '?' : c + 64;
		}
	}
	putchar(c);
}

static int cat_file(FILE *f, const char *path, void *ctx)
{
	struct cat_opts *o = ctx;
	char buf[8192];
	size_t n;
	int c;

	if (plain(o)) {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		return 0;
	}
	while ((c = getc(f)) != EOF) {
		if (o->at_line_start) {
			bool blank = c == '\n';
			o->blank_run = blank ? o->blank_run + 1 : 0;
			if (o->squeeze && o->blank_run > 1)
				continue;
			if (o->nonblank ? !blank : o->number)
				printf("%6lu\t", o->line++);
		}
		show_byte(o, c);
		o->at_line_start = c == '\n';
	}
	return 0;
}

int cat_main(int argc, char **argv)
{
	struct cat_opts o = { .line = 1, .at_line_start = true };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "nbsETvAetu")) != -1) {
		switch (c) {
		case 'n': o.number = true; break;
		case 'b': o.nonblank = true; break;
		case 's': o.squeeze = true; break;
		case 'E': o.ends = true; break;
		case 'T': o.tabs = true; break;
		case 'v': o.nonprinting = true; break;
		case 'A': o.nonprinting = o.ends = o.tabs = true; break;
		case 'e': o.nonprinting = o.ends = true; break;
		case 't': o.nonprinting = o.tabs = true; break;
		case 'u': setvbuf(stdout, NULL, _IONBF, 0); break;
		default: return (bb_usage(), 1);
		}
	}
	int status = input_each(argc - optind, argv + optind, cat_file, &o);
	if (fflush(stdout) != 0) {
		bb_warn_errno("write error");
		return 1;
	}
	return status;
}
