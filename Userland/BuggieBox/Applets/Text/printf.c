/*
 * printf: formatted output as POSIX describes it.
 *
 * The format is walked once per round; each conversion takes the next argument,
 * and the whole format is reused while arguments remain (a round that consumed
 * none ends the loop). Missing arguments read as "" or 0. Every directive is
 * rebuilt as a small C format ("%-08.3" + "j" + "d") and handed to the C printf
 * with the converted value, so widths, precisions and flags behave exactly as C's.
 *
 * Numbers: decimal, 0x hex, 0 octal, or 'c / "c for the character's code. A bad
 * number is reported ("printf: 12x: invalid number"), its leading valid part is
 * used, and the exit status becomes 1. %b expands backslash escapes in its argument
 * (\c stops all output); the format's own escapes are decoded by Lib/escape.c.
 *
 * The shell runs printf in-process as a builtin: everything lives in the struct
 * below on the caller's stack, output goes through stdio, and nothing exits.
 */
#include "Lib/bb.h"
#include "Lib/escape.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pf {
	char **args;   /* remaining arguments */
	int nargs;
	int used;      /* arguments consumed in this round */
	int status;    /* 0, or 1 after a bad number */
	bool stop;     /* \c seen: no more output at all */
};

static const char *next_arg(struct pf *pf)
{
	if (pf->nargs == 0)
		return NULL;
	pf->nargs--;
	pf->used++;
	return *pf->args++;
}

/* Checks that strto* consumed all of ARG; warns and sets the status if not. */
static void check_number(struct pf *pf, const char *arg, const char *end)
{
	if (errno == ERANGE) {
		bb_warn("%s: %s", arg, strerror(ERANGE));
		pf->status = 1;
	} else if (end == arg || *end) {
		bb_warn(end == arg ? "%s: expected a numeric value" : "%s: value not completely converted", arg);
		pf->status = 1;
	}
}

/* 'c or "c: the code of the character after the quote. */
static bool quoted_char(const char *arg, uintmax_t *out)
{
	if (arg[0] != '\'' && arg[0] != '"')
		return false;
	*out = (unsigned char)arg[1];
	return true;
}

/*
 * The next argument for a numeric conversion, with errno cleared for strto*.
 * Returns NULL when the value is already known and stored in *known: 0 for a
 * missing or empty argument, the character code for 'c.
 */
static const char *numeric_arg(struct pf *pf, uintmax_t *known)
{
	const char *arg = next_arg(pf);

	*known = 0;
	if (!arg || !*arg || quoted_char(arg, known))
		return NULL;
	errno = 0;
	return arg;
}

static intmax_t arg_signed(struct pf *pf)
{
	uintmax_t known;
	const char *arg = numeric_arg(pf, &known);
	char *end;

	if (!arg)
		return (intmax_t)known;
	intmax_t v = strtoimax(arg, &end, 0);
	check_number(pf, arg, end);
	return v;
}

static uintmax_t arg_unsigned(struct pf *pf)
{
	uintmax_t v;
	const char *arg = numeric_arg(pf, &v);
	char *end;

	if (!arg)
		return v;
	const char *p = arg + strspn(arg, " \t");
	if (*p == '-') /* as C: a negative number wraps around */
		v = (uintmax_t)strtoimax(arg, &end, 0);
	else
		v = strtoumax(arg, &end, 0);
	check_number(pf, arg, end);
	return v;
}

static long double arg_float(struct pf *pf)
{
	uintmax_t known;
	const char *arg = numeric_arg(pf, &known);
	char *end;

	if (!arg)
		return known;
	long double v = strtold(arg, &end);
	check_number(pf, arg, end);
	return v;
}

/* %b: the argument with echo-style escapes expanded. */
static void put_b(struct pf *pf, const char *spec, const char *arg)
{
	size_t cap = strlen(arg) + 1, len = 0;
	char *buf = malloc(cap);

	if (!buf) {
		bb_warn_errno("%%b");
		pf->status = 1;
		return;
	}
	for (const char *s = arg; *s;) {
		if (*s != '\\') {
			buf[len++] = *s++;
			continue;
		}
		s++;
		int c = escape_decode(&s, true);
		if (c == ESCAPE_STOP) {
			pf->stop = true;
			break;
		}
		buf[len++] = c == ESCAPE_UNKNOWN ? '\\' : (char)c;
	}
	/* NOTE: a result holding a NUL byte is written raw, without width/precision. */
	if (memchr(buf, '\0', len)) {
		fwrite(buf, 1, len, stdout);
	} else {
		buf[len] = '\0';
		char fmt[80];
		snprintf(fmt, sizeof(fmt), "%ss", spec);
		printf(fmt, buf);
	}
	free(buf);
}

