/*
 * Attaching and detaching loop devices (see loopdev.h for the ABI).
 *
 * Races: between LOOP_CTL_GET_FREE and our configure call another process may take
 * the same device; the kernel then answers EBUSY and we ask for a free one again,
 * a bounded number of times. LOOP_CONFIGURE sets the file, offset and flags in one
 * step; a kernel without it (EINVAL or ENOTTY) gets LOOP_SET_FD and then
 * LOOP_SET_STATUS64, undoing the first if the second fails, so a failed attach never
 * leaves a half-configured device behind.
 */
#include "loopdev.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define ATTACH_TRIES 16

int loopdev_find_free(char *out, size_t out_len)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	int n;

	if (ctl < 0)
		return -1;
	n = ioctl(ctl, LOOPDEV_CTL_GET_FREE);
	if (n < 0) {
		int err = errno;
		close(ctl);
		errno = err;
		return -1;
	}
	close(ctl);
	snprintf(out, out_len, "/dev/loop%d", n);
	return 0;
}

static void fill_info(struct loopdev_info *info, const char *file, uint64_t offset, uint32_t flags)
{
	char full[PATH_MAX];

	memset(info, 0, sizeof(*info));
	info->lo_offset = offset;
	info->lo_flags = flags;
	if (!realpath(file, full))
		snprintf(full, sizeof(full), "%s", file);
	/* The kernel keeps at most 63 bytes of the name (it is only informational). */
	size_t n = strlen(full);
	if (n > sizeof(info->lo_file_name) - 1)
		n = sizeof(info->lo_file_name) - 1;
	memcpy(info->lo_file_name, full, n);
}

/* Binds FILE_FD to the open device LOOP_FD. Returns 0 or -1 with errno set. */
static int configure(int loop_fd, int file_fd, const struct loopdev_info *info)
{
	struct loopdev_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.fd = (uint32_t)file_fd;
	cfg.info = *info;
	if (ioctl(loop_fd, LOOPDEV_CONFIGURE, &cfg) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOTTY)
		return -1;
	if (ioctl(loop_fd, LOOPDEV_SET_FD, file_fd) < 0)
		return -1;
	if (ioctl(loop_fd, LOOPDEV_SET_STATUS64, info) < 0) {
		int err = errno;
		ioctl(loop_fd, LOOPDEV_CLR_FD, 0);
		errno = err;
		return -1;
	}
	return 0;
}

/* One attempt on device DEV. Returns the open device, or -1 with errno set
 * (EBUSY: someone else took it). */
static int attach_one(const char *dev, int file_fd, int ro, const struct loopdev_info *info)
{
	int loop_fd = open(dev, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	int err;

	if (loop_fd < 0)
		return -1;
	if (configure(loop_fd, file_fd, info) == 0)
		return loop_fd;
	err = errno;
	close(loop_fd);
	errno = err;
	return -1;
}

/* Opens the backing file, read-write unless asked (or forced) otherwise. */
static int open_backing(const char *file, uint32_t *flags)
{
	int fd;

	if (!(*flags & LOOPDEV_FLAG_READ_ONLY)) {
		fd = open(file, O_RDWR | O_CLOEXEC);
		if (fd >= 0 || (errno != EROFS && errno != EACCES && errno != EPERM))
			return fd;
		*flags |= LOOPDEV_FLAG_READ_ONLY;
	}
	return open(file, O_RDONLY | O_CLOEXEC);
}

int loopdev_attach(const char *file, const char *dev, uint64_t offset, uint32_t flags, char *out,
		   size_t out_len, const char **what)
{
	struct loopdev_info info;
	int file_fd, rc = -1, err;

	*what = file;
	file_fd = open_backing(file, &flags);
	if (file_fd < 0)
		return -1;
	fill_info(&info, file, offset, flags);
	for (int tries = 0; tries < ATTACH_TRIES; tries++) {
		*what = dev ? dev : "/dev/loop-control";
		if (dev)
			snprintf(out, out_len, "%s", dev);
		else if (loopdev_find_free(out, out_len) < 0)
			break;
		*what = out;
		rc = attach_one(out, file_fd, flags & LOOPDEV_FLAG_READ_ONLY, &info);
		if (rc >= 0 || errno != EBUSY || dev)
			break;
	}
	err = errno;
	close(file_fd);
	errno = err;
	return rc;
}

int loopdev_detach(const char *dev)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	int rc, err;

	if (fd < 0)
		return -1;
	rc = ioctl(fd, LOOPDEV_CLR_FD, 0);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

int loopdev_status(const char *dev, struct loopdev_info *info)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	int rc, err;

	if (fd < 0)
		return -1;
	rc = ioctl(fd, LOOPDEV_GET_STATUS64, info);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}
