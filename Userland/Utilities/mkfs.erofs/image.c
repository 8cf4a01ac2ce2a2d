/*
 * Writes the image: the data area block by block, then the metadata area (which
 * holds the superblock in block 0) in one piece at the end.
 *
 *   blocks [0, meta_blocks)      superblock at 1024, then inodes from byte 1152
 *   blocks [meta_blocks, total)  file, directory and symlink data, in inode order
 *
 * The metadata area is built in memory: inodes, inline xattrs, inline tails and chunk
 * maps are filled in while the data is written (a chunk map needs the data's block
 * addresses), and the superblock checksum is computed last. Every block of the image
 * is written explicitly (zero padding included), so a block device target needs no
 * pre-zeroing; a regular file is then truncated to the exact size.
 *
 * With --chunksize, all-zero chunks share one stored zero chunk (the first full-size
 * one). NOTE: they are not written as holes (EROFS_NULL_ADDR), although Linux reads
 * those: erofs-utils 1.5's fsck.erofs --extract drops the hole's bytes from the
 * extracted file instead of leaving zeros, and images must extract byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c.h"
#include "mkfs.h"

#define BATCH (64u * MKFS_BLKSZ)

struct image {
	struct mkfs_tree *t;
	int fd, tar_fd;
	uint8_t *meta;          /* meta_blocks * MKFS_BLKSZ bytes */
	uint64_t meta_blocks;
	uint64_t next_block;    /* first free block of the data area */
	uint32_t zero_chunk;    /* block of the shared all-zero chunk, or EROFS_NULL_ADDR */
	uint8_t *buf;           /* BATCH bytes */
};

/* An open data source: a host file or a slice of the tar archive. */
struct source {
	const char *name;
	int fd;
	uint64_t pos, base;
	int is_tar;
};

static void write_at(struct image *im, const void *buf, size_t len, uint64_t off)
{
	const uint8_t *p = buf;
	while (len) {
		ssize_t n = pwrite(im->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			mkfs_die_errno("%s: cannot write", mkfs_opt.image);
		p += n, len -= (size_t)n, off += (uint64_t)n;
	}
}

static void write_blocks(struct image *im, const void *buf, size_t nblocks, uint64_t block)
{
	write_at(im, buf, nblocks * MKFS_BLKSZ, block * MKFS_BLKSZ);
}

static void source_open(struct source *s, struct image *im, const struct mkfs_inode *in)
{
	memset(s, 0, sizeof(*s));
	if (in->src.path) {
		s->name = in->src.path;
		s->fd = open(in->src.path, O_RDONLY);
		if (s->fd < 0)
			mkfs_die_errno("%s", in->src.path);
	} else {
		s->name = mkfs_opt.source;
		s->fd = im->tar_fd;
		s->base = in->src.offset;
		s->is_tar = 1;
	}
}

static void source_read(struct source *s, void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t n = pread(s->fd, p, len, (off_t)(s->base + s->pos));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			mkfs_die_errno("%s: cannot read", s->name);
		if (n == 0)
			mkfs_die(1, "%s: file shrank while being read", s->name);
		p += n, len -= (size_t)n, s->pos += (uint64_t)n;
	}
}

static void source_close(struct source *s)
{
	if (!s->is_tar)
		close(s->fd);
}

static uint8_t *inline_area(struct image *im, const struct mkfs_inode *in)
{
	size_t isize = in->extended ? sizeof(struct erofs_inode_extended)
				    : sizeof(struct erofs_inode_compact);
	return im->meta + in->meta_off + isize + in->xattr_size;
}

static uint32_t take_blocks(struct image *im, uint64_t n)
{
	uint64_t first = im->next_block;
	im->next_block += n;
	if (im->next_block > 0xffffffffu)
		mkfs_die(1, "%s: image would exceed 2^32 blocks", mkfs_opt.image);
	return (uint32_t)first;
}

