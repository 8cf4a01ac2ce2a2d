/*
 * Terminals: a line discipline over a driver. The console tty (serial line plus VGA)
 * is /dev/console and /dev/ttyS0; each pseudo-terminal (Devices/TTY/pty.h) is
 * another struct tty whose driver feeds the master side; /dev/tty is whatever
 * terminal controls the calling process.
 *
 * Locking: one CPU, kernel never preempted. The input buffer is changed by the serial
 * interrupt for the console, so everything tagged [q] changes with irq_save().
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "API/termios.h"
#include "Lib/error.h"
#include "Tasks/waitq.h"

#define TTY_BUF 4096
#define TTY_ECHO_HELD 512	/* echo kept while output is stopped */

/* tcflow(3) actions for TCXONC (Linux's values). */
#ifndef TCOOFF
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3
#endif

struct tty;
struct file;
struct iobuf;
struct poll_table;

/* What differs between terminals: where output goes and how opens are counted. */
struct tty_driver {
	/* Echo and console writes: never sleeps, may drop bytes when there is no room. */
	void (*output)(struct tty *t, const char *s, size_t n);
	/* write(2) on the terminal; NULL: output() in chunks. May sleep. */
	long (*write)(struct tty *t, struct file *f, const struct iobuf *b, size_t n);
	/* POLLOUT when a write would not block, registering the queue to wait on; NULL: always. */
	unsigned (*write_poll)(struct tty *t, struct poll_table *pt);
	/* A file now refers to the terminal (0 or -E: the open fails); NULL: nothing to do. */
	int (*open)(struct tty *t);
	/* Drops output not yet delivered (a signal character without NOFLSH); optional. */
	void (*flush_output)(struct tty *t);
	/* That file's last reference went. */
	void (*release)(struct tty *t);
};

/* Field tags: [I] immutable after setup, [q] changed with interrupts disabled. */
struct tty {
	struct linux_termios termios;
	struct linux_winsize winsize;
	char buf[TTY_BUF];		/* [q] input: completed lines/bytes at the front */
	uint8_t line_end[TTY_BUF / 8];	/* [q] canonical: bit i set when buf[i] ends a
					 * line (newline, EOL, last byte before EOF);
					 * bits at and past len are stale */
	size_t len;			/* [q] bytes in buf */
	size_t ready;			/* [q] bytes readers may take (canonical: whole lines) */
	int eof_pending;		/* [q] ^D on an empty line */
	int lnext;			/* [q] ^V came: the next character is literal */
	int stopped;			/* [q] output stopped (IXON ^S, or tco_stopped) */
	int tco_stopped;		/* [q] by tcflow(TCOOFF): only TCOON resumes it */
	char echo_held[TTY_ECHO_HELD];	/* [q] echo made while stopped, sent on restart */
	size_t echo_held_len;		/* [q] */
	int pgrp;			/* foreground process group (initial namespace) */
	int session;			/* controlling session leader's sid, 0 none */
	int is_terminal;		/* [I] 0: a plain byte stream (console under `notty`) */
	int signal_echo_newline;	/* [I] echo "\n" after "^C" (the console) */
	int hung_up;			/* the other end went away: reads EOF, writes EIO */
	uint64_t rdev;			/* [I] its device number (/proc/PID/stat tty_nr) */
	struct waitq readable;		/* input became readable, or a hangup */
	struct waitq room;		/* a reader took input (pty master writers wait) */
	struct waitq write_wait;	/* writers: output restarted, a hangup, or (pty)
					 * the master read some output */
	const struct tty_driver *driver;	/* [I] */
	void *driver_data;		/* [I] the struct pty, NULL for the console */
};

extern struct tty console_tty;

/* Sets up the console tty and its device nodes (called once at boot). */
void tty_init(void);
/* Default termios, window size and queues for a new terminal. */
void tty_setup(struct tty *t, const struct tty_driver *driver, void *driver_data, uint64_t rdev);
/* Feeds one received character through the line discipline (interrupt context for
 * the console, a master write for a pty). */
void tty_receive(struct tty *t, char c);
/* Canonical mode: whether buf[i] (i < ready) ends a line. */
int tty_is_line_end(const struct tty *t, size_t i);
/* A reader takes the first `n` input bytes: moves the line ends along (before len
 * drops). Interrupts disabled. */
void tty_shift_line_ends(struct tty *t, size_t n);
/* The termios changed from `old` (Linux's n_tty_set_termios): switching ICANON
 * makes what is buffered one line (or readable bytes) and forgets a ^V; clearing
 * IXON restarts stopped output. Interrupts disabled. */
void tty_termios_changed(struct tty *t, const struct linux_termios *old);
/* True when the input buffer is full and a reader can make room (writers wait). */
int tty_input_full(const struct tty *t);
/* Output flow control, as Linux's stop_tty/start_tty: `tco` says tcflow(TCOOFF/TCOON),
 * which ^Q cannot undo. Starting wakes writers and, unless `tco`, sends the echo held
 * meanwhile. Called with interrupts disabled. */
void tty_stop_output(struct tty *t, int tco);
void tty_start_output(struct tty *t, int tco);
/* Sends the echo held while output was stopped, unless it still is (Linux's
 * process_echoes: ^Q, the next input character, the next write). */
void tty_send_held_echo(struct tty *t);
/* Job control (Linux's __tty_check_change): may the caller act on `t` from a
 * background process group of t's session? `sig` is SIGTTIN (reads) or SIGTTOU
 * (writes under TOSTOP, and changes). 0: go ahead (not its controlling terminal, in
 * the foreground, or SIGTTOU ignored or blocked); -EIO: SIGTTIN ignored or blocked,
 * or an orphaned process group; otherwise `sig` goes to the caller's group and the
 * result is -ERESTARTSYS. */
int tty_job_check(struct tty *t, int sig) WARN_UNUSED;
/* The other end went away: readers get EOF, writers EIO, the session SIGHUP, and no
 * process keeps the terminal as its controlling terminal. */
void tty_hangup(struct tty *t);

/* The file operations of every terminal device; open() lives with each kind, which
 * calls tty_file_attach(). */
long tty_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos);
long tty_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos);
unsigned tty_poll(struct file *f, struct poll_table *pt);
long tty_ioctl(struct file *f, unsigned cmd, uint64_t arg);
void tty_release(struct file *f);
/* The file_ops of a terminal device whose open() is `open_fn`. */
#define TTY_FILE_OPS(open_fn)                                                        \
	{ .open = (open_fn), .read = tty_read, .write = tty_write, .poll = tty_poll, \
	  .ioctl = tty_ioctl, .release = tty_release }
/* Binds an opening file to `t` (driver open hook included); 0 or -E. */
int tty_file_attach(struct file *f, struct tty *t);
/* Terminal ioctls on `t` for a caller holding it through a pty master (no
 * controlling-terminal checks on reads of the state). */
long tty_ioctl_common(struct tty *t, unsigned cmd, uint64_t arg, int via_master);
/* open(2) without O_NOCTTY: a session leader with no controlling terminal that opens
 * a terminal no session holds takes it as its controlling terminal (Linux). For the
 * syscall layer to call after a successful vfs_open; does nothing for other files. */
void tty_open_controlling(struct file *f, int open_flags);
