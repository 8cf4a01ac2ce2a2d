/*
 * The container's root, mounted at the staging directory inside the new mount
 * namespace. Three kinds, as in the configuration:
 *
 *   erofs  the image goes behind a free loop device (/dev/loop-control
 *          LOOP_CTL_GET_FREE, then LOOP_CONFIGURE with LO_FLAGS_READ_ONLY and
 *          LO_FLAGS_AUTOCLEAR) and is mounted read-only. AUTOCLEAR detaches the
 *          loop device by itself once the mount is gone and our descriptor is
 *          closed, so nothing is left when the namespace dies, even if the
 *          launcher is killed.
 *   tar    a fresh tmpfs of the configured size, the archive extracted into it.
 *   dir    a host directory bind-mounted (not recursively: the host's mounts
 *          below it stay outside).
 *
 * Every root is mounted nosuid and nodev: a setuid file or a device node in an
 * image gives nothing. Everything runs before the jail, as root.
 */
#define _GNU_SOURCE
#include "launcher.h"
#include "Devices/Loop/loop.h"	/* the Linux loop ABI, shared with the kernel */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#define ROOT_FLAGS (MS_NOSUID | MS_NODEV)

/* Binds `file` (an open descriptor) to a free loop device, read-only and
 * auto-clearing. Returns the loop device's descriptor, or -1 with `err`. */
static int loop_attach(int file, const char *image, char *dev, size_t devsize, char *err, size_t size)
{
	struct loop_config lc;
	int ctl, fd = -1;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		snprintf(err, size, "/dev/loop-control: %s", strerror(errno));
		return -1;
	}
	memset(&lc, 0, sizeof(lc));
	lc.fd = (uint32_t)file;
	lc.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
	snprintf((char *)lc.info.lo_file_name, LO_NAME_SIZE, "%s", image);
	/* Another program may take the free device between the two calls: retry. */
	for (int attempt = 0; attempt < 8; attempt++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);

		if (n < 0) {
			snprintf(err, size, "/dev/loop-control: no free loop device: %s", strerror(errno));
			break;
		}
		snprintf(dev, devsize, "/dev/loop%d", n);
		fd = open(dev, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, size, "%s: %s", dev, strerror(errno));
			break;
		}
		if (ioctl(fd, LOOP_CONFIGURE, &lc) == 0)
			break;
		snprintf(err, size, "%s: LOOP_CONFIGURE: %s", dev, strerror(errno));
		close(fd);
		fd = -1;
		if (errno != EBUSY)
			break;
	}
	close(ctl);
	return fd;
}

static int mount_erofs(const struct container_config *cfg, const char *staging, char *err, size_t size)
{
	char dev[64];
	int file, loop, rc;

	file = open(cfg->root_source, O_RDONLY | O_CLOEXEC);
	if (file < 0) {
		snprintf(err, size, "%s: %s", cfg->root_source, strerror(errno));
		return -1;
	}
	loop = loop_attach(file, cfg->root_source, dev, sizeof(dev), err, size);
	close(file);
	if (loop < 0)
		return -1;
	rc = mount(dev, staging, "erofs", MS_RDONLY | ROOT_FLAGS, NULL);
	if (rc < 0)
		snprintf(err, size, "mount %s (%s) as erofs: %s", cfg->root_source, dev, strerror(errno));
	close(loop); /* the mount holds the device now; AUTOCLEAR frees it after */
	return rc;
}

static int mount_tar(const struct container_config *cfg, const char *staging, char *err, size_t size)
{
	char opts[64];

	snprintf(opts, sizeof(opts), "size=%llu,mode=0755", (unsigned long long)cfg->root_size);
	if (mount("tmpfs", staging, "tmpfs", ROOT_FLAGS, opts) < 0) {
		snprintf(err, size, "mount tmpfs for the tar root: %s", strerror(errno));
		return -1;
	}
	if (tar_extract(cfg->root_source, staging, err, size) < 0)
		return -1;
	if (cfg->root_readonly && mount(NULL, staging, NULL, MS_REMOUNT | MS_RDONLY | ROOT_FLAGS, opts) < 0) {
		snprintf(err, size, "remount the tar root read-only: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int mount_dir(const struct container_config *cfg, const char *staging, char *err, size_t size)
{
	unsigned long flags = MS_REMOUNT | MS_BIND | ROOT_FLAGS | (cfg->root_readonly ? MS_RDONLY : 0);

	if (mount(cfg->root_source, staging, NULL, MS_BIND, NULL) < 0) {
		snprintf(err, size, "bind %s: %s", cfg->root_source, strerror(errno));
		return -1;
	}
	if (mount(NULL, staging, NULL, flags, NULL) < 0) {
		snprintf(err, size, "remount %s nosuid,nodev%s: %s", cfg->root_source,
			cfg->root_readonly ? ",ro" : "", strerror(errno));
		return -1;
	}
	return 0;
}

int rootfs_mount(const struct container_config *cfg, const char *staging, char *err, size_t size)
{
	switch (cfg->root_type) {
	case CONTAINER_ROOT_EROFS:
		return mount_erofs(cfg, staging, err, size);
	case CONTAINER_ROOT_TAR:
		return mount_tar(cfg, staging, err, size);
	case CONTAINER_ROOT_DIR:
		return mount_dir(cfg, staging, err, size);
	}
	snprintf(err, size, "unknown root type");
	return -1;
}
