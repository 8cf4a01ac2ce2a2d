/*
 * The terminal line discipline: input processing, for any struct tty.
 *
 * Input (the serial interrupt for the console, master writes for a pty) goes through
 * tty_receive in Linux's order: a character after ^V (VLNEXT) is taken literally;
 * with IXON the STOP/START characters stop and restart output and are not input;
 * with ISIG the INTR/QUIT/SUSP characters become signals to the foreground process
 * group; with IXANY any other character restarts output; then ICRNL/INLCR/IGNCR,
 * and canonical editing (ERASE, KILL, WERASE, EOF, LNEXT, line completion) or raw
 * bytes, with ECHO/ECHOE/ECHOCTL. Echo goes to the driver's output (the screen, or
 * the pty master's read side); while output is stopped it is held (up to
 * TTY_ECHO_HELD bytes) and sent, as Linux's echo buffer, when ^Q or IXANY restarts
 * output, with the next input character, or before the next write (after TCOON only
 * the latter two).
 *
 * Readers (tty.c) take completed lines (canonical) or bytes (raw, per VMIN/VTIME).
 * A line ends where a bit of line_end says so (a newline, EOL, or the byte before
 * EOF), never at a newline typed after ^V, as with Linux's read_flags.
 *
 * A terminal that is not a terminal (the console under `notty`) passes bytes through
 * untouched: no echo, no editing, no signals, no flow control.
 *
 * Everything here runs with interrupts disabled (tty_receive, or callers that
 * irq_save() around the flow-control entry points).
 */
#include "Devices/TTY/tty.h"

#include "API/linux.h"
#include "Lib/string.h"
#include "Tasks/signal.h"
#include "Tasks/waitq.h"

static void tty_echo(struct tty *t, const char *s, size_t n)
{
	if (!(t->termios.c_lflag & ECHO))
		return;
	if (!t->stopped) {
		t->driver->output(t, s, n);
		return;
	}
	/* Linux keeps echo in its echo buffer while output is stopped. */
	n = MIN(n, TTY_ECHO_HELD - t->echo_held_len);
	memcpy(t->echo_held + t->echo_held_len, s, n);
	t->echo_held_len += n;
}

/* Linux's iscntrl, tab excepted: what ECHOCTL shows as ^X (DEL as ^?). */
static int is_ctl(char c)
{
	return ((unsigned char)c < ' ' || c == 0x7f) && c != '\t';
}

/* Whether c echoes as ^X; a newline only when it was typed literally (after ^V),
 * as in Linux's echo_char. */
static int shown_as_ctl(const struct tty *t, char c, int literal)
{
	return (t->termios.c_lflag & ECHOCTL) && is_ctl(c) && (c != '\n' || literal);
}

static void echo_char(struct tty *t, char c, int literal)
{
	if (shown_as_ctl(t, c, literal)) {
		char ctl[2] = { '^', (char)(c ^ 0x40) };
		tty_echo(t, ctl, 2);
	} else {
		tty_echo(t, &c, 1);
	}
}

static void erase_one(struct tty *t)
{
	if (t->len > t->ready) {
		t->len--;
		char c = t->buf[t->len];
		if (!(t->termios.c_lflag & ECHOE))
			return;
		if (is_ctl(c) && !(t->termios.c_lflag & ECHOCTL))
			return;			/* echoed raw, it took no column */
		if (is_ctl(c))
			tty_echo(t, "\b \b", 3);	/* its ^X took two columns */
		tty_echo(t, "\b \b", 3);
	}
}

void tty_stop_output(struct tty *t, int tco)
{
	if (tco)
		t->tco_stopped = 1;
	t->stopped = 1;
}

void tty_send_held_echo(struct tty *t)
{
	int irq = irq_save();

	if (!t->stopped && t->echo_held_len) {
		t->driver->output(t, t->echo_held, t->echo_held_len);
		t->echo_held_len = 0;
	}
	irq_restore(irq);
}

void tty_start_output(struct tty *t, int tco)
{
	if (tco ? !t->tco_stopped : (!t->stopped || t->tco_stopped))
		return;
	t->tco_stopped = 0;
	t->stopped = 0;
	if (!tco)
		tty_send_held_echo(t);
	waitq_wake_all(&t->write_wait);
}

