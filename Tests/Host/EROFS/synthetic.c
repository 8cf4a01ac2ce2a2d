/*
 * synthetic.c - a hand-built EROFS image for the layouts erofs-utils 1.5 does
 * not produce on its own: extended inodes that straddle a block boundary
 * (one FLAT_PLAIN with inline and shared xattrs after the boundary, one
 * FLAT_INLINE whose tail packs after the boundary) and a chunk map with a
 * hole. The image is 6 blocks of 4096 bytes:
 *
 *   block 0   superblock; root dir (nid 64, compact, FLAT_INLINE) with its
 *             dirents inline; "chunk" (nid 96, compact, CHUNK_BASED, indexes)
 *   block 0-1 "plain" (nid 127, extended, 4064..4128) + xattrs at 4128
 *   block 1-2 "inl"   (nid 255, extended, 8160..8224) + 20-byte tail at 8224
 *   block 3   shared xattr area (id 0: user.shared = "S")
 *   block 4   "0123456789"        block 5   a byte pattern
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "erofs_fs.h"
#include "image.h"

int erofs_synthetic_tests(unsigned int *checks, unsigned int *failures);

#define BLK 4096u

static unsigned int *n_checks, *n_failures;

static void check(bool ok, const char *what, long got)
{
	(*n_checks)++;
	if (!ok) {
		(*n_failures)++;
		fprintf(stderr, "FAIL synthetic: %s (%ld)\n", what, got);
	}
}

static void *at(uint8_t *img, uint64_t off) { return img + off; }

static void put_root(uint8_t *img)
{
	static const struct { const char *name; uint64_t nid; uint8_t type; } ents[] = {
		{ ".", 64, EROFS_FT_DIR }, { "..", 64, EROFS_FT_DIR }, { "chunk", 96, EROFS_FT_REG_FILE },
		{ "inl", 255, EROFS_FT_REG_FILE }, { "plain", 127, EROFS_FT_REG_FILE },
	};
	struct erofs_inode_compact *root = at(img, 2048);
	uint8_t *data = img + 2048 + sizeof(*root);
	uint16_t nameoff = sizeof(struct erofs_dirent) * 5;

	for (int i = 0; i < 5; i++) {
		struct erofs_dirent *de = (struct erofs_dirent *)data + i;

		de->nid = ents[i].nid;
		de->nameoff = nameoff;
		de->file_type = ents[i].type;
		memcpy(data + nameoff, ents[i].name, strlen(ents[i].name));
		nameoff += (uint16_t)strlen(ents[i].name);
	}
	root->i_format = erofs_inode_format(EROFS_INODE_LAYOUT_COMPACT, EROFS_INODE_FLAT_INLINE);
	root->i_mode = 040755;
	root->i_nlink = 2;
	root->i_size = nameoff;
}

static void put_chunked(uint8_t *img)
{
	struct erofs_inode_compact *ci = at(img, 3072);
	struct erofs_inode_chunk_index *idx = at(img, 3072 + sizeof(*ci));

	ci->i_format = erofs_inode_format(EROFS_INODE_LAYOUT_COMPACT, EROFS_INODE_CHUNK_BASED);
	ci->i_mode = 0100644;
	ci->i_nlink = 1;
	ci->i_size = 3 * BLK;
	ci->i_u.c.format = EROFS_CHUNK_FORMAT_INDEXES;  /* chunk = one block */
	idx[0].blkaddr = 5;
	idx[1].blkaddr = EROFS_NULL_ADDR;
	idx[2].blkaddr = 4;
}

static void put_plain(uint8_t *img)
{
	struct erofs_inode_extended *pi = at(img, 4064);
	uint8_t *x = img + 4064 + sizeof(*pi);
	struct erofs_xattr_entry *e;

	pi->i_format = erofs_inode_format(EROFS_INODE_LAYOUT_EXTENDED, EROFS_INODE_FLAT_PLAIN);
	pi->i_xattr_icount = 4;         /* 12 + 3 * 4 = 24 bytes */
	pi->i_mode = 0100600;
	pi->i_size = 10;
	pi->i_u.raw_blkaddr = 4;
	pi->i_uid = 100000;
	pi->i_gid = 200000;
	pi->i_mtime = 1234567890;
	pi->i_mtime_nsec = 42;
	pi->i_nlink = 1;
	((struct erofs_xattr_ibody_header *)x)->h_shared_count = 1;
	*(uint32_t *)(x + 12) = 0;      /* shared id 0 */
	e = (void *)(x + 16);
	e->e_name_len = 1;
	e->e_name_index = EROFS_XATTR_INDEX_USER;
	e->e_value_size = 1;
	memcpy(x + 20, "kv", 2);
	/* The shared entry in block 3. */
	e = at(img, 3 * BLK);
	e->e_name_len = 6;
	e->e_name_index = EROFS_XATTR_INDEX_USER;
	e->e_value_size = 1;
	memcpy(img + 3 * BLK + 4, "sharedS", 7);
}

