/*
 * Loop device cases: /dev/loop-control, binding with LOOP_SET_FD and LOOP_CONFIGURE,
 * status, read-only rules, AUTOCLEAR, EBUSY/ENXIO, lazy detach, capacity, block size.
 * Expected values are Linux's (checked on the host first).
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "storage.h"

#define FILE_SIZE (64 * 1024)

static struct loop_config config_with(uint32_t flags, uint64_t offset, uint64_t sizelimit)
{
	struct loop_config c;

	memset(&c, 0, sizeof(c));
	c.info.lo_flags = flags;
	c.info.lo_offset = offset;
	c.info.lo_sizelimit = sizelimit;
	strcpy((char *)c.info.lo_file_name, "img");
	return c;
}

static void status_of(int fd, struct loop_info64 *info)
{
	memset(info, 0, sizeof(*info));
	EXPECT_OK(ioctl(fd, LOOP_GET_STATUS64, info));
}

static void check_bytes(int fd, uint64_t dev_off, uint64_t file_off, size_t len)
{
	uint8_t buf[512];

	CHECK(len <= sizeof(buf));
	CHECK_EQ(pread(fd, buf, len, (off_t)dev_off), (long)len);
	for (size_t i = 0; i < len; i++)
		if (buf[i] != st_file_byte(file_off + i))
			gt_fail("byte %zu of device offset %llu: %u, want %u", i, (unsigned long long)dev_off,
				buf[i], st_file_byte(file_off + i));
}

static void detach_and_wait(int fd, int n)
{
	EXPECT_OK(ioctl(fd, LOOP_CLR_FD, 0));
	close(fd);
	CHECK(st_wait_unbound(n));
}

static void ctl_get_free(void)
{
	struct loop_info64 info;
	struct stat st;
	int fd, n = st_loop_open_free(O_RDONLY, &fd);

	EXPECT_OK(fstat(fd, &st));
	CHECK(S_ISBLK(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 7);
	CHECK_EQ(minor(st.st_rdev), n);
	EXPECT_ERRNO(ioctl(fd, LOOP_GET_STATUS64, &info), ENXIO);
	close(fd);
}

static void unbound_is_enxio(void)
{
	struct loop_info64 info;
	char c;
	int fd;

	st_loop_open_free(O_RDWR, &fd);
	memset(&info, 0, sizeof(info));
	EXPECT_ERRNO(ioctl(fd, LOOP_GET_STATUS64, &info), ENXIO);
	EXPECT_ERRNO(ioctl(fd, LOOP_SET_STATUS64, &info), ENXIO);
	EXPECT_ERRNO(ioctl(fd, LOOP_CLR_FD, 0), ENXIO);
	EXPECT_ERRNO(ioctl(fd, LOOP_SET_CAPACITY, 0), ENXIO);
	EXPECT_ERRNO(ioctl(fd, LOOP_SET_BLOCK_SIZE, 4096), ENXIO);
	CHECK_EQ(st_size(fd), 0);
	CHECK_EQ(read(fd, &c, 1), 0);
	close(fd);
}

static void set_fd_reads_file(void)
{
	struct loop_info64 info;
	struct stat st;
	int fd, n;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, NULL, &fd);
	CHECK_EQ(st_size(fd), FILE_SIZE);
	check_bytes(fd, 0, 0, 512);
	check_bytes(fd, 5000, 5000, 100);
	check_bytes(fd, FILE_SIZE - 512, FILE_SIZE - 512, 512);
	CHECK_EQ(lseek(fd, 0, SEEK_END), FILE_SIZE);
	status_of(fd, &info);
	EXPECT_OK(stat("img", &st));
	CHECK_EQ(info.lo_number, n);
	CHECK_EQ(info.lo_offset, 0);
	CHECK_EQ(info.lo_sizelimit, 0);
	CHECK_EQ(info.lo_flags & (LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR), 0);
	CHECK_EQ(info.lo_inode, st.st_ino);
	CHECK_EQ(info.lo_device, st.st_dev);
	gt_observe("size %llu offset %llu limit %llu flags %u name '%s'", (unsigned long long)st_size(fd),
		   (unsigned long long)info.lo_offset, (unsigned long long)info.lo_sizelimit, info.lo_flags,
		   (char *)info.lo_file_name);
	detach_and_wait(fd, n);
}

static void write_reaches_file(void)
{
	char buf[100], back[100];
	int fd, n, ffd;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, NULL, &fd);
	memset(buf, 'W', sizeof(buf));
	CHECK_EQ(pwrite(fd, buf, sizeof(buf), 4106), (long)sizeof(buf));
	EXPECT_OK(fsync(fd));
	ffd = EXPECT_OK(open("img", O_RDONLY));
	CHECK_EQ(pread(ffd, back, sizeof(back), 4106), (long)sizeof(back));
	CHECK(memcmp(buf, back, sizeof(buf)) == 0);
	CHECK_EQ(pread(ffd, back, 1, 4105), 1);
	CHECK_EQ((uint8_t)back[0], st_file_byte(4105));
	close(ffd);
	check_bytes(fd, 4206, 4206, 50);
	EXPECT_ERRNO(pwrite(fd, buf, 1, FILE_SIZE), ENOSPC);
	detach_and_wait(fd, n);
}

static void read_only_rules(void)
{
	struct loop_info64 info;
	int fd, n, ro = 0;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	/* A file opened read-only makes a read-only loop device... */
	n = st_loop_attach("img", O_RDONLY, O_RDWR, NULL, &fd);
	status_of(fd, &info);
	CHECK(info.lo_flags & LO_FLAGS_READ_ONLY);
	EXPECT_OK(ioctl(fd, BLKROGET, &ro));
	CHECK_EQ(ro, 1);
	EXPECT_ERRNO(pwrite(fd, "x", 1, 0), EPERM);
	check_bytes(fd, 0, 0, 64);
	detach_and_wait(fd, n);
	/* ...and so does a loop device opened read-only, */
	n = st_loop_attach("img", O_RDWR, O_RDONLY, NULL, &fd);
	status_of(fd, &info);
	CHECK(info.lo_flags & LO_FLAGS_READ_ONLY);
	detach_and_wait(fd, n);
	/* ...and LO_FLAGS_READ_ONLY asked for. */
	struct loop_config c = config_with(LO_FLAGS_READ_ONLY, 0, 0);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	EXPECT_OK(ioctl(fd, BLKROGET, &ro));
	CHECK_EQ(ro, 1);
	EXPECT_ERRNO(pwrite(fd, "x", 1, 0), EPERM);
	detach_and_wait(fd, n);
}

