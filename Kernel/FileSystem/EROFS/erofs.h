/*
 * erofs.h - the API of Atoll's EROFS parser: a pure, allocation-free core that
 * the kernel's VFS glue, the host tests and the fuzzer all use.
 *
 * The core knows nothing about the kernel: it reads the image through one
 * callback, keeps no global state, allocates nothing (the caller provides
 * every struct) and never blocks except inside that callback. After
 * erofs_mount() returns, a struct erofs_sb_info is immutable, and a struct
 * erofs_inode is immutable after erofs_iget(), so any number of threads may
 * call any function below on them concurrently without locks.
 *
 * Errors are negative Linux errno values:
 *   -EUCLEAN   the image is corrupt (a value on disk is impossible); the core
 *              logs one line naming the object (nid, offset) and the reason.
 *   -EIO       (or whatever the read callback returned) the device failed.
 *   -EOPNOTSUPP a valid feature Atoll does not read (compressed inodes,
 *              unsupported layouts); logged with the nid.
 *   -EINVAL    not an EROFS image, or an incompatible feature (logged).
 *   -ENOENT, -ENODATA, -ERANGE, -ENOTDIR, -ENAMETOOLONG: ordinary results.
 * Nothing on disk is trusted: every offset and length is checked against the
 * image size and block boundaries before it is read, and every loop is bounded
 * by the image size or the caller's request.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "erofs_errno.h"

/*
 * The block device, as seen by the core.
 *
 * read: copy len bytes at byte offset `offset` of the image into buf; return 0,
 *   or a negative errno (-EIO). The core checks every range against the
 *   image size given to erofs_mount() before calling, and never asks for a
 *   range that crosses a boundary of the filesystem block size (1 << blkszbits,
 *   4096 in practice); while the superblock is being read (before blkszbits is
 *   known) ranges stay within one 512-byte sector. So a glue over a buffer
 *   cache of blocks >= the filesystem block size needs exactly one cache block
 *   per call. The callback may be called concurrently from several threads.
 * log: optional (may be NULL); receives one complete line, without a trailing
 *   newline, starting with "erofs: ".
 */
struct erofs_ops {
	int (*read)(void *ctx, uint64_t offset, void *buf, size_t len);
	void (*log)(void *ctx, const char *msg);
};

/*
 * A mounted image. [I] = immutable after erofs_mount(). No locks needed.
 */
struct erofs_sb_info {
	const struct erofs_ops *ops;    /* [I] */
	void *ctx;                      /* [I] passed to ops */
	uint64_t dev_size;              /* [I] image size in bytes (the bound for every read) */
	uint8_t blkszbits;              /* [I] log2(block size), 9..12 */
	uint32_t blksz;                 /* [I] 1 << blkszbits */
	uint32_t feature_compat;        /* [I] */
	uint32_t feature_incompat;      /* [I] */
	uint64_t root_nid;              /* [I] */
	uint64_t inos;                  /* [I] inode count (statfs f_files) */
	uint32_t blocks;                /* [I] image size in blocks (statfs f_blocks) */
	uint32_t meta_blkaddr;          /* [I] */
	uint32_t xattr_blkaddr;         /* [I] */
	uint64_t build_time;            /* [I] mtime of compact inodes */
	uint32_t build_time_nsec;       /* [I] */
	uint8_t uuid[16];               /* [I] */
	char volume_name[17];           /* [I] NUL-terminated */
};

/*
 * One inode, as erofs_iget() decoded it. The stat fields are ready to copy
 * into a struct stat: st_ino = ino (the nid, as Linux reports it), st_rdev =
 * rdev (Linux's new_encode_dev() form, the same as x86_64 struct stat uses),
 * st_blocks = erofs_inode_blocks512(). [I] after erofs_iget().
 */
struct erofs_inode {
	uint64_t nid;
	uint64_t ino;                   /* == nid */
	uint32_t disk_ino;              /* i_ino on disk (32-bit stat compatibility) */
	uint16_t mode;                  /* type and permission bits (S_IF* values) */
	uint32_t uid, gid;
	uint32_t nlink;
	uint64_t size;
	int64_t mtime;                  /* seconds */
	uint32_t mtime_nsec;
	uint32_t rdev;                  /* device nodes only, else 0 */
	/* Layout, used by the rest of the core. */
	uint8_t datalayout;             /* EROFS_INODE_* */
	uint8_t inode_isize;            /* 32 or 64 */
	uint32_t xattr_isize;           /* bytes of inline xattr area (0 if none) */
	uint32_t raw_blkaddr;           /* FLAT_PLAIN / FLAT_INLINE */
	uint16_t chunkformat;           /* CHUNK_BASED */
	uint8_t chunkbits;              /* CHUNK_BASED: log2(chunk size) */
};

/* Linux dev_t encoding helpers (new_encode_dev / MAJOR / MINOR). */
static inline uint32_t erofs_rdev_major(uint32_t rdev) { return (rdev & 0xfff00u) >> 8; }
static inline uint32_t erofs_rdev_minor(uint32_t rdev) { return (rdev & 0xffu) | ((rdev >> 12) & 0xfff00u); }

/* ---- super.c ---- */

/*
 * erofs_mount - read and check the superblock of the image behind ops/ctx,
 * which is dev_size bytes long, and fill *sbi. Checks: magic, block size,
 * the CRC32C when SB_CHKSUM is set, incompatible features (known compression
 * bits are accepted; their inodes fail later with -EOPNOTSUPP), that the
 * image is not shorter than the superblock says, and that the root is a
 * directory. Returns 0 or a negative errno (logged).
 */
