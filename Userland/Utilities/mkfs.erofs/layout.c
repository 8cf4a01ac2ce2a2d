/*
 * Layout: decides where everything goes before a byte is written.
 *
 * 1. Order. Inodes are numbered breadth-first from the root, each directory's
 *    children in name order; a hard-linked inode takes the place of its first link.
 *    The root comes first, so its nid is 36 (byte 1152, right after the superblock)
 *    and fits the superblock's 16-bit root_nid.
 * 2. Shape. Per inode: compact (32 B) when uid/gid/nlink fit 16 bits, the size 32 bits
 *    and the mtime equals the build time, else extended (64 B); the inline xattr body;
 *    the data layout: CHUNK_BASED with --chunksize, FLAT_INLINE when the tail (size %
 *    4096) fits in the inode's block (not for regular files with -E noinline_data),
 *    otherwise FLAT_PLAIN. Directory sizes come from packing the sorted dirents
 *    (with . and ..) into blocks; names do not depend on nids, so sizes are known
 *    before nids are.
 * 3. Placement. Inodes are laid out in order from byte 1152 in the metadata area
 *    (meta_blkaddr 0), 32-byte aligned. An inode whose inode+xattrs+inline part fits
 *    in a block never straddles one (FLAT_INLINE tails must not, and it keeps
 *    readers simple); nid = byte offset / 32.
 * Data blocks are assigned later, while image.c writes them in the same order.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mkfs.h"

static void push(struct mkfs_tree *t, struct mkfs_inode *in)
{
	if (t->ninodes == t->cap_inodes) {
		t->cap_inodes = t->cap_inodes ? t->cap_inodes * 2 : 256;
		t->inodes = mkfs_realloc(t->inodes, t->cap_inodes * sizeof(*t->inodes));
	}
	in->placed = 1;
	in->ino = (uint32_t)(t->ninodes + 1);
	t->inodes[t->ninodes++] = in;
}

/* Breadth-first order; counts links on the way. */
static void order_inodes(struct mkfs_tree *t)
{
	push(t, t->root);
	for (size_t i = 0; i < t->ninodes; i++) {
		struct mkfs_inode *dir = t->inodes[i];
		if (!S_ISDIR(dir->mode))
			continue;
		dir->nlink = 2;
		for (size_t c = 0; c < dir->nchildren; c++) {
			struct mkfs_inode *in = dir->children[c].inode;
			if (S_ISDIR(in->mode))
				dir->nlink++;
			else
				in->nlink++;
			if (!in->placed)
				push(t, in);
		}
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct mkfs_dentry *)a)->name, ((const struct mkfs_dentry *)b)->name);
}

/* Sorted dirents with . and .., packed into blocks; sets dir->size. */
static void pack_dir(struct mkfs_inode *dir)
{
	size_t n = dir->nchildren + 2;
	dir->dirents = mkfs_alloc(n * sizeof(*dir->dirents));
	memcpy(dir->dirents, dir->children, dir->nchildren * sizeof(*dir->dirents));
	dir->dirents[n - 2] = (struct mkfs_dentry){ ".", dir };
	dir->dirents[n - 1] = (struct mkfs_dentry){ "..", dir->parent };
	qsort(dir->dirents, n, sizeof(*dir->dirents), by_name);
	dir->ndirents = n;
	dir->block_start = mkfs_alloc((n + 1) * sizeof(size_t));
	size_t used = 0;
	dir->nblocks = 1;
	for (size_t i = 0; i < n; i++) {
		size_t need = sizeof(struct erofs_dirent) + strlen(dir->dirents[i].name);
		if (used + need > MKFS_BLKSZ) {
			dir->block_start[dir->nblocks++] = i;
			used = 0;
		}
		used += need;
	}
	dir->block_start[dir->nblocks] = n;
	dir->size = (uint64_t)(dir->nblocks - 1) * MKFS_BLKSZ + used;
}

static unsigned file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EROFS_FT_REG_FILE;
	case S_IFDIR: return EROFS_FT_DIR;
	case S_IFCHR: return EROFS_FT_CHRDEV;
	case S_IFBLK: return EROFS_FT_BLKDEV;
	case S_IFIFO: return EROFS_FT_FIFO;
	case S_IFSOCK: return EROFS_FT_SOCK;
	case S_IFLNK: return EROFS_FT_SYMLINK;
	}
	return EROFS_FT_UNKNOWN;
}

void mkfs_dir_block_write(const struct mkfs_inode *dir, size_t block, uint8_t *dst)
{
	size_t first = dir->block_start[block], end = dir->block_start[block + 1];
	size_t nameoff = (end - first) * sizeof(struct erofs_dirent);
	memset(dst, 0, MKFS_BLKSZ);
	for (size_t i = first; i < end; i++) {
		const struct mkfs_dentry *d = &dir->dirents[i];
		size_t len = strlen(d->name);
		struct erofs_dirent de = {
			.nid = d->inode->nid,
			.nameoff = (uint16_t)nameoff,
			.file_type = (uint8_t)file_type(d->inode->mode),
		};
		memcpy(dst + (i - first) * sizeof(de), &de, sizeof(de));
		memcpy(dst + nameoff, d->name, len);
		nameoff += len;
	}
}

