/*
 * Path canonicalisation without realpath(3), because readlink -m and -f need to
 * resolve paths whose tail does not exist.
 *
 * The result is built one component at a time in OUT (always absolute, no trailing
 * slash except for "/"), while the components still to be handled sit in TODO. When
 * a component turns out to be a symbolic link, its target is put in front of what
 * remains in TODO (and OUT is reset to "/" for an absolute target), so links inside
 * link targets are resolved the same way. Once a component is missing and the mode
 * allows it, the rest is appended literally apart from "." and "..".
 */
#include "path_canon.h"
#include "fs_tree.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40

struct canon {
	char *out;
	size_t len, cap;
	char *todo;   /* the components still to resolve, slash separated */
	size_t pos;   /* read position in todo */
};

static void out_append(struct canon *c, const char *name, size_t n)
{
	if (c->len + n + 2 > c->cap) {
		c->cap = (c->len + n + 2) * 2;
		c->out = fs_xrealloc(c->out, c->cap);
	}
	if (c->len > 1 || c->out[0] != '/')
		c->out[c->len++] = '/';
	else
		c->len = 1;
	memcpy(c->out + c->len, name, n);
	c->len += n;
	c->out[c->len] = 0;
}

static void out_pop(struct canon *c)
{
	while (c->len > 1 && c->out[c->len - 1] != '/')
		c->len--;
	if (c->len > 1)
		c->len--;
	c->out[c->len] = 0;
}

/* The next component of todo: sets *NAME and returns its length, 0 at the end. */
static size_t next_component(struct canon *c, const char **name)
{
	while (c->todo[c->pos] == '/')
		c->pos++;
	*name = c->todo + c->pos;
	while (c->todo[c->pos] && c->todo[c->pos] != '/')
		c->pos++;
	return (size_t)(c->todo + c->pos - *name);
}

static int more_components(struct canon *c)
{
	for (size_t i = c->pos; c->todo[i]; i++)
		if (c->todo[i] != '/')
			return 1;
	return 0;
}

/* Replaces what was read of todo with TARGET: todo becomes TARGET/rest. */
static void splice_link(struct canon *c, const char *target)
{
	const char *rest = c->todo + c->pos;
	size_t tl = strlen(target), rl = strlen(rest);
	char *n = fs_xmalloc(tl + rl + 2);

	memcpy(n, target, tl);
	n[tl] = '/';
	memcpy(n + tl + 1, rest, rl + 1);
	free(c->todo);
	c->todo = n;
	c->pos = 0;
	if (target[0] == '/') {
		c->out[0] = '/';
		c->out[1] = 0;
		c->len = 1;
	}
}

/* Resolves the component just appended to out. Returns 0, 1 if it is missing
 * (and allowed to be), or -1 with errno set. */
static int resolve_last(struct canon *c, enum path_canon_mode mode, int *links)
{
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;

	if (lstat(c->out, &st) != 0) {
		if (errno == ENOENT && (mode == PATH_CANON_MISSING ||
					(mode == PATH_CANON_ALL_BUT_LAST && !more_components(c))))
			return 1;
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		if (++*links > MAX_LINKS) {
			errno = ELOOP;
			return -1;
		}
		n = readlink(c->out, target, sizeof(target) - 1);
		if (n < 0)
			return -1;
		target[n] = 0;
		out_pop(c);
		splice_link(c, target);
		return 0;
	}
	if (!S_ISDIR(st.st_mode) && more_components(c) && mode != PATH_CANON_MISSING) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

static char *start(struct canon *c, const char *path)
{
	c->cap = PATH_MAX;
	c->out = fs_xmalloc(c->cap);
	c->todo = fs_xstrdup(path);
	c->pos = 0;
	if (path[0] == '/') {
		strcpy(c->out, "/");
	} else if (!getcwd(c->out, c->cap)) {
		free(c->out);
		free(c->todo);
		return NULL;
	}
	c->len = strlen(c->out);
	return c->out;
}

char *path_canonical(const char *path, enum path_canon_mode mode)
{
	struct canon c;
	const char *name;
	size_t n;
	int links = 0, missing = 0, rc;

	if (!*path) {
		errno = ENOENT;
		return NULL;
	}
	if (!start(&c, path))
		return NULL;
	while ((n = next_component(&c, &name)) != 0) {
		if (n == 1 && name[0] == '.')
			continue;
		if (n == 2 && name[0] == '.' && name[1] == '.') {
			out_pop(&c);
			continue;
		}
		out_append(&c, name, n);
		if (missing)
			continue;
		rc = resolve_last(&c, mode, &links);
		if (rc < 0) {
			int err = errno;
			free(c.out);
			free(c.todo);
			errno = err;
			return NULL;
		}
		missing = rc == 1;
	}
	free(c.todo);
	return c.out;
}
