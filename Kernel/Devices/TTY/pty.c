/*
 * Pseudo-terminals: a master file and a slave struct tty per pair.
 *
 * The slave is an ordinary terminal: its line discipline (ldisc.c) takes the
 * master's writes as input, so echo and ^C work as on the console, and its output
 * (writes and echo, with OPOST/ONLCR applied here) lands in `out`, which the master
 * reads. Flow control: a master writer waits while the slave's input is full and a
 * reader can drain it; a slave writer waits (on slave.write_wait) while `out` is
 * full or the slave's output is stopped (IXON ^S from the master, tcflow).
 *
 * Lifetime: a pair holds one reference for the master file and one per slave file
 * (including /dev/tty files). Closing the master hangs the slave up (tty_hangup: EOF
 * for readers, EIO for writers, SIGHUP to the session, no controlling terminal
 * left pointing at it); the pair and its index go when the last reference does. A
 * master read once every slave opener has closed is EIO, as on Linux (before the
 * slave's first open it blocks).
 *
 * Namespaces: a pair lives in one pty namespace (pty.h), which numbers it; the
 * namespace is chosen by where the master was opened (a devpts "ptmx" node: that
 * mount's; /dev/ptmx in devfs: the initial one) and a slave node 136:N means index N
 * of its devpts mount's namespace (the initial one for a node outside devpts). Each
 * pair and each devpts mount holds a reference on its namespace.
 *
 * Slave device numbers 136:N are registered with the chrdev table the first time
 * index N is used (the table has no minor ranges); indexes are reused lowest first,
 * so that costs one slot per pty that was ever open at the same time.
 */
#include "Devices/TTY/pty.h"

#include "API/linux.h"
#include "Devices/Console/console.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/DevPTS/devpts.h"
#include "FileSystem/VFS/vfs.h"
#include "Kernel.h"
#include "Lib/initcall.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Tasks/process.h"

#ifndef TIOCGPTLCK
#define TIOCGPTLCK 0x80045439
#endif

struct pty_ns {
	struct pty *ptys[PTY_MAX];
	int refs;			/* devpts mounts and pairs; the initial one is never freed */
};

struct pty {
	struct pty_ns *ns;		/* [I] holds a reference */
	int index;			/* [I] N of /dev/pts/N in ns */
	struct tty slave;
	char out[TTY_BUF];		/* slave output not yet read by the master */
	size_t out_len;
	struct waitq out_readable;	/* master readers and pollers */
	int locked;			/* TIOCSPTLCK */
	int master_open;
	int slave_opens;
	int slave_was_opened;	/* a master read blocks until the slave has been opened once */
	int refs;			/* master file + slave files */
	uint32_t uid, gid;		/* [I] */
};

static struct pty_ns initial_ns = { .refs = 1 };
static uint8_t slave_registered[PTY_MAX];

struct pty_ns *pty_ns_initial(void)
{
	initial_ns.refs++;
	return &initial_ns;
}

struct pty_ns *pty_ns_create(void)
{
	struct pty_ns *ns = kzalloc(sizeof(*ns));

	if (ns)
		ns->refs = 1;
	return ns;
}

void pty_ns_put(struct pty_ns *ns)
{
	if (--ns->refs == 0 && ns != &initial_ns)
		kfree(ns);
}

/* The namespace a device inode refers to. */
static struct pty_ns *ns_of_inode(const struct inode *i)
{
	struct pty_ns *ns = devpts_ns_of(i->i_sb);

	return ns ? ns : &initial_ns;
}
static const struct file_ops pty_slave_ops;

static struct pty *pty_of(struct tty *t)
{
	return t->driver_data;
}

static void pty_put(struct pty *p)
{
	if (--p->refs > 0)
		return;
	p->ns->ptys[p->index] = NULL;
	pty_ns_put(p->ns);
	kfree(p);
}

/* ---- the slave's driver ---- */

/* Appends to `out` with OPOST/ONLCR; returns the input bytes taken (all, or up to
 * the first that did not fit). */
static size_t out_append(struct pty *p, const char *s, size_t n)
{
	const struct linux_termios *tio = &p->slave.termios;
	int onlcr = (tio->c_oflag & OPOST) && (tio->c_oflag & ONLCR);
	size_t i;

	for (i = 0; i < n; i++) {
		size_t need = (onlcr && s[i] == '\n') ? 2 : 1;
		if (p->out_len + need > TTY_BUF)
			break;
		if (need == 2)
			p->out[p->out_len++] = '\r';
		p->out[p->out_len++] = s[i];
	}
	if (i)
		waitq_wake_all(&p->out_readable);
	return i;
}

