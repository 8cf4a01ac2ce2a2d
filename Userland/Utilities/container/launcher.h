/*
 * The launcher's parts, beside the configuration parser (config.h):
 *   main.c     subcommands and their arguments;
 *   run.c      `run`: the monitor that creates the container and waits for it;
 *   setup.c    inside the new namespaces: the root, /proc, /dev, [mount]s, pivot_root;
 *   rootfs.c   the three kinds of root (erofs over a loop device, tar, dir);
 *   tar.c      extraction of a tar root into its tmpfs;
 *   init.c     the container's PID 1 and the command it starts;
 *   record.c   /run/containers/NAME: what `list`, `exec` and `stop` read;
 *   control.c  `list`, `exec`, `stop`;
 *   pty.c      the pseudo-terminal of an interactive `exec`.
 */
#pragma once

#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* Exit statuses of `container` besides the command's own. */
#define CONTAINER_EXIT_USAGE 2      /* bad arguments or configuration: nothing created */
#define CONTAINER_EXIT_FAILED 125   /* the container could not be set up */
#define CONTAINER_EXIT_NOEXEC 126   /* the command exists but cannot be run */
#define CONTAINER_EXIT_NOTFOUND 127 /* the command does not exist */

/* "container: MESSAGE\n" (and ": strerror(errno)" for the _errno forms) on stderr. */
void launcher_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void launcher_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- run.c ---- */
/* `container run`: returns the exit status (the command's in the foreground). */
int launcher_run(struct container_config *cfg, bool detach);
/* Whether this kernel has Atoll's jail and container calls; *why gets the refusal. */
bool launcher_atoll_kernel(char *why, size_t size);

/* ---- setup.c, rootfs.c, tar.c (inside the new namespaces, before the jail) ---- */
/* Builds the container's file system view at `staging` (a directory the caller
 * owns) and enters it. Returns 0, or -1 with a message in `err`. */
int setup_enter_root(const struct container_config *cfg, const char *staging, char *err, size_t size);
int rootfs_mount(const struct container_config *cfg, const char *staging, char *err, size_t size);
int tar_extract(const char *archive, const char *dest, char *err, size_t size);
/* Checks that `path` (absolute, inside the root at `root`) has no symlink on the
 * way and exists as a directory or file; -1 with a message otherwise. */
int setup_safe_target(const char *root, const char *path, bool want_dir, char *err, size_t size);

/* ---- init.c ---- */
/* The container's PID 1: never returns. `errfd` (close-on-exec) carries a setup
 * error message to the monitor; EOF on it means the command was started. */
_Noreturn void init_main(const struct container_config *cfg, const char *staging, int errfd, bool atoll);
/* Drops to the configured user, cleans fds and environment, execs the command;
 * on failure writes why to errfd and exits 126/127. Shared by run and exec. */
_Noreturn void init_exec_command(char **argv, char **env, uint32_t uid, uint32_t gid, const char *workdir, int errfd);
/* Closes every descriptor from 3 up except `keep` (-1: none). */
void init_close_fds(int keep);
/* The environment of the command: the configuration's, plus TERM from the
 * caller's, plus a default PATH when the configuration sets none (malloc'd). */
char **init_environment(char **env);

/* ---- record.c ---- */
struct container_record {
	char name[CONTAINER_NAME_MAX + 1];
	pid_t pid;           /* init as the host sees it */
	pid_t monitor;       /* the launcher that waits for it */
	unsigned long long start_ticks; /* init's start time (/proc/PID/stat), against PID reuse */
	time_t started;
	char root[600];      /* "erofs:/path" */
	bool running;
	int status;          /* exit status, once exited */
	bool detached;
	bool ns_pid, ns_mount, ns_uts, jail;
	long atoll_id;       /* the kernel's container id; 0 on Linux */
	uint32_t uid, gid;
	char workdir[512];
	char **env;          /* NULL-terminated (record_free) */
};

/* The folder of all records: $CONTAINER_RUN_DIR or /run/containers. */
const char *record_base(void);
/* "BASE/NAME" or "BASE/NAME/FILE" into buf. */
void record_path(char *buf, size_t size, const char *name, const char *file);
/* Creates BASE/NAME for a new container. 0; -1 with errno EEXIST when a live
 * container has the name (its record in *live); other errors set errno. */
int record_claim(const char *name, struct container_record *live);
int record_write(const struct container_record *r);
/* Reads BASE/NAME/state. 0, or -1 with errno. */
int record_read(const char *name, struct container_record *r);
void record_free(struct container_record *r);
/* Removes BASE/NAME and what is in it. */
void record_remove(const char *name);
/* Whether a running record's init is still that process (not a reused PID). */
bool record_alive(const struct container_record *r);
/* The start time (field 22 of /proc/PID/stat) of `pid`, 0 if it is gone. */
unsigned long long record_start_ticks(pid_t pid);

/* ---- pty.c ---- */
/* A pty master from the current /dev/ptmx (the container's, after setns), or -1
 * after a warning. */
int pty_open(const char *name);
/* In the child: a new session with the slave as controlling terminal and 0-2;
 * on failure writes why to errfd and exits 125. */
void pty_attach(int master, int errfd);
/* In the parent: relays between the caller's terminal (raw meanwhile) and
 * master until the slave side closes; closes master. */
void pty_relay(int master);

/* ---- control.c ---- */
int control_list(void);
int control_stop(const char *name, int timeout_seconds);
int control_exec(const char *name, char **argv);
