/*
 * RAM disks. /dev/ram0 (block 1:0) is the first Multiboot module, the root image,
 * read-only: its pages are reserved by the page allocator and reached through the
 * direct map, so the disk costs no copy. The same driver serves the buffer cache's
 * self-tests over a kmalloc'd buffer.
 *
 * A RAM disk's size is the data's length rounded up to a 512-byte sector; the bytes
 * past the data read as zeros and are never written.
 */
#include "Boot/boot_modules.h"
#include "Devices/Block/ramdisk.h"
#include "Devices/Console/console.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/initcall.h"
#include "Lib/string.h"
#include "Memory/pmm.h"

struct ramdisk {
	char *data;
	size_t len;
};

static int ramdisk_read(struct block_device *bd, uint64_t off, void *buf, size_t count)
{
	struct ramdisk *rd = bd->private;
	size_t have = off >= rd->len ? 0 : MIN(count, rd->len - off);

	if (off + count > bd->size)
		return -EIO;
	memcpy(buf, rd->data + off, have);
	memset((char *)buf + have, 0, count - have);
	return 0;
}

static int ramdisk_write(struct block_device *bd, uint64_t off, const void *buf, size_t count)
{
	struct ramdisk *rd = bd->private;

	if (bd->read_only || off + count > bd->size)
		return -EIO;
	memcpy(rd->data + off, buf, off >= rd->len ? 0 : MIN(count, rd->len - off));
	return 0;
}

static const struct block_ops ramdisk_ops = { .read = ramdisk_read, .write = ramdisk_write };

void ramdisk_init_device(struct block_device *bd, const char *name, uint64_t rdev, void *data, size_t len,
			 int read_only)
{
	static struct ramdisk disks[8];
	static int used;
	struct ramdisk *rd = NULL;

	/* Self-tests re-create their disk: reuse the slot that already has this data. */
	for (int i = 0; i < used && !rd; i++)
		if (disks[i].data == data)
			rd = &disks[i];
	if (!rd && used < (int)ARRAY_SIZE(disks))
		rd = &disks[used++];
	if (!rd)
		rd = &disks[ARRAY_SIZE(disks) - 1];
	rd->data = data;
	rd->len = len;
	memset(bd, 0, sizeof(*bd));
	strlcpy(bd->name, name, sizeof(bd->name));
	bd->rdev = rdev;
	bd->logical_block_size = 512;
	bd->size = ALIGN_UP((uint64_t)len, 512);
	bd->read_only = read_only;
	bd->ops = &ramdisk_ops;
	bd->private = rd;
}

static struct block_device ram0;

static int ramdisk_boot_init(void)
{
	const struct boot_module *m = boot_module_get(0);

	if (!m) {
		kprintf("ramdisk: no Multiboot module, no /dev/ram0\n");
		return -ENODEV;
	}
	ramdisk_init_device(&ram0, "ram0", MKDEV(1, 0), phys_to_virt(m->start), m->end - m->start, 1);
	int err = blockdev_register(&ram0);
	if (err < 0)
		kprintf("ramdisk: cannot register /dev/ram0: error %d\n", err);
	else
		kprintf("ramdisk: /dev/ram0 is module '%s', %lu KiB, read-only\n", m->name, ram0.size / 1024);
	return err;
}
INITCALL(2, ramdisk_boot_init);