/* IXON: the START and STOP characters control output and are no input. */
static int handle_flow_char(struct tty *t, char c)
{
	const uint8_t *cc = t->termios.c_cc;

	if (!(t->termios.c_iflag & IXON))
		return 0;
	if (c == (char)cc[VSTART])
		tty_start_output(t, 0);
	else if (c == (char)cc[VSTOP])
		tty_stop_output(t, 0);
	else
		return 0;
	return 1;
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
		t->echo_held_len = 0;
		if (t->driver->flush_output)
			t->driver->flush_output(t);
	}
	if (t->termios.c_iflag & IXON)
		tty_start_output(t, 0);
	echo_char(t, c, 0);
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

static void set_line_end(struct tty *t, size_t i, int on)
{
	if (on)
		t->line_end[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		t->line_end[i / 8] &= (uint8_t)~(1u << (i % 8));
}

int tty_is_line_end(const struct tty *t, size_t i)
{
	return (t->line_end[i / 8] >> (i % 8)) & 1;
}

void tty_shift_line_ends(struct tty *t, size_t n)
{
	for (size_t i = 0; i + n < t->len; i++)
		set_line_end(t, i, tty_is_line_end(t, i + n));
}

/* Canonical mode: what was typed since the last line is a line readers may take. */
static void line_done(struct tty *t)
{
	if (t->len > t->ready)
		set_line_end(t, t->len - 1, 1);
	line_ready(t);
}

/* Stores one input byte at the end of the buffer (the caller checked the room). */
static void store(struct tty *t, char c)
{
	set_line_end(t, t->len, 0);
	t->buf[t->len++] = c;
}

/* Appends an ordinary character to the line being edited; the last byte of the
 * buffer is kept for the newline that ends an over-long line. */
static int canonical_store(struct tty *t, char c, int literal)
{
	if (t->len >= TTY_BUF - 1 && !(c == '\n' && t->len < TTY_BUF))
		return 0;
	store(t, c);
	echo_char(t, c, literal);
	return 1;
}

/* ^V with IEXTEN: Linux echoes "^" and backs over it until the literal comes. */
static void literal_next(struct tty *t)
{
	t->lnext = 1;
	if (t->termios.c_lflag & ECHOCTL)
		tty_echo(t, "^\b", 2);
}

static void canonical(struct tty *t, char c)
{
	const uint8_t *cc = t->termios.c_cc;

	if (c == (char)cc[VLNEXT] && (t->termios.c_lflag & IEXTEN)) {
		literal_next(t);
	} else if (c == (char)cc[VERASE] || c == '\b') {
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
		line_done(t);
	} else if (canonical_store(t, c, 0) && (c == '\n' || c == (char)cc[VEOL])) {
		line_done(t);
	}
}

static void raw_byte(struct tty *t, char c, int echo)
{
	if (t->len < TTY_BUF)
		store(t, c);
	if (echo)
		echo_char(t, c, 0);
	line_ready(t);
}

/* IXANY: any character but a signal one restarts output stopped by ^S. */
static void restart_on_any(struct tty *t)
{
	if ((t->termios.c_iflag & (IXON | IXANY)) == (IXON | IXANY))
		tty_start_output(t, 0);
}

static void receive_locked(struct tty *t, char c)
{
	uint32_t iflag = t->termios.c_iflag;

	if (!t->is_terminal) {
		raw_byte(t, c, 0);
		return;
	}
	tty_send_held_echo(t);	/* Linux flushes echoes with each input */
	if (t->lnext) {
		/* Linux: no flow control, signal, CR mapping or editing for it. */
		t->lnext = 0;
		restart_on_any(t);
		canonical_store(t, c, 1);
		return;
	}
	if (handle_flow_char(t, c))
		return;
	if (handle_signal_char(t, c))
		return;
	restart_on_any(t);
	if (c == '\r' && (iflag & IGNCR))
		return;
	if (c == '\r' && (iflag & ICRNL))
		c = '\n';
	else if (c == '\n' && (iflag & INLCR))
		c = '\r';
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

void tty_termios_changed(struct tty *t, const struct linux_termios *old)
{
	uint32_t lflag = t->termios.c_lflag;

	if ((old->c_lflag ^ lflag) & ICANON) {
		t->lnext = 0;
		memset(t->line_end, 0, sizeof(t->line_end));
		if ((lflag & ICANON) && t->len)
			set_line_end(t, t->len - 1, 1);
		t->ready = t->len;
	}
	if ((old->c_iflag & IXON) && !(t->termios.c_iflag & IXON))
		tty_start_output(t, 0);	/* Linux: no IXON, no ^S stop */
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
	waitq_init(&t->write_wait);
}
