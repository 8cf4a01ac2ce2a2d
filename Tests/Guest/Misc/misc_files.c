/*
 * misc, files half: the devfs nodes (null, zero, full, random, urandom, tty,
 * console, kmsg: Linux's device numbers and behaviour) and the procfs files that
 * ps, mount, free and uptime read (/proc/self/{stat,status,cmdline,comm,cwd,exe,
 * root,fd/,mounts}, /proc/mounts, /proc/meminfo, /proc/uptime, /proc/cmdline), in
 * Linux's formats. Only fields whose meaning is fixed are checked.
 */
#define _GNU_SOURCE
#include "misc.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct dev_node {
	const char *path;
	unsigned major, minor;
};

static const struct dev_node dev_nodes[] = {
	{ "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 }, { "/dev/full", 1, 7 },
	{ "/dev/random", 1, 8 }, { "/dev/urandom", 1, 9 }, { "/dev/kmsg", 1, 11 },
	{ "/dev/tty", 5, 0 }, { "/dev/console", 5, 1 },
};

static void check_zeros(const char *path)
{
	char buf[256];
	memset(buf, 1, sizeof buf);
	int fd = EXPECT_OK(open(path, O_RDONLY));
	CHECK_EQ(EXPECT_OK(read(fd, buf, sizeof buf)), (long)sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		if (buf[i])
			gt_fail("%s gave a non-zero byte", path);
	close(fd);
}

void misc_devfs_nodes(void)
{
	for (size_t i = 0; i < sizeof dev_nodes / sizeof dev_nodes[0]; i++) {
		struct stat st;
		if (stat(dev_nodes[i].path, &st) < 0)
			gt_fail("stat %s: %s", dev_nodes[i].path, gt_errno_name(errno));
		CHECK(S_ISCHR(st.st_mode));
		if (major(st.st_rdev) != dev_nodes[i].major || minor(st.st_rdev) != dev_nodes[i].minor)
			gt_fail("%s is %u:%u, expected %u:%u", dev_nodes[i].path, major(st.st_rdev),
				minor(st.st_rdev), dev_nodes[i].major, dev_nodes[i].minor);
		gt_observe("%s: char %u:%u", dev_nodes[i].path, major(st.st_rdev), minor(st.st_rdev));
	}
	int fd = EXPECT_OK(open("/dev/null", O_RDWR));
	CHECK_EQ(EXPECT_OK(write(fd, "hello", 5)), 5);
	char c;
	CHECK_EQ(EXPECT_OK(read(fd, &c, 1)), 0);
	close(fd);
	check_zeros("/dev/zero");
	check_zeros("/dev/full");
	fd = EXPECT_OK(open("/dev/full", O_WRONLY));
	EXPECT_ERRNO(write(fd, "x", 1), ENOSPC);
	close(fd);
	unsigned char a[32], b[32];
	gt_read_file("/dev/urandom", (char *)a, sizeof a);
	fd = EXPECT_OK(open("/dev/urandom", O_RDONLY));
	gt_read_all(fd, a, sizeof a);
	gt_read_all(fd, b, sizeof b);
	CHECK(memcmp(a, b, sizeof a) != 0);
	close(fd);
	fd = EXPECT_OK(open("/dev/random", O_RDONLY));
	gt_read_all(fd, a, sizeof a);
	close(fd);
}

/* Splits /proc/PID/stat into pid, comm and the fields after the comm. */
static void parse_stat(const char *text, int *pid, char *comm, size_t size, const char **rest)
{
	const char *open = strchr(text, '(');
	const char *close = strrchr(text, ')');
	CHECK(open && close && close > open && close[1] == ' ');
	*pid = atoi(text);
	snprintf(comm, size, "%.*s", (int)(close - open - 1), open + 1);
	*rest = close + 2;
}

static void check_self_stat(void)
{
	char buf[1024], comm[64];
	gt_read_file("/proc/self/stat", buf, sizeof buf);
	int pid;
	const char *rest;
	parse_stat(buf, &pid, comm, sizeof comm, &rest);
	CHECK_EQ(pid, getpid());
	CHECK_STR(comm, "misc");
	char state;
	int ppid, pgrp, session;
	CHECK_EQ(sscanf(rest, "%c %d %d %d", &state, &ppid, &pgrp, &session), 4);
	CHECK_EQ(state, 'R'); /* it is running: it is reading its own stat */
	CHECK_EQ(ppid, getppid());
	CHECK_EQ(pgrp, getpgrp());
	CHECK_EQ(session, getsid(0));
	int fields = 2;
	for (const char *p = rest; *p; p++)
		fields += *p == ' ';
	CHECK(fields >= 44); /* Linux 2.6+ has at least 44; ps reads up to field 22 */
	gt_observe("/proc/self/stat: comm=(%s) state=%c", comm, state);
}

static void check_self_status(void)
{
	char buf[4096], want[64];
	gt_read_file("/proc/self/status", buf, sizeof buf);
	CHECK(strncmp(buf, "Name:\tmisc\n", 11) == 0);
	snprintf(want, sizeof want, "\nPid:\t%d\n", (int)getpid());
	CHECK(strstr(buf, want) != NULL);
	snprintf(want, sizeof want, "\nPPid:\t%d\n", (int)getppid());
	CHECK(strstr(buf, want) != NULL);
	snprintf(want, sizeof want, "\nUid:\t%u\t%u\t%u\t%u\n", getuid(), geteuid(), getuid(), getuid());
	CHECK(strstr(buf, want) != NULL);
	CHECK(strstr(buf, "\nState:\tR (running)\n") != NULL);
	CHECK(strstr(buf, "\nThreads:\t1\n") != NULL);
}

static void check_self_links(const char *scratch)
{
	char buf[PATH_MAX], want[PATH_MAX];
	ssize_t n = EXPECT_OK(readlink("/proc/self", buf, sizeof buf - 1));
	buf[n] = 0;
	CHECK_EQ(atoi(buf), getpid());
	n = EXPECT_OK(readlink("/proc/self/cwd", buf, sizeof buf - 1));
	buf[n] = 0;
	CHECK_STR(buf, scratch);
	n = EXPECT_OK(readlink("/proc/self/root", buf, sizeof buf - 1));
	buf[n] = 0;
	CHECK_STR(buf, "/");
	struct stat exe, self;
	EXPECT_OK(stat("/proc/self/exe", &exe));
	snprintf(want, sizeof want, "%s/misc", gt_self_dir());
	EXPECT_OK(stat(want, &self));
	CHECK(exe.st_ino == self.st_ino && exe.st_dev == self.st_dev);
	int fd = EXPECT_OK(open("f", O_RDWR | O_CREAT, 0644));
	snprintf(want, sizeof want, "/proc/self/fd/%d", fd);
	n = EXPECT_OK(readlink(want, buf, sizeof buf - 1));
	buf[n] = 0;
	snprintf(want, sizeof want, "%s/f", scratch);
	CHECK_STR(buf, want);
}

static void check_self_fd_dir(void)
{
	int fd = EXPECT_OK(open("/dev/null", O_RDONLY));
	DIR *d = opendir("/proc/self/fd");
	CHECK(d != NULL);
	int seen_fd = 0, seen_0 = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		CHECK_EQ(e->d_type, DT_LNK);
		seen_fd |= atoi(e->d_name) == fd;
		seen_0 |= strcmp(e->d_name, "0") == 0;
	}
	closedir(d);
	CHECK(seen_fd && seen_0);
}

void misc_procfs_self(void)
{
	const char *scratch = gt_scratch();
	check_self_stat();
	check_self_status();
	char buf[256];
	CHECK_EQ(gt_read_file("/proc/self/comm", buf, sizeof buf), 5);
	CHECK_STR(buf, "misc\n");
	size_t len = gt_read_file("/proc/self/cmdline", buf, sizeof buf);
	CHECK(len > 0 && buf[len - 1] == 0);
	const char *base = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
	CHECK_STR(base, "misc");
	check_self_links(scratch);
	check_self_fd_dir();
	/* Another process's files, by number. */
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)getppid());
	CHECK(gt_read_file(path, buf, sizeof buf) > 1);
}

