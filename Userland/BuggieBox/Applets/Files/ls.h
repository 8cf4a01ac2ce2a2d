/*
 * ls's internal interface between choosing what to list (ls.c) and printing it
 * (ls_print.c).
 */
#pragma once

#include <stddef.h>
#include <sys/stat.h>

struct ls_opts {
	int all;          /* -a: also . and .. and hidden names */
	int almost_all;   /* -A: hidden names but not . and .. */
	int long_format;  /* -l (or -n) */
	int numeric_ids;  /* -n */
	int human;        /* -h */
	int inode;        /* -i */
	int blocks;       /* -s */
	int classify;     /* -F */
	int slash_dirs;   /* -p */
	int dirs_only;    /* -d */
	int recursive;    /* -R */
	int reverse;      /* -r */
	char sort;        /* 'n' name, 't' mtime, 'S' size, 'U' none */
	char layout;      /* '1' one per line, 'C' columns, 'l' long */
	int width;        /* terminal width for columns */
	int deref;        /* -L: show what symbolic links point to */
};

struct ls_file {
	char *name;       /* what is printed */
	char *path;       /* what is stat'ed and read */
	struct stat st;
	int ok;           /* st is valid */
	int broken;       /* -L and a dangling link: st is the link's, shown as '?' */
	char *target;     /* symbolic link target, for -l */
	struct stat tst;  /* the target's stat, if tok */
	int tok;
};

/* Prints FILES (N of them) in the layout the options ask for; prints the
 * "total" line first when SHOW_TOTAL (a directory's listing in long format).
 * Long-format columns are as wide as the widest of MEASURED (NMEASURED of them):
 * FILES itself, or for the command line's files all operands, as GNU ls does. */
void ls_print_files(struct ls_file *files, size_t n, const struct ls_opts *o, int show_total,
		    struct ls_file *measured, size_t nmeasured);
