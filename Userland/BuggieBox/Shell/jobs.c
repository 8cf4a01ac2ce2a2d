/*
 * Jobs: the processes started by one pipeline, background command or subshell.
 *
 * Every child the shell waits for is registered here, so a waitpid(-1) that
 * reaps somebody else's child still records its status where `wait` or `jobs`
 * will find it. With job control on (an interactive shell on a terminal), each
 * job is its own process group; the foreground job owns the terminal
 * (tcsetpgrp) while it runs, so ^C and ^Z reach the job and not the shell, and
 * the shell takes the terminal back when the job exits or stops.
 *
 * Background jobs stay in the table after they finish until they are reported
 * (interactive prompt, `jobs`) or waited for, because `wait $!` must be able to
 * return the status of a job that ended long ago.
 */
#include "exec.h"
#include "trap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

enum { P_RUNNING, P_DONE, P_STOPPED };

struct job {
	int id;
	pid_t pgid;
	int n;
	pid_t *pids;
	int *wstatus;
	int *state;
	char *cmd;
	int bg;
	struct job *next;
};

static struct job *jobs;
static struct termios shell_modes;
static int have_modes;

int status_of(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	if (WIFSTOPPED(ws))
		return 128 + WSTOPSIG(ws);
	return 0;
}

struct job *job_add(pid_t pgid, const pid_t *pids, int n, const char *cmd, int bg)
{
	struct job *j = xmalloc(sizeof(*j)), **pp = &jobs;
	int id = 1;

	for (struct job *k = jobs; k; k = k->next)
		if (k->id >= id)
			id = k->id + 1;
	j->id = id;
	j->pgid = pgid;
	j->n = n;
	j->pids = xmalloc(n * sizeof(pid_t));
	j->wstatus = xmalloc(n * sizeof(int));
	j->state = xmalloc(n * sizeof(int));
	for (int i = 0; i < n; i++) {
		j->pids[i] = pids[i];
		j->wstatus[i] = 0;
		j->state[i] = P_RUNNING;
	}
	j->cmd = xstrdup(cmd);
	j->bg = bg;
	j->next = NULL;
	while (*pp)
		pp = &(*pp)->next;
	*pp = j;
	if (bg && sh.interactive) {
		fprintf(stderr, "[%d] %d\n", j->id, (int)pids[n - 1]);
	}
	return j;
}

static void job_free(struct job *j)
{
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	free(j->pids);
	free(j->wstatus);
	free(j->state);
	free(j->cmd);
	free(j);
}

static void record(pid_t pid, int ws)
{
	for (struct job *j = jobs; j; j = j->next)
		for (int i = 0; i < j->n; i++)
			if (j->pids[i] == pid) {
				j->wstatus[i] = ws;
				j->state[i] = WIFSTOPPED(ws) ? P_STOPPED : WIFCONTINUED(ws) ? P_RUNNING : P_DONE;
				return;
			}
}

static int job_running(struct job *j)
{
	for (int i = 0; i < j->n; i++)
		if (j->state[i] == P_RUNNING)
			return 1;
	return 0;
}

static int job_stopped(struct job *j)
{
	for (int i = 0; i < j->n; i++)
		if (j->state[i] == P_STOPPED)
			return 1;
	return 0;
}

/* The status of the last process, or with pipefail of the last one that
 * failed. */
static int job_status(struct job *j)
{
	int i = j->n - 1;

	if (sh.opt_pipefail)
		while (i > 0 && status_of(j->wstatus[i]) == 0)
			i--;
	return status_of(j->wstatus[i]);
}

/* One blocking wait; returns -1 when interrupted by a trapped signal (if
 * interruptible) or when there are no children. */
static int wait_one(int interruptible)
{
	int ws;
	pid_t pid = waitpid(-1, &ws, sh.opt_m ? WUNTRACED : 0);

	if (pid < 0) {
		if (errno == EINTR)
			return interruptible && trap_pending() ? -1 : 0;
		return -1;
	}
	record(pid, ws);
	return 0;
}

static void take_terminal_back(void)
{
	if (sh.tty_fd < 0)
		return;
	tcsetpgrp(sh.tty_fd, sh.shell_pgid);
	if (have_modes)
		tcsetattr(sh.tty_fd, TCSADRAIN, &shell_modes);
}

int job_wait_fg(struct job *j)
{
	int st;

	while (job_running(j))
		if (wait_one(0) < 0)
			break;
	take_terminal_back();
	if (job_stopped(j)) {
		j->bg = 1;
		fprintf(stderr, "\n[%d]+  Stopped                 %s\n", j->id, j->cmd);
		return 128 + SIGTSTP;
	}
	st = job_status(j);
	if (WIFSIGNALED(j->wstatus[j->n - 1]) && sh.opt_m) {
		int sig = WTERMSIG(j->wstatus[j->n - 1]);
		if (sig == SIGINT)
			trap_raise(SIGINT);
		else if (sig != SIGPIPE)
			fprintf(stderr, "%s\n", strsignal(sig));
	}
	job_free(j);
	return st;
}

