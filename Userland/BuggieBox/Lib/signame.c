/*
 * The signal table. Linux's numbers on x86_64 (signal(7)); musl's <signal.h> has
 * the same values, and the table is indexed by number so signame_name() is a load.
 * Aliases (IOT, CLD, POLL) are accepted by name but never printed.
 */
#include "signame.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = {
	[SIGHUP] = "HUP",     [SIGINT] = "INT",       [SIGQUIT] = "QUIT",   [SIGILL] = "ILL",
	[SIGTRAP] = "TRAP",   [SIGABRT] = "ABRT",     [SIGBUS] = "BUS",     [SIGFPE] = "FPE",
	[SIGKILL] = "KILL",   [SIGUSR1] = "USR1",     [SIGSEGV] = "SEGV",   [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE",   [SIGALRM] = "ALRM",     [SIGTERM] = "TERM",   [SIGSTKFLT] = "STKFLT",
	[SIGCHLD] = "CHLD",   [SIGCONT] = "CONT",     [SIGSTOP] = "STOP",   [SIGTSTP] = "TSTP",
	[SIGTTIN] = "TTIN",   [SIGTTOU] = "TTOU",     [SIGURG] = "URG",     [SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ",   [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF",   [SIGWINCH] = "WINCH",
	[SIGIO] = "POLL",     [SIGPWR] = "PWR",       [SIGSYS] = "SYS",
};

static const struct {
	const char *name;
	int sig;
} aliases[] = { { "IOT", SIGABRT }, { "CLD", SIGCHLD }, { "IO", SIGIO } };

/* "RTMIN", "RTMIN+N", "RTMAX", "RTMAX-N" -> number, or -1. */
static int realtime_number(const char *s)
{
	char *end;
	long off = 0;
	int base;

	if (strncasecmp(s, "RTMIN", 5) == 0)
		base = SIGRTMIN;
	else if (strncasecmp(s, "RTMAX", 5) == 0)
		base = SIGRTMAX;
	else
		return -1;
	s += 5;
	if (*s) {
		if ((base == SIGRTMIN && *s != '+') || (base == SIGRTMAX && *s != '-'))
			return -1;
		off = strtol(s, &end, 10);
		if (*end || end == s + 1)
			return -1;
	}
	base += (int)off;
	return base >= SIGRTMIN && base <= SIGRTMAX ? base : -1;
}

int signame_number(const char *name)
{
	char *end;

	if (*name >= '0' && *name <= '9') {
		long n = strtol(name, &end, 10);
		return *end || n < 0 || n > SIGNAME_MAX ? -1 : (int)n;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (int i = 1; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (names[i] && strcasecmp(name, names[i]) == 0)
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(name, aliases[i].name) == 0)
			return aliases[i].sig;
	return realtime_number(name);
}

const char *signame_name(int sig)
{
	if (sig <= 0 || sig >= (int)(sizeof(names) / sizeof(names[0])))
		return NULL;
	return names[sig];
}
