/*
 * misc, /proc/sys half: the sysctl files programs read (kernel/{ostype,osrelease,
 * version,hostname,domainname,pid_max,ngroups_max,threads-max,random/{boot_id,uuid}},
 * fs/{nr_open,file-max}).
 *
 * Their values differ between machines, so what is observed is what Linux fixes:
 * that the names agree with uname(2), the modes of the files whose mode Linux and
 * Atoll share, the UUID format, and that each limit is the one the kernel enforces
 * (setgroups takes ngroups_max groups and not one more, RLIMIT_NOFILE rises to
 * nr_open, where root may raise hard limits, and not past it). Writing kernel/hostname acts as sethostname(2) does: in
 * the writer's UTS namespace only, root only, and (Atoll) not for a jailed process in
 * the initial UTS namespace — that last half is checked, not observed.
 */
#define _GNU_SOURCE
#include "misc.h"
#include "API/atoll.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#define SYS_KERNEL "/proc/sys/kernel/"
#define UTS_NAME_MAX 64

/* Reads a one-line sysctl file and strips its newline (which must be there). */
static void read_line(const char *path, char *buf, size_t size)
{
	size_t len = gt_read_file(path, buf, size);
	if (len == 0 || buf[len - 1] != '\n')
		gt_fail("%s does not end in a newline: '%s'", path, buf);
	buf[len - 1] = 0;
}

/* A sysctl holding one positive number. */
static long long read_number(const char *path)
{
	char buf[64], *end;
	read_line(path, buf, sizeof buf);
	long long v = strtoll(buf, &end, 10);
	if (*end || v <= 0)
		gt_fail("%s: '%s' is not a positive number", path, buf);
	return v;
}

static void check_line(const char *path, const char *want)
{
	char buf[256];
	read_line(path, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		gt_fail("%s is '%s', uname(2) says '%s'", path, buf, want);
}

void misc_sys_kernel_names(void)
{
	struct utsname u;
	EXPECT_OK(uname(&u));
	check_line(SYS_KERNEL "ostype", u.sysname);
	check_line(SYS_KERNEL "osrelease", u.release);
	check_line(SYS_KERNEL "version", u.version);
	check_line(SYS_KERNEL "hostname", u.nodename);
	check_line(SYS_KERNEL "domainname", u.domainname);
	gt_observe("ostype: %s; osrelease, version, hostname, domainname agree with uname", u.sysname);
}

/* The modes Linux gives; pid_max, threads-max, nr_open and file-max are 0644 there
 * (tunable) and read-only 0444 in Atoll, so they are not observed. */
static const struct {
	const char *path;
	unsigned mode;
} sys_modes[] = {
	{ "/proc/sys", S_IFDIR | 0555 },
	{ "/proc/sys/kernel", S_IFDIR | 0555 },
	{ "/proc/sys/kernel/random", S_IFDIR | 0555 },
	{ "/proc/sys/fs", S_IFDIR | 0555 },
	{ SYS_KERNEL "hostname", S_IFREG | 0644 },
	{ SYS_KERNEL "domainname", S_IFREG | 0644 },
	{ SYS_KERNEL "ostype", S_IFREG | 0444 },
	{ SYS_KERNEL "osrelease", S_IFREG | 0444 },
	{ SYS_KERNEL "version", S_IFREG | 0444 },
	{ SYS_KERNEL "ngroups_max", S_IFREG | 0444 },
	{ SYS_KERNEL "random/boot_id", S_IFREG | 0444 },
	{ SYS_KERNEL "random/uuid", S_IFREG | 0444 },
};

void misc_sys_modes(void)
{
	for (size_t i = 0; i < sizeof sys_modes / sizeof sys_modes[0]; i++) {
		struct stat st;
		EXPECT_OK(stat(sys_modes[i].path, &st));
		if (st.st_mode != sys_modes[i].mode)
			gt_fail("%s: mode %#o, expected %#o", sys_modes[i].path, st.st_mode, sys_modes[i].mode);
		gt_observe("%s: mode %#o", sys_modes[i].path, st.st_mode);
	}
	/* A 0444 sysctl is read-only even to root (Linux checks its mode, not DAC). */
	EXPECT_ERRNO(open(SYS_KERNEL "osrelease", O_WRONLY), EACCES);
	gt_observe("open osrelease for writing: EACCES");
}

/* Whether the names in `want` (NULL-terminated) are all in directory `path`, with
 * d_type DT_DIR for the ones ending in '/', and each d_ino what stat(2) gives. */
static void check_listing(const char *path, const char *const *want)
{
	DIR *d = opendir(path);
	if (!d)
		gt_fail("opendir %s: %s", path, gt_errno_name(errno));
	unsigned seen = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			gt_fail("stat %s/%s: %s", path, e->d_name, gt_errno_name(errno));
		if (st.st_ino != e->d_ino)
			gt_fail("%s/%s: d_ino %lu, st_ino %lu", path, e->d_name, (unsigned long)e->d_ino,
				(unsigned long)st.st_ino);
		for (unsigned i = 0; want[i]; i++) {
			size_t len = strlen(want[i]);
			int dir = want[i][len - 1] == '/';
			if (strncmp(e->d_name, want[i], len - dir) != 0 || e->d_name[len - dir])
				continue;
			CHECK_EQ(e->d_type, dir ? DT_DIR : DT_REG);
			seen |= 1u << i;
		}
	}
	closedir(d);
	for (unsigned i = 0; want[i]; i++)
		if (!(seen & (1u << i)))
			gt_fail("%s does not list %s", path, want[i]);
}

