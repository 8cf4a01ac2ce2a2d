/*
 * Running the syntax tree.
 *
 * exec_node() walks a tree and returns an exit status, which it also leaves in
 * sh.status ($?). Control flow that crosses nodes (break N, continue N, return)
 * is a pending count in struct sh_state: lists stop at the next command and each
 * loop consumes one level as it unwinds. `set -e` is checked after simple
 * commands, pipelines and subshells, except while sh.errexit_off says we are in
 * a condition (if/while tests, the left side of && and ||, after !).
 *
 * A simple command runs, in this order of lookup: special builtin, function,
 * regular builtin, the in-process applets (echo, printf, test/[, true, false from
 * the BuggieBox table, called directly and flushed), then PATH. Redirections
 * around anything run in the shell itself are undone afterwards; a command run
 * in a child applies them in the child. Children of an interactive shell get
 * their own process group and the terminal (jobs.c); others inherit the shell's.
 */
#include "exec.h"
#include "expand.h"
#include "trap.h"
#include "vars.h"
#include "../Lib/bb.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EX_NOFUNC = 1, EX_INCHILD = 2, EX_NOBUILTIN = 4 };

static int exec_argv(char **argv, char **assigns, struct redir *redirs, int flags);

/* ---- helpers ---- */

static void node_text(struct node *n, struct sbuf *b)
{
	if (!n)
		return;
	if (n->kind == N_CMD) {
		for (size_t i = 0; n->assigns && n->assigns[i]; i++) {
			sbuf_puts(b, n->assigns[i]);
			sbuf_putc(b, ' ');
		}
		for (size_t i = 0; n->words && n->words[i]; i++) {
			if (i)
				sbuf_putc(b, ' ');
			sbuf_puts(b, n->words[i]);
		}
	} else if (n->kind == N_PIPE) {
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				sbuf_puts(b, " | ");
			node_text(n->kids[i], b);
		}
	} else if (n->kind == N_AND || n->kind == N_OR) {
		node_text(n->kids[0], b);
		sbuf_puts(b, n->kind == N_AND ? " && " : " || ");
		node_text(n->kids[1], b);
	} else {
		sbuf_puts(b, n->kind == N_SUBSHELL ? "( ... )" : "{ ... }");
	}
}

static char *text_of(struct node *n)
{
	struct sbuf b = { 0 };

	node_text(n, &b);
	return sbuf_take(&b);
}

/* Appends w to b, single-quoted if it holds anything the shell would split
 * or expand, so that a trace line can be pasted back (as dash does). */
static void put_traced_word(struct sbuf *b, const char *w, int assignment)
{
	const char *value = assignment ? w + name_len(w) + 1 : w;

	if (*w && !value[strcspn(value, " \t\n'\"\\$`*?[]#~&|;<>(){}!")] && *value) {
		sbuf_puts(b, w);
		return;
	}
	sbuf_putn(b, w, value - w);
	sbuf_putc(b, '\'');
	for (; *value; value++)
		sbuf_puts(b, *value == '\'' ? "'\\''" : (char[]){ *value, 0 });
	sbuf_putc(b, '\'');
}

static void trace(char **assigns, char **argv)
{
	const char *ps4 = var_get("PS4");
	struct sbuf b = { 0 };
	int first = 1;

	if (!sh.opt_x)
		return;
	sbuf_puts(&b, ps4 ? ps4 : "+ ");
	for (size_t i = 0; assigns && assigns[i]; i++, first = 0) {
		if (!first)
			sbuf_putc(&b, ' ');
		put_traced_word(&b, assigns[i], 1);
	}
	for (size_t i = 0; argv[i]; i++, first = 0) {
		if (!first)
			sbuf_putc(&b, ' ');
		put_traced_word(&b, argv[i], 0);
	}
	sbuf_putc(&b, '\n');
	fflush(stdout);
	fputs(b.s, stderr);
	free(b.s);
}

