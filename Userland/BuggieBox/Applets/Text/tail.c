/*
 * tail: the last part of files.
 *
 * -n N / -c N print the last N lines / bytes (default 10 lines); -n +N / -c +N
 * print from line / byte N on; the obsolete -N and +N mean -n N and -n +N.
 * A regular file is read backwards from its end in 64 KiB blocks until enough
 * lines are found; anything else (a pipe, +N) is read whole into memory.
 *
 * -f follows: after the usual output tail polls every file it could open (four
 * times a second) and copies whatever was appended, printing "==> NAME <==" when
 * output switches between several files. A file that shrinks is read again from
 * its start ("file truncated"). Following never ends by itself; it stops when
 * tail is killed. Standard input is followed only if it is not a pipe (POSIX).
 * -q never prints the "==> NAME <==" headers, -v always does.
 */
#include "Lib/bb.h"
#include "Lib/count_arg.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct tail_opts {
	unsigned long long count;
	bool bytes;
	bool from_start;   /* +N */
	bool follow;
	bool headers;
	int headers_opt;   /* -q: 0, -v: 1, -1: by the number of files */
	int last_shown;    /* index of the file whose header was printed last, or -1 */
};

/* Where the output of BUF[0..LEN) starts under the options. */
static size_t start_of(const struct tail_opts *o, const char *buf, size_t len)
{
	unsigned long long n = o->count;

	if (o->from_start) {
		if (n > 0)
			n--;
		if (o->bytes)
			return n < len ? n : len;
		size_t i = 0;
		for (; i < len && n > 0; i++)
			if (buf[i] == '\n')
				n--;
		return i;
	}
	if (o->bytes)
		return n < len ? len - n : 0;
	return input_last_lines(buf, len, n);
}

static void header(struct tail_opts *o, int index, const char *path)
{
	if (!o->headers || o->last_shown == index)
		return;
	printf("%s==> %s <==\n", o->last_shown < 0 ? "" : "\n",
	       strcmp(path, "-") == 0 ? "standard input" : path);
	o->last_shown = index;
}

/*
 * Where the last N lines of the regular file FD (SIZE bytes) start, found by
 * reading blocks backwards from its end; -1 on a read error.
 */
static off_t last_lines_offset(int fd, off_t size, unsigned long long n)
{
	char buf[65536];
	off_t pos = size;

	if (n == 0)
		return size;
	while (pos > 0) {
		size_t chunk = pos > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)pos;
		pos -= chunk;
		if (pread(fd, buf, chunk, pos) != (ssize_t)chunk)
			return -1;
		for (size_t i = chunk; i-- > 0;) {
			/* the file's final newline ends the last line; it does not start one */
			if (buf[i] == '\n' && pos + (off_t)i != size - 1 && --n == 0)
				return pos + i + 1;
		}
	}
	return 0;
}

/* Copies FD from OFFSET to its end to standard output; false on a read error. */
static bool copy_from(int fd, off_t offset)
{
	char buf[65536];
	ssize_t n;

	if (lseek(fd, offset, SEEK_SET) < 0)
		return false;
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	return n == 0;
}

/*
 * The last part of a regular file, read from its end rather than whole (a large
 * log stays cheap). Returns 0, 1 on a read error, or -1 when F is not a regular
 * file or the options count from the start.
 */
static int tail_regular(const struct tail_opts *o, FILE *f)
{
	struct stat st;
	int fd = fileno(f);
	off_t start;

	if (o->from_start || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    lseek(fd, 0, SEEK_CUR) != 0)
		return -1;
	if (o->bytes)
		start = (unsigned long long)st.st_size > o->count ? st.st_size - (off_t)o->count : 0;
	else
		start = last_lines_offset(fd, st.st_size, o->count);
	return start >= 0 && copy_from(fd, start) ? 0 : 1;
}

static int tail_one(struct tail_opts *o, FILE *f, int index, const char *path)
{
	char *buf;

	header(o, index, path);
	int r = tail_regular(o, f);
	if (r >= 0) {
		if (r)
			bb_warn_errno("%s", path);
		return r;
	}
	long long len = input_slurp(f, &buf);
	if (len < 0) {
		free(buf);
		return 1;
	}
	size_t start = start_of(o, buf, len);
	fwrite(buf + start, 1, len - start, stdout);
	free(buf);
	return 0;
}

/* Copies what was appended to F since the last look; returns true if anything was. */
static bool follow_step(struct tail_opts *o, FILE *f, int index, const char *path)
{
	struct stat st;
	char buf[8192];
	ssize_t n;
	bool any = false;
	int fd = fileno(f);

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < lseek(fd, 0, SEEK_CUR)) {
		bb_warn("%s: file truncated", path);
		lseek(fd, 0, SEEK_SET);
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		header(o, index, path);
		fwrite(buf, 1, n, stdout);
		any = true;
	}
	return any;
}

static void follow(struct tail_opts *o, FILE **files, int n, char **paths)
{
	const struct timespec quarter = { 0, 250000000 };

	for (;;) {
		bool any = false;
		for (int i = 0; i < n; i++)
			if (files[i] && follow_step(o, files[i], i, paths[i]))
				any = true;
		if (any)
			fflush(stdout);
		nanosleep(&quarter, NULL);
	}
}

/* Whether F may be followed: not a pipe. */
static bool followable(FILE *f)
{
	struct stat st;
	return fstat(fileno(f), &st) == 0 && !S_ISFIFO(st.st_mode);
}

static int parse_args(struct tail_opts *o, int argc, char **argv)
{
	bool minus; /* "-n -5" is "-n 5", as in GNU tail */
	int c;

	optind = 0;
	if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') && argv[1][1] >= '0' &&
	    argv[1][1] <= '9') {
		o->from_start = argv[1][0] == '+';
		if (!count_arg_parse(argv[1] + 1, &o->count, &minus))
			return -1;
		optind = 2;
	}
	while ((c = getopt(argc, argv, "n:c:fqv")) != -1) {
		if (c == 'n' || c == 'c') {
			o->bytes = c == 'c';
			o->from_start = optarg[0] == '+';
			if (!count_arg_parse(optarg, &o->count, &minus))
				return -1;
		} else if (c == 'f') {
			o->follow = true;
		} else if (c == 'q' || c == 'v') {
			o->headers_opt = c == 'v';
		} else {
			return -2;
		}
	}
	return 0;
}

int tail_main(int argc, char **argv)
{
	struct tail_opts o = { .count = 10, .last_shown = -1, .headers_opt = -1 };
	static char *dash[] = { "-" };
	int r = parse_args(&o, argc, argv), status = 0;

	if (r == -2)
		return (bb_usage(), 1);
	if (r < 0)
		return 1;
	int n = argc - optind;
	char **paths = n ? argv + optind : dash;
	n = n ? n : 1;
	o.headers = o.headers_opt >= 0 ? o.headers_opt : n > 1;
	FILE **files = calloc(n, sizeof(*files));
	for (int i = 0; files && i < n; i++) {
		files[i] = input_open(paths[i]);
		if (!files[i] || tail_one(&o, files[i], i, paths[i]) != 0)
			status = 1;
		if (files[i] && !(o.follow && followable(files[i]))) {
			status |= input_close(files[i], paths[i]);
			files[i] = NULL;
		}
	}
	fflush(stdout);
	bool any = false;
	for (int i = 0; files && i < n; i++)
		any = any || files[i];
	if (any)
		follow(&o, files, n, paths);
	free(files);
	return status;
}
