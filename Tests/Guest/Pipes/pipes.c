/*
 * pipes: Linux pipe semantics a program can observe.
 *
 * pipe/pipe2 flags and access modes, EOF once every writer is gone, EPIPE (with
 * SIGPIPE ignored) once every reader is gone, EAGAIN on empty/full non-blocking
 * pipes, the default capacity of 65536 bytes (16 pages; Linux's pipe(7)), partial
 * non-blocking writes above PIPE_BUF, atomic writes up to PIPE_BUF from several
 * writers, and what poll/ppoll/select report for each state.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void data_then_eof(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	gt_write_all(p[1], "hello", 5);
	close(p[1]);
	char buf[16];
	CHECK_EQ(EXPECT_OK(read(p[0], buf, sizeof buf)), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK_EQ(EXPECT_OK(read(p[0], buf, sizeof buf)), 0);
	CHECK_EQ(EXPECT_OK(read(p[0], buf, sizeof buf)), 0);
}

static void pipe2_flags_and_modes(void)
{
	int p[2];
	EXPECT_OK(pipe2(p, O_CLOEXEC | O_NONBLOCK));
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(EXPECT_OK(fcntl(p[i], F_GETFD)), FD_CLOEXEC);
		CHECK(EXPECT_OK(fcntl(p[i], F_GETFL)) & O_NONBLOCK);
	}
	CHECK_EQ(EXPECT_OK(fcntl(p[0], F_GETFL)) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(EXPECT_OK(fcntl(p[1], F_GETFL)) & O_ACCMODE, O_WRONLY);
	EXPECT_ERRNO(write(p[0], "x", 1), EBADF);
	char c;
	EXPECT_ERRNO(read(p[1], &c, 1), EBADF);
	EXPECT_ERRNO(pipe2(p, O_APPEND), EINVAL);
	EXPECT_OK(pipe(p));
	CHECK_EQ(EXPECT_OK(fcntl(p[0], F_GETFD)), 0);
	CHECK(!(EXPECT_OK(fcntl(p[0], F_GETFL)) & O_NONBLOCK));
	EXPECT_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
}

static void epipe_without_readers(void)
{
	signal(SIGPIPE, SIG_IGN);
	int p[2];
	EXPECT_OK(pipe(p));
	close(p[0]);
	EXPECT_ERRNO(write(p[1], "x", 1), EPIPE);
}

static void capacity_and_eagain(void)
{
	int p[2];
	EXPECT_OK(pipe2(p, O_NONBLOCK));
	char c, block[4096];
	memset(block, 'b', sizeof block);
	EXPECT_ERRNO(read(p[0], &c, 1), EAGAIN);
	long total = 0;
	for (;;) {
		ssize_t n = write(p[1], block, sizeof block);
		if (n < 0) {
			CHECK_EQ(errno, EAGAIN);
			break;
		}
		total += n;
		if (total > (1L << 24))
			gt_fail("pipe accepted more than 16 MiB without EAGAIN");
	}
	CHECK_EQ(total, 65536);
	gt_observe("capacity with 4096-byte writes: %ld", total);
	EXPECT_ERRNO(write(p[1], "x", 1), EAGAIN);
	gt_read_all(p[0], block, sizeof block);
	/* Above PIPE_BUF a non-blocking write is not atomic: it fills the space. */
	static char big[10000];
	CHECK_EQ(EXPECT_OK(write(p[1], big, sizeof big)), 4096);
	/* Up to PIPE_BUF it is all-or-nothing. */
	gt_read_all(p[0], block, 100);
	EXPECT_ERRNO(write(p[1], big, PIPE_BUF), EAGAIN);
	CHECK_EQ(PIPE_BUF, 4096);
}

/* Each of 4 writers sends 200 records of PIPE_BUF bytes filled with its id; no
 * record may be interleaved with another. */
