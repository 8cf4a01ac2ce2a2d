/*
 * Mounts and mount namespaces.
 *
 * Each mount namespace owns a list of mounts in mount order; the list holds one
 * reference on each mount, a child mount holds one on its parent, and paths (cwd,
 * root, open files) hold one on the mount they are in. A mount is busy while anything
 * but the list holds it. Unmounting removes it from the list; with MNT_DETACH it (and
 * everything below it) leaves at once and is freed when the last reference goes.
 * Copying a namespace (CLONE_NEWNS) copies every mount, keeping the tree's shape;
 * the last process leaving a namespace releases all its mounts.
 */
#include "FileSystem/VFS/vfs.h"

#include "Devices/Console/console.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"

static void sb_put(struct super_block *sb)
{
	if (--sb->s_refs > 0)
		return;
	inode_put(sb->s_root);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kfree(sb);
}

static void mount_put(struct mount *m)
{
	while (m && --m->mnt_refs == 0) {
		struct mount *parent = m->mnt_parent;
		inode_put(m->mnt_root);
		inode_put(m->mnt_mountpoint);
		sb_put(m->mnt_sb);
		kfree(m);
		m = parent;
	}
}

void path_get(const struct path *p)
{
	inode_get(p->inode);
	if (p->mnt)
		p->mnt->mnt_refs++;
}

void path_put(const struct path *p)
{
	inode_put(p->inode);
	mount_put(p->mnt);
}

static struct mount *mount_alloc(struct super_block *sb, struct inode *root, int flags, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->mnt_sb = sb;
	sb->s_refs++;
	m->mnt_root = inode_get(root);
	m->mnt_flags = flags;
	m->mnt_refs = 1;	/* the namespace's list */
	strlcpy(m->mnt_source, source ? source : "none", sizeof(m->mnt_source));
	list_init(&m->mnt_list);
	return m;
}

struct mnt_namespace *mntns_create_initial(struct super_block *root_sb)
{
	struct mnt_namespace *ns = kzalloc(sizeof(*ns));
	struct mount *m;

	if (!ns)
		return NULL;
	m = mount_alloc(root_sb, root_sb->s_root, (root_sb->s_flags & SB_RDONLY) ? MNT_RDONLY : 0, "rootfs");
	if (!m) {
		kfree(ns);
		return NULL;
	}
	list_init(&ns->mounts);
	ns->refs = 1;
	ns->id = ns_new_id();
	ns->root = m;
	m->mnt_ns = ns;
	list_append(&ns->mounts, &m->mnt_list);
	return ns;
}

void mntns_get(struct mnt_namespace *ns)
{
	ns->refs++;
}

/* Takes m and every mount below it off its namespace's list. */
static void detach_tree(struct mount *m)
{
	struct mnt_namespace *ns = m->mnt_ns;

	/* The recursion changes the list (and frees mounts): rescan after each child. */
	for (int again = 1; again;) {
		again = 0;
		list_for_each(n, &ns->mounts) {
			struct mount *c = list_entry(n, struct mount, mnt_list);
			if (c->mnt_parent == m && !c->mnt_detached) {
				detach_tree(c);
				again = 1;
				break;
			}
		}
	}
	if (m->mnt_detached)
		return;
	m->mnt_detached = 1;
	list_remove(&m->mnt_list);
	/* Disconnected from its parent at once (Linux's umount_tree): what still uses a
	 * detached mount keeps only that mount alive, never the tree above it. This also
	 * breaks the cycle of a loop device whose backing file lies in a mount below the
	 * filesystem the loop device carries. */
	struct mount *parent = m->mnt_parent;
	if (parent) {
		m->mnt_parent = NULL;
		inode_put(m->mnt_mountpoint);
		m->mnt_mountpoint = NULL;
		mount_put(parent);
	}
	mount_put(m);
}

void mntns_put(struct mnt_namespace *ns)
{
	if (--ns->refs > 0)
		return;
	detach_tree(ns->root);
	kfree(ns);
}

