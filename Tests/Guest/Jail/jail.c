/*
 * jail: the container escape suite of issue 6, OpenBSD regress/sys/kern/unveil style.
 *
 * Every escape class is one case. A case prepares its scratch directory, then
 * jail_both() runs the same scenario twice, each time in a fresh child: the child
 * first enters the situation (a private mount namespace with a fresh tmpfs as the
 * root it chroots or pivots into, a new PID namespace, a container object, a kept
 * directory fd from outside...), then jails itself or not, then tries the escape.
 * The expected result is stated for BOTH modes beside each attempt:
 *   jailed   (prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT)): EPERM, or no effect;
 *   unjailed: Linux's semantics (chroot is not a security boundary there: a kept
 *            directory fd, a cwd outside, or /proc/PID/root of a host process leads
 *            out, and the test checks that it does, reading SCRATCH/secret).
 * The unjailed half is the control: it proves each scenario really is an escape on
 * a plain kernel, so a jailed refusal means the jail stopped it and not that the
 * scenario was broken. On Linux the Atoll calls fail (prctl: EINVAL, syscalls:
 * ENOSYS): the program says so once, runs the unjailed half of every case, and
 * skips the cases that exist only on Atoll (the container limits).
 *
 * Observation lines carry the unjailed outcomes only (they must match on Linux and
 * Atoll); the jailed outcomes are checked, not observed, as Linux cannot produce them.
 * Everything runs as root (chroot, mount, mknod need it), as the guest suites do.
 */
#define _GNU_SOURCE
#include "jail.h"
#include "API/atoll.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char jail_scratch[256];

int jail_kernel_is_atoll(void)
{
	static int known = -1;
	if (known < 0)
		known = prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0) >= 0;
	return known;
}

void jail_enter(enum jail_mode mode)
{
	if (mode == JAIL_OFF)
		return;
	EXPECT_OK(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT, 0, 0, 0));
	CHECK_EQ(prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0), ATOLL_JAIL_UNTIL_EXIT);
}

/* Runs fn(mode) in a child; returns 1 when it exited 0. */
static int run_mode(void (*fn)(enum jail_mode), enum jail_mode mode)
{
	pid_t pid = fork();
	if (pid < 0)
		gt_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		fn(mode);
		_exit(0);
	}
	int status = gt_wait(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	gt_note("%s half ended with %s", mode == JAIL_ON ? "jailed" : "unjailed",
		gt_status_text(status));
	return 0;
}

/* The jailed half runs first, so that its failure is the one the runner reports
 * (the first message a case's processes send wins); both always run. */
void jail_both(void (*fn)(enum jail_mode))
{
	int jailed_ok = 1;
	if (geteuid() != 0)
		gt_skip("needs root (chroot, mount, mknod, namespaces)");
	if (jail_kernel_is_atoll())
		jailed_ok = run_mode(fn, JAIL_ON);
	else
		gt_note("jailed half not run: not Atoll (prctl(ATOLL_PR_GET_JAIL) refused)");
	int unjailed_ok = run_mode(fn, JAIL_OFF);
	if (!jailed_ok || !unjailed_ok)
		gt_fail("failed: %s%s", jailed_ok ? "" : "jailed half ",
			unjailed_ok ? "" : "unjailed half");
}

void jail_prepare_scratch(void)
{
	snprintf(jail_scratch, sizeof jail_scratch, "%s", gt_scratch());
	gt_write_file("secret", JAIL_SECRET, 0644);
	if (mkdir("root", 0755) < 0)
		gt_fail("mkdir root: %s", strerror(errno));
}

void jail_make_root(unsigned long root_mount_flags)
{
	static const char *const dirs[] = { "root/proc", "root/mnt", "root/dev", "root/tmp",
					    "root/etc" };
	EXPECT_OK(unshare(CLONE_NEWNS));
	EXPECT_OK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	EXPECT_OK(mount("jailroot", "root", "tmpfs", root_mount_flags, "mode=0755"));
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		EXPECT_OK(mkdir(dirs[i], 0755));
	gt_write_file("root/inside", "inside\n", 0644);
}

void jail_check_secret(int dirfd, const char *path)
{
	char buf[64] = { 0 };
	int fd = openat(dirfd, path, O_RDONLY);
	if (fd < 0)
		gt_fail("open %s (escape expected to work unjailed): %s", path, gt_errno_name(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0 || strcmp(buf, JAIL_SECRET) != 0)
		gt_fail("%s: expected the host's secret, read \"%s\"", path, buf);
}

int jail_exec_helper(const char *path, const char *mode)
{
	pid_t pid = fork();
	if (pid < 0)
		gt_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		execl(path, path, mode, (char *)NULL);
		_exit(127);
	}
	return gt_wait(pid);
}

int jail_helper_main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--euid-exit") == 0)
		return geteuid() == 0 ? 10 : 11;
	if (argc == 2 && strcmp(argv[1], "--jail-exit") == 0) {
		int j = prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0);
		return j < 0 ? 100 : j;
	}
	return -1;
}

static const struct gt_case cases[] = { JAIL_CASES, GT_END };

int main(int argc, char **argv)
{
	int helper = jail_helper_main(argc, argv);
	if (helper >= 0)
		return helper;
	if (!jail_kernel_is_atoll())
		fprintf(stderr, "jail: this kernel is not Atoll (prctl(ATOLL_PR_GET_JAIL): %s): "
				"running the unjailed half of every case only; the container "
				"limit cases skip\n", strerror(errno));
	return gt_main(argc, argv, cases);
}
