/*
 * signals: Linux signal semantics a program can observe.
 *
 * sigaction with SA_SIGINFO/SA_RESTART/SA_RESETHAND, rt_sigprocmask with pending
 * signals delivered on unblock, kill/tgkill and their errors, default actions seen
 * through waitpid (terminate, ignore, stop/continue), dispositions across execve,
 * SIGCHLD, alarm/setitimer and an interrupted nanosleep. Handlers only touch
 * volatile sig_atomic_t (or siginfo copies), as POSIX allows.
 */
#define _GNU_SOURCE
#include "signals.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static siginfo_t last_info;

static void count_handler(int sig)
{
	(void)sig;
	hits++;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	if (uc)
		last_info = *si;
	hits++;
}

void signals_catch(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	EXPECT_OK(sigaction(sig, &sa, NULL));
}

static void catch_info(int sig, int flags)
{
	struct sigaction sa = { .sa_sigaction = info_handler, .sa_flags = SA_SIGINFO | flags };
	sigemptyset(&sa.sa_mask);
	EXPECT_OK(sigaction(sig, &sa, NULL));
}

static void sigaction_siginfo_from_kill(void)
{
	catch_info(SIGUSR1, 0);
	EXPECT_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(hits, 1); /* a signal to oneself arrives before kill returns */
	CHECK_EQ(last_info.si_signo, SIGUSR1);
	CHECK_EQ(last_info.si_code, SI_USER);
	CHECK_EQ(last_info.si_pid, getpid());
	CHECK_EQ(last_info.si_uid, getuid());
	struct sigaction old;
	EXPECT_OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_sigaction == info_handler && (old.sa_flags & SA_SIGINFO));
	gt_observe("siginfo: signo=%d code=%d", last_info.si_signo, last_info.si_code);
	struct sigaction sa = { .sa_handler = SIG_IGN };
	EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(0, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(65, &sa, NULL), EINVAL);
}

static void sa_resethand_once(void *arg)
{
	(void)arg;
	signals_catch(SIGUSR1, count_handler, SA_RESETHAND);
	kill(getpid(), SIGUSR1);
	if (hits != 1)
		_exit(3);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	if (now.sa_handler != SIG_DFL)
		_exit(4);
	kill(getpid(), SIGUSR1); /* default action now: terminate */
	_exit(5);
}

static void sa_resethand_restores_default(void)
{
	CHECK_SIGNALED(gt_run_child(sa_resethand_once, NULL), SIGUSR1);
}

/* A reader blocked in read() on a pipe while SIGALRM arrives after 50 ms; the
 * writer child sends one byte after 300 ms. Returns read()'s result (errno kept). */
static ssize_t read_through_alarm(int flags)
{
	int p[2];
	EXPECT_OK(pipe(p));
	pid_t writer = EXPECT_OK(fork());
	if (writer == 0) {
		usleep(300 * 1000);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	signals_catch(SIGALRM, count_handler, flags);
	hits = 0;
	struct itimerval it = { .it_value = { 0, 50 * 1000 } };
	EXPECT_OK(setitimer(ITIMER_REAL, &it, NULL));
	char c;
	ssize_t n = read(p[0], &c, 1);
	int saved = errno;
	gt_wait(writer);
	close(p[0]);
	errno = saved;
	return n;
}

static void sa_restart_resumes_read(void)
{
	CHECK_EQ(EXPECT_OK(read_through_alarm(SA_RESTART)), 1);
	CHECK_EQ(hits, 1);
	EXPECT_ERRNO(read_through_alarm(0), EINTR);
	CHECK_EQ(hits, 1);
}

static void sigprocmask_pending_then_delivered(void)
{
	signals_catch(SIGUSR1, count_handler, 0);
	sigset_t block, old, pending;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGKILL); /* silently not blockable */
	EXPECT_OK(sigprocmask(SIG_BLOCK, &block, &old));
	CHECK(!sigismember(&old, SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1)); /* standard signals do not queue */
	CHECK_EQ(hits, 0);
	EXPECT_OK(sigpending(&pending));
	CHECK(sigismember(&pending, SIGUSR1));
	sigset_t now;
	EXPECT_OK(sigprocmask(SIG_SETMASK, NULL, &now));
	CHECK(sigismember(&now, SIGUSR1));
	CHECK(!sigismember(&now, SIGKILL));
	EXPECT_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
	CHECK_EQ(hits, 1); /* delivered before sigprocmask returned, once */
	EXPECT_OK(sigpending(&pending));
	CHECK(!sigismember(&pending, SIGUSR1));
	EXPECT_ERRNO(sigprocmask(42, &block, NULL), EINVAL);
	gt_observe("deliveries after unblock: %d", (int)hits);
}

static void kill_and_tgkill_targets(void)
{
	signals_catch(SIGUSR2, count_handler, 0);
	pid_t tid = (pid_t)syscall(SYS_gettid);
	EXPECT_OK(syscall(SYS_tgkill, getpid(), tid, SIGUSR2));
	CHECK_EQ(hits, 1);
	EXPECT_OK(kill(getpid(), 0));
	EXPECT_ERRNO(kill(0x3fffffff, SIGUSR2), ESRCH);
	EXPECT_ERRNO(kill(getpid(), 65), EINVAL);
	EXPECT_ERRNO(syscall(SYS_tgkill, getpid() + 0x3000000, tid, SIGUSR2), ESRCH);
	EXPECT_ERRNO(syscall(SYS_tgkill, getpid(), tid, -1), EINVAL);
	EXPECT_ERRNO(syscall(SYS_tgkill, 0, tid, SIGUSR2), EINVAL);
	gt_drop_privileges();
	EXPECT_ERRNO(kill(1, 0), EPERM); /* PID 1 belongs to root */
}

