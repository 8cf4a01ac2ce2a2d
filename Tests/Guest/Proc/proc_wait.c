/*
 * proc, waiting half: wait4/waitid options and reports, zombies, ECHILD, orphans
 * reparented to init (or to a child subreaper), process groups and sessions.
 *
 * The runner makes each case's process a process-group leader, so setsid() in the
 * case process itself is EPERM (asserted); session cases fork first.
 */
#define _GNU_SOURCE
#include "proc.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t fork_pausing_child(void)
{
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0)
		for (;;)
			pause();
	return pid;
}

void proc_wait_nohang_untraced(void)
{
	pid_t pid = fork_pausing_child();
	int st;
	CHECK_EQ(EXPECT_OK(waitpid(pid, &st, WNOHANG)), 0);
	EXPECT_OK(kill(pid, SIGSTOP));
	CHECK_EQ(EXPECT_OK(waitpid(pid, &st, WUNTRACED)), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	gt_observe("after SIGSTOP: %s", gt_status_text(st));
	CHECK_EQ(EXPECT_OK(waitpid(pid, &st, WUNTRACED | WNOHANG)), 0); /* reported once */
	EXPECT_OK(kill(pid, SIGCONT));
	CHECK_EQ(EXPECT_OK(waitpid(pid, &st, WCONTINUED)), pid);
	CHECK(WIFCONTINUED(st));
	gt_observe("after SIGCONT: %s", gt_status_text(st));
	EXPECT_OK(kill(pid, SIGTERM));
	CHECK_EQ(EXPECT_OK(waitpid(pid, &st, 0)), pid);
	CHECK_SIGNALED(st, SIGTERM);
	gt_observe("after SIGTERM: %s", gt_status_text(st));
	EXPECT_ERRNO(waitpid(pid, &st, 0x40000), EINVAL);
}

void proc_waitid_variants(void)
{
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0)
		_exit(5);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	EXPECT_OK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT));
	CHECK(si.si_pid == pid && si.si_signo == SIGCHLD && si.si_code == CLD_EXITED);
	CHECK_EQ(si.si_status, 5);
	CHECK_EQ(si.si_uid, getuid());
	memset(&si, 0, sizeof si);
	EXPECT_OK(waitid(P_ALL, 0, &si, WEXITED)); /* WNOWAIT left it waitable */
	CHECK_EQ(si.si_pid, pid);
	pid = fork_pausing_child();
	memset(&si, 0xff, sizeof si);
	EXPECT_OK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG));
	CHECK_EQ(si.si_pid, 0); /* nothing to report: si_pid zeroed */
	EXPECT_OK(kill(pid, SIGKILL));
	EXPECT_OK(waitid(P_PGID, (id_t)getpgid(0), &si, WEXITED));
	CHECK(si.si_code == CLD_KILLED && si.si_status == SIGKILL);
	gt_observe("waitid killed: code=%d status=%d", si.si_code, si.si_status);
	EXPECT_ERRNO(waitid(P_PID, (id_t)pid, &si, 0), EINVAL);
	EXPECT_ERRNO(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
}

/* The process state letter from /proc/PID/stat (after the parenthesised comm). */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	gt_read_file(path, buf, sizeof buf);
	char *paren = strrchr(buf, ')');
	CHECK(paren && paren[1] == ' ');
	return paren[2];
}

void proc_zombie_until_reaped(void)
{
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0)
		_exit(0);
	int tries = 0;
	while (proc_state(pid) != 'Z') {
		if (++tries > 2000)
			gt_fail("child never became a zombie (state %c)", proc_state(pid));
		usleep(1000);
	}
	EXPECT_OK(kill(pid, 0)); /* a zombie still exists */
	gt_observe("exited child state before wait: %c", proc_state(pid));
	CHECK_EXITED(gt_wait(pid), 0);
	EXPECT_ERRNO(kill(pid, 0), ESRCH);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	EXPECT_ERRNO(open(path, O_RDONLY), ENOENT);
}

void proc_echild(void)
{
	EXPECT_ERRNO(wait(NULL), ECHILD);
	EXPECT_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD);
	EXPECT_ERRNO(waitpid(getppid(), NULL, 0), ECHILD);
	int p[2], q[2];
	EXPECT_OK(pipe(p));
	EXPECT_OK(pipe(q));
	pid_t child = EXPECT_OK(fork());
	if (child == 0) {
		close(p[0]);
		close(q[1]);
		pid_t gc = EXPECT_OK(fork());
		if (gc == 0) {
			char c;
			read(q[0], &c, 1); /* until the test is done */
			_exit(0);
		}
		gt_write_all(p[1], &gc, sizeof gc);
		CHECK_EXITED(gt_wait(gc), 0);
		_exit(0);
	}
	close(p[1]);
	close(q[0]);
	pid_t gc;
	gt_read_all(p[0], &gc, sizeof gc);
	EXPECT_ERRNO(waitpid(gc, NULL, WNOHANG), ECHILD); /* a grandchild is not ours */
	close(q[1]);
	CHECK_EXITED(gt_wait(child), 0);
}

