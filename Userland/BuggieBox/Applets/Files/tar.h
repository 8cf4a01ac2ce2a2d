/*
 * tar's internal interface: options (tar.c) shared with creating (tar_create.c)
 * and reading (tar_extract.c) archives through LibTar.
 */
#pragma once

#include "libtar.h"

#include <stdio.h>

struct tar_opts {
	char mode;             /* 'c', 'x' or 't' */
	const char *file;      /* -f; "-" or NULL for stdin/stdout */
	const char *dir;       /* -C for extraction */
	int verbose;           /* -v (twice: not distinguished) */
	int preserve;          /* -p: do not apply the umask on extraction */
	int no_mtime;          /* -m: do not restore modification times */
	int to_stdout;         /* -O: extract file data to stdout */
	int numeric;           /* --numeric-owner */
	FILE *msg;             /* where -v names go: stdout, or stderr when the archive is */
};

/* One file operand of tar c, with the -C directory in force where it appeared. */
struct tar_operand {
	const char *dir;       /* NULL: the working directory */
	const char *name;
};

/* Creates the archive from OPS. Returns the exit status (0, or 2 after errors). */
int tar_create(const struct tar_opts *o, const struct tar_operand *ops, int nops);

/* Lists (t) or extracts (x) the archive; NAMES (N) limit it to those members and
 * what is below them. Returns the exit status. */
int tar_read_archive(const struct tar_opts *o, char **names, int n);

/* The "drwxr-xr-x root/root 0 2021-06-07 08:09 name" line of tar tv. */
void tar_print_long(FILE *out, const struct tar_entry *e);
