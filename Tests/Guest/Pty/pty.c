/*
 * pty: Linux pseudo-terminal semantics a program can observe.
 *
 * posix_openpt/grantpt/unlockpt/ptsname and the slave lock (TIOCSPTLCK/TIOCGPTLCK),
 * the slave node under /dev/pts (char 136:N) and its removal once both sides are
 * closed; canonical input with echo through the master (echo and slave output come
 * back with "\n" turned into "\r\n" by OPOST/ONLCR); raw mode; ^C written to the
 * master killing the slave's foreground process group; the window size (0x0 on a
 * new pty) and SIGWINCH; the controlling terminal (TIOCSCTTY, /dev/tty, the
 * foreground group and session seen from both sides); hangup when the master is
 * closed (SIGHUP; EIO for a reader asleep then, EOF afterwards; EIO on write) and EIO on the master once the slave is
 * closed; what poll reports on both sides; a devpts mount with `newinstance`
 * numbering its own ptys from 0 and listing only those; job control on output and
 * settings (TOSTOP and SIGTTOU for a background process group, EIO for an orphaned
 * one); IXON/IXANY flow control with ^S/^Q and tcflow; and ^V (VLNEXT) taking the
 * next character literally.
 *
 * Processes that take the slave as controlling terminal are forked children that
 * call setsid() first, so the runner's own terminal is never touched.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>

#ifndef TIOCGPTLCK
#define TIOCGPTLCK _IOR('T', 0x39, int)
#endif

struct pair {
	int master, slave;
	char name[64];
};

/* A new unlocked pty; the slave is opened without becoming a controlling terminal. */
static struct pair open_pair(void)
{
	struct pair p;

	p.master = EXPECT_OK(posix_openpt(O_RDWR | O_NOCTTY));
	EXPECT_OK(grantpt(p.master));
	EXPECT_OK(unlockpt(p.master));
	CHECK(ptsname_r(p.master, p.name, sizeof p.name) == 0);
	p.slave = EXPECT_OK(open(p.name, O_RDWR | O_NOCTTY));
	return p;
}

/* Polls fd for `events` for up to ms milliseconds; returns revents (0 on timeout). */
static int poll_one(int fd, short events, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int n = EXPECT_OK(poll(&pfd, 1, ms));
	return n ? pfd.revents : 0;
}

/* Reads from fd until exactly `want` has arrived (fails on other bytes or a 5 s silence). */
static void expect_bytes(int fd, const char *want)
{
	size_t len = strlen(want), got = 0;
	char buf[256];

	CHECK(len < sizeof buf);
	while (got < len) {
		if (!(poll_one(fd, POLLIN, 5000) & POLLIN))
			gt_fail("waiting for \"%s\": only %zu bytes came", want, got);
		long n = EXPECT_OK(read(fd, buf + got, len - got));
		CHECK(n > 0);
		got += (size_t)n;
	}
	buf[got] = 0;
	CHECK_STR(buf, want);
}

/* Nothing more to read from fd within 100 ms. */
static void expect_quiet(int fd)
{
	CHECK_EQ(poll_one(fd, POLLIN, 100) & POLLIN, 0);
}

