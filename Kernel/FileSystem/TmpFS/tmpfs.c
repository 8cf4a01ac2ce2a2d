/*
 * tmpfs: a read-write filesystem in memory.
 *
 * Directories are lists of entries in creation order (readdir order), each entry
 * holding a reference on its inode; a directory also points at its parent for "..".
 * Regular files keep their bytes in a vm_object, so MAP_SHARED mappings share the very
 * frames read() and write() use. Symlinks keep their target string.
 *
 * An inode's life: created with one reference, which the new directory entry takes;
 * unlink drops the entry (and nlink); the inode goes when the last reference — entry,
 * open file, cwd — is gone. The superblock counts the bytes its files hold against
 * the `size=` limit (ENOSPC beyond it).
 */
#include "API/linux.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "Memory/vm_object.h"
#include "Tasks/process.h"

#define TMPFS_MAGIC 0x01021994

struct tmpfs_sb {
	uint64_t next_ino;
	uint64_t max_bytes;	/* 0: half of RAM */
	uint64_t used_bytes;
};

struct tmpfs_dirent {
	char *name;
	size_t len;
	struct inode *inode;
	struct list_node link;
};

struct tmpfs_node {
	struct list_node entries;	/* directories */
	struct inode *parent;		/* directories: no reference (the parent holds ours) */
	char *target;			/* symlinks */
};

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_file_ops, tmpfs_dir_ops;

static struct tmpfs_node *node(struct inode *i) { return i->i_private; }
static struct tmpfs_sb *tsb(struct inode *i) { return i->i_sb->s_private; }

/* A directory's st_size, as Linux's tmpfs counts it: 20 bytes per entry, "." and
 * ".." included. Tools print it (ls -l, stat), so it follows Linux. */
#define DIRENT_BOGO_SIZE 20

static struct inode *tmpfs_new_inode(struct super_block *sb, uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct tmpfs_sb *s = sb->s_private;
	struct inode *i = inode_alloc(sb, s->next_ino++, mode);
	struct tmpfs_node *n = kzalloc(sizeof(*n));

	if (!i || !n) {
		kfree(n);
		kfree(i);
		return NULL;
	}
	list_init(&n->entries);
	i->i_private = n;
	i->i_op = &tmpfs_iops;
	i->i_uid = uid;
	i->i_gid = gid;
	if (S_ISDIR(mode)) {
		i->i_fop = &tmpfs_dir_ops;
		i->i_nlink = 2;
		i->i_size = 2 * DIRENT_BOGO_SIZE;
		i->i_blocks = 0;
	} else if (S_ISREG(mode)) {
		i->i_fop = &tmpfs_file_ops;
		i->i_data = vmo_create();
		if (!i->i_data) {
			kfree(n);
			kfree(i);
			return NULL;
		}
	}
	return i;
}

static struct tmpfs_dirent *find(struct inode *dir, const char *name, size_t len)
{
	list_for_each(l, &node(dir)->entries) {
		struct tmpfs_dirent *d = list_entry(l, struct tmpfs_dirent, link);
		if (d->len == len && memcmp(d->name, name, len) == 0)
			return d;
	}
	return NULL;
}

static int tmpfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct tmpfs_dirent *d;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (dir->i_nlink == 0)
			return -ENOENT;	/* a removed directory has no parent any more */
		*out = inode_get(node(dir)->parent ? node(dir)->parent : dir);
		return 0;
	}
	if (len == 1 && name[0] == '.') {
		*out = inode_get(dir);
		return 0;
	}
	d = find(dir, name, len);
	if (!d)
		return -ENOENT;
	*out = inode_get(d->inode);
	return 0;
}

