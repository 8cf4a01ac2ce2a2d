/*
 * Reads a host directory tree into the in-memory tree.
 *
 * Each directory is read completely (names only) and closed before its children are
 * visited, so the walk holds one directory stream at a time however deep the tree.
 * Metadata comes from lstat(); symlinks are never followed. Files with several links
 * map to one inode through a "dev:ino" key, so hard links inside SOURCE share a nid
 * and their nlink counts the links inside the image. The image file itself is
 * skipped when it lies inside SOURCE.
 *
 * File data is not read here: a regular file records its path and size, and
 * image.c reads it when it writes the data area (and fails if the size changed).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "mkfs.h"

struct walk {
	struct mkfs_map links;
	dev_t image_dev;
	ino_t image_ino;
};

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = mkfs_alloc(a + b + 2);
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static void read_xattrs(struct mkfs_inode *in, const char *path)
{
	ssize_t n = llistxattr(path, NULL, 0);
	if (n < 0 && (errno == ENOTSUP || errno == ENOSYS))
		return;
	if (n < 0)
		mkfs_die_errno("%s: cannot list xattrs", path);
	char *names = mkfs_alloc((size_t)n + 1);
	if ((n = llistxattr(path, names, (size_t)n)) < 0)
		mkfs_die_errno("%s: cannot list xattrs", path);
	uint8_t *value = mkfs_alloc(65536);
	for (char *name = names; name < names + n; name += strlen(name) + 1) {
		uint8_t index;
		const char *suffix;
		if (!mkfs_xattr_split(name, &index, &suffix)) {
			mkfs_warn("%s: xattr %s not stored (only user., trusted., security.)", path, name);
			continue;
		}
		ssize_t len = lgetxattr(path, name, value, 65536);
		if (len < 0)
			mkfs_die_errno("%s: cannot read xattr %s", path, name);
		mkfs_xattr_add(in, name, value, (size_t)len);
	}
	free(value);
	free(names);
}

static char *read_symlink(const char *path, const struct stat *st)
{
	size_t cap = (size_t)st->st_size + 1 > PATH_MAX ? (size_t)st->st_size + 1 : PATH_MAX;
	char *target = mkfs_alloc(cap + 1);
	ssize_t n = readlink(path, target, cap);
	if (n < 0)
		mkfs_die_errno("%s: cannot read symlink", path);
	if ((size_t)n >= cap)
		mkfs_die(1, "%s: symlink target too long", path);
	target[n] = '\0';
	return target;
}

/* A new inode for path, filled from st. */
static struct mkfs_inode *inode_from_stat(const char *path, const struct stat *st)
{
	struct mkfs_inode *in = mkfs_inode_new(st->st_mode);
	in->uid = st->st_uid;
	in->gid = st->st_gid;
	in->mtime = (uint64_t)st->st_mtim.tv_sec;
	in->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
	if (S_ISREG(st->st_mode)) {
		in->size = (uint64_t)st->st_size;
		in->src.path = mkfs_strdup(path);
	} else if (S_ISLNK(st->st_mode)) {
		in->symlink = read_symlink(path, st);
		in->size = strlen(in->symlink);
	} else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		in->rdev = mkfs_encode_dev(major(st->st_rdev), minor(st->st_rdev));
	}
	if (mkfs_opt.xattrs)
		read_xattrs(in, path);
	return in;
}

/* The inode for path: a new one, or the one an earlier hard link created. */
static struct mkfs_inode *lookup_inode(struct walk *w, const char *path, const struct stat *st)
{
	if (S_ISDIR(st->st_mode) || st->st_nlink < 2)
		return inode_from_stat(path, st);
	char key[64];
	snprintf(key, sizeof(key), "%llu:%llu", (unsigned long long)st->st_dev,
		 (unsigned long long)st->st_ino);
	struct mkfs_inode *in = mkfs_map_get(&w->links, key);
	if (!in) {
		in = inode_from_stat(path, st);
		mkfs_map_put(&w->links, key, in);
	}
	return in;
}

/* The names in a directory, without . and .. (unsorted). */
static char **list_dir(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	if (!d)
		mkfs_die_errno("%s: cannot open directory", path);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap)
			names = mkfs_realloc(names, (cap = cap ? cap * 2 : 16) * sizeof(*names));
		names[n++] = mkfs_strdup(de->d_name);
		errno = 0;
	}
	if (errno)
		mkfs_die_errno("%s: cannot read directory", path);
	closedir(d);
	*count = n;
	return names;
}

static void walk_dir(struct walk *w, struct mkfs_inode *dir, const char *path)
{
	size_t n;
	char **names = list_dir(path, &n);
	for (size_t i = 0; i < n; i++) {
		char *child = join(path, names[i]);
		struct stat st;
		if (lstat(child, &st) != 0)
			mkfs_die_errno("%s", child);
		if (st.st_dev == w->image_dev && st.st_ino == w->image_ino) {
			free(child);
			continue;
		}
		struct mkfs_inode *in = lookup_inode(w, child, &st);
		mkfs_dir_add(dir, names[i], in);
		if (S_ISDIR(st.st_mode))
			walk_dir(w, in, child);
		free(child);
		free(names[i]);
	}
	free(names);
}

void mkfs_tree_from_dir(struct mkfs_tree *t, const char *dir, dev_t image_dev, ino_t image_ino)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		mkfs_die_errno("%s", dir);
	if (!S_ISDIR(st.st_mode))
		mkfs_die(1, "%s: not a directory", dir);
	struct walk w = { .image_dev = image_dev, .image_ino = image_ino };
	t->root = inode_from_stat(dir, &st);
	t->root->parent = t->root;
	walk_dir(&w, t->root, dir);
}