static void open_unlock_ptsname(void)
{
	int m = EXPECT_OK(posix_openpt(O_RDWR | O_NOCTTY));
	int n = -1, lock = -1;
	char name[64], want[64];
	struct stat st;

	EXPECT_OK(ioctl(m, TIOCGPTN, &n));
	CHECK(n >= 0);
	snprintf(want, sizeof want, "/dev/pts/%d", n);
	CHECK(ptsname_r(m, name, sizeof name) == 0);
	CHECK_STR(name, want);
	EXPECT_OK(stat(name, &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 136);
	CHECK_EQ(minor(st.st_rdev), n);
	EXPECT_OK(ioctl(m, TIOCGPTLCK, &lock));
	CHECK_EQ(lock, 1);
	EXPECT_ERRNO(open(name, O_RDWR | O_NOCTTY), EIO);
	EXPECT_OK(grantpt(m));
	EXPECT_OK(unlockpt(m));
	EXPECT_OK(ioctl(m, TIOCGPTLCK, &lock));
	CHECK_EQ(lock, 0);
	int s = EXPECT_OK(open(name, O_RDWR | O_NOCTTY));
	CHECK(isatty(s));
	CHECK(isatty(m));
	close(s);
	close(m);
	EXPECT_ERRNO(stat(name, &st), ENOENT);
	gt_observe("slave is char 136:N, locked until unlockpt, gone after close");
}

static void canonical_with_echo(void)
{
	struct pair p = open_pair();
	char buf[64];

	gt_write_all(p.master, "hel", 3);
	expect_bytes(p.master, "hel");
	CHECK_EQ(poll_one(p.slave, POLLIN, 100) & POLLIN, 0);	/* no whole line yet */
	gt_write_all(p.master, "x\x7flo\n", 5);		/* DEL erases the x */
	expect_bytes(p.master, "x\b \blo\r\n");
	CHECK_EQ(EXPECT_OK(read(p.slave, buf, sizeof buf)), 6);
	CHECK(memcmp(buf, "hello\n", 6) == 0);
	gt_write_all(p.master, "one\ntwo\n", 8);
	CHECK_EQ(EXPECT_OK(read(p.slave, buf, sizeof buf)), 4);	/* one line per read */
	CHECK_EQ(EXPECT_OK(read(p.slave, buf, sizeof buf)), 4);
	gt_write_all(p.master, "\x04", 1);				/* ^D on an empty line */
	CHECK_EQ(EXPECT_OK(read(p.slave, buf, sizeof buf)), 0);
	gt_write_all(p.slave, "out\n", 4);
	expect_bytes(p.master, "one\r\ntwo\r\nout\r\n");	/* ^D is not echoed */
	gt_observe("canonical input, erase, one line per read, ^D, ONLCR");
}

static void raw_mode(void)
{
	struct pair p = open_pair();
	struct termios tio;
	char buf[16];

	EXPECT_OK(tcgetattr(p.slave, &tio));
	cfmakeraw(&tio);
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	EXPECT_OK(tcsetattr(p.slave, TCSANOW, &tio));
	gt_write_all(p.master, "a\x03\r", 3);
	CHECK(poll_one(p.slave, POLLIN, 2000) & POLLIN);
	usleep(50000);
	CHECK_EQ(EXPECT_OK(read(p.slave, buf, sizeof buf)), 3);
	CHECK(memcmp(buf, "a\x03\r", 3) == 0);
	expect_quiet(p.master);					/* no echo */
	gt_write_all(p.slave, "x\n", 2);
	expect_bytes(p.master, "x\n");				/* no OPOST */
	tio.c_cc[VMIN] = 0;
	EXPECT_OK(tcsetattr(p.slave, TCSANOW, &tio));
	CHECK_EQ(EXPECT_OK(read(p.slave, buf, sizeof buf)), 0);	/* VMIN=VTIME=0: no wait */
	gt_observe("raw bytes pass untouched both ways");
}

static void wait_ready(int master)
{
	expect_bytes(master, "R");
}

static void ctty_child_setup(struct pair *p)
{
	close(p->master);
	if (setsid() < 0 || ioctl(p->slave, TIOCSCTTY, 0) < 0)
		_exit(90);
}

static void reader_child(void *arg)
{
	struct pair *p = arg;
	char c;

	ctty_child_setup(p);
	if (write(p->slave, "R", 1) != 1)
		_exit(91);
	read(p->slave, &c, 1);
	_exit(92);
}

static void ctrl_c_kills_foreground(void)
{
	struct pair p = open_pair();
	pid_t pid = gt_fork_fn(reader_child, &p);

	close(p.slave);
	wait_ready(p.master);
	int pgrp = -1;
	EXPECT_OK(ioctl(p.master, TIOCGPGRP, &pgrp));	/* the slave's, seen from the master */
	CHECK_EQ(pgrp, pid);
	gt_write_all(p.master, "\x03", 1);
	CHECK_SIGNALED(gt_wait(pid), SIGINT);
	expect_bytes(p.master, "^C");	/* no newline after it, as on Linux */
	gt_observe("^C on the master kills the foreground group with SIGINT");
}

static volatile sig_atomic_t got_signal;
static void note_signal(int sig)
{
	got_signal = sig;
}

static void winch_child(void *arg)
{
	struct pair *p = arg;
	struct winsize ws;
	sigset_t block, old;

	ctty_child_setup(p);
	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGWINCH, note_signal);
	if (ioctl(p->slave, TIOCGWINSZ, &ws) < 0 || ws.ws_row != 0 || ws.ws_col != 0)
		_exit(93);
	if (write(p->slave, "R", 1) != 1)
		_exit(91);
	while (!got_signal)
		sigsuspend(&old);
	if (ioctl(p->slave, TIOCGWINSZ, &ws) < 0 || ws.ws_row != 30 || ws.ws_col != 100)
		_exit(94);
	_exit(0);
}

