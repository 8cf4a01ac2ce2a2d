/*
 * Terminal ioctls and the controlling terminal, per struct tty.
 *
 * A session leader without a terminal takes one with TIOCSCTTY (stealing it from a
 * dead or, for root, a live session); TIOCNOTTY gives it up. The foreground process
 * group (TIOCSPGRP/TIOCGPGRP) and the session (TIOCGSID) are kept as initial-namespace
 * numbers and shown as the caller's namespace numbers. TIOCSWINSZ sends SIGWINCH to
 * the foreground group when the size changes. A pty master reaches the same
 * handlers through tty_ioctl_common(via_master=1): it reads the slave's state
 * without being its controlling terminal, as Linux's tty_pair_get_tty does.
 *
 * What changes the terminal (TCSETS*, TIOCSPGRP, TCFLSH, TCSBRK, TCXONC) is refused
 * to a background process group of the terminal's session with SIGTTOU, as Linux's
 * tty_check_change (tty_job_check in tty.c); reading the state is not. TCXONC stops
 * and restarts output (ldisc.c) or sends the STOP/START character.
 */
#include "Devices/TTY/tty.h"

#include "API/linux.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/string.h"
#include "Memory/usercopy.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

static int pid_to_global(int vpid)
{
	struct process *p = process_find(current_pidns(), vpid);

	return p ? process_pid_in(p, &pidns_initial) : 0;
}

static int global_to_vpid(int nr)
{
	struct process *p = nr ? process_find(&pidns_initial, nr) : NULL;

	return p ? process_vpid(p) : 0;
}

static long set_termios(struct tty *t, uint64_t arg, unsigned cmd)
{
	struct linux_termios tio;

	TRY(tty_job_check(t, SIGTTOU));
	TRY(copy_from_user(&tio, arg, sizeof(tio)));
	int irq = irq_save();
	if (cmd == TCSETSF)
		t->len = t->ready = t->lnext = 0;
	struct linux_termios old = t->termios;
	t->termios = tio;
	tty_termios_changed(t, &old);
	irq_restore(irq);
	waitq_wake_all(&t->readable);
	return 0;
}

static long set_winsize(struct tty *t, uint64_t arg)
{
	struct linux_winsize ws;

	TRY(copy_from_user(&ws, arg, sizeof(ws)));
	if (memcmp(&ws, &t->winsize, sizeof(ws)) == 0)
		return 0;
	t->winsize = ws;
	if (t->pgrp)
		signal_send_pgrp(t->pgrp, SIGWINCH, NULL);
	return 0;
}

static long set_pgrp(struct tty *t, uint64_t arg)
{
	int vpgrp, pg;

	int err = tty_job_check(t, SIGTTOU);
	if (err)
		return err == -EIO ? -ENOTTY : err;	/* Linux's tiocspgrp */
	TRY(copy_from_user(&vpgrp, arg, sizeof(vpgrp)));
	if (curproc->ctty != t || curproc->sid != t->session)
		return -ENOTTY;
	if (vpgrp < 0)
		return -EINVAL;
	pg = pid_to_global(vpgrp);
	if (!pg)
		return -ESRCH;
	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		if (q->state == PROC_ALIVE && q->pgid == pg)
			return q->sid == t->session ? (t->pgrp = pg, 0) : -EPERM;
	}
	return -ESRCH;
}

/* True while some live process still has `t` as controlling terminal in `sid`. */
static int session_alive(struct tty *t, int sid)
{
	list_for_each(n, &all_processes) {
		struct process *q = list_entry(n, struct process, all_link);
		if (q->state == PROC_ALIVE && q->sid == sid && q->ctty == t)
			return 1;
	}
	return 0;
}

static long make_controlling(struct tty *t, uint64_t arg)
{
	struct process *p = curproc;

	if (p->ctty == t)
		return 0;
	if (p->sid != process_pid_in(p, &pidns_initial) || p->ctty)
		return -EPERM;
	if (t->session && t->session != p->sid && session_alive(t, t->session)) {
		if (arg != 1 || p->cred.euid != 0)
			return -EPERM;
		list_for_each(n, &all_processes) {
			struct process *q = list_entry(n, struct process, all_link);
			if (q->ctty == t)
				q->ctty = NULL;
		}
	}
	t->session = p->sid;
	t->pgrp = p->pgid;
	p->ctty = t;
	return 0;
}

