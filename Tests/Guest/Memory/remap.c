/*
 * mremap(2), checked against Linux.
 *
 * Shrinking in place, growing in place, moving with MREMAP_MAYMOVE (contents,
 * untouched pages, a 4 MiB move over page-table boundaries), MREMAP_FIXED (the
 * target unmapped first, growing and shrinking moves), MREMAP_DONTUNMAP (the old
 * range stays, empty), the errnos, neighbours Linux merges into one mapping, a
 * forked child's copy-on-write view and a shared region across a move, file
 * mappings, musl's realloc of a large block, and container limits (Atoll only).
 *
 * The system call is made raw: musl's wrapper adds checks of its own. Where the
 * pages must be moved rather than grown in place, a read-only page right after the
 * range blocks it (a different protection keeps it a separate mapping on Linux).
 */
#define _GNU_SOURCE
#include "memory.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MIB (1UL << 20)
#define RW (PROT_READ | PROT_WRITE)
#define MOVE MREMAP_MAYMOVE
#define MOVE_FIXED (MREMAP_MAYMOVE | MREMAP_FIXED)
#define MOVE_KEEP (MREMAP_MAYMOVE | MREMAP_DONTUNMAP)

static char *remap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return (char *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

/* 1 if the n bytes at p are all c. */
static int all(const volatile char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* A private read-write mapping of `pages` pages, filled with c, whose last page is
 * then made read-only: the pages before it cannot grow in place. */
static char *map_blocked(size_t pages, char c)
{
	char *p = map_anon(pages * PAGE, RW, MAP_PRIVATE);
	memset(p, c, pages * PAGE);
	EXPECT_OK(mprotect(p + (pages - 1) * PAGE, PAGE, PROT_READ));
	return p;
}

static void check_gone(char *p)
{
	CHECK_SIGNALED(gt_run_child(read_byte, p), SIGSEGV);
}

void mremap_shrink(void)
{
	char *p = map_anon(4 * PAGE, RW, MAP_PRIVATE);
	memset(p, 's', 4 * PAGE);
	CHECK(remap(p, 4 * PAGE, 2 * PAGE, 0, NULL) == p);
	CHECK(all(p, 2 * PAGE, 's'));
	check_gone(p + 2 * PAGE);
	check_gone(p + 3 * PAGE);
	CHECK(remap(p, 2 * PAGE, 2 * PAGE, 0, NULL) == p); /* the same size: nothing */
	CHECK(remap(p, 2 * PAGE, PAGE + 1, 0, NULL) == p); /* lengths round up to pages */
	CHECK(all(p, 2 * PAGE, 's'));
	/* A shrink unmaps the tail as munmap would: it may run over a hole. */
	char *q = map_anon(4 * PAGE, RW, MAP_PRIVATE);
	memset(q, 'h', 4 * PAGE);
	EXPECT_OK(munmap(q + 2 * PAGE, PAGE));
	CHECK(remap(q, 4 * PAGE, PAGE, 0, NULL) == q);
	check_gone(q + 3 * PAGE);
	gt_observe("shrink: kept=%c tail unmapped; over a hole: kept=%c", p[0], q[0]);
}

void mremap_grow_in_place(void)
{
	char *p = map_anon(4 * PAGE, RW, MAP_PRIVATE);
	EXPECT_OK(munmap(p + 2 * PAGE, 2 * PAGE));
	memset(p, 'g', 2 * PAGE);
	char *q = remap(p, 2 * PAGE, 4 * PAGE, 0, NULL);
	CHECK(q == p);
	CHECK(all(p, 2 * PAGE, 'g'));
	CHECK(all(p + 2 * PAGE, 2 * PAGE, 0));
	memset(p + 2 * PAGE, 'G', 2 * PAGE);
	gt_observe("grow in place: same address=%d old=%c new=%c", q == p, p[PAGE], p[3 * PAGE]);
}

void mremap_move(void)
{
	char *p = map_blocked(3, 'm');
	EXPECT_OK(madvise(p + PAGE, PAGE, MADV_DONTNEED)); /* an empty page to move too */
	EXPECT_ERRNO(remap(p, 2 * PAGE, 4 * PAGE, 0, NULL), ENOMEM);
	EXPECT_ERRNO(remap(p, PAGE, 2 * PAGE, 0, NULL), ENOMEM); /* not the mapping's end */
	char *q = remap(p, 2 * PAGE, 4 * PAGE, MOVE, NULL);
	CHECK(q != MAP_FAILED && q != p);
	CHECK(all(q, PAGE, 'm'));
	CHECK(all(q + PAGE, 3 * PAGE, 0));
	memset(q, 'n', 4 * PAGE);
	check_gone(p);
	check_gone(p + PAGE);
	CHECK_EXITED(gt_run_child(read_byte, p + 2 * PAGE), 0); /* the blocker stays */
	CHECK_SIGNALED(gt_run_child(write_byte, p + 2 * PAGE), SIGSEGV);
	/* 4 MiB over page-table boundaries, a value per page. */
	size_t n = 4 * MIB / PAGE;
	unsigned char *big = (unsigned char *)map_blocked(n + 1, 0);
	for (size_t i = 0; i < n; i++)
		big[i * PAGE] = (unsigned char)(i * 7 + 1);
	unsigned char *moved = (unsigned char *)remap(big, n * PAGE, 2 * n * PAGE, MOVE, NULL);
	CHECK(moved != MAP_FAILED && moved != big);
	for (size_t i = 0; i < n; i++)
		if (moved[i * PAGE] != (unsigned char)(i * 7 + 1))
			gt_fail("page %zu lost its value in the move", i);
	gt_observe("move: without MAYMOVE ENOMEM; moved=%c new tail=%d old gone", q[0], moved[n * PAGE]);
}

void mremap_fixed(void)
{
	char *src = map_anon(2 * PAGE, RW, MAP_PRIVATE), *dst = map_anon(3 * PAGE, RW, MAP_PRIVATE);
	memset(src, 'S', 2 * PAGE);
	memset(dst, 'D', 3 * PAGE);
	EXPECT_ERRNO(remap(src, 2 * PAGE, 2 * PAGE, MREMAP_FIXED, dst), EINVAL);
	EXPECT_ERRNO(remap(src, 2 * PAGE, 2 * PAGE, MOVE_FIXED, dst + 1), EINVAL);
	EXPECT_ERRNO(remap(src, 2 * PAGE, 2 * PAGE, MOVE_FIXED, src + PAGE), EINVAL);
	EXPECT_ERRNO(remap(src, 2 * PAGE, 2 * PAGE, MOVE_FIXED, src - PAGE), EINVAL);
	/* Only new_len of the target is replaced. */
	CHECK(remap(src, 2 * PAGE, 2 * PAGE, MOVE_FIXED, dst) == dst);
	CHECK(all(dst, 2 * PAGE, 'S') && dst[2 * PAGE] == 'D');
	check_gone(src);
	/* A shrinking move drops the old tail; a growing one zero-fills. */
	char *t = map_anon(4 * PAGE, RW, MAP_PRIVATE);
	memset(t, 'T', 4 * PAGE);
	CHECK(remap(dst, 3 * PAGE, PAGE, MOVE_FIXED, t) == t);
	CHECK(t[0] == 'S' && t[PAGE] == 'T');
	check_gone(dst);
	check_gone(dst + 2 * PAGE);
	CHECK(remap(t, PAGE, 3 * PAGE, MOVE_FIXED, dst) == dst);
	CHECK(dst[0] == 'S' && all(dst + PAGE, 2 * PAGE, 0));
	check_gone(t);
	CHECK(t[PAGE] == 'T');
	gt_observe("fixed: moved=%c kept=%c grown tail=%d", dst[0], t[PAGE], dst[PAGE]);
}

void mremap_dontunmap(void)
{
	char *p = map_anon(2 * PAGE, RW, MAP_PRIVATE);
	memset(p, 'x', 2 * PAGE);
	EXPECT_ERRNO(remap(p, 2 * PAGE, 3 * PAGE, MOVE_KEEP, NULL), EINVAL); /* no resizing */
	EXPECT_ERRNO(remap(p, 2 * PAGE, 2 * PAGE, MREMAP_DONTUNMAP, NULL), EINVAL);
	char *q = remap(p, 2 * PAGE, 2 * PAGE, MOVE_KEEP, NULL);
	CHECK(q != MAP_FAILED && q != p);
	CHECK(all(q, 2 * PAGE, 'x'));
	CHECK(all(p, 2 * PAGE, 0)); /* still mapped, and empty */
	p[0] = 'y';
	CHECK(q[0] == 'x');
	/* A shared region's old range still shows the shared pages. */
	char *s = map_anon(PAGE, RW, MAP_SHARED);
	s[0] = 'z';
	char *r = remap(s, PAGE, PAGE, MOVE_KEEP, NULL);
	CHECK(r != MAP_FAILED && r != s);
	r[1] = 'w';
	gt_observe("dontunmap: new=%c old=%d; shared old=%c%c", q[1], p[1], s[0], s[1]);
}

void mremap_errors(void)
{
	char *p = map_anon(3 * PAGE, RW, MAP_PRIVATE);
	EXPECT_ERRNO(remap(p + 1, PAGE, 2 * PAGE, MOVE, NULL), EINVAL);
	EXPECT_ERRNO(remap(p, PAGE, 2 * PAGE, 0x100, NULL), EINVAL);
	EXPECT_ERRNO(remap(p, PAGE, 0, MOVE, NULL), EINVAL);
	EXPECT_ERRNO(remap(p, 0, PAGE, MOVE, NULL), EINVAL); /* duplicating a private mapping */
	EXPECT_OK(munmap(p + PAGE, PAGE));
	EXPECT_ERRNO(remap(p + PAGE, PAGE, 2 * PAGE, MOVE, NULL), EFAULT); /* nothing there */
	EXPECT_ERRNO(remap(p, 3 * PAGE, 4 * PAGE, MOVE, NULL), EFAULT);	  /* a hole inside */
	EXPECT_ERRNO(remap(p, 2 * PAGE, 2 * PAGE, MOVE_KEEP, NULL), EFAULT);
	char *q = map_blocked(2, 'q'); /* two mappings: read-write, read-only */
	EXPECT_ERRNO(remap(q, 2 * PAGE, 3 * PAGE, MOVE, NULL), EFAULT);
	EXPECT_ERRNO(remap(q, 2 * PAGE, 3 * PAGE, 0, NULL), EFAULT);
	CHECK(q[0] == 'q' && q[PAGE] == 'q'); /* failures change nothing */
	gt_observe("errors: EINVAL x4, EFAULT unmapped/hole/two mappings, unchanged=%c", q[PAGE]);
}

/* Linux keeps neighbours of the same kind as one mapping: an mmap right after
 * another, and the pieces of an mprotect undone. Either is one range for mremap. */
void mremap_merged_neighbours(void)
{
	char *p = map_anon(4 * PAGE, RW, MAP_PRIVATE);
	EXPECT_OK(munmap(p + 2 * PAGE, 2 * PAGE));
	char *n = mmap(p + 2 * PAGE, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(n == p + 2 * PAGE);
	memset(p, 'a', 4 * PAGE);
	char *q = remap(p, 4 * PAGE, 8 * PAGE, MOVE, NULL);
	CHECK(q != MAP_FAILED);
	CHECK(all(q, 4 * PAGE, 'a'));
	EXPECT_OK(mprotect(q + PAGE, PAGE, PROT_READ));
	EXPECT_OK(mprotect(q + PAGE, PAGE, RW));
	char *r = remap(q, 8 * PAGE, 12 * PAGE, MOVE, NULL);
	CHECK(r != MAP_FAILED);
	CHECK(all(r, 4 * PAGE, 'a'));
	gt_observe("merged neighbours: moved as one=%c", r[3 * PAGE]);
}

/* Two pipes for a parent and its forked child to take turns, then the fork. */
static pid_t fork_with_pipes(int a[2], int b[2])
{
	EXPECT_OK(pipe(a));
	EXPECT_OK(pipe(b));
	return EXPECT_OK(fork());
}

/* The parent moves a private region a forked child shares copy-on-write: each side
 * keeps seeing its own writes only, before and after the move. */
void mremap_cow_with_child(void)
{
	char *p = map_blocked(3, 'p');
	int ready[2], go[2];
	char c = 0;
	pid_t pid = fork_with_pipes(ready, go);
	if (pid == 0) {
		p[PAGE] = 'c';
		gt_write_all(ready[1], &c, 1);
		gt_read_all(go[0], &c, 1);
		_exit(all(p, PAGE, 'p') && p[PAGE] == 'c' && p[PAGE + 1] == 'p' ? 0 : 1);
	}
	gt_read_all(ready[0], &c, 1);
	char *q = remap(p, 2 * PAGE, 4 * PAGE, MOVE, NULL);
	CHECK(q != MAP_FAILED && q != p);
	CHECK(all(q, 2 * PAGE, 'p')); /* the child's write stays the child's */
	memset(q, 'P', PAGE);
	q[PAGE + 1] = 'Q';
	gt_write_all(go[1], &c, 1);
	CHECK_EXITED(gt_wait(pid), 0);
	CHECK(q[PAGE] == 'p' && q[PAGE + 1] == 'Q');
	gt_observe("cow across a move: parent=%c%c%c child's view unaffected", q[0], q[PAGE], q[PAGE + 1]);
}

/* A MAP_SHARED anonymous region moved by the parent stays shared with the child. */
void mremap_shared_with_child(void)
{
	volatile char *s = map_anon(2 * PAGE, RW, MAP_SHARED);
	EXPECT_OK(mprotect((char *)s + PAGE, PAGE, PROT_READ));
	s[0] = 'a';
	int go[2], done[2];
	char c = 0;
	pid_t pid = fork_with_pipes(go, done);
	if (pid == 0) {
		gt_read_all(go[0], &c, 1);
		int ok = s[0] == 'b';
		s[1] = 'c';
		gt_write_all(done[1], &c, 1);
		_exit(ok ? 0 : 1);
	}
	volatile char *q = remap((char *)s, PAGE, 2 * PAGE, MOVE, NULL);
	CHECK(q != MAP_FAILED && q != s);
	CHECK(q[0] == 'a');
	q[0] = 'b';
	gt_write_all(go[1], &c, 1);
	gt_read_all(done[0], &c, 1);
	CHECK(q[1] == 'c');
	CHECK_EXITED(gt_wait(pid), 0);
	gt_observe("shared across a move: child wrote %c, parent wrote %c", q[1], q[0]);
}

void mremap_file_mappings(void)
{
	gt_scratch();
	int fd = make_file("f", "");
	EXPECT_OK(ftruncate(fd, 3 * PAGE));
	CHECK_EQ(EXPECT_OK(pwrite(fd, "one", 3, 0)), 3);
	CHECK_EQ(EXPECT_OK(pwrite(fd, "two", 3, PAGE)), 3);
	CHECK_EQ(EXPECT_OK(pwrite(fd, "three", 5, 2 * PAGE)), 5);
	/* Private: the dirty page moves, the rest reads the file on; past its end SIGBUS. */
	char *p = mmap(NULL, PAGE, RW, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 'O';
	char *q = remap(p, PAGE, 4 * PAGE, MOVE, NULL);
	CHECK(q != MAP_FAILED);
	CHECK(memcmp(q, "One", 3) == 0 && memcmp(q + PAGE, "two", 3) == 0);
	CHECK(memcmp(q + 2 * PAGE, "three", 5) == 0);
	CHECK_SIGNALED(gt_run_child(read_byte, q + 3 * PAGE), SIGBUS);
	gt_observe("file, private: moved %.3s, then %.3s %.5s, SIGBUS past the end", q, q + PAGE,
		   q + 2 * PAGE);
	/* Shared: moved into a reserved range, still the file's pages, also for a child. */
	char *t = map_anon(2 * PAGE, RW, MAP_PRIVATE);
	char *s = mmap(NULL, PAGE, RW, MAP_SHARED, fd, PAGE);
	CHECK(s != MAP_FAILED);
	CHECK(remap(s, PAGE, 2 * PAGE, MOVE_FIXED, t) == t);
	CHECK(memcmp(t + PAGE, "three", 5) == 0);
	t[0] = 'T';
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		t[1] = 'W';
		_exit(0);
	}
	CHECK_EXITED(gt_wait(pid), 0);
	char buf[8] = "";
	CHECK_EQ(EXPECT_OK(pread(fd, buf, 3, PAGE)), 3);
	CHECK_EQ(EXPECT_OK(pread(fd, buf, 3, 0)), 3);
	CHECK_STR(buf, "one"); /* private writes stay private */
	CHECK_EQ(EXPECT_OK(pread(fd, buf, 3, PAGE)), 3);
	CHECK_STR(buf, "TWo");
	gt_observe("file, shared: after a move the file reads %s", buf);
}

/* musl's realloc moves a large block with mremap. */
void mremap_realloc(void)
{
	size_t n = MIB;
	unsigned char *m = malloc(n);
	CHECK(m != NULL);
	for (size_t i = 0; i < n; i++)
		m[i] = (unsigned char)(i * 31 + (i >> 12));
	size_t sizes[] = { 16 * MIB, 2 * MIB, 40 * MIB, 700 * 1024 };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		m = realloc(m, sizes[k]);
		CHECK(m != NULL);
		for (size_t i = 0; i < n && i < sizes[k]; i++)
			if (m[i] != (unsigned char)(i * 31 + (i >> 12)))
				gt_fail("realloc to %zu bytes: byte %zu lost", sizes[k], i);
		m[sizes[k] - 1] = 1;
	}
	free(m);
	gt_observe("realloc: 1 MiB kept through 16, 2, 40 MiB and 700 KiB");
}

struct container_spec {
	char name[64];
	uint64_t max_pids, max_memory;
};

/* A container's memory limit holds for mremap: growing charges, shrinking gives
 * back. Atoll only (atoll_container_create, 1010, is ENOSYS on Linux). */
void mremap_container_limit(void)
{
	struct container_spec spec = { .max_memory = 32 * MIB };
	snprintf(spec.name, sizeof spec.name, "mremap-%d", (int)getpid());
	if (syscall(1010, &spec) < 0) {
		if (errno == ENOSYS)
			gt_skip("Atoll-only: container limits (atoll_container_create is ENOSYS)");
		gt_fail("atoll_container_create: %s", gt_errno_name(errno));
	}
	char *p = map_anon(MIB, RW, MAP_PRIVATE);
	char *q = remap(p, MIB, 16 * MIB, MOVE, NULL);
	CHECK(q != MAP_FAILED);
	EXPECT_ERRNO(remap(q, 16 * MIB, 40 * MIB, MOVE, NULL), ENOMEM);
	q[16 * MIB - 1] = 1; /* still there */
	CHECK(remap(q, 16 * MIB, MIB, 0, NULL) == q);
	char *big = map_anon(24 * MIB, RW, MAP_PRIVATE); /* fits only if the shrink gave back */
	EXPECT_ERRNO(remap(q, MIB, 16 * MIB, MOVE, NULL), ENOMEM);
	EXPECT_ERRNO(remap(big, 24 * MIB, 24 * MIB, MOVE_KEEP, NULL), ENOMEM);
	/* Read-only and shared mappings commit nothing, so they grow freely. */
	char *ro = map_anon(MIB, PROT_READ, MAP_PRIVATE);
	CHECK(remap(ro, MIB, 64 * MIB, MOVE, NULL) != MAP_FAILED);
	char *sh = map_anon(MIB, RW, MAP_SHARED);
	CHECK(remap(sh, MIB, 64 * MIB, MOVE, NULL) != MAP_FAILED);
	EXPECT_OK(munmap(big, 24 * MIB));
	CHECK(remap(q, MIB, 16 * MIB, MOVE, NULL) != MAP_FAILED);
}
