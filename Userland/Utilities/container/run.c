/*
 * `container run`: the monitor, the process outside the container that creates
 * it and waits for it.
 *
 * Before anything is created, the kernel is asked whether it is Atoll
 * (prctl(ATOLL_PR_GET_JAIL)); a configuration that needs the jail or limits is
 * refused on any other kernel, with exit status 2, since running it unjailed
 * would silently weaken what it asked for.
 *
 * Then the name is claimed (record.c), the monitor unshares its PID namespace
 * for its children and forks the container's init (init.c), which does all the
 * setup inside. The two talk over one close-on-exec pipe: init (or the command,
 * if its exec fails) writes an error message there; EOF with no message means
 * the command is running. On Atoll, init also sends "id=N\n" first, the
 * kernel's container id, which `container exec` needs.
 *
 * In the foreground the monitor is the launcher itself: the container shares
 * the caller's terminal, SIGINT and SIGQUIT are left to the terminal (which
 * signals the whole foreground group, the container's processes included),
 * SIGTERM and SIGHUP are passed to init, and the exit status is the command's.
 * Its record is removed at the end. With -d the launcher forks a monitor in a
 * new session whose standard descriptors are /dev/null and the log, reports
 * whether the container started, and returns; the monitor keeps the record,
 * with the exit status, after the container ends.
 */
#define _GNU_SOURCE
#include "launcher.h"

#include <API/atoll.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t forward_to;

bool launcher_atoll_kernel(char *why, size_t size)
{
	if (prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0) >= 0)
		return true;
	snprintf(why, size, "prctl(ATOLL_PR_GET_JAIL): %s", strerror(errno));
	return false;
}

static void forward_signal(int sig)
{
	if (forward_to > 0)
		kill(forward_to, sig);
}

static void fill_record(struct container_record *r, const struct container_config *cfg, pid_t init, bool detach)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", cfg->name);
	r->pid = init;
	r->monitor = getpid();
	r->start_ticks = record_start_ticks(init);
	r->started = time(NULL);
	snprintf(r->root, sizeof(r->root), "%s:%s", container_root_type_name(cfg->root_type), cfg->root_source);
	r->running = true;
	r->detached = detach;
	r->ns_pid = cfg->ns_pid;
	r->ns_mount = cfg->ns_mount;
	r->ns_uts = cfg->ns_uts;
	r->jail = cfg->jail;
	r->uid = cfg->uid;
	r->gid = cfg->gid;
	snprintf(r->workdir, sizeof(r->workdir), "%s", cfg->workdir);
	r->env = cfg->env; /* borrowed: never record_free()d */
}

/* Reads the pipe to EOF: "id=N\n" lines set *id; the rest is an error message
 * (empty when the command started). */
static void read_setup_result(int fd, long *id, char *msg, size_t size)
{
	char buf[2048];
	size_t len = 0;
	ssize_t n;
	char *s = buf;

	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	while (strncmp(s, "id=", 3) == 0) {
		*id = strtol(s + 3, &s, 10);
		if (*s == '\n')
			s++;
	}
	snprintf(msg, size, "%s", s);
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return CONTAINER_EXIT_FAILED;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void set_monitor_signals(pid_t init, bool detach)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	forward_to = init;
	sa.sa_handler = forward_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!detach) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

/* Says why the container did not start: on stderr, or to the waiting parent
 * of a detached monitor over `started`. */
static void report_failure(const struct container_config *cfg, int started, char *msg)
{
	msg[strcspn(msg, "\n")] = '\0';
	if (started >= 0) {
		dprintf(started, "%s: %s", cfg->name, msg);
		close(started);
	} else {
		launcher_warn("%s: %s", cfg->name, msg);
	}
}

/* Forks the container's init into a new PID namespace. Returns its PID with the
 * read end of its setup pipe in *setup, or -1 with a message in msg. */