/* The mount in `copy` that corresponds to `orig` (same position in the list). */
static struct mount *corresponding(struct mnt_namespace *orig_ns, struct mnt_namespace *copy, struct mount *orig)
{
	struct list_node *a = orig_ns->mounts.next, *b = copy->mounts.next;

	for (; a != &orig_ns->mounts && b != &copy->mounts; a = a->next, b = b->next)
		if (list_entry(a, struct mount, mnt_list) == orig)
			return list_entry(b, struct mount, mnt_list);
	return NULL;
}

/* Copies every mount in list order, then links each copy to its parent's copy (after
 * pivot_root a parent can come later in the list than its child). */
struct mnt_namespace *mntns_copy(struct mnt_namespace *ns)
{
	struct mnt_namespace *c = kzalloc(sizeof(*c));

	if (!c)
		return NULL;
	list_init(&c->mounts);
	c->refs = 1;
	c->id = ns_new_id();
	list_for_each(n, &ns->mounts) {
		struct mount *o = list_entry(n, struct mount, mnt_list);
		struct mount *m = mount_alloc(o->mnt_sb, o->mnt_root, o->mnt_flags, o->mnt_source);
		if (!m)
			goto fail;
		m->mnt_ns = c;
		list_append(&c->mounts, &m->mnt_list);
		if (o == ns->root)
			c->root = m;
	}
	list_for_each(n, &ns->mounts) {
		struct mount *o = list_entry(n, struct mount, mnt_list), *m = corresponding(ns, c, o);
		if (!o->mnt_parent)
			continue;
		m->mnt_parent = corresponding(ns, c, o->mnt_parent);
		m->mnt_parent->mnt_refs++;
		m->mnt_mountpoint = inode_get(o->mnt_mountpoint);
	}
	return c;
fail:
	list_for_each_safe(n, &c->mounts) {
		struct mount *m = list_entry(n, struct mount, mnt_list);
		list_remove(&m->mnt_list);
		m->mnt_detached = 1;
		mount_put(m);
	}
	kfree(c);
	return NULL;
}

struct mount *mount_covering(struct mnt_namespace *ns, const struct path *p)
{
	for (struct list_node *n = ns->mounts.prev; n != &ns->mounts; n = n->prev) {
		struct mount *m = list_entry(n, struct mount, mnt_list);
		if (m->mnt_parent == p->mnt && inode_same(m->mnt_mountpoint, p->inode))
			return m;
	}
	return NULL;
}

int vfs_mount(const struct path *at, struct super_block *sb, struct inode *root, int flags, const char *source)
{
	struct mnt_namespace *ns = at->mnt ? at->mnt->mnt_ns : NULL;
	struct mount *m;

	if (!ns || at->mnt->mnt_detached || !root)
		return -EINVAL;
	m = mount_alloc(sb, root, flags, source);
	if (!m)
		return -ENOMEM;
	m->mnt_ns = ns;
	m->mnt_parent = at->mnt;
	at->mnt->mnt_refs++;
	m->mnt_mountpoint = inode_get(at->inode);
	list_append(&ns->mounts, &m->mnt_list);
	return 0;
}

int vfs_umount(struct mount *m, int flags)
{
	if (!m->mnt_parent || m->mnt_detached)
		return -EINVAL;
	/* Busy: held by anything besides the list and the caller's lookup. */
	if (!(flags & MNT_DETACH) && m->mnt_refs > 2)
		return -EBUSY;
	detach_tree(m);
	return 0;
}

/* Whether mount m's mountpoint lies in `mnt` under directory `root` (one level). */
static int child_of(struct mount *m, struct mount *mnt)
{
	return m->mnt_parent == mnt && !m->mnt_detached;
}

