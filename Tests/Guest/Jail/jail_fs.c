/*
 * Filesystem escapes: getting above the root (kept directory fds, a cwd left outside,
 * nested chroot, /proc/PID/{root,cwd,fd} of a host process), device nodes (mknod,
 * nodes already there, the host's disks and loop-control), mount/umount/remount/
 * pivot_root, symlinks in the image pointing outside, and setuid files.
 *
 * Each scenario function takes the mode; the expected result for both modes sits on
 * the line of the attempt (EXPECT_JAILED_ERRNO: jailed that errno, unjailed success).
 * The root is the prepared tmpfs of jail_make_root(); SCRATCH/secret, outside it, is
 * what an escape reads.
 */
#define _GNU_SOURCE
#include "jail.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

/* chroot into SCRATCH/root (cwd "/" inside); returns an fd of SCRATCH kept from outside. */
static int chroot_keeping_fd(void)
{
	int out = EXPECT_OK(open(".", O_RDONLY | O_DIRECTORY));
	EXPECT_OK(chroot("root"));
	EXPECT_OK(chdir("/"));
	return out;
}

/* Unjailed follow-up of an escape: from a cwd outside the root, climb to the real
 * root, chroot there, and read the secret by its host path. */
static void climb_and_read_secret(void)
{
	char path[300];
	for (int i = 0; i < 64; i++)
		EXPECT_OK(chdir(".."));
	EXPECT_OK(chroot("."));
	snprintf(path, sizeof path, "%s/secret", jail_scratch);
	jail_check_secret(AT_FDCWD, path);
}

/* A directory fd opened outside, kept across chroot: openat/fchdir through it.
 * jailed: EPERM for each; unjailed: they reach the host (Linux chroot semantics). */
static void kept_dirfd(enum jail_mode mode)
{
	jail_make_root(0);
	int out = chroot_keeping_fd();
	jail_enter(mode);
	EXPECT_JAILED_ERRNO(mode, openat(out, "secret", O_RDONLY), EPERM);
	EXPECT_JAILED_ERRNO(mode, openat(out, "..", O_RDONLY | O_DIRECTORY), EPERM);
	/* ".." at the root stays at the root in both modes. */
	EXPECT_ERRNO(open("/../../../secret", O_RDONLY), ENOENT);
	EXPECT_JAILED_ERRNO(mode, fchdir(out), EPERM);
	if (mode == JAIL_OFF) {
		jail_check_secret(out, "secret");
		climb_and_read_secret();
		gt_observe("unjailed: openat(kept fd) and fchdir(kept fd) reach the host");
	} else {
		/* Still inside: the root's own file is there, the host's is not. */
		EXPECT_OK(access("/inside", F_OK));
	}
}
void fs_kept_dirfd(void)
{
	jail_prepare_scratch();
	jail_both(kept_dirfd);
}

/* The classic: chroot into a subdirectory without chdir, so the cwd is above the new
 * root, then ".." up to the real root. jailed: chroot is EPERM; unjailed: escapes. */
static void nested_chroot(enum jail_mode mode)
{
	jail_make_root(0);
	close(chroot_keeping_fd());
	jail_enter(mode);
	EXPECT_OK(mkdir("/tmp/x", 0755));
	EXPECT_JAILED_ERRNO(mode, chroot("/tmp/x"), EPERM);
	if (mode == JAIL_OFF) {
		climb_and_read_secret();
		gt_observe("unjailed: chroot(subdir) + .. climbing reaches the host");
	} else {
		for (int i = 0; i < 64; i++)
			EXPECT_OK(chdir(".."));
		EXPECT_OK(access("inside", F_OK));
		EXPECT_JAILED_ERRNO(mode, chroot("."), EPERM);
	}
}
void fs_nested_chroot(void)
{
	jail_prepare_scratch();
	jail_both(nested_chroot);
}

/* A cwd left outside the root (chroot without chdir). jailed: relative lookups from
 * it are EPERM; unjailed: they read the host's files. */
static void leaked_cwd(enum jail_mode mode)
{
	jail_make_root(0);
	EXPECT_OK(chroot("root"));
	jail_enter(mode);
	EXPECT_JAILED_ERRNO(mode, open("secret", O_RDONLY), EPERM);
	EXPECT_JAILED_ERRNO(mode, open("../", O_RDONLY | O_DIRECTORY), EPERM);
	if (mode == JAIL_OFF) {
		jail_check_secret(AT_FDCWD, "secret");
		gt_observe("unjailed: a cwd outside the root reads the host");
	}
	/* Absolute paths start at the root in both modes. */
	EXPECT_OK(access("/inside", F_OK));
}
void fs_leaked_cwd(void)
{
	jail_prepare_scratch();
	jail_both(leaked_cwd);
}

