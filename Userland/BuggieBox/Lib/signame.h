/*
 * Signal names and numbers (Linux x86_64 numbering), for kill, pgrep and the
 * shell's trap: "HUP", "SIGHUP" and "1" all name signal 1.
 */
#pragma once

/* The number of the signal named NAME ("TERM", "SIGTERM", "term", "15",
 * "RTMIN+2"), or -1 if NAME names none. "0" gives 0 (kill -0 only checks). */
int signame_number(const char *name);

/* The short name of signal SIG ("TERM"), or NULL for an unknown number. Real-time
 * signals are not named (the caller prints their number). */
const char *signame_name(int sig);

/* The highest signal number (64 on Linux). */
#define SIGNAME_MAX 64