static void slave_output(struct tty *t, const char *s, size_t n)
{
	out_append(pty_of(t), s, n);	/* echo: dropped when the master reads nothing */
}

/* A slave write can go on: room in `out` and output not stopped (or a hangup). */
static int slave_writable(struct pty *p)
{
	return (p->out_len + 2 <= TTY_BUF && !p->slave.stopped) || p->slave.hung_up;
}

static long slave_write(struct tty *t, struct file *f, const struct iobuf *b, size_t n)
{
	struct pty *p = pty_of(t);
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		if (!slave_writable(p)) {
			if (f->f_flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			int err = WAIT_EVENT(&t->write_wait, slave_writable(p), 1, 0);
			if (err)
				return done ? (long)done : err;
		}
		if (t->hung_up)
			return done ? (long)done : -EIO;
		size_t c = MIN(sizeof(chunk), n - done);
		if (iobuf_get(b, done, chunk, c) < 0)
			return done ? (long)done : -EFAULT;
		done += out_append(p, chunk, c);
	}
	return (long)n;
}

static unsigned slave_write_poll(struct tty *t, struct poll_table *pt)
{
	struct pty *p = pty_of(t);

	poll_wait(pt, &t->write_wait);
	return slave_writable(p) ? POLLOUT | POLLWRNORM : 0;
}

static int slave_open(struct tty *t)
{
	struct pty *p = pty_of(t);

	if (p->locked || t->hung_up)
		return -EIO;
	p->slave_opens++;
	p->slave_was_opened = 1;
	p->refs++;
	return 0;
}

static void slave_release(struct tty *t)
{
	struct pty *p = pty_of(t);

	p->slave_opens--;
	waitq_wake_all(&p->out_readable);	/* a master reader may now get EIO */
	pty_put(p);
}

static void slave_flush_output(struct tty *t)
{
	struct pty *p = pty_of(t);

	p->out_len = 0;
	waitq_wake_all(&t->write_wait);
}

static const struct tty_driver slave_driver = {
	.output = slave_output,
	.flush_output = slave_flush_output,
	.write = slave_write,
	.write_poll = slave_write_poll,
	.open = slave_open,
	.release = slave_release,
};

/* ---- allocation ---- */

static int register_slave_minor(int index)
{
	if (slave_registered[index])
		return 0;
	int err = chrdev_register(PTY_SLAVE_MAJOR, (unsigned)index, &pty_slave_ops);
	if (err < 0) {
		kprintf("pty: cannot register /dev/pts/%d (136:%d) in the chrdev table: error %d\n",
			index, index, err);
		return err;
	}
	slave_registered[index] = 1;
	return 0;
}

static int pty_alloc(struct pty_ns *ns, struct pty **out)
{
	int index = 0;

	while (index < PTY_MAX && ns->ptys[index])
		index++;
	if (index == PTY_MAX)
		return -ENOSPC;
	TRY(register_slave_minor(index));
	struct pty *p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->ns = ns;
	ns->refs++;
	p->index = index;
	tty_setup(&p->slave, &slave_driver, p, MKDEV(PTY_SLAVE_MAJOR, index));
	p->slave.winsize.ws_row = p->slave.winsize.ws_col = 0;	/* Linux: 0x0 until set */
	waitq_init(&p->out_readable);
	p->locked = 1;
	p->master_open = 1;
	p->refs = 1;
	p->uid = curproc->cred.fsuid;
	p->gid = curproc->cred.fsgid;
	ns->ptys[index] = p;
	*out = p;
	return 0;
}

int pty_info(struct pty_ns *ns, int index, struct pty_info *out)
{
	if (index < 0 || index >= PTY_MAX || !ns->ptys[index])
		return -ENOENT;
	out->uid = ns->ptys[index]->uid;
	out->gid = ns->ptys[index]->gid;
	out->locked = ns->ptys[index]->locked;
	return 0;
}

int pty_next(struct pty_ns *ns, int index)
{
	for (int i = index + 1; i < PTY_MAX; i++)
		if (ns->ptys[i])
			return i;
	return -1;
}

/* ---- the slave device (136:N) ---- */

static int pty_slave_open(struct inode *i, struct file *f)
{
	struct pty_ns *ns = ns_of_inode(i);
	unsigned index = MINOR(i->i_rdev);

	if (index >= PTY_MAX || !ns->ptys[index])
		return -ENXIO;
	return tty_file_attach(f, &ns->ptys[index]->slave);
}

static const struct file_ops pty_slave_ops = TTY_FILE_OPS(pty_slave_open);

/* ---- the master (/dev/ptmx) ---- */

