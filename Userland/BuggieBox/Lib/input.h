/*
 * Opening the files a filter reads: "-" means standard input, and a failure is
 * reported as "applet: PATH: reason".
 */
#pragma once

#include <stdio.h>

/* Opens PATH for reading ("-" is stdin). On failure warns and returns NULL. */
FILE *input_open(const char *path);

/* Closes F (never stdin). Warns "PATH: reason" if F saw a read error; returns 0 or 1. */
int input_close(FILE *f, const char *path);

/* The callback of input_each: returns 0, or nonzero when this file had an error. */
typedef int (*input_fn)(FILE *f, const char *path, void *ctx);

/*
 * Calls FN for each of the N paths, or once for "-" when N is 0. Returns 1 if any
 * file failed to open, failed to read or made FN return nonzero, else 0.
 */
int input_each(int n, char **paths, input_fn fn, void *ctx);

#include <sys/types.h>

/* getline without the trailing newline: returns the length of the line now in
 * *line (NUL-terminated), or -1 at the end of F or on a read error. */
ssize_t input_line(FILE *f, char **line, size_t *cap);

/* Reads all of F into a new buffer *buf (free it). Returns the length, or -1 on a
 * read error or when out of memory (after a warning; *buf is then NULL or partial,
 * free it anyway). */
long long input_slurp(FILE *f, char **buf);

/* Where the last N lines of BUF[0..LEN) start (0 if it has fewer). A final line
 * without a newline counts as a line. */
size_t input_last_lines(const char *buf, size_t len, unsigned long long n);