void misc_sys_listing(void)
{
	static const char *const top[] = { "kernel/", "fs/", NULL };
	static const char *const kernel[] = { "hostname", "domainname", "ostype", "osrelease", "version",
					      "pid_max", "ngroups_max", "threads-max", "random/", NULL };
	static const char *const random[] = { "boot_id", "uuid", NULL };
	static const char *const fs[] = { "nr_open", "file-max", NULL };
	check_listing("/proc/sys", top);
	check_listing("/proc/sys/kernel", kernel);
	check_listing("/proc/sys/kernel/random", random);
	check_listing("/proc/sys/fs", fs);
	/* ".." of a subdirectory is its parent, by number too. */
	struct stat parent, up;
	EXPECT_OK(stat("/proc/sys", &parent));
	EXPECT_OK(stat("/proc/sys/kernel/..", &up));
	CHECK(parent.st_ino == up.st_ino && parent.st_dev == up.st_dev);
	gt_observe("/proc/sys lists kernel/ fs/; kernel/ the 8 files and random/; random/ boot_id uuid;"
		   " fs/ nr_open file-max");
}

/* Whether s is a version 4 UUID as Linux prints it: lowercase hex, 8-4-4-4-12. */
static int is_v4_uuid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	}
	return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

void misc_sys_random_uuids(void)
{
	char boot1[64], boot2[64], uuid1[64], uuid2[64];
	read_line(SYS_KERNEL "random/boot_id", boot1, sizeof boot1);
	read_line(SYS_KERNEL "random/boot_id", boot2, sizeof boot2);
	read_line(SYS_KERNEL "random/uuid", uuid1, sizeof uuid1);
	read_line(SYS_KERNEL "random/uuid", uuid2, sizeof uuid2);
	if (!is_v4_uuid(boot1) || !is_v4_uuid(uuid1) || !is_v4_uuid(uuid2))
		gt_fail("not v4 UUIDs: '%s' '%s' '%s'", boot1, uuid1, uuid2);
	CHECK_STR(boot1, boot2);
	CHECK(strcmp(uuid1, uuid2) != 0);
	gt_observe("boot_id: a v4 UUID, the same twice; uuid: a v4 UUID, new at each open");
}

#define CAP_SYS_RESOURCE_BIT 24

static int has_capability(int bit)
{
	struct {
		uint32_t version;
		int pid;
	} h = { 0x20080522, 0 };
	struct {
		uint32_t effective, permitted, inheritable;
	} d[2];
	EXPECT_OK(syscall(SYS_capget, &h, d));
	return (d[bit / 32].effective >> (bit % 32)) & 1;
}

