/*
 * The virtual filesystem: superblocks, inodes, mounts, paths and open files.
 *
 * There is no dentry cache. A location in the tree is a struct path: a mount and an
 * inode within it. Filesystems answer lookup(dir, name) including "..", so walking
 * up needs nothing but the directory itself; a mount covers the directory whose
 * (superblock, inode number) it was mounted on, so inode identity is by that pair
 * (inode_same), and an EROFS inode read twice is still the same directory.
 *
 * Locking: one CPU and a kernel that is never preempted, so these structures change
 * only in process context between sleeps; interrupt handlers never touch them.
 * Field tags: [I] immutable after creation, [r] changed only through the refcount
 * helpers, [f] owned by the filesystem.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "API/linux.h"
#include "Lib/error.h"
#include "Lib/list.h"
#include "Tasks/waitq.h"

struct inode;
struct file;
struct mount;
struct vm_object;
struct poll_table;
struct super_block;

/* A destination or source of bytes that is either kernel or user memory. */
struct iobuf {
	char *base;
	int user;
};
/* Copy between an iobuf at offset `off` and kernel memory; 0 or -EFAULT. */
int iobuf_put(const struct iobuf *b, size_t off, const void *src, size_t n) WARN_UNUSED;
int iobuf_get(const struct iobuf *b, size_t off, void *dst, size_t n) WARN_UNUSED;

struct path {
	struct mount *mnt;
	struct inode *inode;
};

/* getdents: the filesystem calls emit() per entry; a non-zero return stops it. */
struct dir_context {
	int (*emit)(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type);
	uint64_t pos;	/* entry index; the filesystem advances it per emitted entry */
};

struct inode_ops {
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* Regular files, directories, device nodes, FIFOs and sockets, by mode. */
	int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
		      uint32_t uid, uint32_t gid, struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target,
		       uint32_t uid, uint32_t gid, struct inode **out);
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	/* Removes the entry `name` (a directory only if empty: -ENOTEMPTY). */
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*rename)(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		      const char *nname, size_t nlen);
	long (*readlink)(struct inode *inode, char *buf, size_t size);
	/* Magic links (/proc/PID/cwd): resolve straight to a path. Optional. */
	int (*follow)(struct inode *inode, struct path *out);
	int (*truncate)(struct inode *inode, uint64_t size);
	long (*getxattr)(struct inode *inode, const char *name, void *buf, size_t size);
	long (*listxattr)(struct inode *inode, char *buf, size_t size);
	/* Called when the last reference goes; frees what the filesystem attached. */
	void (*evict)(struct inode *inode);
};

/* poll/select: each file's poll() registers the queues to sleep on here. */
#define POLL_MAX_ENTRIES 2304	/* 1024 fds, some on two queues, and slack */
struct poll_table {
	struct wait_entry entries[POLL_MAX_ENTRIES];
	int count;
};
void poll_wait(struct poll_table *pt, struct waitq *wq);

struct file_ops {
	int (*open)(struct inode *inode, struct file *file);
	long (*read)(struct file *file, const struct iobuf *buf, size_t n, uint64_t *pos);
	long (*write)(struct file *file, const struct iobuf *buf, size_t n, uint64_t *pos);
	int (*readdir)(struct file *file, struct dir_context *ctx);
	long (*ioctl)(struct file *file, unsigned cmd, uint64_t arg);
	/* Returns the POLL* mask now and, with pt, registers the wait queues to sleep on. */
	unsigned (*poll)(struct file *file, struct poll_table *pt);
	/* MAP_SHARED: the object whose pages the mapping shares (tmpfs files). */
	int (*mmap_object)(struct file *file, struct vm_object **out);
	void (*release)(struct file *file);
};

struct super_ops {
	int (*statfs)(struct super_block *sb, struct linux_statfs *out);
	void (*put_super)(struct super_block *sb);
};

#define SB_RDONLY 1
#define SB_NOWRITE 2	/* a read-only filesystem type: remounting rw keeps it read-only */

struct super_block {
	const char *s_type;		/* [I] "tmpfs", "proc", ... */
	struct inode *s_root;		/* [I] */
	uint64_t s_dev;			/* [I] st_dev of its inodes */
	int s_flags;			/* SB_* */
	int s_refs;			/* [r] mounts using it */
	uint64_t s_magic;		/* [I] statfs f_type */
	const struct super_ops *s_op;	/* [I] */
	void *s_private;		/* [f] */
};

