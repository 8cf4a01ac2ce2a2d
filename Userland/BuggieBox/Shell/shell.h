/*
 * The shell's process-wide state and the small helpers every part uses: checked
 * allocation, growable strings and string vectors, and error reporting that
 * prefixes "sh: " (and "line N: " for syntax errors).
 */
#pragma once

#include <setjmp.h>
#include <stddef.h>
#include <sys/types.h>

struct sbuf {
	char *s;
	size_t len, cap;
};

struct strv {
	char **v;
	size_t n, cap;
};

/* Everything that is "the shell" rather than one command. */
struct sh_state {
	int status;           /* $? */
	pid_t last_bg;        /* $! (0: none yet) */
	pid_t pid;            /* $$ (the top-level shell's pid, kept in subshells) */
	int opt_e, opt_x, opt_u, opt_f, opt_n, opt_m, opt_v, opt_C;
	int opt_pipefail;     /* a pipeline's status is its last non-zero one */
	int interactive;      /* prompts, job control, errors don't exit */
	int subshell;         /* > 0 in a forked child that must _exit */
	const char *arg0;     /* $0 */
	const char *script;   /* name used in syntax-error messages (NULL for -c) */
	int lineno;           /* line of the command being run ($LINENO) */
	int loop_depth;       /* nesting of for/while/until */
	int func_depth;       /* nesting of function calls / dot scripts */
	int brk, cont;        /* pending break / continue levels */
	int returning;        /* a `return` is unwinding */
	int errexit_off;      /* > 0 inside conditions, where -e is ignored */
	int subst_status;     /* status of the last command substitution */
	int has_subst;        /* a command substitution ran during this expansion */
	jmp_buf *on_error;    /* interactive: where errors unwind to */
	int tty_fd;           /* controlling terminal when job control is on, else -1 */
	pid_t shell_pgid;
};

extern struct sh_state sh;

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void sbuf_putc(struct sbuf *b, char c);
void sbuf_putn(struct sbuf *b, const char *s, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
/* Returns the NUL-terminated string and leaves the buffer empty. */
char *sbuf_take(struct sbuf *b);

void strv_push(struct strv *v, char *s);
/* NULL-terminates v (without counting the NULL) and returns v->v. */
char **strv_finish(struct strv *v);
void strv_free(struct strv *v);

/* "sh: MESSAGE" on stderr. */
void sh_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A fatal error in the current command: a non-interactive shell exits with
 * `status`, an interactive one goes back to the prompt. */
_Noreturn void sh_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Leaves the shell: runs the EXIT trap, flushes, exits. */
_Noreturn void sh_exit(int status);
/* Parses a decimal number; 0 on success. */
int sh_parse_int(const char *s, long *out);
/* Reads one byte (retrying after signals); 1 on success, 0 at EOF or error. */
int sh_read_byte(int fd, char *c);
