/*
 * devpts: the /dev/pts directory of pseudo-terminal slaves.
 *
 * The filesystem holds no state of its own beyond its options and its pty namespace
 * (Devices/TTY/pty.h): the root lists "ptmx" (5:2, which opens a new master in this
 * mount's namespace) and one node N (136:N) per pty of that namespace, made at lookup
 * from what pty.c reports. As on Linux, a mount without `newinstance` shows the
 * initial namespace (the one /dev/ptmx in devfs uses), and each `newinstance` mount
 * starts a private one: a container's /dev/pts lists only the ptys opened through
 * its own /dev/pts/ptmx. Options: newinstance, ptmxmode=OCTAL (default 0000, as
 * Linux), mode=OCTAL (slave nodes, default 0600), uid=N and gid=N (slave owner;
 * default the master's opener), max=N (nodes shown). An unknown option fails the
 * mount with EINVAL.
 *
 * Inode numbers: 1 the root, 2 ptmx, N + 3 for /dev/pts/N. Inodes are made per
 * lookup and freed at their last reference, so chmod/chown on them does not last.
 */
#include "Devices/Console/console.h"
#include "Devices/TTY/pty.h"
#include "FileSystem/DevPTS/devpts.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/format.h"
#include "Lib/initcall.h"
#include "Lib/string.h"
#include "Memory/heap.h"

#define DEVPTS_MAGIC 0x1cd1
#define DEVPTS_PTMX_INO 2
#define DEVPTS_FIRST_PTS_INO 3

struct devpts_options {
	uint32_t mode, ptmxmode;
	uint32_t uid, gid;
	int set_uid, set_gid;
	int max;
	int newinstance;
	struct pty_ns *ns;	/* holds a reference */
};

static const struct inode_ops devpts_dir_iops, devpts_node_iops;
static const struct file_ops devpts_dir_fops;

static struct devpts_options *options_of(struct super_block *sb)
{
	return sb->s_private;
}

static int parse_number(const char *p, size_t len, int base, uint32_t *out)
{
	uint32_t v = 0;

	if (len == 0 || len > 10)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] >= '0' + base)
			return -EINVAL;
		v = v * (uint32_t)base + (uint32_t)(p[i] - '0');
	}
	*out = v;
	return 0;
}

/* One "key" or "key=value" option of length len. */
static int parse_option(const char *p, size_t len, struct devpts_options *o)
{
	const char *eq = memchr(p, '=', len);
	size_t klen = eq ? (size_t)(eq - p) : len;
	const char *v = eq ? eq + 1 : p + len;
	size_t vlen = len - klen - (eq ? 1 : 0);
	uint32_t n = 0;

	if (!eq && klen == 11 && memcmp(p, "newinstance", 11) == 0)
		return o->newinstance = 1, 0;
	if (eq && klen == 8 && memcmp(p, "ptmxmode", 8) == 0 && parse_number(v, vlen, 8, &n) == 0)
		return o->ptmxmode = n & 07777, 0;
	if (eq && klen == 4 && memcmp(p, "mode", 4) == 0 && parse_number(v, vlen, 8, &n) == 0)
		return o->mode = n & 07777, 0;
	if (eq && klen == 3 && memcmp(p, "uid", 3) == 0 && parse_number(v, vlen, 10, &n) == 0)
		return o->uid = n, o->set_uid = 1, 0;
	if (eq && klen == 3 && memcmp(p, "gid", 3) == 0 && parse_number(v, vlen, 10, &n) == 0)
		return o->gid = n, o->set_gid = 1, 0;
	if (eq && klen == 3 && memcmp(p, "max", 3) == 0 && parse_number(v, vlen, 10, &n) == 0)
		return o->max = (int)MIN(n, (uint32_t)PTY_MAX), 0;
	kprintf("devpts: bad mount option \"%.*s\"\n", (int)len, p);
	return -EINVAL;
}

static int parse_options(const char *data, struct devpts_options *o)
{
	const char *p = data;

	o->mode = 0600;
	o->ptmxmode = 0;
	o->max = PTY_MAX;
	while (p && *p) {
		const char *end = p;
		while (*end && *end != ',')
			end++;
		if (end > p)
			TRY(parse_option(p, (size_t)(end - p), o));
		p = *end ? end + 1 : end;
	}
	return 0;
}

static struct inode *pts_inode(struct super_block *sb, int index)
{
	const struct devpts_options *o = options_of(sb);
	struct pty_info info;