int mount_copy_submounts(struct mount *src, struct inode *src_root, struct mount *dst)
{
	struct mnt_namespace *ns = src->mnt_ns;
	struct mount **kids;
	size_t n = 0, cap = 0;
	int err = 0;

	if (!dst)
		return -EINVAL;
	/* Snapshot the children first: the copies become children too (mount --rbind /
	 * onto a directory of / would otherwise copy itself forever). */
	list_for_each(l, &ns->mounts)
		cap++;
	kids = kmalloc((cap ? cap : 1) * sizeof(*kids));
	if (!kids)
		return -ENOMEM;
	list_for_each(l, &ns->mounts) {
		struct mount *c = list_entry(l, struct mount, mnt_list);
		if (child_of(c, src) && c != dst && c->mnt_ns == dst->mnt_ns)
			kids[n++] = c;
	}
	/* NOTE: children anywhere in src are copied; a bind of a subdirectory therefore
	 * also carries mounts outside that subdirectory. */
	for (size_t i = 0; i < n && !err; i++) {
		struct path at = { dst, kids[i]->mnt_mountpoint };
		err = vfs_mount(&at, kids[i]->mnt_sb, kids[i]->mnt_root, kids[i]->mnt_flags, kids[i]->mnt_source);
		if (!err)
			err = mount_copy_submounts(kids[i], kids[i]->mnt_root, mount_covering(dst->mnt_ns, &at));
	}
	kfree(kids);
	return err;
}

extern const struct fs_type tmpfs_type, procfs_type, devfs_type;
#define FS_TYPES_MAX 16
static const struct fs_type *fs_types[FS_TYPES_MAX] = { &tmpfs_type, &procfs_type, &devfs_type };
static size_t fs_count = 3;

int vfs_register_fs(const struct fs_type *type)
{
	if (fs_count == FS_TYPES_MAX)
		return -ENOSPC;
	fs_types[fs_count++] = type;
	return 0;
}

const struct fs_type *vfs_find_fs(const char *name)
{
	for (size_t i = 0; i < fs_count; i++)
		if (strcmp(fs_types[i]->name, name) == 0)
			return fs_types[i];
	return NULL;
}

size_t vfs_fs_types(const struct fs_type **out, size_t max)
{
	size_t n = MIN(max, fs_count);

	for (size_t i = 0; i < n; i++)
		out[i] = fs_types[i];
	return n;
}

/* Whether mount m is `ancestor` or lies below it. */
static int mount_below(struct mount *m, struct mount *ancestor)
{
	for (; m; m = m->mnt_parent)
		if (m == ancestor)
			return 1;
	return 0;
}

static void move_process_paths(struct mnt_namespace *ns, struct mount *old, struct inode *old_root, struct mount *now)
{
	struct path to = { now, now->mnt_root };

	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p->state != PROC_ALIVE || p->mntns != ns)
			continue;
		if (p->root.mnt == old && inode_same(p->root.inode, old_root)) {
			path_put(&p->root);
			p->root = to;
			path_get(&p->root);
		}
		if (p->cwd.mnt == old && inode_same(p->cwd.inode, old_root)) {
			path_put(&p->cwd);
			p->cwd = to;
			path_get(&p->cwd);
		}
	}
}

int vfs_pivot_root(struct mnt_namespace *ns, const struct path *new_root, const struct path *put_old)
{
	struct mount *old = ns->root, *nm = new_root->mnt, *parent = nm->mnt_parent;

	if (!S_ISDIR(new_root->inode->i_mode) || !S_ISDIR(put_old->inode->i_mode))
		return -ENOTDIR;
	/* new_root must be the root of a mount other than the current root, in ns. */
	if (nm->mnt_ns != ns || nm->mnt_detached || !inode_same(new_root->inode, nm->mnt_root) || nm == old || !parent)
		return -EINVAL;
	/* put_old must be at or under new_root, in this namespace. */
	if (!put_old->mnt || put_old->mnt->mnt_ns != ns || put_old->mnt->mnt_detached || !mount_below(put_old->mnt, nm))
		return -EINVAL;
	inode_put(nm->mnt_mountpoint);
	nm->mnt_mountpoint = NULL;
	nm->mnt_parent = NULL;
	old->mnt_parent = put_old->mnt;
	put_old->mnt->mnt_refs++;
	old->mnt_mountpoint = inode_get(put_old->inode);
	ns->root = nm;
	move_process_paths(ns, old, old->mnt_root, nm);
	mount_put(parent);	/* nm no longer holds its old parent */
	return 0;
}