/* Child stops itself with sig; parent sees "stopped", then SIGCONT, then a clean exit. */
static void stops_and_continues(int sig)
{
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		raise(sig);
		_exit(6);
	}
	int st;
	CHECK_EQ(EXPECT_OK(waitpid(pid, &st, WUNTRACED)), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == sig);
	EXPECT_OK(kill(pid, SIGCONT));
	CHECK_EXITED(gt_wait(pid), 6);
}

static void raise_and_exit(void *arg)
{
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core); /* "core" actions terminate identically */
	raise(*(int *)arg);
	_exit(0);
}

static void default_actions(void)
{
	static const int terminate[] = { SIGTERM, SIGHUP, SIGINT, SIGUSR1, SIGALRM, SIGQUIT, SIGABRT };
	static const int ignore[] = { SIGCHLD, SIGURG, SIGWINCH };
	for (size_t i = 0; i < sizeof terminate / sizeof terminate[0]; i++) {
		int sig = terminate[i];
		int st = gt_run_child(raise_and_exit, &sig);
		CHECK_SIGNALED(st, sig);
		gt_observe("default %s: %s", gt_signal_name(sig), gt_status_text(st & 0x7f));
	}
	for (size_t i = 0; i < sizeof ignore / sizeof ignore[0]; i++) {
		int sig = ignore[i];
		CHECK_EXITED(gt_run_child(raise_and_exit, &sig), 0);
	}
	stops_and_continues(SIGSTOP);
	stops_and_continues(SIGTSTP);
}

static void set_sigterm(void *handler)
{
	signals_catch(SIGTERM, (void (*)(int))handler, 0);
}

/* The child sets SIGTERM to `handler`, then execs gt-helper read. The parent sends
 * SIGTERM after the exec and returns the child's status. */
static int sigterm_across_exec(void (*handler)(int))
{
	int feed;
	pid_t pid = gt_spawn_reader(set_sigterm, (void *)handler, &feed);
	EXPECT_OK(kill(pid, SIGTERM));
	usleep(50 * 1000);
	close(feed);
	return gt_wait(pid);
}

static void dispositions_across_exec(void)
{
	CHECK_EXITED(sigterm_across_exec(SIG_IGN), 0);           /* ignored stays ignored */
	CHECK_SIGNALED(sigterm_across_exec(count_handler), SIGTERM); /* caught -> default */
}

static void sigchld_reports_exit(void)
{
	catch_info(SIGCHLD, 0);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	EXPECT_OK(sigprocmask(SIG_BLOCK, &block, &old));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0)
		_exit(3);
	sigdelset(&old, SIGCHLD);
	while (!hits)
		sigsuspend(&old);
	CHECK_EQ(last_info.si_signo, SIGCHLD);
	CHECK_EQ(last_info.si_code, CLD_EXITED);
	CHECK_EQ(last_info.si_status, 3);
	CHECK_EQ(last_info.si_pid, pid);
	CHECK_EXITED(gt_wait(pid), 3);
	gt_observe("SIGCHLD: code=%d status=%d", last_info.si_code, last_info.si_status);
}

static void alarm_and_itimers(void)
{
	alarm(0); /* the runner's per-case alarm; its watchdog still covers us */
	CHECK_EQ(alarm(5), 0);
	CHECK_EQ(alarm(0), 5); /* remaining, rounded */
	signals_catch(SIGALRM, count_handler, 0);
	struct itimerval it = { .it_interval = { 0, 20 * 1000 }, .it_value = { 0, 20 * 1000 } };
	EXPECT_OK(setitimer(ITIMER_REAL, &it, NULL));
	struct itimerval cur;
	EXPECT_OK(getitimer(ITIMER_REAL, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 20 * 1000);
	CHECK_EQ(cur.it_interval.tv_usec, 20 * 1000);
	while (hits < 3)
		pause();
	struct itimerval off = { 0 };
	EXPECT_OK(setitimer(ITIMER_REAL, &off, NULL));
	EXPECT_OK(getitimer(ITIMER_REAL, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
	EXPECT_ERRNO(setitimer(ITIMER_REAL + 42, &it, NULL), EINVAL);
	alarm(1);
	pause(); /* returns after the handler */
	CHECK_EQ(hits, 4);
}

static void nanosleep_interrupted(void)
{
	signals_catch(SIGALRM, count_handler, 0);
	struct itimerval it = { .it_value = { 0, 50 * 1000 } };
	EXPECT_OK(setitimer(ITIMER_REAL, &it, NULL));
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	EXPECT_ERRNO(nanosleep(&req, &rem), EINTR);
	CHECK_EQ(hits, 1);
	long long left = rem.tv_sec * 1000000000LL + rem.tv_nsec;
	CHECK(left > 1000000000LL && left < 2000000000LL);
	struct timespec bad = { 0, 1000000000L };
	EXPECT_ERRNO(nanosleep(&bad, NULL), EINVAL);
	bad.tv_sec = -1;
	bad.tv_nsec = 0;
	EXPECT_ERRNO(nanosleep(&bad, NULL), EINVAL);
}

static const struct gt_case cases[] = {
	GT_CASE(sigaction_siginfo_from_kill),
	GT_CASE(sa_resethand_restores_default),
	GT_CASE(sa_restart_resumes_read),
	GT_CASE(sigprocmask_pending_then_delivered),
	GT_CASE(kill_and_tgkill_targets),
	GT_CASE(default_actions),
	GT_CASE(dispositions_across_exec),
	GT_CASE(sigchld_reports_exit),
	GT_CASE(alarm_and_itimers),
	GT_CASE(nanosleep_interrupted),
	SIGNALS_FAULT_CASES,
	GT_END
};

GT_MAIN(cases)
