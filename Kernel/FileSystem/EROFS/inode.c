/*
 * inode.c - decoding an on-disk inode (compact or extended) into a struct
 * erofs_inode.
 *
 * An inode lives at meta_blkaddr * blksz + nid * 32. A compact inode is 32
 * bytes; an extended one is 64 and may straddle a block boundary (the device
 * read gate splits the read, so that case needs no special code). Everything
 * the rest of the core will trust is checked here once: the nid is inside the
 * image, the format and layout bits are known, the mode is a real file type,
 * the inline xattr area lies inside the image, the chunk format is valid.
 * Compressed inodes decode (stat works) but erofs_inode_open() refuses them.
 */
#include "internal.h"

static int check_nid(const struct erofs_sb_info *sbi, uint64_t nid)
{
	uint64_t meta = erofs_blkpos(sbi, sbi->meta_blkaddr);

	if (nid >= (sbi->dev_size >> EROFS_ISLOTBITS) ||
	    !erofs_range_ok(sbi, meta, nid << EROFS_ISLOTBITS) ||
	    !erofs_range_ok(sbi, meta + (nid << EROFS_ISLOTBITS), sizeof(struct erofs_inode_compact))) {
		erofs_log(sbi, "nid %llu is outside the image", (unsigned long long)nid);
		return -EFSCORRUPTED;
	}
	return 0;
}

static void decode_compact(const struct erofs_sb_info *sbi, const struct erofs_inode_compact *dic,
			   struct erofs_inode *vi)
{
	vi->inode_isize = sizeof(*dic);
	vi->mode = dic->i_mode;
	vi->nlink = dic->i_nlink;
	vi->size = dic->i_size;
	vi->uid = dic->i_uid;
	vi->gid = dic->i_gid;
	vi->disk_ino = dic->i_ino;
	vi->mtime = (int64_t)sbi->build_time;
	vi->mtime_nsec = sbi->build_time_nsec;
}

static void decode_extended(const struct erofs_inode_extended *die, struct erofs_inode *vi)
{
	vi->inode_isize = sizeof(*die);
	vi->mode = die->i_mode;
	vi->nlink = die->i_nlink;
	vi->size = die->i_size;
	vi->uid = die->i_uid;
	vi->gid = die->i_gid;
	vi->disk_ino = die->i_ino;
	vi->mtime = (int64_t)die->i_mtime;
	vi->mtime_nsec = die->i_mtime_nsec;
}

/* Interpret i_u by file type and layout. */
static int decode_i_u(const struct erofs_sb_info *sbi, union erofs_inode_i_u iu, struct erofs_inode *vi)
{
	switch (vi->mode & EROFS_S_IFMT) {
	case EROFS_S_IFREG:
	case EROFS_S_IFDIR:
	case EROFS_S_IFLNK:
		vi->raw_blkaddr = iu.raw_blkaddr;
		break;
	case EROFS_S_IFCHR:
	case EROFS_S_IFBLK:
		vi->rdev = iu.rdev;
		return 0;
	case EROFS_S_IFIFO:
	case EROFS_S_IFSOCK:
		return 0;
	default:
		erofs_log(sbi, "nid %llu: bogus i_mode 0%o", (unsigned long long)vi->nid, vi->mode);
		return -EFSCORRUPTED;
	}
	if (vi->datalayout != EROFS_INODE_CHUNK_BASED)
		return 0;
	vi->chunkformat = iu.c.format;
	if (vi->chunkformat & ~EROFS_CHUNK_FORMAT_ALL) {
		erofs_log(sbi, "nid %llu: unsupported chunk format 0x%x",
			  (unsigned long long)vi->nid, vi->chunkformat);
		return -EOPNOTSUPP;
	}
	vi->chunkbits = (uint8_t)(sbi->blkszbits + (vi->chunkformat & EROFS_CHUNK_FORMAT_BLKBITS_MASK));
	return 0;
}

int erofs_iget(const struct erofs_sb_info *sbi, uint64_t nid, struct erofs_inode *vi)
{
	union {
		struct erofs_inode_compact c;
		struct erofs_inode_extended e;
	} raw;
	uint64_t pos;
	uint16_t ifmt;

	EROFS_TRY(check_nid(sbi, nid));
	erofs_memset(vi, 0, sizeof(*vi));
	vi->nid = vi->ino = nid;
	pos = erofs_iloc(sbi, nid);
	EROFS_TRY(erofs_dev_read(sbi, pos, &raw.c, sizeof(raw.c), "inode", nid));
	ifmt = raw.c.i_format;
	if (ifmt & ~EROFS_I_ALL) {
		erofs_log(sbi, "nid %llu: unsupported i_format 0x%x", (unsigned long long)nid, ifmt);
		return -EOPNOTSUPP;
	}
	vi->datalayout = (uint8_t)erofs_inode_datalayout(ifmt);
	if (vi->datalayout >= EROFS_INODE_DATALAYOUT_MAX) {
		erofs_log(sbi, "nid %llu: unsupported data layout %u", (unsigned long long)nid, vi->datalayout);
		return -EOPNOTSUPP;
	}
	if (erofs_inode_version(ifmt) == EROFS_INODE_LAYOUT_EXTENDED) {
		EROFS_TRY(erofs_dev_read(sbi, pos + sizeof(raw.c), (uint8_t *)&raw + sizeof(raw.c),
					 sizeof(raw.e) - sizeof(raw.c), "extended inode", nid));
		decode_extended(&raw.e, vi);
	} else {
		decode_compact(sbi, &raw.c, vi);
	}
	vi->xattr_isize = (uint32_t)erofs_xattr_ibody_size(raw.c.i_xattr_icount);
	if (!erofs_range_ok(sbi, pos, (uint64_t)vi->inode_isize + vi->xattr_isize)) {
		erofs_log(sbi, "nid %llu: inode and its %u bytes of xattrs run past the end of the image",
			  (unsigned long long)nid, vi->xattr_isize);
		return -EFSCORRUPTED;
	}
	return decode_i_u(sbi, raw.c.i_u, vi);
}

static bool is_compressed(const struct erofs_inode *vi)
{
	return vi->datalayout == EROFS_INODE_COMPRESSED_FULL ||
	       vi->datalayout == EROFS_INODE_COMPRESSED_COMPACT;
}

int erofs_inode_open(const struct erofs_sb_info *sbi, const struct erofs_inode *vi)
{
	if (is_compressed(vi)) {
		erofs_log(sbi, "nid %llu: compressed data (layout %u) is not supported",
			  (unsigned long long)vi->nid, vi->datalayout);
		return -EOPNOTSUPP;
	}
	return 0;
}

uint64_t erofs_inode_blocks512(const struct erofs_sb_info *sbi, const struct erofs_inode *vi)
{
	return erofs_nblocks(sbi, vi->size) << (sbi->blkszbits - 9u);
}
