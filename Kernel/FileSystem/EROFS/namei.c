/*
 * namei.c - name lookup in one directory.
 *
 * Names are sorted (memcmp order, shorter first on a common prefix) across
 * all blocks of a directory, "." and ".." included. Lookup binary-searches the
 * blocks by their first name to find the last block whose first name is <=
 * the target, then binary-searches that block's entries. Both searches are
 * bounded by log2 of their range; a corrupt (unsorted) directory can only
 * make a name not found, never loop. Costs O(log blocks + log entries) reads.
 */
#include "internal.h"

static int namecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = erofs_memcmp(a, b, EROFS_MIN(alen, blen));

	if (r)
		return r;
	return alen < blen ? -1 : alen > blen;
}

static int found(const struct erofs_dentry *de, uint64_t *nid, unsigned int *ftype)
{
	*nid = de->nid;
	if (ftype)
		*ftype = de->ftype;
	return 0;
}

/* Search entries [1, ndirents) of one block (entry 0 was already compared). */
static int search_block(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
			uint64_t blk, const char *name, size_t namelen,
			uint64_t *nid, unsigned int *ftype)
{
	struct erofs_dirblk db;
	uint32_t lo = 1, hi;

	EROFS_TRY(erofs_dirblk_load(sbi, dir, blk, &db));
	hi = db.ndirents;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		struct erofs_dentry de;
		int cmp;

		EROFS_TRY(erofs_dirblk_entry(sbi, dir, &db, mid, &de));
		cmp = namecmp(name, namelen, de.name, de.namelen);
		if (cmp == 0)
			return found(&de, nid, ftype);
		if (cmp > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

int erofs_lookup(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		 const char *name, size_t namelen, uint64_t *nid, unsigned int *ftype)
{
	uint64_t lo = 0, hi = erofs_nblocks(sbi, dir->size), candidate = 0;
	bool have_candidate = false;

	EROFS_TRY(erofs_dir_check(sbi, dir));
	if (namelen == 0)
		return -ENOENT;
	if (namelen > EROFS_NAME_LEN)
		return -ENAMETOOLONG;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct erofs_dirblk db;
		struct erofs_dentry de;
		int cmp;

		EROFS_TRY(erofs_dirblk_load(sbi, dir, mid, &db));
		EROFS_TRY(erofs_dirblk_entry(sbi, dir, &db, 0, &de));
		cmp = namecmp(name, namelen, de.name, de.namelen);
		if (cmp == 0)
			return found(&de, nid, ftype);
		if (cmp > 0) {
			candidate = mid;
			have_candidate = true;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (!have_candidate)
		return -ENOENT;
	return search_block(sbi, dir, candidate, name, namelen, nid, ftype);
}
