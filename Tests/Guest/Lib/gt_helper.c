/*
 * gt-helper: the tiny program the guest tests execve. It has no runner and no
 * libc beyond the basics, so exec'ing it is cheap (the stress test does it 1000
 * times) and its behaviour is fully determined by its arguments:
 *
 *   gt-helper true            exit 0
 *   gt-helper exit N          exit N
 *   gt-helper fds N...        exit status bit i set when fd N_i is open
 *   gt-helper args            print argc, each argv[i] and each environ entry
 *   gt-helper auxv            print AT_PAGESZ and the AT_RANDOM length check
 *   gt-helper ids             print AT_UID AT_EUID AT_GID AT_EGID AT_SECURE, then the
 *                             real, effective and saved ids
 *   gt-helper self [TID]      print pid, tid, ppid, pgid, sid, the Threads: count of
 *                             /proc/self/status and whether thread TID of this process
 *                             still exists (tgkill with signal 0)
 *   gt-helper ppid            print "ppid=1" when the parent is PID 1, else "ppid=other"
 *   gt-helper read            read stdin until EOF, exit 0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static int helper_fds(int argc, char **argv)
{
	int bits = 0;
	for (int i = 2; i < argc && i < 9; i++)
		if (fcntl(atoi(argv[i]), F_GETFD) >= 0)
			bits |= 1 << (i - 2);
	return bits;
}

static int helper_args(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env=%s\n", *e);
	return argv[argc] == NULL ? 0 : 3;
}

static int helper_auxv(void)
{
	const unsigned char *random = (const void *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; random && i < 16; i++)
		nonzero |= random[i];
	printf("pagesz=%lu random=%s entry=%s\n", getauxval(AT_PAGESZ),
	       random && nonzero ? "16-bytes" : "missing", getauxval(AT_ENTRY) ? "set" : "missing");
	return 0;
}

static int helper_ids(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("AT_UID=%lu AT_EUID=%lu AT_GID=%lu AT_EGID=%lu AT_SECURE=%lu\n", getauxval(AT_UID),
	       getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID), getauxval(AT_SECURE));
	printf("uid=%u/%u/%u gid=%u/%u/%u\n", r, e, s, rg, eg, sg);
	return 0;
}

static int helper_self(int argc, char **argv)
{
	char buf[4096];
	const char *threads = NULL;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (n > 0) {
		buf[n] = 0;
		threads = strstr(buf, "\nThreads:\t");
	}
	printf("pid=%d tid=%ld ppid=%d pgid=%d sid=%d threads=%d\n", getpid(), syscall(SYS_gettid), getppid(),
	       getpgid(0), getsid(0), threads ? atoi(threads + 10) : -1);
	if (argc > 2) {
		long r = syscall(SYS_tgkill, getpid(), atoi(argv[2]), 0);
		printf("tid %s=%s\n", argv[2], r == 0 ? "alive" : errno == ESRCH ? "gone" : "error");
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "true") == 0)
		return 0;
	if (strcmp(argv[1], "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	if (strcmp(argv[1], "fds") == 0)
		return helper_fds(argc, argv);
	if (strcmp(argv[1], "args") == 0)
		return helper_args(argc, argv);
	if (strcmp(argv[1], "auxv") == 0)
		return helper_auxv();
	if (strcmp(argv[1], "ids") == 0)
		return helper_ids();
	if (strcmp(argv[1], "self") == 0)
		return helper_self(argc, argv);
	if (strcmp(argv[1], "ppid") == 0) {
		printf("ppid=%s\n", getppid() == 1 ? "1" : "other");
		return 0;
	}
	if (strcmp(argv[1], "read") == 0) {
		char buf[256];
		while (read(0, buf, sizeof buf) > 0)
			;
		return 0;
	}
	fprintf(stderr, "gt-helper: unknown mode %s\n", argv[1]);
	return 2;
}
