/*
 * Extended attributes: getxattr, lgetxattr, fgetxattr, listxattr, llistxattr and
 * flistxattr with Linux's rules (fs/xattr.c), and the set/remove calls.
 *
 * The name is copied in once (1..255 bytes, else -ERANGE) and the buffer size is
 * capped at 64 KiB (XATTR_SIZE_MAX/XATTR_LIST_MAX); a value or list that does not
 * fit a buffer that large is -E2BIG instead of -ERANGE. Permissions follow
 * xattr_permission(): "trusted." names need root (-EPERM) and are left out of
 * lists for everyone else; "user." names exist only on regular files and
 * directories (-ENODATA elsewhere) and need read permission on the inode;
 * "security." and "system." names are unrestricted. The filesystem answers through
 * inode_ops.getxattr/listxattr: without them getxattr is -EOPNOTSUPP and the list
 * is empty, as on Linux for a filesystem without xattr handlers. The f* calls refuse
 * O_PATH descriptors with -EBADF.
 *
 * The set and remove calls check what Linux checks, in its order (flags, name,
 * value size, the path, a read-only mount or superblock: -EROFS, then the same
 * permissions with write access) and then answer -EOPNOTSUPP: no Atoll filesystem
 * stores extended attributes (EROFS is read-only, tmpfs/devfs/procfs have no
 * xattr handlers), which is what Linux says for a filesystem without handlers.
 */
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_LIST_MAX 65536
#define XATTR_CREATE 1
#define XATTR_REPLACE 2

static int is_root(void)
{
	return curproc->cred.fsuid == 0 || curproc->cred.euid == 0;
}

static long copy_name(uint64_t uname, char *name)
{
	long n = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (n == -EFAULT)
		return -EFAULT;
	if (n <= 0 || n > XATTR_NAME_MAX)
		return -ERANGE;
	return 0;
}

static int may_read_xattr(const struct inode *i, const char *name)
{
	if (strncmp(name, "trusted.", 8) == 0)
		return is_root() ? 0 : -EPERM;
	if (strncmp(name, "user.", 5) == 0) {
		if (!S_ISREG(i->i_mode) && !S_ISDIR(i->i_mode))
			return -ENODATA;
		return inode_permission(i, R_OK);
	}
	return 0;
}

/* xattr_permission() for writing: trusted needs root; user.* only on regular files
 * and directories (-EPERM), and write permission. */
static int may_write_xattr(const struct inode *i, const char *name)
{
	if (strncmp(name, "trusted.", 8) == 0)
		return is_root() ? 0 : -EPERM;
	if (strncmp(name, "user.", 5) == 0 && !S_ISREG(i->i_mode) && !S_ISDIR(i->i_mode))
		return -EPERM;
	return inode_permission(i, W_OK);
}

/* setxattr/removexattr on a resolved path: -EROFS or a permission error, else -EOPNOTSUPP. */
static long change_xattr(const struct path *p, const char *name)
{
	if (path_readonly(p))
		return -EROFS;
	TRY(may_write_xattr(p->inode, name));
	return -EOPNOTSUPP;
}

static long getxattr_inode(struct inode *i, uint64_t uname, uint64_t uvalue, size_t size)
{
	char name[XATTR_NAME_MAX + 1];
	char *value = NULL;
	long r;

	TRY(copy_name(uname, name));
	TRY(may_read_xattr(i, name));
	if (!i->i_op || !i->i_op->getxattr)
		return -EOPNOTSUPP;
	size = MIN(size, (size_t)XATTR_SIZE_MAX);
	if (size && !(value = kmalloc(size)))
		return -ENOMEM;
	r = i->i_op->getxattr(i, name, value, size);
	if (r > 0 && size && copy_to_user(uvalue, value, (size_t)r) < 0)
		r = -EFAULT;
	else if (r == -ERANGE && size >= XATTR_SIZE_MAX)
		r = -E2BIG;
	kfree(value);
	return r;
}

/* Removes the "trusted." names from a list of n bytes; the new length. */
static size_t hide_trusted(char *list, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {
		size_t len = MIN(strnlen(list + in, n - in) + 1, n - in);
		if (strncmp(list + in, "trusted.", 8) != 0) {
			memmove(list + out, list + in, len);
			out += len;
		}
		in += len;
	}
	return out;
}

/* The whole list is fetched into the kernel first so that hidden names can be dropped. */
static long listxattr_inode(struct inode *i, uint64_t ulist, size_t size)
{
	char *list;
	long r;

	if (!i->i_op || !i->i_op->listxattr)
		return 0;
	r = i->i_op->listxattr(i, NULL, 0);
	if (r <= 0)
		return r;
	if (r > XATTR_LIST_MAX)
		return size >= XATTR_LIST_MAX || size == 0 ? -E2BIG : -ERANGE;
	if (!(list = kmalloc((size_t)r)))
		return -ENOMEM;
	r = i->i_op->listxattr(i, list, (size_t)r);
	if (r > 0 && !is_root())
		r = (long)hide_trusted(list, (size_t)r);
	if (r > 0 && size) {
		if ((size_t)r > size)
			r = -ERANGE;
		else if (copy_to_user(ulist, list, (size_t)r) < 0)
			r = -EFAULT;
	}
	kfree(list);
	return r;
}

