/*
 * Backslash escapes shared by echo -e, printf's format string and printf's %b.
 *
 * The three differ only in octal: echo and %b take "\0" followed by up to three
 * octal digits (so \0101 is 'A'), while a printf format takes at most three
 * digits in all (\101). Both take \NNN starting with 1-7. Pure function, no state.
 */
#include "escape.h"

#include <string.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int read_octal(const char **sp, int max_digits)
{
	const char *s = *sp;
	int v = 0;

	for (int n = 0; n < max_digits && *s >= '0' && *s <= '7'; n++)
		v = v * 8 + (*s++ - '0');
	*sp = s;
	return v & 0xff;
}

int escape_decode(const char **sp, bool octal_0)
{
	static const char from[] = "\\abefnrtv", to[] = "\\\a\b\033\f\n\r\t\v";
	const char *s = *sp;
	const char *hit;

	if (*s == '\0')
		return ESCAPE_UNKNOWN;
	if (*s == 'c') {
		*sp = s + 1;
		return ESCAPE_STOP;
	}
	if ((hit = strchr(from, *s))) {
		*sp = s + 1;
		return (unsigned char)to[hit - from];
	}
	if (*s == 'x' && hex_digit(s[1]) >= 0) {
		int v = hex_digit(s[1]);
		s += 2;
		if (hex_digit(*s) >= 0)
			v = v * 16 + hex_digit(*s++);
		*sp = s;
		return v;
	}
	if (*s == '0' && octal_0) {
		*sp = s + 1;
		return read_octal(sp, 3);
	}
	if (*s >= '0' && *s <= '7')
		return read_octal(sp, 3);
	return ESCAPE_UNKNOWN;
}