static int ptmx_open(struct inode *i, struct file *f)
{
	struct pty *p;

	TRY(pty_alloc(ns_of_inode(i), &p));
	f->f_private = p;
	return 0;
}

/* The slave side was opened and is now closed everywhere: the master reads EIO (once
 * what the slave wrote is read). Before the first open, Linux's master read blocks. */
static int slave_gone(struct pty *p)
{
	return p->slave_was_opened && p->slave_opens == 0;
}

static long master_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct pty *p = f->f_private;

	(void)pos;
	if (p->out_len == 0 && slave_gone(p))
		return -EIO;
	if (p->out_len == 0 && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	TRY(WAIT_EVENT(&p->out_readable, p->out_len > 0 || slave_gone(p), 1, 0));
	if (p->out_len == 0)
		return -EIO;
	size_t take = MIN(n, p->out_len);
	if (iobuf_put(b, 0, p->out, take) < 0)
		return -EFAULT;
	memmove(p->out, p->out + take, p->out_len - take);
	p->out_len -= take;
	waitq_wake_all(&p->slave.write_wait);
	return (long)take;
}

static long master_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct pty *p = f->f_private;
	struct tty *t = &p->slave;
	char chunk[256];
	size_t done = 0;

	(void)pos;
	while (done < n) {
		size_t c = MIN(sizeof(chunk), n - done);
		if (iobuf_get(b, done, chunk, c) < 0)
			return done ? (long)done : -EFAULT;
		for (size_t k = 0; k < c; k++, done++) {
			if (tty_input_full(t)) {
				if (f->f_flags & O_NONBLOCK)
					return done ? (long)done : -EAGAIN;
				int err = WAIT_EVENT(&t->room, !tty_input_full(t), 1, 0);
				if (err)
					return done ? (long)done : err;
			}
			tty_receive(t, chunk[k]);
		}
	}
	return (long)n;
}

static unsigned master_poll(struct file *f, struct poll_table *pt)
{
	struct pty *p = f->f_private;
	unsigned mask = 0;

	poll_wait(pt, &p->out_readable);
	poll_wait(pt, &p->slave.room);
	if (p->out_len > 0)
		mask |= POLLIN | POLLRDNORM;
	if (!tty_input_full(&p->slave))
		mask |= POLLOUT | POLLWRNORM;
	if (slave_gone(p))
		mask |= POLLHUP;
	return mask;
}

static long master_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct pty *p = f->f_private;
	int v;

	switch (cmd) {
	case TIOCGPTN:
		v = p->index;
		return copy_to_user(arg, &v, sizeof(v));
	case TIOCSPTLCK:
		TRY(copy_from_user(&v, arg, sizeof(v)));
		p->locked = v != 0;
		return 0;
	case TIOCGPTLCK:
		v = p->locked;
		return copy_to_user(arg, &v, sizeof(v));
	case TIOCSCTTY:
	case TIOCNOTTY:
		/* Linux lets a master be a controlling terminal; Atoll does not (yet). */
		return -ENOTTY;
	case FIONREAD:
		v = (int)p->out_len;
		return copy_to_user(arg, &v, sizeof(v));
	case TCXONC:
		/* Linux applies it to the master's own side (its writes, its ^S); Atoll's
		 * master has no flow control: accepted, no effect. */
		return arg <= TCION ? 0 : -EINVAL;
	case TCFLSH:
		if (arg == TCOFLUSH || arg == TCIOFLUSH)
			slave_flush_output(&p->slave);
		if (arg == TCOFLUSH)
			return 0;
		return tty_ioctl_common(&p->slave, cmd, arg == TCIOFLUSH ? TCIFLUSH : arg, 1);
	}
	return tty_ioctl_common(&p->slave, cmd, arg, 1);
}

static void master_release(struct file *f)
{
	struct pty *p = f->f_private;

	p->master_open = 0;
	tty_hangup(&p->slave);	/* wakes slave writers too */
	pty_put(p);
}

static const struct file_ops ptmx_ops = {
	.open = ptmx_open,
	.read = master_read,
	.write = master_write,
	.poll = master_poll,
	.ioctl = master_ioctl,
	.release = master_release,
};

static int pty_init(void)
{
	int err = chrdev_register(PTMX_MAJOR, PTMX_MINOR, &ptmx_ops);

	if (err < 0 || (err = devfs_add("ptmx", S_IFCHR | 0666, MKDEV(PTMX_MAJOR, PTMX_MINOR))) < 0) {
		kprintf("pty: cannot register /dev/ptmx (5:2): error %d\n", err);
		return err;
	}
	return 0;
}
INITCALL(2, pty_init);
