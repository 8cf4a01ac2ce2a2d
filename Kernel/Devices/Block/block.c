/*
 * The block-device registry and the block-special file operations.
 *
 * A driver registers a struct block_device; the registry keeps it in a small table
 * keyed by rdev and makes /dev/NAME (S_IFBLK | 0660). The VFS's device table has no
 * way to unregister, so each rdev is handed to blkdev_register() once with the same
 * file_ops, and open() looks the device up here: a node whose device has gone (a
 * removed loop device) opens with ENXIO.
 *
 * Reads and writes of a block node go through the buffer cache at byte granularity
 * (bcache.c); writes are write-through. Like Linux, a read-only device still opens
 * for writing and its writes fail with EPERM; reads stop at the device's end, and a
 * write there is ENOSPC. lseek(SEEK_END) uses the inode's i_size, which open() and
 * every driver ioctl set to the device size (the VFS has no llseek hook).
 *
 * Counts: open_count is the number of open files, mount_count the number of mounted
 * filesystems; when both reach zero, ops->last_close runs (loop AUTOCLEAR). All of
 * this changes in process context only (one CPU, no preemption).
 */
#include "Devices/Block/block.h"
#include "Devices/Console/console.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Tasks/process.h"

#define BLOCKDEV_MAX 64

static struct block_device *devices[BLOCKDEV_MAX];
static uint64_t vfs_rdevs[BLOCKDEV_MAX];	/* rdevs already given to blkdev_register */
static int vfs_rdev_count;
static const struct file_ops blockdev_fops;

struct block_device *blockdev_lookup(uint64_t rdev)
{
	for (int i = 0; i < BLOCKDEV_MAX; i++)
		if (devices[i] && devices[i]->rdev == rdev)
			return devices[i];
	return NULL;
}

struct block_device *blockdev_find(const char *name)
{
	for (int i = 0; i < BLOCKDEV_MAX; i++)
		if (devices[i] && strcmp(devices[i]->name, name) == 0)
			return devices[i];
	return NULL;
}

/* Gives rdev our file operations in the VFS, once per rdev for the boot's lifetime. */
static int vfs_claim_rdev(uint64_t rdev)
{
	for (int i = 0; i < vfs_rdev_count; i++)
		if (vfs_rdevs[i] == rdev)
			return 0;
	if (vfs_rdev_count == BLOCKDEV_MAX)
		return -ENOSPC;
	TRY(blkdev_register(MAJOR(rdev), MINOR(rdev), &blockdev_fops));
	vfs_rdevs[vfs_rdev_count++] = rdev;
	return 0;
}

int blockdev_register(struct block_device *bd)
{
	int slot = -1;

	if (blockdev_lookup(bd->rdev) || blockdev_find(bd->name)) {
		kprintf("block: %s (%u:%u) is already registered\n", bd->name, MAJOR(bd->rdev), MINOR(bd->rdev));
		return -EEXIST;
	}
	for (int i = 0; i < BLOCKDEV_MAX && slot < 0; i++)
		if (!devices[i])
			slot = i;
	if (slot < 0)
		return -ENOSPC;
	if (!bd->logical_block_size)
		bd->logical_block_size = 512;
	TRY(vfs_claim_rdev(bd->rdev));
	TRY(devfs_add(bd->name, S_IFBLK | 0660, bd->rdev));
	devices[slot] = bd;
	return 0;
}

void blockdev_unregister(struct block_device *bd)
{
	for (int i = 0; i < BLOCKDEV_MAX; i++)
		if (devices[i] == bd)
			devices[i] = NULL;
	devfs_remove(bd->name);
	bcache_invalidate(bd);
}

int blockdev_open_path(const char *path, struct block_device **out)
{
	struct path p;
	struct block_device *bd;
	int err = 0;

	TRY(vfs_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, &p, NULL));
	if (!S_ISBLK(p.inode->i_mode))
		err = -ENOTBLK;
	else if (p.mnt && (p.mnt->mnt_flags & MNT_NODEV))
		err = -EACCES;
	else if (!(bd = blockdev_lookup(p.inode->i_rdev)))
		err = -ENXIO;
	path_put(&p);
	if (err == 0)
		*out = bd;
	return err;
}