static void window_size_and_sigwinch(void)
{
	struct pair p = open_pair();
	pid_t pid = gt_fork_fn(winch_child, &p);
	struct winsize ws = { .ws_row = 30, .ws_col = 100 }, back;

	close(p.slave);
	wait_ready(p.master);
	EXPECT_OK(ioctl(p.master, TIOCSWINSZ, &ws));
	CHECK_EXITED(gt_wait(pid), 0);
	EXPECT_OK(ioctl(p.master, TIOCGWINSZ, &back));
	CHECK_EQ(back.ws_row, 30);
	CHECK_EQ(back.ws_col, 100);
	gt_observe("new pty is 0x0; TIOCSWINSZ on the master sends SIGWINCH");
}

static void session_child(void *arg)
{
	struct pair *p = arg;
	int sid = -1;

	ctty_child_setup(p);
	if (tcgetpgrp(p->slave) != getpid())
		_exit(93);
	if (ioctl(p->slave, TIOCGSID, &sid) < 0 || sid != getpid())
		_exit(94);
	int tty = open("/dev/tty", O_RDWR);
	if (tty < 0 || write(tty, "via /dev/tty\n", 13) != 13)
		_exit(95);
	signal(SIGHUP, SIG_IGN);	/* a leader's TIOCNOTTY hangs up its foreground group */
	if (ioctl(p->slave, TIOCNOTTY) < 0 || open("/dev/tty", O_RDWR) >= 0 || errno != ENXIO)
		_exit(96);
	_exit(0);
}

static void controlling_terminal(void)
{
	struct pair p = open_pair();

	EXPECT_ERRNO(tcgetpgrp(p.slave), ENOTTY);		/* not our terminal */
	pid_t pid = gt_fork_fn(session_child, &p);
	expect_bytes(p.master, "via /dev/tty\r\n");
	CHECK_EXITED(gt_wait(pid), 0);
	gt_observe("TIOCSCTTY, tcgetpgrp, TIOCGSID, /dev/tty, TIOCNOTTY");
}

static void hangup_child(void *arg)
{
	struct pair *p = arg;
	struct sigaction sa = { .sa_handler = note_signal, .sa_flags = SA_RESTART };
	char c;
	long n;

	ctty_child_setup(p);
	sigaction(SIGHUP, &sa, NULL);
	if (write(p->slave, "R", 1) != 1)
		_exit(91);
	while ((n = read(p->slave, &c, 1)) < 0 && errno == EINTR)
		;
	/* Linux: a reader asleep when the master goes gets EIO, later reads EOF — once
	 * the hangup has been done, which on Linux can be a moment later (reads in
	 * between still get EIO), and SIGHUP comes at its end. */
	if (n != 0 && !(n == -1 && errno == EIO))
		_exit(93);
	for (int tries = 0; (n = read(p->slave, &c, 1)) != 0; tries++) {
		if (n != -1 || errno != EIO || tries == 200)
			_exit(97);
		usleep(10000);
	}
	for (int tries = 0; got_signal != SIGHUP; tries++) {	/* Linux signals last */
		if (tries == 200)
			_exit(94);
		usleep(10000);
	}
	if (write(p->slave, "x", 1) != -1 || errno != EIO)
		_exit(95);
	if (!(poll_one(p->slave, POLLIN, 0) & POLLHUP))
		_exit(96);
	_exit(0);
}

