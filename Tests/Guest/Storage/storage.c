/*
 * storage: the block-device suite. Loop devices are driven through Linux's ioctl
 * interface on both the host Linux and Atoll; every case binds its loop device with
 * AUTOCLEAR where it can, or detaches it, so a failing case leaves no device bound.
 * The helpers here find a free device (retrying when another process takes the
 * same one first) and make backing files with a known byte pattern.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "storage.h"

uint8_t st_file_byte(uint64_t off)
{
	return (uint8_t)((off * 13 + off / 4096) & 0xff);
}

void st_make_file(const char *name, size_t size)
{
	static uint8_t chunk[4096];
	int fd = EXPECT_OK(open(name, O_RDWR | O_CREAT | O_TRUNC, 0644));

	for (size_t off = 0; off < size; off += sizeof(chunk)) {
		size_t n = size - off < sizeof(chunk) ? size - off : sizeof(chunk);
		for (size_t i = 0; i < n; i++)
			chunk[i] = st_file_byte(off + i);
		gt_write_all(fd, chunk, n);
	}
	close(fd);
}

const char *st_loop_path(int n)
{
	static char path[32];

	snprintf(path, sizeof(path), "/dev/loop%d", n);
	return path;
}

int st_loop_open_free(int dev_flags, int *fd)
{
	int ctl = EXPECT_OK(open("/dev/loop-control", O_RDWR | O_CLOEXEC));
	int n = (int)EXPECT_OK(ioctl(ctl, LOOP_CTL_GET_FREE));

	close(ctl);
	CHECK(n >= 0);
	*fd = EXPECT_OK(open(st_loop_path(n), dev_flags | O_CLOEXEC));
	return n;
}

int st_loop_attach(const char *file, int file_flags, int dev_flags, const struct loop_config *cfg, int *devfd)
{
	int ffd = EXPECT_OK(open(file, file_flags | O_CLOEXEC));

	/* Another process may bind the device we were offered first: take the next. */
	for (int attempt = 0; attempt < 10; attempt++) {
		int n = st_loop_open_free(dev_flags, devfd), r;
		if (cfg) {
			struct loop_config c = *cfg;
			c.fd = (uint32_t)ffd;
			r = ioctl(*devfd, LOOP_CONFIGURE, &c);
		} else {
			r = ioctl(*devfd, LOOP_SET_FD, ffd);
		}
		if (r == 0) {
			close(ffd);
			return n;
		}
		if (errno != EBUSY)
			gt_fail("binding %s to %s: %s", file, st_loop_path(n), gt_errno_name(errno));
		close(*devfd);
	}
	gt_fail("no loop device stayed free for %s", file);
}

uint64_t st_size(int fd)
{
	uint64_t size = 0;

	EXPECT_OK(ioctl(fd, BLKGETSIZE64, &size));
	return size;
}

int st_wait_unbound(int n)
{
	struct loop_info64 info;

	for (int i = 0; i < 200; i++) {
		int fd = open(st_loop_path(n), O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 1;	/* removed altogether */
		int r = ioctl(fd, LOOP_GET_STATUS64, &info);
		int e = errno;
		close(fd);
		if (r < 0 && e == ENXIO)
			return 1;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct gt_case all[64];
	size_t n = 0;

	for (const struct gt_case *c = st_loop_cases; c->name; c++)
		all[n++] = *c;
	for (const struct gt_case *c = st_device_cases; c->name; c++)
		all[n++] = *c;
	all[n] = (struct gt_case)GT_END;
	return gt_main(argc, argv, all);
}
