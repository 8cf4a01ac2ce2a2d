/*
 * Process escapes: signals across the PID namespace (host PIDs, kill(-1), the
 * container's own init), clearing or loosening the jail, the until-exec flavour, and
 * creating or entering namespaces.
 *
 * Signals behave the same jailed and unjailed: that isolation is the PID namespace's,
 * and the case checks it holds with and without the jail. Clearing the jail and new
 * namespaces are where the modes differ.
 */
#define _GNU_SOURCE
#include "jail.h"
#include "API/atoll.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t fork_sleeper(void)
{
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* The payload, PID 3 in the namespace (init 1, a sleeper 2 beside it). Both modes:
 * signals to host PIDs are ESRCH; kill(1, SIGKILL) returns 0 and init survives;
 * kill(-1, SIGKILL) returns 0 and kills only the sleeper (not init, not the host). */
static void signals_payload(enum jail_mode mode, pid_t host_sleeper, pid_t host_case)
{
	jail_enter(mode);
	CHECK_EQ(getppid(), 1);
	EXPECT_ERRNO(kill(host_sleeper, SIGKILL), ESRCH);
	EXPECT_ERRNO(kill(host_case, 0), ESRCH);
	EXPECT_ERRNO(kill(-host_case, SIGKILL), ESRCH);
	CHECK_EQ(kill(1, SIGKILL), 0);
	CHECK_EQ(kill(1, SIGKILL), 0);
	EXPECT_OK(kill(1, 0));
	CHECK_EQ(kill(-1, SIGKILL), 0);
	CHECK_EQ(getppid(), 1); /* init is still there */
	_exit(0);
}

/* The container's init: PID 1, with a sleeper and the payload as children. */
static void signals_init(enum jail_mode mode, pid_t host_sleeper, pid_t host_case)
{
	CHECK_EQ(getpid(), 1);
	pid_t sleeper = fork_sleeper();
	pid_t payload = EXPECT_OK(fork());
	if (payload == 0)
		signals_payload(mode, host_sleeper, host_case);
	CHECK_EXITED(gt_wait(payload), 0);
	CHECK_SIGNALED(gt_wait(sleeper), SIGKILL);
	_exit(0);
}

static pid_t signals_host_sleeper;
static void signals_to_host(enum jail_mode mode)
{
	pid_t host_case = getppid();
	EXPECT_OK(unshare(CLONE_NEWPID));
	pid_t init = EXPECT_OK(fork());
	if (init == 0)
		signals_init(mode, signals_host_sleeper, host_case);
	CHECK_EXITED(gt_wait(init), 0);
	/* Outside, nothing was touched. */
	EXPECT_OK(kill(signals_host_sleeper, 0));
	if (mode == JAIL_OFF)
		gt_observe("both: host PIDs ESRCH, kill(1) no effect, kill(-1) only the namespace");
}
void proc_signals_to_host(void)
{
	signals_host_sleeper = fork_sleeper();
	jail_both(signals_to_host);
	int status;
	CHECK_EQ(waitpid(signals_host_sleeper, &status, WNOHANG), 0); /* still alive */
	kill(signals_host_sleeper, SIGKILL);
	CHECK_SIGNALED(gt_wait(signals_host_sleeper), SIGKILL);
}

/* Clearing or loosening the jail. jailed: SET_JAIL(NONE) and SET_JAIL(UNTIL_EXEC)
 * are EPERM, the jail stays across fork and execve. unjailed: GET_JAIL is 0 (on
 * Linux the option itself is EINVAL), and an exec'd program is not jailed. */
static void clear_jail(enum jail_mode mode)
{
	const char *self = "/proc/self/exe";
	jail_enter(mode);
	if (mode == JAIL_ON) {
		EXPECT_ERRNO(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_NONE, 0, 0, 0), EPERM);
		EXPECT_ERRNO(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXEC, 0, 0, 0), EPERM);
		CHECK_EQ(prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0), ATOLL_JAIL_UNTIL_EXIT);
		CHECK_EXITED(jail_exec_helper(self, "--jail-exit"), ATOLL_JAIL_UNTIL_EXIT);
		return;
	}
	if (jail_kernel_is_atoll()) {
		CHECK_EQ(prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0), ATOLL_JAIL_NONE);
		CHECK_EXITED(jail_exec_helper(self, "--jail-exit"), ATOLL_JAIL_NONE);
	} else {
		EXPECT_ERRNO(prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0), EINVAL);
		CHECK_EXITED(jail_exec_helper(self, "--jail-exit"), 100);
	}
}
void proc_clear_jail(void)
{
	jail_both(clear_jail);
}

/* The until-exec flavour (Atoll only): refusals apply until the next execve, which
 * clears it; it may be tightened to until-exit, never the reverse. */
void proc_jail_until_exec(void)
{
	if (!jail_kernel_is_atoll())
		gt_skip("Atoll-only: prctl(ATOLL_PR_SET_JAIL) is EINVAL on this kernel");
	EXPECT_OK(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXEC, 0, 0, 0));
	CHECK_EQ(prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0), ATOLL_JAIL_UNTIL_EXEC);
	EXPECT_ERRNO(unshare(CLONE_NEWNS), EPERM);
	EXPECT_ERRNO(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_NONE, 0, 0, 0), EPERM);
	CHECK_EXITED(jail_exec_helper("/proc/self/exe", "--jail-exit"), ATOLL_JAIL_NONE);
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		EXPECT_OK(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT, 0, 0, 0));
		CHECK_EXITED(jail_exec_helper("/proc/self/exe", "--jail-exit"), ATOLL_JAIL_UNTIL_EXIT);
		_exit(0);
	}
	CHECK_EXITED(gt_wait(pid), 0);
}

/* Creating or entering namespaces, and the container object calls. jailed: EPERM
 * for each; unjailed: they work (as root). */
static void new_namespaces(enum jail_mode mode)
{
	int fd = EXPECT_OK(open("/proc/self/ns/mnt", O_RDONLY));
	jail_enter(mode);
	EXPECT_JAILED_ERRNO(mode, unshare(CLONE_NEWNS), EPERM);
	EXPECT_JAILED_ERRNO(mode, unshare(CLONE_NEWUTS), EPERM);
	EXPECT_JAILED_ERRNO(mode, setns(fd, CLONE_NEWNS), EPERM);
	long pid = EXPECT_JAILED_ERRNO(mode, syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0),
				       EPERM);
	if (mode == JAIL_OFF && pid == 0)
		_exit(getpid() == 1 ? 0 : 1);
	if (mode == JAIL_OFF) {
		CHECK_EXITED(gt_wait((pid_t)pid), 0);
		EXPECT_OK(sethostname("inside", 6)); /* our own UTS namespace */
		gt_observe("unjailed: unshare, setns and clone(CLONE_NEWPID) work");
	} else {
		struct atoll_container_spec spec = { .name = "escape" };
		EXPECT_ERRNO(syscall(ATOLL_SYS_container_create, &spec), EPERM);
		EXPECT_ERRNO(syscall(ATOLL_SYS_container_join, 1), EPERM);
	}
}
void proc_new_namespaces(void)
{
	if (geteuid() == 0)
		gt_note("unjailed half unshares its own mount and UTS namespaces only");
	jail_both(new_namespaces);
}