	if (index >= o->max || pty_info(o->ns, index, &info) < 0)
		return NULL;
	struct inode *in = inode_alloc(sb, (uint64_t)index + DEVPTS_FIRST_PTS_INO, S_IFCHR | o->mode);
	if (!in)
		return NULL;
	in->i_rdev = MKDEV(PTY_SLAVE_MAJOR, index);
	in->i_uid = o->set_uid ? o->uid : info.uid;
	in->i_gid = o->set_gid ? o->gid : info.gid;
	in->i_op = &devpts_node_iops;
	return in;
}

static int lookup_pts(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint32_t index;

	if ((len > 1 && name[0] == '0') || parse_number(name, len, 10, &index) < 0 || index >= PTY_MAX)
		return -ENOENT;
	*out = pts_inode(dir->i_sb, (int)index);
	return *out ? 0 : -ENOENT;
}

static int devpts_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) {
		*out = inode_get(dir);
		return 0;
	}
	if (len == 4 && memcmp(name, "ptmx", 4) == 0) {
		struct inode *in = inode_alloc(dir->i_sb, DEVPTS_PTMX_INO, S_IFCHR | options_of(dir->i_sb)->ptmxmode);
		if (!in)
			return -ENOMEM;
		in->i_rdev = MKDEV(PTMX_MAJOR, PTMX_MINOR);
		in->i_op = &devpts_node_iops;
		*out = in;
		return 0;
	}
	return lookup_pts(dir, name, len, out);
}

/* Positions: 0 ".", 1 "..", 2 "ptmx", then N + 3 for /dev/pts/N. */
static int devpts_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	const struct devpts_options *o = options_of(dir->i_sb);
	char name[12];

	if (ctx->pos == 0 && (ctx->emit(ctx, ".", 1, dir->i_ino, DT_DIR) || !++ctx->pos))
		return 0;
	if (ctx->pos == 1 && (ctx->emit(ctx, "..", 2, dir->i_ino, DT_DIR) || !++ctx->pos))
		return 0;
	if (ctx->pos == 2 && (ctx->emit(ctx, "ptmx", 4, DEVPTS_PTMX_INO, DT_CHR) || !++ctx->pos))
		return 0;
	for (int i = pty_next(o->ns, (int)ctx->pos - DEVPTS_FIRST_PTS_INO - 1); i >= 0 && i < o->max;
	     i = pty_next(o->ns, i)) {
		int len = ksnprintf(name, sizeof(name), "%d", i);
		if (ctx->emit(ctx, name, (size_t)len, (uint64_t)i + DEVPTS_FIRST_PTS_INO, DT_CHR))
			return 0;
		ctx->pos = (uint64_t)i + DEVPTS_FIRST_PTS_INO + 1;
	}
	return 0;
}

static const struct inode_ops devpts_dir_iops = { .lookup = devpts_lookup };
static const struct inode_ops devpts_node_iops = { 0 };
static const struct file_ops devpts_dir_fops = { .readdir = devpts_readdir };

static int devpts_statfs(struct super_block *sb, struct linux_statfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = DEVPTS_MAGIC;
	st->f_bsize = st->f_frsize = 1024;
	st->f_namelen = NAME_MAX;
	return 0;
}

static void devpts_put_super(struct super_block *sb)
{
	struct devpts_options *o = sb->s_private;

	pty_ns_put(o->ns);
	kfree(o);
}

static const struct super_ops devpts_sops = { devpts_statfs, devpts_put_super };

struct pty_ns *devpts_ns_of(const struct super_block *sb)
{
	return sb && sb->s_op == &devpts_sops ? options_of((struct super_block *)sb)->ns : NULL;
}

static int devpts_mount(const char *source, int flags, const char *data, struct super_block **out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct devpts_options *o = kzalloc(sizeof(*o));
	int err = -ENOMEM;

	if (!sb || !o)
		goto fail;
	if ((err = parse_options(data, o)) < 0)
		goto fail;
	err = -ENOMEM;
	o->ns = o->newinstance ? pty_ns_create() : pty_ns_initial();
	if (!o->ns)
		goto fail;
	sb->s_type = "devpts";
	sb->s_dev = vfs_new_dev();
	sb->s_magic = DEVPTS_MAGIC;
	sb->s_op = &devpts_sops;
	sb->s_private = o;
	sb->s_root = inode_alloc(sb, 1, S_IFDIR | 0755);
	if (!sb->s_root)
		goto fail;
	sb->s_root->i_op = &devpts_dir_iops;
	sb->s_root->i_fop = &devpts_dir_fops;
	sb->s_root->i_nlink = 2;
	*out = sb;
	return 0;
fail:
	if (o && o->ns)
		pty_ns_put(o->ns);
	kfree(o);
	kfree(sb);
	return err;
}

static const struct fs_type devpts_type = { .name = "devpts", .mount = devpts_mount };

static int devpts_register(void)
{
	return vfs_register_fs(&devpts_type);
}
INITCALL(3, devpts_register);
