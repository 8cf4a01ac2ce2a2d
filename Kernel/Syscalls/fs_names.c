/*
 * System calls on names: mkdir, mknod, symlink, link, unlink, rmdir, rename,
 * readlink, stat and statx, chmod, chown, utimensat, access, truncate, chdir, fchdir,
 * getcwd, chroot, statfs and umask.
 *
 * Changing a directory needs write and search permission on it and a writable mount;
 * in a sticky directory only the owner of the entry or of the directory (or root) may
 * remove or rename an entry. A jailed process may not mknod or chroot (EPERM).
 */
#include "API/atoll.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"

/* A path argument and its parent directory, resolved; freed by name_done. */
struct name {
	char *path;
	struct path dir;
	char last[NAME_MAX + 1];
	int have_dir;
};

static long name_parent(struct name *n, int dirfd, uint64_t upath)
{
	long err;

	n->have_dir = 0;
	n->path = kmalloc(PATH_MAX);
	if (!n->path)
		return -ENOMEM;
	if ((err = user_path(upath, n->path)) < 0)
		return err;
	TRY(vfs_lookup(dirfd, n->path, LOOKUP_PARENT, &n->dir, n->last));
	n->have_dir = 1;
	return 0;
}

static void name_done(struct name *n)
{
	if (n->have_dir)
		path_put(&n->dir);
	kfree(n->path);
}

static int dir_writable(const struct path *dir)
{
	TRY(inode_permission(dir->inode, W_OK | X_OK));
	if (path_readonly(dir))
		return -EROFS;
	return 0;
}

static int sticky_ok(const struct inode *dir, const struct inode *victim)
{
	uint32_t uid = curproc->cred.fsuid;

	if (!(dir->i_mode & S_ISVTX) || uid == 0 || uid == dir->i_uid || uid == victim->i_uid)
		return 0;
	return -EPERM;
}

static long make_node(int dirfd, uint64_t upath, uint32_t mode, uint64_t dev)
{
	struct name n;
	struct inode *i;
	long err = name_parent(&n, dirfd, upath);

	if (err == 0 && !n.last[0])
		err = -EEXIST;
	if (err == 0 && n.dir.inode->i_op->lookup(n.dir.inode, n.last, strlen(n.last), &i) == 0) {
		inode_put(i);
		err = -EEXIST;	/* before EROFS, as Linux: mkdir -p on a read-only root works */
	}
	if (err == 0 && !n.dir.inode->i_op->create)
		err = -EPERM;
	if (err == 0)
		err = dir_writable(&n.dir);
	if (err == 0) {
		uint32_t gid = (n.dir.inode->i_mode & S_ISGID) ? n.dir.inode->i_gid : curproc->cred.fsgid;
		if (S_ISDIR(mode) && (n.dir.inode->i_mode & S_ISGID))
			mode |= S_ISGID;
		err = n.dir.inode->i_op->create(n.dir.inode, n.last, strlen(n.last), mode, dev, curproc->cred.fsuid,
						gid, &i);
		if (err == 0)
			inode_put(i);
	}
	name_done(&n);
	return err;
}

long sys_mkdirat(int dirfd, uint64_t path, uint32_t mode)
{
	return make_node(dirfd, path, S_IFDIR | (mode & 07777 & ~curproc->umask), 0);
}

long sys_mkdir(uint64_t path, uint32_t mode)
{
	return sys_mkdirat(AT_FDCWD, path, mode);
}

long sys_mknodat(int dirfd, uint64_t path, uint32_t mode, uint64_t dev)
{
	uint32_t type = mode & S_IFMT;

	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO && type != 0140000)
		return -EINVAL;
	if ((type == S_IFCHR || type == S_IFBLK) && (curproc->cred.euid != 0 || curproc->jail))
		return -EPERM;
	return make_node(dirfd, path, type | (mode & 07777 & ~curproc->umask), dev);
}

long sys_mknod(uint64_t path, uint32_t mode, uint64_t dev)
{
	return sys_mknodat(AT_FDCWD, path, mode, dev);
}

