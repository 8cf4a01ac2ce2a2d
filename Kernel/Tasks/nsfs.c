/*
 * nsfs: one inode per opened namespace reference, on an internal superblock. The
 * inode number is the namespace's id (what `ls -i` and readlink show); the inode
 * holds a reference on the namespace until it goes.
 */
#include "Tasks/nsfs.h"

#include "Lib/format.h"
#include "Memory/heap.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"

struct nsfs_node {
	int type;
	void *ns;
};

static struct super_block nsfs_sb = { .s_type = "nsfs", .s_refs = 1, .s_magic = 0x6e736673 };
static const char *const names[] = { "mnt", "pid", "uts" };

static uint64_t ns_id(int type, void *ns)
{
	switch (type) {
	case NS_MNT:
		return ((struct mnt_namespace *)ns)->id;
	case NS_PID:
		return ((struct pid_namespace *)ns)->id;
	default:
		return ((struct uts_namespace *)ns)->id;
	}
}

static void *ns_of(struct process *p, int type)
{
	switch (type) {
	case NS_MNT:
		return p->mntns;
	case NS_PID:
		return process_pidns(p);
	default:
		return p->utsns;
	}
}

static void ns_ref(int type, void *ns, int delta)
{
	if (type == NS_MNT)
		delta > 0 ? mntns_get(ns) : mntns_put(ns);
	else if (type == NS_PID)
		delta > 0 ? pidns_get(ns) : pidns_put(ns);
	else
		delta > 0 ? utsns_get(ns) : utsns_put(ns);
}

static void nsfs_evict(struct inode *i)
{
	struct nsfs_node *n = i->i_private;

	ns_ref(n->type, n->ns, -1);
	kfree(n);
}

static const struct inode_ops nsfs_iops = { .evict = nsfs_evict };
static const struct file_ops nsfs_fops = { 0 };

int nsfs_path(struct process *p, int type, struct path *out)
{
	void *ns = ns_of(p, type);
	struct nsfs_node *n = kmalloc(sizeof(*n));
	struct inode *i;

	if (!ns || !n) {
		kfree(n);
		return -ENOENT;
	}
	i = inode_alloc(&nsfs_sb, ns_id(type, ns), S_IFREG | 0444);
	if (!i) {
		kfree(n);
		return -ENOMEM;
	}
	n->type = type;
	n->ns = ns;
	ns_ref(type, ns, 1);
	i->i_private = n;
	i->i_op = &nsfs_iops;
	i->i_fop = &nsfs_fops;
	out->mnt = NULL;
	out->inode = i;
	return 0;
}

long nsfs_name(struct process *p, int type, char *buf, size_t size)
{
	void *ns = ns_of(p, type);

	if (!ns)
		return -ENOENT;
	return ksnprintf(buf, size, "%s:[%lu]", names[type], ns_id(type, ns));
}

int nsfs_identify(struct file *f, int *type, void **ns)
{
	struct nsfs_node *n;

	if (f->f_inode->i_sb != &nsfs_sb)
		return -EINVAL;
	n = f->f_inode->i_private;
	*type = n->type;
	*ns = n->ns;
	return 0;
}
