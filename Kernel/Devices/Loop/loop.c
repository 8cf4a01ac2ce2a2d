/*
 * Loop devices: /dev/loopN (block 7:N) serves a byte range of a backing file.
 *
 * A loop device exists (registered, /dev/loopN present) whether or not it is bound.
 * Binding (LOOP_SET_FD, LOOP_CONFIGURE) takes a reference on the backing struct file;
 * the device then reads and writes the file at lo_offset + off through kernel_read
 * and vfs_write, a read past the file's end giving zeros. Its size is the file's size
 * minus the offset, capped by the size limit, rounded down to 512 bytes; it is read
 * only when asked (LO_FLAGS_READ_ONLY), when the backing file is not open for writing,
 * or when the loop device itself was not opened for writing.
 *
 * Unbinding (LOOP_CLR_FD, or AUTOCLEAR at the last close/umount) drops the cached
 * blocks and the file. LOOP_CLR_FD while others still have the device open or
 * mounted only sets AUTOCLEAR, as Linux does; the detach happens at the last close.
 * Operations that need a backing file on an unbound device fail with ENXIO; binding a
 * bound one is EBUSY. The control device (loop_control.c) adds and removes devices.
 *
 * All state changes in process context (one CPU, no preemption); a backing file read
 * may sleep, but binding state is only changed by ioctls on the same device.
 */
#include "Devices/Block/block.h"
#include "Devices/Console/console.h"
#include "Devices/Loop/loop.h"
#include "Devices/Loop/loop_device.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/format.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Tasks/process.h"

static struct loop *loops[LOOP_MAX];

struct loop *loop_get(unsigned n)
{
	return n < LOOP_MAX ? loops[n] : NULL;
}

static struct loop *loop_of(struct block_device *bd)
{
	return bd->private;
}

static int loop_read(struct block_device *bd, uint64_t off, void *buf, size_t count)
{
	struct loop *lo = loop_of(bd);
	long r;

	if (!lo->backing)
		return -EIO;
	r = kernel_read(lo->backing, buf, count, lo->offset + off);
	if (r < 0) {
		kprintf("loop%u: backing file read error %ld at %lu\n", lo->number, r, lo->offset + off);
		return -EIO;
	}
	memset((char *)buf + r, 0, count - (size_t)r);
	return 0;
}

static int loop_write(struct block_device *bd, uint64_t off, const void *buf, size_t count)
{
	struct loop *lo = loop_of(bd);
	struct iobuf b = { (char *)buf, 0 };
	uint64_t pos = lo->offset + off;
	size_t done = 0;

	if (!lo->backing)
		return -EIO;
	while (done < count) {
		struct iobuf part = { b.base + done, 0 };
		long r = vfs_write(lo->backing, &part, count - done, &pos);
		if (r <= 0) {
			kprintf("loop%u: backing file write error %ld at %lu\n", lo->number, r, pos);
			return -EIO;
		}
		done += (size_t)r;
	}
	return 0;
}

/* The backing file's size: a regular file's length or a block device's size. */
static uint64_t backing_size(struct file *f)
{
	struct block_device *under = blockdev_of_file(f);

	return under ? under->size : f->f_inode->i_size;
}

static void update_size(struct loop *lo)
{
	uint64_t size = backing_size(lo->backing);

	size = size > lo->offset ? size - lo->offset : 0;
	if (lo->sizelimit && lo->sizelimit < size)
		size = lo->sizelimit;
	lo->bd.size = ALIGN_DOWN(size, 512);
	bcache_invalidate(&lo->bd);
}

static void detach(struct loop *lo)
{
	struct file *f = lo->backing;

	bcache_invalidate(&lo->bd);
	lo->backing = NULL;
	lo->bd.size = 0;
	lo->bd.read_only = 0;
	lo->bd.logical_block_size = 512;
	lo->flags = 0;
	lo->offset = lo->sizelimit = 0;
	memset(lo->file_name, 0, sizeof(lo->file_name));
	file_put(f);
}