long sys_symlinkat(uint64_t utarget, int dirfd, uint64_t upath)
{
	char *target = kmalloc(PATH_MAX);
	struct name n;
	struct inode *i;
	long err;

	if (!target)
		return -ENOMEM;
	err = user_path(utarget, target);
	if (err == 0)
		err = -ENOENT;
	if (err < 0) {
		kfree(target);
		return err;
	}
	err = name_parent(&n, dirfd, upath);
	if (err == 0 && !n.last[0])
		err = -EEXIST;
	if (err == 0)
		err = dir_writable(&n.dir);
	if (err == 0 && !n.dir.inode->i_op->symlink)
		err = -EPERM;
	if (err == 0)
		err = n.dir.inode->i_op->symlink(n.dir.inode, n.last, strlen(n.last), target, curproc->cred.fsuid,
						 curproc->cred.fsgid, &i);
	if (err == 0)
		inode_put(i);
	name_done(&n);
	kfree(target);
	return err;
}

long sys_symlink(uint64_t target, uint64_t path)
{
	return sys_symlinkat(target, AT_FDCWD, path);
}

long sys_linkat(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, int flags)
{
	char *buf = kmalloc(PATH_MAX);
	struct path old;
	struct name n;
	long err;

	if (!buf)
		return -ENOMEM;
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) {
		kfree(buf);
		return -EINVAL;
	}
	err = user_path(oldpath, buf);
	if (err >= 0)
		err = vfs_lookup(olddirfd, buf, ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
					       ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &old, NULL);
	kfree(buf);
	if (err < 0)
		return err;
	err = name_parent(&n, newdirfd, newpath);
	if (err == 0 && !n.last[0])
		err = -EEXIST;
	if (err == 0 && S_ISDIR(old.inode->i_mode))
		err = -EPERM;
	if (err == 0 && (old.mnt != n.dir.mnt || old.inode->i_sb != n.dir.inode->i_sb))
		err = -EXDEV;
	if (err == 0)
		err = dir_writable(&n.dir);
	if (err == 0 && !n.dir.inode->i_op->link)
		err = -EPERM;
	if (err == 0)
		err = n.dir.inode->i_op->link(n.dir.inode, n.last, strlen(n.last), old.inode);
	name_done(&n);
	path_put(&old);
	return err;
}

