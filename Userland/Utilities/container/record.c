/*
 * Container records: one folder per container under /run/containers (or
 * $CONTAINER_RUN_DIR), holding
 *   state   "key=value" lines written by the monitor (run.c), replaced atomically
 *           (written to state.new, then renamed);
 *   log     the output of a detached container;
 *   root    the empty directory the container's root was mounted on.
 *
 * The folder itself is the lock on the name: mkdir() either makes it or finds a
 * container of that name. A record whose init is gone while it still says
 * "running" is stale (its launcher was killed with SIGKILL, which kills the
 * container through PR_SET_PDEATHSIG); record_claim() and `list` remove those.
 * An init PID is checked against its start time so that a reused PID is not
 * mistaken for the container.
 */
#include "launcher.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *record_base(void)
{
	const char *base = getenv("CONTAINER_RUN_DIR");

	return base && *base ? base : "/run/containers";
}

void record_path(char *buf, size_t size, const char *name, const char *file)
{
	if (file)
		snprintf(buf, size, "%s/%s/%s", record_base(), name, file);
	else
		snprintf(buf, size, "%s/%s", record_base(), name);
}

unsigned long long record_start_ticks(pid_t pid)
{
	char path[64], buf[1024], *s;
	unsigned long long ticks = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	s = strrchr(buf, ')'); /* the command name may hold anything but ends at the last ')' */
	if (!s || s[1] != ' ' || s[2] == 'Z' || s[2] == 'X')
		return 0; /* a zombie has finished */
	/* After ')' come fields 3 (state) .. ; starttime is field 22. */
	s += 2;
	for (int field = 3; field < 22 && s; field++) {
		s = strchr(s, ' ');
		if (s)
			s++;
	}
	if (s)
		ticks = strtoull(s, NULL, 10);
	return ticks;
}

bool record_alive(const struct container_record *r)
{
	return r->running && r->pid > 0 && record_start_ticks(r->pid) == r->start_ticks;
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char child[1024];

	if (d) {
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
			if (e->d_type == DT_DIR)
				remove_tree(child);
			else
				unlink(child);
		}
		closedir(d);
	}
	rmdir(path);
}

void record_remove(const char *name)
{
	char path[1024];

	record_path(path, sizeof(path), name, NULL);
	remove_tree(path);
}

/* A folder with no state yet belongs to a launcher still starting, unless it is
 * old enough for that launcher to have died. */
static bool record_young(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && time(NULL) - st.st_mtime < 30;
}

/* mkdir that accepts an existing directory. It checks with stat as well as EEXIST:
 * a kernel may report EROFS before EEXIST for a directory that already exists on a
 * read-only file system (/run on Atoll's read-only EROFS root is a mount point). */
static int ensure_dir(const char *path, mode_t mode)
{
	struct stat st;
	int err;

	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	err = errno;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	errno = err;
	return -1;
}

int record_claim(const char *name, struct container_record *live)
{
	char path[1024];

	if (ensure_dir("/run", 0755) < 0)
		return -1;
	if (ensure_dir(record_base(), 0700) < 0)
		return -1;
	record_path(path, sizeof(path), name, NULL);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (mkdir(path, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
		if (record_read(name, live) == 0 ? record_alive(live) : record_young(path)) {
			errno = EEXIST;
			return -1;
		}
		record_free(live);
		record_remove(name); /* exited, or stale */
	}
	errno = EEXIST;
	return -1;
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

int record_write(const struct container_record *r)
{
	char path[1024], tmp[1024];
	FILE *f;

	record_path(path, sizeof(path), r->name, "state");
	record_path(tmp, sizeof(tmp), r->name, "state.new");
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	fprintf(f, "name=%s\npid=%d\nmonitor=%d\nstart_ticks=%llu\nstarted=%lld\nroot=%s\n", r->name, (int)r->pid,
		(int)r->monitor, r->start_ticks, (long long)r->started, r->root);
	fprintf(f, "state=%s\nstatus=%d\ndetached=%s\n", r->running ? "running" : "exited", r->status, yes_no(r->detached));
	fprintf(f, "pidns=%s\nmntns=%s\nutsns=%s\njail=%s\natoll_id=%ld\n", yes_no(r->ns_pid), yes_no(r->ns_mount),
		yes_no(r->ns_uts), yes_no(r->jail), r->atoll_id);
	fprintf(f, "uid=%u\ngid=%u\nworkdir=%s\n", (unsigned)r->uid, (unsigned)r->gid, r->workdir);
	for (size_t i = 0; r->env && r->env[i]; i++)
		fprintf(f, "env=%s\n", r->env[i]);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

static void record_field(struct container_record *r, const char *key, const char *v, size_t *nenv)
{
	if (strcmp(key, "name") == 0)
		snprintf(r->name, sizeof(r->name), "%s", v);
	else if (strcmp(key, "pid") == 0)
		r->pid = atoi(v);
	else if (strcmp(key, "monitor") == 0)
		r->monitor = atoi(v);
	else if (strcmp(key, "start_ticks") == 0)
		r->start_ticks = strtoull(v, NULL, 10);
	else if (strcmp(key, "started") == 0)
		r->started = (time_t)strtoll(v, NULL, 10);
	else if (strcmp(key, "root") == 0)
		snprintf(r->root, sizeof(r->root), "%s", v);
	else if (strcmp(key, "state") == 0)
		r->running = strcmp(v, "running") == 0;
	else if (strcmp(key, "status") == 0)
		r->status = atoi(v);
	else if (strcmp(key, "detached") == 0)
		r->detached = strcmp(v, "yes") == 0;
	else if (strcmp(key, "pidns") == 0)
		r->ns_pid = strcmp(v, "yes") == 0;
	else if (strcmp(key, "mntns") == 0)
		r->ns_mount = strcmp(v, "yes") == 0;
	else if (strcmp(key, "utsns") == 0)
		r->ns_uts = strcmp(v, "yes") == 0;
	else if (strcmp(key, "jail") == 0)
		r->jail = strcmp(v, "yes") == 0;
	else if (strcmp(key, "atoll_id") == 0)
		r->atoll_id = atol(v);
	else if (strcmp(key, "uid") == 0)
		r->uid = (uint32_t)strtoul(v, NULL, 10);
	else if (strcmp(key, "gid") == 0)
		r->gid = (uint32_t)strtoul(v, NULL, 10);
	else if (strcmp(key, "workdir") == 0)
		snprintf(r->workdir, sizeof(r->workdir), "%s", v);
	else if (strcmp(key, "env") == 0) {
		r->env = config_realloc(r->env, (*nenv + 2) * sizeof(char *));
		r->env[(*nenv)++] = config_strdup(v);
		r->env[*nenv] = NULL;
	}
}

int record_read(const char *name, struct container_record *r)
{
	char path[1024], *line = NULL;
	size_t cap = 0, nenv = 0;
	ssize_t n;
	FILE *f;

	memset(r, 0, sizeof(*r));
	record_path(path, sizeof(path), name, "state");
	f = fopen(path, "re");
	if (!f)
		return -1;
	while ((n = getline(&line, &cap, f)) > 0) {
		char *eq = strchr(line, '=');

		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!eq)
			continue;
		*eq = '\0';
		record_field(r, line, eq + 1, &nenv);
	}
	free(line);
	fclose(f);
	return 0;
}

void record_free(struct container_record *r)
{
	for (size_t i = 0; r->env && r->env[i]; i++)
		free(r->env[i]);
	free(r->env);
	r->env = NULL;
}
