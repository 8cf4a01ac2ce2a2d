/*
 * /sbin/init: PID 1 of Atoll.
 *
 * Boot: make sure fds 0-2 are the console, mount the boot filesystems (mounts.c),
 * set the hostname from /etc/hostname, run /etc/rc if present and, once it has
 * finished, start the console shell (console.c). Then loop forever: reap every
 * child (orphans are reparented to PID 1), restart the shell when it exits, and
 * shut down (shutdown.c) on SIGUSR2/SIGTERM/SIGUSR1, or power off when the console
 * reached end of input in notty mode.
 *
 * Signals: init blocks SIGCHLD and the shutdown signals and only takes them inside
 * sigsuspend(), so a signal can never slip in between "check the flags" and "go
 * to sleep". Handlers only set flags. Children start with default dispositions and
 * an empty mask. A shell that dies within a second of starting is restarted after
 * a one-second pause, so a missing /bin/sh logs once a second instead of spinning.
 *
 * Run on a host as an ordinary process it refuses: "init: must be run as PID 1".
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t shutdown_wanted;

void init_log(const char *fmt, ...)
{
	char line[512];
	int n = snprintf(line, sizeof line, "init: ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = strlen(line);
	line[len++] = '\n';
	write(2, line, len);
}

long init_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void on_signal(int sig)
{
	enum init_shutdown how = init_shutdown_for_signal(sig);
	if (how != INIT_STAY)
		shutdown_wanted = how;
}

/* Blocks the signals init handles and installs their handlers; returns (in
 * *waiting) the mask to use inside sigsuspend. */
static void setup_signals(sigset_t *waiting)
{
	static const int handled[] = { SIGCHLD, SIGUSR1, SIGUSR2, SIGTERM };
	sigset_t block;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
		struct sigaction sa = { .sa_handler = on_signal };
		sigemptyset(&sa.sa_mask);
		sigaction(handled[i], &sa, NULL);
		sigaddset(&block, handled[i]);
	}
	signal(SIGINT, SIG_IGN); /* Ctrl-Alt-Del and stray ^C are not for init */
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_BLOCK, &block, waiting);
	for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++)
		sigdelset(waiting, handled[i]);
}

static void open_console_stdio(void)
{
	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return; /* nowhere to even complain */
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* Reads a small file into buf (NUL-terminated); returns its length or -1. */
static ssize_t read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

static void set_hostname(void)
{
	char text[256], name[65];
	if (read_small_file("/etc/hostname", text, sizeof text) < 0) {
		init_log("/etc/hostname: %s; hostname not set", strerror(errno));
		return;
	}
	if (init_parse_hostname(text, name, sizeof name) < 0) {
		init_log("/etc/hostname: not a valid hostname; hostname not set");
		return;
	}
	if (sethostname(name, strlen(name)) < 0)
		init_log("sethostname %s: %s", name, strerror(errno));
}

static int kernel_says_notty(void)
{
	static char cmdline[4096];
	if (read_small_file("/proc/cmdline", cmdline, sizeof cmdline) < 0) {
		init_log("/proc/cmdline: %s; assuming a terminal", strerror(errno));
		return 0;
	}
	return init_cmdline_has_word(cmdline, "notty");
}

static void report_exit(const char *what, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		init_log("%s exited with status %d", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		init_log("%s killed by signal %d", what, WTERMSIG(status));
}

/* The shell exited: power off at end of input (notty), else start a new one. */
static void shell_exited(struct init_console *con, int status)
{
	report_exit("shell", status);
	con->shell = 0;
	/* The relay exits before the shell can see EOF, but may be reaped after it. */
	if (con->notty && con->relay && waitpid(con->relay, NULL, WNOHANG) == con->relay) {
		con->relay = 0;
		con->relay_eof = 1;
	}
	if (con->notty && (con->relay_eof || con->shell_stdin < 0))
		init_shutdown(INIT_POWER_OFF);
	if (init_now_ms() - con->started_ms < 1000) {
		struct timespec pause = { 1, 0 };
		nanosleep(&pause, NULL);
	}
	init_console_start_shell(con);
}

/* Reaps every exited child. When rc finishes, the console shell starts. */
static void reap_children(struct init_console *con, pid_t *rc)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == *rc) {
			report_exit("/etc/rc", status);
			*rc = 0;
			init_console_start_shell(con);
		} else if (pid == con->relay) {
			con->relay = 0;
			con->relay_eof = 1;
		} else if (pid == con->shell) {
			shell_exited(con, status);
		}
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (getpid() != 1) {
		fprintf(stderr, "init: must be run as PID 1\n");
		return 1;
	}
	open_console_stdio();
	sigset_t waiting;
	setup_signals(&waiting);
	init_mount_all();
	set_hostname();
	struct init_console con = { .notty = kernel_says_notty(), .shell_stdin = -1 };
	init_console_setup(&con);
	pid_t rc = init_start_rc();
	if (!rc)
		init_console_start_shell(&con);
	for (;;) {
		if (shutdown_wanted)
			init_shutdown((enum init_shutdown)shutdown_wanted);
		reap_children(&con, &rc);
		if (!rc && !con.shell) { /* fork failed last time: try again shortly */
			struct timespec pause = { 1, 0 };
			nanosleep(&pause, NULL);
			init_console_start_shell(&con);
		}
		if (!shutdown_wanted)
			sigsuspend(&waiting);
	}
}
