/*
 * The terminal line discipline.
 *
 * Input (from the serial interrupt) goes through tty_receive: ICRNL/INLCR/IGNCR, then
 * with ISIG the INTR/QUIT/SUSP characters become signals to the foreground process
 * group, then canonical editing (ERASE, KILL, WERASE, EOF, line completion) or raw
 * bytes, with ECHO/ECHOE/ECHOCTL. Readers take completed lines (canonical) or bytes
 * (raw, per VMIN/VTIME). A read from a background process group of the terminal's
 * session gets SIGTTIN, as job control needs.
 *
 * Under the kernel option `notty` the console is no terminal at all: no echo, no
 * editing, and terminal ioctls fail with ENOTTY, so programs see what they would see
 * reading a pipe.
 */
#include "Devices/TTY/tty.h"

#include "API/linux.h"
#include "Devices/Console/console.h"
#include "Devices/Serial/serial.h"
#include "Devices/Timer/clock.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/VFS/vfs.h"
#include "Kernel.h"
#include "Lib/panic.h"
#include "Memory/usercopy.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

struct tty console_tty;

static void tty_echo(struct tty *t, const char *s, size_t n)
{
	if (t->termios.c_lflag & ECHO)
		t->output(s, n);
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
	echo_char(t, c);
	tty_echo(t, "\n", 1);
	if (!(t->termios.c_lflag & NOFLSH))
		t->len = t->ready = 0;
	if (t->pgrp) {
		struct linux_siginfo info = { .si_signo = sig, .si_code = SI_KERNEL };
		signal_send_pgrp(t->pgrp, sig, &info);
	}
	return 1;
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
		t->ready = t->len;
		waitq_wake_all(&t->readable);
	} else if (t->len < TTY_BUF - 1 || c == '\n') {
		if (t->len == TTY_BUF)
			return;
		t->buf[t->len++] = c;
		echo_char(t, c);
		if (c == '\n' || c == (char)cc[VEOL]) {
			t->ready = t->len;
			waitq_wake_all(&t->readable);
		}
	}
}

void tty_receive(struct tty *t, char c)
{
	uint32_t iflag = t->termios.c_iflag;

	if (!t->is_terminal) {
		if (t->len < TTY_BUF)
			t->buf[t->len++] = c;
		t->ready = t->len;
		waitq_wake_all(&t->readable);
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
	if (t->termios.c_lflag & ICANON) {
		canonical(t, c);
		return;
	}
	if (t->len < TTY_BUF)
		t->buf[t->len++] = c;
	t->ready = t->len;
	echo_char(t, c);
	waitq_wake_all(&t->readable);
}

static void serial_input(char c)
{
	tty_receive(&console_tty, c);
}

/* Job control: a background process reading its controlling terminal. */
static int background_read(struct tty *t)
{
	struct process *p = curproc;

	if (!t->is_terminal || p->ctty != t || !t->pgrp || p->pgid == t->pgrp)
		return 0;
	if (signal_ignored(p, SIGTTIN) || (current->sig_blocked & SIGBIT(SIGTTIN)))
		return -EIO;
	signal_send_pgrp(p->pgid, SIGTTIN, NULL);
	return -ERESTARTSYS;
}

static int input_available(struct tty *t)
{
	return t->ready > 0 || t->eof_pending;
}

static long tty_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct tty *t = &console_tty;
	uint64_t deadline = 0;
	size_t take;

	TRY(background_read(t));
	if (t->is_terminal && !(t->termios.c_lflag & ICANON)) {
		uint8_t vmin = t->termios.c_cc[VMIN], vtime = t->termios.c_cc[VTIME];
		if (vtime)
			deadline = clock_ns() + (uint64_t)vtime * 100000000ULL;
		if (vmin == 0 && vtime == 0 && !input_available(t))
			return 0;
	}
	if (!input_available(t) && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	int err = WAIT_EVENT(&t->readable, input_available(t), 1, deadline);
	if (err == -ETIMEDOUT)
		return 0;
	if (err)
		return err;
	int irq = irq_save();
	take = MIN(n, t->ready);
	if (t->is_terminal && (t->termios.c_lflag & ICANON)) {
		/* One line at most per read. */
		for (size_t i = 0; i < take; i++)
			if (t->buf[i] == '\n') {
				take = i + 1;
				break;
			}
	}
	if (take == 0 && t->eof_pending) {
		t->eof_pending = 0;
		irq_restore(irq);
		return 0;
	}
	irq_restore(irq);
	if (iobuf_put(b, 0, t->buf, take) < 0)
		return -EFAULT;
	irq = irq_save();
	memmove(t->buf, t->buf + take, t->len - take);
	t->len -= take;
	t->ready -= take;
	irq_restore(irq);
	return (long)take;
}

static long tty_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(sizeof(chunk), n - done);
		if (iobuf_get(b, done, chunk, c) < 0)
			return done ? (long)done : -EFAULT;
		console_tty.output(chunk, c);
		done += c;
	}
	return (long)n;
}