static void configure_offset_sizelimit(void)
{
	struct loop_info64 info;
	struct loop_config c = config_with(LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR, 8192, 16384);
	int fd, n;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	CHECK_EQ(st_size(fd), 16384);
	check_bytes(fd, 0, 8192, 256);
	check_bytes(fd, 16384 - 256, 8192 + 16384 - 256, 256);
	status_of(fd, &info);
	CHECK_EQ(info.lo_offset, 8192);
	CHECK_EQ(info.lo_sizelimit, 16384);
	CHECK_EQ(info.lo_flags & (LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR), LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR);
	CHECK_STR((char *)info.lo_file_name, "img");
	gt_observe("size %llu offset %llu limit %llu flags %u name '%s'", (unsigned long long)st_size(fd),
		   (unsigned long long)info.lo_offset, (unsigned long long)info.lo_sizelimit, info.lo_flags,
		   (char *)info.lo_file_name);
	close(fd);
	CHECK(st_wait_unbound(n));
	/* A size limit past the file's end: the file's end wins. */
	c = config_with(LO_FLAGS_AUTOCLEAR, 4096, 1 << 30);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	CHECK_EQ(st_size(fd), FILE_SIZE - 4096);
	close(fd);
	CHECK(st_wait_unbound(n));
}

static void bound_is_busy(void)
{
	struct loop_config c = config_with(LO_FLAGS_AUTOCLEAR, 0, 0);
	int fd, n, ffd;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	ffd = EXPECT_OK(open("img", O_RDWR));
	EXPECT_ERRNO(ioctl(fd, LOOP_SET_FD, ffd), EBUSY);
	c.fd = (uint32_t)ffd;
	EXPECT_ERRNO(ioctl(fd, LOOP_CONFIGURE, &c), EBUSY);
	close(ffd);
	close(fd);
	CHECK(st_wait_unbound(n));
}

static void autoclear_on_last_close(void)
{
	struct loop_info64 info;
	struct loop_config c = config_with(LO_FLAGS_AUTOCLEAR, 0, 0);
	int fd, fd2, n;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	fd2 = EXPECT_OK(open(st_loop_path(n), O_RDONLY));
	close(fd);
	status_of(fd2, &info);	/* still bound: fd2 is open */
	CHECK_EQ(info.lo_number, n);
	check_bytes(fd2, 100, 100, 100);
	close(fd2);
	CHECK(st_wait_unbound(n));
}

static void clear_while_open_is_lazy(void)
{
	struct loop_info64 info;
	int fd, fd2, n;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, NULL, &fd);
	fd2 = EXPECT_OK(open(st_loop_path(n), O_RDONLY));
	EXPECT_OK(ioctl(fd, LOOP_CLR_FD, 0));
	status_of(fd2, &info);	/* others have it open: detached at the last close */
	CHECK(info.lo_flags & LO_FLAGS_AUTOCLEAR);
	close(fd);
	close(fd2);
	CHECK(st_wait_unbound(n));
}