static void master_close_hangs_up_slave(void)
{
	struct pair p = open_pair();
	pid_t pid = gt_fork_fn(hangup_child, &p);

	close(p.slave);
	wait_ready(p.master);
	usleep(100000);	/* let the child sleep in read */
	close(p.master);
	CHECK_EXITED(gt_wait(pid), 0);
	gt_observe("closing the master: SIGHUP, read EOF, write EIO, POLLHUP");
}

static void slave_close_gives_master_eio(void)
{
	struct pair p = open_pair();
	char buf[16];

	gt_write_all(p.slave, "bye", 3);
	close(p.slave);
	CHECK(poll_one(p.master, POLLIN, 1000) & POLLHUP);
	CHECK_EQ(EXPECT_OK(read(p.master, buf, sizeof buf)), 3);	/* what was written stays */
	EXPECT_ERRNO(read(p.master, buf, sizeof buf), EIO);
	gt_observe("slave closed: buffered output, then EIO and POLLHUP on the master");
}

static void poll_both_sides(void)
{
	struct pair p = open_pair();

	CHECK_EQ(poll_one(p.master, POLLIN | POLLOUT, 0), POLLOUT);
	CHECK_EQ(poll_one(p.slave, POLLIN | POLLOUT, 0), POLLOUT);
	gt_write_all(p.slave, "z", 1);
	CHECK_EQ(poll_one(p.master, POLLIN, 1000), POLLIN);
	gt_write_all(p.master, "q\n", 2);
	CHECK_EQ(poll_one(p.slave, POLLIN, 1000), POLLIN);
	EXPECT_OK(fcntl(p.master, F_SETFL, O_NONBLOCK));
	/* "z" and the echo "q\r\n", which Linux may pass to the master a moment after
	 * the slave became readable. */
	expect_bytes(p.master, "zq\r\n");
	char buf[32];
	EXPECT_ERRNO(read(p.master, buf, sizeof buf), EAGAIN);
	gt_observe("poll readiness on master and slave");
}

/* True when `name` is an entry of directory `dir`. */
static int listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	CHECK(d != NULL);
	while ((e = readdir(d)))
		found |= strcmp(e->d_name, name) == 0;
	closedir(d);
	return found;
}

static void newinstance_is_private(void)
{
	gt_scratch();
	EXPECT_OK(mkdir("pts", 0755));
	if (mount("devpts", "pts", "devpts", 0, "newinstance,ptmxmode=0666,mode=0620") < 0) {
		if (errno == EPERM)
			gt_skip("needs root to mount devpts");
		gt_fail("mount devpts newinstance: %s", strerror(errno));
	}
	int outer[2] = { EXPECT_OK(posix_openpt(O_RDWR | O_NOCTTY)), EXPECT_OK(posix_openpt(O_RDWR | O_NOCTTY)) };
	int m = EXPECT_OK(open("pts/ptmx", O_RDWR | O_NOCTTY)), n = -1, other = -1;
	EXPECT_OK(ioctl(m, TIOCGPTN, &n));
	CHECK_EQ(n, 0);					/* numbered from 0 in the instance */
	EXPECT_OK(unlockpt(m));
	CHECK(listed("pts", "ptmx"));
	CHECK(listed("pts", "0"));
	for (int i = 0; i < 2; i++) {
		EXPECT_OK(ioctl(outer[i], TIOCGPTN, &other));
		if (other != 0) {
			char name[16];
			snprintf(name, sizeof name, "%d", other);
			CHECK(!listed("pts", name));		/* the initial instance's pty */
		}
	}
	int s = EXPECT_OK(open("pts/0", O_RDWR | O_NOCTTY));
	gt_write_all(m, "in\n", 3);
	expect_bytes(m, "in\r\n");
	close(s);
	close(m);
	close(outer[0]);
	close(outer[1]);
	CHECK(!listed("pts", "0"));
	EXPECT_OK(umount2("pts", MNT_DETACH));
	gt_observe("newinstance: own numbering from 0, lists only its own ptys");
}

