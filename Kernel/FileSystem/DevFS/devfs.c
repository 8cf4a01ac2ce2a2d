/*
 * devfs: a flat table of device nodes plus the empty directories other filesystems
 * are mounted on (pts, shm). Inodes are made at lookup from the table; inode numbers
 * are the table slot + 2, stable for the life of the node.
 */
#include "FileSystem/DevFS/devfs.h"

#include "FileSystem/VFS/vfs.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"

#define DEVFS_MAX 64
#define DEVFS_MAGIC 0x1373

struct devfs_node {
	char name[32];
	uint32_t mode;
	uint64_t rdev;
	int used;
};

static struct devfs_node nodes[DEVFS_MAX];
static const struct inode_ops devfs_dir_iops, devfs_node_iops;
static const struct file_ops devfs_dir_fops;

int devfs_add(const char *name, uint32_t mode, uint64_t rdev)
{
	for (int i = 0; i < DEVFS_MAX; i++) {
		if (!nodes[i].used) {
			strlcpy(nodes[i].name, name, sizeof(nodes[i].name));
			nodes[i].mode = mode;
			nodes[i].rdev = rdev;
			nodes[i].used = 1;
			return 0;
		}
	}
	return -ENOSPC;
}

void devfs_init(void)
{
	/* Mountpoints: /dev/shm (tmpfs, mounted by init) and /dev/pts. */
	if (devfs_add("shm", S_IFDIR | 01777, 0) < 0 || devfs_add("pts", S_IFDIR | 0755, 0) < 0)
		panic("devfs: cannot create its directories");
}

void devfs_remove(const char *name)
{
	for (int i = 0; i < DEVFS_MAX; i++)
		if (nodes[i].used && strcmp(nodes[i].name, name) == 0)
			nodes[i].used = 0;
}

static struct inode *node_inode(struct super_block *sb, int i)
{
	struct inode *in = inode_alloc(sb, (uint64_t)i + 2, nodes[i].mode);

	if (!in)
		return NULL;
	in->i_rdev = nodes[i].rdev;
	if (S_ISDIR(nodes[i].mode)) {
		in->i_op = &devfs_dir_iops;
		in->i_fop = &devfs_dir_fops;
		in->i_private = (void *)1;	/* a leaf directory, not the root */
		in->i_nlink = 2;
	} else {
		in->i_op = &devfs_node_iops;
	}
	return in;
}

static int devfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.') || dir->i_private) {
		if (!(len == 1 && name[0] == '.') && !(len == 2 && name[0] == '.' && name[1] == '.'))
			return -ENOENT;
		*out = inode_get(len == 1 || !dir->i_private ? dir : dir->i_sb->s_root);
		return 0;
	}
	for (int i = 0; i < DEVFS_MAX; i++) {
		if (nodes[i].used && strlen(nodes[i].name) == len && memcmp(nodes[i].name, name, len) == 0) {
			*out = node_inode(dir->i_sb, i);
			return *out ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

static int devfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	uint64_t index = 2;

	if (ctx->pos == 0) {
		if (ctx->emit(ctx, ".", 1, dir->i_ino, DT_DIR))
			return 0;
		ctx->pos++;
	}
	if (ctx->pos == 1) {
		if (ctx->emit(ctx, "..", 2, dir->i_sb->s_root->i_ino, DT_DIR))
			return 0;
		ctx->pos++;
	}
	if (dir->i_private)
		return 0;
	for (int i = 0; i < DEVFS_MAX; i++) {
		if (!nodes[i].used || index++ < ctx->pos)
			continue;
		if (ctx->emit(ctx, nodes[i].name, strlen(nodes[i].name), (uint64_t)i + 2, (nodes[i].mode >> 12) & 15))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_ops devfs_dir_iops = { .lookup = devfs_lookup };
static const struct inode_ops devfs_node_iops = { 0 };
static const struct file_ops devfs_dir_fops = { .readdir = devfs_readdir };

static int devfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = DEVFS_MAGIC;
	st->f_bsize = st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	return 0;
}

static const struct super_ops devfs_sops = { devfs_statfs, NULL };

static int devfs_mount(const char *source, int flags, const char *data, struct super_block **out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return -ENOMEM;
	sb->s_type = "devfs";
	sb->s_dev = vfs_new_dev();
	sb->s_magic = DEVFS_MAGIC;
	sb->s_op = &devfs_sops;
	sb->s_root = inode_alloc(sb, 1, S_IFDIR | 0755);
	if (!sb->s_root) {
		kfree(sb);
		return -ENOMEM;
	}
	sb->s_root->i_op = &devfs_dir_iops;
	sb->s_root->i_fop = &devfs_dir_fops;
	sb->s_root->i_nlink = 2;
	*out = sb;
	return 0;
}

const struct fs_type devfs_type = { .name = "devfs", .mount = devfs_mount };
