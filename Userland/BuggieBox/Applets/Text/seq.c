/*
 * seq: prints a sequence of numbers, FIRST (default 1) by INCREMENT (default 1)
 * up to LAST.
 *
 * Numbers are long doubles, exact for integers up to 2^64. The printed precision
 * is the larger number of decimals of FIRST and INCREMENT, as coreutils does
 * (`seq 1 0.5 2` prints 1.0 1.5 2.0); a number in exponent form switches to %g.
 * The i-th value is FIRST + i * INCREMENT, so errors do not pile up. -s SEP
 * separates the numbers (default newline), -w pads them with zeros to equal
 * width. Negative numbers are operands, not options ("seq -3 -1").
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

static void print_value(long double v, int precision, int width)
{
	if (precision < 0)
		printf("%Lg", v);
	else
		printf("%0*.*Lf", width, precision, v);
}

static int run(struct seq_num first, struct seq_num incr, struct seq_num last,
	       const char *sep, bool equal_width)
{
	int precision = first.decimals < 0 || incr.decimals < 0 ? -1
			: first.decimals > incr.decimals ? first.decimals : incr.decimals;
	int width = 0;

	if (incr.value == 0) {
		bb_warn("invalid Zero increment value: '0'");
		return 1;
	}
	if (equal_width && precision >= 0) {
		int a = format_width(precision, first.value), b = format_width(precision, last.value);
		width = a > b ? a : b;
	}
	bool printed = false;
	for (unsigned long long i = 0;; i++) {
		long double v = first.value + (long double)i * incr.value;
		if (incr.value > 0 ? v > last.value : v < last.value)
			break;
		if (i > 0)
			fputs(sep, stdout);
		print_value(v, precision, width);
		printed = true;
		if (i > 0 && v == first.value + (long double)(i - 1) * incr.value)
			break; /* the increment vanished at this magnitude */
	}
	if (printed)
		putchar('\n');
	return 0;
}

int seq_main(int argc, char **argv)
{
	const char *sep = "\n";
	bool equal_width = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !is_number(argv[i]); i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-w") == 0) {
			equal_width = true;
		} else if (strncmp(argv[i], "-s", 2) == 0) {
			if (argv[i][2])
				sep = argv[i] + 2;
			else if (++i < argc)
				sep = argv[i];
			else
				return (bb_usage(), 1);
		} else {
			bb_warn("option %s not supported", argv[i]);
			return (bb_usage(), 1);
		}
	}
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
	return run(num[0], num[1], num[2], sep, equal_width);
}
