/*
 * File-descriptor system calls: open and close, read and write (plain, vectored and
 * positional), lseek, getdents64, dup, fcntl, flock, ioctl, pipe, and the sync family.
 * Handlers copy arguments in, take a reference on the file for the duration of the
 * call, and hand off to the VFS.
 */
#include "API/atoll.h"
#include "API/termios.h"
#include "Devices/TTY/tty.h"
#include "FileSystem/VFS/lock.h"
#include "FileSystem/VFS/pipe.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Memory/vm.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"

#define MAX_RW 0x7ffff000UL
#define IOV_MAX 1024

long user_path(uint64_t upath, char *buf)
{
	long n = strncpy_from_user(buf, upath, PATH_MAX);

	return n == -ENAMETOOLONG ? -ENAMETOOLONG : n;
}

static int seekable(const struct file *f)
{
	uint32_t m = f->f_inode->i_mode;

	return S_ISREG(m) || S_ISDIR(m) || S_ISBLK(m) || S_ISLNK(m);
}

/* Creates `name` in dir as a regular file (O_CREAT), checking permissions. */
static int create_file(const struct path *dir, const char *name, uint32_t mode, struct path *out)
{
	struct inode *i;

	if (!dir->inode->i_op->create)
		return -EACCES;
	TRY(inode_permission(dir->inode, W_OK | X_OK));
	if (path_readonly(dir))
		return -EROFS;
	TRY(dir->inode->i_op->create(dir->inode, name, strlen(name), S_IFREG | (mode & 07777 & ~curproc->umask), 0,
				     curproc->cred.fsuid, curproc->cred.fsgid, &i));
	out->mnt = dir->mnt;
	out->inode = i;
	dir->mnt->mnt_refs++;
	return 0;
}

static int open_create(int dirfd, const char *path, int flags, uint32_t mode, struct path *out)
{
	char last[NAME_MAX + 1];
	struct path dir;
	int err;

	TRY(vfs_lookup(dirfd, path, LOOKUP_PARENT, &dir, last));
	if (!last[0]) {
		path_put(&dir);
		return -EISDIR;
	}
	err = vfs_lookup_from(&dir, last, (flags & (O_NOFOLLOW | O_EXCL)) ? 0 : LOOKUP_FOLLOW, out, NULL);
	if (err == 0 && (flags & O_EXCL)) {
		path_put(out);
		err = -EEXIST;
	} else if (err == -ENOENT) {
		err = create_file(&dir, last, mode, out);
	}
	path_put(&dir);
	return err;
}

static int open_path_only(const struct path *p, int flags, struct file **out)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->f_path = *p;
	path_get(p);
	f->f_inode = p->inode;
	f->f_flags = O_PATH | (flags & O_DIRECTORY);
	f->f_refs = 1;
	*out = f;
	return 0;
}

long sys_openat(int dirfd, uint64_t upath, int flags, uint32_t mode)
{
	char *path = kmalloc(PATH_MAX);
	struct path p;
	struct file *f;
	long err;

	if (!path)
		return -ENOMEM;
	if ((err = user_path(upath, path)) < 0)
		goto out;
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		err = -EOPNOTSUPP;
		goto out;
	}
	if (flags & O_CREAT)
		err = open_create(dirfd, path, flags, mode, &p);
	else
		err = vfs_lookup(dirfd, path, ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
					      ((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0), &p, NULL);
	if (err < 0)
		goto out;
	if ((flags & O_NOFOLLOW) && S_ISLNK(p.inode->i_mode) && !(flags & O_PATH))
		err = -ELOOP;
	else if (flags & O_PATH)
		err = open_path_only(&p, flags, &f);
	else
		err = vfs_open(&p, flags, &f);
	path_put(&p);
	if (err == 0 && !S_ISDIR(f->f_inode->i_mode))
		f->f_name = vfs_name_of(dirfd, path);
	if (err == 0 && !(flags & (O_NOCTTY | O_PATH)))
		tty_open_controlling(f, flags);
	if (err == 0 && (err = fd_install(f, 0, flags & O_CLOEXEC)) < 0)
		file_put(f);
out:
	kfree(path);
	return err;
}

