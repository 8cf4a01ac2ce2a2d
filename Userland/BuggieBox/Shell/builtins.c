/*
 * The builtin table and the builtins that are about control flow (break,
 * continue, return, exit, eval, exec, .), the working directory (cd, pwd,
 * umask) and command lookup (type, command, alias, unalias).
 *
 * Builtins print with stdio; the caller (exec.c run_inproc) flushes stdout after
 * each one, so output order is right even when stdout is redirected around the
 * builtin. Errors go through sh_warn and return a status; errors that POSIX says
 * abort a non-interactive shell use sh_fail.
 */
#include "builtins.h"
#include "exec.h"
#include "parse.h"
#include "trap.h"
#include "vars.h"
#include "../Lib/bb.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int bi_colon(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 0;
}

static long count_arg(int argc, char **argv, const char *who)
{
	long n = 1;

	if (argc > 1 && (sh_parse_int(argv[1], &n) < 0 || n < 1))
		sh_fail(2, "%s: Illegal number: %s", who, argv[1]);
	return n;
}

static int bi_break(int argc, char **argv)
{
	long n = count_arg(argc, argv, argv[0]);

	if (sh.loop_depth == 0)
		return 0;
	if (n > sh.loop_depth)
		n = sh.loop_depth;
	if (strcmp(argv[0], "break") == 0)
		sh.brk = n;
	else
		sh.cont = n;
	return 0;
}

static int status_arg(int argc, char **argv)
{
	long n;

	if (argc < 2)
		return sh.status;
	if (sh_parse_int(argv[1], &n) < 0 || n < 0)
		sh_fail(2, "%s: Illegal number: %s", argv[0], argv[1]);
	return (int)(n & 255);
}

static int bi_return(int argc, char **argv)
{
	int st = status_arg(argc, argv);

	if (sh.func_depth > 0)
		sh.returning = 1;
	else
		sh_exit(st);
	return sh.status = st;
}

static int bi_exit(int argc, char **argv)
{
	sh_exit(status_arg(argc, argv));
}

static char *join_args(int argc, char **argv)
{
	struct sbuf b = { 0 };

	for (int i = 1; i < argc; i++) {
		if (i > 1)
			sbuf_putc(&b, ' ');
		sbuf_puts(&b, argv[i]);
	}
	return sbuf_take(&b);
}

static int bi_eval(int argc, char **argv)
{
	char *text = join_args(argc, argv);
	int st = exec_string(text, sh.lineno);

	free(text);
	return st;
}

static int bi_exec(int argc, char **argv)
{
	char *path;

	if (argc < 2)
		return 0;
	path = strchr(argv[1], '/') ? xstrdup(argv[1]) : exec_find_path(argv[1]);
	if (path) {
		fflush(stdout);
		execve(path, argv + 1, var_environ());
	}
	int err = path ? errno : ENOENT;
	sh_warn("exec: %s: %s", argv[1], err == ENOENT ? "not found" : strerror(err));
	if (!sh.interactive)
		sh_exit(err == ENOENT ? 127 : 126);
	return err == ENOENT ? 127 : 126;
}

static int bi_dot(int argc, char **argv)
{
	char *path;
	struct params saved = { 0, NULL };
	int st;

	if (argc < 2)
		sh_fail(2, "%s: filename argument required", argv[0]);
	path = strchr(argv[1], '/') ? xstrdup(argv[1]) : exec_find_path(argv[1]);
	if (!path && access(argv[1], R_OK) == 0)
		path = xstrdup(argv[1]);
	if (!path)
		sh_fail(2, "%s: %s: not found", argv[0], argv[1]);
	if (argc > 2) {
		struct params p = { 0, NULL };
		saved = params_swap(p);
		params_set(argc - 2, argv + 2);
	}
	sh.func_depth++;
	st = exec_dot_file(path);
	sh.func_depth--;
	sh.returning = 0;
	if (argc > 2) {
		struct params p = params_swap(saved);
		params_free(&p);
	}
	if (st < 0)
		sh_fail(2, "%s: cannot open %s: %s", argv[0], path, strerror(errno));
	free(path);
	return sh.status;
}

/* ---- directories ---- */

/* Resolves . and .. in an absolute path, textually (cd -L). */
static char *canonical(const char *path)
{
	struct sbuf b = { 0 };
	const char *p = path;

	while (*p) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.len > 0 && b.s[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
			if (b.s)
				b.s[b.len] = 0;
		} else {
			sbuf_putc(&b, '/');
			sbuf_putn(&b, p, n);
		}
		p += n;
	}
	if (b.len == 0)
		sbuf_putc(&b, '/');
	return sbuf_take(&b);
}