static pid_t start_init(const struct container_config *cfg, bool atoll, int started, int *setup, char *msg,
	size_t size)
{
	char staging[1024];
	int pipefd[2];
	pid_t init;

	record_path(staging, sizeof(staging), cfg->name, "root");
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(msg, size, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((cfg->ns_pid && unshare(CLONE_NEWPID) < 0) || (init = fork()) < 0) {
		snprintf(msg, size, "%s: %s", cfg->ns_pid ? "unshare(CLONE_NEWPID) and fork" : "fork", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (init == 0) {
		close(pipefd[0]);
		if (started >= 0)
			close(started);
		init_main(cfg, staging, pipefd[1], atoll);
	}
	close(pipefd[1]);
	*setup = pipefd[0];
	return init;
}

/* Creates the container and waits for it. `started` (-1 in the foreground)
 * receives "ok" or the error once the command runs or setup failed. */
static int monitor(struct container_config *cfg, bool detach, bool atoll, int started)
{
	char msg[1500], staging[1024];
	struct container_record rec;
	int setup, status;
	pid_t init = start_init(cfg, atoll, started, &setup, msg, sizeof(msg));

	if (init < 0) {
		record_remove(cfg->name);
		report_failure(cfg, started, msg);
		return CONTAINER_EXIT_FAILED;
	}
	set_monitor_signals(init, detach);
	fill_record(&rec, cfg, init, detach);
	if (record_write(&rec) < 0)
		launcher_warn_errno("%s: cannot write its record", cfg->name);
	read_setup_result(setup, &rec.atoll_id, msg, sizeof(msg));
	close(setup);
	if (msg[0]) {
		status = wait_status(init);
		record_remove(cfg->name);
		report_failure(cfg, started, msg);
		return status;
	}
	record_write(&rec);
	if (started >= 0) {
		(void)!write(started, "ok", 2);
		close(started);
	}
	status = wait_status(init);
	if (!detach) {
		record_remove(cfg->name);
		return status;
	}
	rec.running = false;
	rec.status = status;
	record_path(staging, sizeof(staging), cfg->name, "root");
	rmdir(staging);
	record_write(&rec);
	return status;
}

/* Standard descriptors of a detached monitor: /dev/null and the log. */
static int detach_stdio(const char *name)
{
	char log[1024];
	int null, out;

	record_path(log, sizeof(log), name, "log");
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	if (null < 0 || out < 0)
		return -1;
	if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		return -1;
	close(null);
	close(out);
	return 0;
}

static int run_detached(struct container_config *cfg, bool atoll)
{
	char msg[1600];
	int pipefd[2];
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		launcher_warn_errno("%s: cannot start the monitor", cfg->name);
		record_remove(cfg->name);
		return CONTAINER_EXIT_FAILED;
	}
	if (pid == 0) {
		close(pipefd[0]);
		setsid();
		if (chdir("/") < 0 || detach_stdio(cfg->name) < 0) {
			dprintf(pipefd[1], "%s: log: %s", cfg->name, strerror(errno));
			_exit(CONTAINER_EXIT_FAILED);
		}
		_exit(monitor(cfg, true, atoll, pipefd[1]));
	}
	close(pipefd[1]);
	while (len < sizeof(msg) - 1 && (n = read(pipefd[0], msg + len, sizeof(msg) - 1 - len)) > 0)
		len += (size_t)n;
	msg[len] = '\0';
	close(pipefd[0]);
	if (strcmp(msg, "ok") == 0) {
		printf("%s\n", cfg->name);
		return 0;
	}
	launcher_warn("%s", msg[0] ? msg : "the monitor ended before the container started");
	waitpid(pid, NULL, 0);
	return CONTAINER_EXIT_FAILED;
}

int launcher_run(struct container_config *cfg, bool detach)
{
	char why[256], staging[1024];
	struct container_record live;
	bool atoll = launcher_atoll_kernel(why, sizeof(why));

	if (!atoll && (cfg->jail || cfg->max_pids || cfg->max_memory)) {
		launcher_warn("jail and limits need the Atoll kernel; this kernel refused (%s)", why);
		launcher_warn("%s: to run without them, set 'jail = no' in [isolation] and remove [limits]", cfg->file);
		return CONTAINER_EXIT_USAGE;
	}
	if (record_claim(cfg->name, &live) < 0) {
		if (errno == EEXIST) {
			if (live.pid > 0)
				fprintf(stderr, "%s:%d: a container named '%s' is already running (init PID %d)\n",
					cfg->file, cfg->name_line, cfg->name, (int)live.pid);
			else
				fprintf(stderr, "%s:%d: a container named '%s' is being started\n", cfg->file,
					cfg->name_line, cfg->name);
			record_free(&live);
			return CONTAINER_EXIT_USAGE;
		}
		launcher_warn_errno("%s/%s", record_base(), cfg->name);
		return CONTAINER_EXIT_FAILED;
	}
	record_path(staging, sizeof(staging), cfg->name, "root");
	if (mkdir(staging, 0700) < 0) {
		launcher_warn_errno("%s", staging);
		record_remove(cfg->name);
		return CONTAINER_EXIT_FAILED;
	}
	fflush(NULL);
	if (detach)
		return run_detached(cfg, atoll);
	return monitor(cfg, false, atoll, -1);
}
