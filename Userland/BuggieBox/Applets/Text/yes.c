/*
 * yes: repeats a line ("y", or the arguments joined by spaces) until the output
 * is closed. It stops with status 1 when a write fails (SIGPIPE usually ends it
 * first).
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int yes_main(int argc, char **argv)
{
	size_t len = 3; /* "y", the newline, the NUL */

	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *line = malloc(len);
	if (!line) {
		bb_warn_errno("out of memory");
		return 1;
	}
	strcpy(line, argc < 2 ? "y" : "");
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			strcat(line, " ");
		strcat(line, argv[i]);
	}
	strcat(line, "\n");
	len = strlen(line);
	while (fwrite(line, 1, len, stdout) == len)
		;
	bb_warn_errno("standard output");
	free(line);
	return 1;
}
