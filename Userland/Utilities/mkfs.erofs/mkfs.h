/*
 * mkfs.erofs: the in-memory filesystem tree and the phases that turn it into an image.
 *
 *   tree_dir.c / tree_tar.c   read a host directory or a tar archive into the tree
 *   tree.c                    the tree itself: inodes, dentries, path map, sorting
 *   layout.c                  inode order, nids, data layouts, directory blocks
 *   image.c                   writes metadata, data and the superblock
 *   xattr.c                   xattr name prefixes and the inline xattr body
 *   util.c                    errors, allocation, the hash map
 *
 * Lifetime: everything is allocated once and lives until exit (a short-lived tool).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "erofs_fs.h"

#define MKFS_BLKSZBITS 12u
#define MKFS_BLKSZ (1u << MKFS_BLKSZBITS)

/* ---- options ---- */

struct mkfs_options {
	const char *image;
	const char *source;     /* directory, or tar archive with --tar ("-" = stdin) */
	int from_tar;
	int quiet;
	int all_root;
	int64_t force_uid, force_gid;   /* -1: keep */
	int fixed_time;                 /* -T given */
	uint64_t epoch;                 /* -T value */
	int uuid_given;
	uint8_t uuid[16];
	char label[17];
	int xattrs;                     /* 0 with -x -1 */
	unsigned chunkbits;             /* 0: no --chunksize */
	int chunk_indexes;              /* -E force-chunk-indexes */
	int noinline_data;              /* -E noinline_data */
	int nosbcrc;                    /* -E nosbcrc */
	int force_extended;             /* -E force-inode-extended */
};

extern struct mkfs_options mkfs_opt;

/* ---- the tree ---- */

struct mkfs_xattr {
	uint8_t index;          /* EROFS_XATTR_INDEX_* */
	char *name;             /* the part after the prefix */
	uint8_t *value;
	size_t value_len;
};

struct mkfs_dentry {
	char *name;
	struct mkfs_inode *inode;
};

/* Where a regular file's bytes come from: a host path, or an offset in the tar. */
struct mkfs_source {
	char *path;             /* NULL: from the tar archive at `offset` */
	uint64_t offset;
};

struct mkfs_inode {
	/* From the source. */
	uint32_t mode;          /* S_IFMT | permission bits */
	uint32_t uid, gid;
	uint64_t mtime;
	uint32_t mtime_nsec;
	uint64_t size;          /* regular: bytes; symlink: target length; dir: set by layout */
	uint32_t rdev;          /* device nodes: Linux new_encode_dev() */
	char *symlink;          /* symlink target */
	struct mkfs_source src;
	struct mkfs_xattr *xattrs;
	size_t nxattrs;
	/* Directories. */
	struct mkfs_dentry *children; /* without . and ..; sorted by layout */
	size_t nchildren, cap_children;
	struct mkfs_inode *parent;
	int finished;           /* mkfs_tree_finish visited it */
	/* Layout (layout.c). */
	uint32_t nlink;
	int placed;
	uint64_t nid;
	uint32_t ino;
	int extended;
	unsigned datalayout;    /* EROFS_INODE_* */
	uint16_t xattr_icount;
	size_t xattr_size;      /* inline xattr body */
	size_t tail_size;       /* FLAT_INLINE: bytes stored after the inode */
	size_t map_size;        /* CHUNK_BASED: bytes of the chunk map (incl. alignment) */
	uint64_t meta_off;      /* byte offset of the inode in the image */
	uint32_t blkaddr;       /* first data block (FLAT_*) */
	uint64_t data_blocks;   /* full blocks written in the data area (FLAT_*) */
	/* Directories: blocks of dirents, built once nids are known. */
	struct mkfs_dentry *dirents; /* children + . + .., sorted */
	size_t ndirents;
	size_t *block_start;    /* index of the first dirent of each block */
	size_t nblocks;
};

/* The tree: root, every inode in placement order, and the build time. */
struct mkfs_tree {
	struct mkfs_inode *root;
	struct mkfs_inode **inodes;     /* layout order; inodes[0] == root */
	size_t ninodes, cap_inodes;
	uint64_t build_time;
	uint32_t build_time_nsec;
	uint64_t meta_end;              /* bytes of metadata, from image offset 0 */
	int chunked;                    /* any CHUNK_BASED inode */
};

/* tree.c */
struct mkfs_inode *mkfs_inode_new(uint32_t mode);
/* Adds name -> child under dir (dir's nlink/parent bookkeeping is layout's job). */
void mkfs_dir_add(struct mkfs_inode *dir, const char *name, struct mkfs_inode *child);
/* Sorts every directory's children byte-wise and applies --all-root/--force-*, -T. */
void mkfs_tree_finish(struct mkfs_tree *t);

/* tree_dir.c: reads SOURCE (a directory) into t. Exits on error. */
void mkfs_tree_from_dir(struct mkfs_tree *t, const char *dir, dev_t image_dev, ino_t image_ino);
/* tree_tar.c: reads the tar archive into t; returns the fd the data is read from. */
int mkfs_tree_from_tar(struct mkfs_tree *t, const char *tarfile);

/* xattr.c */
/* Splits a full xattr name into index + suffix; 0 when the prefix is not stored. */
int mkfs_xattr_split(const char *full, uint8_t *index, const char **suffix);
/* Adds an xattr to the inode (kept sorted by index, then name). */
void mkfs_xattr_add(struct mkfs_inode *in, const char *full, const void *value, size_t len);
/* Size of the inline xattr body (0 without xattrs). */
size_t mkfs_xattr_body_size(const struct mkfs_inode *in);
/* Writes the body (header + entries) into dst, which has mkfs_xattr_body_size bytes. */
void mkfs_xattr_body_write(const struct mkfs_inode *in, uint8_t *dst);

/* layout.c: orders inodes, assigns nids and layouts. */
void mkfs_layout(struct mkfs_tree *t);
/* Fills dst (MKFS_BLKSZ bytes) with directory block `block` of dir (nids assigned). */
void mkfs_dir_block_write(const struct mkfs_inode *dir, size_t block, uint8_t *dst);

/* image.c: writes the image to image_fd; tar_fd is the tar archive (or -1). Returns
 * the image size in blocks. */
uint32_t mkfs_write_image(struct mkfs_tree *t, int image_fd, int tar_fd);

/* util.c */
_Noreturn void mkfs_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void mkfs_die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mkfs_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *mkfs_alloc(size_t n);  /* zeroed; dies on failure */
void *mkfs_realloc(void *p, size_t n);
char *mkfs_strdup(const char *s);
/* Registers the image path to remove if mkfs dies after creating it. */
void mkfs_set_cleanup(const char *path);
void mkfs_clear_cleanup(void);

/* A string -> pointer hash map (paths in tar mode, "dev:ino" for hard links). */
struct mkfs_map {
	struct mkfs_map_slot { char *key; void *value; } *slots;
	size_t cap, count;
};
void *mkfs_map_get(const struct mkfs_map *m, const char *key);
void mkfs_map_put(struct mkfs_map *m, const char *key, void *value);

/* Linux new_encode_dev(): how EROFS stores rdev. */
static inline uint32_t mkfs_encode_dev(uint32_t major, uint32_t minor)
{
	return (minor & 0xffu) | (major << 8) | ((minor & ~0xffu) << 12);
}
