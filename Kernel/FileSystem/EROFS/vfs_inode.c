/*
 * vfs_inode.c - EROFS inodes in Atoll's VFS: lookup, readlink, xattrs, read and
 * readdir, each a thin call into the parser core.
 *
 * A VFS inode is made per lookup from the core's decoded inode (kept in
 * i_private, immutable); there is no inode cache: the VFS identifies inodes by
 * (superblock, ino) and the ino is the nid, so two lookups of one file are the
 * same inode to it. Device nodes, FIFOs and sockets carry their mode and i_rdev
 * and the VFS opens them by type; symlinks have no file operations.
 *
 * "." is the directory itself. ".." is looked up like any name: EROFS stores it
 * as a real entry pointing at the parent (the root's at itself); the VFS stops
 * ".." at mount and process roots before asking.
 *
 * Reads have pread semantics (the core never looks at a file position) and go
 * straight into kernel buffers, or through a bounce buffer into user memory.
 * Compressed inodes fail at open with -EOPNOTSUPP (the core logs the nid).
 *
 * Directory positions (f_pos, d_off) are not the core's cookies but
 * block * (blksz / 12 + 1) + entry. getdents64 reports ctx->pos + 1 as an
 * entry's d_off (what telldir/seekdir hand back), so while an entry is emitted
 * ctx->pos is "the next entry's position - 1"; an entry index at or past the
 * block's count means "the start of the next block", which the core's readdir
 * handles by moving on. Any position resumes in O(1), and positions past the
 * directory read as its end.
 */
#include "erofs_vfs.h"
#include "erofs_fs.h"

#include "Devices/Console/console.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Tasks/process.h"

#define BOUNCE_SIZE (4 * PAGE_SIZE)
/* The core reads at most this much per call. */
#define READ_MAX (1UL << 30)

static const struct inode_ops erofs_iops;
static const struct file_ops erofs_file_ops, erofs_dir_ops;

static const struct erofs_inode *vi_of(const struct inode *i) { return i->i_private; }
static const struct erofs_sb_info *sbi_of(const struct inode *i) { return &erofs_vfs_sb(i->i_sb)->sbi; }

static void fill_inode(struct inode *i, const struct erofs_sb_info *sbi, const struct erofs_inode *vi)
{
	struct linux_timespec t = { vi->mtime, vi->mtime_nsec };

	i->i_uid = vi->uid;
	i->i_gid = vi->gid;
	i->i_nlink = vi->nlink;
	i->i_size = vi->size;
	i->i_blocks = (int64_t)erofs_inode_blocks512(sbi, vi);
	i->i_rdev = vi->rdev;
	/* EROFS stores one time; Linux reports it as atime, mtime and ctime. */
	i->i_atime = i->i_mtime = i->i_ctime = t;
	i->i_op = &erofs_iops;
	if (erofs_inode_is_dir(vi))
		i->i_fop = &erofs_dir_ops;
	else if (erofs_inode_is_reg(vi))
		i->i_fop = &erofs_file_ops;
}

int erofs_vfs_iget(struct super_block *sb, uint64_t nid, struct inode **out)
{
	struct erofs_inode *vi = kmalloc(sizeof(*vi));
	struct inode *i;
	int err;

	if (!vi)
		return -ENOMEM;
	err = erofs_iget(&erofs_vfs_sb(sb)->sbi, nid, vi);
	if (err < 0) {
		kfree(vi);
		return err;
	}
	i = inode_alloc(sb, vi->ino, vi->mode);
	if (!i) {
		kfree(vi);
		return -ENOMEM;
	}
	i->i_private = vi;
	fill_inode(i, &erofs_vfs_sb(sb)->sbi, vi);
	*out = i;
	return 0;
}

static int erofs_vfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint64_t nid;

	if (len == 1 && name[0] == '.') {
		*out = inode_get(dir);
		return 0;
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	TRY(erofs_lookup(sbi_of(dir), vi_of(dir), name, len, &nid, NULL));
	TRY(erofs_vfs_iget(dir->i_sb, nid, out));
	if (len == 2 && name[0] == '.' && name[1] == '.' && !S_ISDIR((*out)->i_mode)) {
		kprintf("erofs: nid %llu: \"..\" is nid %llu, not a directory (device %s)\n",
			(unsigned long long)dir->i_ino, (unsigned long long)nid, erofs_vfs_sb(dir->i_sb)->dev_name);
		inode_put(*out);
		*out = NULL;
		return -EUCLEAN;
	}
	return 0;
}

