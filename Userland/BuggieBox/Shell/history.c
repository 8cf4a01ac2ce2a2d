/*
 * The history file of an interactive shell.
 *
 * The file is $HISTFILE, or ~/.sh_history when HISTFILE is unset and HOME is
 * set (HISTFILE set to "" turns the file off). It holds one entered line per
 * text line, oldest first. The first time the line editor needs it, the shell
 * loads the file's last $HISTSIZE lines (500 when unset or not a number) into
 * the editor's history; then every line added to the history is appended to
 * the file at once, by open(O_APPEND) + one write, so several shells can share
 * a file without losing each other's lines.
 *
 * A file grown past twice $HISTSIZE is rewritten, when loaded, to hold just
 * what was loaded (a temporary file renamed over it, so a crash never leaves
 * half a file). A missing file (or directory) is not an error, nor is a home on
 * a read-only file system (a container's EROFS root: there is simply no file);
 * any other failure to read or write is reported once per shell and then ignored.
 */
#include "history.h"
#include "shell.h"
#include "vars.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HISTSIZE_DEFAULT 500

static int reported;

static void report(const char *path, int err)
{
	if (err == ENOENT || err == EROFS || reported)
		return;
	reported = 1;
	sh_warn("history file %s: %s", path, strerror(err));
}

/* The file's path (a new string), or NULL when there is none. */
static char *history_path(void)
{
	const char *file = var_get("HISTFILE"), *home = var_get("HOME");

	if (file)
		return *file ? xstrdup(file) : NULL;
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.sh_history", home);
}

size_t history_size(void)
{
	const char *v = var_get("HISTSIZE");
	long n;

	if (!v || sh_parse_int(v, &n) < 0 || n < 0)
		return HISTSIZE_DEFAULT;
	return (size_t)n;
}

/* Writes the loaded history to path.tmp and renames it over path. */
static void rewrite(const char *path, const struct ledit *e)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int ok = f != NULL;

	for (size_t i = 0; ok && i < e->nhist; i++)
		ok = fprintf(f, "%s\n", e->hist[i]) >= 0;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) < 0) {
		report(path, errno);
		unlink(tmp);
	}
	free(tmp);
}

void history_load(struct ledit *e)
{
	char *path = history_path(), *line = NULL;
	size_t cap = 0, lines = 0, max = history_size();
	ssize_t n;
	FILE *f;

	if (!path)
		return;
	if (!(f = fopen(path, "r"))) {
		report(path, errno);
		free(path);
		return;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = 0;
		ledit_history_add(e, line, max);
		lines++;
	}
	if (ferror(f))
		report(path, errno);
	fclose(f);
	free(line);
	if (lines > 2 * max)
		rewrite(path, e);
	free(path);
}

void history_add(struct ledit *e, const char *line)
{
	char *path;

	if (!ledit_history_add(e, line, history_size()) || !(path = history_path()))
		return;
	char *text = xasprintf("%s\n", line);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	size_t len = strlen(text);
	if (fd >= 0)
		errno = 0;
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		report(path, errno ? errno : EIO);
	if (fd >= 0)
		close(fd);
	free(text);
	free(path);
}