struct inode {
	uint64_t i_ino;			/* [I] */
	uint32_t i_mode, i_uid, i_gid, i_nlink;
	uint64_t i_size;
	int64_t i_blocks;		/* st_blocks (512 B units); -1: i_size rounded up */
	uint64_t i_rdev;
	struct linux_timespec i_atime, i_mtime, i_ctime;
	struct super_block *i_sb;	/* [I] */
	const struct inode_ops *i_op;	/* [I] */
	const struct file_ops *i_fop;	/* [I] what open() uses (devices: set at open) */
	int i_refs;			/* [r] */
	void *i_private;		/* [f] */
	struct vm_object *i_data;	/* [f] file pages, for tmpfs and shared mappings */
	struct pipe *i_pipe;		/* FIFO state while open */
};

/* Mount flags (mnt_flags), as MS_* values. */
#define MNT_RDONLY MS_RDONLY
#define MNT_NOSUID MS_NOSUID
#define MNT_NODEV MS_NODEV
#define MNT_NOEXEC MS_NOEXEC

struct mount {
	struct super_block *mnt_sb;	/* [I] */
	struct inode *mnt_root;		/* [I] sb root, or the bound directory */
	struct mount *mnt_parent;	/* NULL for a namespace's root */
	struct inode *mnt_mountpoint;	/* in mnt_parent */
	int mnt_flags;			/* MNT_* */
	int mnt_refs;			/* [r] paths, files and children holding it */
	int mnt_detached;		/* off its namespace's list, freed at last ref */
	struct mnt_namespace *mnt_ns;
	struct list_node mnt_list;	/* in mnt_ns->mounts, in mount order */
	char mnt_source[64];
};

struct mnt_namespace {
	struct mount *root;
	struct list_node mounts;
	int refs;			/* [r] processes using it */
	uint64_t id;			/* [I] inode number of /proc/PID/ns/mnt */
};

struct file {
	struct path f_path;		/* [I] */
	struct inode *f_inode;		/* [I] */
	const struct file_ops *f_op;	/* [I] after open */
	uint64_t f_pos;
	int f_flags;			/* O_* status flags (O_APPEND, O_NONBLOCK, access mode) */
	int f_refs;			/* [r] fd table slots and in-flight syscalls */
	void *f_private;
	/* The name it was opened by, as the opener's root saw it (/proc/PID/fd/N). Without
	 * a dentry cache a file cannot find its directory later; a rename after the open
	 * is not reflected. NULL when unknown. */
	char *f_name;
};

/* Whether writes through p are refused: a read-only mount or superblock (EROFS). */
static inline int path_readonly(const struct path *p)
{
	return (p->mnt && (p->mnt->mnt_flags & MNT_RDONLY)) || (p->inode->i_sb->s_flags & SB_RDONLY);
}

static inline int file_readable(const struct file *f) { return (f->f_flags & O_ACCMODE) != O_WRONLY; }
static inline int file_writable(const struct file *f) { return (f->f_flags & O_ACCMODE) != O_RDONLY; }

/* ---- inodes (inode.c) ---- */
struct inode *inode_alloc(struct super_block *sb, uint64_t ino, uint32_t mode);
struct inode *inode_get(struct inode *inode);
void inode_put(struct inode *inode);
static inline int inode_same(const struct inode *a, const struct inode *b)
{
	return a == b || (a && b && a->i_sb == b->i_sb && a->i_ino == b->i_ino);
}
void inode_stat(const struct inode *inode, struct linux_stat *st);
void inode_touch(struct inode *inode, int atime, int mtime, int ctime);
/* Unix permission check with the current thread's credentials (current_cred(): the
 * process's, or faccessat's override): mask of R_OK/W_OK/X_OK. */
int inode_permission(const struct inode *inode, int mask);
uint64_t vfs_new_dev(void);

/* ---- paths and mounts (mount.c) ---- */
void path_get(const struct path *p);
void path_put(const struct path *p);
struct mnt_namespace *mntns_create_initial(struct super_block *root_sb);
struct mnt_namespace *mntns_copy(struct mnt_namespace *ns);
void mntns_get(struct mnt_namespace *ns);
void mntns_put(struct mnt_namespace *ns);
/* The mount covering `p` if one is mounted there (topmost), else NULL. */
struct mount *mount_covering(struct mnt_namespace *ns, const struct path *p);
int vfs_mount(const struct path *at, struct super_block *sb, struct inode *root, int flags,
	      const char *source) WARN_UNUSED;