/* An open regular file from outside: the descriptor is a capability, so read works in
 * BOTH modes (the jail does not revoke open files; the launcher closes every fd but
 * 0-2, which Tests/Host/ContainerGuest checks). Reopening it through
 * /proc/self/fd/N names a path outside the root: jailed EPERM, unjailed works. */
static void leaked_file_fd(enum jail_mode mode)
{
	char buf[64] = { 0 }, path[64];
	jail_make_root(0);
	int fd = EXPECT_OK(open("secret", O_RDONLY));
	EXPECT_OK(mount("proc", "root/proc", "proc", 0, NULL));
	close(chroot_keeping_fd());
	jail_enter(mode);
	CHECK_EQ(pread(fd, buf, sizeof buf - 1, 0), (long)strlen(JAIL_SECRET));
	CHECK_STR(buf, JAIL_SECRET);
	EXPECT_ERRNO(openat(fd, "x", O_RDONLY), ENOTDIR);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int again = EXPECT_JAILED_ERRNO(mode, open(path, O_RDONLY), EPERM);
	if (mode == JAIL_OFF) {
		jail_check_secret(AT_FDCWD, path);
		close(again);
		gt_observe("unjailed: leaked file fd readable, reopened via /proc/self/fd");
	}
}
void fs_leaked_file_fd(void)
{
	jail_prepare_scratch();
	jail_both(leaked_file_fd);
}

/* /proc/PID/root, /proc/PID/cwd and /proc/PID/fd/N of a host process (the case
 * process: root "/", cwd SCRATCH, fd `held` open on SCRATCH), with a procfs of the
 * host's PID namespace mounted inside. jailed: EPERM; unjailed: each leads out. */
static int held_fd = -1;
static void proc_links(enum jail_mode mode)
{
	char path[400];
	pid_t host = getppid();
	jail_make_root(0);
	EXPECT_OK(mount("proc", "root/proc", "proc", 0, NULL));
	close(held_fd); /* only the host process keeps it */
	close(chroot_keeping_fd());
	jail_enter(mode);
	snprintf(path, sizeof path, "/proc/%d/cwd/secret", (int)host);
	EXPECT_JAILED_ERRNO(mode, open(path, O_RDONLY), EPERM);
	snprintf(path, sizeof path, "/proc/%d/fd/%d/secret", (int)host, held_fd);
	EXPECT_JAILED_ERRNO(mode, open(path, O_RDONLY), EPERM);
	snprintf(path, sizeof path, "/proc/%d/root", (int)host);
	EXPECT_JAILED_ERRNO(mode, chdir(path), EPERM);
	EXPECT_OK(chdir("/"));
	/* The host process's root shows ITS mount namespace (Linux): /tmp there is the
	 * host's tmpfs holding SCRATCH, not this namespace's copy. */
	snprintf(path, sizeof path, "/proc/%d/root%s/secret", (int)host, jail_scratch);
	EXPECT_JAILED_ERRNO(mode, open(path, O_RDONLY), EPERM);
	if (mode == JAIL_OFF) {
		snprintf(path, sizeof path, "/proc/%d/cwd/secret", (int)host);
		jail_check_secret(AT_FDCWD, path);
		gt_observe("unjailed: /proc/PID/{root,cwd,fd} of a host process lead out");
	}
}
void fs_proc_links_of_host_process(void)
{
	jail_prepare_scratch();
	held_fd = EXPECT_OK(open(".", O_RDONLY | O_DIRECTORY));
	jail_both(proc_links);
}

/* In a new PID namespace with its own procfs, host processes do not exist: /proc/<a
 * host PID> is ENOENT and getppid() is 0, in both modes (namespace, not jail). */
static void proc_new_pidns_init(enum jail_mode mode, pid_t host)
{
	char path[64];
	CHECK_EQ(getpid(), 1);
	CHECK_EQ(getppid(), 0);
	EXPECT_OK(mount("proc", "root/proc", "proc", 0, NULL));
	close(chroot_keeping_fd());
	jail_enter(mode);
	snprintf(path, sizeof path, "/proc/%d/root", (int)host);
	EXPECT_ERRNO(open(path, O_RDONLY), ENOENT);
	EXPECT_OK(access("/proc/1/root", F_OK));
	EXPECT_ERRNO(kill(host, 0), ESRCH);
}
static void proc_new_pidns(enum jail_mode mode)
{
	pid_t host = getpid();
	jail_make_root(0);
	EXPECT_OK(unshare(CLONE_NEWPID));
	pid_t init = EXPECT_OK(fork());
	if (init == 0) {
		proc_new_pidns_init(mode, host);
		_exit(0);
	}
	CHECK_EXITED(gt_wait(init), 0);
	if (mode == JAIL_OFF)
		gt_observe("unjailed: host PIDs are ENOENT in a new PID namespace's procfs");
}
void fs_proc_in_new_pid_namespace(void)
{
	jail_prepare_scratch();
	jail_both(proc_new_pidns);
}

