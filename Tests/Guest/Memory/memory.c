/*
 * memory: the address-space syscalls, checked against Linux.
 *
 * brk, anonymous and file-backed mmap (MAP_PRIVATE and MAP_SHARED), MAP_FIXED,
 * munmap holes, mprotect, msync visibility to read(), madvise(MADV_DONTNEED),
 * copy-on-write isolation and shared mappings across fork, SIGBUS past the end of
 * a file, and a large allocation touched page by page. An access that must fault
 * runs in a child whose death by signal is the assertion. mremap's cases are in
 * remap.c.
 */
#define _GNU_SOURCE
#include "memory.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void *map_anon(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		gt_fail("mmap %zu bytes: %s", len, gt_errno_name(errno));
	return p;
}

void write_byte(void *arg)
{
	*(volatile char *)arg = 1;
	_exit(0);
}

void read_byte(void *arg)
{
	volatile char c = *(volatile char *)arg;
	(void)c;
	_exit(0);
}

static void brk_grows_and_shrinks(void)
{
	uintptr_t start = (uintptr_t)syscall(SYS_brk, 0);
	CHECK(start != 0);
	uintptr_t grown = (uintptr_t)syscall(SYS_brk, start + 64 * 1024);
	CHECK_EQ(grown, start + 64 * 1024);
	memset((void *)start, 0x5a, 64 * 1024);
	CHECK_EQ(((volatile char *)start)[64 * 1024 - 1], 0x5a);
	CHECK_EQ((uintptr_t)syscall(SYS_brk, start), start);
	CHECK_SIGNALED(gt_run_child(write_byte, (void *)(start + 32 * 1024)), SIGSEGV);
	/* A request below the start is refused by returning the current break. */
	CHECK_EQ((uintptr_t)syscall(SYS_brk, PAGE), start);
	uintptr_t again = (uintptr_t)syscall(SYS_brk, start + 10);
	CHECK_EQ(again, start + 10);
	CHECK_EQ(((volatile char *)start)[5], 0); /* regrown memory is zeroed */
}

static void mmap_anonymous_private(void)
{
	char *p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	CHECK_EQ((uintptr_t)p % PAGE, 0);
	for (size_t i = 0; i < 3 * PAGE; i++)
		if (p[i])
			gt_fail("fresh anonymous memory not zero at %zu", i);
	memset(p, 7, 3 * PAGE);
	EXPECT_OK(munmap(p + PAGE, PAGE));
	CHECK_SIGNALED(gt_run_child(read_byte, p + PAGE), SIGSEGV);
	CHECK_EQ(p[0] + p[2 * PAGE], 14);
	EXPECT_OK(munmap(p, 3 * PAGE)); /* spanning a hole is fine */
	CHECK_SIGNALED(gt_run_child(read_byte, p), SIGSEGV);
	EXPECT_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT_ERRNO(munmap(p + 1, PAGE), EINVAL);
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
}

static void map_fixed_replaces(void)
{
	char *p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	memset(p, 'a', 3 * PAGE);
	char *q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PAGE);
	CHECK(p[0] == 'a' && q[0] == 0 && q[PAGE - 1] == 0 && p[2 * PAGE] == 'a');
	EXPECT_ERRNO(mmap(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	EXPECT_OK(munmap(p, 3 * PAGE));
}

static void mprotect_then_write(void *arg)
{
	char *p = arg;
	p[0] = 1;
	if (mprotect(p, PAGE, PROT_READ) < 0)
		_exit(2);
	if (p[0] != 1)
		_exit(3);
	p[0] = 2; /* must fault */
	_exit(0);
}

static void mprotect_enforced(void)
{
	char *p = map_anon(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	CHECK_SIGNALED(gt_run_child(mprotect_then_write, p), SIGSEGV);
	EXPECT_OK(mprotect(p, PAGE, PROT_NONE));
	CHECK_SIGNALED(gt_run_child(read_byte, p), SIGSEGV);
	EXPECT_OK(mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	p[0] = 9;
	/* Raw syscall: musl rounds the start down itself. */
	EXPECT_ERRNO(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), EINVAL);
	EXPECT_OK(munmap(p, PAGE));
	EXPECT_ERRNO(mprotect(p, PAGE, PROT_READ), ENOMEM);
}

int make_file(const char *name, const char *text)
{
	gt_write_file(name, text, 0644);
	return EXPECT_OK(open(name, O_RDWR));
}

static void file_map_private(void)
{
	gt_scratch();
	int fd = make_file("f", "hello world");
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(memcmp(p, "hello world", 11) == 0);
	CHECK_EQ(p[11], 0); /* rest of the last page is zero */
	p[0] = 'J';
	char buf[16] = "";
	CHECK_EQ(EXPECT_OK(pread(fd, buf, 11, 0)), 11);
	CHECK_STR(buf, "hello world"); /* private: the file is untouched */
	gt_observe("private map of file: mapped=%.11s file=%s", p, buf);
	CHECK_SIGNALED(gt_run_child(read_byte, p + PAGE), SIGBUS); /* past EOF */
	EXPECT_OK(munmap(p, 2 * PAGE));
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 1), EINVAL);
	int wo = EXPECT_OK(open("f", O_WRONLY));
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wo, 0), EACCES);
	int ro = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
	EXPECT_OK(mkdir("d", 0755));
	int dfd = EXPECT_OK(open("d", O_RDONLY));
	EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, dfd, 0), ENODEV);
}