void exec_enter_subshell(void)
{
	int had_jobctl = sh.opt_m;

	sh.subshell++;
	sh.interactive = 0;
	sh.opt_m = 0;
	sh.tty_fd = -1;
	trap_reset_for_subshell();
	if (had_jobctl) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
}

/* Forks a child that runs fn(arg) and never returns; the parent registers it
 * as a job and, unless bg, waits for it. */
static int run_forked(void (*fn)(void *), void *arg, const char *text, int bg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		sh_warn("fork: %s", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		if (sh.opt_m)
			jobs_set_pgrp(0, 0, !bg);
		int jobctl = sh.opt_m;
		exec_enter_subshell();
		if (bg && !jobctl) {
			/* POSIX: without job control, & commands ignore ^C and read
			 * /dev/null unless redirected. */
			signal(SIGINT, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
			int fd = open("/dev/null", O_RDONLY);
			if (fd > 0) {
				dup2(fd, 0);
				close(fd);
			}
		}
		fn(arg);
		sh_exit(sh.status);
	}
	if (sh.opt_m)
		jobs_set_pgrp(pid, pid, !bg);
	struct job *j = job_add(sh.opt_m ? pid : 0, &pid, 1, text, bg);
	if (bg) {
		sh.last_bg = pid;
		return 0;
	}
	return job_wait_fg(j);
}

static int run_forked_node(void (*fn)(void *), struct node *n, int bg)
{
	char *text = text_of(n);
	int st = run_forked(fn, n, text, bg);

	free(text);
	return st;
}

static char *join_words(char **argv)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; argv[i]; i++) {
		if (i)
			sbuf_putc(&b, ' ');
		sbuf_puts(&b, argv[i]);
	}
	return sbuf_take(&b);
}

/* ---- simple commands ---- */

char *exec_find_path(const char *name)
{
	const char *path = var_get("PATH");
	struct stat st;

	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (;;) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		char *full = n ? xasprintf("%.*s/%s", (int)n, path, name) : xstrdup(name);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
			return full;
		free(full);
		if (!colon)
			return NULL;
		path = colon + 1;
	}
}

static void run_script_here(const char *path, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	params_set(argc - 1, argv + 1);
	sh.arg0 = path;
	sh.script = path;
	if (exec_dot_file(path) < 0)
		sh_exit(126);
	sh_exit(sh.status);
}

