/*
 * Terminal files: read, write, poll and release for every terminal, whichever
 * struct tty the file is bound to (f_private, set at open by tty_file_attach).
 *
 * Readers take completed lines (canonical) or bytes (raw, per VMIN/VTIME) from the
 * input the line discipline (ldisc.c) collected. A read from a background process
 * group of the terminal's session gets SIGTTIN, as job control needs. Writes go to
 * the driver (the screen, or a pty's master). A hung-up terminal reads EOF and
 * writes EIO, as Linux's hung_up_tty_fops do. The ioctls are in tty_ioctl.c.
 */
#include "Devices/TTY/tty.h"

#include "API/linux.h"
#include "Devices/Timer/clock.h"
#include "FileSystem/VFS/vfs.h"
#include "Kernel.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

int tty_file_attach(struct file *f, struct tty *t)
{
	if (t->driver->open)
		TRY(t->driver->open(t));
	f->f_private = t;
	return 0;
}

void tty_release(struct file *f)
{
	struct tty *t = f->f_private;

	if (t && t->driver->release)
		t->driver->release(t);
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
	return t->ready > 0 || t->eof_pending || t->hung_up;
}

/* VMIN/VTIME in raw mode: the deadline (0 none), or 1 in *now when a read must not wait. */
static uint64_t raw_deadline(struct tty *t, int *no_wait)
{
	uint8_t vmin = t->termios.c_cc[VMIN], vtime = t->termios.c_cc[VTIME];

	*no_wait = 0;
	if (!t->is_terminal || (t->termios.c_lflag & ICANON))
		return 0;
	if (vmin == 0 && vtime == 0)
		*no_wait = 1;
	return vtime ? clock_ns() + (uint64_t)vtime * 100000000ULL : 0;
}

/* How many bytes one read takes: at most one line in canonical mode. */
static size_t bytes_to_take(struct tty *t, size_t n)
{
	size_t take = MIN(n, t->ready);

	if (t->is_terminal && (t->termios.c_lflag & ICANON)) {
		for (size_t i = 0; i < take; i++)
			if (t->buf[i] == '\n')
				return i + 1;
	}
	return take;
}

static void consume(struct tty *t, size_t take)
{
	int irq = irq_save();

	memmove(t->buf, t->buf + take, t->len - take);
	t->len -= take;
	t->ready -= take;
	irq_restore(irq);
	waitq_wake_all(&t->room);
}

long tty_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct tty *t = f->f_private;
	int no_wait;

	(void)pos;
	if (t->hung_up)
		return 0;
	TRY(background_read(t));
	uint64_t deadline = raw_deadline(t, &no_wait);
	if (!input_available(t) && no_wait)
		return 0;
	if (!input_available(t) && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	int err = WAIT_EVENT(&t->readable, input_available(t), 1, deadline);
	if (err == -ETIMEDOUT)
		return 0;
	if (err)
		return err;
	if (t->hung_up)
		return -EIO;	/* Linux: a reader woken by the hangup gets EIO, later ones EOF */
	int irq = irq_save();
	size_t take = bytes_to_take(t, n);
	if (take == 0 && t->eof_pending) {
		t->eof_pending = 0;
		irq_restore(irq);
		return 0;
	}
	irq_restore(irq);
	if (iobuf_put(b, 0, t->buf, take) < 0)
		return -EFAULT;
	consume(t, take);
	return (long)take;
}

long tty_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct tty *t = f->f_private;
	char chunk[256];
	size_t done = 0;

	(void)pos;
	if (t->hung_up)
		return -EIO;
	if (t->driver->write)
		return t->driver->write(t, f, b, n);
	while (done < n) {
		size_t c = MIN(sizeof(chunk), n - done);
		if (iobuf_get(b, done, chunk, c) < 0)
			return done ? (long)done : -EFAULT;
		t->driver->output(t, chunk, c);
		done += c;
	}
	return (long)n;
}

unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *t = f->f_private;
	unsigned mask;

	poll_wait(pt, &t->readable);
	if (t->hung_up)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLHUP | POLLERR;
	mask = input_available(t) ? POLLIN | POLLRDNORM : 0;
	if (t->driver->write_poll)
		return mask | t->driver->write_poll(t, pt);
	return mask | POLLOUT | POLLWRNORM;
}

static void signal_leader(int sid, int sig)
{
	struct process *leader = process_find(&pidns_initial, sid);

	if (leader && leader->state == PROC_ALIVE)
		signal_send(leader, sig, NULL);
}

void tty_hangup(struct tty *t)
{
	int irq = irq_save();

	t->hung_up = 1;
	t->len = t->ready = 0;
	t->eof_pending = 0;
	irq_restore(irq);
	/* Linux: SIGHUP then SIGCONT to the session leader, SIGHUP to the foreground group. */
	if (t->session) {
		signal_leader(t->session, SIGHUP);
		signal_leader(t->session, SIGCONT);
	}
	if (t->pgrp)
		signal_send_pgrp(t->pgrp, SIGHUP, NULL);
	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		if (q->ctty == t)
			q->ctty = NULL;
	}
	t->session = t->pgrp = 0;
	waitq_wake_all(&t->readable);
	waitq_wake_all(&t->room);
}
