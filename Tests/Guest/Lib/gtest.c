/*
 * gtest runner: one forked child per case, results read back over a pipe.
 *
 * The parent walks the case table. For each case it makes a close-on-exec pipe,
 * forks, and the child (in its own process group, with alarm(timeout) armed) runs
 * the case function and _exits 0. A failing check writes "file:line: reason" into
 * the pipe and _exits 1; a skip writes the reason and _exits GT_EXIT_SKIP. Processes
 * the case forks inherit the pipe, so a failing grandchild's reason arrives too.
 *
 * The parent waits for the child first and only then drains the pipe (non-blocking):
 * a grandchild still holding the write end can never wedge the runner. A watchdog
 * alarm in the parent covers cases that re-arm or ignore their own SIGALRM. After
 * the case, leftovers in its process group are SIGKILLed and its scratch directory
 * (if it made one) is removed.
 *
 * All output from children goes through write(2), never stdio, so nothing buffered
 * is printed twice after a fork.
 */
#define _GNU_SOURCE
#include "gtest_internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define GT_WATCHDOG_SLACK 5

int gt_observe_mode;
const char *gt_current = "";
int gt_reason_fd = -1;
char gt_scratch_path[PATH_MAX];
char gt_dir[PATH_MAX];
static volatile sig_atomic_t gt_watchdog_fired;

/* ---- the runner ---- */

/* Removes at/name recursively (rm -rf); errors are reported, not fatal. */
static void gt_remove_tree(int at, const char *name)
{
	struct stat st;
	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		fchmodat(at, name, 0700, 0);
		int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		if (d) {
			struct dirent *e;
			while ((e = readdir(d)))
				if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
					gt_remove_tree(dirfd(d), e->d_name);
			closedir(d);
		}
	}
	if (unlinkat(at, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0)
		fprintf(stderr, "gtest: cannot remove %s: %s\n", name, strerror(errno));
}

enum gt_outcome { GT_PASS, GT_FAIL, GT_SKIP };

/* GT_TIMEOUT_SCALE=N (1..100) multiplies every case's timeout, for slow machines
 * such as an emulated guest. */
static unsigned gt_timeout_scale(void)
{
	const char *s = getenv("GT_TIMEOUT_SCALE");
	int n = s ? atoi(s) : 1;
	return n >= 1 && n <= 100 ? (unsigned)n : 1;
}

static void gt_on_watchdog(int sig)
{
	(void)sig;
	gt_watchdog_fired = 1;
}

static _Noreturn void gt_child(const struct gt_case *c, int reason_fd, unsigned timeout)
{
	gt_reason_fd = reason_fd;
	setpgid(0, 0);
	/* Every case starts from default dispositions and an empty mask, whatever the
	 * runner inherited (a shell or CI may ignore SIGPIPE, init may block signals). */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	alarm(timeout);
	c->fn();
	_exit(0);
}

/* Waits for the case child; on the watchdog, kills its group. Returns the status. */
static int gt_wait_case(pid_t pid, unsigned timeout, int *timed_out)
{
	struct sigaction sa = { .sa_handler = gt_on_watchdog };
	sigaction(SIGALRM, &sa, NULL);
	gt_watchdog_fired = 0;
	*timed_out = 0;
	alarm(timeout + GT_WATCHDOG_SLACK);
	int status = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, 0);
		if (r == pid)
			break;
		if (r < 0 && errno == EINTR && gt_watchdog_fired) {
			*timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			gt_watchdog_fired = 0;
			continue;
		}
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "gtest: waitpid: %s\n", strerror(errno));
			status = 0xff00;
			break;
		}
	}
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	/* Leftovers of the case (its own group) must not outlive it. */
	kill(-pid, SIGKILL);
	return status;
}

/* Reads the first line the case sent (if any) without blocking. */
static void gt_drain_reason(int fd, char *reason, size_t size)
{
	size_t len = 0;
	ssize_t n;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (len + 1 < size && (n = read(fd, reason + len, size - 1 - len)) > 0)
		len += (size_t)n;
	reason[len] = 0;
	char *nl = strchr(reason, '\n');
	if (nl)
		*nl = 0;
}

