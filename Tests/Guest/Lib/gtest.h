/*
 * gtest: the in-guest test runner (xv6 usertests style).
 *
 * A test program is a table of cases; each case is a plain function that runs in
 * its own forked child with an alarm() timeout, so a crash, a hang or leftover state
 * in one case never touches the next. The parent prints one line per case:
 *     PASS name
 *     FAIL name: file.c:123: reason
 *     SKIP name: reason
 * then "N skipped" (only when some were) and, last, exactly "N passed, N failed".
 * The exit status is 0 only when nothing failed.
 *
 * Observation lines: with --observe, gt_observe() prints "= case: text" lines that
 * must be byte-identical on Linux and on Atoll (so they never hold PIDs, times, inode
 * numbers or addresses). The comparison extracts the lines starting with "= ".
 *
 * Usage: prog [--observe] [--list] [case...]
 * Environment: GT_TIMEOUT_SCALE=N multiplies every timeout (slow emulators);
 * GT_HOST_LINUX=1 says "this is the Linux host" to the few cases that cannot be
 * measured there (they SKIP).
 *
 *     static void open_missing(void) { EXPECT_ERRNO(open("nope", O_RDONLY), ENOENT); }
 *     static const struct gt_case cases[] = { GT_CASE(open_missing), GT_END };
 *     GT_MAIN(cases)
 */
#pragma once

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

struct gt_case {
	const char *name;
	void (*fn)(void);
	unsigned timeout; /* seconds; 0 means GT_DEFAULT_TIMEOUT */
};

#define GT_DEFAULT_TIMEOUT 10
#define GT_CASE(fn) { #fn, fn, 0 }
#define GT_CASE_T(fn, seconds) { #fn, fn, seconds }
#define GT_END { NULL, NULL, 0 }

/* Runs the table (see the top of this file); returns the process exit status. */
int gt_main(int argc, char **argv, const struct gt_case *cases);
/* The whole main() of a test program. */
#define GT_MAIN(table) \
	int main(int argc, char **argv) \
	{ \
		return gt_main(argc, argv, table); \
	}

/* Ends the current case (or any process forked from it) as failed / skipped. The
 * message goes to the runner; the process leaves with _exit, never flushing stdio. */
_Noreturn void gt_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void gt_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define gt_fail(...) gt_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/* Prints "= case: TEXT" when --observe was given; nothing otherwise. */
void gt_observe(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "# case: TEXT" on stderr: diagnostics that need not match across systems. */
void gt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "ENOENT" for ENOENT; "E123" for numbers without a name. */
const char *gt_errno_name(int err);
/* Current case name ("" outside a case). */
const char *gt_case_name(void);

/* Checks. Each fails the case with the file, line and what was seen. */
#define CHECK(cond) \
	do { \
		if (!(cond)) \
			gt_fail("check failed: %s", #cond); \
	} while (0)

#define CHECK_EQ(a, b) \
	do { \
		long long gt_a_ = (long long)(a), gt_b_ = (long long)(b); \
		if (gt_a_ != gt_b_) \
			gt_fail("%s == %s: %lld != %lld", #a, #b, gt_a_, gt_b_); \
	} while (0)

#define CHECK_STR(a, b) \
	do { \
		const char *gt_a_ = (a), *gt_b_ = (b); \
		if (!gt_a_ || !gt_b_ || strcmp(gt_a_, gt_b_) != 0) \
			gt_fail("%s == %s: \"%s\" != \"%s\"", #a, #b, gt_a_ ? gt_a_ : "(null)", \
				gt_b_ ? gt_b_ : "(null)"); \
	} while (0)

/* EXPECT_OK(call): the call must not return -1; evaluates to its result. */
#define EXPECT_OK(call) \
	({ \
		errno = 0; \
		long long gt_r_ = (long long)(call); \
		if (gt_r_ == -1) \
			gt_fail("%s: failed with %s (%s)", #call, gt_errno_name(errno), \
				strerror(errno)); \
		gt_r_; \
	})

/* EXPECT_ERRNO(call, EXXX): the call must return -1 with errno == EXXX. */
#define EXPECT_ERRNO(call, err) \
	do { \
		errno = 0; \
		long long gt_r_ = (long long)(call); \
		int gt_e_ = errno; \
		if (gt_r_ != -1) \
			gt_fail("%s: expected %s, got success (%lld)", #call, #err, gt_r_); \
		if (gt_e_ != (err)) \
			gt_fail("%s: expected %s, got %s", #call, #err, gt_errno_name(gt_e_)); \
	} while (0)

/* Drops to uid/gid 65534 (nobody) with no supplementary groups, for permission
 * cases: root bypasses permission checks. Skips the case when the process is not
 * root (it could not drop), and fails it if the drop does not stick. */
void gt_drop_privileges(void);
#define GT_NOBODY 65534

/* Makes this case's scratch directory (empty, mode 0777, removed by the runner
 * afterwards) and chdirs into it. Returns its absolute path. Observation lines must
 * use paths relative to it, as the absolute path holds the runner's PID. */
const char *gt_scratch(void);

/* Forks; the child runs fn(arg) and exits 0 (or however fn leaves). Returns the pid. */
pid_t gt_fork_fn(void (*fn)(void *), void *arg);
/* waitpid(pid) retrying on EINTR; fails the case on error. Returns the raw status. */
int gt_wait(pid_t pid);
/* Runs fn(arg) in a child and returns its wait status. */
int gt_run_child(void (*fn)(void *), void *arg);
/* Fails unless status says "exited with code". */
#define CHECK_EXITED(status, code) gt_check_exited(__FILE__, __LINE__, status, code)
/* Fails unless status says "killed by signal sig". */
#define CHECK_SIGNALED(status, sig) gt_check_signaled(__FILE__, __LINE__, status, sig)
void gt_check_exited(const char *file, int line, int status, int code);
void gt_check_signaled(const char *file, int line, int status, int sig);
/* "exit 3", "signal SIGSEGV", "stopped SIGSTOP", ... for messages. */
const char *gt_status_text(int status);
const char *gt_signal_name(int sig);

/* Whole-file helpers relative to the cwd; they fail the case on any error. */
void gt_write_file(const char *path, const char *text, int mode);
/* Reads up to size-1 bytes, NUL-terminates, returns the length. */
size_t gt_read_file(const char *path, char *buf, size_t size);
/* write()/read() the whole buffer, retrying short transfers; fail on error/EOF. */
void gt_write_all(int fd, const void *buf, size_t len);
void gt_read_all(int fd, void *buf, size_t len);

/* Directory of the running executable (from argv[0] or /proc/self/exe), used to find
 * helper programs installed beside it. */
const char *gt_self_dir(void);
/* Path of gt-helper (Lib/gt_helper.c), installed beside every test program. */
const char *gt_helper(void);
/* Forks a child that runs prepare(arg) (if given) and execs "gt-helper read" with
 * stdin from a pipe; returns once the execve has happened (or failed: then the
 * child exits 127). *feed is the pipe's write end: close it to let the helper exit 0. */
pid_t gt_spawn_reader(void (*prepare)(void *), void *arg, int *feed);