static void maybe_last_close(struct block_device *bd)
{
	if (bd->open_count == 0 && bd->mount_count == 0 && bd->ops->last_close)
		bd->ops->last_close(bd);
}

void blockdev_mount_get(struct block_device *bd)
{
	bd->mount_count++;
}

void blockdev_mount_put(struct block_device *bd)
{
	if (bd->mount_count > 0)
		bd->mount_count--;
	maybe_last_close(bd);
}

struct block_device *blockdev_of_file(struct file *f)
{
	return f && f->f_op == &blockdev_fops ? f->f_private : NULL;
}

static int blockdev_fopen(struct inode *inode, struct file *f)
{
	struct block_device *bd = blockdev_lookup(inode->i_rdev);

	if (!bd)
		return -ENXIO;
	bd->open_count++;
	f->f_private = bd;
	inode->i_size = bd->size;
	return 0;
}

static void blockdev_release(struct file *f)
{
	struct block_device *bd = f->f_private;

	bd->open_count--;
	maybe_last_close(bd);
}

/* Moves n bytes at *pos between the device (through the cache) and an iobuf, a
 * block-sized kernel bounce buffer at a time so no cache block is held while user
 * memory faults. The buffer is the caller's own: a driver may sleep mid-transfer. */
static long blockdev_transfer(struct block_device *bd, const struct iobuf *b, size_t n, uint64_t *pos, int write)
{
	char *bounce = kmalloc(BCACHE_BLOCK_SIZE);
	size_t done = 0;
	int err = 0;

	if (!bounce)
		return -ENOMEM;
	while (done < n) {
		size_t c = MIN(n - done, (size_t)BCACHE_BLOCK_SIZE);
		if (write) {
			err = iobuf_get(b, done, bounce, c);
			if (err == 0)
				err = bcache_write(bd, *pos + done, bounce, c);
		} else {
			err = bcache_read(bd, *pos + done, bounce, c);
			if (err == 0)
				err = iobuf_put(b, done, bounce, c);
		}
		if (err < 0)
			break;
		done += c;
	}
	kfree(bounce);
	*pos += done;
	return done ? (long)done : err;
}

static long blockdev_fread(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct block_device *bd = f->f_private;

	if (*pos >= bd->size)
		return 0;
	return blockdev_transfer(bd, b, MIN(n, bd->size - *pos), pos, 0);
}

static long blockdev_fwrite(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct block_device *bd = f->f_private;

	if (bd->read_only)
		return -EPERM;
	if (n == 0)
		return 0;
	if (*pos >= bd->size)
		return -ENOSPC;
	return blockdev_transfer(bd, b, MIN(n, bd->size - *pos), pos, 1);
}

static int put_u64(uint64_t arg, uint64_t v) { return copy_to_user(arg, &v, sizeof(v)); }
static int put_int(uint64_t arg, int v) { return copy_to_user(arg, &v, sizeof(v)); }

static long blockdev_fioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct block_device *bd = f->f_private;
	int ro;

	switch (cmd) {
	case BLKGETSIZE64:
		return put_u64(arg, bd->size);
	case BLKGETSIZE:
		return put_u64(arg, bd->size / 512);
	case BLKSSZGET:
		return put_int(arg, (int)bd->logical_block_size);
	case BLKBSZGET:
		return put_int(arg, BCACHE_BLOCK_SIZE);
	case BLKROGET:
		return put_int(arg, bd->read_only ? 1 : 0);
	case BLKROSET:
		if (curproc->cred.euid != 0)
			return -EACCES;
		TRY(copy_from_user(&ro, arg, sizeof(ro)));
		bd->read_only = ro != 0;
		return 0;
	case BLKFLSBUF:
		if (curproc->cred.euid != 0)
			return -EACCES;
		bcache_invalidate(bd);
		return 0;
	}
	if (!bd->ops->ioctl)
		return -ENOTTY;
	long r = bd->ops->ioctl(bd, f, cmd, arg);
	f->f_inode->i_size = bd->size;	/* a loop's size changes by ioctl */
	return r;
}

static const struct file_ops blockdev_fops = {
	.open = blockdev_fopen,
	.read = blockdev_fread,
	.write = blockdev_fwrite,
	.ioctl = blockdev_fioctl,
	.release = blockdev_release,
};