/* FLAT_PLAIN / FLAT_INLINE regular file: full blocks to the data area, tail inline. */
static void write_flat_file(struct image *im, struct mkfs_inode *in)
{
	struct source s;
	source_open(&s, im, in);
	uint64_t left = in->size - in->tail_size;
	in->blkaddr = in->data_blocks ? take_blocks(im, in->data_blocks) : 0;
	uint64_t block = in->blkaddr;
	while (left) {
		size_t n = left < BATCH ? (size_t)left : BATCH;
		size_t nblocks = (n + MKFS_BLKSZ - 1) / MKFS_BLKSZ;
		memset(im->buf + n, 0, nblocks * MKFS_BLKSZ - n);
		source_read(&s, im->buf, n);
		write_blocks(im, im->buf, nblocks, block);
		block += nblocks;
		left -= n;
	}
	if (in->tail_size)
		source_read(&s, inline_area(im, in), in->tail_size);
	source_close(&s);
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Stores one chunk of `len` bytes; returns its block address. */
static uint32_t write_chunk(struct image *im, struct source *s, uint64_t len)
{
	uint64_t first = im->next_block, block = first;
	int zero = 1;
	while (len) {
		size_t n = len < BATCH ? (size_t)len : BATCH;
		size_t nblocks = (n + MKFS_BLKSZ - 1) / MKFS_BLKSZ;
		memset(im->buf + n, 0, nblocks * MKFS_BLKSZ - n);
		source_read(s, im->buf, n);
		zero = zero && all_zero(im->buf, n);
		/* Written at once even if the chunk turns out to be a shared zero chunk:
		 * later data overwrites these blocks, or the final truncate drops them. */
		write_blocks(im, im->buf, nblocks, block);
		block += nblocks;
		len -= n;
	}
	int full = block - first == ((uint64_t)1 << mkfs_opt.chunkbits) / MKFS_BLKSZ;
	if (zero && im->zero_chunk != EROFS_NULL_ADDR)
		return im->zero_chunk;
	uint32_t addr = take_blocks(im, block - first);
	if (zero && full)
		im->zero_chunk = addr;
	return addr;
}

static void write_chunked_file(struct image *im, struct mkfs_inode *in)
{
	struct source s;
	source_open(&s, im, in);
	uint64_t chunk = (uint64_t)1 << mkfs_opt.chunkbits;
	size_t unit = mkfs_opt.chunk_indexes ? sizeof(struct erofs_inode_chunk_index)
					     : EROFS_BLOCK_MAP_ENTRY_SIZE;
	uint8_t *map = inline_area(im, in);
	map += (unit - (size_t)(map - im->meta) % unit) % unit;
	for (uint64_t off = 0, i = 0; off < in->size; off += chunk, i++) {
		uint64_t len = in->size - off < chunk ? in->size - off : chunk;
		uint32_t addr = write_chunk(im, &s, len);
		if (mkfs_opt.chunk_indexes) {
			struct erofs_inode_chunk_index ci = { .blkaddr = addr };
			memcpy(map + i * unit, &ci, sizeof(ci));
		} else {
			memcpy(map + i * unit, &addr, sizeof(addr));
		}
	}
	source_close(&s);
}

static void write_dir(struct image *im, struct mkfs_inode *in)
{
	in->blkaddr = in->data_blocks ? take_blocks(im, in->data_blocks) : 0;
	for (size_t b = 0; b < in->nblocks; b++) {
		mkfs_dir_block_write(in, b, im->buf);
		if (b < in->data_blocks)
			write_blocks(im, im->buf, 1, in->blkaddr + b);
		else
			memcpy(inline_area(im, in), im->buf, in->tail_size);
	}
}

static void write_symlink(struct image *im, struct mkfs_inode *in)
{
	if (in->datalayout == EROFS_INODE_FLAT_INLINE) {
		memcpy(inline_area(im, in), in->symlink, in->size);
		return;
	}
	in->blkaddr = take_blocks(im, in->data_blocks);
	memset(im->buf, 0, MKFS_BLKSZ);
	memcpy(im->buf, in->symlink, in->size);
	write_blocks(im, im->buf, 1, in->blkaddr);
}

static void write_data(struct image *im, struct mkfs_inode *in)
{
	if (in->size == 0)
		return;
	if (S_ISDIR(in->mode))
		write_dir(im, in);
	else if (S_ISLNK(in->mode))
		write_symlink(im, in);
	else if (in->datalayout == EROFS_INODE_CHUNK_BASED)
		write_chunked_file(im, in);
	else if (S_ISREG(in->mode))
		write_flat_file(im, in);
}

static uint32_t inode_u(const struct mkfs_inode *in)
{
	if (S_ISCHR(in->mode) || S_ISBLK(in->mode))
		return in->rdev;
	if (in->datalayout == EROFS_INODE_CHUNK_BASED)
		return (mkfs_opt.chunkbits - MKFS_BLKSZBITS) |
		       (mkfs_opt.chunk_indexes ? EROFS_CHUNK_FORMAT_INDEXES : 0);
	return in->blkaddr;
}

static void write_inode(struct image *im, const struct mkfs_inode *in)
{
	uint8_t *p = im->meta + in->meta_off;
	uint16_t format = erofs_inode_format(in->extended, in->datalayout);
	if (in->extended) {
		struct erofs_inode_extended e = {
			.i_format = format, .i_xattr_icount = in->xattr_icount,
			.i_mode = (uint16_t)in->mode, .i_size = in->size,
			.i_u.raw_blkaddr = inode_u(in), .i_ino = in->ino,
			.i_uid = in->uid, .i_gid = in->gid,
			.i_mtime = in->mtime, .i_mtime_nsec = in->mtime_nsec, .i_nlink = in->nlink,
		};
		memcpy(p, &e, sizeof(e));
		p += sizeof(e);
	} else {
		struct erofs_inode_compact c = {
			.i_format = format, .i_xattr_icount = in->xattr_icount,
			.i_mode = (uint16_t)in->mode, .i_nlink = (uint16_t)in->nlink,
			.i_size = (uint32_t)in->size, .i_u.raw_blkaddr = inode_u(in),
			.i_ino = in->ino, .i_uid = (uint16_t)in->uid, .i_gid = (uint16_t)in->gid,
		};
		memcpy(p, &c, sizeof(c));
		p += sizeof(c);
	}
	if (in->xattr_size)
		mkfs_xattr_body_write(in, p);
}

static void write_super(struct image *im)
{
	struct mkfs_tree *t = im->t;
	struct erofs_super_block sb = {
		.magic = EROFS_SUPER_MAGIC_V1,
		.feature_compat = EROFS_FEATURE_COMPAT_MTIME |
				  (mkfs_opt.nosbcrc ? 0 : EROFS_FEATURE_COMPAT_SB_CHKSUM),
		.blkszbits = MKFS_BLKSZBITS,
		.root_nid = (uint16_t)t->root->nid,
		.inos = t->ninodes,
		.build_time = t->build_time,
		.build_time_nsec = t->build_time_nsec,
		.blocks = (uint32_t)im->next_block,
		.meta_blkaddr = 0,
		.xattr_blkaddr = 0,
		.feature_incompat = t->chunked ? EROFS_FEATURE_INCOMPAT_CHUNKED_FILE : 0,
	};
	memcpy(sb.uuid, mkfs_opt.uuid, sizeof(sb.uuid));
	memcpy(sb.volume_name, mkfs_opt.label, strlen(mkfs_opt.label));
	memcpy(im->meta + EROFS_SUPER_OFFSET, &sb, sizeof(sb));
	if (!mkfs_opt.nosbcrc) {
		uint32_t crc = erofs_crc32c(EROFS_SB_CHKSUM_SEED, im->meta + EROFS_SUPER_OFFSET,
					    MKFS_BLKSZ - EROFS_SUPER_OFFSET);
		memcpy(im->meta + EROFS_SB_CHKSUM_OFFSET, &crc, sizeof(crc));
	}
}

uint32_t mkfs_write_image(struct mkfs_tree *t, int image_fd, int tar_fd)
{
	struct image im = { .t = t, .fd = image_fd, .tar_fd = tar_fd, .zero_chunk = EROFS_NULL_ADDR };
	im.meta_blocks = (t->meta_end + MKFS_BLKSZ - 1) / MKFS_BLKSZ;
	im.meta = mkfs_alloc(im.meta_blocks * MKFS_BLKSZ);
	im.buf = mkfs_alloc(BATCH);
	im.next_block = im.meta_blocks;
	for (size_t i = 0; i < t->ninodes; i++)
		write_data(&im, t->inodes[i]);
	for (size_t i = 0; i < t->ninodes; i++)
		write_inode(&im, t->inodes[i]);
	write_super(&im);
	write_blocks(&im, im.meta, im.meta_blocks, 0);
	struct stat st;
	if (fstat(image_fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    ftruncate(image_fd, (off_t)(im.next_block * MKFS_BLKSZ)) != 0)
		mkfs_die_errno("%s: cannot set the image size", mkfs_opt.image);
	free(im.buf);
	free(im.meta);
	return (uint32_t)im.next_block;
}