static int bi_cd(int argc, char **argv)
{
	int i = 1, physical = 0, print = 0;
	const char *dir;
	char *target, cwd[PATH_MAX];

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-P") == 0)
			physical = 1;
		else if (strcmp(argv[i], "-L") == 0)
			physical = 0;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			sh_warn("cd: %s: bad option", argv[i]);
			return 2;
		}
	}
	dir = i < argc ? argv[i] : var_get("HOME");
	if (!dir || !*dir) {
		sh_warn("cd: HOME not set");
		return 2;
	}
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_warn("cd: OLDPWD not set");
			return 2;
		}
		print = 1;
	}
	const char *pwd = var_get("PWD");
	if (dir[0] == '/' || !pwd || pwd[0] != '/')
		target = dir[0] == '/' ? canonical(dir) : NULL;
	else {
		char *joined = xasprintf("%s/%s", pwd, dir);
		target = canonical(joined);
		free(joined);
	}
	if (physical || !target || chdir(target) < 0) {
		if (chdir(dir) < 0) {
			sh_warn("cd: can't cd to %s: %s", dir, strerror(errno));
			free(target);
			return 2;
		}
		free(target);
		target = getcwd(cwd, sizeof(cwd)) ? xstrdup(cwd) : xstrdup(dir);
	}
	if (pwd)
		var_set("OLDPWD", pwd, 0);
	var_set("PWD", target, 0);
	if (print)
		printf("%s\n", target);
	free(target);
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	const char *pwd = var_get("PWD");
	char cwd[PATH_MAX];
	struct stat a, b;

	if (argc > 1 && strcmp(argv[1], "-P") == 0)
		pwd = NULL;
	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		printf("%s\n", pwd);
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		sh_warn("pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int bi_umask(int argc, char **argv)
{
	mode_t m;
	char *end;

	if (argc > 1 && argv[1][0] == '-') {
		sh_warn("umask: option %s not supported", argv[1]);
		return 2;
	}
	if (argc < 2) {
		m = umask(0);
		umask(m);
		printf("%04o\n", (unsigned)m);
		return 0;
	}
	unsigned long v = strtoul(argv[1], &end, 8);
	if (*end || v > 0777) {
		sh_warn("umask: Illegal mode: %s", argv[1]);
		return 2;
	}
	umask((mode_t)v);
	return 0;
}

/* ---- lookup ---- */

static const char *const inproc_applets[] = { "echo", "printf", "test", "[", "true", "false", NULL };

int builtin_is_inproc_applet(const char *name)
{
	for (int i = 0; inproc_applets[i]; i++)
		if (strcmp(name, inproc_applets[i]) == 0)
			return 1;
	return 0;
}

/* Describes how name would run. verbose: `type` style; else `command -v`. */
static int describe(const char *name, int verbose)
{
	int special = 0;
	const char *a;
	char *path;

	if ((a = alias_get(name))) {
		if (verbose)
			printf("%s is an alias for %s\n", name, a);
		else
			printf("alias %s='%s'\n", name, a);
		return 0;
	}
	if (is_reserved(name)) {
		printf(verbose ? "%s is a shell keyword\n" : "%s\n", name);
		return 0;
	}
	if (func_get(name)) {
		printf(verbose ? "%s is a shell function\n" : "%s\n", name);
		return 0;
	}
	if (builtin_find(name, &special) || (builtin_is_inproc_applet(name) && bb_find_applet(name))) {
		printf(verbose ? (special ? "%s is a special shell builtin\n" : "%s is a shell builtin\n")
			       : "%s\n", name);
		return 0;
	}
	path = strchr(name, '/') ? (access(name, X_OK) == 0 ? xstrdup(name) : NULL) : exec_find_path(name);
	if (path) {
		if (verbose)
			printf("%s is %s\n", name, path);
		else
			printf("%s\n", path);
		free(path);
		return 0;
	}
	if (verbose) {
		fflush(stdout);
		fprintf(stderr, "%s: not found\n", name);
	}
	return 127;
}

static int bi_type(int argc, char **argv)
{
	int st = 0;

	for (int i = 1; i < argc; i++)
		if (describe(argv[i], 1))
			st = 127;
	return st;
}

int builtin_letters(int argc, char **argv, int (*letter)(char c, void *ctx), void *ctx)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		for (const char *c = argv[i] + 1; *c; c++)
			if (letter(*c, ctx) < 0)
				return -1;
	}
	return i;
}

struct command_opts {
	int v, V;
};

