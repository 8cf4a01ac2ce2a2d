/*
 * procfs: the /proc tree, generated on demand.
 *
 *   /proc/{self,mounts,meminfo,uptime,loadavg,filesystems,cmdline,version,stat,bcache}
 *   /proc/PID/{stat,status,cmdline,comm,mounts,cwd,exe,root,fd/N,ns/{pid,mnt,uts}}
 *   /proc/sys/kernel/{hostname,domainname,ostype,osrelease,version,pid_max,
 *                     ngroups_max,threads-max,random/{boot_id,uuid}}
 *   /proc/sys/fs/{nr_open,file-max}
 *
 * A procfs mount belongs to the PID namespace of the process that mounted it: it lists
 * and resolves the processes of that namespace only, by their numbers there. Every
 * inode records what it shows (type, the process's number in the initial namespace,
 * an fd); a process that has gone makes lookups ENOENT and opens ESRCH. Text files are
 * generated once at open, so a reader sees one consistent snapshot. cwd, exe, root and
 * fd/N are "magic" links resolving straight to the process's paths (only for the
 * same user or root); ns/ links resolve to namespace inodes that setns(2) accepts.
 *
 * Inode numbers: an entry's number is PROC_INO(pid, type, idx), idx its index in its
 * table (the fd for fd/N), so readdir, lookup and ".." (whose number readdir gives as
 * the parent's, not the root's) always agree. /proc/sys is one flat table
 * (procfs_sys.c), each entry naming its directory, so idx is unique across it. Its
 * files are generated at open like the others; the writable ones (hostname,
 * domainname) change the live value at write(2), a 0444 one refuses a write open with
 * EACCES even to root, as Linux's sysctls do.
 */
#include "FileSystem/ProcFS/procfs.h"

#include "Lib/format.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tasks/namespaces.h"
#include "Tasks/nsfs.h"
#include "Tasks/process.h"

#define PROC_MAGIC 0x9fa0
#define INO_PID_SHIFT 20

/* One inode number per (process, entry): readdir and lookup must agree, since
 * getcwd and /proc/PID/cwd find a directory's name by its number. */
#define PROC_INO(pid, type, idx) (((uint64_t)(pid) << INO_PID_SHIFT) + (uint64_t)(type) * 4096 + (idx) + 1)

enum { LINK_CWD, LINK_EXE, LINK_ROOT };

static void show_cmdline(struct seq *s, struct process *p, struct pid_namespace *ns);
static void show_comm(struct seq *s, struct process *p, struct pid_namespace *ns);

static const struct proc_entry global_entries[] = {
	{ "self", P_SELF, S_IFLNK | 0777, NULL, 0, NULL },
	{ "mounts", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_mounts, 0, NULL },
	{ "meminfo", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_meminfo, 0, NULL },
	{ "uptime", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_uptime, 0, NULL },
	{ "loadavg", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_loadavg, 0, NULL },
	{ "filesystems", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_filesystems, 0, NULL },
	{ "cmdline", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_cmdline_kernel, 0, NULL },
	{ "version", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_version, 0, NULL },
	{ "stat", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_stat_global, 0, NULL },
	{ "bcache", P_GLOBAL_FILE, S_IFREG | 0444, procfs_show_bcache, 0, NULL },
	{ "sys", P_SYS_ROOT, S_IFDIR | 0555, NULL, 0, NULL },
};

static const struct proc_entry pid_entries[] = {
	{ "stat", P_PID_FILE, S_IFREG | 0444, procfs_show_stat, 0, NULL },
	{ "status", P_PID_FILE, S_IFREG | 0444, procfs_show_status, 0, NULL },
	{ "cmdline", P_PID_FILE, S_IFREG | 0444, show_cmdline, 0, NULL },
	{ "comm", P_PID_FILE, S_IFREG | 0444, show_comm, 0, NULL },
	{ "mounts", P_PID_FILE, S_IFREG | 0444, procfs_show_mounts, 0, NULL },
	{ "cwd", P_PID_LINK, S_IFLNK | 0777, NULL, LINK_CWD, NULL },
	{ "exe", P_PID_LINK, S_IFLNK | 0777, NULL, LINK_EXE, NULL },
	{ "root", P_PID_LINK, S_IFLNK | 0777, NULL, LINK_ROOT, NULL },
	{ "fd", P_FD_DIR, S_IFDIR | 0500, NULL, 0, NULL },
	{ "ns", P_NS_DIR, S_IFDIR | 0511, NULL, 0, NULL },
};

