/*
 * /sbin/init's parts with side effects: mounts, the console shell, shutdown.
 * (The pure decisions are in init_core.h.)
 */
#pragma once

#include "init_core.h"

#include <sys/types.h>

/* "init: MESSAGE\n" on stderr (the console). */
void init_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Mounts init_mounts[] in order, creating missing mount points; a failure is
 * logged with the path and reason and the rest still mount. */
void init_mount_all(void);
/* Unmounts what init_mount_all mounted, in reverse order; failures are logged. */
void init_unmount_all(void);

/* The console shell. With a terminal (`notty` false) the shell is a session leader
 * with /dev/console as its controlling terminal. Without one, a relay process
 * copies the console into a pipe that is the shell's stdin (so the shell sees no
 * terminal and shows no prompts), and relay_eof says the console reached EOF. */
struct init_console {
	int notty;
	pid_t shell;      /* [0 when not running] */
	pid_t relay;      /* notty only; 0 once it has exited */
	int relay_eof;    /* notty only: the relay hit end of input */
	int shell_stdin;  /* notty only: read end of the relay pipe, kept for restarts */
	long started_ms;  /* when the current shell started (monotonic) */
};
/* Prepares the console (the relay in notty mode). */
void init_console_setup(struct init_console *c);
/* Starts /bin/sh as described above; sets c->shell. */
void init_console_start_shell(struct init_console *c);

/* Runs /etc/rc with /bin/sh when it exists; returns its pid or 0. */
pid_t init_start_rc(void);

/* Stops every process (SIGTERM, then SIGKILL), syncs, unmounts and calls
 * reboot(2) with the command for `how`. Never returns. */
_Noreturn void init_shutdown(enum init_shutdown how);

/* Monotonic milliseconds. */
long init_now_ms(void);
