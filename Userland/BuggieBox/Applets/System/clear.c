/*
 * clear: home the cursor and erase the screen with the ANSI (ECMA-48) sequences
 * every terminal Atoll meets understands — the console, xterm, tmux — rather than
 * a terminfo lookup: ESC[H ESC[2J, then ESC[3J to drop the scrollback unless -x.
 * These are the bytes ncurses' clear writes for TERM=xterm.
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <unistd.h>

int clear_main(int argc, char **argv)
{
	int opt, keep_scrollback = 0;

	while ((opt = getopt(argc, argv, "x")) != -1) {
		if (opt == 'x')
			keep_scrollback = 1;
		else
			return bb_usage(), 1;
	}
	if (optind < argc) {
		bb_warn("extra operand '%s'", argv[optind]);
		return 1;
	}
	fputs(keep_scrollback ? "\033[H\033[2J" : "\033[H\033[2J\033[3J", stdout);
	return fflush(stdout) != 0;
}