static enum gt_outcome gt_classify(int status, int timed_out, unsigned timeout, char *reason,
				   size_t size)
{
	char why[256] = "";
	if (timed_out)
		snprintf(why, sizeof why, "watchdog killed the case after %u s", timeout + GT_WATCHDOG_SLACK);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, sizeof why, "timed out after %u s (SIGALRM)", timeout);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == GT_EXIT_SKIP && reason[0])
		return GT_SKIP;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !reason[0])
		return GT_PASS;
	else if (!reason[0])
		snprintf(why, sizeof why, "case ended with %s", gt_status_text(status));
	if (why[0] && reason[0]) {
		size_t len = strlen(reason);
		snprintf(reason + len, size - len, " (%s)", why);
	} else if (why[0]) {
		snprintf(reason, size, "%s", why);
	}
	return GT_FAIL;
}

static enum gt_outcome gt_run_case(const struct gt_case *c, const char *prog, int index,
				   char *reason, size_t size)
{
	unsigned timeout = (c->timeout ? c->timeout : GT_DEFAULT_TIMEOUT) * gt_timeout_scale();
	int fds[2];
	reason[0] = 0;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(reason, size, "runner: pipe2: %s", strerror(errno));
		return GT_FAIL;
	}
	snprintf(gt_scratch_path, sizeof gt_scratch_path, "/tmp/gt-%s-%d-%d", prog, (int)getpid(), index);
	gt_current = c->name;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(reason, size, "runner: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return GT_FAIL;
	}
	if (pid == 0) {
		close(fds[0]);
		gt_child(c, fds[1], timeout);
	}
	close(fds[1]);
	int timed_out;
	int status = gt_wait_case(pid, timeout, &timed_out);
	gt_drain_reason(fds[0], reason, size);
	close(fds[0]);
	gt_remove_tree(AT_FDCWD, gt_scratch_path);
	gt_current = "";
	return gt_classify(status, timed_out, timeout, reason, size);
}

static const struct gt_case *gt_find(const struct gt_case *cases, const char *name)
{
	for (const struct gt_case *c = cases; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Remembers where the executable lives (before any case changes directory). */
static void gt_find_self_dir(const char *argv0)
{
	char path[PATH_MAX] = "";
	if (argv0 && strchr(argv0, '/')) {
		if (argv0[0] == '/' || !getcwd(path, sizeof path))
			path[0] = 0;
		else
			strncat(path, "/", sizeof path - strlen(path) - 1);
		strncat(path, argv0, sizeof path - strlen(path) - 1);
	} else {
		ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
		path[n > 0 ? n : 0] = 0;
	}
	char *slash = strrchr(path, '/');
	if (slash)
		*slash = 0;
	snprintf(gt_dir, sizeof gt_dir, "%s", path[0] ? path : ".");
}

static int gt_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--observe] [--list] [case...]\n", prog);
	return 2;
}

int gt_main(int argc, char **argv, const struct gt_case *cases)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int first = 1, list = 0;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--observe") == 0)
			gt_observe_mode = 1;
		else if (strcmp(argv[first], "--list") == 0)
			list = 1;
		else
			return gt_usage(prog);
	}
	for (int i = first; i < argc; i++)
		if (!gt_find(cases, argv[i])) {
			fprintf(stderr, "%s: no case named %s\n", prog, argv[i]);
			return 2;
		}
	if (list) {
		for (const struct gt_case *c = cases; c->name; c++)
			printf("%s\n", c->name);
		return 0;
	}
	gt_find_self_dir(argv[0]);
	umask(022);
	setvbuf(stdout, NULL, _IOLBF, 0);
	int passed = 0, failed = 0, skipped = 0;
	for (int i = 0; cases[i].name; i++) {
		const struct gt_case *c = &cases[i];
		int wanted = first >= argc;
		for (int j = first; j < argc && !wanted; j++)
			wanted = strcmp(argv[j], c->name) == 0;
		if (!wanted)
			continue;
		char reason[1024];
		switch (gt_run_case(c, prog, i, reason, sizeof reason)) {
		case GT_PASS:
			passed++;
			printf("PASS %s\n", c->name);
			break;
		case GT_SKIP:
			skipped++;
			printf("SKIP %s: %s\n", c->name, reason);
			break;
		case GT_FAIL:
			failed++;
			printf("FAIL %s: %s\n", c->name, reason);
			break;
		}
	}
	if (skipped)
		printf("%d skipped\n", skipped);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
