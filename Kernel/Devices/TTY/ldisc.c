/*
 * The terminal line discipline: input processing, for any struct tty.
 *
 * Input (the serial interrupt for the console, master writes for a pty) goes through
 * tty_receive: ICRNL/INLCR/IGNCR, then with ISIG the INTR/QUIT/SUSP characters become
 * signals to the foreground process group, then canonical editing (ERASE, KILL,
 * WERASE, EOF, line completion) or raw bytes, with ECHO/ECHOE/ECHOCTL. Echo goes to
 * the driver's output (the screen, or the pty master's read side). Readers (tty.c)
 * take completed lines (canonical) or bytes (raw, per VMIN/VTIME).
 *
 * A terminal that is not a terminal (the console under `notty`) passes bytes through
 * untouched: no echo, no editing, no signals.
 */
#include "Devices/TTY/tty.h"

#include "API/linux.h"
#include "Tasks/signal.h"
#include "Tasks/waitq.h"

static void tty_echo(struct tty *t, const char *s, size_t n)
{
	if (t->termios.c_lflag & ECHO)
		t->driver->output(t, s, n);
}

static void echo_char(struct tty *t, char c)
{
	if ((unsigned char)c < ' ' && c != '\n' && c != '\t' && (t->termios.c_lflag & ECHOCTL)) {
		char ctl[2] = { '^', (char)(c + '@') };
		tty_echo(t, ctl, 2);
	} else {
		tty_echo(t, &c, 1);
	}
}

static void erase_one(struct tty *t)
{
	if (t->len > t->ready) {
		t->len--;
		if (t->termios.c_lflag & ECHOE)
			tty_echo(t, "\b \b", 3);
	}
}

static int handle_signal_char(struct tty *t, char c)
{
	const uint8_t *cc = t->termios.c_cc;
	int sig = 0;

	if (!(t->termios.c_lflag & ISIG))
		return 0;
	if (c == (char)cc[VINTR])
		sig = SIGINT;
	else if (c == (char)cc[VQUIT])
		sig = SIGQUIT;
	else if (c == (char)cc[VSUSP])
		sig = SIGTSTP;
	if (!sig)
		return 0;
	if (!(t->termios.c_lflag & NOFLSH)) {
		t->len = t->ready = 0;
		if (t->driver->flush_output)
			t->driver->flush_output(t);
	}
	echo_char(t, c);
	if (t->signal_echo_newline)
		tty_echo(t, "\n", 1);
	if (t->pgrp) {
		struct linux_siginfo info = { .si_signo = sig, .si_code = SI_KERNEL };
		signal_send_pgrp(t->pgrp, sig, &info);
	}
	return 1;
}

static void line_ready(struct tty *t)
{
	t->ready = t->len;
	waitq_wake_all(&t->readable);
}

static void canonical(struct tty *t, char c)
{
	const uint8_t *cc = t->termios.c_cc;

	if (c == (char)cc[VERASE] || c == '\b') {
		erase_one(t);
	} else if (c == (char)cc[VKILL]) {
		while (t->len > t->ready)
			erase_one(t);
	} else if (c == (char)cc[VWERASE]) {
		while (t->len > t->ready && t->buf[t->len - 1] == ' ')
			erase_one(t);
		while (t->len > t->ready && t->buf[t->len - 1] != ' ')
			erase_one(t);
	} else if (c == (char)cc[VEOF]) {
		if (t->len == t->ready)
			t->eof_pending = 1;
		line_ready(t);
	} else if (t->len < TTY_BUF - 1 || (c == '\n' && t->len < TTY_BUF)) {
		/* The last byte is kept for the newline that ends an over-long line. */
		t->buf[t->len++] = c;
		echo_char(t, c);
		if (c == '\n' || c == (char)cc[VEOL])
			line_ready(t);
	}
}

static void raw_byte(struct tty *t, char c, int echo)
{
	if (t->len < TTY_BUF)
		t->buf[t->len++] = c;
	if (echo)
		echo_char(t, c);
	line_ready(t);
}

static void receive_locked(struct tty *t, char c)
{
	uint32_t iflag = t->termios.c_iflag;

	if (!t->is_terminal) {
		raw_byte(t, c, 0);
		return;
	}
	if (c == '\r' && (iflag & IGNCR))
		return;
	if (c == '\r' && (iflag & ICRNL))
		c = '\n';
	else if (c == '\n' && (iflag & INLCR))
		c = '\r';
	if (handle_signal_char(t, c))
		return;
	if (t->termios.c_lflag & ICANON)
		canonical(t, c);
	else
		raw_byte(t, c, 1);
}

void tty_receive(struct tty *t, char c)
{
	int irq = irq_save();

	receive_locked(t, c);
	irq_restore(irq);
}

int tty_input_full(const struct tty *t)
{
	return t->len >= TTY_BUF - 1 && t->ready > 0;
}

static void default_termios(struct linux_termios *t)
{
	static const uint8_t cc[NCCS] = {
		[VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4, [VTIME] = 0,
		[VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26, [VREPRINT] = 18,
		[VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22,
	};

	t->c_iflag = ICRNL | IXON | IUTF8;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	t->c_line = 0;
	for (int i = 0; i < NCCS; i++)
		t->c_cc[i] = cc[i];
}

void tty_setup(struct tty *t, const struct tty_driver *driver, void *driver_data, uint64_t rdev)
{
	default_termios(&t->termios);
	t->winsize.ws_row = 25;
	t->winsize.ws_col = 80;
	t->is_terminal = 1;
	t->driver = driver;
	t->driver_data = driver_data;
	t->rdev = rdev;
	waitq_init(&t->readable);
	waitq_init(&t->room);
}