static void set_capacity(void)
{
	struct loop_config c = config_with(LO_FLAGS_AUTOCLEAR, 0, 0);
	int fd, n;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	EXPECT_OK(truncate("img", 2 * FILE_SIZE));
	CHECK_EQ(st_size(fd), FILE_SIZE);
	EXPECT_OK(ioctl(fd, LOOP_SET_CAPACITY, 0));
	CHECK_EQ(st_size(fd), 2 * FILE_SIZE);
	gt_observe("size after LOOP_SET_CAPACITY %llu", (unsigned long long)st_size(fd));
	close(fd);
	CHECK(st_wait_unbound(n));
}

static void set_status_changes_offset(void)
{
	struct loop_info64 info;
	struct loop_config c = config_with(LO_FLAGS_AUTOCLEAR, 0, 0);
	int fd, n;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	status_of(fd, &info);
	info.lo_offset = 4096;
	info.lo_flags &= ~(uint32_t)LO_FLAGS_AUTOCLEAR;
	EXPECT_OK(ioctl(fd, LOOP_SET_STATUS64, &info));
	CHECK_EQ(st_size(fd), FILE_SIZE - 4096);
	check_bytes(fd, 0, 4096, 128);
	status_of(fd, &info);
	CHECK_EQ(info.lo_offset, 4096);
	CHECK_EQ(info.lo_flags & LO_FLAGS_AUTOCLEAR, 0);
	detach_and_wait(fd, n);
}

static void block_size(void)
{
	struct loop_config c = config_with(LO_FLAGS_AUTOCLEAR, 0, 0);
	int fd, n, ssz = 0;

	gt_scratch();
	st_make_file("img", FILE_SIZE);
	n = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	EXPECT_OK(ioctl(fd, BLKSSZGET, &ssz));
	CHECK_EQ(ssz, 512);
	EXPECT_OK(ioctl(fd, LOOP_SET_BLOCK_SIZE, 4096));
	EXPECT_OK(ioctl(fd, BLKSSZGET, &ssz));
	CHECK_EQ(ssz, 4096);
	EXPECT_ERRNO(ioctl(fd, LOOP_SET_BLOCK_SIZE, 1000), EINVAL);
	check_bytes(fd, 8192, 8192, 64);
	close(fd);
	CHECK(st_wait_unbound(n));
}

static void ctl_add_remove(void)
{
	struct loop_config c = config_with(LO_FLAGS_AUTOCLEAR, 0, 0);
	struct stat st;
	int ctl = EXPECT_OK(open("/dev/loop-control", O_RDWR)), n = -1, fd, bound;

	for (int i = 31; i >= 8 && n < 0; i--)
		if (stat(st_loop_path(i), &st) < 0 && errno == ENOENT)
			n = i;
	if (n < 0)
		gt_skip("loop8 .. loop31 all exist");
	CHECK_EQ(ioctl(ctl, LOOP_CTL_ADD, n), n);
	EXPECT_ERRNO(ioctl(ctl, LOOP_CTL_ADD, n), EEXIST);
	fd = EXPECT_OK(open(st_loop_path(n), O_RDONLY));
	EXPECT_ERRNO(ioctl(ctl, LOOP_CTL_REMOVE, n), EBUSY);	/* open */
	close(fd);
	CHECK_EQ(ioctl(ctl, LOOP_CTL_REMOVE, n), 0);
	EXPECT_ERRNO(ioctl(ctl, LOOP_CTL_REMOVE, n), ENODEV);
	/* A bound device cannot be removed. */
	gt_scratch();
	st_make_file("img", FILE_SIZE);
	bound = st_loop_attach("img", O_RDWR, O_RDWR, &c, &fd);
	EXPECT_ERRNO(ioctl(ctl, LOOP_CTL_REMOVE, bound), EBUSY);
	close(fd);
	CHECK(st_wait_unbound(bound));
	close(ctl);
}

const struct gt_case st_loop_cases[] = {
	GT_CASE(ctl_get_free),
	GT_CASE(unbound_is_enxio),
	GT_CASE(set_fd_reads_file),
	GT_CASE(write_reaches_file),
	GT_CASE(read_only_rules),
	GT_CASE(configure_offset_sizelimit),
	GT_CASE(bound_is_busy),
	GT_CASE(autoclear_on_last_close),
	GT_CASE(clear_while_open_is_lazy),
	GT_CASE(set_capacity),
	GT_CASE(set_status_changes_offset),
	GT_CASE(block_size),
	GT_CASE(ctl_add_remove),
	GT_END,
};