static const struct proc_entry ns_entries[] = {
	{ "mnt", P_NS_LINK, S_IFLNK | 0777, NULL, NS_MNT, NULL },
	{ "pid", P_NS_LINK, S_IFLNK | 0777, NULL, NS_PID, NULL },
	{ "uts", P_NS_LINK, S_IFLNK | 0777, NULL, NS_UTS, NULL },
};

static const struct proc_entry root_entry = { "/", P_ROOT, S_IFDIR | 0555, NULL, 0, NULL };
static const struct proc_entry pid_dir_entry = { "PID", P_PID_DIR, S_IFDIR | 0555, NULL, 0, NULL };
static const struct proc_entry fd_link_entry = { "N", P_FD_LINK, S_IFLNK | 0700, NULL, 0, NULL };

struct proc_node {
	const struct proc_entry *e;
	int pid;	/* in the initial namespace; 0 for global entries */
	int fd;
};

static const struct inode_ops proc_iops, proc_self_iops;
static const struct file_ops proc_dir_fops, proc_file_fops;

static struct pid_namespace *sb_ns(struct super_block *sb) { return sb->s_private; }
static struct proc_node *pnode(struct inode *i) { return i->i_private; }

static struct process *node_process(struct inode *i)
{
	struct proc_node *n = pnode(i);

	return n->pid ? process_find(&pidns_initial, n->pid) : NULL;
}

static struct inode *proc_inode(struct super_block *sb, const struct proc_entry *e, int pid, int fd, uint64_t idx)
{
	struct proc_node *n = kmalloc(sizeof(*n));
	struct inode *i;

	if (!n)
		return NULL;
	n->e = e;
	n->pid = pid;
	n->fd = fd;
	i = inode_alloc(sb, PROC_INO(pid, e->type, idx), e->mode);
	if (!i) {
		kfree(n);
		return NULL;
	}
	i->i_private = n;
	i->i_op = e->type == P_SELF ? &proc_self_iops : &proc_iops;
	i->i_fop = S_ISDIR(e->mode) ? &proc_dir_fops : &proc_file_fops;
	i->i_nlink = S_ISDIR(e->mode) ? 2 : 1;
	struct process *p = pid ? process_find(&pidns_initial, pid) : NULL;
	if (p) {
		i->i_uid = p->cred.euid;
		i->i_gid = p->cred.egid;
	}
	return i;
}

static int parse_number(const char *name, size_t len)
{
	int v = 0;

	if (len == 0 || len > 9)
		return -1;
	for (size_t k = 0; k < len; k++) {
		if (name[k] < '0' || name[k] > '9')
			return -1;
		v = v * 10 + (name[k] - '0');
	}
	return v;
}

static int name_is(const char *a, const char *name, size_t len)
{
	return strlen(a) == len && memcmp(a, name, len) == 0;
}