/* Adds an entry for `i`, taking over one reference to it. */
static int add_entry(struct inode *dir, const char *name, size_t len, struct inode *i)
{
	struct tmpfs_dirent *d = kmalloc(sizeof(*d));

	if (!d)
		return -ENOMEM;
	d->name = kmalloc(len + 1);
	if (!d->name) {
		kfree(d);
		return -ENOMEM;
	}
	memcpy(d->name, name, len);
	d->name[len] = 0;
	d->len = len;
	d->inode = i;
	list_append(&node(dir)->entries, &d->link);
	if (S_ISDIR(i->i_mode)) {
		node(i)->parent = dir;
		dir->i_nlink++;
	}
	dir->i_size += DIRENT_BOGO_SIZE;
	inode_touch(dir, 0, 1, 1);
	return 0;
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
			uint32_t uid, uint32_t gid, struct inode **out)
{
	struct inode *i;
	int err;

	if (find(dir, name, len))
		return -EEXIST;
	i = tmpfs_new_inode(dir->i_sb, mode, uid, gid);
	if (!i)
		return -ENOMEM;
	i->i_rdev = rdev;
	if ((err = add_entry(dir, name, len, i)) < 0) {
		inode_put(i);
		return err;
	}
	*out = inode_get(i);
	return 0;
}

static int tmpfs_symlink(struct inode *dir, const char *name, size_t len, const char *target, uint32_t uid,
			 uint32_t gid, struct inode **out)
{
	size_t tlen = strlen(target);
	int err = tmpfs_create(dir, name, len, S_IFLNK | 0777, 0, uid, gid, out);

	if (err)
		return err;
	node(*out)->target = kmalloc(tlen + 1);
	if (!node(*out)->target) {
		inode_put(*out);
		dir->i_op->unlink(dir, name, len);
		return -ENOMEM;
	}
	memcpy(node(*out)->target, target, tlen + 1);
	(*out)->i_size = tlen;
	(*out)->i_blocks = tlen < 128 ? 0 : PAGE_SIZE / 512;	/* Linux keeps short ones inline */
	return 0;
}

static int tmpfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	if (find(dir, name, len))
		return -EEXIST;
	TRY(add_entry(dir, name, len, inode_get(target)));
	target->i_nlink++;
	inode_touch(target, 0, 0, 1);
	return 0;
}

static void drop_entry(struct inode *dir, struct tmpfs_dirent *d)
{
	struct inode *i = d->inode;

	list_remove(&d->link);
	if (S_ISDIR(i->i_mode)) {
		dir->i_nlink--;
		i->i_nlink = 0;
		node(i)->parent = NULL;	/* it holds no reference: never follow it again */
	} else {
		i->i_nlink--;
	}
	dir->i_size -= DIRENT_BOGO_SIZE;
	inode_touch(dir, 0, 1, 1);
	inode_touch(i, 0, 0, 1);
	kfree(d->name);
	kfree(d);
	inode_put(i);
}

static int tmpfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *d = find(dir, name, len);

	if (!d)
		return -ENOENT;
	if (S_ISDIR(d->inode->i_mode) && !list_empty(&node(d->inode)->entries))
		return -ENOTEMPTY;
	drop_entry(dir, d);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir, const char *nname,
			size_t nlen)
{
	struct tmpfs_dirent *from = find(odir, oname, olen), *to = find(ndir, nname, nlen);
	struct inode *i;

	if (!from)
		return -ENOENT;
	i = from->inode;
	if (to) {
		if (to->inode == i)
			return 0;
		if (S_ISDIR(i->i_mode) && !S_ISDIR(to->inode->i_mode))
			return -ENOTDIR;
		if (!S_ISDIR(i->i_mode) && S_ISDIR(to->inode->i_mode))
			return -EISDIR;
		if (S_ISDIR(to->inode->i_mode) && !list_empty(&node(to->inode)->entries))
			return -ENOTEMPTY;
	}
	TRY(add_entry(ndir, nname, nlen, inode_get(i)));
	if (to)
		drop_entry(ndir, to);
	/* Keep nlink right: add_entry counted the new entry, drop_entry the old one. */
	from = find(odir, oname, olen);
	if (S_ISDIR(i->i_mode)) {
		list_remove(&from->link);
		odir->i_nlink--;
		kfree(from->name);
		kfree(from);
		inode_put(i);
		node(i)->parent = ndir;
	} else {
		list_remove(&from->link);
		kfree(from->name);
		kfree(from);
		inode_put(i);
	}
	inode_touch(odir, 0, 1, 1);
	inode_touch(i, 0, 0, 1);
	return 0;
}

