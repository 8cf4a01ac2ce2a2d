/*
 * Shutdown: what init does on SIGUSR2 (power off), SIGTERM (reboot) and SIGUSR1
 * (halt), the signals BusyBox's poweroff/reboot/halt send to PID 1, and when the
 * console reaches end of input in notty mode.
 *
 * Every other process gets SIGTERM (and SIGCONT, so stopped ones can act on it);
 * init reaps for up to two seconds, then sends SIGKILL and reaps for one more.
 * Then sync, unmount what init mounted (in reverse), sync again, and reboot(2).
 * If reboot(2) fails init logs why and idles: PID 1 must never exit.
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Reaps until no child is left or `ms` milliseconds have passed. */
static void reap_for(long ms)
{
	long deadline = init_now_ms() + ms;
	for (;;) {
		pid_t pid;
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (pid < 0 && errno == ECHILD)
			return;
		if (init_now_ms() >= deadline)
			return;
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

void init_shutdown(enum init_shutdown how)
{
	const char *name = init_shutdown_name(how);
	init_log("%s: stopping all processes", name);
	kill(-1, SIGTERM);
	kill(-1, SIGCONT);
	reap_for(2000);
	kill(-1, SIGKILL);
	reap_for(1000);
	sync();
	init_unmount_all();
	sync();
	init_log("%s", name);
	if (reboot((int)init_reboot_command(how)) < 0)
		init_log("reboot(2) for %s failed: %s", name, strerror(errno));
	for (;;)
		pause();
}
