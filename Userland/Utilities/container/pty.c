/*
 * A pseudo-terminal for `container exec` when the caller is interactive.
 *
 * The pty comes from the container's own devpts instance (mounted with
 * `newinstance` in its /dev by setup.c), opened after exec has entered the
 * container's mount namespace, so the command's terminal is /dev/pts/N inside
 * the container and no host terminal device is handed to it. The command gets
 * a new session with the pty's slave as its controlling terminal; the launcher
 * puts the caller's terminal in raw mode and copies bytes both ways until the
 * slave side is closed by the last process holding it, passing window-size
 * changes on (SIGWINCH), and restores the terminal afterwards.
 */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t window_changed;

static void on_winch(int sig)
{
	(void)sig;
	window_changed = 1;
}

int pty_open(const char *name)
{
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		launcher_warn_errno("%s: no pseudo-terminal inside (/dev/ptmx); using the caller's terminal", name);
		if (master >= 0)
			close(master);
		return -1;
	}
	return master;
}

void pty_attach(int master, int errfd)
{
	const char *slave_name = ptsname(master);
	int slave;

	if (setsid() < 0 || !slave_name || (slave = open(slave_name, O_RDWR)) < 0 ||
		ioctl(slave, TIOCSCTTY, 0) < 0) {
		dprintf(errfd, "pseudo-terminal %s: %s", slave_name ? slave_name : "?", strerror(errno));
		_exit(CONTAINER_EXIT_FAILED);
	}
	close(master);
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) {
		dprintf(errfd, "pseudo-terminal: %s", strerror(errno));
		_exit(CONTAINER_EXIT_FAILED);
	}
	if (slave > 2)
		close(slave);
}

static void copy_window_size(int master)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Writes all of buf; false when the other side is gone. */
static bool write_all(int fd, const char *buf, ssize_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		n -= w;
	}
	return true;
}

/* Copies between the caller's terminal and `master` until the slave closes. */
static void relay(int master)
{
	struct pollfd fds[2] = { { 0, POLLIN, 0 }, { master, POLLIN, 0 } };
	char buf[4096];

	for (;;) {
		ssize_t n;

		if (window_changed) {
			window_changed = 0;
			copy_window_size(master);
		}
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (fds[0].revents & (POLLIN | POLLHUP)) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0 || !write_all(master, buf, n))
				fds[0].fd = -1; /* the caller's side is gone: keep showing output */
		}
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(master, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || !write_all(1, buf, n))
				return; /* EIO: no process holds the slave any more */
		}
	}
}

void pty_relay(int master)
{
	struct termios saved, raw;
	struct sigaction sa;
	bool restore = tcgetattr(0, &saved) == 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	copy_window_size(master);
	if (restore) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	relay(master);
	if (restore)
		tcsetattr(0, TCSADRAIN, &saved);
	close(master);
}
