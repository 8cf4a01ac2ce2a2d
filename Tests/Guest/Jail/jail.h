/*
 * The jail test program: every escape class of issue 6, each run twice.
 *
 * jail.c        the two-mode runner, the prepared root, the helper modes of the binary
 * jail_fs.c     chroot/fchdir/.. climbing, leaked fds and cwd, /proc links of a host
 *               process, mknod, device nodes, mount/umount/remount/pivot_root,
 *               symlinks in the image, setuid files
 * jail_proc.c   signals across the PID namespace, clearing the jail, new namespaces
 * jail_limits.c fork bomb and memory hog against a container's limits, also after
 *               atoll_container_join (Atoll only)
 */
#pragma once

#include "gtest.h"

/* The two modes every case runs in. */
enum jail_mode { JAIL_OFF = 0, JAIL_ON = 1 };

/* 1 when the kernel is Atoll (prctl(ATOLL_PR_GET_JAIL) works), 0 on Linux. */
int jail_kernel_is_atoll(void);

/* Runs fn(mode) in a forked child, once with JAIL_OFF and once with JAIL_ON (skipped on
 * Linux, with a note), and fails the case unless each child exits 0. fn first enters
 * its situation, then calls jail_enter(mode), then tries the escape. */
void jail_both(void (*fn)(enum jail_mode));
/* JAIL_ON: prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT) and check it took. */
void jail_enter(enum jail_mode mode);

/*
 * The prepared root, made by jail_make_root() in the calling (mode) child:
 * a private mount namespace, and a fresh tmpfs on SCRATCH/root holding
 *   inside                 "inside\n"
 *   proc mnt dev tmp etc   empty directories
 * SCRATCH/secret ("host secret\n") is the host's file a successful escape reads.
 * jail_scratch is SCRATCH (absolute); the cwd stays SCRATCH.
 */
extern char jail_scratch[256];
#define JAIL_SECRET "host secret\n"
void jail_prepare_scratch(void); /* in the case process, before jail_both */
void jail_make_root(unsigned long root_mount_flags);

/* Reads the whole small file at (dirfd, path) and checks it says JAIL_SECRET. */
void jail_check_secret(int dirfd, const char *path);

/* Mode-dependent expectations: jailed, `call` must fail with `err`; unjailed, succeed
 * (evaluates to its result then, 0 when jailed). Messages name the mode. */
#define EXPECT_JAILED_ERRNO(mode, call, err) \
	({ \
		errno = 0; \
		long long jr_ = (long long)(call); \
		int je_ = errno; \
		if ((mode) == JAIL_ON && jr_ != -1) \
			gt_fail("jailed: %s: expected %s, got success (%lld)", #call, \
				gt_errno_name(err), jr_); \
		if ((mode) == JAIL_ON && je_ != (err)) \
			gt_fail("jailed: %s: expected %s, got %s", #call, gt_errno_name(err), \
				gt_errno_name(je_)); \
		if ((mode) == JAIL_OFF && jr_ == -1) \
			gt_fail("unjailed: %s: expected success, got %s", #call, gt_errno_name(je_)); \
		(mode) == JAIL_ON ? 0 : jr_; \
	})

/* The binary's helper modes (argv[1]), for cases that execve it:
 *   --euid-exit   exit 10 when the effective uid is 0, 11 otherwise
 *   --jail-exit   exit with prctl(ATOLL_PR_GET_JAIL) (100 when that fails) */
int jail_helper_main(int argc, char **argv);
/* Forks and execs PATH with helper mode MODE; returns the wait status. */
int jail_exec_helper(const char *path, const char *mode);

/* The case tables of each file. */
void fs_kept_dirfd(void);
void fs_nested_chroot(void);
void fs_leaked_cwd(void);
void fs_leaked_file_fd(void);
void fs_proc_links_of_host_process(void);
void fs_proc_in_new_pid_namespace(void);
void fs_mknod_disk(void);
void fs_disk_devices(void);
void fs_mount_inside(void);
void fs_symlinks_outside(void);
void fs_setuid_file(void);
void proc_signals_to_host(void);
void proc_clear_jail(void);
void proc_jail_until_exec(void);
void proc_new_namespaces(void);
void limits_fork_bomb(void);
void limits_memory_hog(void);
void limits_after_join(void);

#define JAIL_CASES \
	GT_CASE(fs_kept_dirfd), GT_CASE(fs_nested_chroot), GT_CASE(fs_leaked_cwd), \
	GT_CASE(fs_leaked_file_fd), GT_CASE(fs_proc_links_of_host_process), \
	GT_CASE(fs_proc_in_new_pid_namespace), GT_CASE(fs_mknod_disk), GT_CASE(fs_disk_devices), \
	GT_CASE(fs_mount_inside), GT_CASE(fs_symlinks_outside), GT_CASE(fs_setuid_file), \
	GT_CASE(proc_signals_to_host), GT_CASE(proc_clear_jail), GT_CASE(proc_jail_until_exec), \
	GT_CASE(proc_new_namespaces), GT_CASE_T(limits_fork_bomb, 30), \
	GT_CASE_T(limits_memory_hog, 30), GT_CASE_T(limits_after_join, 30)
