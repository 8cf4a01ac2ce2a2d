/*
 * procfs parsers. Each reader opens one file, reads it whole (procfs files have
 * st_size 0, so we read until EOF) and parses the text as proc(5) lays it out:
 *
 *   /proc/<pid>/stat     "pid (comm) state ppid pgrp session tty_nr tpgid flags
 *                         minflt cminflt majflt cmajflt utime stime cutime cstime
 *                         priority nice num_threads itrealvalue starttime vsize rss ..."
 *                        comm may itself hold spaces and ')', so it ends at the LAST ')'.
 *   /proc/<pid>/status   "Key:\tvalue" lines; we need "Uid:" and "Gid:" (real, effective,
 *                        saved, fs) and, if present, "VmLck:" (kB).
 *   /proc/<pid>/cmdline  the argv strings, each NUL-terminated; empty for kernel threads.
 *   /proc/meminfo        "Key:   <number> kB" lines.
 *   /proc/uptime         "<seconds since boot> <idle seconds>".
 *
 * When status cannot be read or lacks Uid/Gid, the owner of /proc/<pid> stands in.
 * A process may exit between readdir and open; callers see ENOENT (or ESRCH) and
 * skip it. Nothing here caches.
 */
#include "procfs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *procfs_slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 4096, n = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			free(buf);
			close(fd);
			errno = err;
			return NULL;
		}
		if (r == 0) {
			buf[n] = '\0';
			close(fd);
			if (len)
				*len = n;
			return buf;
		}
		n += (size_t)r;
	}
	free(buf);
	close(fd);
	errno = ENOMEM;
	return NULL;
}

int procfs_parse_stat(const char *text, struct procfs_proc *p)
{
	const char *open_paren = strchr(text, '(');
	const char *close_paren = strrchr(text, ')');
	unsigned long long utime, stime, start, vsize;
	long long rss;
	size_t n;

	if (!open_paren || !close_paren || close_paren < open_paren)
		goto bad;
	p->pid = atoi(text);
	n = (size_t)(close_paren - open_paren - 1);
	if (n >= sizeof(p->comm))
		n = sizeof(p->comm) - 1;
	memcpy(p->comm, open_paren + 1, n);
	p->comm[n] = '\0';
	/* Fields 3.. after ") ". Fields we skip are read with %*s. */
	if (sscanf(close_paren + 1,
		   " %c %d %d %d %d %d %*s %*s %*s %*s %*s %llu %llu %*s %*s %ld %ld %ld %*s %llu %llu %lld",
		   &p->state, &p->ppid, &p->pgrp, &p->session, &p->tty_nr, &p->tpgid, &utime, &stime,
		   &p->priority, &p->nice, &p->num_threads, &start, &vsize, &rss) != 14)
		goto bad;
	p->utime = utime;
	p->stime = stime;
	p->starttime = start;
	p->vsize = vsize;
	p->rss = rss;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* Reads "Uid:" and "Gid:" from status text. Returns 0, or -1 if either is missing. */
static int parse_status_ids(const char *text, struct procfs_proc *p)
{
	const char *u = strstr(text, "\nUid:");
	const char *g = strstr(text, "\nGid:");
	unsigned r, e;

	if (!u || sscanf(u + 5, "%u %u", &r, &e) != 2)
		return -1;
	p->ruid = r, p->euid = e;
	if (!g || sscanf(g + 5, "%u %u", &r, &e) != 2)
		return -1;
	p->rgid = r, p->egid = e;
	const char *lck = strstr(text, "\nVmLck:");
	p->locked_kb = lck ? strtoll(lck + 7, NULL, 10) : 0;
	return 0;
}

/*
 * Without a usable status file, the ids come from the owner of /proc/<pid>, which
 * Linux sets to the process's effective uid and gid (real ids then unknown: the
 * effective ones stand in). Returns 0 or -1 with errno set.
 */
static int owner_ids(int pid, struct procfs_proc *p)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", pid);
	if (stat(path, &st) < 0)
		return -1;
	p->ruid = p->euid = st.st_uid;
	p->rgid = p->egid = st.st_gid;
	return 0;
}

/* cmdline's argv strings joined with spaces; "" for an empty cmdline. */
static char *read_args(int pid)
{
	char path[64];
	size_t len = 0;
	char *buf;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	buf = procfs_slurp(path, &len);
	if (!buf)
		return strdup("");
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	return buf;
}

int procfs_read_proc(int pid, struct procfs_proc *p)
{
	char path[64];
	char *text;
	int rc;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	text = procfs_slurp(path, NULL);
	if (!text)
		return -1;
	rc = procfs_parse_stat(text, p);
	free(text);
	if (rc < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	text = procfs_slurp(path, NULL);
	rc = text ? parse_status_ids(text, p) : -1;
	free(text);
	if (rc < 0 && owner_ids(pid, p) < 0)
		return -1;
	p->args = read_args(pid);
	return p->args ? 0 : -1;
}

void procfs_proc_free(struct procfs_proc *p)
{
	free(p->args);
	p->args = NULL;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* All numeric entries of /proc, sorted, into a malloc'd array. */
static int *list_pids(size_t *count)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t n = 0, cap = 256;
	int *pids;

	if (!d)
		return NULL;
	pids = malloc(cap * sizeof(*pids));
	while (pids && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (n == cap) {
			int *bigger = realloc(pids, 2 * cap * sizeof(*pids));
			if (!bigger) {
				free(pids);
				pids = NULL;
				break;
			}
			pids = bigger;
			cap *= 2;
		}
		pids[n++] = atoi(de->d_name);
	}
	closedir(d);
	if (!pids) {
		errno = ENOMEM;
		return NULL;
	}
	qsort(pids, n, sizeof(*pids), cmp_int);
	*count = n;
	return pids;
}

int procfs_each_pid(int (*fn)(int pid, void *arg), void *arg)
{
	size_t n = 0;
	int *pids = list_pids(&n);
	int rc = 0;

	if (!pids)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(pids[i], arg);
	free(pids);
	return rc;
}

int64_t procfs_meminfo_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *line = text; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, key, klen) == 0 && line[klen] == ':')
			return strtoll(line + klen + 1, NULL, 10);
	}
	return -1;
}

int procfs_uptime(double *seconds)
{
	char *text = procfs_slurp("/proc/uptime", NULL);
	int ok;

	if (!text)
		return -1;
	ok = sscanf(text, "%lf", seconds) == 1;
	free(text);
	if (!ok) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

char *procfs_tty_name(int tty_nr, char *buf, size_t len)
{
	unsigned major = ((unsigned)tty_nr >> 8) & 0xfff;
	unsigned minor = ((unsigned)tty_nr & 0xff) | (((unsigned)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, len, "?");
	else if (major == 4 && minor < 64)
		snprintf(buf, len, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, len, "ttyS%u", minor - 64);
	else if (major >= 136 && major <= 143)
		snprintf(buf, len, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 5 && minor == 1)
		snprintf(buf, len, "console");
	else
		snprintf(buf, len, "%u,%u", major, minor);
	return buf;
}
