/*
 * Builtin entry points shared between builtins.c (the table, control flow,
 * directories, lookup), builtins_vars.c (variables and parameters) and
 * builtins_sys.c (times, ulimit).
 */
#pragma once

int bi_set(int argc, char **argv);
int bi_export(int argc, char **argv);
int bi_readonly(int argc, char **argv);
int bi_unset(int argc, char **argv);
int bi_local(int argc, char **argv);
int bi_shift(int argc, char **argv);
int bi_getopts(int argc, char **argv);
int bi_read(int argc, char **argv);
/* Walks the option words at the start of argv ("-ab", "-c", up to "--" or the
 * first word that is not an option), calling letter for each letter. Returns
 * the index of the first operand, or -1 as soon as letter returns < 0 (after
 * printing its message). */
int builtin_letters(int argc, char **argv, int (*letter)(char c, void *ctx), void *ctx);
int bi_times(int argc, char **argv);
int bi_ulimit(int argc, char **argv);
/* Runs `command NAME ARGS` (exec.c): NAME is looked up skipping functions. */
int exec_command_argv(char **argv);
/* Runs argv as an external command (PATH only: no function, builtin or
 * in-process applet), for builtins that wrap a command such as kill. */
int exec_external_argv(char **argv);
/* Applies the leading -x / +x / -o NAME words of argv (set and sh share it;
 * "-eo NAME" takes NAME too); returns the index of the first operand, -1 after
 * a final `-o` or `+o` printed the options, -2 on a bad option name. *dashdash tells whether "--" ended them.
 * extra (may be NULL) takes letters that are not set options, returning -1 for
 * letters it does not know. */
int options_apply(int argc, char **argv, int *dashdash, int (*extra)(char c, int on, void *ctx), void *ctx);
