/*
 * sh: the entry point. Reads the options (-c, -s, -i and the set letters),
 * sets up $0 and the positional parameters, imports the environment, decides
 * whether the shell is interactive (stdin and stderr are terminals, or -i) and
 * then runs one source (the -c string, a script file, or stdin) through
 * exec_source() one command line at a time.
 *
 * Scripts are read whole before they run; stdin is read a line at a time (and
 * through the line editor on a terminal) because commands may read the same
 * input.
 */
#include "builtins.h"
#include "exec.h"
#include "expand.h"
#include "shell.h"
#include "term.h"
#include "trap.h"
#include "vars.h"
#include "../Lib/bb.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static int stdin_more(struct source *src)
{
	char *line = sh.interactive ? term_read_line(src->continuation) : term_read_plain();

	if (!line)
		return 0;
	if (sh.opt_v)
		fputs(line, stderr);
	source_append(src, line, strlen(line));
	free(line);
	return 1;
}

static void init_vars(void)
{
	char cwd[PATH_MAX];
	const char *pwd;
	struct stat a, b;

	var_import_environ(environ);
	var_set("IFS", " \t\n", 0);
	var_set("OPTIND", "1", 0);
	if (!var_get("PS2"))
		var_set("PS2", "> ", 0);
	if (!var_get("PS4"))
		var_set("PS4", "+ ", 0);
	pwd = getenv("PWD");
	if (!(pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	      a.st_dev == b.st_dev && a.st_ino == b.st_ino))
		pwd = getcwd(cwd, sizeof(cwd));
	if (pwd)
		var_set("PWD", pwd, V_EXPORT);
	char ppid[32];
	snprintf(ppid, sizeof(ppid), "%d", (int)getppid());
	var_set("PPID", ppid, 0);
}

struct invocation {
	int cmd_mode, interactive, stdin_mode, login;
};

/* sh's own option letters: -c, -i, -s, -l (login: read the profiles). */
static int invocation_letter(char c, int on, void *ctx)
{
	struct invocation *inv = ctx;

	if (c == 'c' && on)
		inv->cmd_mode = 1;
	else if (c == 'i')
		inv->interactive = on;
	else if (c == 's')
		inv->stdin_mode = on;
	else if (c == 'l')
		inv->login = on;
	else
		return -1;
	return 0;
}

static int run_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct source src;
	char buf[4096];
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "sh: cannot open %s: %s\n", path, strerror(errno));
		exit(errno == ENOENT ? 127 : 126);
	}
	source_init_string(&src, "", 1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		source_append(&src, buf, n);
	close(fd);
	return exec_source(&src);
}

/* A login shell (-l, or argv[0] starting with '-') reads /etc/profile and
 * ~/.profile before the first prompt. */
static void run_profiles(void)
{
	const char *home = var_get("HOME");

	if (access("/etc/profile", R_OK) == 0)
		exec_dot_file("/etc/profile");
	if (home) {
		char *p = xasprintf("%s/.profile", home);
		if (access(p, R_OK) == 0)
			exec_dot_file(p);
		free(p);
	}
}

/* An interactive shell reads the file named by $ENV (after expansion). */
static void run_env_file(void)
{
	const char *env = var_get("ENV");

	if (!env || !*env)
		return;
	char *path = expand_string(env);
	if (access(path, R_OK) == 0)
		exec_dot_file(path);
	free(path);
}

int sh_main(int argc, char **argv)
{
	struct invocation inv = { 0, 0, 0, 0 };
	struct source src;
	int i, dashdash;

	bb_name = "sh";
	sh.pid = getpid();
	sh.arg0 = argv[0];
	init_vars();
	i = options_apply(argc, argv, &dashdash, invocation_letter, &inv);
	if (i < 0)
		return i == -1 ? 0 : 2;
	if (inv.cmd_mode) {
		if (i >= argc) {
			fprintf(stderr, "sh: -c requires an argument\n");
			return 2;
		}
		const char *cmd = argv[i++];
		if (i < argc)
			sh.arg0 = argv[i++];
		params_set(argc - i, argv + i);
		source_init_string(&src, cmd, 1);
		sh.interactive = inv.interactive;
		trap_init();
		exec_source(&src);
		sh_exit(sh.status);
	}
	if (i < argc && !inv.stdin_mode) {
		sh.arg0 = sh.script = argv[i];
		params_set(argc - i - 1, argv + i + 1);
		sh.interactive = inv.interactive;
		trap_init();
		run_file(argv[i]);
		sh_exit(sh.status);
	}
	params_set(argc - i, argv + i);
	sh.interactive = inv.interactive || (isatty(0) && isatty(2));
	if (sh.interactive) {
		if (!var_get("PS1"))
			var_set("PS1", "\\h:\\w\\$ ", 0);
		jobs_init_interactive();
	}
	trap_init();
	if (inv.login || argv[0][0] == '-')
		run_profiles();
	if (sh.interactive)
		run_env_file();
	memset(&src, 0, sizeof(src));
	src.line = 1;
	src.more = stdin_more;
	exec_source(&src);
	sh_exit(sh.status);
}
