/*
 * erofs_vfs.h - the kernel side of EROFS: the glue between Atoll's VFS and the pure
 * parser core (erofs.h). vfs.c mounts (superblock, device reads, statfs, the
 * "erofs" fs_type); vfs_inode.c turns core inodes into VFS inodes and answers
 * lookup, readlink, xattrs, read and readdir; vfs_selftest.c holds their boot
 * self-tests.
 *
 * Everything an EROFS superblock holds is immutable after the mount, and so is
 * every decoded inode, so none of it needs a lock; the only thing that sleeps is
 * the device read (bcache_read), and nothing is changed across it.
 */
#pragma once

#include <stdint.h>

#include "FileSystem/VFS/vfs.h"
#include "Lib/error.h"
#include "erofs.h"

struct block_device;

/* statfs f_type, as Linux reports it. */
#define EROFS_VFS_MAGIC 0xE0F5E1E2u

/*
 * One mounted image. [I] immutable after the mount. Exactly one of bd and mem
 * is set: a block device read through the buffer cache, or an image already in
 * kernel memory (the boot module when no RAM disk driver registered it).
 */
struct erofs_vfs_sb {
	struct erofs_sb_info sbi;	/* [I] the core's view */
	struct block_device *bd;	/* [I] NULL for a memory image */
	const uint8_t *mem;		/* [I] */
	char dev_name[24];		/* [I] for log lines: "vda", "ram0", ... */
	int no_user_xattr;		/* [I] mounted with nouser_xattr */
};

static inline struct erofs_vfs_sb *erofs_vfs_sb(const struct super_block *sb)
{
	return sb->s_private;
}

/* An EROFS image on a block device, mounted read-only; *out is a new superblock. */
int erofs_vfs_mount_bdev(struct block_device *bd, struct super_block **out) WARN_UNUSED;
/* The same for an image of `size` bytes in kernel memory (never freed). */
int erofs_vfs_mount_memory(const void *base, uint64_t size, const char *name, struct super_block **out) WARN_UNUSED;
/* True if the first bytes of a device or memory image carry the EROFS magic at 1024. */
int erofs_vfs_probe_memory(const void *base, uint64_t size);

/* vfs_inode.c: the VFS inode for nid (a new reference), or -errno. */
int erofs_vfs_iget(struct super_block *sb, uint64_t nid, struct inode **out) WARN_UNUSED;
