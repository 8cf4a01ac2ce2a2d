/*
 * efault: bad user pointers must give EFAULT and never a crash (of the process
 * or, in Atoll, of the kernel).
 *
 * Each probe is one system call, made with the raw syscall(2) so that no libc
 * wrapper touches the pointer first (musl copies struct stat and calls the vDSO
 * for clock_gettime, both of which would fault in user space). Each probe is run
 * with every kind of bad address: NULL, two kernel-half addresses, two
 * non-canonical ones and a freshly unmapped page. Separate cases cover a read-only
 * buffer as a write target and buffers that run off the end of a mapping, where
 * Linux's rule is "EFAULT if nothing could be copied, a short count otherwise"
 * for read/write, and plain EFAULT for fixed-size structures and strings.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL

struct bad_address {
	const char *name;
	uintptr_t addr; /* 0 with name "unmapped": filled in at run time */
};

static struct bad_address bad_addresses[] = {
	{ "null", 0 },
	{ "kernel-half-low", 0xffff800000000000UL },
	{ "kernel-text", 0xffffffff80000000UL },
	{ "noncanonical-low", 0x0000800000000000UL },
	{ "noncanonical-high", 0x8000000000000000UL },
	{ "unmapped", 0 },
};

static int data_fd; /* a scratch file holding 64 bytes, opened O_RDWR */

static void set_up(void)
{
	gt_scratch();
	gt_write_file("data", "0123456789012345678901234567890123456789012345678901234567890123", 0644);
	data_fd = EXPECT_OK(open("data", O_RDWR));
	EXPECT_OK(mkdir("dir", 0755));
	void *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	EXPECT_OK(munmap(p, 2 * PAGE));
	bad_addresses[5].addr = (uintptr_t)p + PAGE;
}

struct probe {
	const char *name;
	long (*call)(void *bad);
	int null_valid; /* NULL means "not given" for this argument (e.g. sigaction's act) */
};

static long p_read(void *bad) { return syscall(SYS_pread64, data_fd, bad, 10, 0); }
static long p_write(void *bad) { return syscall(SYS_pwrite64, data_fd, bad, 10, 0); }
static long p_open_path(void *bad) { return syscall(SYS_open, bad, O_RDONLY); }
static long p_stat_path(void *bad) { struct stat st; return syscall(SYS_stat, bad, &st); }
static long p_stat_buf(void *bad) { return syscall(SYS_stat, "data", bad); }
static long p_fstat_buf(void *bad) { return syscall(SYS_fstat, data_fd, bad); }
static long p_newfstatat(void *bad) { return syscall(SYS_newfstatat, AT_FDCWD, "data", bad, 0); }
static long p_readv_iov(void *bad) { return syscall(SYS_readv, data_fd, bad, 1); }
static long p_writev_base(void *bad)
{
	struct iovec iov = { bad, 10 };
	return syscall(SYS_writev, data_fd, &iov, 1);
}
static long p_clock_gettime(void *bad) { return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad); }
static long p_uname(void *bad) { return syscall(SYS_uname, bad); }
static long p_pipe(void *bad) { return syscall(SYS_pipe2, bad, 0); }
static long p_getcwd(void *bad) { return syscall(SYS_getcwd, bad, 256); }
static long p_getdents64(void *bad)
{
	int fd = open("dir", O_RDONLY | O_DIRECTORY);
	long r = syscall(SYS_getdents64, fd, bad, 4096);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}
static long p_sigaction(void *bad) { return syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8); }
static long p_sigprocmask(void *bad) { return syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8); }
static long p_nanosleep(void *bad) { return syscall(SYS_nanosleep, bad, NULL); }
static long p_poll(void *bad) { return syscall(SYS_poll, bad, 1, 0); }
static long p_getrandom(void *bad) { return syscall(SYS_getrandom, bad, 16, 0); }
static long p_mkdir(void *bad) { return syscall(SYS_mkdir, bad, 0755); }
static long p_readlink_buf(void *bad)
{
	symlink("data", "link");
	return syscall(SYS_readlink, "link", bad, 64);
}
static long p_execve_path(void *bad)
{
	char *argv[] = { "x", NULL };
	return syscall(SYS_execve, bad, argv, NULL);
}

