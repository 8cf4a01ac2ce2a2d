/*
 * Messages. Every diagnostic BuggieBox prints goes through here, so that each one
 * starts with the applet's name and, where a system call failed, ends with the
 * reason, as in "ls: /nope: No such file or directory".
 */
#include "bb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *bb_name = "BuggieBox";

static void vwarn(int err, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", bb_name);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void bb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

void bb_warn_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn(err, fmt, ap);
	va_end(ap);
}

void bb_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void bb_die_errno(int status, const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn(err, fmt, ap);
	va_end(ap);
	exit(status);
}

int bb_usage(void)
{
	const struct bb_applet *a = bb_find_applet(bb_name);

	if (a)
		fprintf(stderr, "Usage: %s %s\n%s\n", a->name, a->usage, a->summary);
	return 2;
}
