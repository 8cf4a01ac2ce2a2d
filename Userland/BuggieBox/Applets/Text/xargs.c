/*
 * xargs: builds command lines from standard input and runs them.
 *
 * Input is split into arguments at blanks and newlines, with '...', "..." and
 * backslash quoting (POSIX); -0 splits at NUL bytes only and -d X at the byte X,
 * with no quoting. -I R takes each line as one argument (leading blanks dropped)
 * and runs the command once per line with R replaced by it in every initial
 * argument. -n N puts at most N arguments on a command line, -L N the arguments of
 * at most N input lines; lines are also kept under 128 KiB of arguments. -t
 * prints each command on standard error first; -r runs nothing when the input is
 * empty (otherwise the command runs once, as GNU xargs does). The command defaults
 * to echo, and its standard input is /dev/null.
 *
 * Exit status as POSIX and GNU: 123 if a command exited 1-125, 124 if one exited
 * 255 (xargs stops), 125 if one was killed by a signal, 126 / 127 if the command
 * could not be run / was not found, 1 for malformed input.
 */
#include "Lib/bb.h"
#include "Lib/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define XARGS_MAX_BYTES (128 * 1024)

struct xargs {
	char **cmd;             /* the initial arguments (command first) */
	int ncmd;
	long max_args;          /* -n, 0 for no limit */
	long max_lines;         /* -L, 0 for no limit */
	const char *replace;    /* -I */
	int delim;              /* -0 / -d: the byte ending an argument, or -1 */
	bool trace, no_empty;
	bool line_ended;        /* the word just read ended its input line */
	int status;
	bool stop;
};

/* A growing word. */
struct word {
	char *s;
	size_t n, cap;
	bool have;   /* an argument was started (it may still be empty: '' or -0) */
};

static bool word_put(struct word *w, int c)
{
	if (w->n + 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		char *p = realloc(w->s, cap);
		if (!p) {
			bb_warn_errno("out of memory");
			return false;
		}
		w->s = p, w->cap = cap;
	}
	w->s[w->n++] = (char)c;
	w->have = true;
	return true;
}

/* -0, -d and -I: an argument ends at the -0/-d byte (empty ones count), or for -I
 * at a newline (blank lines and leading blanks skipped). */
static bool read_delimited(struct xargs *x, struct word *w)
{
	int c, end = x->delim >= 0 ? x->delim : '\n';

	while ((c = getchar()) != EOF) {
		if (c == end) {
			if (x->delim >= 0) {
				w->have = true; /* "a\0\0b": the empty argument counts */
				return true;
			}
			if (w->have)
				return true;
			continue;
		}
		if (x->delim < 0 && !w->have && (c == ' ' || c == '\t'))
			continue;
		if (!word_put(w, c))
			return false;
	}
	return true;
}

/* After a word ended at a blank: skips blanks. A line ending in a blank goes on
 * into the next line (POSIX -L); only the end of input ends it here. */
static void after_blank(struct xargs *x)
{
	int c;

	while ((c = getchar()) == ' ' || c == '\t')
		;
	if (c == EOF)
		x->line_ended = true;
	else if (c != '\n')
		ungetc(c, stdin);
}

/* POSIX splitting: blanks and newlines separate, '...' "..." and \ quote. */
static bool read_quoted(struct xargs *x, struct word *w)
{
	int c, quote = 0;

	while ((c = getchar()) != EOF) {
		if (quote) {
			if (c == quote) {
				quote = 0;
				continue;
			}
		} else if (c == '\'' || c == '"') {
			quote = c;
			w->have = true;
			continue;
		} else if (c == '\\') {
			if ((c = getchar()) == EOF)
				break;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			if (!w->have)
				continue;
			if (c == '\n')
				x->line_ended = true;
			else
				after_blank(x);
			return true;
		}
		if (!word_put(w, c))
			return false;
	}
	if (quote) {
		bb_warn("unmatched %s quote", quote == '\'' ? "single" : "double");
		return false;
	}
	x->line_ended = true;
	return true;
}

/* Reads the next argument into a new string; NULL at the end of input or on an
 * error (then x->status is set and x->stop). */
static char *next_word(struct xargs *x)
{
	struct word w = { 0 };

	x->line_ended = false;
	bool ok = x->delim >= 0 || x->replace ? read_delimited(x, &w) : read_quoted(x, &w);

	if (!ok) {
		x->status = 1;
		x->stop = true;
	}
	if (!ok || !w.have || (!w.s && !word_put(&w, 0))) {
		free(w.s);
		return NULL;
	}
	w.s[w.n] = '\0';
	return w.s;
}

static void trace(char **argv)
{
	for (int i = 0; argv[i]; i++)
		fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
	fputc('\n', stderr);
}