static long tmpfs_readlink(struct inode *i, char *buf, size_t size)
{
	size_t n = MIN(size, i->i_size);

	memcpy(buf, node(i)->target, n);
	return (long)n;
}

static int tmpfs_truncate(struct inode *i, uint64_t size)
{
	struct tmpfs_sb *s = tsb(i);

	if (!S_ISREG(i->i_mode))
		return -EINVAL;
	if (size > i->i_size && s->max_bytes && s->used_bytes + (size - i->i_size) > s->max_bytes)
		return -ENOSPC;
	if (size < i->i_size) {
		size_t first = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
		vmo_truncate(i->i_data, first);
		/* Zero the tail of the last partial page. */
		uint64_t pa;
		if ((size & (PAGE_SIZE - 1)) && vmo_page(i->i_data, size / PAGE_SIZE, 0, &pa) == 0)
			memset((char *)phys_to_virt(pa) + (size & (PAGE_SIZE - 1)), 0, PAGE_SIZE - (size & (PAGE_SIZE - 1)));
		s->used_bytes -= i->i_size - size;
	} else {
		s->used_bytes += size - i->i_size;
	}
	i->i_size = size;
	inode_touch(i, 0, 1, 1);
	return 0;
}

static void tmpfs_evict(struct inode *i)
{
	struct tmpfs_node *n = node(i);

	if (S_ISREG(i->i_mode) && i->i_sb->s_private)
		tsb(i)->used_bytes -= i->i_size;
	if (i->i_data)
		vmo_put(i->i_data);
	list_for_each_safe(l, &n->entries) {
		struct tmpfs_dirent *d = list_entry(l, struct tmpfs_dirent, link);
		list_remove(&d->link);
		inode_put(d->inode);
		kfree(d->name);
		kfree(d);
	}
	kfree(n->target);
	kfree(n);
}

static const struct inode_ops tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.truncate = tmpfs_truncate,
	.evict = tmpfs_evict,
};

static long tmpfs_read(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	struct inode *i = f->f_inode;
	size_t done = 0;

	if (*pos >= i->i_size)
		return 0;
	n = MIN(n, i->i_size - *pos);
	while (done < n) {
		uint64_t off = *pos + done, pa;
		size_t chunk = MIN(n - done, PAGE_SIZE - (off & (PAGE_SIZE - 1)));
		if (vmo_page(i->i_data, off / PAGE_SIZE, 0, &pa) == 0) {
			if (iobuf_put(buf, done, (char *)phys_to_virt(pa) + (off & (PAGE_SIZE - 1)), chunk) < 0)
				return done ? (long)done : -EFAULT;
		} else {
			static const char zeros[PAGE_SIZE];
			if (iobuf_put(buf, done, zeros, chunk) < 0)
				return done ? (long)done : -EFAULT;
		}
		done += chunk;
	}
	*pos += done;
	inode_touch(i, 1, 0, 0);
	return (long)done;
}

static long tmpfs_write(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos)
{
	struct inode *i = f->f_inode;
	struct tmpfs_sb *s = tsb(i);
	size_t done = 0;

	if (f->f_flags & O_APPEND)
		*pos = i->i_size;
	if (*pos + n < *pos)
		return -EFBIG;
	while (done < n) {
		uint64_t off = *pos + done, pa;
		size_t chunk = MIN(n - done, PAGE_SIZE - (off & (PAGE_SIZE - 1)));
		if (off + chunk > i->i_size && s->max_bytes && s->used_bytes + (off + chunk - i->i_size) > s->max_bytes)
			break;
		if (vmo_page(i->i_data, off / PAGE_SIZE, 1, &pa) < 0)
			break;
		if (iobuf_get(buf, done, (char *)phys_to_virt(pa) + (off & (PAGE_SIZE - 1)), chunk) < 0)
			return done ? (long)done : -EFAULT;
		done += chunk;
		if (off + chunk > i->i_size) {
			s->used_bytes += off + chunk - i->i_size;
			i->i_size = off + chunk;
		}
	}
	if (done == 0 && n > 0)
		return -ENOSPC;
	*pos += done;
	inode_touch(i, 0, 1, 1);
	return (long)done;
}

