/*
 * The in-memory tree both sources (a directory, a tar archive) build: inodes joined
 * by dentries, directories holding an unsorted child array until mkfs_tree_finish()
 * sorts it.
 *
 * Invariants after mkfs_tree_finish(): every directory's children are sorted by name
 * byte-wise (memcmp order, the order EROFS lookups binary-search in), owners and
 * mtimes reflect --all-root, --force-uid/gid and -T, and the tree's build time is
 * fixed (-T EPOCH, else the root's mtime), so two runs over the same source give the
 * same tree.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mkfs.h"

struct mkfs_inode *mkfs_inode_new(uint32_t mode)
{
	struct mkfs_inode *in = mkfs_alloc(sizeof(*in));
	in->mode = mode;
	return in;
}

void mkfs_dir_add(struct mkfs_inode *dir, const char *name, struct mkfs_inode *child)
{
	if (dir->nchildren == dir->cap_children) {
		dir->cap_children = dir->cap_children ? dir->cap_children * 2 : 8;
		dir->children = mkfs_realloc(dir->children, dir->cap_children * sizeof(*dir->children));
	}
	dir->children[dir->nchildren++] = (struct mkfs_dentry){ mkfs_strdup(name), child };
	if (S_ISDIR(child->mode))
		child->parent = dir;
}

static int by_name(const void *a, const void *b)
{
	const struct mkfs_dentry *x = a, *y = b;
	return strcmp(x->name, y->name); /* strcmp compares as unsigned char: memcmp order */
}

static void finish_inode(struct mkfs_inode *in, int depth);

static void finish_dir(struct mkfs_inode *dir, int depth)
{
	qsort(dir->children, dir->nchildren, sizeof(*dir->children), by_name);
	for (size_t i = 0; i < dir->nchildren; i++)
		finish_inode(dir->children[i].inode, depth + 1);
}

/* Applies the owner and time options once per inode (hard links meet it twice). */
static void finish_inode(struct mkfs_inode *in, int depth)
{
	if (in->finished)
		return;
	in->finished = 1;
	if (mkfs_opt.all_root)
		in->uid = in->gid = 0;
	if (mkfs_opt.force_uid >= 0)
		in->uid = (uint32_t)mkfs_opt.force_uid;
	if (mkfs_opt.force_gid >= 0)
		in->gid = (uint32_t)mkfs_opt.force_gid;
	if (mkfs_opt.fixed_time) {
		in->mtime = mkfs_opt.epoch;
		in->mtime_nsec = 0;
	}
	if (S_ISDIR(in->mode))
		finish_dir(in, depth);
}

void mkfs_tree_finish(struct mkfs_tree *t)
{
	finish_inode(t->root, 0);
	t->build_time = t->root->mtime;
	t->build_time_nsec = t->root->mtime_nsec;
}
