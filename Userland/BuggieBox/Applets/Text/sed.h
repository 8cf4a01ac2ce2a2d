/*
 * sed's compiled program, shared by sed_compile.c (script text -> commands) and
 * sed_run.c (commands applied to the input). Internal to the sed applet.
 */
#pragma once

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum sed_addr_kind {
	SED_ADDR_NONE,
	SED_ADDR_LINE,      /* N */
	SED_ADDR_LAST,      /* $ */
	SED_ADDR_REGEX,     /* /re/ */
	SED_ADDR_PLUS,      /* ,+N (second address only): N more lines */
};

struct sed_addr {
	enum sed_addr_kind kind;
	unsigned long line;
	regex_t *re;        /* NULL for "//": the last regex used */
};

struct sed_cmd {
	struct sed_addr a1, a2;
	bool negate;
	char name;          /* the command letter, '{' or '}' */
	bool in_range;      /* [run] a range started and has not ended */
	unsigned long range_end; /* [run] for ,+N: the range's last line */
	/* s */
	regex_t *re;        /* NULL: the last regex used */
	char *repl;         /* the replacement, escapes still in it */
	bool global, print;
	unsigned long nth;  /* replace from the Nth match (1 by default) */
	/* y */
	unsigned char ymap[256];
	/* a i c, the label of : b t, the file of r */
	char *text;
	/* w and the s flag w: 1 + index into prog->wfiles, or 0 */
	size_t wfile;
	/* q Q */
	int exit_code;
	/* { and b t: index of the command to go to; for b/t, n_cmds means the end */
	size_t jump;
};

/* A file written by w commands: opened (truncated) once, when compiled. */
struct sed_wfile {
	char *path;
	FILE *f;            /* stdout for /dev/stdout */
};

struct sed_prog {
	struct sed_cmd *cmds;
	size_t n;
	struct sed_wfile *wfiles;
	size_t nwfiles;
	bool extended;      /* -E */
	int error_status;   /* set by sed_compile: 4 when a w file cannot be opened */
};

/* Compiles SCRIPT into PROG. On a syntax error warns (naming the problem) and
 * returns false. */
bool sed_compile(struct sed_prog *prog, const char *script);

/* Frees everything sed_compile allocated. */
void sed_free(struct sed_prog *prog);

/*
 * The runner's state (sed_run.c), set up by sed.c. [I] set before running,
 * [run] the runner's own.
 */
struct sbuf {
	char *s;
	size_t len, cap;
};

struct sed_state {
	struct sed_prog *prog;
	bool quiet;
	FILE *out;
	char **files;           /* the inputs of this stream */
	int nfiles, next_file;
	FILE *in;
	const char *in_path;
	char *raw;              /* getline's buffer */
	size_t raw_cap;
	struct sbuf ahead;      /* the look-ahead line */
	bool have_ahead, ahead_nl;
	unsigned long line;
	struct sbuf ps, hs;     /* pattern and hold space */
	bool ps_nl;             /* the pattern space's line ended in a newline */
	bool missing_nl;        /* the last output lacked its newline */
	struct sed_cmd **append;/* the a and r commands queued in this cycle */
	size_t nappend;
	bool replaced;          /* an s succeeded since the last line or 't' */
	bool quit;
	int status;
	regex_t *last_re;
};

/* Runs the program over the stream st->files[0..nfiles) (all inputs, or one file
 * under -s/-i) and closes it; sets st->quit on q, st->status on errors. */
void sed_run_stream(struct sed_state *st);