static const struct probe probes[] = {
	{ "read", p_read, 0 }, { "write", p_write, 0 }, { "open-path", p_open_path, 0 },
	{ "stat-path", p_stat_path, 0 }, { "stat-buf", p_stat_buf, 0 }, { "fstat-buf", p_fstat_buf, 0 },
	{ "newfstatat-buf", p_newfstatat, 0 }, { "readv-iov", p_readv_iov, 0 },
	{ "writev-base", p_writev_base, 0 }, { "clock_gettime", p_clock_gettime, 0 },
	{ "uname", p_uname, 0 }, { "pipe2", p_pipe, 0 }, { "getcwd", p_getcwd, 0 },
	{ "getdents64", p_getdents64, 0 }, { "rt_sigaction", p_sigaction, 1 },
	{ "rt_sigprocmask", p_sigprocmask, 1 }, { "nanosleep", p_nanosleep, 0 }, { "poll", p_poll, 0 },
	{ "getrandom", p_getrandom, 0 }, { "mkdir-path", p_mkdir, 0 }, { "readlink-buf", p_readlink_buf, 0 },
	{ "execve-path", p_execve_path, 0 },
	{ NULL, NULL, 0 },
};

static void every_probe_every_bad_address(void)
{
	set_up();
	for (const struct probe *p = probes; p->name; p++) {
		for (size_t i = 0; i < sizeof bad_addresses / sizeof bad_addresses[0]; i++) {
			if (p->null_valid && bad_addresses[i].addr == 0) {
				CHECK_EQ(p->call(NULL), 0);
				continue;
			}
			errno = 0;
			long r = p->call((void *)bad_addresses[i].addr);
			if (r != -1 || errno != EFAULT)
				gt_fail("%s with %s address %#lx: got %ld (%s), expected EFAULT", p->name,
					bad_addresses[i].name, (unsigned long)bad_addresses[i].addr, r,
					r == -1 ? gt_errno_name(errno) : "success");
		}
		gt_observe("%s: EFAULT for every bad address%s", p->name,
			   p->null_valid ? " (NULL is valid: success)" : "");
	}
}

static void readonly_buffer_as_target(void)
{
	set_up();
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED);
	EXPECT_ERRNO(p_read(ro), EFAULT);
	EXPECT_ERRNO(p_stat_buf(ro), EFAULT);
	EXPECT_ERRNO(p_clock_gettime(ro), EFAULT);
	EXPECT_ERRNO(p_pipe(ro), EFAULT);
	EXPECT_ERRNO(p_uname(ro), EFAULT);
	EXPECT_ERRNO(p_getrandom(ro), EFAULT);
	for (size_t i = 0; i < PAGE; i++)
		if (ro[i])
			gt_fail("read-only page changed at %zu", i);
	CHECK_EQ(EXPECT_OK(p_write(ro)), 10); /* reading from it is fine */
	char *exec_only = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(exec_only != MAP_FAILED);
	EXPECT_ERRNO(p_write(exec_only), EFAULT); /* PROT_NONE cannot be read either */
}

/* A writable page followed by an unmapped one; returns the writable page. */
static char *page_before_hole(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	EXPECT_OK(munmap(p + PAGE, PAGE));
	return p;
}

static void buffer_past_end_of_mapping(void)
{
	set_up();
	char *p = page_before_hole();
	char *end = p + PAGE;
	EXPECT_ERRNO(p_stat_buf(end - 16), EFAULT);
	EXPECT_ERRNO(p_clock_gettime(end - 8), EFAULT);
	EXPECT_ERRNO(p_uname(end - 100), EFAULT);
	memset(end - 16, 'a', 16); /* a path with no terminating NUL before the hole */
	EXPECT_ERRNO(p_open_path(end - 16), EFAULT);
	EXPECT_ERRNO(p_mkdir(end - 16), EFAULT);
	struct pollfd *pfd = (struct pollfd *)(end - sizeof *pfd);
	pfd->fd = data_fd;
	pfd->events = POLLIN;
	EXPECT_ERRNO(syscall(SYS_poll, pfd, 2, 0), EFAULT);
	/* read/write copy what fits before the hole and return the short count. */
	long got = EXPECT_OK(syscall(SYS_pread64, data_fd, end - 10, 64, 0));
	CHECK_EQ(got, 10);
	CHECK(memcmp(end - 10, "0123456789", 10) == 0);
	long put = EXPECT_OK(syscall(SYS_pwrite64, data_fd, end - 10, 64, 0));
	CHECK_EQ(put, 10);
	gt_observe("read straddling the hole: %ld of 64, write: %ld of 64", got, put);
	EXPECT_ERRNO(syscall(SYS_pread64, data_fd, end, 64, 0), EFAULT);
}

static const struct gt_case cases[] = {
	GT_CASE(every_probe_every_bad_address),
	GT_CASE(readonly_buffer_as_target),
	GT_CASE(buffer_past_end_of_mapping),
	GT_END
};

GT_MAIN(cases)
