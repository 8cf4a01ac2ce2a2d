/*
 * Traps. A trapped signal's handler only sets a flag; the action runs later,
 * between commands (exec_list) or when `wait` is interrupted, so actions never
 * run in the middle of the shell changing its own state. Handlers are installed
 * without SA_RESTART so that a blocking waitpid() returns to let `wait` react.
 *
 * The EXIT action runs once, from sh_exit(). Subshells forget command actions
 * (POSIX) but keep ignored signals ignored.
 *
 * An interactive shell also catches SIGINT itself: ^C while the shell runs a
 * loop of builtins abandons the command line and returns to the prompt.
 */
#include "trap.h"
#include "exec.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NSIGS 65

static char *actions[NSIGS];
static volatile sig_atomic_t pending[NSIGS];
static volatile sig_atomic_t any_pending;
static volatile sig_atomic_t last_signal;
volatile int trap_interrupted;

static const struct {
	const char *name;
	int sig;
} signames[] = {
	{ "EXIT", 0 }, { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "SYS", SIGSYS },
};

static void on_signal(int sig)
{
	pending[sig] = 1;
	any_pending = 1;
	last_signal = sig;
	if (sig == SIGINT)
		trap_interrupted = 1;
}

static void catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void trap_init(void)
{
	if (sh.interactive)
		catch(SIGINT);
}

int trap_signum(const char *name)
{
	long n;

	if (sh_parse_int(name, &n) == 0)
		return n >= 0 && n < NSIGS ? (int)n : -1;
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (size_t i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (strcasecmp(name, signames[i].name) == 0)
			return signames[i].sig;
	return -1;
}

static const char *signame(int sig)
{
	for (size_t i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	return "?";
}

void trap_raise(int sig)
{
	on_signal(sig);
}

int trap_pending(void)
{
	return any_pending;
}

int trap_last_signal(void)
{
	return last_signal;
}

static void run_action(int sig)
{
	int saved = sh.status;
	char *a = xstrdup(actions[sig]);

	exec_string(a, sh.lineno);
	free(a);
	sh.status = saved;
}

void trap_run_pending(void)
{
	if (!any_pending)
		return;
	any_pending = 0;
	for (int sig = 1; sig < NSIGS; sig++) {
		if (!pending[sig])
			continue;
		pending[sig] = 0;
		if (actions[sig] && *actions[sig]) {
			run_action(sig);
		} else if (sig == SIGINT && sh.interactive && sh.on_error) {
			trap_interrupted = 0;
			fputc('\n', stderr);
			sh.status = 130;
			longjmp(*sh.on_error, 1);
		}
	}
}

void trap_run_exit(void)
{
	char *a = actions[0];

	if (!a)
		return;
	actions[0] = NULL;
	int saved = sh.status;
	exec_string(a, sh.lineno);
	sh.status = saved;
	free(a);
}

void trap_reset_for_subshell(void)
{
	for (int sig = 0; sig < NSIGS; sig++) {
		if (!actions[sig] || !*actions[sig])
			continue;
		free(actions[sig]);
		actions[sig] = NULL;
		if (sig)
			signal(sig, SIG_DFL);
	}
	any_pending = 0;
}

static void set_action(int sig, const char *action)
{
	free(actions[sig]);
	actions[sig] = action ? xstrdup(action) : NULL;
	if (sig == 0)
		return;
	if (!action && sig == SIGINT && sh.interactive)
		catch(SIGINT);
	else if (!action)
		signal(sig, SIG_DFL);
	else if (!*action)
		signal(sig, SIG_IGN);
	else
		catch(sig);
}

static void print_traps(void)
{
	for (int sig = 0; sig < NSIGS; sig++) {
		if (!actions[sig])
			continue;
		printf("trap -- '");
		for (const char *p = actions[sig]; *p; p++)
			fputs(*p == '\'' ? "'\\''" : (char[]){ *p, 0 }, stdout);
		printf("' %s\n", signame(sig));
	}
}

int trap_builtin(int argc, char **argv)
{
	int i = 1, st = 0;
	const char *action;
	long n;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		print_traps();
		return 0;
	}
	action = argv[i];
	if (strcmp(action, "-") == 0 || sh_parse_int(action, &n) == 0) {
		if (strcmp(action, "-") == 0)
			i++;
		action = NULL;
	} else {
		i++;
	}
	for (; i < argc; i++) {
		int sig = trap_signum(argv[i]);
		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			sh_warn("trap: %s: bad trap", argv[i]);
			st = 1;
			continue;
		}
		set_action(sig, action);
	}
	return st;
}
