/*
 * Open files. vfs_open checks what POSIX says open(2) checks — type, permission,
 * read-only mounts, nodev — and picks the operations: the inode's own, a character
 * device's from the chrdev table, or a FIFO's. Reads and writes go through the
 * operations with an iobuf that is user or kernel memory.
 */
#include "FileSystem/VFS/vfs.h"

#include "FileSystem/VFS/lock.h"
#include "FileSystem/VFS/pipe.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tasks/process.h"

#define DEVICES_MAX 64

struct device_table {
	uint64_t rdev[DEVICES_MAX];
	const struct file_ops *fops[DEVICES_MAX];
	int count;
};

static struct device_table chrdevs, blkdevs;

static int dev_register(struct device_table *t, unsigned major, unsigned minor, const struct file_ops *fops)
{
	if (t->count == DEVICES_MAX)
		return -ENOSPC;
	t->rdev[t->count] = MKDEV(major, minor);
	t->fops[t->count] = fops;
	t->count++;
	return 0;
}

static const struct file_ops *dev_lookup(const struct device_table *t, uint64_t rdev)
{
	for (int i = 0; i < t->count; i++)
		if (t->rdev[i] == rdev)
			return t->fops[i];
	return NULL;
}

int chrdev_register(unsigned major, unsigned minor, const struct file_ops *fops)
{
	return dev_register(&chrdevs, major, minor, fops);
}

const struct file_ops *chrdev_lookup(uint64_t rdev)
{
	return dev_lookup(&chrdevs, rdev);
}

int blkdev_register(unsigned major, unsigned minor, const struct file_ops *fops)
{
	return dev_register(&blkdevs, major, minor, fops);
}

const struct file_ops *blkdev_lookup(uint64_t rdev)
{
	return dev_lookup(&blkdevs, rdev);
}

void poll_wait(struct poll_table *pt, struct waitq *wq)
{
	if (!pt || pt->count == POLL_MAX_ENTRIES)
		return;
	waitq_add(wq, &pt->entries[pt->count++]);
}

struct file *file_get(struct file *f)
{
	f->f_refs++;
	return f;
}

void file_put(struct file *f)
{
	if (!f || --f->f_refs > 0)
		return;
	lock_release_file(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	path_put(&f->f_path);
	kfree(f->f_name);
	kfree(f);
}

/* What a jailed process may open among devices: the harmless character devices
 * (null 1:3, zero 1:5, full 1:7, random 1:8, urandom 1:9, tty 5:0, console 5:1) and
 * pseudo-terminals (ptmx 5:2, pts 136:*), which container exec needs for its terminal. */
static int jail_allows_device(const struct inode *i)
{
	unsigned ma = MAJOR(i->i_rdev), mi = MINOR(i->i_rdev);

	if (!S_ISCHR(i->i_mode))
		return 0;
	if (ma == 1)
		return mi == 3 || mi == 5 || mi == 7 || mi == 8 || mi == 9;
	if (ma == 5)
		return mi <= 2;
	return ma == 136;
}

static int open_checks(const struct path *p, int flags)
{
	struct inode *i = p->inode;
	int acc = flags & O_ACCMODE, mask = 0;
	int mnt_flags = p->mnt ? p->mnt->mnt_flags : 0;

	if ((flags & O_DIRECTORY) && !S_ISDIR(i->i_mode))
		return -ENOTDIR;
	if (S_ISLNK(i->i_mode))
		return -ELOOP;
	if (S_ISDIR(i->i_mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (acc != O_WRONLY)
		mask |= R_OK;
	if (acc != O_RDONLY || (flags & O_TRUNC))
		mask |= W_OK;
	TRY(inode_permission(i, mask));
	if ((mask & W_OK) && (S_ISREG(i->i_mode) || S_ISDIR(i->i_mode)) &&
	    ((mnt_flags & MNT_RDONLY) || (i->i_sb->s_flags & SB_RDONLY)))
		return -EROFS;
	if ((S_ISCHR(i->i_mode) || S_ISBLK(i->i_mode)) && (mnt_flags & MNT_NODEV))
		return -EACCES;
	if ((S_ISCHR(i->i_mode) || S_ISBLK(i->i_mode)) && curproc->jail && !jail_allows_device(i))
		return -EPERM;
	return 0;
}

static const struct file_ops *pick_ops(struct inode *i)
{
	if (S_ISCHR(i->i_mode))
		return chrdev_lookup(i->i_rdev);
	if (S_ISFIFO(i->i_mode))
		return &fifo_file_ops;
	if (S_ISBLK(i->i_mode))
		return blkdev_lookup(i->i_rdev);
	return i->i_fop;
}

int vfs_open(const struct path *p, int flags, struct file **out)
{
	struct file *f;
	int err;

	TRY(open_checks(p, flags));
	f = kzalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->f_path = *p;
	path_get(p);
	f->f_inode = p->inode;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->f_refs = 1;
	f->f_op = pick_ops(p->inode);
	if (!f->f_op) {
		err = -ENXIO;
		goto fail;
	}
	if (f->f_op->open && (err = f->f_op->open(p->inode, f)) < 0)
		goto fail;
	if ((flags & O_TRUNC) && S_ISREG(p->inode->i_mode) && p->inode->i_op->truncate) {
		err = p->inode->i_op->truncate(p->inode, 0);
		if (err < 0) {
			file_put(f);
			return err;
		}
	}
	*out = f;
	return 0;
fail:
	f->f_op = NULL;
	file_put(f);
	return err;
}

long vfs_read(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	if (!file_readable(f) || (f->f_flags & O_PATH) || !f->f_op)
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, n, pos);
}

long vfs_write(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	if (!file_writable(f) || (f->f_flags & O_PATH) || !f->f_op)
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	return f->f_op->write(f, buf, n, pos);
}

long kernel_read(struct file *f, void *buf, size_t n, uint64_t pos)
{
	struct iobuf b = { buf, 0 };
	size_t done = 0;

	if (!f->f_op || !f->f_op->read || (f->f_flags & O_PATH))
		return -EINVAL;
	while (done < n) {
		struct iobuf part = { b.base + done, 0 };
		long r = f->f_op->read(f, &part, n - done, &pos);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (long)done;
}
