/*
 * manifest.h - the host-made description of an EROFS fixture tree
 * (make-manifest.py) that the `erofs` guest program checks a mounted image
 * against: one struct per inode path.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MF_UNCHECKED (-1LL)

struct mf_xattr {
	char *name;
	unsigned char *value;
	size_t len;
};

struct mf_entry {
	char *path;		/* relative to the image root; "." is the root */
	char type;		/* f d l c b p s */
	unsigned mode;		/* st_mode */
	unsigned uid, gid;
	long long size;		/* MF_UNCHECKED for directories */
	unsigned long nlink;
	long long mtime_sec, mtime_nsec;	/* MF_UNCHECKED when the variant does not keep them */
	unsigned major, minor;
	unsigned long long host_ino;	/* equal for hard links */
	int has_hash;
	uint64_t hash;		/* FNV-1a 64 of the content (regular files) */
	char *target;		/* symlinks, else NULL */
	int nxattrs;
	struct mf_xattr *xattrs;
};

struct manifest {
	struct mf_entry *entries;
	size_t count;
};

/* Reads the manifest at path; fails the current case (gt_fail) on any error. */
void manifest_load(const char *path, struct manifest *m);
/* FNV-1a 64 over a buffer, continuing from h (start with MF_FNV_SEED). */
#define MF_FNV_SEED 0xcbf29ce484222325ULL
uint64_t mf_fnv1a(uint64_t h, const void *buf, size_t len);
/* "root/path" into buf (PATH_MAX). */
void mf_full_path(const char *root, const char *rel, char *buf, size_t size);