/* ---- job control on output and settings ---- */

struct bg_job {
	void (*fn)(struct pair *);
	struct pair *p;
};

static void bg_child(void *arg)
{
	struct bg_job *job = arg;

	EXPECT_OK(setpgid(0, 0));
	job->fn(job->p);
}

/* From a process of the slave's session: runs fn in a child in a process group of
 * its own (a background one) and returns its wait status; a child stopped by a
 * signal is reported as stopped, then killed. */
static int run_in_background(void (*fn)(struct pair *), struct pair *p)
{
	struct bg_job job = { fn, p };
	pid_t pid = gt_fork_fn(bg_child, &job);
	int status;

	while (waitpid(pid, &status, WUNTRACED) < 0)
		CHECK(errno == EINTR);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		gt_wait(pid);
	}
	return status;
}

static void check_stopped_by(int status, int sig)
{
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != sig)
		gt_fail("expected stopped %s, got %s", gt_signal_name(sig), gt_status_text(status));
}

/* SIGTTOU caught by a handler without SA_RESTART. */
static void catch_sigttou(void)
{
	struct sigaction sa = { .sa_handler = note_signal };

	EXPECT_OK(sigaction(SIGTTOU, &sa, NULL));
	got_signal = 0;
}

static void block_sigttou(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTTOU);
	EXPECT_OK(sigprocmask(SIG_BLOCK, &set, NULL));
}

static void set_lflag(int fd, tcflag_t on, tcflag_t off)
{
	struct termios tio;

	EXPECT_OK(tcgetattr(fd, &tio));
	tio.c_lflag = (tio.c_lflag | on) & ~off;
	EXPECT_OK(tcsetattr(fd, TCSANOW, &tio));
}

static void bg_write_plain(struct pair *p)
{
	gt_write_all(p->slave, "bg\n", 3);
}

static void bg_write_tostop(struct pair *p)
{
	catch_sigttou();
	EXPECT_ERRNO(write(p->slave, "no\n", 3), EINTR);
	CHECK_EQ(got_signal, SIGTTOU);
	signal(SIGTTOU, SIG_IGN);
	gt_write_all(p->slave, "ign\n", 4);
	signal(SIGTTOU, SIG_DFL);
	block_sigttou();
	gt_write_all(p->slave, "blk\n", 4);
}

static void bg_write_stopped(struct pair *p)
{
	if (write(p->slave, "stop\n", 5) >= 0)
		gt_fail("a background write under TOSTOP went through");
}

static void tostop_leader(void *arg)
{
	struct pair *p = arg;

	ctty_child_setup(p);
	CHECK_EXITED(run_in_background(bg_write_plain, p), 0);
	set_lflag(p->slave, TOSTOP, 0);
	CHECK_EXITED(run_in_background(bg_write_tostop, p), 0);
	check_stopped_by(run_in_background(bg_write_stopped, p), SIGTTOU);
	gt_write_all(p->slave, "fg\n", 3);	/* the foreground group writes on */
}

/* Runs leader(pair) as the session leader of a new pty's slave; the master must see
 * exactly `output` before it exits 0. */
static void run_session(void (*leader)(void *), const char *output)
{
	struct pair p = open_pair();
	pid_t pid = gt_fork_fn(leader, &p);

	close(p.slave);
	if (*output)
		expect_bytes(p.master, output);
	CHECK_EXITED(gt_wait(pid), 0);
}

static void tostop_background_write(void)
{
	run_session(tostop_leader, "bg\r\nign\r\nblk\r\nfg\r\n");
	gt_observe("background write: passes without TOSTOP; with it SIGTTOU (EINTR, stop), "
		   "passes when SIGTTOU is ignored or blocked");
}