static int needs_extended(const struct mkfs_tree *t, const struct mkfs_inode *in)
{
	return mkfs_opt.force_extended || in->uid > 0xffff || in->gid > 0xffff ||
	       in->nlink > 0xffff || in->size > 0xffffffffu || in->mtime != t->build_time ||
	       in->mtime_nsec != t->build_time_nsec;
}

static size_t inode_size(const struct mkfs_inode *in)
{
	return in->extended ? sizeof(struct erofs_inode_extended) : sizeof(struct erofs_inode_compact);
}

static void choose_chunked(struct mkfs_tree *t, struct mkfs_inode *in)
{
	size_t unit = mkfs_opt.chunk_indexes ? sizeof(struct erofs_inode_chunk_index)
					     : EROFS_BLOCK_MAP_ENTRY_SIZE;
	uint64_t chunk = (uint64_t)1 << mkfs_opt.chunkbits;
	uint64_t nchunks = (in->size + chunk - 1) / chunk;
	size_t head = inode_size(in) + in->xattr_size;
	size_t aligned = (head + unit - 1) / unit * unit;
	in->datalayout = EROFS_INODE_CHUNK_BASED;
	in->map_size = aligned - head + (size_t)nchunks * unit;
	t->chunked = 1;
}

static void choose_layout(struct mkfs_tree *t, struct mkfs_inode *in)
{
	int reg = S_ISREG(in->mode);
	int has_data = reg || S_ISDIR(in->mode) || S_ISLNK(in->mode);
	in->datalayout = EROFS_INODE_FLAT_PLAIN;
	if (!has_data || in->size == 0)
		return;
	if (reg && mkfs_opt.chunkbits) {
		choose_chunked(t, in);
		return;
	}
	size_t tail = (size_t)(in->size % MKFS_BLKSZ);
	int may_inline = tail && !(reg && mkfs_opt.noinline_data);
	if (may_inline && inode_size(in) + in->xattr_size + tail <= MKFS_BLKSZ) {
		in->datalayout = EROFS_INODE_FLAT_INLINE;
		in->tail_size = tail;
		in->data_blocks = in->size / MKFS_BLKSZ;
	} else {
		in->data_blocks = (in->size + MKFS_BLKSZ - 1) / MKFS_BLKSZ;
	}
}

static void shape_inode(struct mkfs_tree *t, struct mkfs_inode *in)
{
	if (S_ISDIR(in->mode))
		pack_dir(in);
	in->extended = needs_extended(t, in);
	in->xattr_size = mkfs_xattr_body_size(in);
	if (in->xattr_size) {
		size_t units = (in->xattr_size - sizeof(struct erofs_xattr_ibody_header)) / 4 + 1;
		if (units > 0xffff)
			mkfs_die(1, "inode %u: xattrs take %zu bytes, more than EROFS allows",
				 in->ino, in->xattr_size);
		in->xattr_icount = (uint16_t)units;
	}
	choose_layout(t, in);
}

/* Byte offsets and nids, in order. */
static void place_inodes(struct mkfs_tree *t)
{
	uint64_t cursor = EROFS_SUPER_OFFSET + EROFS_SB_BASE_SIZE;
	for (size_t i = 0; i < t->ninodes; i++) {
		struct mkfs_inode *in = t->inodes[i];
		size_t head = inode_size(in) + in->xattr_size;
		size_t total = head + in->tail_size + in->map_size;
		cursor = (cursor + EROFS_ISLOTSIZE - 1) & ~(uint64_t)(EROFS_ISLOTSIZE - 1);
		size_t in_block = (size_t)(cursor % MKFS_BLKSZ);
		if ((total <= MKFS_BLKSZ && in_block + total > MKFS_BLKSZ) ||
		    (total > MKFS_BLKSZ && in_block + head > MKFS_BLKSZ && head <= MKFS_BLKSZ))
			cursor = (cursor + MKFS_BLKSZ - 1) & ~(uint64_t)(MKFS_BLKSZ - 1);
		in->meta_off = cursor;
		in->nid = cursor >> EROFS_ISLOTBITS;
		cursor += total;
	}
	t->meta_end = cursor;
	if (t->root->nid > 0xffff)
		mkfs_die(1, "internal error: root nid %llu does not fit 16 bits",
			 (unsigned long long)t->root->nid);
}

void mkfs_layout(struct mkfs_tree *t)
{
	order_inodes(t);
	for (size_t i = 0; i < t->ninodes; i++)
		shape_inode(t, t->inodes[i]);
	place_inodes(t);
}
