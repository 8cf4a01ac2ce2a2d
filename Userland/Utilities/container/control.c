/*
 * `container list`, `stop` and `exec`: the subcommands that work on a running
 * container through its record (record.c) rather than a configuration.
 *
 * stop   SIGTERM to the container's init (which passes it to the command), then
 *        SIGKILL after the timeout. SIGKILL to a PID namespace's init from outside
 *        always goes through, and its death kills the whole namespace, so a
 *        command that ignores SIGTERM costs the timeout and no more.
 * exec   enters the container's namespaces with setns() through
 *        /proc/PID/ns/{uts,pid,mnt} (or its root with chroot when it has no mount
 *        namespace), joins the kernel's container object on Atoll so its limits
 *        bind the newcomer, takes the jail, and forks: after setns(CLONE_NEWPID)
 *        only children are in the namespace. The child runs the command as the
 *        container's user, with its environment and workdir; when the caller's
 *        stdin and stdout are terminals it gets a pseudo-terminal from the
 *        container's /dev/ptmx (pty.c).
 * list   one line a container; records whose init is gone while they still say
 *        "running" (a launcher killed with SIGKILL) are removed on the way.
 */
#define _GNU_SOURCE
#include "launcher.h"

#include <API/atoll.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void format_uptime(time_t seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds >= 3600)
		snprintf(buf, size, "%lldh%02lldm", (long long)seconds / 3600, (long long)seconds / 60 % 60);
	else if (seconds >= 60)
		snprintf(buf, size, "%lldm%02llds", (long long)seconds / 60, (long long)seconds % 60);
	else
		snprintf(buf, size, "%llds", (long long)seconds);
}

static void list_one(const char *name)
{
	struct container_record r;
	char uptime[32] = "-", status[16] = "-";

	if (record_read(name, &r) < 0) {
		printf("%-20s %-8s %-8s %-40s %-8s %s\n", name, "-", "starting", "-", "-", "-");
		return;
	}
	if (r.running && !record_alive(&r)) {
		record_free(&r);
		record_remove(name); /* stale: its launcher was killed */
		return;
	}
	if (r.running)
		format_uptime(time(NULL) - r.started, uptime, sizeof(uptime));
	else
		snprintf(status, sizeof(status), "%d", r.status);
	printf("%-20s %-8d %-8s %-40s %-8s %s\n", r.name, (int)r.pid, r.running ? "running" : "exited", r.root, uptime,
		status);
	record_free(&r);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int control_list(void)
{
	DIR *d = opendir(record_base());
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	printf("%-20s %-8s %-8s %-40s %-8s %s\n", "NAME", "PID", "STATE", "ROOT", "UPTIME", "STATUS");
	if (!d)
		return errno == ENOENT ? 0 : (launcher_warn_errno("%s", record_base()), 1);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = config_realloc(names, (n + 1) * sizeof(char *));
		names[n++] = config_strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), compare_names);
	for (size_t i = 0; i < n; i++) {
		list_one(names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* Waits up to `ms` for `r`'s init to be gone; returns whether it is. */
static bool wait_gone(const struct container_record *r, int ms)
{
	for (int waited = 0; waited < ms; waited += 20) {
		if (!record_alive(r))
			return true;
		usleep(20 * 1000);
	}
	return !record_alive(r);
}

int control_stop(const char *name, int timeout_seconds)
{
	struct container_record r;

	if (record_read(name, &r) < 0) {
		launcher_warn("no container named '%s'", name);
		return 1;
	}
	if (!record_alive(&r)) {
		if (r.running)
			launcher_warn("%s was no longer running (its launcher was killed); record removed", name);
		else
			launcher_warn("%s had already exited with status %d; record removed", name, r.status);
		record_free(&r);
		record_remove(name);
		return 0;
	}
	if (kill(r.pid, SIGTERM) < 0) {
		launcher_warn_errno("%s: SIGTERM to init (PID %d)", name, (int)r.pid);
		record_free(&r);
		return 1;
	}
	if (!wait_gone(&r, timeout_seconds * 1000)) {
		kill(r.pid, SIGKILL);
		if (!wait_gone(&r, 5000)) {
			launcher_warn("%s: init (PID %d) survived SIGKILL", name, (int)r.pid);
			record_free(&r);
			return 1;
		}
	}
	record_free(&r);
	return 0;
}

/* Joins the namespace `type` ("pid", "mnt", "uts") of `pid`; -1 after a message. */
static int join_ns(pid_t pid, const char *type, int nstype)
{
	char path[64];
	int fd, rc;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		launcher_warn_errno("%s", path);
		return -1;
	}
	rc = setns(fd, nstype);
	if (rc < 0)
		launcher_warn_errno("setns %s", path);
	close(fd);
	return rc;
}

static int enter_root(const struct container_record *r)
{
	char path[64];
	int fd;

	if (r->ns_mount)
		return join_ns(r->pid, "mnt", CLONE_NEWNS);
	snprintf(path, sizeof(path), "/proc/%d/root", (int)r->pid);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fchdir(fd) < 0 || chroot(".") < 0) {
		launcher_warn_errno("enter %s", path);
		return -1;
	}
	close(fd);
	return 0;
}

