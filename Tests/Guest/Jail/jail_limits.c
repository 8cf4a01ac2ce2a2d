/*
 * Container limits (Atoll only): a fork bomb and a memory hog inside a container made
 * with atoll_container_create, and the same from a process that came in through
 * atoll_container_join (what `container exec` does). The limits are the container's,
 * not the jail's, so both modes expect the same: fork fails with EAGAIN once the
 * container holds max_pids processes (its creator counts), mmap/brk fail with ENOMEM
 * past max_memory, and the rest of the system goes on (the case process, outside,
 * forks and maps memory afterwards).
 */
#define _GNU_SOURCE
#include "jail.h"
#include "API/atoll.h"

#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LIMIT_PIDS 8
/* NOTE: Atoll charges each process's whole 8 MiB stack reservation as committed
 * memory, so a limit must leave room for 8.5 MiB or so per member. */
#define LIMIT_MEMORY (64UL << 20)
#define JOIN_MEMORY (128UL << 20)

static void need_atoll(void)
{
	if (!jail_kernel_is_atoll())
		gt_skip("Atoll-only: atoll_container_create is ENOSYS on this kernel");
}

static long create_container(const char *name, uint64_t pids, uint64_t memory)
{
	struct atoll_container_spec spec = { .max_pids = pids, .max_memory = memory };
	snprintf(spec.name, sizeof spec.name, "%s-%d", name, (int)getpid());
	return EXPECT_OK(syscall(ATOLL_SYS_container_create, &spec));
}

/* Forks sleepers until fork fails; checks it failed with EAGAIN after exactly
 * `expected` children, then kills and reaps them. */
static void fork_until_refused(int expected)
{
	pid_t kids[64];
	int n = 0;
	for (; n < 64; n++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (;;)
				pause();
		}
		if (pid < 0) {
			if (errno != EAGAIN)
				gt_fail("fork %d: expected EAGAIN, got %s", n + 1, gt_errno_name(errno));
			break;
		}
		kids[n] = pid;
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		gt_wait(kids[i]);
	CHECK_EQ(n, expected);
}

/* The rest of the system goes on: the case process forks and maps memory. */
static void outside_goes_on(void)
{
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0)
		_exit(0);
	CHECK_EXITED(gt_wait(pid), 0);
	size_t size = 32UL << 20;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		gt_fail("outside the container, mmap %zu: %s", size, gt_errno_name(errno));
	for (size_t i = 0; i < size; i += 4096)
		p[i] = 1;
	munmap(p, size);
}

static void fork_bomb(enum jail_mode mode)
{
	create_container("bomb", LIMIT_PIDS, 0);
	jail_enter(mode);
	fork_until_refused(LIMIT_PIDS - 1);
	fork_until_refused(LIMIT_PIDS - 1); /* the count came back */
}
void limits_fork_bomb(void)
{
	need_atoll();
	jail_both(fork_bomb);
	outside_goes_on();
}

/* Committed writable memory past the limit: a big mmap, then 1 MiB mmaps and brk
 * steps until refused; the total that got through stays under the limit. */
static void memory_hog(enum jail_mode mode)
{
	create_container("hog", 0, LIMIT_MEMORY);
	jail_enter(mode);
	void *big = mmap(NULL, 2 * LIMIT_MEMORY, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big != MAP_FAILED || errno != ENOMEM)
		gt_fail("mmap of twice the limit: expected ENOMEM, got %s",
			big != MAP_FAILED ? "success" : gt_errno_name(errno));
	size_t got = 0;
	for (;;) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (p == MAP_FAILED) {
			CHECK_EQ(errno, ENOMEM);
			break;
		}
		p[0] = 1;
		got += 1 << 20;
		CHECK(got <= LIMIT_MEMORY);
	}
	gt_note("%zu MiB of 1 MiB mappings got through under a %lu MiB limit", got >> 20,
		LIMIT_MEMORY >> 20);
	CHECK(got >= LIMIT_MEMORY / 2);
	void *top = sbrk(0);
	CHECK(top != (void *)-1);
	errno = 0;
	CHECK(sbrk(1 << 20) == (void *)-1);
	CHECK_EQ(errno, ENOMEM);
	/* Read-only mappings commit nothing. */
	void *ro = mmap(NULL, 2 * LIMIT_MEMORY, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED);
}
void limits_memory_hog(void)
{
	need_atoll();
	jail_both(memory_hog);
	outside_goes_on();
}

/* A process that joins (container exec's way) is bound like the members: with the
 * creator and itself inside, it may fork max_pids - 2 times; an mmap of twice the
 * memory limit is ENOMEM. */
static void after_join(enum jail_mode mode)
{
	int ready[2], done[2];
	char c = 0;
	EXPECT_OK(pipe(ready));
	EXPECT_OK(pipe(done));
	pid_t creator = EXPECT_OK(fork());
	if (creator == 0) {
		long id = create_container("join", LIMIT_PIDS, JOIN_MEMORY);
		gt_write_all(ready[1], &id, sizeof id);
		gt_read_all(done[0], &c, 1); /* stay a member until the joiner is done */
		_exit(0);
	}
	long id;
	gt_read_all(ready[0], &id, sizeof id);
	EXPECT_OK(syscall(ATOLL_SYS_container_join, id));
	jail_enter(mode);
	fork_until_refused(LIMIT_PIDS - 2);
	void *big = mmap(NULL, 2 * JOIN_MEMORY, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big != MAP_FAILED || errno != ENOMEM)
		gt_fail("joined: mmap of twice the limit: expected ENOMEM, got %s",
			big != MAP_FAILED ? "success" : gt_errno_name(errno));
	gt_write_all(done[1], &c, 1);
	CHECK_EXITED(gt_wait(creator), 0);
}
void limits_after_join(void)
{
	need_atoll();
	jail_both(after_join);
	outside_goes_on();
}