static void put_inline(uint8_t *img)
{
	struct erofs_inode_extended *ii = at(img, 8160);

	ii->i_format = erofs_inode_format(EROFS_INODE_LAYOUT_EXTENDED, EROFS_INODE_FLAT_INLINE);
	ii->i_mode = 0100644;
	ii->i_size = BLK + 20;
	ii->i_u.raw_blkaddr = 5;
	ii->i_nlink = 1;
	memcpy(img + 8160 + sizeof(*ii), "tail data after edge", 20);
}

static uint8_t *build(void)
{
	uint8_t *img = calloc(6, BLK);
	struct erofs_super_block *sb = at(img, EROFS_SUPER_OFFSET);

	sb->magic = EROFS_SUPER_MAGIC_V1;
	sb->feature_compat = EROFS_FEATURE_COMPAT_SB_CHKSUM;
	sb->feature_incompat = EROFS_FEATURE_INCOMPAT_CHUNKED_FILE;
	sb->blkszbits = 12;
	sb->root_nid = 64;
	sb->inos = 4;
	sb->blocks = 6;
	sb->xattr_blkaddr = 3;
	put_root(img);
	put_chunked(img);
	put_plain(img);
	put_inline(img);
	memcpy(img + 4 * BLK, "0123456789", 10);
	for (unsigned int i = 0; i < BLK; i++)
		img[5 * BLK + i] = (uint8_t)(i * 7 + 1);
	sb->checksum = erofs_crc32c(~0u, img + EROFS_SUPER_OFFSET, BLK - EROFS_SUPER_OFFSET);
	return img;
}

static long read_file(struct erofs_sb_info *sbi, const char *name, struct erofs_inode *vi,
		      char *buf, size_t len)
{
	struct erofs_inode root;
	uint64_t nid;
	long r = erofs_iget(sbi, sbi->root_nid, &root);

	if (!r)
		r = erofs_lookup(sbi, &root, name, strlen(name), &nid, NULL);
	if (!r)
		r = erofs_iget(sbi, nid, vi);
	return r ? r : erofs_read_data(sbi, vi, 0, buf, len);
}

int erofs_synthetic_tests(unsigned int *checks, unsigned int *failures)
{
	struct mem_image img = { .data = build(), .size = 6 * BLK, .quiet = 0 };
	struct erofs_sb_info sbi;
	struct erofs_inode vi;
	char buf[3 * BLK], want[3 * BLK];
	unsigned int before = *failures;
	long r;

	n_checks = checks;
	n_failures = failures;
	r = mem_image_mount(&img, &sbi);
	check(r == 0, "mount", r);
	if (r)
		return 0;
	r = read_file(&sbi, "plain", &vi, buf, sizeof(buf));
	check(r == 10 && !memcmp(buf, "0123456789", 10), "straddling plain file content", r);
	check(vi.uid == 100000 && vi.gid == 200000 && vi.mtime == 1234567890 && vi.mtime_nsec == 42 &&
	      vi.mode == 0100600, "straddling inode fields", vi.uid);
	r = erofs_getxattr(&sbi, &vi, "user.k", buf, sizeof(buf));
	check(r == 1 && buf[0] == 'v', "inline xattr after the boundary", r);
	r = erofs_getxattr(&sbi, &vi, "user.shared", buf, sizeof(buf));
	check(r == 1 && buf[0] == 'S', "shared xattr", r);
	r = erofs_listxattr(&sbi, &vi, buf, sizeof(buf));
	check(r == 19 && !memcmp(buf, "user.k\0user.shared\0", 19), "listxattr", r);

	r = read_file(&sbi, "inl", &vi, buf, sizeof(buf));
	memcpy(want, img.data + 5 * BLK, BLK);
	memcpy(want + BLK, "tail data after edge", 20);
	check(r == BLK + 20 && !memcmp(buf, want, BLK + 20), "straddling inode's inline tail", r);

	r = read_file(&sbi, "chunk", &vi, buf, sizeof(buf));
	memcpy(want, img.data + 5 * BLK, BLK);
	memset(want + BLK, 0, BLK);
	memcpy(want + 2 * BLK, img.data + 4 * BLK, BLK);
	check(r == 3 * BLK && !memcmp(buf, want, 3 * BLK), "chunk map with a hole", r);
	free(img.data);
	printf("synthetic        %s: straddling inodes, inline tail after a boundary, chunk hole\n",
	       *failures == before ? "ok  " : "FAIL");
	return 0;
}
