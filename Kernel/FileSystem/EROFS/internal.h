/*
 * internal.h - helpers shared by the files of the EROFS core; not part of the
 * API (erofs.h). The core is freestanding: memory helpers are compiler
 * builtins (the kernel and libc provide the out-of-line versions).
 */
#pragma once

#include "erofs.h"
#include "erofs_fs.h"

#define erofs_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define erofs_memset(d, c, n) __builtin_memset((d), (c), (n))
#define erofs_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

/* Linux's name for "the filesystem is corrupt". */
#define EFSCORRUPTED EUCLEAN

/* EROFS_TRY(expr): return the error if expr is negative (no cleanup needed). */
#define EROFS_TRY(expr)                  \
	do {                             \
		__typeof__(expr) erofs_try_ = (expr); \
		if (erofs_try_ < 0)          \
			return erofs_try_;   \
	} while (0)

#define EROFS_MIN(a, b) ((a) < (b) ? (a) : (b))

/* Longest symlink target (PATH_MAX - 1), as Linux enforces for inline ones. */
#define EROFS_SYMLINK_MAX 4095u

/* log.c: format one line (%s %c %d %u %x %o with l/ll/z) and hand it to ops->log. */
void erofs_log(const struct erofs_sb_info *sbi, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * super.c: read len bytes at device offset off, after checking the range lies
 * inside the image (-EUCLEAN and a log line naming `what` otherwise). Splits
 * the request at block boundaries for the callback.
 */
__attribute__((warn_unused_result))
int erofs_dev_read(const struct erofs_sb_info *sbi, uint64_t off, void *buf, size_t len,
		   const char *what, uint64_t nid);

/* True if [off, off + len) lies inside the image (overflow-safe). */
static inline bool erofs_range_ok(const struct erofs_sb_info *sbi, uint64_t off, uint64_t len)
{
	return off <= sbi->dev_size && len <= sbi->dev_size - off;
}

static inline uint64_t erofs_blkpos(const struct erofs_sb_info *sbi, uint32_t blkaddr)
{
	return (uint64_t)blkaddr << sbi->blkszbits;
}

/* Number of blocks that hold size bytes (overflow-safe DIV_ROUND_UP). */
static inline uint64_t erofs_nblocks(const struct erofs_sb_info *sbi, uint64_t size)
{
	return (size >> sbi->blkszbits) + ((size & (sbi->blksz - 1u)) != 0);
}

/* inode.c: byte position of the inode with this nid (nid already validated by iget). */
static inline uint64_t erofs_iloc(const struct erofs_sb_info *sbi, uint64_t nid)
{
	return erofs_blkpos(sbi, sbi->meta_blkaddr) + (nid << EROFS_ISLOTBITS);
}

/* Byte position of the first thing after the inode and its inline xattrs. */
static inline uint64_t erofs_inode_end(const struct erofs_sb_info *sbi, const struct erofs_inode *vi)
{
	return erofs_iloc(sbi, vi->nid) + vi->inode_isize + vi->xattr_isize;
}

/* data.c: like erofs_read_data() but a short read (or EOF) is -EUCLEAN. */
__attribute__((warn_unused_result))
int erofs_read_exact(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, void *buf, size_t len, const char *what);

/*
 * dir.c: one directory block, checked. Blocks of a directory hold an array of
 * struct erofs_dirent then the names; the last block may be short.
 */
struct erofs_dirblk {
	uint64_t blk;           /* block index within the directory */
	uint64_t pa;            /* device byte offset of the block */
	uint32_t len;           /* bytes in this block */
	uint32_t ndirents;
	uint16_t nameoff0;      /* where the names start */
};

struct erofs_dentry {
	uint64_t nid;
	unsigned int ftype;     /* EROFS_FT_*, unknown values folded to 0 */
	size_t namelen;
	char name[EROFS_NAME_LEN + 1];  /* NUL-terminated */
};

/* Load and check block blk of directory dir (-EUCLEAN if corrupt). */
__attribute__((warn_unused_result))
int erofs_dirblk_load(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		      uint64_t blk, struct erofs_dirblk *db);

/* Decode entry i (< db->ndirents) of a loaded block (-EUCLEAN if corrupt). */
__attribute__((warn_unused_result))
int erofs_dirblk_entry(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		       const struct erofs_dirblk *db, uint32_t i, struct erofs_dentry *de);

/* The directory checks shared by readdir and lookup: a directory we can read. */
__attribute__((warn_unused_result))
int erofs_dir_check(const struct erofs_sb_info *sbi, const struct erofs_inode *dir);
