/*
 * locks: advisory file locking as Linux does it.
 *
 * flock(2): shared and exclusive locks of the open file description (so dup and
 * fork share them and only the last close releases them), conversion (a failed
 * LOCK_NB upgrade leaves no lock), EWOULDBLOCK, blocking waits that end when the
 * holder unlocks or with EINTR. fcntl record locks: conflicts between processes
 * only, F_GETLK's report (type, range from SEEK_SET, l_len 0 for "to EOF", the
 * holder's PID), ranges from SEEK_CUR/SEEK_END and negative lengths, merging and
 * splitting of a process's own locks, release when the process closes any
 * descriptor of the file and when it dies, F_SETLKW waking and EINTR, EDEADLK, and
 * EBADF for a lock the descriptor's access mode does not allow. OFD locks: owned by
 * the open file description (they conflict within one process), l_pid -1.
 *
 * Every file is in the case's scratch directory on /tmp. Another process's view
 * (F_GETLK) is taken by a forked prober, since a process never conflicts with its
 * own POSIX locks.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Pipes between a case and the one child it coordinates with. */
static int ready_pipe[2], go_pipe[2];

static void sync_init(void)
{
	EXPECT_OK(pipe(ready_pipe));
	EXPECT_OK(pipe(go_pipe));
}
static void say_ready(void) { gt_write_all(ready_pipe[1], "r", 1); }
static void await_ready(void) { char c; gt_read_all(ready_pipe[0], &c, 1); }
static void say_go(void) { gt_write_all(go_pipe[1], "g", 1); }
static void await_go(void) { char c; gt_read_all(go_pipe[0], &c, 1); }

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* A 100-byte file "f" in a fresh scratch directory, open with `flags`. */
static int scratch_file(int flags)
{
	gt_scratch();
	gt_write_file("f", "0123456789012345678901234567890123456789012345678901234567890123456789"
			   "012345678901234567890123456789", 0644);
	return (int)EXPECT_OK(open("f", flags));
}

static int lk(int fd, int cmd, short type, short whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

static const char *type_name(int type)
{
	return type == F_RDLCK ? "RD" : type == F_WRLCK ? "WR" : type == F_UNLCK ? "UN" : "?";
}

static void nothing(int sig) { (void)sig; }

/* SIGUSR1 interrupts system calls (no SA_RESTART). */
static void interrupt_on_usr1(void)
{
	struct sigaction sa = { .sa_handler = nothing };
	EXPECT_OK(sigaction(SIGUSR1, &sa, NULL));
}

/* ---- F_GETLK as another process sees it ---- */

struct probe {
	int fd, cmd;
	struct flock fl;
	int out[2];
};

static void probe_child(void *arg)
{
	struct probe *p = arg;
	EXPECT_OK(fcntl(p->fd, p->cmd, &p->fl));
	gt_write_all(p->out[1], &p->fl, sizeof p->fl);
}

/* F_GETLK (type over [start, start+len) from whence) through fd from a forked
 * process. l_pid goes in as 4242 so that an untouched field shows. */
static struct flock probe_at(int fd, short type, short whence, off_t start, off_t len)
{
	struct probe p = { .fd = fd, .cmd = F_GETLK,
			   .fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len, .l_pid = 4242 } };
	EXPECT_OK(pipe(p.out));
	pid_t pid = gt_fork_fn(probe_child, &p);
	gt_read_all(p.out[0], &p.fl, sizeof p.fl);
	CHECK_EXITED(gt_wait(pid), 0);
	close(p.out[0]);
	close(p.out[1]);
	return p.fl;
}

static void observe_lock(const char *what, struct flock fl, const char *pid)
{
	if (fl.l_type == F_UNLCK)
		gt_observe("%s: UN", what);
	else
		gt_observe("%s: %s start=%lld len=%lld pid=%s", what, type_name(fl.l_type), (long long)fl.l_start,
			   (long long)fl.l_len, pid);
}

/* One F_GETLK another process makes, and the lock it must report (want F_UNLCK:
 * none, and the struct comes back untouched but for l_type). */
struct query {
	short type, whence;
	off_t start, len;
	short want;
	off_t want_start, want_len;
};

/* Runs the queries through fd from a prober; the locks found must be held by
 * `holder`. Observes each as "what: query -> answer". */