/* Resolves a user path (following a final symlink or not) to a held path. */
static long lookup_user(uint64_t upath, int follow, struct path *p)
{
	char *path = kmalloc(PATH_MAX);
	long r;

	if (!path)
		return -ENOMEM;
	r = user_path(upath, path);
	if (r >= 0)
		r = vfs_lookup(AT_FDCWD, path, follow ? LOOKUP_FOLLOW : 0, p, NULL);
	kfree(path);
	return r;
}

static long path_getxattr(uint64_t upath, int follow, uint64_t uname, uint64_t uvalue, size_t size)
{
	struct path p;
	long r;

	TRY(lookup_user(upath, follow, &p));
	r = getxattr_inode(p.inode, uname, uvalue, size);
	path_put(&p);
	return r;
}

static long path_listxattr(uint64_t upath, int follow, uint64_t ulist, size_t size)
{
	struct path p;
	long r;

	TRY(lookup_user(upath, follow, &p));
	r = listxattr_inode(p.inode, ulist, size);
	path_put(&p);
	return r;
}

/* The file behind fd for the f* calls (not O_PATH), with a reference; NULL: -EBADF. */
static struct file *xattr_file(int fd)
{
	struct file *f = fd_get(fd);

	if (f && (f->f_flags & O_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

long sys_getxattr(uint64_t upath, uint64_t uname, uint64_t uvalue, size_t size)
{
	return path_getxattr(upath, 1, uname, uvalue, size);
}

long sys_lgetxattr(uint64_t upath, uint64_t uname, uint64_t uvalue, size_t size)
{
	return path_getxattr(upath, 0, uname, uvalue, size);
}

long sys_fgetxattr(int fd, uint64_t uname, uint64_t uvalue, size_t size)
{
	struct file *f = xattr_file(fd);
	long r;

	if (!f)
		return -EBADF;
	r = getxattr_inode(f->f_inode, uname, uvalue, size);
	file_put(f);
	return r;
}

long sys_listxattr(uint64_t upath, uint64_t ulist, size_t size)
{
	return path_listxattr(upath, 1, ulist, size);
}

long sys_llistxattr(uint64_t upath, uint64_t ulist, size_t size)
{
	return path_listxattr(upath, 0, ulist, size);
}

long sys_flistxattr(int fd, uint64_t ulist, size_t size)
{
	struct file *f = xattr_file(fd);
	long r;

	if (!f)
		return -EBADF;
	r = listxattr_inode(f->f_inode, ulist, size);
	file_put(f);
	return r;
}

/* The arguments of the set calls, checked before the path is looked at. */
static long set_args(uint64_t uname, char *name, size_t size, int flags)
{
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	TRY(copy_name(uname, name));
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	return 0;
}

static long path_change_xattr(uint64_t upath, int follow, const char *name)
{
	struct path p;
	long r;

	TRY(lookup_user(upath, follow, &p));
	r = change_xattr(&p, name);
	path_put(&p);
	return r;
}

static long fd_change_xattr(int fd, const char *name)
{
	struct file *f = xattr_file(fd);
	long r;

	if (!f)
		return -EBADF;
	r = change_xattr(&f->f_path, name);
	file_put(f);
	return r;
}

long sys_setxattr(uint64_t upath, uint64_t uname, uint64_t uvalue, size_t size, int flags)
{
	char name[XATTR_NAME_MAX + 1];

	TRY(set_args(uname, name, size, flags));
	return path_change_xattr(upath, 1, name);
}

long sys_lsetxattr(uint64_t upath, uint64_t uname, uint64_t uvalue, size_t size, int flags)
{
	char name[XATTR_NAME_MAX + 1];

	TRY(set_args(uname, name, size, flags));
	return path_change_xattr(upath, 0, name);
}

long sys_fsetxattr(int fd, uint64_t uname, uint64_t uvalue, size_t size, int flags)
{
	char name[XATTR_NAME_MAX + 1];

	TRY(set_args(uname, name, size, flags));
	return fd_change_xattr(fd, name);
}

long sys_removexattr(uint64_t upath, uint64_t uname)
{
	char name[XATTR_NAME_MAX + 1];

	TRY(copy_name(uname, name));
	return path_change_xattr(upath, 1, name);
}

long sys_lremovexattr(uint64_t upath, uint64_t uname)
{
	char name[XATTR_NAME_MAX + 1];

	TRY(copy_name(uname, name));
	return path_change_xattr(upath, 0, name);
}

long sys_fremovexattr(int fd, uint64_t uname)
{
	char name[XATTR_NAME_MAX + 1];

	TRY(copy_name(uname, name));
	return fd_change_xattr(fd, name);
}
