/*
 * seq: prints a sequence of numbers, FIRST (default 1) by INCREMENT (default 1)
 * up to LAST.
 *
 * Numbers are long doubles, exact for integers up to 2^64. The printed precision
 * is the larger number of decimals of FIRST and INCREMENT, as coreutils does
 * (`seq 1 0.5 2` prints 1.0 1.5 2.0); a number in exponent form switches to %g.
 * The i-th value is FIRST + i * INCREMENT, so errors do not pile up. -s SEP
 * separates the numbers (default newline), -w pads them with zeros to equal
 * width, -f FORMAT prints each with one printf %e/%f/%g/%a directive. Negative
 * numbers are operands, not options ("seq -3 -1").
 */
#include "Lib/bb.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seq_num {
	long double value;
	int decimals;   /* digits after the point, or -1 for exponent form */
};

static bool parse_num(const char *s, struct seq_num *n)
{
	char *end;

	errno = 0;
	n->value = strtold(s, &end);
	if (end == s || *end || errno || n->value != n->value) {
		bb_warn("invalid floating point argument: '%s'", s);
		return false;
	}
	const char *dot = strchr(s, '.');
	n->decimals = 0;
	if (strpbrk(s, "eExXpP"))
		n->decimals = -1;
	else if (dot)
		n->decimals = (int)strspn(dot + 1, "0123456789");
	return true;
}

static bool is_number(const char *s)
{
	return s[0] == '-' && (isdigit((unsigned char)s[1]) || s[1] == '.');
}

static int format_width(int precision, long double v)
{
	return snprintf(NULL, 0, "%.*Lf", precision, v);
}

struct seq_opts {
	const char *sep;
	bool equal_width;
	char format[256];     /* -f, rewritten for long double; "" if none */
};

/*
 * Checks a -f FORMAT (exactly one %e %f %g %a conversion, upper or lower case,
 * with flags, width and precision; %% allowed) and rewrites it into OUT with the
 * L length modifier. Warns and returns false when it is unusable.
 */
static bool make_format(const char *user, char *out, size_t cap)
{
	size_t n = 0;
	int conversions = 0;

	for (const char *p = user; *p; p++) {
		if (n + 4 >= cap)
			goto bad;
		out[n++] = *p;
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			out[n++] = *++p;
			continue;
		}
		p++;
		size_t spec = strspn(p, "-+ #0'123456789.");
		if (n + spec + 4 >= cap || !p[spec] || !strchr("aAeEfFgG", p[spec]))
			goto bad;
		memcpy(out + n, p, spec);
		n += spec;
		out[n++] = 'L';
		out[n++] = p[spec];
		p += spec;
		conversions++;
	}
	out[n] = '\0';
	if (conversions == 1)
		return true;
bad:
	bb_warn("format '%s' has %s", user, "no or more than one usable %e/%f/%g/%a directive");
	return false;
}

static void print_value(const struct seq_opts *o, long double v, int precision, int width)
{
	if (o->format[0])
		printf(o->format, v);
	else if (precision < 0)
		printf("%Lg", v);
	else
		printf("%0*.*Lf", width, precision, v);
}

static int run(const struct seq_opts *o, struct seq_num first, struct seq_num incr,
	       struct seq_num last)
{
	int precision = first.decimals < 0 || incr.decimals < 0 ? -1
			: first.decimals > incr.decimals ? first.decimals : incr.decimals;
	int width = 0;
	bool printed = false;

	if (incr.value == 0) {
		bb_warn("invalid Zero increment value: '0'");
		return 1;
	}
	if (o->equal_width && precision >= 0) {
		int a = format_width(precision, first.value), b = format_width(precision, last.value);
		width = a > b ? a : b;
	}
	for (unsigned long long i = 0;; i++) {
		long double v = first.value + (long double)i * incr.value;
		if (incr.value > 0 ? v > last.value : v < last.value)
			break;
		if (i > 0)
			fputs(o->sep, stdout);
		print_value(o, v, precision, width);
		printed = true;
		if (i > 0 && v == first.value + (long double)(i - 1) * incr.value)
			break; /* the increment vanished at this magnitude */
	}
	if (printed)
		putchar('\n');
	return 0;
}

/* The value of an option that takes one: "-sX" or "-s X". NULL if missing. */
static const char *option_value(int argc, char **argv, int *i)
{
	if (argv[*i][2])
		return argv[*i] + 2;
	return ++*i < argc ? argv[*i] : NULL;
}

/* Options before the numbers; returns the index of the first number, or -1. */
static int parse_opts(struct seq_opts *o, int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !is_number(argv[i]); i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (strcmp(argv[i], "-w") == 0) {
			o->equal_width = true;
			continue;
		}
		const char *given = argv[i];
		char opt = given[1];
		const char *value = opt == 's' || opt == 'f' ? option_value(argc, argv, &i) : NULL;
		if (!value) {
			bb_warn("option %s not supported or missing its value", given);
			return (bb_usage(), -1);
		}
		if (opt == 's')
			o->sep = value;
		else if (!make_format(value, o->format, sizeof(o->format)))
			return -1;
	}
	if (o->equal_width && o->format[0]) {
		bb_warn("format string may not be specified when printing equal width strings");
		return (bb_usage(), -1);
	}
	return i;
}

int seq_main(int argc, char **argv)
{
	struct seq_opts o = { .sep = "\n" };
	int i = parse_opts(&o, argc, argv);

	if (i < 0)
		return 1;
	int n = argc - i;
	struct seq_num num[3] = { { 1, 0 }, { 1, 0 }, { 0, 0 } };
	if (n < 1 || n > 3) {
		bb_warn(n < 1 ? "missing operand" : "extra operand '%s'", argv[argc - 1]);
		return (bb_usage(), 1);
	}
	for (int k = 0; k < n; k++) {
		int slot = n == 1 ? 2 : n == 2 ? (k == 0 ? 0 : 2) : k;
		if (!parse_num(argv[i + k], &num[slot]))
			return 1;
	}
	return run(&o, num[0], num[1], num[2]);
}