void jobs_reap(int report)
{
	int ws;
	pid_t pid;

	while ((pid = waitpid(-1, &ws, WNOHANG | (sh.opt_m ? WUNTRACED : 0))) > 0)
		record(pid, ws);
	if (!report || !sh.interactive)
		return;
	for (struct job *j = jobs, *next; j; j = next) {
		next = j->next;
		if (!job_running(j) && !job_stopped(j)) {
			fprintf(stderr, "[%d]+  Done                    %s\n", j->id, j->cmd);
			job_free(j);
		}
	}
}

static struct job *current_job(void)
{
	struct job *last = NULL;

	for (struct job *j = jobs; j; j = j->next)
		last = j;
	return last;
}

static struct job *find_job(const char *spec)
{
	long n;

	if (!spec || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0)
		return current_job();
	if (spec[0] == '%') {
		if (sh_parse_int(spec + 1, &n) == 0) {
			for (struct job *j = jobs; j; j = j->next)
				if (j->id == n)
					return j;
			return NULL;
		}
		for (struct job *j = jobs; j; j = j->next)
			if (strncmp(j->cmd, spec + 1, strlen(spec + 1)) == 0)
				return j;
		return NULL;
	}
	if (sh_parse_int(spec, &n) == 0)
		for (struct job *j = jobs; j; j = j->next)
			for (int i = 0; i < j->n; i++)
				if (j->pids[i] == n)
					return j;
	return NULL;
}

int jobs_spec_target(const char *spec, pid_t *target)
{
	struct job *j = find_job(spec);

	if (!j)
		return -1;
	*target = j->pgid ? -j->pgid : j->pids[j->n - 1];
	return 0;
}

int jobs_builtin(int argc, char **argv)
{
	int pflag = argc > 1 && strcmp(argv[1], "-p") == 0;

	jobs_reap(0);
	for (struct job *j = jobs, *next; j; j = next) {
		next = j->next;
		const char *state = job_running(j) ? "Running" : job_stopped(j) ? "Stopped" : "Done";
		if (pflag)
			printf("%d\n", (int)j->pids[0]);
		else
			printf("[%d]%c  %-24s%s\n", j->id, j == current_job() ? '+' : ' ', state, j->cmd);
		if (!job_running(j) && !job_stopped(j))
			job_free(j);
	}
	return 0;
}

static void job_continue(struct job *j)
{
	for (int i = 0; i < j->n; i++)
		if (j->state[i] == P_STOPPED)
			j->state[i] = P_RUNNING;
	if (j->pgid)
		kill(-j->pgid, SIGCONT);
	else
		for (int i = 0; i < j->n; i++)
			kill(j->pids[i], SIGCONT);
}

/* The job fg/bg (argv[0]) act on; NULL after a message if there is none or
 * job control is off. */
static struct job *job_to_resume(int argc, char **argv)
{
	struct job *j = find_job(argc > 1 ? argv[1] : NULL);

	if (!j) {
		sh_warn("%s: %s: no such job", argv[0], argc > 1 ? argv[1] : "current");
		return NULL;
	}
	if (!sh.opt_m) {
		sh_warn("%s: no job control", argv[0]);
		return NULL;
	}
	return j;
}

int fg_builtin(int argc, char **argv)
{
	struct job *j = job_to_resume(argc, argv);

	if (!j)
		return 1;
	printf("%s\n", j->cmd);
	fflush(stdout);
	j->bg = 0;
	tcsetpgrp(sh.tty_fd, j->pgid);
	job_continue(j);
	return job_wait_fg(j);
}

int bg_builtin(int argc, char **argv)
{
	struct job *j = job_to_resume(argc, argv);

	if (!j)
		return 1;
	j->bg = 1;
	printf("[%d] %s &\n", j->id, j->cmd);
	job_continue(j);
	return 0;
}

/* Waits until j is finished; -1 if a trapped signal interrupted. */
static int wait_job(struct job *j)
{
	while (job_running(j))
		if (wait_one(1) < 0)
			return trap_pending() ? -1 : 0;
	return 0;
}

int wait_builtin(int argc, char **argv)
{
	int st = 0;

	if (argc < 2) {
		while (jobs) {
			if (wait_job(jobs) < 0)
				return 128 + trap_last_signal();
			job_free(jobs);
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j = find_job(argv[i]);
		if (!j) {
			if (argv[i][0] == '%')
				sh_warn("wait: %s: no such job", argv[i]);
			st = 127;
			continue;
		}
		if (wait_job(j) < 0)
			return 128 + trap_last_signal();
		st = job_stopped(j) ? 128 + SIGTSTP : job_status(j);
		if (!job_stopped(j))
			job_free(j);
	}
	return st;
}

void jobs_set_pgrp(pid_t pid, pid_t pgid, int fg)
{
	setpgid(pid, pgid);
	if (fg && sh.tty_fd >= 0) {
		pid_t target = pgid ? pgid : pid ? pid : getpid();
		tcsetpgrp(sh.tty_fd, target);
	}
}

void jobs_init_interactive(void)
{
	int fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
	pid_t pg;

	if (fd < 0 || !isatty(fd)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (tcgetpgrp(fd) != (pg = getpgrp()))
		kill(-pg, SIGTTIN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	setpgid(0, 0);
	sh.shell_pgid = getpid();
	tcsetpgrp(fd, sh.shell_pgid);
	have_modes = tcgetattr(fd, &shell_modes) == 0;
	sh.tty_fd = fd;
	sh.opt_m = 1;
}