__attribute__((warn_unused_result))
int erofs_mount(struct erofs_sb_info *sbi, const struct erofs_ops *ops, void *ctx, uint64_t dev_size);

/* ---- inode.c ---- */

/* erofs_iget - decode the inode at nid into *vi. Returns 0 or -errno. */
__attribute__((warn_unused_result))
int erofs_iget(const struct erofs_sb_info *sbi, uint64_t nid, struct erofs_inode *vi);

/*
 * erofs_inode_open - the check the VFS makes at open(): 0 if the data of vi can
 * be read, -EOPNOTSUPP (logged with the nid) for compressed inodes.
 */
__attribute__((warn_unused_result))
int erofs_inode_open(const struct erofs_sb_info *sbi, const struct erofs_inode *vi);

/* st_blocks (512-byte units) of an inode: its size rounded up to blocks. */
uint64_t erofs_inode_blocks512(const struct erofs_sb_info *sbi, const struct erofs_inode *vi);

static inline bool erofs_inode_is_dir(const struct erofs_inode *vi) { return (vi->mode & 0170000u) == 0040000u; }
static inline bool erofs_inode_is_reg(const struct erofs_inode *vi) { return (vi->mode & 0170000u) == 0100000u; }
static inline bool erofs_inode_is_lnk(const struct erofs_inode *vi) { return (vi->mode & 0170000u) == 0120000u; }

/* ---- data.c ---- */

#define EROFS_MAP_MAPPED 0x1u   /* m_pa is valid; clear: a hole, reads as zeros */
#define EROFS_MAP_META   0x2u   /* the extent is inline tail data in the metadata area */

/*
 * One extent of file data: logical bytes [m_la, m_la + m_llen) are at device
 * bytes [m_pa, m_pa + m_llen) (when MAPPED). m_llen == 0 means pos >= size.
 */
struct erofs_map {
	uint64_t m_la;
	uint64_t m_pa;
	uint64_t m_llen;
	uint32_t m_flags;
};

/*
 * erofs_map_blocks - the extent that holds byte pos of vi (m_la == pos). The
 * returned physical range is already checked to lie inside the image; it may
 * span many blocks (the glue can read it with one device request per block).
 */
__attribute__((warn_unused_result))
int erofs_map_blocks(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, struct erofs_map *map);

/*
 * erofs_read_data - read up to len bytes of vi's data at pos into buf, like
 * pread(2): returns the number of bytes read (short only at end of file, 0 at
 * or past it) or a negative errno. One call reads at most 1 GiB.
 */
__attribute__((warn_unused_result))
long erofs_read_data(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, void *buf, size_t len);

/*
 * erofs_readlink - the target of symlink vi, NUL-terminated, into buf (which
 * must hold size + 1 bytes, else -ENAMETOOLONG). Returns the target length.
 */
__attribute__((warn_unused_result))
long erofs_readlink(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		    char *buf, size_t bufsz);

/* ---- dir.c / namei.c ---- */

/*
 * Directory position cookies: pos = block index * block size + entry index *
 * 12. 0 is the start; a cookie handed to the actor as next_pos resumes after
 * that entry. Cookies are stable for the life of the image.
 *
 * The actor gets each entry in on-disk (sorted) order, "." and ".." included
 * wherever they sort; name is NUL-terminated (namelen excludes the NUL),
 * ftype is EROFS_FT_* (0 for unknown values). It returns 0 to continue, > 0
 * to stop (the entry was NOT consumed: *pos stays on it), < 0 to stop and
 * return that error.
 */
typedef int (*erofs_filldir_t)(void *arg, const char *name, size_t namelen,
			       uint64_t nid, unsigned int ftype, uint64_t next_pos);

/*
 * erofs_readdir - walk directory dir from *pos, calling actor per entry, and
 * leave *pos at the first entry not consumed. Returns 0 (end reached or actor
 * stopped), or a negative errno.
 */
__attribute__((warn_unused_result))
int erofs_readdir(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		  uint64_t *pos, erofs_filldir_t actor, void *arg);

/*
 * erofs_lookup - find name (namelen bytes, no NUL needed) in directory dir by
 * binary search over blocks, then over the entries of one block. On success
 * returns 0 with *nid and *ftype (ftype may be NULL) set; -ENOENT if absent.
 */
__attribute__((warn_unused_result))
int erofs_lookup(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
		 const char *name, size_t namelen, uint64_t *nid, unsigned int *ftype);

/* ---- xattr.c ---- */

/*
 * erofs_getxattr - value of the xattr called name (full name, NUL-terminated:
 * "user.x", "trusted.x", "security.x", "system.posix_acl_access", ...).
 * With size == 0 returns the value size only; otherwise copies it into buf
 * and returns its size, or -ERANGE if it does not fit. -ENODATA if absent,
 * -EOPNOTSUPP for a prefix EROFS cannot store.
 */
__attribute__((warn_unused_result))
long erofs_getxattr(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		    const char *name, void *buf, size_t size);

/*
 * erofs_listxattr - all xattr names of vi, each NUL-terminated, back to back
 * (listxattr(2) format). size == 0 returns the length needed; -ERANGE if buf
 * is too small. Entries with prefixes unknown to Atoll are skipped.
 */
__attribute__((warn_unused_result))
long erofs_listxattr(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     char *buf, size_t size);