long sys_open(uint64_t path, int flags, uint32_t mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_creat(uint64_t path, uint32_t mode)
{
	return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(int fd)
{
	return fd_close(fd);
}

/* Reads or writes through f at *pos (or the file position when pos is NULL). */
static long do_rw(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos, int write)
{
	struct iobuf b = { (char *)ubuf, 1 };
	uint64_t p;
	long r;

	if (f->f_flags & O_PATH)
		return -EBADF;
	if (n > MAX_RW)
		n = MAX_RW;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	/* A read fills the buffer (a write takes from it) up to where memory ends. */
	uint64_t ok = n ? vm_accessible(curproc->vm, ubuf, n, !write) : 0;
	if (n && !ok)
		return -EFAULT;
	n = ok;
	p = pos ? *pos : f->f_pos;
	r = write ? vfs_write(f, &b, n, &p) : vfs_read(f, &b, n, &p);
	if (r >= 0 && !pos && seekable(f))
		f->f_pos = p;
	return r;
}

static long rw_fd(int fd, uint64_t buf, size_t n, int64_t *pos, int write)
{
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	if (pos && !seekable(f))
		r = -ESPIPE;
	else if (pos && *pos < 0)
		r = -EINVAL;
	else
		r = do_rw(f, buf, n, (uint64_t *)pos, write);
	file_put(f);
	return r;
}

long sys_read(int fd, uint64_t buf, size_t n) { return rw_fd(fd, buf, n, NULL, 0); }
long sys_write(int fd, uint64_t buf, size_t n) { return rw_fd(fd, buf, n, NULL, 1); }
long sys_pread64(int fd, uint64_t buf, size_t n, int64_t pos) { return rw_fd(fd, buf, n, &pos, 0); }
long sys_pwrite64(int fd, uint64_t buf, size_t n, int64_t pos) { return rw_fd(fd, buf, n, &pos, 1); }

static long rw_vec(int fd, uint64_t uiov, int cnt, int write)
{
	struct linux_iovec iov;
	struct file *f;
	long total = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	/* Linux checks every length first: a total past SSIZE_MAX is EINVAL. */
	uint64_t sum = 0;
	for (int i = 0; i < cnt; i++) {
		TRY(copy_from_user(&iov, uiov + (uint64_t)i * sizeof(iov), sizeof(iov)));
		if (iov.iov_len > (uint64_t)INT64_MAX || sum + iov.iov_len > (uint64_t)INT64_MAX)
			return -EINVAL;
		sum += iov.iov_len;
	}
	f = fd_get(fd);
	if (!f)
		return -EBADF;
	for (int i = 0; i < cnt; i++) {
		if (copy_from_user(&iov, uiov + (uint64_t)i * sizeof(iov), sizeof(iov)) < 0) {
			total = total ? total : -EFAULT;
			break;
		}
		if (iov.iov_len == 0)
			continue;
		long r = do_rw(f, iov.iov_base, iov.iov_len, NULL, write);
		if (r < 0) {
			total = total ? total : r;
			break;
		}
		total += r;
		if ((uint64_t)r < iov.iov_len)
			break;
	}
	file_put(f);
	return total;
}

long sys_readv(int fd, uint64_t iov, int cnt) { return rw_vec(fd, iov, cnt, 0); }
long sys_writev(int fd, uint64_t iov, int cnt) { return rw_vec(fd, iov, cnt, 1); }

long sys_lseek(int fd, int64_t off, int whence)
{
	struct file *f = fd_get(fd);
	int64_t base;
	long r;

	if (!f)
		return -EBADF;
	if (!seekable(f)) {
		file_put(f);
		return -ESPIPE;
	}
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->f_pos;
		break;
	case SEEK_END:
		base = (int64_t)f->f_inode->i_size;
		break;
	default:
		file_put(f);
		return -EINVAL;
	}
	if (base + off < 0) {
		r = -EINVAL;
	} else {
		f->f_pos = (uint64_t)(base + off);
		r = (long)f->f_pos;
	}
	file_put(f);
	return r;
}

struct dirent_buf {
	struct dir_context ctx;
	char *buf;
	size_t size, used;
};

static int fill_dirent(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct dirent_buf *d = (struct dirent_buf *)ctx;
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	struct linux_dirent64 *e;

	if (d->used + reclen > d->size)
		return 1;
	e = (struct linux_dirent64 *)(d->buf + d->used);
	e->d_ino = ino;
	e->d_off = (int64_t)ctx->pos + 1;
	e->d_reclen = (uint16_t)reclen;
	e->d_type = (uint8_t)type;
	memcpy(e->d_name, name, len);
	memset(e->d_name + len, 0, reclen - offsetof(struct linux_dirent64, d_name) - len);
	d->used += reclen;
	return 0;
}

long sys_getdents64(int fd, uint64_t ubuf, size_t size)
{
	struct file *f = fd_get(fd);
	struct dirent_buf d;
	long r;

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->f_inode->i_mode) || !f->f_op || !f->f_op->readdir) {
		file_put(f);
		return -ENOTDIR;
	}
	size = MIN(size, 65536UL);
	d.buf = kmalloc(size ? size : 1);
	d.size = size;
	d.used = 0;
	d.ctx.emit = fill_dirent;
	d.ctx.pos = f->f_pos;
	r = d.buf ? f->f_op->readdir(f, &d.ctx) : -ENOMEM;
	if (r == 0) {
		if (d.used == 0 && d.ctx.pos != f->f_pos)
			r = -EINVAL;
		else if (d.used == 0 && size < 32)
			r = -EINVAL;
		else if (copy_to_user(ubuf, d.buf, d.used) < 0)
			r = -EFAULT;
		else
			r = (long)d.used;
		if (r >= 0)
			f->f_pos = d.ctx.pos;
	}
	kfree(d.buf);
	file_put(f);
	return r;
}

