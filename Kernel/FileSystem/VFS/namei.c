/*
 * Path resolution.
 *
 * A walk starts at the process's root ("/...") or at the directory named by dirfd
 * (AT_FDCWD: the cwd) and takes one component at a time:
 *   - search (x) permission is needed on every directory passed through;
 *   - "." stays, ".." goes to the parent, but never above the process's root, and
 *     at the root of a mount it first steps back to the mountpoint in the parent
 *     mount;
 *   - after each step, mounts covering the new place are entered (the most recent);
 *   - symlinks are followed (all but a final one without LOOKUP_FOLLOW), resolved
 *     against the directory holding them, at most LOOKUP_MAX_SYMLINKS per walk
 *     (ELOOP); "magic" links (procfs) resolve straight to a path.
 * A jailed process never gets above its root: a walk starting in a directory outside
 * it, or a ".." leaving it, is refused with EPERM (FreeBSD jail semantics).
 *
 * References: the walk holds exactly one path reference at a time; the result is
 * returned with its reference, the caller puts it.
 */
#include "FileSystem/VFS/vfs.h"

#include "API/atoll.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tasks/process.h"

static void enter_mounts(struct path *p);

struct walk {
	struct path root;
	int links;
};

static int path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && inode_same(a->inode, b->inode);
}

/* Replaces *p (owned) by `n` (owned). */
static void path_move(struct path *p, struct path n)
{
	path_put(p);
	*p = n;
}

void vfs_follow_mounts(struct path *p)
{
	enter_mounts(p);
}

static void enter_mounts(struct path *p)
{
	struct mount *m;

	/* A mount's children live in its own namespace: /proc/PID/root of a process in
	 * another mount namespace leads into that namespace's tree. */
	while (p->mnt && p->mnt->mnt_ns && (m = mount_covering(p->mnt->mnt_ns, p))) {
		struct path n = { m, m->mnt_root };
		path_get(&n);
		path_move(p, n);
	}
}

/* The parent of directory p within its mount (p is not that mount's root). */
static int parent_in_mount(struct path *p)
{
	struct inode *parent;

	TRY(p->inode->i_op->lookup(p->inode, "..", 2, &parent));
	struct path n = { p->mnt, parent };
	p->mnt->mnt_refs++;
	path_move(p, n);
	return 0;
}

/* A file (not a directory) cannot name its parent; it is under root when its mount
 * is root's mount or below it and root is that mount's top (a chroot into the middle
 * of a mount cannot vouch for files reached by other ways, so they count as outside). */
static int file_is_under(const struct path *p, const struct path *root)
{
	if (!inode_same(root->inode, root->mnt->mnt_root))
		return 0;
	for (struct mount *m = p->mnt; m; m = m->mnt_parent)
		if (m == root->mnt)
			return 1;
	return 0;
}

/* Whether p is at or below root (walking up through "..", mounts included). */
static int path_is_under(const struct path *p, const struct path *root)
{
	struct path cur = *p;
	int depth = 0, under = 0;

	if (!p->mnt)
		return 0;
	if (!S_ISDIR(p->inode->i_mode))
		return file_is_under(p, root);

	path_get(&cur);
	for (; depth < 256; depth++) {
		if (path_equal(&cur, root)) {
			under = 1;
			break;
		}
		if (inode_same(cur.inode, cur.mnt->mnt_root)) {
			if (!cur.mnt->mnt_parent)
				break;
			struct path n = { cur.mnt->mnt_parent, cur.mnt->mnt_mountpoint };
			path_get(&n);
			path_move(&cur, n);
			continue;
		}
		if (parent_in_mount(&cur) < 0)
			break;
	}
	path_put(&cur);
	return under;
}

static int dotdot(struct walk *w, struct path *p)
{
	if (curproc->jail && !path_is_under(p, &w->root))
		return -EPERM;
	for (;;) {
		if (path_equal(p, &w->root))
			return 0;
		if (!inode_same(p->inode, p->mnt->mnt_root))
			break;
		if (!p->mnt->mnt_parent)
			return 0;
		struct path n = { p->mnt->mnt_parent, p->mnt->mnt_mountpoint };
		path_get(&n);
		path_move(p, n);
	}
	TRY(parent_in_mount(p));
	enter_mounts(p);
	return 0;
}

static int walk_path(struct walk *w, struct path *cur, const char *path, int flags, char *last);

