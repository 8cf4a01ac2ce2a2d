/*
 * exhaust: the bare system survives running out of processes and out of memory
 * (issue 3: "a system-wide process limit makes fork fail with EAGAIN; when memory
 * runs out the faulting process is killed and init and the shell live on").
 *
 * fork_limit_is_eagain forks sleeping children until fork fails: the failure must be
 * EAGAIN (the kernel's MAX_PROCESSES, 512, minus what already runs), and once the
 * children are gone a fork works again. fork_bomb_is_contained is the real thing:
 * every process forks as fast as it can, the children too; each one that meets the
 * limit reports its errno through a pipe and waits. When the first report arrives
 * the bomb's process group is killed; its members were orphaned to init, which must
 * reap them all, so that within a deadline a fork works again. memory_hog_is_killed
 * touches anonymous memory in 16 MiB mmaps until the kernel stops it: it must die
 * of SIGKILL (Linux's out-of-memory kill), not hang, not fault, not take init with
 * it, and its memory must come back (free memory within MEM_SLACK of before). The
 * ctest that runs this (Tests/GuestRun/exhaust.sh) then types a command into the
 * console shell, to prove the shell lived on too.
 *
 * These are dangerous on a real machine (a fork bomb as root has no limit on
 * Linux; the hog would wake the host's OOM killer), so every case SKIPs unless
 * uname says the kernel is Atoll. The hog also stops by itself, and fails, once it
 * has touched more than all the RAM and swap sysinfo reports.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FORK_CAP 4096		/* far above the kernel's 512: a missing limit fails */
#define HOG_CHUNK (16UL << 20)
#define MEM_SLACK (8LL << 20)
#define RECOVER_SECONDS 20

static void only_on_atoll(void)
{
	struct utsname u;
	if (uname(&u) != 0 || !strstr(u.version, "Atoll"))
		gt_skip("runs only inside Atoll (uname version '%s'): exhaustion on the host is unsafe",
			u.version);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Forks a child that exits 0 at once and reaps it, retrying for up to `seconds` (the
 * exhausted table drains as init reaps orphans). Returns the number of tries. */
static int fork_works_again(int seconds)
{
	double deadline = now() + seconds;
	for (int tries = 1;; tries++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0) {
			CHECK_EXITED(gt_wait(pid), 0);
			return tries;
		}
		if (errno != EAGAIN)
			gt_fail("fork after the exhaustion: %s (want success or EAGAIN)", gt_errno_name(errno));
		if (now() > deadline)
			gt_fail("fork still fails with EAGAIN %d s after the exhaustion ended", seconds);
		usleep(50000);
	}
}

static void fork_limit_is_eagain(void)
{
	only_on_atoll();
	int hold[2];
	EXPECT_OK(pipe(hold));
	static pid_t kids[FORK_CAP];
	int n = 0, err = 0;
	for (; n < FORK_CAP; n++) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			char c;
			close(hold[1]);
			_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);	/* EOF: the test let go */
		}
		kids[n] = pid;
	}
	close(hold[0]);
	close(hold[1]);
	for (int i = 0; i < n; i++)
		CHECK_EXITED(gt_wait(kids[i]), 0);
	if (n == FORK_CAP)
		gt_fail("%d forks all succeeded: no process limit", FORK_CAP);
	if (err != EAGAIN)
		gt_fail("fork number %d failed with %s, want EAGAIN", n + 1, gt_errno_name(err));
	if (n < 400)
		gt_fail("fork failed after only %d children (MAX_PROCESSES is 512)", n);
	gt_note("fork failed with EAGAIN after %d children", n);
	fork_works_again(2);
}

/* One bomber: fork forever; at the limit, report the errno once and wait to die. */
static void bomber(int report)
{
	for (;;) {
		if (fork() < 0) {
			int err = errno;
			if (write(report, &err, sizeof err) != (ssize_t)sizeof err)
				_exit(1);
			for (;;)
				pause();
		}
	}
}

static void fork_bomb_is_contained(void)
{
	only_on_atoll();
	int rep[2];
	EXPECT_OK(pipe(rep));
	pid_t leader = EXPECT_OK(fork());
	if (leader == 0) {
		close(rep[0]);
		setpgid(0, 0);
		bomber(rep[1]);
	}
	close(rep[1]);
	setpgid(leader, leader);	/* either side may win the race; both set the same */
	int err = 0;
	ssize_t got = read(rep[0], &err, sizeof err);	/* the case's alarm bounds the wait */
	if (kill(-leader, SIGKILL) != 0)
		gt_fail("kill(-%d, SIGKILL): %s", (int)leader, gt_errno_name(errno));
	gt_wait(leader);
	if (got != (ssize_t)sizeof err)
		gt_fail("the bomb never reported a failing fork (read %zd)", got);
	if (err != EAGAIN)
		gt_fail("a bomber's fork failed with %s, want EAGAIN", gt_errno_name(err));
	/* The orphans go to init; until it has reaped them the table stays full. */
	int tries = fork_works_again(RECOVER_SECONDS);
	double deadline = now() + RECOVER_SECONDS;
	while (kill(-leader, 0) == 0) {
		if (now() > deadline)
			gt_fail("members of the killed bomb group %d still exist after %d s",
				(int)leader, RECOVER_SECONDS);
		usleep(50000);
	}
	gt_note("recovered after %d fork tries", tries);
	close(rep[0]);
}

static long long free_bytes(void)
{
	struct sysinfo si;
	EXPECT_OK(sysinfo(&si));
	return (long long)si.freeram * si.mem_unit;
}

/* The hog: touch 16 MiB chunks until killed; exit 3 past all memory, 4 if mmap fails. */
static void hog(void *arg)
{
	(void)arg;
	struct sysinfo si;
	if (sysinfo(&si) != 0)
		_exit(5);
	unsigned long long limit = ((unsigned long long)si.totalram + si.totalswap) * si.mem_unit;
	unsigned long long touched = 0;
	long page = sysconf(_SC_PAGESIZE);
	while (touched <= limit) {
		char *p = mmap(NULL, HOG_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(4);
		for (unsigned long off = 0; off < HOG_CHUNK; off += (unsigned long)page)
			p[off] = 1;
		touched += HOG_CHUNK;
	}
	_exit(3);
}

static void memory_hog_is_killed(void)
{
	only_on_atoll();
	long long before = free_bytes();
	int status = gt_run_child(hog, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		gt_fail("the hog touched more than all RAM and swap and was never stopped");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
		gt_fail("mmap failed before memory ran out: the hog was refused, not killed");
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		gt_fail("the hog ended with %s, want signal SIGKILL", gt_status_text(status));
	/* Its pages come back (the kernel may free them a moment after the reap). */
	long long after = free_bytes();
	for (int i = 0; i < 40 && before - after > MEM_SLACK; i++) {
		usleep(50000);
		after = free_bytes();
	}
	if (before - after > MEM_SLACK)
		gt_fail("free memory %lld KiB after the hog, %lld KiB before (slack %lld KiB)",
			after >> 10, before >> 10, MEM_SLACK >> 10);
	fork_works_again(2);
}

static const struct gt_case cases[] = {
	GT_CASE_T(fork_limit_is_eagain, 60),
	GT_CASE_T(fork_bomb_is_contained, 60),
	GT_CASE_T(memory_hog_is_killed, 120),
	GT_END,
};
GT_MAIN(cases)