/* Runs ARGV and folds its status into x->status. */
static void run(struct xargs *x, char **argv)
{
	int wstatus;

	if (x->trace)
		trace(argv);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		bb_warn_errno("fork");
		x->status = 125, x->stop = true;
		return;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd >= 0 && fd != 0)
			dup2(fd, 0), close(fd);
		execvp(argv[0], argv);
		int err = errno;
		bb_warn_errno("%s", argv[0]);
		_exit(err == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(wstatus)) {
		bb_warn("%s: terminated by signal %d", argv[0], WTERMSIG(wstatus));
		x->status = 125, x->stop = true;
	} else if (WEXITSTATUS(wstatus) == 255) {
		bb_warn("%s: exited with status 255; aborting", argv[0]);
		x->status = 124, x->stop = true;
	} else if (WEXITSTATUS(wstatus) == 126 || WEXITSTATUS(wstatus) == 127) {
		x->status = WEXITSTATUS(wstatus), x->stop = true;
	} else if (WEXITSTATUS(wstatus) != 0) {
		x->status = 123;
	}
}

/* ARG with every REPL replaced by WORD, in a new string. */
static char *replace_all(const char *arg, const char *repl, const char *word)
{
	size_t rl = strlen(repl), wl = strlen(word), n = 0;
	const char *p;

	for (p = arg; rl && (p = strstr(p, repl)); p += rl)
		n++;
	char *out = malloc(strlen(arg) + n * wl + 1), *o = out;
	for (p = arg; out && *p;) {
		if (rl && strncmp(p, repl, rl) == 0) {
			memcpy(o, word, wl);
			o += wl, p += rl;
		} else {
			*o++ = *p++;
		}
	}
	if (out)
		*o = '\0';
	return out;
}

static void run_replacing(struct xargs *x)
{
	char **argv = calloc(x->ncmd + 1, sizeof(*argv));
	char *word;

	while (argv && !x->stop && (word = next_word(x))) {
		for (int i = 0; i < x->ncmd; i++)
			argv[i] = replace_all(x->cmd[i], x->replace, word);
		run(x, argv);
		for (int i = 0; i < x->ncmd; i++)
			free(argv[i]);
		free(word);
	}
	free(argv);
}

static void run_batches(struct xargs *x)
{
	size_t cap = x->ncmd + 64, n;
	char **argv = malloc(cap * sizeof(*argv));
	bool ran = false, eof = false;

	while (argv && !x->stop && !eof) {
		size_t bytes = 0;
		long lines = 0;
		memcpy(argv, x->cmd, x->ncmd * sizeof(*argv));
		n = x->ncmd;
		while (!x->max_args || (long)(n - x->ncmd) < x->max_args) {
			char *w = next_word(x);
			if (!w) {
				eof = true;
				break;
			}
			if (n + 2 > cap) {
				char **bigger = realloc(argv, (cap *= 2) * sizeof(*argv));
				if (!bigger) {
					bb_warn_errno("out of memory");
					free(w);
					x->status = 1, x->stop = true;
					break;
				}
				argv = bigger;
			}
			argv[n++] = w;
			if ((bytes += strlen(w) + 1) > XARGS_MAX_BYTES)
				break;
			if (x->max_lines && x->line_ended && ++lines == x->max_lines)
				break;
		}
		argv[n] = NULL;
		if (!x->stop && (n > (size_t)x->ncmd || (!ran && !x->no_empty)))
			run(x, argv);
		ran = true;
		for (size_t i = x->ncmd; i < n; i++)
			free(argv[i]);
	}
	free(argv);
}

/* A positive number for -n or -L; warns and returns 0 if ARG is not one. */
static long count_option(int opt, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (v <= 0 || *end) {
		bb_warn("invalid number for -%c: '%s'", opt, arg);
		return 0;
	}
	return v;
}

/* -d X: one byte, possibly written as an escape (\n, \t, \0, \x41...). */
static int delimiter_option(const char *arg)
{
	const char *p = arg + 1;
	int c = arg[0] == '\\' && arg[1] ? escape_decode(&p, true) : (unsigned char)arg[0];

	if (c < 0 || *p || !arg[0]) {
		bb_warn("invalid delimiter for -d: '%s'", arg);
		return -1;
	}
	return c;
}

int xargs_main(int argc, char **argv)
{
	static char *echo[] = { "echo", NULL };
	struct xargs x = { .delim = -1 };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "+0rtn:L:I:d:")) != -1) {
		switch (c) {
		case '0': x.delim = '\0'; break;
		case 'd':
			if ((x.delim = delimiter_option(optarg)) < 0)
				return 1;
			break;
		case 'r': x.no_empty = true; break;
		case 't': x.trace = true; break;
		case 'n': case 'L': {
			long v = count_option(c, optarg);
			if (!v)
				return 1;
			x.max_args = c == 'n' ? v : 0; /* the last of -n and -L wins */
			x.max_lines = c == 'L' ? v : 0;
			break;
		}
		case 'I': x.replace = optarg; break;
		default: return (bb_usage(), 1);
		}
	}
	x.cmd = optind < argc ? argv + optind : echo;
	x.ncmd = optind < argc ? argc - optind : 1;
	if (x.replace)
		run_replacing(&x);
	else
		run_batches(&x);
	return x.status;
}