/* Replaces *child (a symlink, owned) by what it points to, resolved from dir. */
static int follow_link(struct walk *w, const struct path *dir, struct path *child)
{
	struct inode *link = child->inode;
	char *target;
	long n;
	int err;

	if (++w->links > LOOKUP_MAX_SYMLINKS)
		return -ELOOP;
	if (link->i_op->follow) {
		struct path n2;
		TRY(link->i_op->follow(link, &n2));
		/* A jailed process never leaves its root, not even through /proc links. */
		if (curproc->jail && n2.mnt && !path_is_under(&n2, &w->root)) {
			path_put(&n2);
			return -EPERM;
		}
		path_move(child, n2);
		return 0;
	}
	if (!link->i_op->readlink)
		return -EINVAL;
	target = kmalloc(PATH_MAX);
	if (!target)
		return -ENOMEM;
	n = link->i_op->readlink(link, target, PATH_MAX - 1);
	if (n < 0) {
		kfree(target);
		return (int)n;
	}
	target[n] = 0;
	struct path start = target[0] == '/' ? w->root : *dir;
	path_get(&start);
	err = walk_path(w, &start, target, LOOKUP_FOLLOW, NULL);
	kfree(target);
	if (err < 0) {
		path_put(&start);
		return err;
	}
	path_move(child, start);
	return 0;
}

/* One component `name` of length len from *cur; *cur becomes the result. */
static int step(struct walk *w, struct path *cur, const char *name, size_t len, int follow)
{
	struct inode *child;
	int err;

	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return dotdot(w, cur);
	TRY(cur->inode->i_op->lookup(cur->inode, name, len, &child));
	struct path next = { cur->mnt, child };
	cur->mnt->mnt_refs++;
	enter_mounts(&next);
	if (S_ISLNK(next.inode->i_mode) && follow) {
		err = follow_link(w, cur, &next);
		if (err < 0) {
			path_put(&next);
			return err;
		}
	}
	path_move(cur, next);
	return 0;
}

static int walk_path(struct walk *w, struct path *cur, const char *path, int flags, char *last)
{
	const char *p = path;

	if (*p == '/') {
		path_move(cur, w->root);
		path_get(cur);
	}
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *name = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - name);
		const char *rest = p;
		while (*rest == '/')
			rest++;
		int is_last = *rest == 0;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(cur->inode->i_mode))
			return -ENOTDIR;
		TRY(inode_permission(cur->inode, X_OK));
		if (is_last && (flags & LOOKUP_PARENT)) {
			int dot = (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
			if (!dot) {
				memcpy(last, name, len);
				last[len] = 0;
				return 0;
			}
			TRY(step(w, cur, name, len, 1));
			last[0] = 0;
			return 0;
		}
		int follow = !is_last || (flags & LOOKUP_FOLLOW) || *p == '/';
		TRY(step(w, cur, name, len, follow));
		if (!is_last && !S_ISDIR(cur->inode->i_mode))
			return -ENOTDIR;
	}
	if (last)
		last[0] = 0;
	if (p > path && p[-1] == '/' && !S_ISDIR(cur->inode->i_mode))
		return -ENOTDIR;
	return 0;
}