/* Forks a child that forks a grandchild and exits at once. The grandchild waits to
 * be reparented and sends its new parent's pid through the pipe. */
static pid_t orphan_new_parent(void)
{
	int p[2];
	EXPECT_OK(pipe(p));
	pid_t child = EXPECT_OK(fork());
	if (child == 0) {
		pid_t me = getpid();
		pid_t gc = EXPECT_OK(fork());
		if (gc == 0) {
			for (int i = 0; i < 5000 && getppid() == me; i++)
				usleep(1000);
			pid_t now = getppid();
			gt_write_all(p[1], &now, sizeof now);
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	CHECK_EXITED(gt_wait(child), 0);
	pid_t parent;
	gt_read_all(p[0], &parent, sizeof parent);
	close(p[0]);
	CHECK(parent != child);
	return parent;
}

/* Whether pid is an ancestor of `from` (walking PPid in /proc/<pid>/stat). */
static int is_ancestor(pid_t pid, pid_t from)
{
	for (int depth = 0; from > 1 && depth < 64; depth++) {
		char path[64], buf[512];
		snprintf(path, sizeof path, "/proc/%d/stat", (int)from);
		gt_read_file(path, buf, sizeof buf);
		char *paren = strrchr(buf, ')');
		int ppid = 0;
		if (!paren || sscanf(paren + 2, "%*c %d", &ppid) != 1)
			gt_fail("cannot parse %s", path);
		if (ppid == pid)
			return 1;
		from = ppid;
	}
	return 0;
}

void proc_orphan_reparented_to_init(void)
{
	pid_t parent = orphan_new_parent();
	if (parent == 1)
		return;
	/* Neither this process nor the runner is a subreaper; one further up may be
	 * (a container manager on the host). Only that is an acceptable excuse. */
	if (parent != getppid() && is_ancestor(parent, getppid()))
		gt_skip("orphan went to subreaper pid %d, an ancestor of the runner, not PID 1 (host)",
			(int)parent);
	gt_fail("orphan reparented to pid %d, expected 1", (int)parent);
}

void proc_orphan_reparented_to_subreaper(void)
{
	EXPECT_OK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	int is = 0;
	EXPECT_OK(prctl(PR_GET_CHILD_SUBREAPER, &is, 0, 0, 0));
	CHECK_EQ(is, 1);
	pid_t parent = orphan_new_parent();
	CHECK_EQ(parent, getpid());
	int st;
	pid_t reaped = EXPECT_OK(waitpid(-1, &st, 0)); /* the orphan is ours to reap */
	CHECK(reaped != getpid());
	CHECK_EXITED(st, 0);
}

static void session_leader_child(void *arg)
{
	pid_t old_pgrp = *(pid_t *)arg;
	CHECK_EQ(getpgid(0), old_pgrp); /* inherited */
	EXPECT_OK(setpgid(0, 0));
	CHECK_EQ(getpgrp(), getpid());
	EXPECT_ERRNO(setsid(), EPERM); /* a group leader cannot */
	pid_t gc = EXPECT_OK(fork());
	if (gc == 0) {
		CHECK_EQ(EXPECT_OK(setsid()), getpid());
		CHECK_EQ(getsid(0), getpid());
		CHECK_EQ(getpgid(0), getpid());
		EXPECT_ERRNO(setpgid(0, old_pgrp), EPERM); /* other session */
		EXPECT_ERRNO(setsid(), EPERM);
		_exit(0);
	}
	CHECK_EXITED(gt_wait(gc), 0);
}

void proc_groups_and_sessions(void)
{
	CHECK_EQ(getpgid(0), getpid()); /* the runner made us a leader */
	EXPECT_ERRNO(setsid(), EPERM);
	pid_t pgrp = getpgrp();
	CHECK_EQ(getsid(0), getsid(getpid()));
	/* 0 when the session leader lives outside our PID namespace (Linux and
	 * Atoll alike): CI runs the suite in such a container. */
	CHECK(getsid(0) >= 0);
	CHECK_EXITED(gt_run_child(session_leader_child, &pgrp), 0);
	EXPECT_ERRNO(getsid(0x3fffffff), ESRCH);
	EXPECT_ERRNO(getpgid(0x3fffffff), ESRCH);
	EXPECT_ERRNO(setpgid(0, -1), EINVAL);
	EXPECT_ERRNO(setpgid(0x3fffffff, 0), ESRCH);
	EXPECT_OK(kill(-pgrp, 0));
}

void proc_setpgid_after_exec(void)
{
	int feed;
	pid_t pid = gt_spawn_reader(NULL, NULL, &feed);
	EXPECT_ERRNO(setpgid(pid, pid), EACCES);
	close(feed);
	CHECK_EXITED(gt_wait(pid), 0);
	pid = fork_pausing_child();
	EXPECT_OK(setpgid(pid, pid)); /* before exec: allowed */
	CHECK_EQ(getpgid(pid), pid);
	EXPECT_OK(kill(-pid, SIGKILL));
	CHECK_SIGNALED(gt_wait(pid), SIGKILL);
}
