/*
 * echo: writes its arguments separated by spaces and ended by a newline.
 *
 * Options follow coreutils and bash: a leading argument made only of the letters
 * n, e and E is an option (-n: no newline; -e: interpret backslash escapes;
 * -E: do not, the default); the first argument that is anything else, "--help"
 * included, starts the text. Escapes under -e: \\ \a \b \c (stop all output)
 * \e \f \n \r \t \v \0NNN (octal) \xHH (hex).
 *
 * The shell runs echo in-process as a builtin: it writes only through stdio,
 * keeps no state between calls and never exits.
 */
#include "Lib/bb.h"
#include "Lib/escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Whether ARG is an echo option; sets *newline and *escapes if so. */
static bool parse_option(const char *arg, bool *newline, bool *escapes)
{
	bool nl = *newline, esc = *escapes;

	if (arg[0] != '-' || arg[1] == '\0')
		return false;
	for (const char *p = arg + 1; *p; p++) {
		if (*p == 'n')
			nl = false;
		else if (*p == 'e')
			esc = true;
		else if (*p == 'E')
			esc = false;
		else
			return false;
	}
	*newline = nl;
	*escapes = esc;
	return true;
}

/* Writes S interpreting escapes; returns false when \c asked to stop. */
static bool put_escaped(const char *s)
{
	while (*s) {
		if (*s != '\\') {
			putchar(*s++);
			continue;
		}
		s++;
		int c = escape_decode(&s, true);
		if (c == ESCAPE_STOP)
			return false;
		putchar(c == ESCAPE_UNKNOWN ? '\\' : c);
	}
	return true;
}

int echo_main(int argc, char **argv)
{
	bool newline = true, escapes = false;
	int i = 1;

	while (i < argc && parse_option(argv[i], &newline, &escapes))
		i++;
	for (; i < argc; i++) {
		if (escapes) {
			if (!put_escaped(argv[i]))
				return 0;
		} else {
			fputs(argv[i], stdout);
		}
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return 0;
}