static void atomic_writes_up_to_pipe_buf(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	for (char id = 'a'; id < 'a' + 4; id++) {
		pid_t pid = EXPECT_OK(fork());
		if (pid == 0) {
			char rec[PIPE_BUF];
			memset(rec, id, sizeof rec);
			for (int i = 0; i < 200; i++)
				if (write(p[1], rec, sizeof rec) != (ssize_t)sizeof rec)
					_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	static char rec[PIPE_BUF];
	int counts[4] = { 0 };
	for (int r = 0; r < 800; r++) {
		gt_read_all(p[0], rec, sizeof rec);
		for (int i = 1; i < PIPE_BUF; i++)
			if (rec[i] != rec[0])
				gt_fail("record %d interleaved: byte %d is %c after %c", r, i, rec[i], rec[0]);
		counts[rec[0] - 'a']++;
	}
	char c;
	CHECK_EQ(EXPECT_OK(read(p[0], &c, 1)), 0);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(counts[i], 200);
		int st;
		CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
}

static short revents(int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	CHECK_EQ(EXPECT_OK(poll(&pfd, 1, 0)) > 0, pfd.revents != 0);
	return pfd.revents;
}

static void poll_reports_each_state(void)
{
	signal(SIGPIPE, SIG_IGN);
	int p[2];
	EXPECT_OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(revents(p[0], POLLIN), 0);
	CHECK_EQ(revents(p[1], POLLOUT), POLLOUT);
	gt_write_all(p[1], "x", 1);
	CHECK_EQ(revents(p[0], POLLIN), POLLIN);
	static char block[4096];
	while (write(p[1], block, sizeof block) > 0)
		;
	CHECK_EQ(revents(p[1], POLLOUT), 0); /* full */
	close(p[1]);
	short hup = revents(p[0], POLLIN);
	CHECK_EQ(hup, POLLIN | POLLHUP); /* data left, and no writer */
	int q[2];
	EXPECT_OK(pipe(q));
	close(q[1]);
	CHECK_EQ(revents(q[0], POLLIN), POLLHUP);
	int r[2];
	EXPECT_OK(pipe(r));
	close(r[0]);
	CHECK_EQ(revents(r[1], POLLOUT), POLLOUT | POLLERR);
	CHECK_EQ(revents(999, POLLIN), POLLNVAL);
	struct pollfd neg = { .fd = -1, .events = POLLIN, .revents = 123 };
	CHECK_EQ(EXPECT_OK(poll(&neg, 1, 0)), 0);
	CHECK_EQ(neg.revents, 0); /* negative fds are ignored */
	gt_observe("poll: data+no-writer=%#x empty+no-writer=%#x no-reader=%#x bad-fd=%#x", hup,
		   POLLHUP, POLLOUT | POLLERR, POLLNVAL);
}

static void poll_wakes_on_write(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		usleep(100 * 1000);
		write(p[1], "x", 1);
		_exit(0);
	}
	long long start = now_ms();
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	CHECK_EQ(EXPECT_OK(poll(&pfd, 1, 5000)), 1);
	long long waited = now_ms() - start;
	CHECK(pfd.revents == POLLIN);
	CHECK(waited >= 90 && waited < 4000);
	CHECK_EXITED(gt_wait(pid), 0);
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	sigset_t mask;
	sigemptyset(&mask);
	pfd.fd = p[1];
	pfd.events = POLLIN; /* a write end never becomes readable */
	start = now_ms();
	CHECK_EQ(EXPECT_OK(ppoll(&pfd, 1, &ts, &mask)), 0);
	CHECK(now_ms() - start >= 49);
	ts.tv_nsec = -1;
	EXPECT_ERRNO(ppoll(&pfd, 1, &ts, NULL), EINVAL);
}

static void select_readiness_and_timeout(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	struct timeval tv = { 0, 0 };
	CHECK_EQ(EXPECT_OK(select(p[1] + 1, &rd, &wr, NULL, &tv)), 1);
	CHECK(!FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr));
	gt_write_all(p[1], "x", 1);
	FD_SET(p[0], &rd);
	CHECK_EQ(EXPECT_OK(select(p[0] + 1, &rd, NULL, NULL, &tv)), 1);
	CHECK(FD_ISSET(p[0], &rd));
	long long start = now_ms();
	tv.tv_usec = 50 * 1000;
	/* Raw syscall: musl passes the kernel a copy of tv. */
	CHECK_EQ(EXPECT_OK(syscall(SYS_select, 0, NULL, NULL, NULL, &tv)), 0);
	CHECK(now_ms() - start >= 49);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0); /* Linux writes back the time left */
	/* A closed descriptor is EBADF. (Linux silently ignores bits above the size
	 * of its fd table, so a small just-closed number is used, not a huge one.) */
	int closed = EXPECT_OK(dup(p[0]));
	close(closed);
	FD_ZERO(&rd);
	FD_SET(closed, &rd);
	tv.tv_usec = 0;
	EXPECT_ERRNO(select(closed + 1, &rd, NULL, NULL, &tv), EBADF);
	EXPECT_ERRNO(select(-1, NULL, NULL, NULL, &tv), EINVAL);
}

static void blocking_writer_waits_for_reader(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		close(p[0]);
		static char big[200000];
		memset(big, 'w', sizeof big);
		gt_write_all(p[1], big, sizeof big);
		_exit(0);
	}
	close(p[1]);
	usleep(50 * 1000); /* let the writer fill the pipe and block */
	long total = 0;
	char buf[8192];
	ssize_t n;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		total += n;
	CHECK_EQ(total, 200000);
	CHECK_EXITED(gt_wait(pid), 0);
}

static const struct gt_case cases[] = {
	GT_CASE(data_then_eof),
	GT_CASE(pipe2_flags_and_modes),
	GT_CASE(epipe_without_readers),
	GT_CASE(capacity_and_eagain),
	GT_CASE(atomic_writes_up_to_pipe_buf),
	GT_CASE(poll_reports_each_state),
	GT_CASE(poll_wakes_on_write),
	GT_CASE(select_readiness_and_timeout),
	GT_CASE(blocking_writer_waits_for_reader),
	GT_END
};

GT_MAIN(cases)