static void bg_tcsetattr_stopped(struct pair *p)
{
	struct termios tio;

	EXPECT_OK(tcgetattr(p->slave, &tio));
	if (tcsetattr(p->slave, TCSANOW, &tio) == 0)
		gt_fail("a background tcsetattr went through");
}

static void bg_change_settings(struct pair *p)
{
	struct termios tio;

	catch_sigttou();
	EXPECT_OK(tcgetattr(p->slave, &tio));	/* reading the settings is no change */
	CHECK_EQ(got_signal, 0);
	tio.c_lflag &= ~ECHO;
	EXPECT_ERRNO(tcsetattr(p->slave, TCSANOW, &tio), EINTR);
	CHECK_EQ(got_signal, SIGTTOU);
	got_signal = 0;
	EXPECT_ERRNO(tcflush(p->slave, TCIFLUSH), EINTR);
	CHECK_EQ(got_signal, SIGTTOU);
	got_signal = 0;
	EXPECT_ERRNO(tcsetpgrp(p->slave, getpgrp()), EINTR);
	CHECK_EQ(got_signal, SIGTTOU);
	signal(SIGTTOU, SIG_IGN);
	EXPECT_OK(tcflush(p->slave, TCIFLUSH));
	signal(SIGTTOU, SIG_DFL);
	block_sigttou();
	EXPECT_OK(tcsetattr(p->slave, TCSANOW, &tio));
	EXPECT_OK(tcsetpgrp(p->slave, getpgrp()));	/* how a shell takes the terminal */
	CHECK_EQ(tcgetpgrp(p->slave), getpgrp());
}

static void tcsetattr_leader(void *arg)
{
	struct pair *p = arg;
	struct termios tio;

	ctty_child_setup(p);
	check_stopped_by(run_in_background(bg_tcsetattr_stopped, p), SIGTTOU);
	CHECK_EXITED(run_in_background(bg_change_settings, p), 0);
	EXPECT_OK(tcgetattr(p->slave, &tio));
	CHECK_EQ(tio.c_lflag & ECHO, 0);	/* the blocked-SIGTTOU tcsetattr took effect */
}

static void background_tcsetattr(void)
{
	run_session(tcsetattr_leader, "");
	gt_observe("background tcsetattr/tcflush/tcsetpgrp: SIGTTOU (stop, EINTR); "
		   "go through with SIGTTOU ignored or blocked; tcgetattr always");
}

/* In an orphaned process group (its parent gone): EIO instead of SIGTTOU/SIGTTIN. */
static void orphan_checks(struct pair *p, pid_t parent, int report)
{
	struct termios tio;
	char c;

	alarm(10);
	for (int i = 0; getppid() == parent; i++) {
		if (i == 500)
			gt_fail("not reparented after 5 s");
		usleep(10000);
	}
	EXPECT_ERRNO(write(p->slave, "x\n", 2), EIO);
	EXPECT_OK(tcgetattr(p->slave, &tio));
	EXPECT_ERRNO(tcsetattr(p->slave, TCSANOW, &tio), EIO);
	EXPECT_ERRNO(tcsetpgrp(p->slave, getpgrp()), ENOTTY);	/* Linux's tiocspgrp */
	EXPECT_ERRNO(read(p->slave, &c, 1), EIO);
	signal(SIGTTOU, SIG_IGN);	/* ignored comes before orphaned */
	gt_write_all(p->slave, "orphan\n", 7);
	if (write(report, "k", 1) != 1)
		_exit(1);
	_exit(0);
}