static void check_queries(int fd, const char *what, pid_t holder, const struct query *q, int n)
{
	for (int i = 0; i < n; i++) {
		struct flock fl = probe_at(fd, q[i].type, q[i].whence, q[i].start, q[i].len);
		char text[96];
		snprintf(text, sizeof text, "%s: %s whence=%d [%lld,%+lld)", what, type_name(q[i].type), q[i].whence,
			 (long long)q[i].start, (long long)q[i].len);
		observe_lock(text, fl, holder == -1 ? "-1" : "holder");
		int found = q[i].want != F_UNLCK;
		if (fl.l_type != q[i].want ||
		    (found && (fl.l_whence != SEEK_SET || fl.l_start != q[i].want_start ||
			       fl.l_len != q[i].want_len || fl.l_pid != holder)) ||
		    (!found && (fl.l_pid != 4242 || fl.l_start != q[i].start || fl.l_whence != q[i].whence)))
			gt_fail("%s: got %s whence=%d start=%lld len=%lld pid=%d", text, type_name(fl.l_type), fl.l_whence,
				(long long)fl.l_start, (long long)fl.l_len, (int)fl.l_pid);
	}
}
#define CHECK_QUERIES(fd, what, holder, ...) \
	check_queries(fd, what, holder, (const struct query[]){ __VA_ARGS__ }, \
		      sizeof((const struct query[]){ __VA_ARGS__ }) / sizeof(struct query))

/* ---- a child holding a lock on "f" ---- */

enum hold_kind { HOLD_FLOCK, HOLD_POSIX, HOLD_OFD };

struct holder {
	enum hold_kind kind;
	int nag;	/* send SIGUSR1 to the parent every 100 ms instead of letting go */
};

/* Sends SIGUSR1 to the parent every 100 ms until told to stop. */
static void nag_parent(void)
{
	struct pollfd p = { go_pipe[0], POLLIN, 0 };
	while (poll(&p, 1, 100) == 0)
		kill(getppid(), SIGUSR1);
}

/* Takes an exclusive lock (flock, or a record lock on [0,10)), says so, then either
 * nags the parent or, 200 ms later, lets go (LOCK_UN, F_UNLCK, or for an OFD lock
 * the last close of its description); exits when told to. */
static void holder_child(void *arg)
{
	const struct holder *h = arg;
	int fd = (int)EXPECT_OK(open("f", O_RDWR));
	if (h->kind == HOLD_FLOCK)
		EXPECT_OK(flock(fd, LOCK_EX));
	else
		EXPECT_OK(lk(fd, h->kind == HOLD_OFD ? F_OFD_SETLK : F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	say_ready();
	if (h->nag) {
		nag_parent();
		return;
	}
	usleep(200 * 1000);
	if (h->kind == HOLD_FLOCK)
		EXPECT_OK(flock(fd, LOCK_UN));
	else if (h->kind == HOLD_POSIX)
		EXPECT_OK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10));
	else
		close(fd);
	await_go();
}

/* Starts a holder (a nagging one with SIGUSR1 set to interrupt) and returns once it
 * holds the lock. */
static pid_t start_holder(enum hold_kind kind, int nag)
{
	struct holder h = { kind, nag };
	sync_init();
	if (nag)
		interrupt_on_usr1();
	pid_t pid = gt_fork_fn(holder_child, &h);
	await_ready();
	return pid;
}

static void finish_holder(pid_t pid)
{
	say_go();
	CHECK_EXITED(gt_wait(pid), 0);
}

/* The blocking requests the wait cases make on "f" (fd). */
static int flock_ex(int fd) { return flock(fd, LOCK_EX); }
static int setlkw_wr(int fd) { return lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 5, 10); }
static int ofd_setlkw_rd(int fd) { return lk(fd, F_OFD_SETLKW, F_RDLCK, SEEK_SET, 0, 1); }

/* request(fd) must wait for a holder of `kind` to let go, then succeed. */
static void check_wakes(enum hold_kind kind, int (*request)(int fd), const char *what)
{
	int fd = scratch_file(O_RDWR);
	pid_t pid = start_holder(kind, 0);
	long long t0 = now_ms();
	EXPECT_OK(request(fd));
	CHECK(now_ms() - t0 >= 100);
	finish_holder(pid);
	gt_observe("%s waited for the holder to let go", what);
}

/* request(fd) must fail with EINTR while a nagging holder of `kind` holds the lock;
 * returns fd with the holder still holding it (finish_holder(*pid) ends it). */
static int check_interrupted(enum hold_kind kind, int (*request)(int fd), pid_t *pid)
{
	int fd = scratch_file(O_RDWR);
	*pid = start_holder(kind, 1);
	EXPECT_ERRNO(request(fd), EINTR);
	return fd;
}