static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(pt, &console_tty.readable);
	return (input_available(&console_tty) ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

static int pid_to_global(int vpid)
{
	struct process *p = process_find(current_pidns(), vpid);

	return p ? process_pid_in(p, &pidns_initial) : 0;
}

static long set_termios(struct tty *t, uint64_t arg, unsigned cmd)
{
	struct linux_termios tio;

	TRY(copy_from_user(&tio, arg, sizeof(tio)));
	int irq = irq_save();
	if (cmd == TCSETSF)
		t->len = t->ready = 0;
	int was_canon = t->termios.c_lflag & ICANON;
	t->termios = tio;
	if (!(tio.c_lflag & ICANON) && was_canon)
		t->ready = t->len;	/* raw mode: everything typed is readable */
	irq_restore(irq);
	waitq_wake_all(&t->readable);
	return 0;
}

static long set_pgrp(struct tty *t, uint64_t arg)
{
	int vpgrp, pg;

	TRY(copy_from_user(&vpgrp, arg, sizeof(vpgrp)));
	if (curproc->ctty != t || curproc->sid != t->session)
		return -ENOTTY;
	if (vpgrp < 0)
		return -EINVAL;
	pg = pid_to_global(vpgrp);
	if (!pg)
		return -EPERM;
	t->pgrp = pg;
	return 0;
}

static long make_controlling(struct tty *t)
{
	struct process *p = curproc;

	if (p->ctty == t)
		return 0;
	if (p->sid != process_pid_in(p, &pidns_initial) || p->ctty)
		return -EPERM;
	if (t->session && t->session != p->sid && p->cred.euid != 0)
		return -EPERM;
	t->session = p->sid;
	t->pgrp = p->pgid;
	p->ctty = t;
	return 0;
}

static long tty_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct tty *t = &console_tty;
	int v;

	if (!t->is_terminal)
		return -ENOTTY;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(arg, &t->termios, sizeof(t->termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(t, arg, cmd);
	case TIOCGWINSZ:
		return copy_to_user(arg, &t->winsize, sizeof(t->winsize));
	case TIOCSWINSZ:
		TRY(copy_from_user(&t->winsize, arg, sizeof(t->winsize)));
		if (t->pgrp)
			signal_send_pgrp(t->pgrp, SIGWINCH, NULL);
		return 0;
	case TIOCGPGRP: {
		struct process *leader = process_find(&pidns_initial, t->pgrp);
		v = leader ? process_vpid(leader) : 0;
		return copy_to_user(arg, &v, sizeof(v));
	}
	case TIOCSPGRP:
		return set_pgrp(t, arg);
	case TIOCGSID: {
		struct process *leader = process_find(&pidns_initial, t->session);
		if (!t->session)
			return -ENOTTY;
		v = leader ? process_vpid(leader) : 0;
		return copy_to_user(arg, &v, sizeof(v));
	}
	case TIOCSCTTY:
		return make_controlling(t);
	case TIOCNOTTY:
		if (curproc->ctty == t)
			curproc->ctty = NULL;
		return 0;
	case FIONREAD:
		v = (int)t->ready;
		return copy_to_user(arg, &v, sizeof(v));
	case TCFLSH:
		if (arg == TCIFLUSH || arg == TCIOFLUSH)
			t->len = t->ready = 0;
		return 0;
	case TCSBRK:
	case TCXONC:
		return 0;	/* output is synchronous: always drained */
	}
	return -ENOTTY;
}

static const struct file_ops tty_ops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
};

/* /dev/tty: the caller's controlling terminal, or ENXIO. */
static int dev_tty_open(struct inode *i, struct file *f)
{
	return curproc->ctty ? 0 : -ENXIO;
}

static const struct file_ops dev_tty_ops = {
	.open = dev_tty_open,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
};

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

void tty_init(void)
{
	struct tty *t = &console_tty;

	default_termios(&t->termios);
	t->winsize.ws_row = 25;
	t->winsize.ws_col = 80;
	t->is_terminal = cmdline_get(&kernel_cmdline, "notty") == NULL;
	t->output = console_output;
	serial_set_crlf(t->is_terminal);
	waitq_init(&t->readable);
	if (chrdev_register(5, 1, &tty_ops) < 0 || chrdev_register(4, 64, &tty_ops) < 0 ||
	    chrdev_register(5, 0, &dev_tty_ops) < 0 || devfs_add("console", S_IFCHR | 0600, MKDEV(5, 1)) < 0 ||
	    devfs_add("ttyS0", S_IFCHR | 0660, MKDEV(4, 64)) < 0 || devfs_add("tty", S_IFCHR | 0666, MKDEV(5, 0)) < 0)
		panic("tty: cannot register the console");
	serial_set_input_sink(serial_input);
}