/* The VFS contract: up to size bytes of the target, not NUL-terminated. */
static long erofs_vfs_readlink(struct inode *i, char *buf, size_t size)
{
	size_t cap = (size_t)MIN(vi_of(i)->size, (uint64_t)PATH_MAX) + 1;
	char *target = kmalloc(cap);
	long n;

	if (!target)
		return -ENOMEM;
	n = erofs_readlink(sbi_of(i), vi_of(i), target, cap);
	if (n >= 0) {
		n = MIN(n, (long)size);
		memcpy(buf, target, (size_t)n);
	}
	kfree(target);
	return n;
}

static int xattr_allowed(const struct inode *i, const char *name)
{
	if (strncmp(name, "user.", 5) == 0 && erofs_vfs_sb(i->i_sb)->no_user_xattr)
		return -EOPNOTSUPP;
	return 0;
}

static long erofs_vfs_getxattr(struct inode *i, const char *name, void *buf, size_t size)
{
	TRY(xattr_allowed(i, name));
	return erofs_getxattr(sbi_of(i), vi_of(i), name, buf, size);
}

/* Drops the user.* names from a listxattr(2) list of n bytes (nouser_xattr). */
static size_t drop_user_names(char *buf, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {
		size_t len = strnlen(buf + in, n - in) + 1;
		if (strncmp(buf + in, "user.", 5) != 0) {
			memmove(buf + out, buf + in, MIN(len, n - in));
			out += MIN(len, n - in);
		}
		in += len;
	}
	return out;
}

static long erofs_vfs_listxattr(struct inode *i, char *buf, size_t size)
{
	long n;
	char *all;

	if (!erofs_vfs_sb(i->i_sb)->no_user_xattr)
		return erofs_listxattr(sbi_of(i), vi_of(i), buf, size);
	/* nouser_xattr: list everything into a scratch buffer, then filter. */
	n = erofs_listxattr(sbi_of(i), vi_of(i), NULL, 0);
	if (n <= 0)
		return n;
	all = kmalloc((size_t)n);
	if (!all)
		return -ENOMEM;
	n = erofs_listxattr(sbi_of(i), vi_of(i), all, (size_t)n);
	if (n > 0) {
		n = (long)drop_user_names(all, (size_t)n);
		if (size && (size_t)n > size)
			n = -ERANGE;
		else if (size)
			memcpy(buf, all, (size_t)n);
	}
	kfree(all);
	return n;
}

/* Everything that would change the image: EROFS is read-only whatever the mount says. */
static int erofs_vfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
			    uint32_t uid, uint32_t gid, struct inode **out)
{
	return -EROFS;
}

static int erofs_vfs_symlink(struct inode *dir, const char *name, size_t len, const char *target, uint32_t uid,
			     uint32_t gid, struct inode **out)
{
	return -EROFS;
}

static int erofs_vfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	return -EROFS;
}

static int erofs_vfs_unlink(struct inode *dir, const char *name, size_t len)
{
	return -EROFS;
}

static int erofs_vfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
			    const char *nname, size_t nlen)
{
	return -EROFS;
}

static int erofs_vfs_truncate(struct inode *i, uint64_t size)
{
	return -EROFS;
}

static void erofs_vfs_evict(struct inode *i)
{
	kfree(i->i_private);
	i->i_private = NULL;
}

static const struct inode_ops erofs_iops = {
	.lookup = erofs_vfs_lookup,
	.create = erofs_vfs_create,
	.symlink = erofs_vfs_symlink,
	.link = erofs_vfs_link,
	.unlink = erofs_vfs_unlink,
	.rename = erofs_vfs_rename,
	.readlink = erofs_vfs_readlink,
	.truncate = erofs_vfs_truncate,
	.getxattr = erofs_vfs_getxattr,
	.listxattr = erofs_vfs_listxattr,
	.evict = erofs_vfs_evict,
};

/* open(2): never for writing; compressed (or otherwise unreadable) inodes refuse. */
static int erofs_vfs_open(struct inode *i, struct file *f)
{
	if (file_writable(f))
		return -EROFS;
	return erofs_inode_open(sbi_of(i), vi_of(i));
}