/* In a child: replaces the process with argv[0], or exits 126/127. */
_Noreturn static void exec_external(char **argv)
{
	char *path = strchr(argv[0], '/') ? xstrdup(argv[0]) : exec_find_path(argv[0]);
	char **env;

	if (!path) {
		sh_warn("%s: not found", argv[0]);
		_exit(127);
	}
	env = var_environ();
	fflush(stdout);
	execve(path, argv, env);
	if (errno == ENOEXEC)
		run_script_here(path, argv);
	int err = errno;
	sh_warn("%s: %s", argv[0], err == ENOENT ? "not found" : strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

struct child_cmd {
	char **argv;
	char **assigns;
	struct redir *redirs;
};

static void assign_all(char **assigns, int flags)
{
	for (size_t i = 0; assigns && assigns[i]; i++)
		if (var_assign(assigns[i], flags) < 0 && !sh.interactive)
			sh_exit(2);
}

static void child_external(void *arg)
{
	struct child_cmd *c = arg;

	if (redir_apply(c->redirs, NULL) < 0)
		_exit(2);
	for (size_t i = 0; c->assigns && c->assigns[i]; i++)
		var_assign(c->assigns[i], V_EXPORT);
	exec_external(c->argv);
}

/* Saved values of variables assigned for the duration of one command. */
struct temp_vars {
	struct strv names, values;
	int *existed;
};

static void temp_assign(char **assigns, struct temp_vars *t)
{
	size_t n = 0;

	memset(t, 0, sizeof(*t));
	while (assigns && assigns[n])
		n++;
	t->existed = xmalloc((n + 1) * sizeof(int));
	for (size_t i = 0; i < n; i++) {
		size_t k = name_len(assigns[i]);
		char *name = xstrndup(assigns[i], k);
		const char *old = var_get(name);
		t->existed[i] = old != NULL;
		strv_push(&t->values, xstrdup(old ? old : ""));
		strv_push(&t->names, name);
		var_assign(assigns[i], 0);
	}
}

static void temp_restore(struct temp_vars *t)
{
	for (size_t i = 0; i < t->names.n; i++) {
		if (t->existed[i])
			var_set(t->names.v[i], t->values.v[i], 0);
		else
			var_unset(t->names.v[i]);
	}
	strv_free(&t->names);
	strv_free(&t->values);
	free(t->existed);
}

/* Expands the NAME=value words into "NAME=expanded" strings. */
static char **expand_assigns(char **assigns)
{
	struct strv out = { 0 };

	for (size_t i = 0; assigns && assigns[i]; i++) {
		size_t n = name_len(assigns[i]);
		char *v = expand_assignment(assigns[i] + n + 1);
		strv_push(&out, xasprintf("%.*s=%s", (int)n, assigns[i], v));
		free(v);
	}
	return strv_finish(&out);
}

static int run_inproc(builtin_fn fn, const struct bb_applet *a, char **argv, struct redir *redirs, int keep)
{
	struct saved_fds saved = { 0, 0 };
	int argc = 0, st;

	while (argv[argc])
		argc++;
	if (redir_apply(redirs, keep ? NULL : &saved) < 0) {
		redir_restore(&saved);
		return 2;
	}
	if (a) {
		optind = 0;
		st = bb_run_applet(a, argc, argv);
		bb_name = "sh";
	} else {
		st = fn(argc, argv);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sh_warn("%s: write error: %s", argv[0], strerror(errno));
		clearerr(stdout);
		if (st == 0)
			st = 1;
	}
	fflush(stderr);
	if (!keep)
		redir_restore(&saved);
	return st;
}

/* The callers' positional parameters, one per active function call. */
static struct params *caller_params;
static int ncalls, calls_cap;

int exec_function(struct node *body, int argc, char **argv)
{
	struct params p = { argc, xmalloc((argc + 1) * sizeof(char *)) };
	int st;

	for (int i = 0; i < argc; i++)
		p.argv[i] = xstrdup(argv[i]);
	p.argv[argc] = NULL;
	if (ncalls >= 1000)
		sh_fail(2, "function nesting too deep (1000 calls)");
	if (ncalls == calls_cap) {
		calls_cap = calls_cap ? calls_cap * 2 : 16;
		caller_params = xrealloc(caller_params, calls_cap * sizeof(*caller_params));
	}
	caller_params[ncalls++] = params_swap(p);
	var_push_scope();
	sh.func_depth++;
	st = exec_node(body);
	sh.func_depth--;
	if (sh.returning) {
		sh.returning = 0;
		st = sh.status;
	}
	var_pop_scope();
	p = params_swap(caller_params[--ncalls]);
	params_free(&p);
	return sh.status = st;
}

void exec_unwind_functions(void)
{
	while (ncalls > 0) {
		struct params p = params_swap(caller_params[--ncalls]);
		params_free(&p);
		var_pop_scope();
	}
	sh.func_depth = 0;
}

static int run_function(struct node *body, char **argv, char **assigns, struct redir *redirs)
{
	struct saved_fds saved = { 0, 0 };
	struct temp_vars t;
	int argc = 0, st;

	while (argv[argc])
		argc++;
	if (redir_apply(redirs, &saved) < 0) {
		redir_restore(&saved);
		return 2;
	}
	temp_assign(assigns, &t);
	st = exec_function(body, argc - 1, argv + 1);
	temp_restore(&t);
	fflush(stdout);
	redir_restore(&saved);
	return st;
}

static int exec_argv(char **argv, char **assigns, struct redir *redirs, int flags)
{
	const char *name = argv[0];
	int special = 0;
	builtin_fn fn = strchr(name, '/') || (flags & EX_NOBUILTIN) ? NULL : builtin_find(name, &special);
	struct node *body = NULL;

	if (fn && special) {
		assign_all(assigns, 0);
		return run_inproc(fn, NULL, argv, redirs, strcmp(name, "exec") == 0 && !argv[1]);
	}
	if (!strchr(name, '/') && !(flags & EX_NOFUNC) && (body = func_get(name)))
		return run_function(body, argv, assigns, redirs);
	const struct bb_applet *a = NULL;
	if (!fn && !(flags & EX_NOBUILTIN) && builtin_is_inproc_applet(name))
		a = bb_find_applet(name);
	if (fn || a) {
		struct temp_vars t;
		temp_assign(assigns, &t);
		int st = run_inproc(fn, a, argv, redirs, 0);
		temp_restore(&t);
		return st;
	}
	struct child_cmd c = { argv, assigns, redirs };
	if (flags & EX_INCHILD)
		child_external(&c);
	char *text = join_words(argv);
	int st = run_forked(child_external, &c, text, 0);
	free(text);
	return st;
}

int exec_external_argv(char **argv)
{
	return exec_argv(argv, NULL, NULL, EX_NOFUNC | EX_NOBUILTIN);
}

/* `command NAME ARGS`: runs NAME skipping functions. */
int exec_command_argv(char **argv)
{
	return exec_argv(argv, NULL, NULL, EX_NOFUNC);
}

static int exec_simple(struct node *n, int flags)
{
	struct strv argv = { 0 };
	int st;

	sh.lineno = n->lineno;
	sh.has_subst = 0;
	for (size_t i = 0; n->words && n->words[i]; i++)
		expand_fields(n->words[i], &argv);
	strv_finish(&argv);
	if (argv.n == 0) {
		struct saved_fds saved = { 0, 0 };
		struct strv done = { 0 };
		/* One at a time: a=1 b=$a sees the new a. */
		for (size_t i = 0; n->assigns && n->assigns[i]; i++) {
			char *one[] = { n->assigns[i], NULL }, **e = expand_assigns(one);
			strv_push(&done, e[0]);
			free(e);
			if (var_assign(done.v[i], 0) < 0 && !sh.interactive)
				sh_exit(2);
		}
		char **expanded = strv_finish(&done);
		trace(expanded, argv.v);
		st = sh.has_subst ? sh.subst_status : 0;
		if (redir_apply(n->redirs, &saved) < 0)
			st = 2;
		redir_restore(&saved);
		for (size_t i = 0; expanded[i]; i++)
			free(expanded[i]);
		free(expanded);
		strv_free(&argv);
		return st;
	}
	char **assigns = expand_assigns(n->assigns);
	trace(assigns, argv.v);
	st = exec_argv(argv.v, assigns, n->redirs, flags);
	for (size_t i = 0; assigns[i]; i++)
		free(assigns[i]);
	free(assigns);
	strv_free(&argv);
	return st;
}

/* ---- compound commands ---- */

static int exec_in_child_node(struct node *n);

static void child_node(void *arg)
{
	sh.status = exec_in_child_node(arg);
}

static int exec_in_child_node(struct node *n)
{
	if (n->kind == N_CMD)
		return exec_simple(n, EX_INCHILD);
	return exec_node(n);
}

static void child_subshell(void *arg)
{
	struct node *n = arg;

	if (redir_apply(n->redirs, NULL) < 0)
		sh_exit(2);
	sh.status = exec_node(n->kids[0]);
}

static int exec_pipeline(struct node *n)
{
	pid_t *pids = xmalloc(n->nkids * sizeof(pid_t)), pgid = 0;
	int prev = -1, st;

	fflush(stdout);
	fflush(stderr);
	for (size_t i = 0; i < n->nkids; i++) {
		int fds[2] = { -1, -1 };
		if (i + 1 < n->nkids && pipe(fds) < 0)
			sh_fail(2, "pipe: %s", strerror(errno));
		pid_t pid = fork();
		if (pid < 0)
			sh_fail(2, "fork: %s", strerror(errno));
		if (pid == 0) {
			if (sh.opt_m)
				jobs_set_pgrp(0, pgid, 1);
			exec_enter_subshell();
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			}
			if (fds[1] >= 0) {
				close(fds[0]);
				dup2(fds[1], 1);
				close(fds[1]);
			}
			child_node(n->kids[i]);
			sh_exit(sh.status);
		}
		if (sh.opt_m) {
			if (!pgid)
				pgid = pid;
			jobs_set_pgrp(pid, pgid, 1);
		}
		pids[i] = pid;
		if (prev >= 0)
			close(prev);
		if (fds[1] >= 0)
			close(fds[1]);
		prev = fds[0];
	}
	char *text = text_of(n);
	st = job_wait_fg(job_add(pgid, pids, n->nkids, text, 0));
	free(text);
	free(pids);
	return st;
}

static int exec_pipe_node(struct node *n)
{
	int st;

	if (n->bang)
		sh.errexit_off++;
	st = n->nkids == 1 ? exec_node(n->kids[0]) : exec_pipeline(n);
	if (n->bang) {
		sh.errexit_off--;
		st = !st;
	}
	return st;
}

static int cond(struct node *n)
{
	int st;

	sh.errexit_off++;
	st = exec_node(n);
	sh.errexit_off--;
	return st;
}

/* After a loop body: returns 1 when the loop must stop. */
static int loop_should_stop(void)
{
	if (sh.brk) {
		sh.brk--;
		return 1;
	}
	if (sh.cont) {
		if (--sh.cont > 0)
			return 1;
		return 0;
	}
	return sh.returning;
}

static int exec_while(struct node *n)
{
	int st = 0;

	sh.loop_depth++;
	for (;;) {
		int c = cond(n->kids[0]);
		if (sh.brk || sh.cont || sh.returning) {
			if (loop_should_stop())
				break;
			continue;
		}
		if ((n->kind == N_WHILE) != (c == 0))
			break;
		st = exec_node(n->kids[1]);
		if (loop_should_stop())
			break;
	}
	sh.loop_depth--;
	return st;
}

static int exec_for(struct node *n)
{
	struct strv items = { 0 };
	int st = 0;

	if (n->has_in) {
		for (size_t i = 0; n->words[i]; i++)
			expand_fields(n->words[i], &items);
	} else {
		for (int i = 0; i < sh_params.argc; i++)
			strv_push(&items, xstrdup(sh_params.argv[i]));
	}
	sh.loop_depth++;
	for (size_t i = 0; i < items.n; i++) {
		if (var_set(n->name, items.v[i], 0) < 0) {
			st = 2;
			break;
		}
		st = exec_node(n->kids[0]);
		if (loop_should_stop())
			break;
	}
	sh.loop_depth--;
	strv_free(&items);
	return st;
}

static int exec_case(struct node *n)
{
	char *word = expand_string(n->name);
	int st = 0;

	for (struct case_item *it = n->items; it; it = it->next) {
		for (size_t i = 0; it->patterns[i]; i++) {
			char *pat = expand_pattern(it->patterns[i]);
			int m = fnmatch(pat, word, 0) == 0;
			free(pat);
			if (m) {
				st = it->body ? exec_node(it->body) : 0;
				free(word);
				return st;
			}
		}
	}
	free(word);
	return st;
}

static int exec_compound(struct node *n)
{
	switch (n->kind) {
	case N_GROUP:
		return exec_node(n->kids[0]);
	case N_IF:
		if (cond(n->kids[0]) == 0)
			return exec_node(n->kids[1]);
		return n->nkids > 2 ? exec_node(n->kids[2]) : 0;
	case N_WHILE:
	case N_UNTIL:
		return exec_while(n);
	case N_FOR:
		return exec_for(n);
	case N_CASE:
		return exec_case(n);
	default:
		return 0;
	}
}

static int exec_redirected(struct node *n)
{
	struct saved_fds saved = { 0, 0 };
	int st;

	if (redir_apply(n->redirs, &saved) < 0) {
		redir_restore(&saved);
		return 2;
	}
	st = exec_compound(n);
	fflush(stdout);
	redir_restore(&saved);
	return st;
}

static int exec_list(struct node *n)
{
	int st = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		st = exec_node(n->kids[i]);
		if (sh.brk || sh.cont || sh.returning)
			break;
	}
	return st;
}