/* ---- flock ---- */

static void flock_shared_exclusive(void)
{
	int a = scratch_file(O_RDWR), b = (int)EXPECT_OK(open("f", O_RDONLY));
	/* Two descriptions: their locks conflict even within one process. */
	EXPECT_OK(flock(a, LOCK_SH));
	EXPECT_OK(flock(b, LOCK_SH | LOCK_NB));
	EXPECT_OK(flock(a, LOCK_UN));
	EXPECT_OK(flock(a, LOCK_UN)); /* no lock: still fine */
	EXPECT_ERRNO(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	EXPECT_OK(flock(b, LOCK_EX | LOCK_NB)); /* upgrade, no one else holds it */
	EXPECT_ERRNO(flock(a, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	EXPECT_OK(flock(b, LOCK_SH)); /* downgrade */
	EXPECT_OK(flock(a, LOCK_SH | LOCK_NB));
	/* A failed upgrade gives up the shared lock it had (Linux converts by unlocking). */
	EXPECT_ERRNO(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	EXPECT_OK(flock(b, LOCK_EX | LOCK_NB));
	gt_observe("sh+sh shared, ex|nb while shared EWOULDBLOCK, failed upgrade leaves no lock");
	/* flock and fcntl locks never meet. */
	EXPECT_OK(lk(a, F_SETLK, F_RDLCK, SEEK_SET, 0, 0));
}

static void flock_errors(void)
{
	int fd = scratch_file(O_RDWR);
	EXPECT_ERRNO(flock(-1, LOCK_SH), EBADF);
	EXPECT_ERRNO(flock(1000, LOCK_EX), EBADF);
	EXPECT_ERRNO(flock(fd, 0), EINVAL);
	EXPECT_ERRNO(flock(fd, LOCK_SH | LOCK_EX), EINVAL);
	EXPECT_ERRNO(flock(fd, LOCK_NB), EINVAL);
	EXPECT_ERRNO(flock(fd, 64), EINVAL);
	int path = (int)EXPECT_OK(open("f", O_PATH));
	EXPECT_ERRNO(flock(path, LOCK_SH), EBADF);
	/* Any access mode may take either kind (unlike fcntl). */
	int ro = (int)EXPECT_OK(open("f", O_RDONLY));
	EXPECT_OK(flock(ro, LOCK_EX));
	int wo = (int)EXPECT_OK(open("f", O_WRONLY));
	EXPECT_ERRNO(flock(wo, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	close(ro);
	EXPECT_OK(flock(wo, LOCK_SH | LOCK_NB));
	gt_observe("EBADF for bad and O_PATH fds, EINVAL for bad operations");
}

static void try_exclusive_child(void *arg)
{
	int fd = *(int *)arg;
	/* The inherited description: the parent's lock is this one's, converting is a no-op. */
	EXPECT_OK(flock(fd, LOCK_EX | LOCK_NB));
	int own = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_ERRNO(flock(own, LOCK_EX | LOCK_NB), EWOULDBLOCK);
}

static void flock_shared_by_dup_and_fork(void)
{
	int fd = scratch_file(O_RDWR), other = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_OK(flock(fd, LOCK_EX));
	int copy = (int)EXPECT_OK(dup(fd));
	EXPECT_OK(flock(copy, LOCK_UN)); /* the same lock */
	EXPECT_OK(flock(other, LOCK_EX | LOCK_NB));
	EXPECT_OK(flock(other, LOCK_UN));
	EXPECT_OK(flock(fd, LOCK_EX));
	CHECK_EXITED(gt_run_child(try_exclusive_child, &fd), 0);
	EXPECT_ERRNO(flock(other, LOCK_EX | LOCK_NB), EWOULDBLOCK); /* the child's exit kept it */
	close(fd);
	EXPECT_ERRNO(flock(other, LOCK_EX | LOCK_NB), EWOULDBLOCK); /* copy still open */
	close(copy);
	EXPECT_OK(flock(other, LOCK_EX | LOCK_NB)); /* last close released it */
	gt_observe("dup and fork share the lock; released at the last close");
}

static void flock_wait_wakes_on_unlock(void)
{
	check_wakes(HOLD_FLOCK, flock_ex, "LOCK_EX");
}

static void flock_eintr(void)
{
	pid_t pid;
	int fd = check_interrupted(HOLD_FLOCK, flock_ex, &pid);
	EXPECT_ERRNO(flock(fd, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	finish_holder(pid);
	EXPECT_OK(flock(fd, LOCK_SH | LOCK_NB));
	gt_observe("a signal ends the wait with EINTR; the holder's exit releases");
}

/* ---- POSIX record locks ---- */

static void posix_conflicts_and_getlk(void)
{
	int fd = scratch_file(O_RDWR);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10));
	EXPECT_OK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 50, 10));
	/* Never in conflict with one's own locks. */
	struct flock own = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	EXPECT_OK(fcntl(fd, F_GETLK, &own));
	CHECK_EQ(own.l_type, F_UNLCK);

	CHECK_QUERIES(fd, "WR [10,20) RD [50,60)", getpid(),
		      { F_RDLCK, SEEK_SET, 0, 30, F_WRLCK, 10, 10 },
		      { F_RDLCK, SEEK_SET, 40, 20, F_UNLCK, 0, 0 },	/* read locks share */
		      { F_WRLCK, SEEK_SET, 55, 1, F_RDLCK, 50, 10 },
		      { F_WRLCK, SEEK_SET, 20, 30, F_UNLCK, 0, 0 });	/* touches neither */
	/* F_GETLK wants a lock type. */
	struct flock bad = { .l_type = F_UNLCK, .l_whence = SEEK_SET };
	EXPECT_ERRNO(fcntl(fd, F_GETLK, &bad), EINVAL);
}

static void setlk_in_child(void *arg)
{
	(void)arg;
	int fd = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 15, 1), EAGAIN);
	EXPECT_ERRNO(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 0), EAGAIN);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 20, 10));
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
}