static int lookup_table(struct inode *dir, const struct proc_entry *t, size_t n, const char *name, size_t len,
			int pid, struct inode **out)
{
	for (size_t k = 0; k < n; k++) {
		if (name_is(t[k].name, name, len)) {
			*out = proc_inode(dir->i_sb, &t[k], pid, 0, k);
			return *out ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

/* /proc/sys directories are named by their index in procfs_sys_entries, /proc/sys
 * itself by PROCFS_SYS_TOP: the `which` of the entries it holds. */
static int sys_dir_key(const struct proc_entry *e)
{
	return e->type == P_SYS_ROOT ? PROCFS_SYS_TOP : (int)(e - procfs_sys_entries);
}

static int lookup_sys(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int key = sys_dir_key(pnode(dir)->e);

	for (size_t k = 0; k < procfs_sys_count; k++) {
		const struct proc_entry *e = &procfs_sys_entries[k];
		if (e->which == key && name_is(e->name, name, len)) {
			*out = proc_inode(dir->i_sb, e, 0, 0, k);
			return *out ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

/* The entry of the directory holding directory `e`, and its index in its table (the
 * idx of its inode number); NULL when that is the root. */
static const struct proc_entry *parent_entry(const struct proc_entry *e, uint64_t *idx)
{
	*idx = 0;
	switch (e->type) {
	case P_FD_DIR:
	case P_NS_DIR:
		return &pid_dir_entry;
	case P_SYS_DIR:
		if (e->which != PROCFS_SYS_TOP) {
			*idx = (uint64_t)e->which;
			return &procfs_sys_entries[e->which];
		}
		while (global_entries[*idx].type != P_SYS_ROOT)
			(*idx)++;
		return &global_entries[*idx];
	default:
		return NULL;
	}
}

static int lookup_root(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int nr = parse_number(name, len);

	if (nr > 0) {
		struct process *p = process_find(sb_ns(dir->i_sb), nr);
		if (!p)
			return -ENOENT;
		*out = proc_inode(dir->i_sb, &pid_dir_entry, process_pid_in(p, &pidns_initial), 0, 0);
		return *out ? 0 : -ENOMEM;
	}
	return lookup_table(dir, global_entries, ARRAY_SIZE(global_entries), name, len, 0, out);
}

static int proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct proc_node *n = pnode(dir);
	struct process *p = node_process(dir);

	if (name_is(".", name, len)) {
		*out = inode_get(dir);
		return 0;
	}
	if (name_is("..", name, len)) {
		uint64_t idx;
		const struct proc_entry *up = parent_entry(n->e, &idx);
		*out = up ? proc_inode(dir->i_sb, up, n->pid, 0, idx) : inode_get(dir->i_sb->s_root);
		return *out ? 0 : -ENOMEM;
	}
	if (n->e->type == P_ROOT)
		return lookup_root(dir, name, len, out);
	if (n->e->type == P_SYS_ROOT || n->e->type == P_SYS_DIR)
		return lookup_sys(dir, name, len, out);
	if (!p)
		return -ENOENT;
	if (n->e->type == P_PID_DIR)
		return lookup_table(dir, pid_entries, ARRAY_SIZE(pid_entries), name, len, n->pid, out);
	if (n->e->type == P_NS_DIR)
		return lookup_table(dir, ns_entries, ARRAY_SIZE(ns_entries), name, len, n->pid, out);
	if (n->e->type == P_FD_DIR) {
		int fd = parse_number(name, len);
		if (fd < 0 || fd >= MAX_FDS || !p->fdt || !p->fdt->fds[fd])
			return -ENOENT;
		*out = proc_inode(dir->i_sb, &fd_link_entry, n->pid, fd, (uint64_t)fd);
		return *out ? 0 : -ENOMEM;
	}
	return -ENOTDIR;
}

/* Only the process's own user (or root) may follow its links (like ptrace access). */
static int may_inspect(struct process *p)
{
	return curproc->cred.euid == 0 || curproc->cred.euid == p->cred.euid;
}

static int link_target(struct inode *i, struct path *out, struct file **file)
{
	struct proc_node *n = pnode(i);
	struct process *p = node_process(i);

	*file = NULL;
	if (!p || p->state != PROC_ALIVE)
		return -ENOENT;
	if (!may_inspect(p))
		return -EACCES;
	if (n->e->type == P_FD_LINK) {
		if (!p->fdt || n->fd >= MAX_FDS || !p->fdt->fds[n->fd])
			return -ENOENT;
		*file = file_get(p->fdt->fds[n->fd]);
		*out = (*file)->f_path;
		return 0;
	}
	*out = n->e->which == LINK_CWD ? p->cwd : n->e->which == LINK_ROOT ? p->root : p->exe;
	return out->inode ? 0 : -ENOENT;
}

static int proc_follow(struct inode *i, struct path *out)
{
	struct proc_node *n = pnode(i);
	struct file *f;

	if (n->e->type == P_NS_LINK) {
		struct process *p = node_process(i);
		if (!p || p->state != PROC_ALIVE)
			return -ENOENT;
		if (!may_inspect(p))
			return -EACCES;
		return nsfs_path(p, n->e->which, out);
	}
	TRY(link_target(i, out, &f));
	if (!out->mnt) {
		if (f)
			file_put(f);
		return -ENOENT;	/* pipes and other anonymous files cannot be reopened by path */
	}
	path_get(out);
	if (f)
		file_put(f);
	return 0;
}

static long proc_readlink(struct inode *i, char *buf, size_t size)
{
	struct proc_node *n = pnode(i);
	char *tmp;
	struct path target;
	struct file *f;
	long len;

	if (n->e->type == P_SELF) {
		int pid = process_pid_in(curproc, sb_ns(i->i_sb));
		if (!pid)
			return -ENOENT;
		len = ksnprintf(buf, size, "%d", pid);
		return MIN((long)size, len);
	}
	if (n->e->type == P_NS_LINK) {
		struct process *p = node_process(i);
		if (!p || p->state != PROC_ALIVE)
			return -ENOENT;
		len = nsfs_name(p, n->e->which, buf, size);
		return MIN((long)size, len);
	}
	TRY(link_target(i, &target, &f));
	tmp = kmalloc(PATH_MAX);
	if (!tmp) {
		if (f)
			file_put(f);
		return -ENOMEM;
	}
	if (f && f->f_name)
		len = (long)strlcpy(tmp, f->f_name, PATH_MAX);
	else if (!f && n->e->which == LINK_EXE && node_process(i)->exe_name)
		len = (long)strlcpy(tmp, node_process(i)->exe_name, PATH_MAX);
	else if (target.mnt && S_ISDIR(target.inode->i_mode))
		len = vfs_path_name(&target, &curproc->root, tmp, PATH_MAX);
	else
		len = ksnprintf(tmp, PATH_MAX, "%s:[%lu]", S_ISFIFO(target.inode->i_mode) ? "pipe" : "anon_inode",
				target.inode->i_ino);
	if (f)
		file_put(f);
	if (len >= 0) {
		len = MIN((long)size, len);
		memcpy(buf, tmp, (size_t)len);
	}
	kfree(tmp);
	return len;
}

static void proc_evict(struct inode *i)
{
	kfree(i->i_private);
}

static const struct inode_ops proc_iops = {
	.lookup = proc_lookup,
	.readlink = proc_readlink,
	.follow = proc_follow,
	.evict = proc_evict,
};

/* /proc/self is an ordinary symlink to "PID", resolved through the tree. */
static const struct inode_ops proc_self_iops = {
	.readlink = proc_readlink,
	.evict = proc_evict,
};

/* Emits entry e (index idx in its table) of process pid's directory, or of a global
 * one (pid 0); returns 1 when the buffer is full. */
static int emit_entry(struct dir_context *ctx, const struct proc_entry *e, int pid, uint64_t idx)
{
	if (ctx->emit(ctx, e->name, strlen(e->name), PROC_INO(pid, e->type, idx), (e->mode >> 12) & 15))
		return 1;
	ctx->pos++;
	return 0;
}

static int emit_table(struct dir_context *ctx, const struct proc_entry *t, size_t n, uint64_t *index, int pid)
{
	for (size_t k = 0; k < n; k++, (*index)++) {
		if (*index >= ctx->pos && emit_entry(ctx, &t[k], pid, k))
			return 1;
	}
	return 0;
}

static int readdir_sys(struct inode *dir, struct dir_context *ctx, uint64_t *index)
{
	int key = sys_dir_key(pnode(dir)->e);

	for (size_t k = 0; k < procfs_sys_count; k++) {
		if (procfs_sys_entries[k].which != key || (*index)++ < ctx->pos)
			continue;
		if (emit_entry(ctx, &procfs_sys_entries[k], 0, k))
			return 1;
	}
	return 0;
}

static int readdir_root(struct inode *dir, struct dir_context *ctx, uint64_t *index)
{
	struct pid_namespace *ns = sb_ns(dir->i_sb);
	char name[16];

	if (emit_table(ctx, global_entries, ARRAY_SIZE(global_entries), index, 0))
		return 1;
	list_for_each(l, &all_processes) {
		struct process *p = list_entry(l, struct process, all_link);
		int nr = process_pid_in(p, ns);
		if (!nr || p->state == PROC_REAPED)
			continue;
		if ((*index)++ < ctx->pos)
			continue;
		int len = ksnprintf(name, sizeof(name), "%d", nr);
		if (ctx->emit(ctx, name, (size_t)len, PROC_INO(process_pid_in(p, &pidns_initial), P_PID_DIR, 0),
			      DT_DIR))
			return 1;
		ctx->pos++;
	}
	return 0;
}

static int readdir_fds(struct process *p, struct dir_context *ctx, uint64_t *index)
{
	char name[16];

	for (int fd = 0; p->fdt && fd < MAX_FDS; fd++) {
		if (!p->fdt->fds[fd])
			continue;
		if ((*index)++ < ctx->pos)
			continue;
		int len = ksnprintf(name, sizeof(name), "%d", fd);
		if (ctx->emit(ctx, name, (size_t)len, PROC_INO(process_pid_in(p, &pidns_initial), P_FD_LINK, (uint64_t)fd), DT_LNK))
			return 1;
		ctx->pos++;
	}
	return 0;
}

static int proc_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	struct proc_node *n = pnode(dir);
	struct process *p = node_process(dir);
	uint64_t index = 2, up_idx;
	const struct proc_entry *up = parent_entry(n->e, &up_idx);

	if (ctx->pos == 0) {
		if (ctx->emit(ctx, ".", 1, dir->i_ino, DT_DIR))
			return 0;
		ctx->pos++;
	}
	if (ctx->pos == 1) {
		if (ctx->emit(ctx, "..", 2, up ? PROC_INO(n->pid, up->type, up_idx) : dir->i_sb->s_root->i_ino, DT_DIR))
			return 0;
		ctx->pos++;
	}
	if (n->e->type == P_ROOT)
		readdir_root(dir, ctx, &index);
	else if (n->e->type == P_SYS_ROOT || n->e->type == P_SYS_DIR)
		readdir_sys(dir, ctx, &index);
	else if (!p)
		return -ENOENT;
	else if (n->e->type == P_PID_DIR)
		emit_table(ctx, pid_entries, ARRAY_SIZE(pid_entries), &index, n->pid);
	else if (n->e->type == P_NS_DIR)
		emit_table(ctx, ns_entries, ARRAY_SIZE(ns_entries), &index, n->pid);
	else if (n->e->type == P_FD_DIR)
		readdir_fds(p, ctx, &index);
	return 0;
}

/* Makes room for more than `need` bytes in all; 0, or -1 (and overflow) without memory. */
static int seq_grow(struct seq *s, size_t need)
{
	size_t cap = s->cap ? s->cap : 1024;
	char *nb;

	if (need < s->cap)
		return 0;
	while (cap <= need)
		cap *= 2;
	nb = kmalloc(cap);
	if (!nb) {
		s->overflow = 1;
		return -1;
	}
	memcpy(nb, s->buf, s->len);
	kfree(s->buf);
	s->buf = nb;
	s->cap = cap;
	return 0;
}

void seq_printf(struct seq *s, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		va_start(ap, fmt);
		int n = kvsnprintf(s->buf + s->len, s->cap - s->len, fmt, ap);
		va_end(ap);
		if (s->len + (size_t)n < s->cap) {
			s->len += (size_t)n;
			return;
		}
		if (seq_grow(s, s->len + (size_t)n) < 0)
			return;
	}
}

void seq_write(struct seq *s, const void *data, size_t n)
{
	if (seq_grow(s, s->len + n) < 0)
		return;
	memcpy(s->buf + s->len, data, n);
	s->len += n;
}

static void show_cmdline(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	if (p->state == PROC_ALIVE && p->cmdline)
		seq_write(s, p->cmdline, p->cmdline_len);
}

static void show_comm(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", p->comm);
}

static int proc_open(struct inode *i, struct file *f)
{
	struct proc_node *n = pnode(i);
	struct seq *s;
	struct process *p = node_process(i);

	if (n->pid && !p)
		return -ESRCH;
	if (!n->e->show)
		return -EINVAL;
	/* Linux checks a sysctl's mode even for root: a 0444 one is read-only to all. */
	if (n->e->type == P_SYS_FILE && file_writable(f) && !n->e->store)
		return -EACCES;
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	n->e->show(s, p ? p : curproc, sb_ns(i->i_sb));
	if (s->overflow) {
		kfree(s->buf);
		kfree(s);
		return -ENOMEM;
	}
	f->f_private = s;
	return 0;
}

static long proc_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	struct seq *s = f->f_private;

	if (*pos >= s->len)
		return 0;
	n = MIN(n, s->len - *pos);
	TRY(iobuf_put(b, 0, s->buf + *pos, n));
	*pos += n;
	return (long)n;
}

/* Only /proc/sys files with a store take writes (to the live value, not the text
 * generated at open); the others are EINVAL, as with no write operation at all. */
static long proc_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	store_t store = pnode(f->f_inode)->e->store;

	return store ? store(b, n, pos) : -EINVAL;
}

static void proc_release(struct file *f)
{
	struct seq *s = f->f_private;

	if (s) {
		kfree(s->buf);
		kfree(s);
	}
}

static const struct file_ops proc_dir_fops = { .readdir = proc_readdir };
static const struct file_ops proc_file_fops = {
	.open = proc_open, .read = proc_read, .write = proc_write, .release = proc_release,
};

static int proc_statfs(struct super_block *sb, struct linux_statfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = PROC_MAGIC;
	st->f_bsize = st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	return 0;
}

static void proc_put_super(struct super_block *sb)
{
	pidns_put(sb_ns(sb));
}

static const struct super_ops proc_sops = { proc_statfs, proc_put_super };

static int procfs_mount(const char *source, int flags, const char *data, struct super_block **out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return -ENOMEM;
	sb->s_type = "proc";
	sb->s_dev = vfs_new_dev();
	sb->s_magic = PROC_MAGIC;
	sb->s_op = &proc_sops;
	/* The namespace the mounting process is in, as Linux does. */
	sb->s_private = process_pidns(curproc);
	pidns_get(sb->s_private);
	sb->s_root = proc_inode(sb, &root_entry, 0, 0, 0);
	if (!sb->s_root) {
		pidns_put(sb->s_private);
		kfree(sb);
		return -ENOMEM;
	}
	*out = sb;
	return 0;
}

const struct fs_type procfs_type = { .name = "proc", .mount = procfs_mount };