void misc_sys_limits(void)
{
	long long pid_max = read_number(SYS_KERNEL "pid_max");
	CHECK(getpid() < pid_max && getppid() < pid_max);
	read_number(SYS_KERNEL "threads-max");
	read_number("/proc/sys/fs/file-max");
	long long nr_open = read_number("/proc/sys/fs/nr_open");
	struct rlimit rl;
	EXPECT_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK(rl.rlim_max != RLIM_INFINITY && (long long)rl.rlim_max <= nr_open);
	long long ngroups_max = read_number(SYS_KERNEL "ngroups_max");
	if (geteuid() != 0)
		gt_skip("needs root: raising RLIMIT_NOFILE and setgroups");
	/* The limits hold: exactly up to them and no further. Raising a hard limit needs
	 * CAP_SYS_RESOURCE, which root in a container may lack. */
	struct rlimit at = { (rlim_t)nr_open, (rlim_t)nr_open }, past = { at.rlim_cur + 1, at.rlim_max + 1 };
	EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &past), EPERM);
	if (has_capability(CAP_SYS_RESOURCE_BIT))
		EXPECT_OK(setrlimit(RLIMIT_NOFILE, &at));
	else
		gt_note("no CAP_SYS_RESOURCE: RLIMIT_NOFILE not raised to nr_open");
	gid_t *groups = calloc((size_t)ngroups_max + 1, sizeof *groups);
	CHECK(groups != NULL);
	EXPECT_ERRNO(setgroups((size_t)ngroups_max + 1, groups), EINVAL);
	EXPECT_OK(setgroups((size_t)ngroups_max, groups));
	CHECK_EQ(getgroups(0, NULL), ngroups_max);
	free(groups);
	gt_observe("pid_max above our PIDs; RLIMIT_NOFILE not past nr_open (EPERM);"
		   " setgroups takes ngroups_max groups, not one more (EINVAL)");
}

/* Writes `text` to a sysctl by open/write; returns what write gave (or -errno). */
static long write_sysctl(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	long n = write(fd, text, strlen(text));
	long r = n < 0 ? -errno : n;
	close(fd);
	return r;
}

static void hostname_in_new_uts(void *arg)
{
	struct utsname u;
	char buf[128], long_name[71];
	EXPECT_OK(unshare(CLONE_NEWUTS));
	CHECK_EQ(write_sysctl(SYS_KERNEL "hostname", "gt-sys-host\n"), 12);
	EXPECT_OK(uname(&u));
	CHECK_STR(u.nodename, "gt-sys-host");
	read_line(SYS_KERNEL "hostname", buf, sizeof buf);
	CHECK_STR(buf, "gt-sys-host");
	CHECK_EQ(write_sysctl(SYS_KERNEL "domainname", "gt-sys-domain"), 13);
	EXPECT_OK(uname(&u));
	CHECK_STR(u.domainname, "gt-sys-domain");
	/* Like Linux's proc_dostring: a long name is cut at 64, the write consumes all. */
	memset(long_name, 'h', 70);
	long_name[70] = 0;
	CHECK_EQ(write_sysctl(SYS_KERNEL "hostname", long_name), 70);
	EXPECT_OK(uname(&u));
	CHECK_EQ(strlen(u.nodename), UTS_NAME_MAX);
}

static void hostname_as_nobody(void *arg)
{
	gt_drop_privileges();
	CHECK_EQ(write_sysctl(SYS_KERNEL "hostname", "nobody\n"), -EACCES);
}

/* Atoll: a jailed process may not rename the host (EPERM at the write, as
 * sethostname), only a UTS namespace of its own made before it was jailed. */
static void hostname_jailed(void *arg)
{
	int own = arg != NULL;
	if (own)
		EXPECT_OK(unshare(CLONE_NEWUTS));
	EXPECT_OK(prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT, 0, 0, 0));
	if (own) {
		CHECK_EQ(write_sysctl(SYS_KERNEL "hostname", "jailed-own\n"), 11);
		return;
	}
	CHECK_EQ(write_sysctl(SYS_KERNEL "hostname", "jailed\n"), -EPERM);
	EXPECT_ERRNO(sethostname("jailed", 6), EPERM);
}

void misc_sys_hostname_write(void)
{
	struct utsname before, after;
	if (geteuid() != 0)
		gt_skip("needs root: unshare(CLONE_NEWUTS)");
	EXPECT_OK(uname(&before));
	CHECK_EXITED(gt_run_child(hostname_in_new_uts, NULL), 0);
	CHECK_EXITED(gt_run_child(hostname_as_nobody, NULL), 0);
	if (prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0) >= 0) {
		CHECK_EXITED(gt_run_child(hostname_jailed, NULL), 0);
		CHECK_EXITED(gt_run_child(hostname_jailed, &before), 0);
	}
	EXPECT_OK(uname(&after));
	CHECK_STR(after.nodename, before.nodename);
	CHECK_STR(after.domainname, before.domainname);
	gt_observe("writing kernel/hostname and domainname in a new UTS namespace renames it only;"
		   " 70 bytes: all consumed, name cut at 64; as nobody: EACCES");
}