static void posix_setlk_eagain(void)
{
	int fd = scratch_file(O_RDWR);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10));
	CHECK_EXITED(gt_run_child(setlk_in_child, NULL), 0);
	/* The child's locks went with it. */
	CHECK_QUERIES(fd, "child gone", getpid(), { F_WRLCK, SEEK_SET, 0, 0, F_WRLCK, 10, 10 },
		      { F_WRLCK, SEEK_SET, 20, 0, F_UNLCK, 0, 0 });
	gt_observe("overlap with another process's lock EAGAIN, beside it fine");
}

static void posix_merge_and_split(void)
{
	int fd = scratch_file(O_RDWR);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
	EXPECT_OK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20)); /* the middle piece */
	CHECK_QUERIES(fd, "middle unlocked", getpid(),
		      { F_RDLCK, SEEK_SET, 40, 20, F_UNLCK, 0, 0 },
		      { F_RDLCK, SEEK_SET, 30, 15, F_WRLCK, 0, 40 },
		      { F_RDLCK, SEEK_SET, 55, 10, F_WRLCK, 60, 40 });
	/* Filling the hole merges the three into one lock. */
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 40, 20));
	CHECK_QUERIES(fd, "refilled", getpid(), { F_RDLCK, SEEK_SET, 0, 1, F_WRLCK, 0, 100 });
	/* A read lock inside splits it; read locks share. */
	EXPECT_OK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 45, 10));
	CHECK_QUERIES(fd, "read inside", getpid(),
		      { F_RDLCK, SEEK_SET, 50, 1, F_UNLCK, 0, 0 },
		      { F_WRLCK, SEEK_SET, 50, 1, F_RDLCK, 45, 10 },
		      { F_RDLCK, SEEK_SET, 40, 10, F_WRLCK, 0, 45 });
	/* Touching read locks merge too. */
	EXPECT_OK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 55, 5));
	CHECK_QUERIES(fd, "read extended", getpid(), { F_WRLCK, SEEK_SET, 58, 1, F_RDLCK, 45, 15 });
	EXPECT_OK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	CHECK_QUERIES(fd, "all unlocked", getpid(), { F_WRLCK, SEEK_SET, 0, 0, F_UNLCK, 0, 0 });
}

