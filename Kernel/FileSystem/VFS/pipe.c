/*
 * Pipes and FIFOs (see pipe.h for the rules). Anonymous pipes get an inode on a small
 * internal superblock so that fstat and /proc/PID/fd show "pipe:[N]"; FIFOs keep their
 * pipe on the filesystem's inode while any end is open.
 */
#include "FileSystem/VFS/pipe.h"

#include "API/termios.h"
#include "Lib/string.h"
#include "Memory/usercopy.h"
#include "Memory/heap.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

struct pipe {
	char *buf;
	size_t head, count;
	int readers, writers;
	struct waitq readable, writable;
};

static struct super_block pipe_sb = { .s_type = "pipefs", .s_refs = 1, .s_magic = 0x50495045 };
static uint64_t pipe_ino = 1;

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	waitq_init(&p->readable);
	waitq_init(&p->writable);
	return p;
}

static void pipe_free(struct pipe *p)
{
	kfree(p->buf);
	kfree(p);
}

static long pipe_read(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	struct pipe *p = f->f_inode->i_pipe;
	size_t done = 0;

	if (n == 0)
		return 0;
	if (!(f->f_flags & O_NONBLOCK))
		TRY(WAIT_EVENT_INTERRUPTIBLE(&p->readable, p->count > 0 || p->writers == 0));
	else if (p->count == 0)
		return p->writers ? -EAGAIN : 0;
	while (done < n && p->count > 0) {
		size_t chunk = MIN(n - done, MIN(p->count, PIPE_SIZE - p->head));
		if (iobuf_put(buf, done, p->buf + p->head, chunk) < 0)
			return done ? (long)done : -EFAULT;
		p->head = (p->head + chunk) % PIPE_SIZE;
		p->count -= chunk;
		done += chunk;
	}
	waitq_wake_all(&p->writable);
	return (long)done;
}

static long pipe_write(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	struct pipe *p = f->f_inode->i_pipe;
	size_t done = 0;

	while (done < n) {
		/* Up to PIPE_BUF bytes go in one piece: wait for room for all of them. */
		size_t need = (n - done <= PIPE_BUF) ? n - done : 1;
		if (p->readers == 0) {
			signal_send_thread(current, SIGPIPE, NULL);
			return done ? (long)done : -EPIPE;
		}
		if (PIPE_SIZE - p->count < need) {
			if (f->f_flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			int err = WAIT_EVENT_INTERRUPTIBLE(&p->writable, PIPE_SIZE - p->count >= need || p->readers == 0);
			if (err)
				return done ? (long)done : err;
			continue;
		}
		size_t tail = (p->head + p->count) % PIPE_SIZE;
		size_t chunk = MIN(n - done, MIN(PIPE_SIZE - p->count, PIPE_SIZE - tail));
		if (iobuf_get(buf, done, p->buf + tail, chunk) < 0)
			return done ? (long)done : -EFAULT;
		p->count += chunk;
		done += chunk;
		waitq_wake_all(&p->readable);
	}
	return (long)done;
}

static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->f_inode->i_pipe;
	unsigned mask = 0;

	if (file_readable(f)) {
		poll_wait(pt, &p->readable);
		if (p->count > 0)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	}
	if (file_writable(f)) {
		poll_wait(pt, &p->writable);
		/* Writable when a PIPE_BUF write fits (Linux: a free page slot). */
		if (PIPE_SIZE - p->count >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	if (cmd == FIONREAD) {
		int n = (int)f->f_inode->i_pipe->count;
		return copy_to_user(arg, &n, sizeof(n));
	}
	return -ENOTTY;
}

static void pipe_release(struct file *f)
{
	struct inode *i = f->f_inode;
	struct pipe *p = i->i_pipe;

	if (!p)
		return;
	if (file_readable(f))
		p->readers--;
	if (file_writable(f))
		p->writers--;
	waitq_wake_all(&p->readable);
	waitq_wake_all(&p->writable);
	if (p->readers == 0 && p->writers == 0) {
		pipe_free(p);
		i->i_pipe = NULL;
	}
}

/* Opening a FIFO: read-only waits for a writer, write-only for a reader. */
static int fifo_open(struct inode *i, struct file *f)
{
	struct pipe *p = i->i_pipe;
	int err = 0;

	if (!p && !(p = i->i_pipe = pipe_alloc()))
		return -ENOMEM;
	if (file_readable(f))
		p->readers++;
	if (file_writable(f))
		p->writers++;
	waitq_wake_all(&p->readable);
	waitq_wake_all(&p->writable);
	if ((f->f_flags & O_ACCMODE) == O_RDONLY && !(f->f_flags & O_NONBLOCK))
		err = WAIT_EVENT_INTERRUPTIBLE(&p->writable, p->writers > 0);
	else if ((f->f_flags & O_ACCMODE) == O_WRONLY) {
		if ((f->f_flags & O_NONBLOCK) && p->readers == 0)
			err = -ENXIO;
		else
			err = WAIT_EVENT_INTERRUPTIBLE(&p->readable, p->readers > 0);
	}
	if (err)
		pipe_release(f);
	return err;
}

const struct file_ops fifo_file_ops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static const struct file_ops anon_pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static void pipe_inode_evict(struct inode *i)
{
	if (i->i_pipe)
		pipe_free(i->i_pipe);
}

static const struct inode_ops pipe_inode_ops = { .evict = pipe_inode_evict };

static struct file *pipe_end(struct inode *i, int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->f_path.inode = inode_get(i);
	f->f_inode = i;
	f->f_op = &anon_pipe_ops;
	f->f_flags = flags;
	f->f_refs = 1;
	return f;
}

int pipe_create(struct file **rd, struct file **wr, int flags)
{
	struct inode *i = inode_alloc(&pipe_sb, pipe_ino++, S_IFIFO | 0600);
	struct pipe *p = pipe_alloc();

	if (!i || !p)
		goto fail;
	i->i_op = &pipe_inode_ops;
	i->i_pipe = p;
	i->i_uid = curproc->cred.euid;
	i->i_gid = curproc->cred.egid;
	p->readers = p->writers = 1;
	*rd = pipe_end(i, O_RDONLY | (flags & O_NONBLOCK));
	*wr = pipe_end(i, O_WRONLY | (flags & O_NONBLOCK));
	inode_put(i);
	if (!*rd || !*wr) {
		/* pipe_release on whichever end exists keeps the counts honest. */
		if (*rd)
			file_put(*rd);
		if (*wr)
			file_put(*wr);
		return -ENOMEM;
	}
	return 0;
fail:
	if (p)
		pipe_free(p);
	inode_put(i);
	return -ENOMEM;
}