/* The first of the host's disks that exists, for mknod; else sd 8:0. */
static dev_t a_disk(void)
{
	static const char *const disks[] = { "/dev/vda", "/dev/ram0", "/dev/sda", "/dev/loop0" };
	struct stat st;
	for (size_t i = 0; i < sizeof disks / sizeof disks[0]; i++)
		if (stat(disks[i], &st) == 0 && S_ISBLK(st.st_mode))
			return st.st_rdev;
	return makedev(8, 0);
}

/* On Linux a device cgroup (the host may itself be a container) refuses device
 * opens with EPERM whatever the jail; Atoll has none, so there EPERM is a failure. */
static int unjailed_device_refusal_ok(const char *path)
{
	if (errno != EPERM || jail_kernel_is_atoll())
		return 0;
	gt_note("unjailed open(%s): EPERM from the host's device cgroup, not checked", path);
	return 1;
}

/* mknod of a disk inside, then reading it. jailed: mknod EPERM, and a node already in
 * the root (as an image could hold) opens with EPERM; unjailed: mknod works and the
 * node opens (or ENXIO/ENODEV when no such disk is attached). On a nodev mount
 * (container roots are) the node gives EACCES in both modes. */
static void open_disk_node(enum jail_mode mode, const char *path)
{
	char buf[512];
	int fd = open(path, O_RDONLY);
	if (mode == JAIL_ON) {
		if (fd >= 0 || errno != EPERM)
			gt_fail("jailed open(%s): expected EPERM, got %s", path,
				fd >= 0 ? "success" : gt_errno_name(errno));
		return;
	}
	if (fd < 0 && unjailed_device_refusal_ok(path))
		return;
	if (fd < 0 && errno != ENXIO && errno != ENODEV)
		gt_fail("unjailed open(%s): %s", path, gt_errno_name(errno));
	if (fd >= 0) {
		if (read(fd, buf, sizeof buf) < 0)
			gt_fail("unjailed read(%s): %s", path, gt_errno_name(errno));
		close(fd);
	}
}
static void mknod_disk(enum jail_mode mode)
{
	dev_t disk = a_disk();
	jail_make_root(0);
	EXPECT_OK(mknod("root/image-disk", S_IFBLK | 0600, disk));
	EXPECT_OK(mount("nodevfs", "root/mnt", "tmpfs", MS_NODEV, NULL));
	EXPECT_OK(mknod("root/mnt/disk", S_IFBLK | 0600, disk));
	close(chroot_keeping_fd());
	jail_enter(mode);
	EXPECT_JAILED_ERRNO(mode, mknod("/disk", S_IFBLK | 0600, disk), EPERM);
	EXPECT_JAILED_ERRNO(mode, mknod("/null2", S_IFCHR | 0600, makedev(1, 3)), EPERM);
	if (mode == JAIL_OFF)
		open_disk_node(mode, "/disk");
	open_disk_node(mode, "/image-disk");
	EXPECT_ERRNO(open("/mnt/disk", O_RDONLY), EACCES);
	if (mode == JAIL_OFF)
		gt_observe("unjailed: mknod of a disk works; nodev mount gives EACCES");
}
void fs_mknod_disk(void)
{
	jail_prepare_scratch();
	jail_both(mknod_disk);
}

/* The host's disks and loop-control, opened directly (no chroot: the jail alone).
 * jailed: EPERM; unjailed: they open. /dev/null stays usable jailed. */
static const char *const host_devices[] = { "/dev/vda", "/dev/ram0", "/dev/loop-control" };
static void disk_devices(enum jail_mode mode)
{
	struct stat st;
	jail_enter(mode);
	for (size_t i = 0; i < sizeof host_devices / sizeof host_devices[0]; i++) {
		if (stat(host_devices[i], &st) != 0)
			continue;
		if (mode == JAIL_ON) {
			EXPECT_ERRNO(open(host_devices[i], O_RDWR), EPERM);
			continue;
		}
		int fd = open(host_devices[i], O_RDWR);
		if (fd < 0 && !unjailed_device_refusal_ok(host_devices[i]))
			gt_fail("unjailed open(%s): %s", host_devices[i], gt_errno_name(errno));
		if (fd >= 0)
			close(fd);
	}
	close(EXPECT_OK(open("/dev/null", O_RDWR)));
	close(EXPECT_OK(open("/dev/urandom", O_RDONLY)));
}
void fs_disk_devices(void)
{
	struct stat st;
	char present[128] = "";
	for (size_t i = 0; i < sizeof host_devices / sizeof host_devices[0]; i++)
		if (stat(host_devices[i], &st) == 0) {
			strcat(present, " ");
			strcat(present, host_devices[i]);
		}
	if (!present[0])
		gt_skip("none of /dev/vda /dev/ram0 /dev/loop-control exists on this machine");
	gt_note("devices tried:%s", present);
	jail_both(disk_devices);
}

