/*
 * /dev/loop-control (character 10:237): LOOP_CTL_GET_FREE, LOOP_CTL_ADD and
 * LOOP_CTL_REMOVE, with Linux's results (the device number, or -EEXIST, -ENODEV,
 * -EBUSY). At boot it creates /dev/loop0 .. /dev/loop7, like Linux's default
 * max_loop; more appear on demand up to LOOP_MAX.
 */
#include "Devices/Console/console.h"
#include "Devices/Loop/loop_device.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/initcall.h"

#define LOOP_BOOT_DEVICES 8

static long loop_control_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	switch (cmd) {
	case LOOP_CTL_GET_FREE:
		return loop_get_free();
	case LOOP_CTL_ADD:
		return arg >= LOOP_MAX ? -EINVAL : loop_add((unsigned)arg);
	case LOOP_CTL_REMOVE:
		return arg >= LOOP_MAX ? -EINVAL : loop_remove((unsigned)arg);
	}
	return -ENOTTY;
}

static const struct file_ops loop_control_fops = { .ioctl = loop_control_ioctl };

static int loop_control_init(void)
{
	int err = chrdev_register(LOOP_CTL_MAJOR, LOOP_CTL_MINOR, &loop_control_fops);

	if (err == 0)
		err = devfs_add("loop-control", S_IFCHR | 0660, MKDEV(LOOP_CTL_MAJOR, LOOP_CTL_MINOR));
	if (err < 0) {
		kprintf("loop: cannot create /dev/loop-control: error %d\n", err);
		return err;
	}
	for (unsigned n = 0; n < LOOP_BOOT_DEVICES; n++) {
		err = loop_add(n);
		if (err < 0) {
			kprintf("loop: cannot create /dev/loop%u: error %d\n", n, err);
			return err;
		}
	}
	return 0;
}
INITCALL(2, loop_control_init);