/* Reads n bytes at pos into user memory through a bounce buffer; bytes read or -errno. */
static long read_to_user(const struct inode *i, const struct iobuf *buf, size_t n, uint64_t pos)
{
	char *bounce = kmalloc(BOUNCE_SIZE);
	size_t done = 0;
	long r = 0;

	if (!bounce)
		return -ENOMEM;
	while (done < n) {
		r = erofs_read_data(sbi_of(i), vi_of(i), pos + done, bounce, MIN(n - done, (size_t)BOUNCE_SIZE));
		if (r <= 0)
			break;
		if (iobuf_put(buf, done, bounce, (size_t)r) < 0) {
			r = -EFAULT;
			break;
		}
		done += (size_t)r;
	}
	kfree(bounce);
	return done ? (long)done : r;
}

static long erofs_vfs_read(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	const struct inode *i = f->f_inode;
	long r;

	if (*pos >= i->i_size)
		return 0;
	n = (size_t)MIN((uint64_t)n, i->i_size - *pos);
	n = MIN(n, (size_t)READ_MAX);
	if (buf->user)
		r = read_to_user(i, buf, n, *pos);
	else
		r = erofs_read_data(sbi_of(i), vi_of(i), *pos, buf->base, n);
	if (r > 0)
		*pos += (uint64_t)r;
	return r;
}

static const struct file_ops erofs_file_ops = {
	.open = erofs_vfs_open,
	.read = erofs_vfs_read,
};

/* ---- readdir ---- */

/* Positions per block: the most dirents a block holds, plus "past the last". */
static uint64_t slots_per_block(const struct erofs_sb_info *sbi)
{
	return sbi->blksz / sizeof(struct erofs_dirent) + 1;
}

static uint64_t cookie_to_pos(const struct erofs_sb_info *sbi, uint64_t cookie)
{
	uint64_t blk = cookie >> sbi->blkszbits, off = cookie & (sbi->blksz - 1u);

	return blk * slots_per_block(sbi) + off / sizeof(struct erofs_dirent);
}

/* The core's cookie for a position, or -1 when it lies past the directory. */
static int pos_to_cookie(const struct erofs_sb_info *sbi, const struct erofs_inode *dir, uint64_t pos,
			 uint64_t *cookie)
{
	uint64_t blk = pos / slots_per_block(sbi), slot = pos % slots_per_block(sbi);
	uint64_t nblocks = (dir->size >> sbi->blkszbits) + ((dir->size & (sbi->blksz - 1u)) != 0);

	if (blk >= nblocks)
		return -1;
	*cookie = (blk << sbi->blkszbits) + slot * sizeof(struct erofs_dirent);
	return 0;
}

static const uint8_t ftype_to_dt[EROFS_FT_MAX] = {
	[EROFS_FT_UNKNOWN] = DT_UNKNOWN, [EROFS_FT_REG_FILE] = DT_REG, [EROFS_FT_DIR] = DT_DIR,
	[EROFS_FT_CHRDEV] = DT_CHR,      [EROFS_FT_BLKDEV] = DT_BLK,   [EROFS_FT_FIFO] = DT_FIFO,
	[EROFS_FT_SOCK] = DT_SOCK,       [EROFS_FT_SYMLINK] = DT_LNK,
};

struct readdir_arg {
	struct dir_context *ctx;
	const struct erofs_sb_info *sbi;
};

static int readdir_actor(void *arg, const char *name, size_t namelen, uint64_t nid, unsigned int ftype,
			 uint64_t next_pos)
{
	struct readdir_arg *a = arg;
	unsigned dt = ftype < EROFS_FT_MAX ? ftype_to_dt[ftype] : DT_UNKNOWN;

	uint64_t here = a->ctx->pos, next = cookie_to_pos(a->sbi, next_pos);

	/* getdents64 reports ctx->pos + 1 as this entry's d_off: make that `next`. */
	a->ctx->pos = next - 1;
	if (a->ctx->emit(a->ctx, name, namelen, nid, dt)) {
		a->ctx->pos = here;	/* not consumed: resume on this entry */
		return 1;
	}
	a->ctx->pos = next;
	return 0;
}

static int erofs_vfs_readdir(struct file *f, struct dir_context *ctx)
{
	const struct erofs_sb_info *sbi = sbi_of(f->f_inode);
	struct readdir_arg arg = { ctx, sbi };
	uint64_t cookie;

	if (pos_to_cookie(sbi, vi_of(f->f_inode), ctx->pos, &cookie) < 0)
		return 0;	/* at or past the end */
	return erofs_readdir(sbi, vi_of(f->f_inode), &cookie, readdir_actor, &arg);
}

static const struct file_ops erofs_dir_ops = {
	.open = erofs_vfs_open,
	.readdir = erofs_vfs_readdir,
};