static void orphan_leader(void *arg)
{
	struct pair *p = arg;
	int report[2];
	char c;

	ctty_child_setup(p);
	set_lflag(p->slave, TOSTOP, 0);
	EXPECT_OK(pipe(report));
	pid_t mid = EXPECT_OK(fork());
	if (mid == 0) {
		pid_t self = getpid();
		EXPECT_OK(setpgid(0, 0));
		if (EXPECT_OK(fork()) == 0)
			orphan_checks(p, self, report[1]);
		_exit(0);	/* its group is now orphaned */
	}
	close(report[1]);
	CHECK_EXITED(gt_wait(mid), 0);
	CHECK(poll_one(report[0], POLLIN, 10000) & POLLIN);
	CHECK_EQ(EXPECT_OK(read(report[0], &c, 1)), 1);
}

static void orphaned_background_eio(void)
{
	run_session(orphan_leader, "orphan\r\n");
	gt_observe("orphaned background group: write (TOSTOP), tcsetattr, read EIO; "
		   "tcsetpgrp ENOTTY; SIGTTOU ignored: write passes");
}

/* ---- IXON flow control ---- */

/* Waits (at most 2 s) until output to the slave is stopped: Linux processes the
 * master's input asynchronously, so ^S takes effect a little later. */
static void wait_output_stopped(int slave)
{
	for (int i = 0; poll_one(slave, POLLOUT, 0) & POLLOUT; i++) {
		if (i == 200)
			gt_fail("output not stopped after 2 s");
		usleep(10000);
	}
}

static void write_hello(void *arg)
{
	struct pair *p = arg;

	gt_write_all(p->slave, "hello\n", 6);
}

static void expect_line(int slave, const char *want)
{
	char buf[64];
	size_t len = strlen(want);

	CHECK(poll_one(slave, POLLIN, 5000) & POLLIN);
	CHECK_EQ(EXPECT_OK(read(slave, buf, sizeof buf)), len);
	CHECK(memcmp(buf, want, len) == 0);
}

static void ixon_stop_start(void)
{
	struct pair p = open_pair();

	gt_write_all(p.master, "\x13", 1);			/* ^S */
	wait_output_stopped(p.slave);
	EXPECT_OK(fcntl(p.slave, F_SETFL, O_NONBLOCK));
	EXPECT_ERRNO(write(p.slave, "x", 1), EAGAIN);
	EXPECT_OK(fcntl(p.slave, F_SETFL, 0));
	pid_t pid = gt_fork_fn(write_hello, &p);
	gt_write_all(p.master, "ab", 2);			/* its echo waits too */
	expect_quiet(p.master);
	gt_write_all(p.master, "\x11", 1);			/* ^Q */
	expect_bytes(p.master, "abhello\r\n");
	CHECK_EXITED(gt_wait(pid), 0);
	gt_write_all(p.master, "\n", 1);
	expect_bytes(p.master, "\r\n");
	expect_line(p.slave, "ab\n");				/* no ^S or ^Q in the input */
	gt_observe("IXON: ^S stops output (EAGAIN, writer and echo wait), ^Q resumes, "
		   "neither is input");
}

static void ixany_and_no_ixon(void)
{
	struct pair p = open_pair();
	struct termios tio;

	EXPECT_OK(tcgetattr(p.slave, &tio));
	tio.c_iflag |= IXANY;
	EXPECT_OK(tcsetattr(p.slave, TCSANOW, &tio));
	gt_write_all(p.master, "\x13", 1);
	wait_output_stopped(p.slave);
	gt_write_all(p.master, "z", 1);			/* IXANY: any character resumes */
	expect_bytes(p.master, "z");
	CHECK(poll_one(p.slave, POLLOUT, 0) & POLLOUT);
	gt_write_all(p.master, "\n", 1);
	expect_bytes(p.master, "\r\n");
	expect_line(p.slave, "z\n");
	gt_write_all(p.master, "\x13", 1);
	wait_output_stopped(p.slave);
	tio.c_iflag &= ~(tcflag_t)(IXON | IXANY);
	EXPECT_OK(tcsetattr(p.slave, TCSANOW, &tio));		/* clearing IXON resumes */
	CHECK(poll_one(p.slave, POLLOUT, 0) & POLLOUT);
	gt_write_all(p.master, "\x13\x11\n", 3);		/* plain input without IXON */
	expect_bytes(p.master, "^S^Q\r\n");
	expect_line(p.slave, "\x13\x11\n");
	gt_observe("IXANY: any character resumes; without IXON ^S/^Q are input");
}