long sys_link(uint64_t oldpath, uint64_t newpath)
{
	return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* The entry `last` in n->dir: a reference in *out. */
static long lookup_entry(struct name *n, struct inode **out)
{
	return n->dir.inode->i_op->lookup(n->dir.inode, n->last, strlen(n->last), out);
}

static int is_mountpoint(const struct path *dir, struct inode *i)
{
	struct path p = { dir->mnt, i };

	return mount_covering(curproc->mntns, &p) != NULL;
}

long sys_unlinkat(int dirfd, uint64_t upath, int flags)
{
	struct name n;
	struct inode *i = NULL;
	long err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	err = name_parent(&n, dirfd, upath);
	if (err == 0 && !n.last[0])
		err = (flags & AT_REMOVEDIR) ? -EINVAL : -EISDIR;
	if (err == 0)
		err = lookup_entry(&n, &i);
	if (err == 0) {
		if ((flags & AT_REMOVEDIR) && !S_ISDIR(i->i_mode))
			err = -ENOTDIR;
		else if (!(flags & AT_REMOVEDIR) && S_ISDIR(i->i_mode))
			err = -EISDIR;
		else if (is_mountpoint(&n.dir, i))
			err = -EBUSY;
	}
	if (err == 0)
		err = dir_writable(&n.dir);
	if (err == 0)
		err = sticky_ok(n.dir.inode, i);
	if (err == 0)
		err = n.dir.inode->i_op->unlink ? n.dir.inode->i_op->unlink(n.dir.inode, n.last, strlen(n.last)) : -EPERM;
	inode_put(i);
	name_done(&n);
	return err;
}

long sys_unlink(uint64_t path) { return sys_unlinkat(AT_FDCWD, path, 0); }
long sys_rmdir(uint64_t path) { return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }

/* Whether directory `inner` is `outer` or lies inside it (rename into itself). */
static int dir_inside(const struct path *inner, struct inode *outer)
{
	struct inode *cur = inode_get(inner->inode), *up;
	int inside = 0;

	for (int depth = 0; depth < 256; depth++) {
		if (inode_same(cur, outer)) {
			inside = 1;
			break;
		}
		if (cur->i_op->lookup(cur, "..", 2, &up) < 0 || inode_same(up, cur)) {
			inode_put(up);
			break;
		}
		inode_put(cur);
		cur = up;
	}
	inode_put(cur);
	return inside;
}

long sys_renameat2(int odirfd, uint64_t oldpath, int ndirfd, uint64_t newpath, unsigned flags)
{
	struct name o, n;
	struct inode *victim = NULL, *target = NULL;
	long err;

	if (flags)
		return -EINVAL;	/* RENAME_NOREPLACE / EXCHANGE / WHITEOUT are not supported */
	err = name_parent(&o, odirfd, oldpath);
	if (err) {
		name_done(&o);
		return err;
	}
	err = name_parent(&n, ndirfd, newpath);
	if (err == 0 && (!o.last[0] || !n.last[0]))
		err = -EBUSY;
	if (err == 0 && o.dir.mnt != n.dir.mnt)
		err = -EXDEV;
	if (err == 0)
		err = lookup_entry(&o, &victim);
	if (err == 0 && lookup_entry(&n, &target) < 0)
		target = NULL;
	if (err == 0 && S_ISDIR(victim->i_mode) && dir_inside(&n.dir, victim))
		err = -EINVAL;
	if (err == 0 && (is_mountpoint(&o.dir, victim) || (target && is_mountpoint(&n.dir, target))))
		err = -EBUSY;
	if (err == 0 && !(err = dir_writable(&o.dir)) && !(err = dir_writable(&n.dir)) &&
	    !(err = sticky_ok(o.dir.inode, victim)) && !(err = target ? sticky_ok(n.dir.inode, target) : 0))
		err = o.dir.inode->i_op->rename ? o.dir.inode->i_op->rename(o.dir.inode, o.last, strlen(o.last),
									    n.dir.inode, n.last, strlen(n.last))
						: -EPERM;
	inode_put(victim);
	inode_put(target);
	name_done(&n);
	name_done(&o);
	return err;
}

long sys_renameat(int od, uint64_t op, int nd, uint64_t np) { return sys_renameat2(od, op, nd, np, 0); }
long sys_rename(uint64_t op, uint64_t np) { return sys_renameat2(AT_FDCWD, op, AT_FDCWD, np, 0); }

/* Resolves a path argument of the *at family with its flags. */
static long lookup_at(int dirfd, uint64_t upath, int at_flags, int follow_default, struct path *out)
{
	char *path = kmalloc(PATH_MAX);
	long err;
	int flags = 0;

	if (!path)
		return -ENOMEM;
	err = user_path(upath, path);
	if (err >= 0) {
		if (follow_default && !(at_flags & AT_SYMLINK_NOFOLLOW))
			flags |= LOOKUP_FOLLOW;
		if (at_flags & AT_EMPTY_PATH)
			flags |= LOOKUP_EMPTY;
		err = vfs_lookup(dirfd, path, flags, out, NULL);
	}
	kfree(path);
	return err;
}

long sys_readlinkat(int dirfd, uint64_t upath, uint64_t ubuf, int size)
{
	struct path p;
	char *buf;
	long n;

	if (size <= 0)
		return -EINVAL;
	TRY(lookup_at(dirfd, upath, AT_EMPTY_PATH, 0, &p));
	if (!S_ISLNK(p.inode->i_mode) || !p.inode->i_op->readlink) {
		path_put(&p);
		return -EINVAL;
	}
	buf = kmalloc(PATH_MAX);
	n = buf ? p.inode->i_op->readlink(p.inode, buf, MIN((size_t)size, (size_t)PATH_MAX)) : -ENOMEM;
	if (n > 0 && copy_to_user(ubuf, buf, (size_t)n) < 0)
		n = -EFAULT;
	kfree(buf);
	path_put(&p);
	return n;
}

long sys_readlink(uint64_t path, uint64_t buf, int size)
{
	return sys_readlinkat(AT_FDCWD, path, buf, size);
}

long sys_newfstatat(int dirfd, uint64_t upath, uint64_t ust, int flags)
{
	struct linux_stat st;
	struct path p;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */))
		return -EINVAL;
	TRY(lookup_at(dirfd, upath, flags, 1, &p));
	inode_stat(p.inode, &st);
	path_put(&p);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_stat(uint64_t path, uint64_t st) { return sys_newfstatat(AT_FDCWD, path, st, 0); }