long sys_dup(int fd)
{
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	r = fd_install(f, 0, 0);
	if (r < 0)
		file_put(f);
	return r;
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	struct file *f;

	if (oldfd == newfd || (flags & ~O_CLOEXEC))
		return -EINVAL;
	if (newfd < 0 || newfd >= MAX_FDS)
		return -EBADF;
	f = fd_get(oldfd);
	if (!f)
		return -EBADF;
	fd_close(newfd);
	curproc->fdt->fds[newfd] = f;
	curproc->fdt->cloexec[newfd] = (flags & O_CLOEXEC) ? 1 : 0;
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd) {
		struct file *f = fd_get(oldfd);
		if (!f)
			return -EBADF;
		file_put(f);
		return newfd;
	}
	return sys_dup3(oldfd, newfd, 0);
}

long sys_fcntl(int fd, int cmd, uint64_t arg)
{
	struct file *f = fd_get(fd);
	long r = 0;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((long)arg < 0 || arg >= MAX_FDS) {
			r = -EINVAL;
			break;
		}
		r = fd_install(file_get(f), (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (r < 0)
			file_put(f);
		break;
	case F_GETFD:
		r = curproc->fdt->cloexec[fd] ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		curproc->fdt->cloexec[fd] = (arg & FD_CLOEXEC) ? 1 : 0;
		break;
	case F_GETFL:
		r = f->f_flags;
		break;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~(O_APPEND | O_NONBLOCK)) | ((int)arg & (O_APPEND | O_NONBLOCK));
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		r = vfs_fcntl_lock(f, fd, cmd, arg);
		break;
	default:
		r = -EINVAL;
	}
	file_put(f);
	return r;
}

long sys_flock(int fd, unsigned cmd)
{
	unsigned op = cmd & ~LOCK_NB;
	struct file *f;
	long r;

	/* Linux ignores the obsolete LOCK_MAND requests, and checks cmd before fd. */
	if (cmd & LOCK_MAND)
		return 0;
	if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
		return -EINVAL;
	f = fd_get(fd);
	if (!f)
		return -EBADF;
	r = vfs_flock(f, cmd);
	file_put(f);
	return r;
}

long sys_ioctl(int fd, unsigned cmd, uint64_t arg)
{
	struct file *f = fd_get(fd);
	long r;

	if (!f)
		return -EBADF;
	if (cmd == FIOCLEX || cmd == FIONCLEX) {
		curproc->fdt->cloexec[fd] = cmd == FIOCLEX;
		r = 0;
	} else if (cmd == FIONBIO) {
		int on;
		r = copy_from_user(&on, arg, sizeof(on));
		if (r == 0)
			f->f_flags = on ? (f->f_flags | O_NONBLOCK) : (f->f_flags & ~O_NONBLOCK);
	} else if (f->f_op && f->f_op->ioctl) {
		r = f->f_op->ioctl(f, cmd, arg);
	} else {
		r = -ENOTTY;
	}
	file_put(f);
	return r;
}

long sys_pipe2(uint64_t ufds, int flags)
{
	struct file *rd, *wr;
	int fds[2];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	TRY(pipe_create(&rd, &wr, flags));
	fds[0] = fd_install(rd, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(wr, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds)) < 0) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(uint64_t ufds)
{
	return sys_pipe2(ufds, 0);
}

/* Everything is in memory or written through: there is nothing to flush. */
long sys_sync(void) { return 0; }

long sys_fsync(int fd)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

long sys_fdatasync(int fd)
{
	return sys_fsync(fd);
}

#define CLOSE_RANGE_CLOEXEC 4

long sys_close_range(unsigned first, unsigned last, unsigned flags)
{
	if (flags & ~CLOSE_RANGE_CLOEXEC || first > last)
		return -EINVAL;
	for (unsigned fd = first; fd <= last && fd < MAX_FDS; fd++) {
		if (!curproc->fdt->fds[fd])
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			curproc->fdt->cloexec[fd] = 1;
		else
			fd_close((int)fd);
	}
	return 0;
}