/* setns and the Atoll steps, in the order that keeps each one possible. */
static int enter_container(const struct container_record *r)
{
	char why[256];

	if (r->ns_uts && join_ns(r->pid, "uts", CLONE_NEWUTS) < 0)
		return -1;
	if (r->ns_pid && join_ns(r->pid, "pid", CLONE_NEWPID) < 0)
		return -1;
	if (enter_root(r) < 0)
		return -1;
	if (!launcher_atoll_kernel(why, sizeof(why))) {
		if (r->jail || r->atoll_id) {
			launcher_warn("jail and limits need the Atoll kernel; this kernel refused (%s)", why);
			return -1;
		}
		return 0;
	}
	if (syscall(ATOLL_SYS_container_join, (int)r->atoll_id) < 0) {
		launcher_warn_errno("atoll_container_join(%ld)", r->atoll_id);
		return -1;
	}
	if (r->jail && prctl(ATOLL_PR_SET_JAIL, ATOLL_JAIL_UNTIL_EXIT, 0, 0, 0) < 0) {
		launcher_warn_errno("prctl(ATOLL_PR_SET_JAIL, UNTIL_EXIT)");
		return -1;
	}
	return 0;
}

static volatile pid_t control_child;

static void forward(int sig)
{
	if (control_child > 0)
		kill(control_child, sig);
}

/* Waits for `child`, relaying its pty first when there is one. */
static int exec_wait(const char *name, pid_t child, int errfd, int master)
{
	char msg[1200];
	ssize_t n = read(errfd, msg, sizeof(msg) - 1);
	int status = 0;

	close(errfd);
	if (master >= 0) {
		if (n <= 0)
			pty_relay(master);
		else
			close(master);
	}
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (n > 0) {
		msg[n] = '\0';
		launcher_warn("%s: %s", name, msg);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int control_exec(const char *name, char **argv)
{
	struct container_record r;
	int pipefd[2], status, master = -1;
	pid_t child;

	if (record_read(name, &r) < 0 || !record_alive(&r)) {
		launcher_warn("no running container named '%s'", name);
		return CONTAINER_EXIT_FAILED;
	}
	if (enter_container(&r) < 0 || pipe2(pipefd, O_CLOEXEC) < 0) {
		record_free(&r);
		return CONTAINER_EXIT_FAILED;
	}
	if (isatty(0) && isatty(1))
		master = pty_open(name);
	child = fork();
	if (child == 0) {
		close(pipefd[0]);
		if (master >= 0)
			pty_attach(master, pipefd[1]);
		init_exec_command(argv, r.env, r.uid, r.gid, r.workdir, pipefd[1]);
	}
	close(pipefd[1]);
	if (child < 0) {
		launcher_warn_errno("fork");
		close(pipefd[0]);
		record_free(&r);
		return CONTAINER_EXIT_FAILED;
	}
	control_child = child;
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	status = exec_wait(name, child, pipefd[0], master);
	record_free(&r);
	return status;
}
