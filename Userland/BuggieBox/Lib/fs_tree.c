/*
 * The file-tree walker. fs_walk() visits ROOT, then (for a directory) reads all of
 * its names into memory, closes it, and visits each child depth first, so no
 * directory stream stays open while callbacks run: callbacks may delete what they
 * are shown (rm -r) and deep trees never exhaust file descriptors. Entries are
 * visited in readdir order, which is what GNU find and du do as well, so output
 * from the same directory compares equal with theirs.
 *
 * When links are followed (-L), the device/inode pairs of the directories on the
 * current path are kept in a chain on the stack, and a directory that repeats one
 * of them is a loop: it is reported with ELOOP instead of being entered.
 *
 * The small path and allocation helpers live here too, because every walker user
 * needs them.
 */
#include "fs_tree.h"
#include "bb.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *fs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		bb_die(1, "out of memory");
	return p;
}

void *fs_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		bb_die(1, "out of memory");
	return p;
}

char *fs_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(fs_xmalloc(n), s, n);
}

char *fs_path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = fs_xmalloc(dl + nl + 2);

	memcpy(p, dir, dl);
	if (dl == 0 || dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

void fs_warn_entry(const struct fs_entry *e)
{
	bb_warn("%s '%s': %s", e->kind == FS_DIR_ERR ? "cannot read directory" : "cannot access",
		e->path, strerror(e->err));
}

int fs_is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

char *fs_base_name(const char *path)
{
	size_t end = strlen(path), start;
	char *out;

	while (end > 1 && path[end - 1] == '/')
		end--;
	if (end == 1 && path[0] == '/')
		return fs_xstrdup("/");
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	out = fs_xmalloc(end - start + 1);
	memcpy(out, path + start, end - start);
	out[end - start] = 0;
	return out;
}

char *fs_dir_name(const char *path)
{
	size_t end = strlen(path);
	char *out;

	while (end > 1 && path[end - 1] == '/')
		end--;
	while (end > 0 && path[end - 1] != '/')
		end--;
	if (end == 0)
		return fs_xstrdup(".");
	while (end > 1 && path[end - 1] == '/')
		end--;
	out = fs_xmalloc(end + 1);
	memcpy(out, path, end);
	out[end] = 0;
	return out;
}

/* The directories on the current path, for loop detection under FS_FOLLOW_ALL. */
struct fs_ancestor {
	dev_t dev;
	ino_t ino;
	const struct fs_ancestor *up;
};

struct fs_walker {
	int flags;
	fs_visit_fn visit;
	void *ctx;
};

/* Reads the names in DIR (without . and ..) into a NULL-terminated array.
 * Returns NULL with errno set when the directory cannot be opened. */
static char **read_names(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names;
	size_t n = 0, cap = 16;

	if (!d)
		return NULL;
	names = fs_xmalloc(cap * sizeof(*names));
	while ((de = readdir(d))) {
		if (fs_is_dot_or_dotdot(de->d_name))
			continue;
		if (n + 1 >= cap)
			names = fs_xrealloc(names, (cap *= 2) * sizeof(*names));
		names[n++] = fs_xstrdup(de->d_name);
	}
	names[n] = NULL;
	closedir(d);
	return names;
}

static void free_names(char **names)
{
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

static int is_loop(const struct fs_ancestor *up, const struct stat *st)
{
	for (; up; up = up->up)
		if (up->dev == st->st_dev && up->ino == st->st_ino)
			return 1;
	return 0;
}

static int walk_one(struct fs_walker *w, const char *path, const char *name, int depth,
		    const struct fs_ancestor *up);

static int walk_children(struct fs_walker *w, const char *path, int depth,
			 const struct fs_ancestor *self)
{
	char **names = read_names(path);
	int rc = FS_CONTINUE;

	if (!names)
		return -1;
	for (char **p = names; *p && rc != FS_STOP; p++) {
		char *child = fs_path_join(path, *p);
		rc = walk_one(w, child, *p, depth + 1, self);
		free(child);
	}
	free_names(names);
	return rc;
}

static int walk_one(struct fs_walker *w, const char *path, const char *name, int depth,
		    const struct fs_ancestor *up)
{
	struct fs_entry e = { .path = path, .name = name, .depth = depth };
	struct stat st;
	int follow = (w->flags & FS_FOLLOW_ALL) || (depth == 0 && (w->flags & FS_FOLLOW_ROOT));
	int rc;

	e.st = &st;
	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0 &&
	    (!follow || lstat(path, &st) != 0)) {
		memset(&st, 0, sizeof(st));
		e.kind = FS_STAT_ERR;
		e.err = errno;
		return w->visit(&e, w->ctx) == FS_STOP ? FS_STOP : FS_CONTINUE;
	}
	if (!S_ISDIR(st.st_mode)) {
		e.kind = FS_FILE;
		return w->visit(&e, w->ctx) == FS_STOP ? FS_STOP : FS_CONTINUE;
	}
	if ((w->flags & FS_FOLLOW_ALL) && is_loop(up, &st)) {
		e.kind = FS_DIR_ERR;
		e.err = ELOOP;
		return w->visit(&e, w->ctx) == FS_STOP ? FS_STOP : FS_CONTINUE;
	}
	e.kind = FS_DIR_PRE;
	rc = w->visit(&e, w->ctx);
	if (rc == FS_STOP)
		return FS_STOP;
	if (rc == FS_PRUNE)
		return FS_CONTINUE;
	struct fs_ancestor self = { st.st_dev, st.st_ino, up };
	rc = walk_children(w, path, depth, &self);
	if (rc < 0) {
		e.kind = FS_DIR_ERR;
		e.err = errno;
		if (w->visit(&e, w->ctx) == FS_STOP)
			return FS_STOP;
	} else if (rc == FS_STOP) {
		return FS_STOP;
	}
	if (w->flags & FS_NO_POST)
		return FS_CONTINUE;
	e.kind = FS_DIR_POST;
	e.err = 0;
	return w->visit(&e, w->ctx) == FS_STOP ? FS_STOP : FS_CONTINUE;
}

int fs_walk(const char *root, int flags, fs_visit_fn visit, void *ctx)
{
	struct fs_walker w = { flags, visit, ctx };
	char *name = fs_base_name(root);
	int rc = walk_one(&w, root, name, 0, NULL);

	free(name);
	return rc;
}