static void loop_last_close(struct block_device *bd)
{
	struct loop *lo = loop_of(bd);

	if (lo->backing && (lo->flags & LO_FLAGS_AUTOCLEAR))
		detach(lo);
}

/* Would backing `f` on lo make a cycle (loop0 over loop1 over loop0)? */
static int makes_cycle(struct loop *lo, struct file *f)
{
	for (int depth = 0; depth < LOOP_MAX && f; depth++) {
		struct block_device *under = blockdev_of_file(f);
		if (!under)
			return 0;
		if (under == &lo->bd)
			return 1;
		if (MAJOR(under->rdev) != LOOP_MAJOR)
			return 0;
		f = loop_of(under)->backing;
	}
	return 1;
}

static int set_block_size(struct loop *lo, uint64_t size)
{
	if (size < 512 || size > 4096 || (size & (size - 1)))
		return -EINVAL;
	lo->bd.logical_block_size = (uint32_t)size;
	bcache_invalidate(&lo->bd);
	return 0;
}

/* Binds fd's file to lo with the settings in info (NULL: none). */
static int bind(struct loop *lo, struct file *dev_file, int fd, const struct loop_info64 *info, uint32_t bsize)
{
	struct file *f;
	uint32_t mode;
	int err = 0;

	if (lo->backing)
		return -EBUSY;
	f = fd_get(fd);
	if (!f)
		return -EBADF;
	mode = f->f_inode->i_mode;
	if (!S_ISREG(mode) && !S_ISBLK(mode))
		err = -EINVAL;
	else if (makes_cycle(lo, f))
		err = -EINVAL;
	else if (bsize)
		err = set_block_size(lo, bsize);
	if (err < 0) {
		file_put(f);
		return err;
	}
	lo->backing = f;	/* fd_get's reference becomes the binding's */
	lo->flags = info ? info->lo_flags & (LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR) : 0;
	lo->offset = info ? info->lo_offset : 0;
	lo->sizelimit = info ? info->lo_sizelimit : 0;
	/* As in Linux, LOOP_SET_FD leaves the name empty; LOOP_CONFIGURE gives one. */
	memset(lo->file_name, 0, sizeof(lo->file_name));
	if (info)
		memcpy(lo->file_name, info->lo_file_name, LO_NAME_SIZE - 1);
	if (!file_writable(f) || !file_writable(dev_file))
		lo->flags |= LO_FLAGS_READ_ONLY;
	lo->bd.read_only = (lo->flags & LO_FLAGS_READ_ONLY) != 0;
	update_size(lo);
	return 0;
}

static int clear_fd(struct loop *lo)
{
	if (!lo->backing)
		return -ENXIO;
	/* The caller's own open file is one opener; others still using it: lazy. */
	if (lo->bd.open_count > 1 || lo->bd.mount_count > 0) {
		lo->flags |= LO_FLAGS_AUTOCLEAR;
		return 0;
	}
	detach(lo);
	return 0;
}

static int get_status(struct loop *lo, uint64_t arg)
{
	struct loop_info64 info;
	struct inode *bi;

	if (!lo->backing)
		return -ENXIO;
	bi = lo->backing->f_inode;
	memset(&info, 0, sizeof(info));
	info.lo_device = bi->i_sb ? bi->i_sb->s_dev : 0;
	info.lo_inode = bi->i_ino;
	info.lo_rdevice = S_ISBLK(bi->i_mode) ? bi->i_rdev : 0;
	info.lo_offset = lo->offset;
	info.lo_sizelimit = lo->sizelimit;
	info.lo_number = lo->number;
	info.lo_flags = lo->flags;
	memcpy(info.lo_file_name, lo->file_name, LO_NAME_SIZE);
	return copy_to_user(arg, &info, sizeof(info));
}