/*
 * Digits at *fp copied into SPEC (while shorter than LIMIT), or for a '*' the value
 * of the next argument. A negative '*' precision means none, so the '.' before it
 * is taken back; a negative '*' width reads as the '-' flag, as in C.
 */
static void number_or_star(struct pf *pf, const char **fp, char *spec, size_t *n, size_t limit)
{
	const char *f = *fp;

	if (*f == '*') {
		intmax_t v = arg_signed(pf);
		bool precision = spec[*n - 1] == '.';
		if (v > 1000000 || v < -1000000)
			v = v < 0 ? -1000000 : 1000000;
		if (precision && v < 0)
			(*n)--;
		else
			*n += snprintf(spec + *n, limit - *n, "%d", (int)v);
		f++;
	} else {
		while (*f >= '0' && *f <= '9' && *n < limit)
			spec[(*n)++] = *f++;
	}
	*fp = f;
}

/*
 * Copies the flags, width and precision at *fp into SPEC after its '%' (taking
 * '*' values from the arguments), skips any length modifier, and returns the
 * length of SPEC; *fp is left at the conversion character.
 */
static size_t parse_spec(struct pf *pf, const char **fp, char *spec)
{
	const char *f = *fp;
	size_t n = 1;

	while (*f && strchr("-+ #0'", *f) && n < 20)
		spec[n++] = *f++;
	number_or_star(pf, &f, spec, &n, 40);
	if (*f == '.') {
		spec[n++] = *f++;
		number_or_star(pf, &f, spec, &n, 56);
	}
	while (*f && strchr("hlLqjzt", *f)) /* length modifiers are accepted and ignored */
		f++;
	spec[n] = '\0';
	*fp = f;
	return n;
}

/* Prints one argument by conversion CONV under SPEC ("%-5.2"); false if CONV is bad. */
static bool convert(struct pf *pf, char conv, char *spec)
{
	const char *arg;

	switch (conv) {
	case 'd': case 'i':
		strcat(spec, "j"), strncat(spec, &conv, 1);
		printf(spec, arg_signed(pf));
		return true;
	case 'o': case 'u': case 'x': case 'X':
		strcat(spec, "j"), strncat(spec, &conv, 1);
		printf(spec, arg_unsigned(pf));
		return true;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
		strcat(spec, "L"), strncat(spec, &conv, 1);
		printf(spec, arg_float(pf));
		return true;
	case 'c': case 's': case 'b':
		arg = next_arg(pf);
		if (conv == 'b') {
			put_b(pf, spec, arg ? arg : "");
		} else {
			strncat(spec, &conv, 1);
			if (conv == 'c')
				printf(spec, arg ? arg[0] : '\0');
			else
				printf(spec, arg ? arg : "");
		}
		return true;
	default:
		if (conv)
			bb_warn("%%%c: invalid conversion specification", conv);
		else
			bb_warn("%%: missing conversion specification");
		return false;
	}
}

/*
 * Parses and prints the directive starting at *fp (just past '%') and moves *fp
 * past it. Returns false on an invalid conversion (already reported).
 */
static bool directive(struct pf *pf, const char **fp)
{
	const char *start = *fp, *f = *fp;
	char spec[64] = "%";
	size_t n = parse_spec(pf, &f, spec);
	char conv = *f;

	*fp = *f ? f + 1 : f;
	if (conv != '%')
		return convert(pf, conv, spec);
	if (n > 1) { /* "%5%" */
		bb_warn("%%%.*s: invalid conversion specification", (int)(f + 1 - start), start);
		return false;
	}
	putchar('%');
	return true;
}

/* One pass over the format. Returns false on a fatal format error. */
static bool one_round(struct pf *pf, const char *f)
{
	while (*f && !pf->stop) {
		if (*f == '%') {
			f++;
			if (!directive(pf, &f))
				return false;
		} else if (*f == '\\') {
			f++;
			int c = escape_decode(&f, false);
			if (c == ESCAPE_STOP)
				pf->stop = true;
			else
				putchar(c == ESCAPE_UNKNOWN ? '\\' : c);
		} else {
			putchar(*f++);
		}
	}
	return true;
}

int printf_main(int argc, char **argv)
{
	struct pf pf = { 0 };
	int first = 1;

	if (argc > 1 && strcmp(argv[1], "--") == 0)
		first = 2;
	if (argc <= first) {
		bb_warn("missing operand");
		return (bb_usage(), 1);
	}
	pf.args = argv + first + 1;
	pf.nargs = argc - first - 1;
	do {
		pf.used = 0;
		if (!one_round(&pf, argv[first]))
			return 1;
	} while (!pf.stop && pf.nargs > 0 && pf.used > 0);
	if (!pf.stop && pf.nargs > 0)
		bb_warn("warning: ignoring excess arguments, starting with '%s'", pf.args[0]);
	return pf.status;
}
