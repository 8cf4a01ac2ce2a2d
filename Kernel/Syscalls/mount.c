/*
 * mount(2) and umount2(2) with Linux's signature and flags, on the caller's mount
 * namespace: new mounts of tmpfs/proc/devfs (and every type vfs_find_fs knows), bind
 * mounts (MS_BIND, with MS_REC for the mounts below), remounts changing the per-mount
 * flags (MS_REMOUNT, with MS_BIND: only the mount's flags), and the propagation flags
 * (MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_UNBINDABLE with MS_REC), which are accepted
 * and change nothing because Atoll has no mount propagation: every mount is private.
 * Only root may mount; a jailed process may not at all.
 */
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"

#define PER_MOUNT_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

static int may_mount(void)
{
	if (curproc->jail || curproc->cred.euid != 0)
		return -EPERM;
	return 0;
}

static long copy_optional_string(uint64_t u, char *buf, size_t size)
{
	if (!u) {
		buf[0] = 0;
		return 0;
	}
	long n = strncpy_from_user(buf, u, size);
	return n < 0 ? n : 0;
}

/* The mount whose root is exactly p (for remount and umount), or NULL. */
static struct mount *mount_at(const struct path *p)
{
	return p->mnt && inode_same(p->inode, p->mnt->mnt_root) ? p->mnt : NULL;
}

static long do_new_mount(const struct path *at, const char *type, const char *source, int flags, const char *data)
{
	const struct fs_type *fs = vfs_find_fs(type);
	struct super_block *sb;
	long err;

	if (!fs)
		return -ENODEV;
	if (!S_ISDIR(at->inode->i_mode))
		return -ENOTDIR;
	TRY(fs->mount(source, flags, data, &sb));
	if (flags & MS_RDONLY)
		sb->s_flags |= SB_RDONLY;
	sb->s_refs = 0;
	err = vfs_mount(at, sb, sb->s_root, flags & PER_MOUNT_FLAGS, source[0] ? source : type);
	if (err < 0) {
		sb->s_refs = 1;
		inode_put(sb->s_root);
		if (sb->s_op && sb->s_op->put_super)
			sb->s_op->put_super(sb);
		kfree(sb);
	}
	return err;
}

/* Bind mounts: the tree at `from` appears at `at` too (with MS_REC, its submounts). */
static long do_bind(const struct path *at, const char *source, int flags)
{
	struct path from;
	long err;

	TRY(vfs_lookup(AT_FDCWD, source, LOOKUP_FOLLOW, &from, NULL));
	if (!from.mnt) {
		path_put(&from);
		return -EINVAL;	/* namespace files and other mountless objects */
	}
	if (S_ISDIR(from.inode->i_mode) != S_ISDIR(at->inode->i_mode))
		err = S_ISDIR(from.inode->i_mode) ? -ENOTDIR : -EISDIR;
	else
		err = vfs_mount(at, from.mnt->mnt_sb, from.inode, from.mnt->mnt_flags & PER_MOUNT_FLAGS,
				from.mnt->mnt_source);
	if (err == 0 && (flags & MS_REC)) {
		struct mount *copy = mount_covering(curproc->mntns, at);
		err = mount_copy_submounts(from.mnt, from.inode, copy);
	}
	path_put(&from);
	return err;
}

static long do_remount(const struct path *at, int flags)
{
	struct mount *m = mount_at(at);

	if (!m)
		return -EINVAL;
	m->mnt_flags = flags & PER_MOUNT_FLAGS;
	if (!(flags & MS_BIND)) {
		/* A filesystem remount also changes the superblock's read-only state. */
		if (flags & MS_RDONLY)
			m->mnt_sb->s_flags |= SB_RDONLY;
		else if (!(m->mnt_sb->s_flags & SB_NOWRITE))
			m->mnt_sb->s_flags &= ~SB_RDONLY;
	}
	return 0;
}

long sys_mount(uint64_t usource, uint64_t utarget, uint64_t utype, unsigned long flags, uint64_t udata)
{
	char *buf = kmalloc(PATH_MAX * 2 + 64 + 512);
	char *source, *target, *type, *data;
	struct path at;
	long err;

	if (!buf)
		return -ENOMEM;
	source = buf, target = buf + PATH_MAX, type = target + PATH_MAX, data = type + 64;
	if ((err = may_mount()) < 0 || (err = copy_optional_string(usource, source, PATH_MAX)) < 0 ||
	    (err = user_path(utarget, target)) < 0 || (err = copy_optional_string(utype, type, 64)) < 0 ||
	    (err = copy_optional_string(udata, data, 512)) < 0)
		goto out;
	if ((err = vfs_lookup(AT_FDCWD, target, LOOKUP_FOLLOW, &at, NULL)) < 0)
		goto out;
	if (flags & MS_REMOUNT)
		err = do_remount(&at, (int)flags);
	else if (flags & MS_BIND)
		err = do_bind(&at, source, (int)flags);
	else if (flags & PROPAGATION)
		err = mount_at(&at) ? 0 : -EINVAL;
	else if (flags & MS_MOVE)
		err = -EINVAL;	/* moving mounts is not supported */
	else
		err = do_new_mount(&at, type, source, (int)flags, data);
	path_put(&at);
out:
	kfree(buf);
	return err;
}

long sys_umount2(uint64_t utarget, int flags)
{
	char *target = kmalloc(PATH_MAX);
	struct path at;
	struct mount *m;
	long err;

	if (!target)
		return -ENOMEM;
	if ((err = may_mount()) < 0 || (err = user_path(utarget, target)) < 0)
		goto out;
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) {
		err = -EINVAL;
		goto out;
	}
	if ((err = vfs_lookup(AT_FDCWD, target, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &at, NULL)) < 0)
		goto out;
	vfs_follow_mounts(&at);
	m = mount_at(&at);
	err = m ? vfs_umount(m, flags) : -EINVAL;
	path_put(&at);
out:
	kfree(target);
	return err;
}