static void posix_ranges(void)
{
	int fd = scratch_file(O_RDWR);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 200, 0));	/* to EOF and beyond */
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 150, -10));	/* [140,150) */
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_END, -10, 5));	/* size 100: [90,95) */
	EXPECT_OK(lseek(fd, 70, SEEK_SET));
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, -5, 2));	/* [65,67) */
	/* The prober shares the offset (70); the first conflict in order of start. */
	CHECK_QUERIES(fd, "five ranges", getpid(),
		      { F_RDLCK, SEEK_SET, 1000000, 1, F_WRLCK, 200, 0 },
		      { F_RDLCK, SEEK_SET, 149, 1, F_WRLCK, 140, 10 },
		      { F_RDLCK, SEEK_SET, 94, 10, F_WRLCK, 90, 5 },
		      { F_RDLCK, SEEK_SET, 60, 6, F_WRLCK, 65, 2 },
		      { F_WRLCK, SEEK_CUR, -4, 1, F_WRLCK, 65, 2 },
		      { F_WRLCK, SEEK_CUR, -3, 25, F_WRLCK, 90, 5 },
		      { F_WRLCK, SEEK_END, 0, 0, F_WRLCK, 140, 10 },
		      { F_WRLCK, SEEK_END, 50, -5, F_WRLCK, 140, 10 },
		      { F_WRLCK, SEEK_END, 60, -10, F_UNLCK, 0, 0 });
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, -20), EINVAL);
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 5), EINVAL);
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, SEEK_END, -101, 1), EINVAL);
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, 3, 0, 1), EINVAL);
	EXPECT_ERRNO(lk(fd, F_SETLK, 7, SEEK_SET, 0, 1), EINVAL);
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0x7fffffffffffff00LL, 0x1000), EOVERFLOW);
	gt_observe("EINVAL for ranges before 0, bad whence and type; EOVERFLOW past the end");
}

static void posix_mode_checks(void)
{
	int ro = scratch_file(O_RDONLY), wo = (int)EXPECT_OK(open("f", O_WRONLY));
	EXPECT_ERRNO(lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF);
	EXPECT_OK(lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	EXPECT_ERRNO(lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), EBADF);
	EXPECT_ERRNO(lk(wo, F_SETLKW, F_RDLCK, SEEK_SET, 0, 1), EBADF);
	EXPECT_OK(lk(wo, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	EXPECT_OK(lk(ro, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	EXPECT_OK(fcntl(ro, F_GETLK, &fl)); /* testing needs no access */
	int path = (int)EXPECT_OK(open("f", O_PATH));
	EXPECT_ERRNO(lk(path, F_SETLK, F_UNLCK, SEEK_SET, 0, 0), EBADF);
	EXPECT_ERRNO(fcntl(path, F_GETLK, &fl), EBADF);
	EXPECT_ERRNO(lk(-1, F_SETLK, F_RDLCK, SEEK_SET, 0, 0), EBADF);
	gt_observe("read lock needs read access, write lock write access: else EBADF");
}

static void posix_released_by_any_close(void)
{
	int fd = scratch_file(O_RDWR), other = (int)EXPECT_OK(open("f", O_RDONLY));
	EXPECT_OK(flock(fd, LOCK_EX));
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CHECK_QUERIES(fd, "locked", getpid(), { F_WRLCK, SEEK_SET, 0, 0, F_WRLCK, 0, 10 });
	close(other); /* another description of the same file */
	CHECK_QUERIES(fd, "closed another fd", getpid(), { F_WRLCK, SEEK_SET, 0, 0, F_UNLCK, 0, 0 });
	EXPECT_ERRNO(flock((int)EXPECT_OK(open("f", O_RDONLY)), LOCK_SH | LOCK_NB), EWOULDBLOCK);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	close((int)EXPECT_OK(dup(fd)));
	CHECK_QUERIES(fd, "closed a dup", getpid(), { F_WRLCK, SEEK_SET, 0, 0, F_UNLCK, 0, 0 });
	gt_observe("the flock lock stays");
}

static void hold_posix_child(void *arg)
{
	(void)arg;
	int fd = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 5));
	int fl = (int)EXPECT_OK(open("f", O_RDONLY));
	EXPECT_OK(flock(fl, LOCK_EX));
	say_ready();
	pause();
}

static void posix_released_at_exit(void)
{
	int fd = scratch_file(O_RDWR);
	sync_init();
	pid_t pid = gt_fork_fn(hold_posix_child, NULL);
	await_ready();
	CHECK_QUERIES(fd, "holder alive", pid, { F_RDLCK, SEEK_SET, 0, 0, F_WRLCK, 5, 5 });
	EXPECT_ERRNO(flock(fd, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	EXPECT_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(gt_wait(pid), SIGKILL);
	CHECK_QUERIES(fd, "holder killed", pid, { F_RDLCK, SEEK_SET, 0, 0, F_UNLCK, 0, 0 });
	EXPECT_OK(flock(fd, LOCK_EX | LOCK_NB));
}

static void posix_setlkw_wakes(void)
{
	check_wakes(HOLD_POSIX, setlkw_wr, "F_SETLKW");
}

static void posix_setlkw_eintr(void)
{
	pid_t pid;
	int fd = check_interrupted(HOLD_POSIX, setlkw_wr, &pid);
	EXPECT_ERRNO(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 9, 1), EAGAIN);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 5));
	finish_holder(pid);
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	gt_observe("a signal ends F_SETLKW with EINTR");
}

static void deadlock_child(void *arg)
{
	(void)arg;
	int fd = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1));
	say_ready();
	usleep(300 * 1000); /* let the parent sleep waiting for byte 1 */
	int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
	_exit(r < 0 ? errno : 0);
}

