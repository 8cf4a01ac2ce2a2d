/*
 * BuggieBox's shared helpers: error reporting that names the applet, the file and
 * the reason, and the applet table lookup. Every applet includes this header.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#define BB_NOHELP 1

struct bb_applet {
	const char *name;
	int (*entry)(int argc, char **argv);
	int flags;
	const char *usage;
	const char *summary;
};

/* The applet currently running (for messages), e.g. "ls". */
extern const char *bb_name;

/* Finds an applet by name; NULL when there is none. */
const struct bb_applet *bb_find_applet(const char *name);
/* The whole table, terminated by an entry with name == NULL. */
extern const struct bb_applet bb_applets[];

/* Runs applet `a` with argv (argv[0] is set to its name by the caller).
 * Handles --help for applets without BB_NOHELP. Returns the exit status. */
int bb_run_applet(const struct bb_applet *a, int argc, char **argv);

/* "name: MESSAGE\n" on stderr. */
void bb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "name: MESSAGE: strerror(errno)\n" on stderr (errno read on entry). */
void bb_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* bb_warn / bb_warn_errno, then exit(status). */
_Noreturn void bb_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void bb_die_errno(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "Usage: name USAGE\nSUMMARY\n" for the running applet to stderr; returns 2.
 * For a bad option: `return bb_usage();` */
int bb_usage(void);

/* Declarations of every applet's entry point, generated from the table. */
#define APPLET(name, entry, flags, usage, summary) int entry(int argc, char **argv);
#include "../Applets.def"
#undef APPLET
