/*
 * Inodes: allocation, reference counting, stat, timestamps and the Unix permission
 * check. An inode lives while someone holds a reference: its filesystem's tree
 * (tmpfs keeps one per directory entry), open files, cwd/root paths and mounts.
 */
#include "FileSystem/VFS/vfs.h"

#include "Devices/Timer/rtc.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/usercopy.h"
#include "Memory/vm_object.h"
#include "Tasks/process.h"

static struct linux_timespec now_ts(void)
{
	uint64_t ns = realtime_ns();
	struct linux_timespec ts = { (int64_t)(ns / 1000000000ULL), (int64_t)(ns % 1000000000ULL) };

	return ts;
}

struct inode *inode_alloc(struct super_block *sb, uint64_t ino, uint32_t mode)
{
	struct inode *i = kzalloc(sizeof(*i));

	if (!i)
		return NULL;
	i->i_sb = sb;
	i->i_ino = ino;
	i->i_mode = mode;
	i->i_nlink = 1;
	i->i_blocks = -1;
	i->i_refs = 1;
	i->i_atime = i->i_mtime = i->i_ctime = now_ts();
	return i;
}

struct inode *inode_get(struct inode *inode)
{
	if (inode)
		inode->i_refs++;
	return inode;
}

void inode_put(struct inode *inode)
{
	if (!inode || --inode->i_refs > 0)
		return;
	if (inode->i_op && inode->i_op->evict)
		inode->i_op->evict(inode);
	kfree(inode);
}

void inode_touch(struct inode *inode, int atime, int mtime, int ctime)
{
	struct linux_timespec t = now_ts();

	if (atime)
		inode->i_atime = t;
	if (mtime)
		inode->i_mtime = t;
	if (ctime)
		inode->i_ctime = t;
}

void inode_stat(const struct inode *i, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = i->i_sb ? i->i_sb->s_dev : 0;
	st->st_ino = i->i_ino;
	st->st_nlink = i->i_nlink;
	st->st_mode = i->i_mode;
	st->st_uid = i->i_uid;
	st->st_gid = i->i_gid;
	st->st_rdev = i->i_rdev;
	st->st_size = (int64_t)i->i_size;
	st->st_blksize = 4096;
	st->st_blocks = i->i_blocks >= 0 ? i->i_blocks : (int64_t)((i->i_size + 511) / 512);
	if (i->i_data)
		st->st_blocks = (int64_t)(i->i_data->resident * (PAGE_SIZE / 512));
	st->st_atim = i->i_atime;
	st->st_mtim = i->i_mtime;
	st->st_ctim = i->i_ctime;
}

static int in_group(const struct credentials *c, uint32_t gid)
{
	if (c->fsgid == gid)
		return 1;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return 1;
	return 0;
}

int inode_permission(const struct inode *i, int mask)
{
	const struct credentials *c = current_cred();
	uint32_t mode = i->i_mode, bits;

	if (c->fsuid == 0) {
		/* Root may do anything but execute a file no one may execute. */
		if ((mask & X_OK) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (c->fsuid == i->i_uid)
		bits = (mode >> 6) & 7;
	else if (in_group(c, i->i_gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	return (bits & mask) == (unsigned)mask ? 0 : -EACCES;
}

uint64_t vfs_new_dev(void)
{
	static unsigned next_minor = 16;

	unsigned minor = next_minor++;

	return MKDEV(0, minor);
}

int iobuf_put(const struct iobuf *b, size_t off, const void *src, size_t n)
{
	if (b->user)
		return copy_to_user((uint64_t)b->base + off, src, n);
	memcpy(b->base + off, src, n);
	return 0;
}

int iobuf_get(const struct iobuf *b, size_t off, void *dst, size_t n)
{
	if (b->user)
		return copy_from_user(dst, (uint64_t)b->base + off, n);
	memcpy(dst, b->base + off, n);
	return 0;
}
