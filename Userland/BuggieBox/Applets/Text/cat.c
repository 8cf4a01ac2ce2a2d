/*
 * cat: copies files (or standard input) to standard output.
 *
 * -n numbers every output line ("%6d\t", as coreutils); the line count runs on
 * across files. -u makes standard output unbuffered. Without -n the bytes are
 * copied in blocks, so binary files pass through untouched.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

struct cat_opts {
	bool number;
	unsigned long line;   /* the number of the next line */
	bool at_line_start;
};

static int cat_file(FILE *f, const char *path, void *ctx)
{
	struct cat_opts *o = ctx;
	char buf[8192];
	size_t n;

	if (!o->number) {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		return 0;
	}
	int c;
	while ((c = getc(f)) != EOF) {
		if (o->at_line_start)
			printf("%6lu\t", o->line++);
		putchar(c);
		o->at_line_start = c == '\n';
	}
	return 0;
}

int cat_main(int argc, char **argv)
{
	struct cat_opts o = { .line = 1, .at_line_start = true };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "nu")) != -1) {
		if (c == 'n')
			o.number = true;
		else if (c == 'u')
			setvbuf(stdout, NULL, _IONBF, 0);
		else
			return (bb_usage(), 1);
	}
	int status = input_each(argc - optind, argv + optind, cat_file, &o);
	if (fflush(stdout) != 0) {
		bb_warn_errno("write error");
		return 1;
	}
	return status;
}