static int set_status(struct loop *lo, uint64_t arg)
{
	struct loop_info64 info;

	if (!lo->backing)
		return -ENXIO;
	TRY(copy_from_user(&info, arg, sizeof(info)));
	if (lo->offset != info.lo_offset || lo->sizelimit != info.lo_sizelimit) {
		lo->offset = info.lo_offset;
		lo->sizelimit = info.lo_sizelimit;
		update_size(lo);
	}
	/* Only AUTOCLEAR (and PARTSCAN, meaningless here) may change, as in Linux. */
	lo->flags = (lo->flags & ~LO_FLAGS_AUTOCLEAR) | (info.lo_flags & LO_FLAGS_AUTOCLEAR);
	memcpy(lo->file_name, info.lo_file_name, LO_NAME_SIZE - 1);
	lo->file_name[LO_NAME_SIZE - 1] = 0;
	return 0;
}

static int configure(struct loop *lo, struct file *f, uint64_t arg)
{
	struct loop_config cfg;

	TRY(copy_from_user(&cfg, arg, sizeof(cfg)));
	return bind(lo, f, (int)cfg.fd, &cfg.info, cfg.block_size);
}

static long loop_ioctl(struct block_device *bd, struct file *f, unsigned cmd, uint64_t arg)
{
	struct loop *lo = loop_of(bd);

	switch (cmd) {
	case LOOP_SET_FD:
		return bind(lo, f, (int)arg, NULL, 0);
	case LOOP_CONFIGURE:
		return configure(lo, f, arg);
	case LOOP_CLR_FD:
		return clear_fd(lo);
	case LOOP_GET_STATUS64:
		return get_status(lo, arg);
	case LOOP_SET_STATUS64:
		return set_status(lo, arg);
	case LOOP_SET_CAPACITY:
		if (!lo->backing)
			return -ENXIO;
		update_size(lo);
		return 0;
	case LOOP_SET_BLOCK_SIZE:
		if (!lo->backing)
			return -ENXIO;
		return set_block_size(lo, arg);
	case LOOP_SET_DIRECT_IO:
		return lo->backing ? (arg ? -EINVAL : 0) : -ENXIO;
	}
	return -EINVAL;	/* Linux's loop driver answers unknown commands so */
}

static const struct block_ops loop_ops = {
	.read = loop_read,
	.write = loop_write,
	.ioctl = loop_ioctl,
	.last_close = loop_last_close,
};

int loop_add(unsigned n)
{
	struct loop *lo;
	int err;

	if (n >= LOOP_MAX)
		return -EINVAL;
	if (loops[n])
		return -EEXIST;
	lo = kzalloc(sizeof(*lo));
	if (!lo)
		return -ENOMEM;
	lo->number = n;
	ksnprintf(lo->bd.name, sizeof(lo->bd.name), "loop%u", n);
	lo->bd.rdev = MKDEV(LOOP_MAJOR, n);
	lo->bd.logical_block_size = 512;
	lo->bd.ops = &loop_ops;
	lo->bd.private = lo;
	err = blockdev_register(&lo->bd);
	if (err < 0) {
		kfree(lo);
		return err;
	}
	loops[n] = lo;
	return (int)n;
}

int loop_remove(unsigned n)
{
	struct loop *lo = loop_get(n);

	if (!lo)
		return -ENODEV;
	if (lo->backing || lo->bd.open_count || lo->bd.mount_count)
		return -EBUSY;
	blockdev_unregister(&lo->bd);
	loops[n] = NULL;
	kfree(lo);
	return 0;
}

int loop_get_free(void)
{
	for (unsigned n = 0; n < LOOP_MAX; n++)
		if (loops[n] && !loops[n]->backing)
			return (int)n;
	for (unsigned n = 0; n < LOOP_MAX; n++)
		if (!loops[n])
			return loop_add(n);
	return -ENOSPC;
}