static int exec_and_or(struct node *n)
{
	int st = cond(n->kids[0]);

	if (sh.brk || sh.cont || sh.returning)
		return st;
	if ((n->kind == N_AND) == (st == 0))
		st = exec_node(n->kids[1]);
	return st;
}

int exec_node(struct node *n)
{
	int st = 0, check = 0;

	if (!n)
		return sh.status = 0;
	switch (n->kind) {
	case N_CMD: st = exec_simple(n, 0); check = 1; break;
	case N_PIPE: st = exec_pipe_node(n); check = !n->bang; break;
	case N_AND: case N_OR: st = exec_and_or(n); break;
	case N_SEQ: st = exec_list(n); break;
	case N_BG: st = run_forked_node(child_node, n->kids[0], 1); break;
	case N_SUBSHELL: st = run_forked_node(child_subshell, n, 0); check = 1; break;
	case N_FUNC: func_set(n->name, n->kids[0]); st = 0; break;
	default: st = exec_redirected(n); break;
	}
	sh.status = st;
	trap_run_pending();
	if (check && st != 0 && sh.opt_e && !sh.errexit_off && !sh.returning)
		sh_exit(st);
	return st;
}

/* ---- sources ---- */

static void source_compact(struct source *src)
{
	memmove(src->buf, src->buf + src->pos, src->len - src->pos + 1);
	src->len -= src->pos;
	src->pos = 0;
}

