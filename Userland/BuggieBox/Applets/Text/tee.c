/*
 * tee: copies standard input to standard output and to each FILE.
 *
 * -a appends instead of truncating. A file that cannot be opened is reported and
 * skipped (exit status 1); the copy goes on to the others, as POSIX requires.
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int tee_main(int argc, char **argv)
{
	const char *mode = "w";
	int c, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "a")) != -1) {
		if (c != 'a')
			return (bb_usage(), 1);
		mode = "a";
	}
	int n = argc - optind;
	FILE **out = calloc(n + 1, sizeof(*out));
	if (!out) {
		bb_warn_errno("out of memory");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		out[i] = fopen(argv[optind + i], mode);
		if (!out[i]) {
			bb_warn_errno("%s", argv[optind + i]);
			status = 1;
		}
	}
	char buf[4096];
	ssize_t got;
	while ((got = read(0, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, got, stdout);
		fflush(stdout);
		for (int i = 0; i < n; i++)
			if (out[i])
				fwrite(buf, 1, got, out[i]);
	}
	if (got < 0) {
		bb_warn_errno("standard input");
		status = 1;
	}
	for (int i = 0; i < n; i++) {
		if (out[i] && fclose(out[i]) != 0) {
			bb_warn_errno("%s", argv[optind + i]);
			status = 1;
		}
	}
	free(out);
	return status;
}