static long give_up_controlling(struct tty *t)
{
	struct process *p = curproc;

	if (p->ctty != t)
		return -ENOTTY;
	if (p->sid == process_pid_in(p, &pidns_initial)) {
		/* The session leader lets go: Linux's disassociate_ctty. */
		if (t->pgrp) {
			signal_send_pgrp(t->pgrp, SIGHUP, NULL);
			signal_send_pgrp(t->pgrp, SIGCONT, NULL);
		}
		list_for_each(n, &all_processes) {
			struct process *q = list_entry(n, struct process, all_link);
			if (q->sid == p->sid && q->ctty == t)
				q->ctty = NULL;
		}
		t->session = t->pgrp = 0;
	}
	p->ctty = NULL;
	return 0;
}

static long put_int(uint64_t arg, int v)
{
	return copy_to_user(arg, &v, sizeof(v));
}

/* Job control and sessions: the caller's own terminal only (a master reads them too). */
static long job_control_ioctl(struct tty *t, unsigned cmd, uint64_t arg, int via_master)
{
	int own = curproc->ctty == t || via_master;

	switch (cmd) {
	case TIOCGPGRP:
		if (!own)
			return -ENOTTY;
		return put_int(arg, global_to_vpid(t->pgrp));
	case TIOCSPGRP:
		return set_pgrp(t, arg);
	case TIOCGSID:
		if (!own || !t->session)
			return -ENOTTY;
		return put_int(arg, global_to_vpid(t->session));
	case TIOCSCTTY:
		return make_controlling(t, arg);
	case TIOCNOTTY:
		return give_up_controlling(t);
	}
	return -ENOTTY;
}

static long flush_input(struct tty *t, uint64_t arg)
{
	if (arg > TCIOFLUSH)
		return -EINVAL;
	if (arg == TCIFLUSH || arg == TCIOFLUSH) {
		int irq = irq_save();
		t->len = t->ready = t->lnext = 0;
		irq_restore(irq);
		waitq_wake_all(&t->room);
	}
	return 0;
}

/* tcflow(3): TCOOFF/TCOON stop and restart output (^Q cannot undo TCOOFF);
 * TCIOFF/TCION send the STOP/START character, as Linux's tty_send_xchar. */
static long flow_control(struct tty *t, uint64_t arg)
{
	int irq;

	switch (arg) {
	case TCOOFF:
	case TCOON:
		irq = irq_save();
		if (arg == TCOOFF)
			tty_stop_output(t, 1);
		else
			tty_start_output(t, 1);
		irq_restore(irq);
		return 0;
	case TCIOFF:
	case TCION: {
		char c = (char)t->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
		if (c)
			t->driver->output(t, &c, 1);
		return 0;
	}
	}
	return -EINVAL;
}

/* The ioctls that change the terminal but not its termios or foreground group. */
static long change_ioctl(struct tty *t, unsigned cmd, uint64_t arg, int via_master)
{
	if (!via_master)
		TRY(tty_job_check(t, SIGTTOU));
	switch (cmd) {
	case TCFLSH:
		return flush_input(t, arg);
	case TCXONC:
		return flow_control(t, arg);
	}
	return 0;	/* TCSBRK: output is synchronous, always drained */
}

long tty_ioctl_common(struct tty *t, unsigned cmd, uint64_t arg, int via_master)
{
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
		return set_winsize(t, arg);
	case FIONREAD:
		return put_int(arg, (int)t->ready);
	case TCFLSH:
	case TCSBRK:
	case TCXONC:
		return change_ioctl(t, cmd, arg, via_master);
	}
	return job_control_ioctl(t, cmd, arg, via_master);
}

long tty_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct tty *t = f->f_private;

	if (!t->is_terminal)
		return -ENOTTY;
	if (t->hung_up)
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	return tty_ioctl_common(t, cmd, arg, 0);
}

void tty_open_controlling(struct file *f, int open_flags)
{
	struct process *p = curproc;
	struct tty *t = f->f_private;

	if ((open_flags & O_NOCTTY) || f->f_op->ioctl != tty_ioctl || !t || !t->is_terminal)
		return;
	if (t->hung_up || t->session || p->ctty || p->sid != process_pid_in(p, &pidns_initial))
		return;
	(void)make_controlling(t, 0);
}
