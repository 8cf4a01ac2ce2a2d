/*
 * Running parsed commands (exec.c), redirections (redir.c), jobs (jobs.c) and
 * builtins (builtins*.c).
 */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "parse.h"
#include "shell.h"

/* Runs a node; returns (and stores in sh.status) its exit status. */
int exec_node(struct node *n);
/* Parses and runs text (eval, traps, command substitution, -c). */
int exec_string(const char *text, int line);
/* Parses and runs a whole source one command line at a time, as a script or an
 * interactive session does. Returns the last status. */
int exec_source(struct source *src);
/* In a freshly forked child: leave job control, reset traps, mark subshell. */
void exec_enter_subshell(void);
/* Runs a function body with the given arguments. */
int exec_function(struct node *body, int argc, char **argv);
/* Searches PATH for an executable; returns a new string or NULL. */
char *exec_find_path(const char *name);
/* Runs a script file in the current shell (for `.`); -1 if it cannot be read. */
int exec_dot_file(const char *path);

/* Redirections. With `saved`, the original fds are kept there for redir_restore. */
struct saved_fds {
	int base;     /* where this scope starts on redir.c's stack of saved fds */
	int active;   /* something was saved */
};
int redir_apply(struct redir *r, struct saved_fds *saved);
void redir_restore(struct saved_fds *saved);
/* Undoes every redirection still applied (an error unwound past them). */
void redir_restore_all(void);
/* Leaves every function call still active (an error unwound past them). */
void exec_unwind_functions(void);

/* Jobs. */
struct job;
/* Registers a job made of the given processes; cmd is its text for `jobs`. */
struct job *job_add(pid_t pgid, const pid_t *pids, int n, const char *cmd, int background);
/* Waits for a foreground job; returns its status (128+sig for signals). */
int job_wait_fg(struct job *j);
/* Reaps finished children without blocking; interactive shells report them. */
void jobs_reap(int report);
/* The kill target of a job spec ("%1", "%%", "%cmd"): -pgid under job
 * control, else the last process's pid. -1 if there is no such job. */
int jobs_spec_target(const char *spec, pid_t *target);
int jobs_builtin(int argc, char **argv);
int fg_builtin(int argc, char **argv);
int bg_builtin(int argc, char **argv);
int wait_builtin(int argc, char **argv);
/* Job control setup for an interactive shell on a terminal. */
void jobs_init_interactive(void);
/* Puts a child in its process group (and the terminal's foreground if fg). */
void jobs_set_pgrp(pid_t pid, pid_t pgid, int fg);
int status_of(int wstatus);

/* Builtins. */
typedef int (*builtin_fn)(int argc, char **argv);
/* special: set when the builtin is a POSIX special builtin. */
builtin_fn builtin_find(const char *name, int *special);
/* The i-th builtin's name (for completion); NULL past the end. */
const char *builtin_name_at(size_t i);
/* Is name one of the applets the shell runs in-process? */
int builtin_is_inproc_applet(const char *name);
