/*
 * Block devices and the buffer cache.
 *
 * A driver (RAM disk, virtio-blk, loop) fills a struct block_device and registers
 * it: that creates /dev/NAME as a block node whose file operations read and write
 * through the buffer cache, and answer BLKGETSIZE64/BLKSSZGET (and the driver's own
 * ioctls, e.g. loop's). Filesystems read through bcache_read(), which serves whole
 * 4 KiB blocks from a bounded LRU cache with read-ahead for sequential access; hits
 * and misses are counted in /proc/bcache.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "Lib/error.h"

struct block_device;
struct file;

struct block_ops {
	/* Reads/writes `count` bytes at byte offset `off` (both multiples of the logical
	 * block size). 0 or -EIO. */
	int (*read)(struct block_device *bd, uint64_t off, void *buf, size_t count);
	int (*write)(struct block_device *bd, uint64_t off, const void *buf, size_t count);
	/* Driver ioctls (loop); -ENOTTY when not its own. */
	long (*ioctl)(struct block_device *bd, struct file *f, unsigned cmd, uint64_t arg);
	/* The last opener closed it (loop: AUTOCLEAR). */
	void (*last_close)(struct block_device *bd);
};

struct block_device {
	char name[16];			/* [I] /dev/NAME */
	uint64_t rdev;			/* [I] major/minor */
	uint32_t logical_block_size;	/* 512 for all of Atoll's devices */
	uint64_t size;			/* bytes; may change (loop) */
	int read_only;
	const struct block_ops *ops;	/* [I] */
	void *private;			/* the driver's */
	int open_count;			/* open files */
	int mount_count;		/* filesystems mounted from it */
};

/* Registers bd and creates /dev/NAME. */
int blockdev_register(struct block_device *bd) WARN_UNUSED;
void blockdev_unregister(struct block_device *bd);
/* The device behind rdev, or NULL. */
struct block_device *blockdev_lookup(uint64_t rdev);
/* The device a block-special path names, for mount(2) sources; -ENOTBLK etc. */
int blockdev_open_path(const char *path, struct block_device **out) WARN_UNUSED;

/* Reads through the buffer cache (any offset and length inside the device). */
int bcache_read(struct block_device *bd, uint64_t off, void *buf, size_t len) WARN_UNUSED;
/* Drops the device's cached blocks (loop detach, capacity change). */
void bcache_invalidate(struct block_device *bd);

/* ---- additions ---- */

/* Block-special ioctls every device answers (Linux numbers). */
#define BLKROSET 0x125d
#define BLKROGET 0x125e
#define BLKGETSIZE 0x1260
#define BLKFLSBUF 0x1261
#define BLKSSZGET 0x1268
#define BLKBSZGET 0x80081270
#define BLKGETSIZE64 0x80081272

#define BCACHE_BLOCK_SIZE 4096
#define BCACHE_CAPACITY 1024		/* blocks: 4 MiB */
#define BCACHE_READAHEAD 8		/* blocks read ahead of a sequential miss */

/* Writes through the cache (write-through: the driver sees every write before this
 * returns); any offset and length inside the device. -EROFS on a read-only device. */
int bcache_write(struct block_device *bd, uint64_t off, const void *buf, size_t len) WARN_UNUSED;

struct bcache_stats {
	uint64_t hits, misses, readahead, evictions;
	uint32_t cached, capacity;
};
void bcache_get_stats(struct bcache_stats *out);
/* Zeroes the counters (self-tests). */
void bcache_reset_stats(void);

/* A filesystem mounted from bd: mount_get at mount, mount_put at umount. The last
 * mount_put of a device nobody has open calls ops->last_close (loop AUTOCLEAR). */
void blockdev_mount_get(struct block_device *bd);
void blockdev_mount_put(struct block_device *bd);
/* The registered device called NAME ("ram0"), or NULL. */
struct block_device *blockdev_find(const char *name);
/* The device a file opened on a block node refers to, or NULL (not a block file). */
struct block_device *blockdev_of_file(struct file *f);