int vfs_umount(struct mount *m, int flags) WARN_UNUSED;
/* pivot_root(2) in ns: the mount at new_root becomes the root, the old root is
 * mounted at put_old; processes whose root or cwd was the old root move. */
int vfs_pivot_root(struct mnt_namespace *ns, const struct path *new_root, const struct path *put_old) WARN_UNUSED;
/* For MS_BIND|MS_REC: copies the mounts below (src, src_root) onto dst. */
int mount_copy_submounts(struct mount *src, struct inode *src_root, struct mount *dst) WARN_UNUSED;
/* Filesystem types by name; each fills a fresh superblock from source/data. */
struct fs_type {
	const char *name;
	int requires_device;	/* listed without "nodev" in /proc/filesystems */
	int (*mount)(const char *source, int flags, const char *data, struct super_block **out);
};
const struct fs_type *vfs_find_fs(const char *name);
/* Adds a filesystem type (from its INITCALL). */
int vfs_register_fs(const struct fs_type *type) WARN_UNUSED;
/* The registered types, for /proc/filesystems. */
size_t vfs_fs_types(const struct fs_type **out, size_t max);

/* ---- path resolution (namei.c) ---- */
#define LOOKUP_FOLLOW 1		/* follow a final symlink */
#define LOOKUP_DIRECTORY 2	/* the result must be a directory */
#define LOOKUP_PARENT 4		/* stop at the parent; last component in out_name */
#define LOOKUP_EMPTY 8		/* "" means the start directory (AT_EMPTY_PATH) */
#define LOOKUP_MAX_SYMLINKS 40
#define NAME_MAX 255
#define PATH_MAX 4096

/* Resolves `path` relative to dirfd (AT_FDCWD: the cwd) for the current process.
 * With LOOKUP_PARENT, *out is the parent directory and `last` gets the final name
 * (NAME_MAX + 1 bytes; "" when the path ends at a root or in "." / ".."). */
int vfs_lookup(int dirfd, const char *path, int flags, struct path *out, char *last) WARN_UNUSED;
/* Moves p to the topmost mount stacked on it (umount2 and pivot_root see that one). */
void vfs_follow_mounts(struct path *p);
/* The same from an explicit start (kernel callers: exec, init). */
int vfs_lookup_from(const struct path *start, const char *path, int flags, struct path *out, char *last) WARN_UNUSED;
/* The absolute name of `path` (relative to dirfd) for the current process: its
 * directory's name plus the last component, in a new kmalloc'd string; NULL if it
 * cannot be named. */
char *vfs_name_of(int dirfd, const char *path);
char *vfs_resolved_name_of(int dirfd, const char *path);
/* Writes the path of `p` as seen from `root` ("/a/b") into buf; returns its length. */
long vfs_path_name(const struct path *p, const struct path *root, char *buf, size_t size);

/* ---- files (file.c) ---- */
int vfs_open(const struct path *p, int flags, struct file **out) WARN_UNUSED;
struct file *file_get(struct file *f);
void file_put(struct file *f);
long vfs_read(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos);
long vfs_write(struct file *f, const struct iobuf *buf, size_t n, uint64_t *pos);
/* Reads a whole kernel buffer from a file at `pos` (exec, initrd); short only at EOF. */
long kernel_read(struct file *f, void *buf, size_t n, uint64_t pos);
/* Device nodes: major/minor -> file operations, one table for character devices
 * and one for block devices. Opening a node with no driver is ENXIO. */
int chrdev_register(unsigned major, unsigned minor, const struct file_ops *fops);
const struct file_ops *chrdev_lookup(uint64_t rdev);
int blkdev_register(unsigned major, unsigned minor, const struct file_ops *fops);
const struct file_ops *blkdev_lookup(uint64_t rdev);
#define MKDEV(ma, mi) (((uint64_t)(ma) << 8) | ((mi) & 0xff) | (((uint64_t)(mi) & ~0xffULL) << 12))
#define MAJOR(dev) ((unsigned)(((dev) >> 8) & 0xfff))
#define MINOR(dev) ((unsigned)(((dev) & 0xff) | (((dev) >> 12) & ~0xffULL)))

void vfs_init(void);
