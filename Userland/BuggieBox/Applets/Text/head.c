/*
 * head: the first lines (-n N, default 10) or bytes (-c N) of each file.
 *
 * The obsolete form -N means -n N. With more than one file (or -v, but not -q)
 * each is preceded by "==> NAME <==", with a blank line between, as coreutils
 * prints. Counts may take
 * the suffixes b (512), K (1024) and M (1048576). A negative count (GNU) prints
 * all but the last N lines or bytes; that reads the whole file into memory.
 */
#include "Lib/bb.h"
#include "Lib/count_arg.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct head_opts {
	unsigned long long count;
	bool all_but;      /* -n -N / -c -N */
	bool bytes;
	bool headers;
	bool first;
};

static int head_file(FILE *f, const char *path, void *ctx)
{
	struct head_opts *o = ctx;
	unsigned long long left = o->count;
	int c;

	if (o->headers) {
		printf("%s==> %s <==\n", o->first ? "" : "\n",
		       strcmp(path, "-") == 0 ? "standard input" : path);
		o->first = false;
	}
	if (o->all_but) {
		char *buf;
		long long len = input_slurp(f, &buf);
		if (len >= 0) {
			size_t end = o->bytes ? (len > (long long)left ? len - left : 0)
					      : input_last_lines(buf, len, left);
			fwrite(buf, 1, end, stdout);
		}
		free(buf);
		return len < 0;
	}
	while (left > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (o->bytes || c == '\n')
			left--;
	}
	return 0;
}

int head_main(int argc, char **argv)
{
	struct head_opts o = { .count = 10, .first = true };
	int c;

	optind = 0;
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		if (!count_arg_parse(argv[1] + 1, &o.count, NULL))
			return 1;
		optind = 2;
	}
	int headers = -1; /* -q: 0, -v: 1, else by the number of files */
	while ((c = getopt(argc, argv, "n:c:qv")) != -1) {
		if (c == 'n' || c == 'c') {
			if (!count_arg_parse(optarg, &o.count, &o.all_but))
				return 1;
			o.bytes = c == 'c';
		} else if (c == 'q' || c == 'v') {
			headers = c == 'v';
		} else {
			return (bb_usage(), 1);
		}
	}
	o.headers = headers >= 0 ? headers : argc - optind > 1;
	int status = input_each(argc - optind, argv + optind, head_file, &o);
	fflush(stdout);
	return status;
}