static void tcflow_stops_output(void)
{
	struct pair p = open_pair();

	EXPECT_OK(tcflow(p.slave, TCOOFF));
	EXPECT_OK(fcntl(p.slave, F_SETFL, O_NONBLOCK));
	EXPECT_ERRNO(write(p.slave, "x", 1), EAGAIN);
	gt_write_all(p.master, "\x11q\n", 3);			/* ^Q does not undo TCOOFF */
	expect_line(p.slave, "q\n");
	EXPECT_ERRNO(write(p.slave, "x", 1), EAGAIN);
	expect_quiet(p.master);					/* the echo waits */
	EXPECT_OK(tcflow(p.slave, TCOON));
	expect_quiet(p.master);					/* TCOON sends no echo... */
	gt_write_all(p.slave, "w\n", 2);
	expect_bytes(p.master, "q\r\nw\r\n");			/* ...the next write does */
	EXPECT_OK(tcflow(p.slave, TCIOFF));			/* sends the STOP character */
	expect_bytes(p.master, "\x13");
	EXPECT_OK(tcflow(p.slave, TCION));
	expect_bytes(p.master, "\x11");
	EXPECT_ERRNO(tcflow(p.slave, 7), EINVAL);
	gt_observe("tcflow: TCOOFF stops output until TCOON (not ^Q), held echo comes with "
		   "the next write; TCIOFF/TCION send ^S/^Q");
}

/* ---- VLNEXT ---- */

static void lnext_takes_literal(void)
{
	struct pair p = open_pair();

	gt_write_all(p.master, "a\x16\x7f\x16\x03\x16\x15" "b\n", 9);
	expect_bytes(p.master, "a^\b^?^\b^C^\b^Ub\r\n");
	expect_line(p.slave, "a\x7f\x03\x15" "b\n");
	gt_write_all(p.master, "x\x16\x7f\x7f\n", 5);		/* erasing the literal */
	expect_bytes(p.master, "x^\b^?\b \b\b \b\r\n");
	expect_line(p.slave, "x\n");
	gt_write_all(p.master, "c\x16\nd\n", 5);		/* a literal newline ends no line */
	expect_bytes(p.master, "c^\b^Jd\r\n");
	expect_line(p.slave, "c\nd\n");
	gt_write_all(p.master, "e\x16\x04\x04" "f\n", 6);		/* neither does a literal ^D */
	expect_bytes(p.master, "e^\b^D" "f\r\n");
	expect_line(p.slave, "e\x04");
	expect_line(p.slave, "f\n");
	set_lflag(p.slave, 0, IEXTEN);
	gt_write_all(p.master, "y\x16\n", 3);			/* no IEXTEN: ^V is text */
	expect_bytes(p.master, "y^V\r\n");
	expect_line(p.slave, "y\x16\n");
	gt_observe("^V takes ERASE, INTR, KILL literally (echo ^\\b^X); only with IEXTEN");
}

static const struct gt_case cases[] = {
	GT_CASE(open_unlock_ptsname),
	GT_CASE(canonical_with_echo),
	GT_CASE(raw_mode),
	GT_CASE(ctrl_c_kills_foreground),
	GT_CASE(window_size_and_sigwinch),
	GT_CASE(controlling_terminal),
	GT_CASE(master_close_hangs_up_slave),
	GT_CASE(slave_close_gives_master_eio),
	GT_CASE(poll_both_sides),
	GT_CASE(newinstance_is_private),
	GT_CASE(tostop_background_write),
	GT_CASE(background_tcsetattr),
	GT_CASE(orphaned_background_eio),
	GT_CASE(ixon_stop_start),
	GT_CASE(ixany_and_no_ixon),
	GT_CASE(tcflow_stops_output),
	GT_CASE(lnext_takes_literal),
	GT_END,
};
GT_MAIN(cases)
