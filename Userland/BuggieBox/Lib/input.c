/*
 * Input files for the filters (cat, head, wc, grep, sort, ...).
 *
 * Every filter takes a list of paths where "-" (or no path at all) is standard
 * input, and every one must name the file and the reason when it cannot read it.
 * Doing that here keeps the applets to their actual work. Nothing here keeps
 * state; stdin is never closed, so a later "-" or the shell still has it.
 */
#include "input.h"

#include "bb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

FILE *input_open(const char *path)
{
	if (strcmp(path, "-") == 0) {
		clearerr(stdin);
		return stdin;
	}
	FILE *f = fopen(path, "r");
	if (!f)
		bb_warn_errno("%s", path);
	return f;
}

int input_close(FILE *f, const char *path)
{
	int status = 0;

	if (ferror(f)) {
		if (errno == 0)
			errno = EIO;
		bb_warn_errno("%s", path);
		status = 1;
	}
	if (f != stdin)
		fclose(f);
	else
		clearerr(f);
	return status;
}

int input_each(int n, char **paths, input_fn fn, void *ctx)
{
	static char *dash[] = { "-" };
	int status = 0;

	if (n == 0) {
		n = 1;
		paths = dash;
	}
	for (int i = 0; i < n; i++) {
		FILE *f = input_open(paths[i]);
		if (!f) {
			status = 1;
			continue;
		}
		errno = 0;
		if (fn(f, paths[i], ctx))
			status = 1;
		if (input_close(f, paths[i]))
			status = 1;
	}
	return status;
}

ssize_t input_line(FILE *f, char **line, size_t *cap)
{
	ssize_t len = getline(line, cap, f);

	if (len > 0 && (*line)[len - 1] == '\n')
		(*line)[--len] = '\0';
	return len;
}

long long input_slurp(FILE *f, char **buf)
{
	size_t cap = 65536, len = 0, n;

	*buf = malloc(cap);
	while (*buf && (n = fread(*buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *bigger = realloc(*buf, cap *= 2);
			if (!bigger)
				free(*buf);
			*buf = bigger;
		}
	}
	if (!*buf) {
		bb_warn_errno("out of memory");
		return -1;
	}
	return ferror(f) ? -1 : (long long)len;
}

size_t input_last_lines(const char *buf, size_t len, unsigned long long n)
{
	size_t i = len;

	if (n == 0)
		return len;
	if (i > 0 && buf[i - 1] == '\n')
		i--; /* the final newline ends the last line; it does not start one */
	while (i > 0) {
		if (buf[i - 1] == '\n' && --n == 0)
			break;
		i--;
	}
	return n == 0 ? i : 0;
}