long sys_lstat(uint64_t path, uint64_t st) { return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }

long sys_fstat(int fd, uint64_t ust)
{
	struct file *f = fd_get(fd);
	struct linux_stat st;

	if (!f)
		return -EBADF;
	inode_stat(f->f_inode, &st);
	file_put(f);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_statx(int dirfd, uint64_t upath, int flags, unsigned mask, uint64_t ubuf)
{
	struct linux_statx sx;
	struct linux_stat st;
	struct path p;

	if ((mask & 0x80000000U) || (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 | 0x6000)))
		return -EINVAL;	/* STATX__RESERVED, unknown flags (0x6000: AT_STATX_SYNC_TYPE) */
	TRY(lookup_at(dirfd, upath, flags, 1, &p));
	inode_stat(p.inode, &st);
	path_put(&p);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime.tv_sec = st.st_atim.tv_sec, sx.stx_atime.tv_nsec = (uint32_t)st.st_atim.tv_nsec;
	sx.stx_mtime.tv_sec = st.st_mtim.tv_sec, sx.stx_mtime.tv_nsec = (uint32_t)st.st_mtim.tv_nsec;
	sx.stx_ctime.tv_sec = st.st_ctim.tv_sec, sx.stx_ctime.tv_nsec = (uint32_t)st.st_ctim.tv_nsec;
	sx.stx_rdev_major = MAJOR(st.st_rdev), sx.stx_rdev_minor = MINOR(st.st_rdev);
	sx.stx_dev_major = MAJOR(st.st_dev), sx.stx_dev_minor = MINOR(st.st_dev);
	return copy_to_user(ubuf, &sx, sizeof(sx));
}

static int may_change_owner_or_mode(const struct path *p)
{
	if (curproc->cred.fsuid != 0 && curproc->cred.fsuid != p->inode->i_uid)
		return -EPERM;
	if (path_readonly(p))
		return -EROFS;
	return 0;
}

static long chmod_path(struct path *p, uint32_t mode)
{
	long err = may_change_owner_or_mode(p);

	if (err == 0) {
		if (curproc->cred.fsuid != 0 && p->inode->i_gid != curproc->cred.fsgid)
			mode &= ~S_ISGID;
		p->inode->i_mode = (p->inode->i_mode & S_IFMT) | (mode & 07777);
		inode_touch(p->inode, 0, 0, 1);
	}
	path_put(p);
	return err;
}

long sys_fchmodat(int dirfd, uint64_t upath, uint32_t mode)
{
	struct path p;

	TRY(lookup_at(dirfd, upath, 0, 1, &p));
	return chmod_path(&p, mode);
}

long sys_chmod(uint64_t path, uint32_t mode) { return sys_fchmodat(AT_FDCWD, path, mode); }

long sys_fchmod(int fd, uint32_t mode)
{
	struct file *f = fd_get(fd);
	struct path p;

	if (!f)
		return -EBADF;
	p = f->f_path;
	path_get(&p);
	file_put(f);
	return chmod_path(&p, mode);
}

static long chown_path(struct path *p, uint32_t uid, uint32_t gid)
{
	struct inode *i = p->inode;
	long err = 0;

	if (path_readonly(p))
		err = -EROFS;
	else if (curproc->cred.fsuid != 0 &&
		 ((uid != (uint32_t)-1 && uid != i->i_uid) || curproc->cred.fsuid != i->i_uid ||
		  (gid != (uint32_t)-1 && gid != curproc->cred.fsgid && gid != i->i_gid)))
		err = -EPERM;
	if (err == 0) {
		if (uid != (uint32_t)-1)
			i->i_uid = uid;
		if (gid != (uint32_t)-1)
			i->i_gid = gid;
		if (!S_ISDIR(i->i_mode))
			i->i_mode &= ~(S_ISUID | ((i->i_mode & 0010) ? S_ISGID : 0));
		inode_touch(i, 0, 0, 1);
	}
	path_put(p);
	return err;
}

