/*
 * The container's PID 1, which belongs to the launcher (as tini belongs to
 * Docker), and the start of the command under it.
 *
 * init_main() runs in the child the monitor forked after unshare(CLONE_NEWPID),
 * so it is PID 1 of the new PID namespace. In order it:
 *   1. asks for SIGKILL when the monitor dies (PR_SET_PDEATHSIG), so that a
 *      launcher killed with SIGKILL takes the container with it (the kernel then
 *      kills every process of the namespace, and the mounts and AUTOCLEAR loop
 *      device go with it);
 *   2. unshares the mount and UTS namespaces, sets the hostname, builds and
 *      enters the root (setup.c);
 *   3. on Atoll, makes the container a kernel object with its limits
 *      (atoll_container_create) and jails itself until exit, so everything it
 *      forks is jailed too;
 *   4. forks the command, which drops to the configured user and execs;
 *   5. loops in sigwaitinfo(): SIGCHLD reaps every child (orphans reparent to
 *      PID 1); SIGTERM, SIGINT and SIGHUP are forwarded to the command, except
 *      when the kernel sent them (a terminal's ^C reaches the whole foreground
 *      process group, the command included, so forwarding would deliver it
 *      twice). When the command ends, init exits with its status (128+signal
 *      for a signal), and the kernel kills whatever is left in the namespace.
 *
 * A PID 1 only receives signals it has handlers for, so init installs a no-op
 * handler for each signal it waits for, and keeps them blocked.
 *
 * Setup errors go to the monitor over `errfd` (close-on-exec): the message, then
 * exit 125. The command's own exec failure goes over the same pipe (126/127).
 */
#define _GNU_SOURCE
#include "launcher.h"

#include <API/atoll.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP };

void init_close_fds(int keep)
{
	struct rlimit rl;
	long max = 1024;

#ifdef SYS_close_range
	if (keep < 0 && syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return;
	if (keep >= 0 && syscall(SYS_close_range, 3u, (unsigned)keep - 1, 0u) == 0 &&
		syscall(SYS_close_range, (unsigned)keep + 1, ~0u, 0u) == 0)
		return;
#endif
	/* No close_range: every possible descriptor. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = (long)rl.rlim_cur;
	for (long fd = 3; fd < max; fd++)
		if (fd != keep)
			close((int)fd);
}

static bool has_var(char **env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return true;
	return false;
}

char **init_environment(char **env)
{
	size_t n = 0;
	char **out;
	const char *term = getenv("TERM");

	while (env && env[n])
		n++;
	out = config_realloc(NULL, (n + 3) * sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = env[i];
	if (!has_var(env, "PATH"))
		out[n++] = CONTAINER_DEFAULT_PATH;
	if (term && !has_var(env, "TERM")) {
		char *t = config_realloc(NULL, strlen(term) + 6);

		sprintf(t, "TERM=%s", term);
		out[n++] = t;
	}
	out[n] = NULL;
	return out;
}

/* Writes "MESSAGE" to errfd (best effort) and exits with `status`. */
static _Noreturn void report(int errfd, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static _Noreturn void report(int errfd, int status, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(msg) - 1)
		n = sizeof(msg) - 1;
	if (write(errfd, msg, (size_t)n) < 0)
		(void)0; /* the monitor is gone; the exit status still says it */
	_exit(status);
}

static void default_signals(void)
{
	sigset_t all;

	for (int i = 1; i < NSIG; i++)
		signal(i, SIG_DFL); /* fails harmlessly for SIGKILL, SIGSTOP and libc's own */
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
}

void init_exec_command(char **argv, char **env, uint32_t uid, uint32_t gid, const char *workdir, int errfd)
{
	default_signals();
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		report(errfd, CONTAINER_EXIT_FAILED, "setgroups: %s", strerror(errno));
	if (setgid(gid) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "setgid %u: %s", (unsigned)gid, strerror(errno));
	if (setuid(uid) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "setuid %u: %s", (unsigned)uid, strerror(errno));
	if (chdir(workdir) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "workdir %s: %s", workdir, strerror(errno));
	init_close_fds(errfd);
	environ = init_environment(env);
	execvp(argv[0], argv);
	report(errfd, errno == ENOENT ? CONTAINER_EXIT_NOTFOUND : CONTAINER_EXIT_NOEXEC, "%s: %s", argv[0],
		strerror(errno));
}

static void atoll_steps(const struct container_config *cfg, int errfd)
{
	struct atoll_container_spec spec;
	long id;

	memset(&spec, 0, sizeof(spec));
	snprintf(spec.name, sizeof(spec.name), "%s", cfg->name);
	spec.max_pids = cfg->max_pids;
	spec.max_memory = cfg->max_memory;
	id = syscall(ATOLL_SYS_container_create, &spec);
	if (id < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "atoll_container_create: %s", strerror(errno));
	/* The monitor learns the id from this line (it is no error). */
	dprintf(errfd, "id=%ld\n", id);
	if (cfg->jail && prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT, 0, 0, 0) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "prctl(ATOLL_PR_SET_JAIL, UNTIL_EXIT): %s", strerror(errno));
}

static void noop_handler(int sig)
{
	(void)sig;
}

static void prepare_signals(sigset_t *set)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = noop_handler;
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(set, forwarded[i]);
	sigprocmask(SIG_BLOCK, set, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(set, sig) == 1)
			sigaction(sig, &sa, NULL);
}

/* Reaps every child that has ended; returns once the command has (its status in
 * *status), or -1 when it is still running. */
static int reap(pid_t command, int *status)
{
	int st, done = -1;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (pid == command) {
			*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			done = 0;
		}
	}
	return done;
}

static _Noreturn void supervise(pid_t command)
{
	sigset_t set;
	siginfo_t si;
	int status = 0;

	prepare_signals(&set);
	for (;;) {
		if (reap(command, &status) == 0)
			_exit(status);
		if (sigwaitinfo(&set, &si) < 0)
			continue;
		if (si.si_signo != SIGCHLD && si.si_code != SI_KERNEL)
			kill(command, si.si_signo);
	}
}

void init_main(const struct container_config *cfg, const char *staging, int errfd, bool atoll)
{
	char err[1100];
	int flags = (cfg->ns_mount ? CLONE_NEWNS : 0) | (cfg->ns_uts ? CLONE_NEWUTS : 0);
	sigset_t set;
	pid_t command;

	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (flags && unshare(flags) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "unshare(%s%s): %s", cfg->ns_mount ? "CLONE_NEWNS " : "",
			cfg->ns_uts ? "CLONE_NEWUTS" : "", strerror(errno));
	if (cfg->ns_uts && cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "sethostname %s: %s", cfg->hostname, strerror(errno));
	umask(022);
	if (setup_enter_root(cfg, staging, err, sizeof(err)) < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "%s", err);
	if (atoll)
		atoll_steps(cfg, errfd);
	/* Block before the fork so that no SIGCHLD is lost; the child unblocks. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	command = fork();
	if (command < 0)
		report(errfd, CONTAINER_EXIT_FAILED, "fork the command: %s", strerror(errno));
	if (command == 0)
		init_exec_command(cfg->argv, cfg->env, cfg->uid, cfg->gid, cfg->workdir, errfd);
	close(errfd);
	init_close_fds(-1);
	supervise(command);
}