/* mount, remount read-only, umount and pivot_root from inside a private mount
 * namespace whose root is the prepared tmpfs. jailed: each EPERM; unjailed: each
 * works (pivot_root(".", ".") + umount2(".", MNT_DETACH) makes the tmpfs "/"). */
static void mount_inside(enum jail_mode mode)
{
	jail_make_root(0);
	EXPECT_OK(mount("proc", "root/proc", "proc", 0, NULL));
	EXPECT_OK(chdir("root"));
	jail_enter(mode);
	EXPECT_JAILED_ERRNO(mode, mount("x", "mnt", "tmpfs", 0, NULL), EPERM);
	EXPECT_JAILED_ERRNO(mode, mount(NULL, "proc", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
			    EPERM);
	EXPECT_JAILED_ERRNO(mode, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), EPERM);
	EXPECT_JAILED_ERRNO(mode, umount2("proc", MNT_DETACH), EPERM);
	EXPECT_JAILED_ERRNO(mode, syscall(SYS_pivot_root, ".", "."), EPERM);
	if (mode == JAIL_OFF) {
		EXPECT_OK(umount2(".", MNT_DETACH));
		EXPECT_OK(chdir("/"));
		EXPECT_OK(access("/inside", F_OK));
		gt_observe("unjailed: mount, remount, umount, pivot_root all work");
	} else {
		EXPECT_OK(access("/proc/self", F_OK)); /* still mounted */
		EXPECT_ERRNO(access("/inside", F_OK), ENOENT);
	}
}
void fs_mount_inside(void)
{
	jail_prepare_scratch();
	jail_both(mount_inside);
}

/* Symlinks in the image that point outside: absolute (the host path of the secret)
 * and relative (../ past the root). At run time they resolve inside the root in both
 * modes: ENOENT, never the host's file. */
static void symlinks_outside(enum jail_mode mode)
{
	char target[300];
	jail_make_root(0);
	snprintf(target, sizeof target, "%s/secret", jail_scratch);
	EXPECT_OK(symlink(target, "root/abs"));
	EXPECT_OK(symlink("../../../../../../../secret", "root/tmp/rel"));
	EXPECT_OK(symlink("../..", "root/etc/up"));
	close(chroot_keeping_fd());
	jail_enter(mode);
	EXPECT_ERRNO(open("/abs", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("/tmp/rel", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("/etc/up/secret", O_RDONLY), ENOENT);
	EXPECT_OK(access("/etc/up/inside", F_OK));
	if (mode == JAIL_OFF)
		gt_observe("unjailed: outward symlinks resolve inside the root (ENOENT)");
}
void fs_symlinks_outside(void)
{
	jail_prepare_scratch();
	jail_both(symlinks_outside);
}

/* Copies this program to PATH as a set-user-ID root file. */
static void install_setuid_copy(const char *path)
{
	char buf[65536];
	int in = EXPECT_OK(open("/proc/self/exe", O_RDONLY));
	int out = EXPECT_OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755));
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		gt_write_all(out, buf, (size_t)n);
	if (n < 0)
		gt_fail("read /proc/self/exe: %s", strerror(errno));
	close(in);
	close(out);
	EXPECT_OK(chown(path, 0, 0));
	EXPECT_OK(chmod(path, 04755));
}

/* A setuid-root file, executed by uid 65534. jailed: no privilege (euid stays 65534);
 * unjailed on a mount that allows it: euid 0 (Linux). On a nosuid mount (container
 * roots are): no privilege in both modes. The helper exits 10 for euid 0, 11 else. */
static void setuid_file(enum jail_mode mode)
{
	jail_make_root(0);
	EXPECT_OK(mount("nosuidfs", "root/mnt", "tmpfs", MS_NOSUID, "mode=0755"));
	install_setuid_copy("root/suid");
	install_setuid_copy("root/mnt/suid");
	close(chroot_keeping_fd());
	jail_enter(mode);
	EXPECT_OK(setgroups(0, NULL));
	EXPECT_OK(setresgid(GT_NOBODY, GT_NOBODY, GT_NOBODY));
	EXPECT_OK(setresuid(GT_NOBODY, GT_NOBODY, GT_NOBODY));
	CHECK_EXITED(jail_exec_helper("/suid", "--euid-exit"), mode == JAIL_ON ? 11 : 10);
	CHECK_EXITED(jail_exec_helper("/mnt/suid", "--euid-exit"), 11);
	if (mode == JAIL_OFF)
		gt_observe("unjailed: setuid root file gives euid 0; on nosuid it does not");
}
void fs_setuid_file(void)
{
	jail_prepare_scratch();
	jail_both(setuid_file);
}
