/*
 * The kernel command line as key=value options: "selftest=heap.* notty quiet".
 * A word without '=' is a flag whose value is "". Later words override earlier ones.
 */
#pragma once

#include <stddef.h>

#define CMDLINE_MAX 1024
#define CMDLINE_MAX_OPTIONS 32

struct cmdline_option {
	const char *key;
	const char *value;
};

struct cmdline {
	char text[CMDLINE_MAX];	/* the parsed copy, NULs between words */
	struct cmdline_option options[CMDLINE_MAX_OPTIONS];
	size_t count;
	int truncated;		/* the line or the option count did not fit */
};

/* Splits `line` into `cl`. Words may be quoted with "..." to hold spaces. */
void cmdline_parse(struct cmdline *cl, const char *line);
/* The value of `key` ("" for a flag), or NULL when absent. */
const char *cmdline_get(const struct cmdline *cl, const char *key);