int vfs_lookup_from(const struct path *start, const char *path, int flags, struct path *out, char *last)
{
	struct walk w = { curproc->root, 0 };
	struct path cur = *start;
	int err;

	if (!*path && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	if (curproc->jail && path[0] != '/' && !path_is_under(start, &w.root))
		return -EPERM;
	path_get(&cur);
	err = walk_path(&w, &cur, path, flags, last);
	if (!err && (flags & LOOKUP_DIRECTORY) && !(flags & LOOKUP_PARENT) && !S_ISDIR(cur.inode->i_mode))
		err = -ENOTDIR;
	if (err) {
		path_put(&cur);
		return err;
	}
	*out = cur;
	return 0;
}

int vfs_lookup(int dirfd, const char *path, int flags, struct path *out, char *last)
{
	struct file *f = NULL;
	int err;

	if (dirfd == AT_FDCWD || path[0] == '/')
		return vfs_lookup_from(&curproc->cwd, path, flags, out, last);
	f = fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (!*path && (flags & LOOKUP_EMPTY)) {
		*out = f->f_path;
		path_get(out);
		err = 0;
	} else if (!S_ISDIR(f->f_inode->i_mode)) {
		err = -ENOTDIR;
	} else {
		err = vfs_lookup_from(&f->f_path, path, flags, out, last);
	}
	file_put(f);
	return err;
}

struct name_search {
	struct dir_context ctx;
	uint64_t ino;
	char *name;
	int found;
};

static int match_ino(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct name_search *s = (struct name_search *)ctx;

	if (ino != s->ino || (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	memcpy(s->name, name, len);
	s->name[len] = 0;
	s->found = 1;
	return 1;
}

/* The name of `child` in directory `dir`, by inode number. */
static int name_in_parent(struct inode *dir, struct inode *child, char *name)
{
	struct file f = { 0 };
	struct name_search s = { { match_ino, 0 }, child->i_ino, name, 0 };

	f.f_inode = dir;
	f.f_op = dir->i_fop;
	if (!f.f_op || !f.f_op->readdir)
		return -ENOTDIR;
	while (!s.found) {
		uint64_t before = s.ctx.pos;
		TRY(f.f_op->readdir(&f, &s.ctx));
		if (s.ctx.pos == before)
			break;
	}
	return s.found ? 0 : -ENOENT;
}

long vfs_path_name(const struct path *p, const struct path *root, char *buf, size_t size)
{
	struct path cur = *p;
	char name[NAME_MAX + 1];
	size_t pos = size - 1;
	long err = 0;

	buf[pos] = 0;
	path_get(&cur);
	if (!cur.mnt || !S_ISDIR(cur.inode->i_mode) || !cur.inode->i_op || !cur.inode->i_op->lookup) {
		path_put(&cur);
		return -ENOENT;	/* only directories know their parent */
	}
	for (int depth = 0; depth < 256 && !path_equal(&cur, root); depth++) {
		if (inode_same(cur.inode, cur.mnt->mnt_root)) {
			if (!cur.mnt->mnt_parent)
				break;	/* outside the root: what is left is shown from the top */
			struct path n = { cur.mnt->mnt_parent, cur.mnt->mnt_mountpoint };
			path_get(&n);
			path_move(&cur, n);
			continue;
		}
		struct path child = cur;
		path_get(&child);
		if ((err = parent_in_mount(&cur)) < 0 || (err = name_in_parent(cur.inode, child.inode, name)) < 0) {
			path_put(&child);
			break;
		}
		path_put(&child);
		size_t len = strlen(name);
		if (len + 1 > pos) {
			err = -ENAMETOOLONG;
			break;
		}
		pos -= len;
		memcpy(buf + pos, name, len);
		buf[--pos] = '/';
	}
	path_put(&cur);
	if (err < 0)
		return err;
	if (pos == size - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, size - pos);
	return (long)(size - 1 - pos);
}

char *vfs_name_of(int dirfd, const char *path)
{
	char last[NAME_MAX + 1];
	struct path dir;
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return NULL;
	if (vfs_lookup(dirfd, path, LOOKUP_PARENT, &dir, last) < 0) {
		kfree(buf);
		return NULL;
	}
	n = vfs_path_name(&dir, &curproc->root, buf, PATH_MAX);
	path_put(&dir);
	if (n < 0 || (size_t)n + strlen(last) + 2 > PATH_MAX) {
		kfree(buf);
		return NULL;
	}
	if (last[0]) {
		if (n > 1)
			buf[n++] = '/';
		strlcpy(buf + n, last, PATH_MAX - (size_t)n);
	}
	return buf;
}

/* Like vfs_name_of, but the name of what `path` finally resolves to: symlinks in the
 * last component (magic /proc links included, through their readlink text) are
 * followed, so /bin/ls names /bin/BuggieBox as Linux's /proc/PID/exe does. */
char *vfs_resolved_name_of(int dirfd, const char *path)
{
	char *name = vfs_name_of(dirfd, path), *target = NULL;

	for (int hops = 0; name && hops < LOOKUP_MAX_SYMLINKS; hops++) {
		struct path p;
		long n;

		if (vfs_lookup(AT_FDCWD, name, 0, &p, NULL) < 0)
			break;
		if (!S_ISLNK(p.inode->i_mode) || !p.inode->i_op->readlink || !(target = kmalloc(PATH_MAX))) {
			path_put(&p);
			break;
		}
		n = p.inode->i_op->readlink(p.inode, target, PATH_MAX - 1);
		path_put(&p);
		if (n <= 0)
			break;
		target[n] = 0;
		if (target[0] != '/') {
			/* Relative: resolved against the link's directory. */
			char *slash = strrchr(name, '/');
			size_t dlen = slash ? (size_t)(slash - name) : 0;
			if (dlen + 1 + (size_t)n + 1 > PATH_MAX)
				break;
			memmove(target + dlen + 1, target, (size_t)n + 1);
			memcpy(target, name, dlen);
			target[dlen] = '/';
		}
		char *next = vfs_name_of(AT_FDCWD, target);
		kfree(target);
		target = NULL;
		if (!next)
			break;
		kfree(name);
		name = next;
	}
	kfree(target);
	return name;
}
