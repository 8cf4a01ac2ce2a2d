/*
 * more: a pager. When standard output is not a terminal it is cat: the files are
 * copied unchanged. On a terminal it shows a screenful (the terminal's height
 * less one, from TIOCGWINSZ; 24 rows if unknown), then a "--More--" prompt (with
 * the percentage read, when the file's size is known) and waits for a key from
 * /dev/tty, read one at a time with echo off:
 *   space  the next screenful      Enter  one more line      q  quit
 * Long lines count as the number of rows they wrap to. With several files each
 * starts with a ":::" banner naming it. The terminal mode is restored on exit.
 */
#include "Lib/bb.h"
#include "Lib/input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

struct pager {
	int rows, cols;
	FILE *tty;               /* keys come from here */
	struct termios saved;
	int used;                /* rows filled since the last prompt */
	bool quit;
	int nfiles;
};

static int copy_file(FILE *f, const char *path, void *ctx)
{
	char buf[8192];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	return 0;
}

/* Waits for a key; returns the rows the next stretch may fill (0: quit). */
static int prompt(struct pager *p, long long done, long long size)
{
	if (size > 0)
		printf("\033[7m--More--(%lld%%)\033[0m", done * 100 / size);
	else
		printf("\033[7m--More--\033[0m");
	fflush(stdout);
	for (;;) {
		int c = getc(p->tty);
		if (c == EOF || c == 'q' || c == 'Q') {
			printf("\r\033[K");
			return 0;
		}
		if (c == ' ' || c == '\n' || c == '\r') {
			printf("\r\033[K");
			return c == ' ' ? p->rows - 1 : 1;
		}
	}
}

static int page_file(FILE *f, const char *path, void *ctx)
{
	struct pager *p = ctx;
	struct stat st;
	long long size = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
	long long done = 0;
	int budget = p->rows - 1 - p->used;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (p->quit)
		return 0;
	if (p->nfiles > 1) {
		printf("::::::::::::::\n%s\n::::::::::::::\n", path);
		budget -= 3;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		int need = len > 1 ? (int)((len - 1 + p->cols - 1) / p->cols) : 1;
		if (need < 1)
			need = 1;
		if (budget <= 0 && !(budget = prompt(p, done, size))) {
			p->quit = true;
			break;
		}
		fwrite(line, 1, len, stdout);
		done += len;
		budget -= need;
	}
	p->used = p->rows - 1 - (budget > 0 ? budget : 0);
	free(line);
	fflush(stdout);
	return 0;
}

static bool open_tty(struct pager *p)
{
	struct winsize ws;
	struct termios raw;

	p->rows = 24, p->cols = 80;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1) {
		p->rows = ws.ws_row;
		p->cols = ws.ws_col ? ws.ws_col : 80;
	}
	p->tty = fopen("/dev/tty", "r");
	if (!p->tty) {
		bb_warn_errno("/dev/tty");
		return false;
	}
	setvbuf(p->tty, NULL, _IONBF, 0);
	tcgetattr(fileno(p->tty), &p->saved);
	raw = p->saved;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1, raw.c_cc[VTIME] = 0;
	tcsetattr(fileno(p->tty), TCSANOW, &raw);
	return true;
}

int more_main(int argc, char **argv)
{
	struct pager p = { 0 };
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "")) != -1)
		return (bb_usage(), 1);
	int n = argc - optind;
	if (!isatty(1))
		return input_each(n, argv + optind, copy_file, NULL);
	if (n == 0 && isatty(0)) {
		bb_warn("nothing to page: name a file or pipe text in");
		return (bb_usage(), 1);
	}
	if (!open_tty(&p))
		return 1;
	p.nfiles = n;
	int status = input_each(n, argv + optind, page_file, &p);
	tcsetattr(fileno(p.tty), TCSANOW, &p.saved);
	fclose(p.tty);
	return status;
}
