/*
 * Smaller file calls: sendfile (a read/write loop through a kernel buffer — the
 * VFS has no zero-copy path), fadvise64 and readahead (accepted hints: the caches
 * decide for themselves), syncfs, and the old-style time setters utime, utimes and
 * futimesat, which become utimensat.
 */
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"

long sys_utimensat(int dirfd, uint64_t upath, uint64_t utimes, int flags);

long sys_sendfile(int out_fd, int in_fd, uint64_t uoff, size_t count)
{
	struct file *in = fd_get(in_fd), *out = fd_get(out_fd);
	char *buf = kmalloc(PAGE_SIZE);
	uint64_t pos = 0;
	long done = 0, err = 0;

	if (!in || !out)
		err = -EBADF;
	else if (!buf)
		err = -ENOMEM;
	else if (!file_readable(in) || !file_writable(out))
		err = -EBADF;
	else if (uoff)
		err = copy_from_user(&pos, uoff, sizeof(pos));
	if (!err && !uoff)
		pos = in->f_pos;
	while (!err && (size_t)done < count) {
		struct iobuf kb = { buf, 0 };
		uint64_t opos = out->f_pos;
		long n = vfs_read(in, &kb, MIN((size_t)PAGE_SIZE, count - (size_t)done), &pos);
		if (n <= 0) {
			err = n;
			break;
		}
		long w = vfs_write(out, &kb, (size_t)n, &opos);
		if (w < 0) {
			err = w;
			break;
		}
		if (S_ISREG(out->f_inode->i_mode))
			out->f_pos = opos;
		done += w;
		if (w < n)
			break;
	}
	if (in && !uoff && S_ISREG(in->f_inode->i_mode))
		in->f_pos = pos;
	if (uoff && done > 0 && copy_to_user(uoff, &pos, sizeof(pos)) < 0)
		err = -EFAULT;
	kfree(buf);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return done > 0 ? done : err;
}

long sys_fadvise64(int fd, int64_t off, int64_t len, int advice)
{
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	r = S_ISFIFO(f->f_inode->i_mode) ? -ESPIPE : (advice < 0 || advice > 5) ? -EINVAL : 0;
	file_put(f);
	return r;
}

long sys_readahead(int fd, int64_t off, size_t count)
{
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	r = S_ISREG(f->f_inode->i_mode) ? 0 : -EINVAL;
	file_put(f);
	return r;
}

long sys_syncfs(int fd)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;	/* nothing is written back lazily (see sys_sync) */
}

/* utimes-style timevals become utimensat timespecs in user-invisible kernel memory. */
static long timevals_to_utimens(int dirfd, uint64_t upath, uint64_t utv)
{
	struct linux_timeval tv[2];
	struct linux_timespec ts[2];

	if (!utv)
		return sys_utimensat(dirfd, upath, 0, 0);
	TRY(copy_from_user(tv, utv, sizeof(tv)));
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return utimensat_kernel(dirfd, upath, ts, 0);
}

long sys_futimesat(int dirfd, uint64_t upath, uint64_t utv) { return timevals_to_utimens(dirfd, upath, utv); }
long sys_utimes(uint64_t upath, uint64_t utv) { return timevals_to_utimens(AT_FDCWD, upath, utv); }

long sys_utime(uint64_t upath, uint64_t ubuf)
{
	int64_t t[2];
	struct linux_timespec ts[2];

	if (!ubuf)
		return sys_utimensat(AT_FDCWD, upath, 0, 0);
	TRY(copy_from_user(t, ubuf, sizeof(t)));
	ts[0] = (struct linux_timespec){ t[0], 0 };
	ts[1] = (struct linux_timespec){ t[1], 0 };
	return utimensat_kernel(AT_FDCWD, upath, ts, 0);
}
