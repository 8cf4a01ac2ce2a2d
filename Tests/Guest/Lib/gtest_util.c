/*
 * gtest helpers for use inside cases: errno and signal names, failing and
 * skipping (which report through the runner's pipe and _exit), observation lines,
 * privilege dropping, the scratch directory, child processes and whole-file I/O.
 * The runner itself (forking, timeouts, reporting) is in gtest.c.
 */
#define _GNU_SOURCE
#include "gtest_internal.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- names ---- */

#define GT_ERRNOS(X) \
	X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG) X(ENOEXEC) \
	X(EBADF) X(ECHILD) X(EAGAIN) X(ENOMEM) X(EACCES) X(EFAULT) X(ENOTBLK) X(EBUSY) \
	X(EEXIST) X(EXDEV) X(ENODEV) X(ENOTDIR) X(EISDIR) X(EINVAL) X(ENFILE) X(EMFILE) \
	X(ENOTTY) X(ETXTBSY) X(EFBIG) X(ENOSPC) X(ESPIPE) X(EROFS) X(EMLINK) X(EPIPE) \
	X(EDOM) X(ERANGE) X(EDEADLK) X(ENAMETOOLONG) X(ENOLCK) X(ENOSYS) X(ENOTEMPTY) \
	X(ELOOP) X(ENOMSG) X(EIDRM) X(ENODATA) X(ETIME) X(EOVERFLOW) X(EILSEQ) \
	X(ENOTSOCK) X(EMSGSIZE) X(EPROTOTYPE) X(ENOPROTOOPT) X(EOPNOTSUPP) \
	X(EADDRINUSE) X(ECONNREFUSED) X(ETIMEDOUT) X(EALREADY) X(EINPROGRESS) \
	X(ESTALE) X(EDQUOT) X(ECANCELED) X(EOWNERDEAD) X(ENOTRECOVERABLE)

const char *gt_errno_name(int err)
{
	static char other[16];
	switch (err) {
#define GT_ERRNO_CASE(e) case e: return #e;
		GT_ERRNOS(GT_ERRNO_CASE)
#undef GT_ERRNO_CASE
	case 0:
		return "0";
	}
	snprintf(other, sizeof other, "E%d", err);
	return other;
}

#define GT_SIGNALS(X) \
	X(SIGHUP) X(SIGINT) X(SIGQUIT) X(SIGILL) X(SIGTRAP) X(SIGABRT) X(SIGBUS) X(SIGFPE) \
	X(SIGKILL) X(SIGUSR1) X(SIGSEGV) X(SIGUSR2) X(SIGPIPE) X(SIGALRM) X(SIGTERM) \
	X(SIGSTKFLT) X(SIGCHLD) X(SIGCONT) X(SIGSTOP) X(SIGTSTP) X(SIGTTIN) X(SIGTTOU) \
	X(SIGURG) X(SIGXCPU) X(SIGXFSZ) X(SIGVTALRM) X(SIGPROF) X(SIGWINCH) X(SIGIO) \
	X(SIGPWR) X(SIGSYS)

const char *gt_signal_name(int sig)
{
	static char other[16];
	switch (sig) {
#define GT_SIGNAL_CASE(s) case s: return #s;
		GT_SIGNALS(GT_SIGNAL_CASE)
#undef GT_SIGNAL_CASE
	}
	snprintf(other, sizeof other, "SIG%d", sig);
	return other;
}

const char *gt_status_text(int status)
{
	static char text[64];
	if (WIFEXITED(status))
		snprintf(text, sizeof text, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(text, sizeof text, "signal %s", gt_signal_name(WTERMSIG(status)));
	else if (WIFSTOPPED(status))
		snprintf(text, sizeof text, "stopped %s", gt_signal_name(WSTOPSIG(status)));
	else if (WIFCONTINUED(status))
		snprintf(text, sizeof text, "continued");
	else
		snprintf(text, sizeof text, "status %#x", status);
	return text;
}

const char *gt_case_name(void)
{
	return gt_current;
}

/* ---- reporting from inside a case ---- */

static void gt_write_text(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		text += n;
		len -= (size_t)n;
	}
}

/* Formats "PREFIX" + fmt + "\n" into one buffer and writes it with one write(2). */
static void gt_vemit(int fd, const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];
	int n = snprintf(line, sizeof line, "%s", prefix);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	gt_write_text(fd, line, len);
}

static _Noreturn void gt_leave(int code, const char *prefix, const char *fmt, va_list ap)
{
	gt_vemit(gt_reason_fd >= 0 ? gt_reason_fd : 2, prefix, fmt, ap);
	_exit(code);
}

void gt_fail_at(const char *file, int line, const char *fmt, ...)
{
	char prefix[256];
	const char *base = strrchr(file, '/');
	snprintf(prefix, sizeof prefix, "%s:%d: ", base ? base + 1 : file, line);
	va_list ap;
	va_start(ap, fmt);
	gt_leave(1, prefix, fmt, ap);
}