/* Checks every line of a mounts file has six fields; returns whether
 * "MOUNTPOINT TYPE" appears. */
static int mounts_has(const char *file, const char *point, const char *type)
{
	static char buf[65536];
	gt_read_file(file, buf, sizeof buf);
	int found = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char dev[256], mnt[256], fstype[64], opts[1024];
		int freq, pass;
		if (sscanf(line, "%255s %255s %63s %1023s %d %d", dev, mnt, fstype, opts, &freq, &pass) != 6)
			gt_fail("%s: malformed line: %s", file, line);
		found |= strcmp(mnt, point) == 0 && strcmp(fstype, type) == 0;
	}
	return found;
}

void misc_procfs_system_files(void)
{
	CHECK(mounts_has("/proc/mounts", "/proc", "proc"));
	CHECK(mounts_has("/proc/self/mounts", "/proc", "proc"));
	static char buf[16384];
	gt_read_file("/proc/meminfo", buf, sizeof buf);
	unsigned long total = 0, avail = 0;
	CHECK_EQ(sscanf(buf, "MemTotal: %lu kB", &total), 1);
	CHECK(total > 0);
	char *line = strstr(buf, "\nMemFree:");
	CHECK(line != NULL);
	line = strstr(buf, "\nMemAvailable:");
	CHECK(line && sscanf(line, "\nMemAvailable: %lu kB", &avail) == 1 && avail <= total);
	gt_read_file("/proc/uptime", buf, sizeof buf);
	double up, idle;
	char end;
	CHECK_EQ(sscanf(buf, "%lf %lf%c", &up, &idle, &end), 3);
	CHECK(up > 0 && end == '\n');
	CHECK(strchr(buf, '.') && strchr(buf, '.')[3] == ' '); /* two decimals */
	size_t len = gt_read_file("/proc/cmdline", buf, sizeof buf);
	CHECK(len > 0 && buf[len - 1] == '\n');
}