long sys_fchownat(int dirfd, uint64_t upath, uint32_t uid, uint32_t gid, int flags)
{
	struct path p;

	TRY(lookup_at(dirfd, upath, flags, 1, &p));
	return chown_path(&p, uid, gid);
}

long sys_chown(uint64_t path, uint32_t uid, uint32_t gid) { return sys_fchownat(AT_FDCWD, path, uid, gid, 0); }
long sys_lchown(uint64_t path, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
	struct file *f = fd_get(fd);
	struct path p;

	if (!f)
		return -EBADF;
	p = f->f_path;
	path_get(&p);
	file_put(f);
	return chown_path(&p, uid, gid);
}

#define UTIME_NOW ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

long sys_utimensat(int dirfd, uint64_t upath, uint64_t utimes, int flags)
{
	struct linux_timespec ts[2];

	if (utimes && copy_from_user(ts, utimes, sizeof(ts)) < 0)
		return -EFAULT;
	return utimensat_kernel(dirfd, upath, utimes ? ts : NULL, flags);
}

long utimensat_kernel(int dirfd, uint64_t upath, const struct linux_timespec *ts, int flags)
{
	struct path p;
	long err = 0;
	int utimes = ts != NULL;

	if (upath)
		TRY(lookup_at(dirfd, upath, flags, 1, &p));
	else {
		struct file *f = fd_get(dirfd);
		if (!f)
			return -EBADF;
		p = f->f_path;
		path_get(&p);
		file_put(f);
	}
	if (curproc->cred.fsuid != 0 && curproc->cred.fsuid != p.inode->i_uid)
		err = utimes ? -EPERM : inode_permission(p.inode, W_OK);
	if (err == 0 && path_readonly(&p))
		err = -EROFS;
	if (err == 0) {
		inode_touch(p.inode, !utimes || ts[0].tv_nsec == UTIME_NOW, !utimes || ts[1].tv_nsec == UTIME_NOW, 1);
		if (utimes && ts[0].tv_nsec != UTIME_NOW && ts[0].tv_nsec != UTIME_OMIT)
			p.inode->i_atime = ts[0];
		if (utimes && ts[1].tv_nsec != UTIME_NOW && ts[1].tv_nsec != UTIME_OMIT)
			p.inode->i_mtime = ts[1];
	}
	path_put(&p);
	return err;
}

long sys_faccessat2(int dirfd, uint64_t upath, int mode, int flags)
{
	struct credentials real;
	struct path p;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	/* access() checks with the real ids, unless AT_EACCESS: they ride on this thread
	 * as an override for the walk and the check (both may sleep), so the process's
	 * credentials, which a sibling thread may change meanwhile, are never touched. */
	if (!(flags & AT_EACCESS)) {
		real = curproc->cred;
		real.fsuid = real.uid;
		real.fsgid = real.gid;
		current->cred_override = &real;
	}
	err = lookup_at(dirfd, upath, flags & ~AT_EACCESS, 1, &p);
	if (err == 0) {
		err = inode_permission(p.inode, mode);
		if (err == 0 && (mode & W_OK) && path_readonly(&p))
			err = -EROFS;
		path_put(&p);
	}
	current->cred_override = NULL;
	return err;
}

long sys_faccessat(int dirfd, uint64_t path, int mode) { return sys_faccessat2(dirfd, path, mode, 0); }
long sys_access(uint64_t path, int mode) { return sys_faccessat2(AT_FDCWD, path, mode, 0); }

static long truncate_inode(struct path *p, int64_t len)
{
	struct inode *i = p->inode;

	if (len < 0)
		return -EINVAL;
	if (S_ISDIR(i->i_mode))
		return -EISDIR;
	if (!S_ISREG(i->i_mode) || !i->i_op->truncate)
		return -EINVAL;
	if (path_readonly(p))
		return -EROFS;
	return i->i_op->truncate(i, (uint64_t)len);
}

