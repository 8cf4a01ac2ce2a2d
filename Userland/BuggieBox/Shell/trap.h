/*
 * Traps (trap.c): `trap` actions for signals and EXIT, run between commands.
 */
#pragma once

void trap_init(void);
/* Runs the actions of signals that arrived since the last call. */
void trap_run_pending(void);
/* Runs the EXIT action once (called by sh_exit). */
void trap_run_exit(void);
/* In a subshell: trapped signals go back to default, EXIT action dropped. */
void trap_reset_for_subshell(void);
/* Did a trapped or interrupting signal arrive? (checked by wait loops) */
int trap_pending(void);
/* The last signal received (for wait's 128+n). */
int trap_last_signal(void);
int trap_builtin(int argc, char **argv);
/* Signal number from a name ("INT", "SIGINT", "2"); -1 if unknown; 0 is EXIT. */
int trap_signum(const char *name);
/* Interactive ^C while the shell itself runs: set by the SIGINT handler. */
extern volatile int trap_interrupted;
/* Acts as if sig had arrived (a foreground job died of ^C: stop the loop too). */
void trap_raise(int sig);