static void posix_deadlock(void)
{
	int fd = scratch_file(O_RDWR);
	sync_init();
	EXPECT_OK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	pid_t pid = gt_fork_fn(deadlock_child, NULL);
	await_ready();
	int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1), err = errno;
	if (r < 0) {
		/* The child went to sleep first: this request closed the cycle. */
		CHECK_EQ(err, EDEADLK);
		EXPECT_OK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
		CHECK_EXITED(gt_wait(pid), 0);
	} else {
		CHECK_EXITED(gt_wait(pid), EDEADLK);
	}
	gt_observe("two processes waiting for each other: one gets EDEADLK, the other the lock");
}

/* ---- OFD locks ---- */

static void ofd_child(void *arg)
{
	int fd = *(int *)arg;
	/* Same description: same owner, even in another process. */
	EXPECT_OK(lk(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 20));
	int own = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_ERRNO(lk(own, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), EAGAIN);
}

static void ofd_locks(void)
{
	int a = scratch_file(O_RDWR), b = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_OK(lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	EXPECT_ERRNO(lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1), EAGAIN);
	EXPECT_ERRNO(lk(b, F_SETLK, F_RDLCK, SEEK_SET, 5, 1), EAGAIN); /* POSIX vs OFD */
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	EXPECT_OK(fcntl(b, F_OFD_GETLK, &fl));
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_start, 0);
	CHECK_EQ(fl.l_len, 10);
	CHECK_EQ(fl.l_pid, -1);
	observe_lock("F_OFD_GETLK through another description", fl, "-1");
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET };
	EXPECT_OK(fcntl(a, F_OFD_GETLK, &fl));
	CHECK_EQ(fl.l_type, F_UNLCK);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET };
	EXPECT_OK(fcntl(b, F_GETLK, &fl));
	CHECK_EQ(fl.l_pid, -1);
	/* l_pid must be 0. */
	struct flock bad = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 50, .l_len = 1, .l_pid = 1 };
	EXPECT_ERRNO(fcntl(a, F_OFD_SETLK, &bad), EINVAL);
	EXPECT_ERRNO(fcntl(a, F_OFD_GETLK, &bad), EINVAL);
	CHECK_EXITED(gt_run_child(ofd_child, &a), 0);
	/* Closing another descriptor of the file does not release OFD locks. */
	close(b);
	CHECK_QUERIES(a, "extended by the child, other fd closed", -1, { F_RDLCK, SEEK_SET, 15, 1, F_WRLCK, 0, 20 });
	int c = (int)EXPECT_OK(open("f", O_RDWR));
	EXPECT_ERRNO(lk(c, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1), EAGAIN);
	close(a);
	EXPECT_OK(lk(c, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 0));
	gt_observe("OFD locks conflict between descriptions, not between processes sharing one");
}

static void ofd_setlkw_wakes(void)
{
	check_wakes(HOLD_OFD, ofd_setlkw_rd, "F_OFD_SETLKW (the holder closes)");
}

static const struct gt_case cases[] = {
	GT_CASE(flock_shared_exclusive),
	GT_CASE(flock_errors),
	GT_CASE(flock_shared_by_dup_and_fork),
	GT_CASE(flock_wait_wakes_on_unlock),
	GT_CASE(flock_eintr),
	GT_CASE(posix_conflicts_and_getlk),
	GT_CASE(posix_setlk_eagain),
	GT_CASE(posix_merge_and_split),
	GT_CASE(posix_ranges),
	GT_CASE(posix_mode_checks),
	GT_CASE(posix_released_by_any_close),
	GT_CASE(posix_released_at_exit),
	GT_CASE(posix_setlkw_wakes),
	GT_CASE(posix_setlkw_eintr),
	GT_CASE(posix_deadlock),
	GT_CASE(ofd_locks),
	GT_CASE(ofd_setlkw_wakes),
	GT_END,
};
GT_MAIN(cases)
