/*
 * vfs.c - EROFS superblocks in Atoll's VFS: the "erofs" filesystem type, the
 * device reader the parser core calls, statfs and unmounting.
 *
 * An image lives on a block device (mount(2) names it: /dev/vda, /dev/loop0,
 * /dev/ram0) and is read through the buffer cache, or, for the boot module when
 * no RAM disk driver exposes it, straight from kernel memory. The core checks
 * every range against the image size before it calls the reader, and never asks
 * for a range crossing a filesystem block, so the reader is a plain copy.
 *
 * EROFS is read-only by design. Like Linux (erofs_fc_fill_super sets SB_RDONLY
 * whatever the caller asked, and a remount keeps it), a mount without MS_RDONLY
 * succeeds and is read-only all the same: /proc/mounts says "ro" and every
 * write gets -EROFS. Mount options are Linux's where they mean something here:
 * "user_xattr" (the default) and "nouser_xattr" (user.* names are then
 * -EOPNOTSUPP), "acl"/"noacl" (accepted; ACL xattrs are returned as stored and
 * never enforced). Any other option refuses the mount with -EINVAL and a log
 * line naming it.
 *
 * The device is counted busy (blockdev_mount_get) from the mount to put_super,
 * whose blockdev_mount_put may detach an AUTOCLEAR loop device.
 * Nothing here changes after the mount, so there are no locks.
 */
#include "erofs_vfs.h"
#include "erofs_fs.h"

#include "Devices/Block/block.h"
#include "Devices/Console/console.h"
#include "Lib/initcall.h"
#include "Lib/string.h"
#include "Memory/heap.h"

static int dev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct erofs_vfs_sb *s = ctx;

	if (s->bd)
		return bcache_read(s->bd, off, buf, len);
	memcpy(buf, s->mem + off, len);	/* the core checked [off, off + len) */
	return 0;
}

static void dev_log(void *ctx, const char *msg)
{
	struct erofs_vfs_sb *s = ctx;

	kprintf("%s (device %s)\n", msg, s->dev_name);
}

static const struct erofs_ops dev_ops = { .read = dev_read, .log = dev_log };

static int erofs_vfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	const struct erofs_sb_info *sbi = &erofs_vfs_sb(sb)->sbi;

	memset(st, 0, sizeof(*st));
	st->f_type = EROFS_VFS_MAGIC;
	st->f_bsize = st->f_frsize = sbi->blksz;
	st->f_blocks = sbi->blocks;
	st->f_files = sbi->inos;
	st->f_namelen = NAME_MAX;
	return 0;
}

static void erofs_vfs_put_super(struct super_block *sb)
{
	struct erofs_vfs_sb *s = erofs_vfs_sb(sb);

	if (s->bd)
		blockdev_mount_put(s->bd);
	kfree(s);
	sb->s_private = NULL;
}

static const struct super_ops erofs_vfs_sops = {
	.statfs = erofs_vfs_statfs,
	.put_super = erofs_vfs_put_super,
};

/*
 * Reads the superblock through the core and builds the VFS superblock around it.
 * Takes over s (freed on failure). The core has logged why a mount failed.
 */
static int fill_super(struct erofs_vfs_sb *s, uint64_t size, uint64_t dev, struct super_block **out)
{
	struct super_block *sb;
	int err;

	err = erofs_mount(&s->sbi, &dev_ops, s, size);
	if (err < 0) {
		kprintf("erofs: cannot mount %s: error %d\n", s->dev_name, -err);
		kfree(s);
		return err;
	}
	sb = kzalloc(sizeof(*sb));
	if (!sb) {
		kfree(s);
		return -ENOMEM;
	}
	sb->s_type = "erofs";
	sb->s_dev = dev;
	sb->s_flags = SB_RDONLY | SB_NOWRITE;
	sb->s_magic = EROFS_VFS_MAGIC;
	sb->s_op = &erofs_vfs_sops;
	sb->s_private = s;
	err = erofs_vfs_iget(sb, s->sbi.root_nid, &sb->s_root);
	if (err == 0 && !S_ISDIR(sb->s_root->i_mode))
		err = -EUCLEAN;	/* erofs_mount checked it; be sure */
	if (err < 0) {
		kprintf("erofs: cannot mount %s: root inode: error %d\n", s->dev_name, -err);
		inode_put(sb->s_root);
		kfree(s);
		kfree(sb);
		return err;
	}
	*out = sb;
	return 0;
}

int erofs_vfs_mount_bdev(struct block_device *bd, struct super_block **out)
{
	struct erofs_vfs_sb *s = kzalloc(sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->bd = bd;
	strlcpy(s->dev_name, bd->name, sizeof(s->dev_name));
	TRY(fill_super(s, bd->size, bd->rdev, out));
	blockdev_mount_get(bd);
	return 0;
}

int erofs_vfs_mount_memory(const void *base, uint64_t size, const char *name, struct super_block **out)
{
	struct erofs_vfs_sb *s = kzalloc(sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->mem = base;
	strlcpy(s->dev_name, name, sizeof(s->dev_name));
	return fill_super(s, size, vfs_new_dev(), out);
}

int erofs_vfs_probe_memory(const void *base, uint64_t size)
{
	uint32_t magic;

	if (size < EROFS_SUPER_OFFSET + sizeof(magic))
		return 0;
	memcpy(&magic, (const uint8_t *)base + EROFS_SUPER_OFFSET, sizeof(magic));
	return magic == EROFS_VFS_MAGIC;
}

/* One comma-separated option of length len; 0 or -EINVAL (logged). */
static int parse_option(const char *opt, size_t len, int *user_xattr)
{
	static const char *const known[] = { "user_xattr", "nouser_xattr", "acl", "noacl", "ro", "rw" };

	for (size_t i = 0; len && i < sizeof(known) / sizeof(known[0]); i++) {
		if (strlen(known[i]) != len || memcmp(known[i], opt, len) != 0)
			continue;
		if (i <= 1)
			*user_xattr = i == 0;
		return 0;
	}
	if (len == 0)
		return 0;
	kprintf("erofs: unknown mount option '%.*s'\n", (int)len, opt);
	return -EINVAL;
}

static int parse_options(const char *data, int *user_xattr)
{
	const char *p = data;

	*user_xattr = 1;
	while (p && *p) {
		size_t len = 0;
		while (p[len] && p[len] != ',')
			len++;
		TRY(parse_option(p, len, user_xattr));
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* fs_type.mount: source is a block-special path; always mounted read-only. */
static int erofs_fs_mount(const char *source, int flags, const char *data, struct super_block **out)
{
	struct block_device *bd;
	int user_xattr, err;

	TRY(parse_options(data, &user_xattr));
	if (!source || !*source)
		return -ENOTBLK;
	err = blockdev_open_path(source, &bd);
	if (err < 0) {
		kprintf("erofs: cannot mount '%s': error %d\n", source, -err);
		return err;
	}
	TRY(erofs_vfs_mount_bdev(bd, out));
	erofs_vfs_sb(*out)->no_user_xattr = !user_xattr;
	return 0;
}

static const struct fs_type erofs_fs_type = {
	.name = "erofs",
	.requires_device = 1,
	.mount = erofs_fs_mount,
};

static int erofs_vfs_init(void)
{
	return vfs_register_fs(&erofs_fs_type);
}
INITCALL(3, erofs_vfs_init);
