/*
 * container: runs a program in its own PID, mount and UTS namespaces with an
 * EROFS image, a tar archive or a directory as its root, jailed on Atoll.
 *
 *   container run [-d] CONFIG [-- COMMAND ARGS...]
 *   container check CONFIG
 *   container list
 *   container exec NAME COMMAND [ARGS...]
 *   container stop [-t SECONDS] NAME
 *
 * This file only reads the command line and hands over: run.c creates
 * containers, control.c works on running ones, config*.c read the INI file
 * (Documentation/ContainerConfig.md), and Documentation/container.md is the
 * user's guide. A bad command line or configuration exits 2 before anything is
 * created.
 */
#include "launcher.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"Usage: container run [-d] CONFIG [-- COMMAND ARGS...]\n"
	"       container check CONFIG\n"
	"       container list\n"
	"       container exec NAME COMMAND [ARGS...]\n"
	"       container stop [-t SECONDS] NAME\n"
	"\n"
	"  run     start the container CONFIG describes and wait for its command; its\n"
	"          exit status is the command's (125: setup failed, 126: the command\n"
	"          cannot run, 127: not found). -- COMMAND replaces the config's command.\n"
	"          -d: detach; output goes to /run/containers/NAME/log and the exit\n"
	"          status stays visible in `list`.\n"
	"  check   parse CONFIG and print it with every default filled in\n"
	"  list    name, init PID, state, root, uptime and exit status of each container\n"
	"  exec    run COMMAND inside the running container NAME, as its user\n"
	"  stop    SIGTERM to the container's init, SIGKILL after SECONDS (default 10);\n"
	"          on an exited container: forget its record\n"
	"\n"
	"Exit status 2: bad arguments or configuration (FILE:LINE: messages); nothing\n"
	"was created. The file format is in Documentation/ContainerConfig.md.\n";

static void vwarn(int err, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("container: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void launcher_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

void launcher_warn_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vwarn(err, fmt, ap);
	va_end(ap);
}

static int usage(const char *fmt, const char *arg)
{
	if (fmt) {
		fputs("container: ", stderr);
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	return CONTAINER_EXIT_USAGE;
}

/* Loads CONFIG; on errors prints them and returns false. */
static bool load(struct container_config *cfg, const char *path)
{
	if (container_config_load(cfg, path) == 0)
		return true;
	container_config_print_errors(cfg, stderr);
	container_config_free(cfg);
	return false;
}

/* Replaces the configured command by argv[0..argc). */
static void override_command(struct container_config *cfg, int argc, char **argv)
{
	for (int i = 0; i < cfg->argc; i++)
		free(cfg->argv[i]);
	free(cfg->argv);
	cfg->argv = config_realloc(NULL, (size_t)(argc + 1) * sizeof(char *));
	for (int i = 0; i < argc; i++)
		cfg->argv[i] = config_strdup(argv[i]);
	cfg->argv[argc] = NULL;
	cfg->argc = argc;
}

static int cmd_run(int argc, char **argv)
{
	struct container_config cfg;
	bool detach = false;
	int i = 1, status;

	for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-d") != 0)
			return usage("run: unknown option '%s'", argv[i]);
		detach = true;
	}
	if (i >= argc || strcmp(argv[i], "--") == 0)
		return usage("run: which CONFIG?%s", "");
	if (i + 1 < argc && strcmp(argv[i + 1], "--") != 0)
		return usage("run: '%s' after CONFIG: put the command after --", argv[i + 1]);
	if (i + 1 < argc && i + 2 >= argc)
		return usage("run: nothing after --%s", "");
	if (!load(&cfg, argv[i]))
		return CONTAINER_EXIT_USAGE;
	if (i + 2 < argc)
		override_command(&cfg, argc - i - 2, argv + i + 2);
	status = launcher_run(&cfg, detach);
	container_config_free(&cfg);
	return status;
}

static int cmd_check(int argc, char **argv)
{
	struct container_config cfg;

	if (argc != 2)
		return usage("check: expected one CONFIG%s", "");
	if (!load(&cfg, argv[1]))
		return CONTAINER_EXIT_USAGE;
	container_config_print(&cfg, stdout);
	container_config_free(&cfg);
	return 0;
}

static int cmd_stop(int argc, char **argv)
{
	int timeout = 10, i = 1;

	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		char *end;
		long t = strtol(argv[2], &end, 10);

		if (*argv[2] == '\0' || *end || t < 0 || t > 3600)
			return usage("stop: bad timeout '%s' (seconds, 0 to 3600)", argv[2]);
		timeout = (int)t;
		i = 3;
	}
	if (argc != i + 1)
		return usage("stop: expected one NAME%s", "");
	return control_stop(argv[i], timeout);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		return usage(NULL, NULL);
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "list") == 0)
		return argc == 2 ? control_list() : usage("list takes no arguments%s", "");
	if (strcmp(cmd, "stop") == 0)
		return cmd_stop(argc - 1, argv + 1);
	if (strcmp(cmd, "exec") == 0)
		return argc >= 4 ? control_exec(argv[2], argv + 3) : usage("exec: expected NAME COMMAND%s", "");
	return usage("unknown command '%s'", cmd);
}
