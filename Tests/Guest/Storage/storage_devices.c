/*
 * Block device cases: the ioctls every block device answers (on a loop device, so
 * they run on the host too), /dev/ram0 (Atoll's root image; the host has none), and
 * /dev/vda when it is the test disk Tests/Boot attaches (skipped otherwise).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage.h"

#define EROFS_MAGIC 0xe0f5e1e2u

static void block_ioctls_on_loop(void)
{
	struct loop_config c;
	uint64_t size = 0;
	int fd, n, ssz = 0, ro = -1;

	memset(&c, 0, sizeof(c));
	c.info.lo_flags = LO_FLAGS_AUTOCLEAR;
	gt_scratch();
	st_make_file("img", 3 * 4096 + 512);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	EXPECT_OK(ioctl(fd, BLKGETSIZE64, &size));
	CHECK_EQ(size, 3 * 4096 + 512);
	EXPECT_OK(ioctl(fd, BLKSSZGET, &ssz));
	CHECK_EQ(ssz, 512);
	EXPECT_OK(ioctl(fd, BLKROGET, &ro));
	CHECK_EQ(ro, 0);
	/* The last, partial 4 KiB block reads whole and stops at the end. */
	char buf[1024];
	CHECK_EQ(pread(fd, buf, sizeof(buf), 3 * 4096), 512);
	CHECK_EQ((uint8_t)buf[511], st_file_byte(3 * 4096 + 511));
	CHECK_EQ(pread(fd, buf, sizeof(buf), size), 0);
	EXPECT_ERRNO(ioctl(fd, 0x4c99, 0), EINVAL);	/* the loop driver's answer */
	/* BLKROSET makes it read-only for everyone until cleared. */
	ro = 1;
	EXPECT_OK(ioctl(fd, BLKROSET, &ro));
	ro = 0;
	EXPECT_OK(ioctl(fd, BLKROGET, &ro));
	CHECK_EQ(ro, 1);
	EXPECT_ERRNO(pwrite(fd, "x", 1, 0), EPERM);
	ro = 0;
	EXPECT_OK(ioctl(fd, BLKROSET, &ro));
	CHECK_EQ(pwrite(fd, "x", 1, 0), 1);
	close(fd);
	CHECK(st_wait_unbound(n));
}

static void ram0_is_the_root_image(void)
{
	uint64_t size = 0;
	uint32_t magic = 0;
	struct stat st;
	int fd, ssz = 0, ro = 0;

	if (stat("/dev/ram0", &st) < 0) {
		if (getenv("GT_HOST_LINUX"))
			gt_skip("the host has no /dev/ram0");
		gt_fail("/dev/ram0: %s", gt_errno_name(errno));
	}
	CHECK(S_ISBLK(st.st_mode));
	fd = EXPECT_OK(open("/dev/ram0", O_RDONLY));
	EXPECT_OK(ioctl(fd, BLKGETSIZE64, &size));
	CHECK(size > 0 && size % 512 == 0);
	EXPECT_OK(ioctl(fd, BLKSSZGET, &ssz));
	CHECK_EQ(ssz, 512);
	EXPECT_OK(ioctl(fd, BLKROGET, &ro));
	CHECK_EQ(ro, 1);
	CHECK_EQ(pread(fd, &magic, sizeof(magic), 1024), (long)sizeof(magic));
	CHECK_EQ(magic, EROFS_MAGIC);
	CHECK_EQ(lseek(fd, 0, SEEK_END), (off_t)size);
	close(fd);
	fd = EXPECT_OK(open("/dev/ram0", O_RDWR));
	EXPECT_ERRNO(pwrite(fd, "x", 1, 0), EPERM);
	close(fd);
}

/* Reads the whole test disk, checking every byte against its formula. */
static void vda_test_disk(void)
{
	static uint8_t buf[64 * 1024];
	char magic[STORAGE_DISK_MAGIC_LEN];
	uint64_t size = 0, off = 0;
	int fd = open("/dev/vda", O_RDONLY);

	if (fd < 0)
		gt_skip("no /dev/vda (Tests/Boot attaches the test disk)");
	if (pread(fd, magic, sizeof(magic), 0) != (long)sizeof(magic) ||
	    memcmp(magic, STORAGE_DISK_MAGIC, sizeof(magic)) != 0)
		gt_skip("/dev/vda is not the storage test disk");
	EXPECT_OK(ioctl(fd, BLKGETSIZE64, &size));
	CHECK(size >= 1024 * 1024);
	for (;;) {
		long n = read(fd, buf, sizeof(buf));
		CHECK(n >= 0);
		if (n == 0)
			break;
		for (long i = 0; i < n; i++, off++)
			if (off >= STORAGE_DISK_MAGIC_LEN && buf[i] != storage_disk_byte(off))
				gt_fail("/dev/vda byte %llu is %u, want %u", (unsigned long long)off, buf[i],
					storage_disk_byte(off));
	}
	CHECK_EQ(off, size);
	close(fd);
}

const struct gt_case st_device_cases[] = {
	GT_CASE(block_ioctls_on_loop),
	GT_CASE(ram0_is_the_root_image),
	GT_CASE_T(vda_test_disk, 60),
	GT_END,
};
