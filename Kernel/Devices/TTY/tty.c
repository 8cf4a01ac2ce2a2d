/*
 * Terminal files: read, write, poll and release for every terminal, whichever
 * struct tty the file is bound to (f_private, set at open by tty_file_attach).
 *
 * Readers take completed lines (canonical) or bytes (raw, per VMIN/VTIME) from the
 * input the line discipline (ldisc.c) collected. Writes go to the driver (the
 * screen, or a pty's master), and wait while output is stopped (IXON ^S, tcflow).
 * A hung-up terminal reads EOF and writes EIO, as Linux's hung_up_tty_fops do. The
 * ioctls are in tty_ioctl.c.
 *
 * Job control follows Linux's __tty_check_change (tty_job_check): a process of a
 * background process group of the terminal's session that reads it gets SIGTTIN,
 * and one that writes it with TOSTOP set, or changes its settings (tty_ioctl.c),
 * gets SIGTTOU; the call then fails with -ERESTARTSYS (EINTR, or a restart once the
 * group is continued). SIGTTOU ignored or blocked lets the call proceed; SIGTTIN
 * ignored or blocked, or an orphaned process group (nobody left to continue it),
 * gets EIO instead.
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

/* POSIX's orphaned process group (Linux's will_become_orphaned_pgrp): no live
 * member has a parent in another group of the same session, init excepted. */
static int pgrp_orphaned(int pgid, int sid)
{
	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		struct process *parent = q->parent;
		if (q->state != PROC_ALIVE || q->pgid != pgid || !parent)
			continue;
		if (parent->pgid != pgid && parent->sid == sid &&
		    process_pid_in(parent, &pidns_initial) != 1)
			return 0;
	}
	return 1;
}

int tty_job_check(struct tty *t, int sig)
{
	struct process *p = curproc;

	if (!t->is_terminal || p->ctty != t || !t->pgrp || p->pgid == t->pgrp)
		return 0;
	if (signal_ignored(p, sig) || (current->sig_blocked & SIGBIT(sig)))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(p->pgid, p->sid))
		return -EIO;
	signal_send_pgrp(p->pgid, sig, NULL);
	return -ERESTARTSYS;
}

static int output_may_go(struct tty *t)
{
	return !t->stopped || t->hung_up;
}

/* Sleeps while output to `t` is stopped: 0 when it may go on, -EAGAIN (O_NONBLOCK),
 * -ERESTARTSYS (a signal) or -EIO (a hangup). */
static int wait_output(struct tty *t, struct file *f)
{
	if (!output_may_go(t) && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	TRY(WAIT_EVENT(&t->write_wait, output_may_go(t), 1, 0));
	return t->hung_up ? -EIO : 0;
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
			if (tty_is_line_end(t, i))
				return i + 1;
	}
	return take;
}

static void consume(struct tty *t, size_t take)
{
	int irq = irq_save();

	tty_shift_line_ends(t, take);
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
	TRY(tty_job_check(t, SIGTTIN));
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
	if (t->termios.c_lflag & TOSTOP)
		TRY(tty_job_check(t, SIGTTOU));
	tty_send_held_echo(t);
	if (t->driver->write)
		return t->driver->write(t, f, b, n);
	while (done < n) {
		size_t c = MIN(sizeof(chunk), n - done);
		int err = wait_output(t, f);
		if (err)
			return done ? (long)done : err;
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
	poll_wait(pt, &t->write_wait);
	return mask | (t->stopped ? 0 : POLLOUT | POLLWRNORM);
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
	waitq_wake_all(&t->write_wait);
}