static int command_letter(char c, void *ctx)
{
	struct command_opts *o = ctx;

	if (c == 'v')
		o->v = 1;
	else if (c == 'V')
		o->V = 1;
	else if (c != 'p') {
		sh_warn("command: -%c: bad option", c);
		return -1;
	}
	return 0;
}

static int bi_command(int argc, char **argv)
{
	struct command_opts o = { 0, 0 };
	int i = builtin_letters(argc, argv, command_letter, &o), st = 0;

	if (i < 0)
		return 2;
	if (i >= argc)
		return 0;
	if (o.v || o.V) {
		for (; i < argc; i++)
			if (describe(argv[i], o.V))
				st = 127;
		return st;
	}
	return exec_command_argv(argv + i);
}

static int bi_alias(int argc, char **argv)
{
	int st = 0;

	if (argc < 2) {
		alias_print_all();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq) {
			char *name = xstrndup(argv[i], eq - argv[i]);
			alias_set(name, eq + 1);
			free(name);
		} else if (alias_print(argv[i]) < 0) {
			sh_warn("alias: %s not found", argv[i]);
			st = 1;
		}
	}
	return st;
}

static int bi_unalias(int argc, char **argv)
{
	int st = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-a") == 0) {
			alias_clear();
			continue;
		}
		if (alias_unset(argv[i]) < 0) {
			sh_warn("unalias: %s not found", argv[i]);
			st = 1;
		}
	}
	return st;
}

/* Index of kill's first operand (after -9, -TERM, -s SIG, -n N, --). */
static int kill_operands(int argc, char **argv, int *has_dashdash)
{
	int i = 1;

	*has_dashdash = 0;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (strcmp(argv[i], "--") == 0) {
			*has_dashdash = 1;
			return i + 1;
		}
		i += (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "-n") == 0) ? 2 : 1;
	}
	return i;
}

/* kill with job specs: %N becomes the job's process group, then the kill
 * applet (found on PATH) does the work. */
static int bi_kill(int argc, char **argv)
{
	struct strv args = { 0 };
	int dashdash, first = kill_operands(argc, argv, &dashdash), st, specs = 0;

	for (int i = first; i < argc; i++)
		specs |= argv[i][0] == '%';
	for (int i = 0; i < argc; i++) {
		if (i == first && !dashdash && specs)
			strv_push(&args, xstrdup("--"));
		pid_t target;
		if (i >= first && argv[i][0] == '%') {
			if (jobs_spec_target(argv[i], &target) < 0) {
				sh_warn("kill: %s: no such job", argv[i]);
				strv_free(&args);
				return 1;
			}
			strv_push(&args, xasprintf("%d", (int)target));
		} else {
			strv_push(&args, xstrdup(argv[i]));
		}
	}
	st = exec_external_argv(strv_finish(&args));
	strv_free(&args);
	return st;
}

static const struct {
	const char *name;
	builtin_fn fn;
	int special;
} builtins[] = {
	{ ":", bi_colon, 1 }, { ".", bi_dot, 1 }, { "break", bi_break, 1 },
	{ "continue", bi_break, 1 }, { "eval", bi_eval, 1 }, { "exec", bi_exec, 1 },
	{ "exit", bi_exit, 1 }, { "export", bi_export, 1 }, { "readonly", bi_readonly, 1 },
	{ "return", bi_return, 1 }, { "set", bi_set, 1 }, { "shift", bi_shift, 1 },
	{ "trap", trap_builtin, 1 }, { "unset", bi_unset, 1 },
	{ "source", bi_dot, 0 }, { "cd", bi_cd, 0 }, { "pwd", bi_pwd, 0 }, { "local", bi_local, 0 },
	{ "getopts", bi_getopts, 0 }, { "read", bi_read, 0 }, { "umask", bi_umask, 0 },
	{ "wait", wait_builtin, 0 }, { "jobs", jobs_builtin, 0 }, { "fg", fg_builtin, 0 },
	{ "bg", bg_builtin, 0 }, { "type", bi_type, 0 }, { "command", bi_command, 0 },
	{ "alias", bi_alias, 0 }, { "unalias", bi_unalias, 0 }, { "kill", bi_kill, 0 },
	{ "times", bi_times, 1 }, { "ulimit", bi_ulimit, 0 },
};

const char *builtin_name_at(size_t i)
{
	return i < sizeof(builtins) / sizeof(builtins[0]) ? builtins[i].name : NULL;
}

builtin_fn builtin_find(const char *name, int *special)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0) {
			*special = builtins[i].special;
			return builtins[i].fn;
		}
	return NULL;
}
