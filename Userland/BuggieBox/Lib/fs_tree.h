/*
 * A recursive file-tree walker and path helpers shared by the applets that descend
 * directories (cp -r, rm -r, chmod -R, chown -R, find, du, tar).
 */
#pragma once

#include <stddef.h>
#include <sys/stat.h>

/* What the walker is reporting about an entry. */
enum fs_kind {
	FS_FILE,      /* anything that is not a directory being descended */
	FS_DIR_PRE,   /* a directory, before its children */
	FS_DIR_POST,  /* a directory, after its children */
	FS_DIR_ERR,   /* a directory that could not be read; err holds errno */
	FS_STAT_ERR,  /* an entry that could not be stat'ed; err holds errno, st is zeroed */
};

struct fs_entry {
	const char *path;       /* the path as walked: ROOT, ROOT/child, ... */
	const char *name;       /* the last component of path */
	const struct stat *st;  /* lstat (or stat when following links) */
	int depth;              /* 0 for the root */
	enum fs_kind kind;
	int err;                /* errno for FS_DIR_ERR / FS_STAT_ERR, else 0 */
};

/* Walk flags. */
#define FS_FOLLOW_ALL  1  /* stat() every entry: follow symbolic links (-L) */
#define FS_FOLLOW_ROOT 2  /* stat() the root only (-H, or a command-line argument) */
#define FS_NO_POST     4  /* do not report FS_DIR_POST */

/* Callback answers. */
#define FS_CONTINUE 0
#define FS_PRUNE    1  /* from FS_DIR_PRE: do not descend into this directory */
#define FS_STOP     2  /* end the walk now */

typedef int (*fs_visit_fn)(const struct fs_entry *e, void *ctx);

/*
 * Walks the tree at ROOT in directory order (readdir order, like GNU find and du),
 * calling VISIT for every entry. A directory's names are read in full and the
 * directory closed before its children are visited, so the walk holds no file
 * descriptors across levels and VISIT may remove or rename entries. With
 * FS_FOLLOW_ALL, a directory already on the current path is reported as FS_DIR_ERR
 * with ELOOP instead of being descended again.
 * Returns FS_STOP if VISIT stopped the walk, else FS_CONTINUE.
 */
int fs_walk(const char *root, int flags, fs_visit_fn visit, void *ctx);

/* Prints the walker's error for E (FS_STAT_ERR or FS_DIR_ERR) in coreutils' words:
 * "name: cannot access 'X': REASON" or "name: cannot read directory 'X': REASON". */
void fs_warn_entry(const struct fs_entry *e);

/* "DIR/NAME" in a new allocation (no doubled slash). Exits on out of memory. */
char *fs_path_join(const char *dir, const char *name);

/* malloc/realloc/strdup that print "name: out of memory" and exit 1 on failure. */
void *fs_xmalloc(size_t n);
void *fs_xrealloc(void *p, size_t n);
char *fs_xstrdup(const char *s);

/* The last component of PATH, ignoring trailing slashes, as basename(1) prints it,
 * in a new allocation; "/" for "/" and "" for "". */
char *fs_base_name(const char *path);
/* Everything before the last component of PATH, as dirname(1) prints it. */
char *fs_dir_name(const char *path);

/* Whether NAME is "." or "..". */
int fs_is_dot_or_dotdot(const char *name);