int exec_source(struct source *src)
{
	jmp_buf jb;
	jmp_buf *volatile outer = sh.on_error;
	volatile int top = sh.interactive && !sh.on_error;

	if (top) {
		sh.on_error = &jb;
		if (setjmp(jb)) {
			src->pos = src->len = 0;
			sh.brk = sh.cont = sh.returning = 0;
			sh.errexit_off = 0;
			sh.loop_depth = 0;
			redir_restore_all();
			exec_unwind_functions();
		}
	}
	for (;;) {
		struct node *node;
		enum parse_result r;

		if (top)
			jobs_reap(1);
		trap_run_pending();
		r = parse_command_line(src, &node);
		if (src->buf && src->pos > 0)
			source_compact(src);
		if (r == P_EOF)
			break;
		if (r == P_EMPTY)
			continue;
		if (r == P_ERROR) {
			sh.status = 2;
			if (!sh.interactive || sh.subshell)
				sh_exit(2);
			src->pos = src->len = 0;
			if (!top)
				break;
			continue;
		}
		if (sh.opt_n)
			continue;
		exec_node(node);
		if (sh.returning && sh.func_depth > 0)
			break;
	}
	if (top)
		sh.on_error = outer;
	return sh.status;
}

int exec_string(const char *text, int line)
{
	struct node *n;

	if (parse_string(text, line, &n) < 0) {
		if (!sh.interactive || sh.subshell)
			sh_exit(2);
		return sh.status = 2;
	}
	return exec_node(n);
}

int exec_dot_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct source src;
	char buf[4096];
	ssize_t n;

	if (fd < 0)
		return -1;
	source_init_string(&src, "", 1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		source_append(&src, buf, n);
	close(fd);
	int st = exec_source(&src);
	free(src.buf);
	return st;
}