void gt_skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gt_leave(GT_EXIT_SKIP, "", fmt, ap);
}

void gt_observe(const char *fmt, ...)
{
	if (!gt_observe_mode)
		return;
	char text[900], line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* One observation is one line: embedded newlines become "\n". */
	size_t len = (size_t)snprintf(line, sizeof line, "= %s: ", gt_current);
	for (const char *t = text; *t && len + 3 < sizeof line; t++) {
		if (*t == '\n') {
			line[len++] = '\\';
			line[len++] = 'n';
		} else {
			line[len++] = *t;
		}
	}
	line[len++] = '\n';
	gt_write_text(1, line, len);
}

void gt_note(const char *fmt, ...)
{
	char prefix[128];
	snprintf(prefix, sizeof prefix, "# %s: ", gt_current);
	va_list ap;
	va_start(ap, fmt);
	gt_vemit(2, prefix, fmt, ap);
	va_end(ap);
}

/* ---- helpers for cases ---- */

void gt_drop_privileges(void)
{
	if (geteuid() == GT_NOBODY && getuid() == GT_NOBODY)
		return;
	if (geteuid() != 0)
		gt_skip("needs root to drop to uid %d (running as uid %d)", GT_NOBODY, (int)geteuid());
	EXPECT_OK(setgroups(0, NULL));
	EXPECT_OK(setgid(GT_NOBODY));
	EXPECT_OK(setuid(GT_NOBODY));
	CHECK_EQ(getuid(), GT_NOBODY);
	CHECK_EQ(geteuid(), GT_NOBODY);
	CHECK_EQ(getgid(), GT_NOBODY);
	CHECK_EQ(getegid(), GT_NOBODY);
	EXPECT_ERRNO(setuid(0), EPERM);
}

const char *gt_scratch(void)
{
	if (mkdir(gt_scratch_path, 0777) < 0 && errno != EEXIST)
		gt_fail("mkdir %s: %s", gt_scratch_path, strerror(errno));
	EXPECT_OK(chmod(gt_scratch_path, 0777));
	if (chdir(gt_scratch_path) < 0)
		gt_fail("chdir %s: %s", gt_scratch_path, strerror(errno));
	return gt_scratch_path;
}

pid_t gt_fork_fn(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	if (pid < 0)
		gt_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return pid;
}

int gt_wait(pid_t pid)
{
	int status;
	pid_t r;
	do
		r = waitpid(pid, &status, 0);
	while (r < 0 && errno == EINTR);
	if (r != pid)
		gt_fail("waitpid(%d): %s", (int)pid, r < 0 ? gt_errno_name(errno) : "wrong pid");
	return status;
}

int gt_run_child(void (*fn)(void *), void *arg)
{
	return gt_wait(gt_fork_fn(fn, arg));
}

void gt_check_exited(const char *file, int line, int status, int code)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		gt_fail_at(file, line, "child: expected exit %d, got %s", code, gt_status_text(status));
}

void gt_check_signaled(const char *file, int line, int status, int sig)
{
	if (!WIFSIGNALED(status) || WTERMSIG(status) != sig) {
		char want[32];
		snprintf(want, sizeof want, "%s", gt_signal_name(sig));
		gt_fail_at(file, line, "child: expected signal %s, got %s", want, gt_status_text(status));
	}
}

void gt_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			gt_fail("write fd %d: %s", fd, n < 0 ? gt_errno_name(errno) : "wrote 0");
		p += n;
		len -= (size_t)n;
	}
}

void gt_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			gt_fail("read fd %d: %s", fd, n < 0 ? gt_errno_name(errno) : "early EOF");
		p += n;
		len -= (size_t)n;
	}
}

void gt_write_file(const char *path, const char *text, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		gt_fail("create %s: %s", path, gt_errno_name(errno));
	gt_write_all(fd, text, strlen(text));
	close(fd);
}

size_t gt_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		gt_fail("open %s: %s", path, gt_errno_name(errno));
	size_t len = 0;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			gt_fail("read %s: %s", path, gt_errno_name(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	close(fd);
	return len;
}

const char *gt_self_dir(void)
{
	return gt_dir;
}

const char *gt_helper(void)
{
	static char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/gt-helper", gt_dir);
	return path;
}


pid_t gt_spawn_reader(void (*prepare)(void *), void *arg, int *feed)
{
	int in[2], sync[2];
	EXPECT_OK(pipe(in));
	EXPECT_OK(pipe2(sync, O_CLOEXEC));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		if (prepare)
			prepare(arg);
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		char *argv[] = { "gt-helper", "read", NULL }, *envp[] = { NULL };
		execve(gt_helper(), argv, envp);
		_exit(127);
	}
	close(in[0]);
	close(sync[1]);
	char c;
	CHECK_EQ(EXPECT_OK(read(sync[0], &c, 1)), 0); /* EOF: the sync pipe closed on exec */
	close(sync[0]);
	*feed = in[1];
	return pid;
}
