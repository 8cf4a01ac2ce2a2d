/*
 * The console shell and /etc/rc.
 *
 * With a terminal: the shell child calls setsid(), opens /dev/console with
 * O_NOCTTY and makes it its controlling terminal with ioctl(TIOCSCTTY), so ^C and
 * ^Z reach its foreground process group. Without one (`notty` on the kernel
 * command line): a relay child copies /dev/console into a pipe and exits at end of
 * input; the shell (still a session leader, but with no controlling terminal)
 * reads the pipe, so it neither prompts nor echoes, and init learns about EOF from
 * the relay's exit instead of having to read the console itself. Console echo is
 * also turned off in that mode in case the device is a TTY.
 *
 * The shell gets a login-like environment (HOME=/root, PATH=/bin:/sbin,
 * TERM=linux, SHELL, USER, LOGNAME, and HISTFILE in /run: /root is on the read-only
 * root) and starts in /root. It is run as "sh", not
 * "-sh": BuggieBox picks its applet from argv[0] and knows no "-" prefix.
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define INIT_SHELL "/bin/sh"
#define INIT_CONSOLE "/dev/console"

static char *const shell_env[] = {
	"HOME=/root", "PATH=/bin:/sbin", "TERM=linux", "SHELL=/bin/sh", "USER=root", "LOGNAME=root",
	"HISTFILE=/run/sh_history", NULL,
};

/* In a freshly forked child: default signal dispositions and an empty mask
 * (init blocks and catches several signals; children must not inherit that). */
static void reset_signals(void)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void relay_console(int out)
{
	char buf[512];
	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				_exit(1); /* the shell side is gone for good */
			done += w;
		}
	}
}

void init_console_setup(struct init_console *c)
{
	if (!c->notty)
		return;
	struct termios t;
	if (tcgetattr(0, &t) == 0) {
		t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		tcsetattr(0, TCSANOW, &t);
	}
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		init_log("notty: pipe: %s; the shell reads the console directly", strerror(errno));
		c->shell_stdin = -1;
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		init_log("notty: fork: %s; the shell reads the console directly", strerror(errno));
		close(p[0]);
		close(p[1]);
		c->shell_stdin = -1;
		return;
	}
	if (pid == 0) {
		reset_signals();
		relay_console(p[1]);
	}
	close(p[1]);
	c->relay = pid;
	c->shell_stdin = p[0];
}

/* In the shell child: stdio on the console (or the relay pipe), then exec. */
static _Noreturn void exec_shell(const struct init_console *c)
{
	reset_signals();
	if (setsid() < 0)
		init_log("shell: setsid: %s", strerror(errno));
	int fd = open(INIT_CONSOLE, O_RDWR | O_NOCTTY);
	if (fd < 0) {
		init_log("shell: open %s: %s", INIT_CONSOLE, strerror(errno));
		fd = dup(1); /* keep what init itself writes to */
	}
	if (!c->notty && ioctl(fd, TIOCSCTTY, 0) < 0)
		init_log("shell: %s as controlling terminal (TIOCSCTTY): %s", INIT_CONSOLE, strerror(errno));
	int in = c->notty && c->shell_stdin >= 0 ? c->shell_stdin : fd;
	if (dup2(in, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		init_log("shell: dup2: %s", strerror(errno));
	if (fd > 2)
		close(fd);
	if (chdir("/root") < 0)
		chdir("/");
	char *argv[] = { "sh", NULL };
	execve(INIT_SHELL, argv, shell_env);
	init_log("cannot run %s: %s", INIT_SHELL, strerror(errno));
	_exit(127);
}

void init_console_start_shell(struct init_console *c)
{
	pid_t pid = fork();
	if (pid < 0) {
		init_log("cannot start the shell: fork: %s", strerror(errno));
		c->shell = 0;
		return;
	}
	if (pid == 0)
		exec_shell(c);
	c->shell = pid;
	c->started_ms = init_now_ms();
}

pid_t init_start_rc(void)
{
	struct stat st;
	if (stat("/etc/rc", &st) < 0)
		return 0;
	pid_t pid = fork();
	if (pid < 0) {
		init_log("/etc/rc: fork: %s", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		reset_signals();
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0); /* rc must not eat the console's input */
		char *argv[] = { "sh", "/etc/rc", NULL };
		execve(INIT_SHELL, argv, shell_env);
		init_log("/etc/rc: cannot run %s: %s", INIT_SHELL, strerror(errno));
		_exit(127);
	}
	return pid;
}