static void file_map_shared_msync(void)
{
	gt_scratch();
	int fd = make_file("f", "0123456789");
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	memcpy(p + 2, "AB", 2);
	EXPECT_OK(msync(p, PAGE, MS_SYNC));
	char buf[16] = "";
	CHECK_EQ(EXPECT_OK(pread(fd, buf, 10, 0)), 10);
	CHECK_STR(buf, "01AB456789");
	gt_write_all(fd, "xy", 2); /* write() is seen through the mapping */
	CHECK(p[0] == 'x' && p[1] == 'y');
	EXPECT_ERRNO(msync(p + 1, PAGE, MS_SYNC), EINVAL);
	EXPECT_ERRNO(msync(p, PAGE, MS_SYNC | MS_ASYNC), EINVAL);
	/* The mapping outlives the descriptor. */
	close(fd);
	p[9] = 'Z';
	EXPECT_OK(msync(p, PAGE, MS_SYNC));
	EXPECT_OK(munmap(p, PAGE));
	gt_read_file("f", buf, sizeof buf);
	CHECK_STR(buf, "xyAB45678Z");
	gt_observe("shared map of file: %s", buf);
}

static void shared_anon_across_fork(void)
{
	volatile int *shared = map_anon(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	shared[0] = 1;
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		shared[1] = shared[0] + 41;
		_exit(0);
	}
	CHECK_EXITED(gt_wait(pid), 0);
	CHECK_EQ(shared[1], 42);
}

static void shared_file_across_fork(void)
{
	gt_scratch();
	int fd = make_file("f", "");
	EXPECT_OK(ftruncate(fd, PAGE));
	volatile char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		p[100] = 'c';
		_exit(0);
	}
	CHECK_EXITED(gt_wait(pid), 0);
	CHECK_EQ(p[100], 'c');
}

static void copy_on_write_after_fork(void)
{
	volatile char *p = map_anon(4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	static volatile int data_var = 5;
	memset((char *)p, 'p', 4 * PAGE);
	int sync[2];
	EXPECT_OK(pipe(sync));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		char c;
		read(sync[0], &c, 1); /* wait until the parent has written */
		int ok = p[0] == 'p' && p[PAGE] == 'p' && data_var == 5;
		p[2 * PAGE] = 'c';
		data_var = 7;
		_exit(ok ? 0 : 1);
	}
	p[0] = 'P';
	p[PAGE] = 'P';
	gt_write_all(sync[1], "go", 1);
	CHECK_EXITED(gt_wait(pid), 0);
	CHECK_EQ(p[2 * PAGE], 'p');
	CHECK_EQ(data_var, 5);
}

static void madvise_dontneed_zeroes(void)
{
	char *p = map_anon(2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	memset(p, 'x', 2 * PAGE);
	EXPECT_OK(madvise(p, PAGE, MADV_DONTNEED));
	CHECK_EQ(p[0], 0);
	CHECK_EQ(p[PAGE - 1], 0);
	CHECK_EQ(p[PAGE], 'x');
	EXPECT_ERRNO(madvise(p + 1, PAGE, MADV_DONTNEED), EINVAL);
	gt_scratch();
	int fd = make_file("f", "file data");
	char *f = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED);
	f[0] = 'F';
	EXPECT_OK(madvise(f, PAGE, MADV_DONTNEED));
	CHECK(memcmp(f, "file data", 9) == 0); /* private file page: back to the file */
}

static void large_allocation(void)
{
	size_t len = 64UL << 20;
	unsigned char *p = map_anon(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = (unsigned char)(i / PAGE);
	for (size_t i = 0; i < len; i += PAGE)
		if (p[i] != (unsigned char)(i / PAGE))
			gt_fail("page %zu lost its value", i / PAGE);
	EXPECT_OK(munmap(p, len));
	char *m = malloc(32UL << 20);
	CHECK(m != NULL);
	memset(m, 1, 32UL << 20);
	free(m);
	/* Far more than any test machine has, without overcommit heuristics saving it:
	 * Linux refuses a private writable mapping this size with ENOMEM. */
	EXPECT_ERRNO(mmap(NULL, 1UL << 46, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		     ENOMEM);
}

static const struct gt_case cases[] = {
	GT_CASE(brk_grows_and_shrinks),
	GT_CASE(mmap_anonymous_private),
	GT_CASE(map_fixed_replaces),
	GT_CASE(mprotect_enforced),
	GT_CASE(file_map_private),
	GT_CASE(file_map_shared_msync),
	GT_CASE(shared_anon_across_fork),
	GT_CASE(shared_file_across_fork),
	GT_CASE(copy_on_write_after_fork),
	GT_CASE(madvise_dontneed_zeroes),
	GT_CASE_T(large_allocation, 60),
	GT_CASE(mremap_shrink),
	GT_CASE(mremap_grow_in_place),
	GT_CASE(mremap_move),
	GT_CASE(mremap_fixed),
	GT_CASE(mremap_dontunmap),
	GT_CASE(mremap_errors),
	GT_CASE(mremap_merged_neighbours),
	GT_CASE(mremap_cow_with_child),
	GT_CASE(mremap_shared_with_child),
	GT_CASE(mremap_file_mappings),
	GT_CASE_T(mremap_realloc, 30),
	GT_CASE(mremap_container_limit),
	GT_END
};

GT_MAIN(cases)