long sys_truncate(uint64_t upath, int64_t len)
{
	struct path p;
	long err;

	TRY(lookup_at(AT_FDCWD, upath, 0, 1, &p));
	err = inode_permission(p.inode, W_OK);
	if (err == 0)
		err = truncate_inode(&p, len);
	path_put(&p);
	return err;
}

long sys_ftruncate(int fd, int64_t len)
{
	struct file *f = fd_get(fd);
	long err;

	if (!f)
		return -EBADF;
	err = file_writable(f) && !(f->f_flags & O_PATH) ? truncate_inode(&f->f_path, len) : -EINVAL;
	file_put(f);
	return err;
}

static long set_cwd(struct path *p)
{
	long err = S_ISDIR(p->inode->i_mode) ? inode_permission(p->inode, X_OK) : -ENOTDIR;

	if (err == 0) {
		path_put(&curproc->cwd);
		curproc->cwd = *p;
	} else {
		path_put(p);
	}
	return err;
}

long sys_chdir(uint64_t upath)
{
	struct path p;

	TRY(lookup_at(AT_FDCWD, upath, 0, 1, &p));
	return set_cwd(&p);
}

long sys_fchdir(int fd)
{
	struct file *f = fd_get(fd);
	struct path p;

	if (!f)
		return -EBADF;
	p = f->f_path;
	path_get(&p);
	file_put(f);
	/* A jailed process cannot step outside its root through a kept fd. */
	if (curproc->jail) {
		struct path check;
		long err = vfs_lookup_from(&p, ".", 0, &check, NULL);
		if (err < 0) {
			path_put(&p);
			return err;
		}
		path_put(&check);
	}
	return set_cwd(&p);
}

long sys_getcwd(uint64_t ubuf, size_t size)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return -ENOMEM;
	n = vfs_path_name(&curproc->cwd, &curproc->root, buf, PATH_MAX);
	if (n >= 0 && (size_t)n + 1 > size)
		n = -ERANGE;
	if (n >= 0 && copy_to_user(ubuf, buf, (size_t)n + 1) < 0)
		n = -EFAULT;
	if (n >= 0)
		n++;
	kfree(buf);
	return n;
}

long sys_chroot(uint64_t upath)
{
	struct path p;

	if (curproc->jail || curproc->cred.euid != 0)
		return -EPERM;
	TRY(lookup_at(AT_FDCWD, upath, 0, 1, &p));
	if (!S_ISDIR(p.inode->i_mode)) {
		path_put(&p);
		return -ENOTDIR;
	}
	path_put(&curproc->root);
	curproc->root = p;
	return 0;
}

static long statfs_path(const struct path *p, uint64_t ubuf)
{
	struct linux_statfs st;
	struct super_block *sb = p->inode->i_sb;

	memset(&st, 0, sizeof(st));
	if (sb->s_op && sb->s_op->statfs)
		TRY(sb->s_op->statfs(sb, &st));
	st.f_fsid[0] = (int32_t)sb->s_dev;
	st.f_flags = (p->mnt ? p->mnt->mnt_flags : 0) | ((sb->s_flags & SB_RDONLY) ? MS_RDONLY : 0);
	return copy_to_user(ubuf, &st, sizeof(st));
}

long sys_statfs(uint64_t upath, uint64_t ubuf)
{
	struct path p;
	long err;

	TRY(lookup_at(AT_FDCWD, upath, 0, 1, &p));
	err = statfs_path(&p, ubuf);
	path_put(&p);
	return err;
}

long sys_fstatfs(int fd, uint64_t ubuf)
{
	struct file *f = fd_get(fd);
	long err;

	if (!f)
		return -EBADF;
	err = statfs_path(&f->f_path, ubuf);
	file_put(f);
	return err;
}

long sys_umask(uint32_t mask)
{
	uint32_t old = curproc->umask;

	curproc->umask = mask & 0777;
	return old;
}
