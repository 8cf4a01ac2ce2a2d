/*
 * Reading Linux's procfs: /proc/<pid>/{stat,status,cmdline}, /proc/meminfo,
 * /proc/uptime and /proc/loadavg, in the formats proc(5) documents. ps, pgrep,
 * free and uptime share these parsers; Atoll's procfs produces the same text.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One process, as /proc/<pid>/stat and /proc/<pid>/status describe it. */
struct procfs_proc {
	int pid, ppid, pgrp, session, tty_nr, tpgid;
	char state;                      /* R S D Z T t X I ... */
	char comm[64];                   /* between the parentheses of stat */
	uint64_t utime, stime;           /* clock ticks */
	uint64_t starttime;              /* clock ticks after boot */
	long priority, nice, num_threads;
	uint64_t vsize;                  /* bytes */
	int64_t rss;                     /* pages */
	uid_t ruid, euid;                /* status "Uid:" fields 1 and 2 */
	gid_t rgid, egid;                /* status "Gid:" fields 1 and 2 */
	int64_t locked_kb;               /* status "VmLck:", 0 when absent */
	char *args;                      /* cmdline, NULs turned into spaces; malloc'd,
					  * "" for kernel threads and zombies */
};

/*
 * Reads all of PATH into a malloc'd, NUL-terminated buffer (procfs files report
 * size 0, so it reads until EOF). Returns the buffer and its length in *LEN (may
 * be NULL), or NULL with errno set.
 */
char *procfs_slurp(const char *path, size_t *len);

/* Fills *P from /proc/PID/{stat,status,cmdline}. Returns 0, or -1 with errno set
 * (ENOENT when the process is gone). Free with procfs_proc_free(). */
int procfs_read_proc(int pid, struct procfs_proc *p);
void procfs_proc_free(struct procfs_proc *p);

/* Parses the text of /proc/<pid>/stat into *P (the stat fields only). Returns 0 or
 * -1 (errno EINVAL) if it is malformed. */
int procfs_parse_stat(const char *text, struct procfs_proc *p);

/*
 * Calls FN(pid, ARG) for every numeric entry of /proc in ascending order; stops
 * early when FN returns nonzero and returns that value. Returns -1 with errno set
 * if /proc cannot be read.
 */
int procfs_each_pid(int (*fn)(int pid, void *arg), void *arg);

/* The value of KEY ("MemTotal") in /proc/meminfo text, in kB; -1 if absent. */
int64_t procfs_meminfo_value(const char *text, const char *key);

/* Seconds since boot from /proc/uptime. Returns 0 or -1 with errno set. */
int procfs_uptime(double *seconds);

/* The name of a tty from its stat tty_nr (dev_t), e.g. "pts/3", "tty1", "ttyS0";
 * "?" for none. Writes into BUF and returns it. */
char *procfs_tty_name(int tty_nr, char *buf, size_t len);