static int tmpfs_mmap_object(struct file *f, struct vm_object **out)
{
	*out = f->f_inode->i_data;
	return 0;
}

static int emit_dots(struct inode *dir, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (ctx->emit(ctx, ".", 1, dir->i_ino, DT_DIR))
			return 1;
		ctx->pos++;
	}
	if (ctx->pos == 1) {
		struct inode *p = node(dir)->parent ? node(dir)->parent : dir;	/* removed: itself */
		if (ctx->emit(ctx, "..", 2, p->i_ino, DT_DIR))
			return 1;
		ctx->pos++;
	}
	return 0;
}

unsigned vfs_dirent_type(uint32_t mode)
{
	return (mode >> 12) & 15;
}

static int tmpfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	uint64_t index = 2;

	if (emit_dots(dir, ctx))
		return 0;
	list_for_each(l, &node(dir)->entries) {
		struct tmpfs_dirent *d = list_entry(l, struct tmpfs_dirent, link);
		if (index++ < ctx->pos)
			continue;
		if (ctx->emit(ctx, d->name, d->len, d->inode->i_ino, vfs_dirent_type(d->inode->i_mode)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct file_ops tmpfs_file_ops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.mmap_object = tmpfs_mmap_object,
};

static const struct file_ops tmpfs_dir_ops = {
	.readdir = tmpfs_readdir,
};

static int tmpfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct tmpfs_sb *s = sb->s_private;
	uint64_t max = s->max_bytes ? s->max_bytes : pmm_total_pages() * PAGE_SIZE / 2;

	memset(st, 0, sizeof(*st));
	st->f_type = TMPFS_MAGIC;
	st->f_bsize = st->f_frsize = PAGE_SIZE;
	st->f_blocks = max / PAGE_SIZE;
	st->f_bfree = st->f_bavail = (max - MIN(max, s->used_bytes)) / PAGE_SIZE;
	st->f_files = 1 << 20;
	st->f_ffree = st->f_files - s->next_ino;
	st->f_namelen = NAME_MAX;
	return 0;
}

static void tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->s_private);
}

static const struct super_ops tmpfs_sops = { tmpfs_statfs, tmpfs_put_super };

/* Parses "size=16M,mode=755" style options. */
static int parse_options(const char *data, uint64_t *size, uint32_t *mode)
{
	const char *p = data;

	while (p && *p) {
		if (strncmp(p, "size=", 5) == 0) {
			uint64_t v = 0;
			for (p += 5; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint64_t)(*p - '0');
			if (*p == 'k' || *p == 'K')
				v <<= 10, p++;
			else if (*p == 'm' || *p == 'M')
				v <<= 20, p++;
			else if (*p == 'g' || *p == 'G')
				v <<= 30, p++;
			*size = v;
		} else if (strncmp(p, "mode=", 5) == 0) {
			uint32_t v = 0;
			for (p += 5; *p >= '0' && *p <= '7'; p++)
				v = v * 8 + (uint32_t)(*p - '0');
			*mode = v & 07777;
		}
		while (*p && *p != ',')
			p++;
		if (*p == ',')
			p++;
	}
	return 0;
}

int tmpfs_mount(const char *source, int flags, const char *data, struct super_block **out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct tmpfs_sb *s = kzalloc(sizeof(*s));
	uint32_t mode = 01777;

	if (!sb || !s)
		goto fail;
	parse_options(data, &s->max_bytes, &mode);
	if (!s->max_bytes)
		s->max_bytes = pmm_total_pages() * PAGE_SIZE / 2;	/* Linux's default */
	s->next_ino = 1;
	sb->s_type = "tmpfs";
	sb->s_dev = vfs_new_dev();
	sb->s_magic = TMPFS_MAGIC;
	sb->s_op = &tmpfs_sops;
	sb->s_private = s;
	sb->s_root = tmpfs_new_inode(sb, S_IFDIR | mode, 0, 0);
	if (!sb->s_root)
		goto fail;
	*out = sb;
	return 0;
fail:
	kfree(s);
	kfree(sb);
	return -ENOMEM;
}

const struct fs_type tmpfs_type = { .name = "tmpfs", .mount = tmpfs_mount };
