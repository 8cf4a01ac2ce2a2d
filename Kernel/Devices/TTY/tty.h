/*
 * Terminals: a line discipline over an output routine. The console tty (serial line
 * plus VGA) is /dev/console and /dev/ttyS0; /dev/tty is whatever terminal controls
 * the calling process.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "API/termios.h"
#include "Tasks/waitq.h"

#define TTY_BUF 4096

struct tty {
	struct linux_termios termios;
	struct linux_winsize winsize;
	char buf[TTY_BUF];		/* input: completed lines/bytes at the front */
	size_t len;			/* bytes in buf */
	size_t ready;			/* bytes readers may take (canonical: whole lines) */
	int eof_pending;		/* ^D on an empty line */
	int pgrp;			/* foreground process group (initial namespace) */
	int session;			/* controlling session leader's sid, 0 none */
	int is_terminal;		/* 0: a plain byte stream (console under `notty`) */
	struct waitq readable;
	void (*output)(const char *s, size_t n);
};

extern struct tty console_tty;

void tty_init(void);
/* Feeds one received character through the line discipline (interrupt context). */
void tty_receive(struct tty *t, char c);
