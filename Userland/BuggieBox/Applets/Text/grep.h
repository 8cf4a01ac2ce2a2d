/*
 * grep's shared state and the interfaces between its three files:
 * grep_pattern.c (patterns: compiling and matching), grep_print.c (output: line
 * prefixes, context, -o) and grep.c (files, options, the main loop).
 */
#pragma once

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

/* A remembered line of -B context. */
struct grep_line {
	char *text;
	size_t len;
	unsigned long num;
};

/*
 * One grep run, on grep_main's stack. The flags and patterns up to `res` are set
 * by option parsing and then only read; the rest is the search's running state.
 */
struct grep {
	bool icase, invert, number, count, recursive, extended, fixed;
	bool list, list_unmatched, quiet, word, silent, whole_line, no_names, force_names;
	bool only_matching, text;   /* -o, -a */
	bool names;            /* print "FILE:" prefixes */
	bool implicit_dot;     /* -r without operands: strip "./" from names */
	char **pats;
	size_t npats;
	regex_t *res;
	unsigned long before, after;   /* -B, -A */
	bool context;          /* -A/-B in effect (not with -c -l -q -o) */
	struct grep_line *ring;/* the last `before` unselected lines, oldest at ring_start */
	size_t ring_n, ring_start;
	unsigned long after_left;      /* context lines still to print after a match */
	unsigned long last_printed;    /* number of the line printed last in this file */
	bool printed_any;      /* some line was printed (for the "--" separators) */
	bool selected;         /* some line was selected */
	bool error;
	bool done;             /* -q matched: stop everything */
};

/* Patterns (grep_pattern.c). */
bool grep_add_patterns(struct grep *g, const char *text);
bool grep_patterns_from_file(struct grep *g, const char *path);
bool grep_compile(struct grep *g);
void grep_release(struct grep *g);
bool grep_find_match(const struct grep *g, size_t k, const char *line, size_t len, size_t off,
		     size_t *so, size_t *eo);
bool grep_line_selected(const struct grep *g, const char *line, size_t len);

/* Output (grep_print.c). */
const char *grep_shown_name(const struct grep *g, const char *path);
void grep_print_prefix(const struct grep *g, const char *path, unsigned long n, char sep);
void grep_print_line(struct grep *g, const char *path, unsigned long n, const char *line,
		     size_t len, char sep);
void grep_context_line(struct grep *g, const char *path, unsigned long n, const char *line,
		       size_t len);
void grep_flush_before(struct grep *g, const char *path, bool print);
void grep_print_matches(const struct grep *g, const char *path, unsigned long n,
			const char *line, size_t len);

