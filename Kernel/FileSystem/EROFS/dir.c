/*
 * dir.c - directory blocks and readdir.
 *
 * A directory's data is a run of blocks (through the ordinary data map, so
 * any uncompressed layout works, the tail block inline or not). Each block
 * starts with struct erofs_dirent[n], n = de[0].nameoff / 12, followed by the
 * names; name i ends where name i + 1 starts, the last at the end of the
 * block or at its first NUL. Every entry is checked against the block before
 * its name is read: nameoffs must lie after the dirent array and inside the
 * block, in increasing order, names must be 1..255 bytes. A directory block
 * never is a hole.
 *
 * Readdir positions are byte offsets of dirents: block * blksz + i * 12.
 * Loops are bounded by the number of blocks (each must map inside the image)
 * and the entries per block (at most blksz / 12).
 */
#include "internal.h"

int erofs_dir_check(const struct erofs_sb_info *sbi, const struct erofs_inode *dir)
{
	if (!erofs_inode_is_dir(dir))
		return -ENOTDIR;
	return erofs_inode_open(sbi, dir);
}

static int bogus_block(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		       uint64_t blk, const char *why, unsigned int value)
{
	erofs_log(sbi, "nid %llu: directory block %llu: %s (%u)",
		  (unsigned long long)dir->nid, (unsigned long long)blk, why, value);
	return -EFSCORRUPTED;
}

int erofs_dirblk_load(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		      uint64_t blk, struct erofs_dirblk *db)
{
	uint64_t pos = blk << sbi->blkszbits;
	struct erofs_map map;
	struct erofs_dirent de0;

	if (pos >= dir->size || (pos >> sbi->blkszbits) != blk)
		return bogus_block(sbi, dir, blk, "block beyond the directory size", 0);
	EROFS_TRY(erofs_map_blocks(sbi, dir, pos, &map));
	db->blk = blk;
	db->len = (uint32_t)EROFS_MIN((uint64_t)sbi->blksz, dir->size - pos);
	if (!(map.m_flags & EROFS_MAP_MAPPED) || map.m_llen < db->len)
		return bogus_block(sbi, dir, blk, "hole or short extent", (unsigned int)map.m_llen);
	db->pa = map.m_pa;
	if (db->len < sizeof(de0))
		return bogus_block(sbi, dir, blk, "block shorter than one dirent", db->len);
	EROFS_TRY(erofs_dev_read(sbi, db->pa, &de0, sizeof(de0), "dirent", dir->nid));
	if (de0.nameoff < sizeof(de0) || de0.nameoff >= db->len)
		return bogus_block(sbi, dir, blk, "invalid de[0].nameoff", de0.nameoff);
	db->nameoff0 = de0.nameoff;
	db->ndirents = de0.nameoff / sizeof(de0);
	return 0;
}

/* Where name i ends: at the next entry's nameoff, or the block's end. */
static int name_end(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		    const struct erofs_dirblk *db, uint32_t i, uint32_t *end)
{
	struct erofs_dirent next;

	if (i + 1 >= db->ndirents) {
		*end = db->len;
		return 0;
	}
	EROFS_TRY(erofs_dev_read(sbi, db->pa + (uint64_t)(i + 1) * sizeof(next), &next,
				 sizeof(next), "dirent", dir->nid));
	*end = next.nameoff;
	return 0;
}

int erofs_dirblk_entry(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		       const struct erofs_dirblk *db, uint32_t i, struct erofs_dentry *de)
{
	struct erofs_dirent d;
	uint32_t start, end;
	size_t n;

	EROFS_TRY(erofs_dev_read(sbi, db->pa + (uint64_t)i * sizeof(d), &d, sizeof(d), "dirent", dir->nid));
	EROFS_TRY(name_end(sbi, dir, db, i, &end));
	start = d.nameoff;
	if (start < db->nameoff0 || start >= db->len || end <= start || end > db->len)
		return bogus_block(sbi, dir, db->blk, "invalid nameoff of entry", i);
	n = EROFS_MIN(end - start, EROFS_NAME_LEN + 1u);
	EROFS_TRY(erofs_dev_read(sbi, db->pa + start, de->name, n, "dirent name", dir->nid));
	if (i + 1 >= db->ndirents) {
		size_t len = 0;

		while (len < n && de->name[len])
			len++;
		n = len;
	}
	if (n == 0 || n > EROFS_NAME_LEN)
		return bogus_block(sbi, dir, db->blk, "bad name length of entry", i);
	de->name[n] = '\0';
	de->namelen = n;
	de->nid = d.nid;
	de->ftype = d.file_type < EROFS_FT_MAX ? d.file_type : EROFS_FT_UNKNOWN;
	return 0;
}

/* Emit entries [first, ndirents) of one block; *pos follows the actor. */
static int readdir_block(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
			 const struct erofs_dirblk *db, uint32_t first, uint64_t *pos,
			 erofs_filldir_t actor, void *arg)
{
	uint64_t base = db->blk << sbi->blkszbits;

	for (uint32_t i = first; i < db->ndirents; i++) {
		struct erofs_dentry de;
		uint64_t next;
		int r;

		EROFS_TRY(erofs_dirblk_entry(sbi, dir, db, i, &de));
		next = i + 1 < db->ndirents ? base + (uint64_t)(i + 1) * sizeof(struct erofs_dirent)
					    : base + sbi->blksz;
		r = actor(arg, de.name, de.namelen, de.nid, de.ftype, next);
		if (r)
			return r;
		*pos = next;
	}
	return 0;
}

int erofs_readdir(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		  uint64_t *pos, erofs_filldir_t actor, void *arg)
{
	uint64_t nblocks = erofs_nblocks(sbi, dir->size);

	EROFS_TRY(erofs_dir_check(sbi, dir));
	for (uint64_t blk = *pos >> sbi->blkszbits; blk < nblocks; blk++) {
		struct erofs_dirblk db;
		uint32_t first = 0;
		int r;

		if (blk == *pos >> sbi->blkszbits)
			first = (uint32_t)((*pos & (sbi->blksz - 1u)) / sizeof(struct erofs_dirent));
		EROFS_TRY(erofs_dirblk_load(sbi, dir, blk, &db));
		r = readdir_block(sbi, dir, &db, first, pos, actor, arg);
		if (r)
			return r < 0 ? r : 0;
		*pos = (blk + 1) << sbi->blkszbits;
	}
	return 0;
}
