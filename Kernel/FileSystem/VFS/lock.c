/*
 * Advisory file locks, as Linux keeps them.
 *
 * Three kinds of lock share one place per file:
 *  - flock(2) locks cover the whole file and belong to the open file description, so
 *    dup and fork share them. A description holds at most one; changing its type is
 *    not atomic (the old lock goes first, as on Linux, so a failed LOCK_NB upgrade
 *    leaves none). LOCK_UN or the description's last close releases it.
 *  - POSIX record locks (fcntl F_SETLK) cover byte ranges and belong to the process.
 *    A process's own locks never conflict: a new range replaces whatever the process
 *    held there, splitting and merging, so that its locks never overlap and touching
 *    locks of one type are one lock. All of them on a file go when the process closes
 *    any descriptor of that file (POSIX's rule), and all of them at exit.
 *  - OFD record locks (F_OFD_SETLK): the same ranges, owned by the open file
 *    description and released at its last close. POSIX and OFD locks sit on one
 *    list and conflict like any two owners; flock locks never meet record locks.
 * Two locks conflict when their owners differ, their ranges overlap and one of
 * them is a write (exclusive) lock.
 *
 * Where: one lock_context per locked file, found by the file's identity (superblock
 * and inode number, what inode_same compares) rather than through a field of struct
 * inode, because a filesystem may hand out two struct inodes for one file (EROFS
 * reads an inode afresh at each lookup) and a lock must be seen through both. A
 * context lives while it holds locks or sleepers, so `contexts` is as long as the
 * number of locked files, and closing and exiting free everything.
 *
 * Waiting: F_SETLKW and a blocking flock sleep on their context's queue until it
 * changes (lc_gen), then look again; every unlock, release or conversion wakes all
 * of its sleepers. A sleeping POSIX request is also on `posix_waiters`, naming the
 * owner it waits for. Before sleeping, a POSIX request follows that chain (owner ->
 * what it waits for -> ..., 10 steps, Linux's posix_locks_deadlock) and fails with
 * EDEADLK if it leads back to itself. A change to a context clears what its sleepers
 * wait for until they have looked again, as Linux drops woken waiters from its
 * blocked hash.
 *
 * Locking: one CPU, a kernel that is never preempted and no use from interrupts, so
 * these lists change only in process context between sleeps.
 */
#include "FileSystem/VFS/lock.h"

#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Tasks/process.h"

#define DEADLOCK_MAX_STEPS 10

struct file_lock {
	struct list_node fl_link;	/* in lc_flock or lc_records */
	int fl_kind;			/* LOCK_KIND_* */
	int fl_type;			/* F_RDLCK or F_WRLCK */
	void *fl_owner;			/* struct file (flock, OFD) or struct process (POSIX) */
	int64_t fl_start, fl_end;	/* bytes covered, both included */
};

struct lock_context {
	struct list_node lc_link;	/* in contexts */
	struct super_block *lc_sb;	/* the file, as inode_same identifies it */
	uint64_t lc_ino;
	struct list_node lc_flock;	/* flock locks, one per file description */
	struct list_node lc_records;	/* POSIX and OFD locks */
	struct waitq lc_wait;		/* F_SETLKW and blocking flock sleep here */
	uint64_t lc_gen;		/* bumped at every release: sleepers look again */
	int lc_sleepers;		/* threads asleep on lc_wait; they keep the context */
};

/* A POSIX request asleep, for the deadlock check. Lives on the sleeper's stack. */
struct lock_waiter {
	struct list_node lw_link;	/* in posix_waiters */
	struct lock_context *lw_ctx;
	void *lw_owner;			/* the sleeping process */
	void *lw_blocker;		/* the owner it waits for; NULL once woken */
};

static struct list_node contexts = LIST_INIT(contexts);
static struct list_node posix_waiters = LIST_INIT(posix_waiters);

static struct lock_context *ctx_find(const struct inode *inode)
{
	list_for_each(n, &contexts) {
		struct lock_context *c = list_entry(n, struct lock_context, lc_link);
		if (c->lc_sb == inode->i_sb && c->lc_ino == inode->i_ino)
			return c;
	}
	return NULL;
}

/* The context of inode's file, made if it has none; NULL when out of memory. */
static struct lock_context *ctx_get(const struct inode *inode)
{
	struct lock_context *c = ctx_find(inode);

	if (c)
		return c;
	c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->lc_sb = inode->i_sb;
	c->lc_ino = inode->i_ino;
	list_init(&c->lc_flock);
	list_init(&c->lc_records);
	waitq_init(&c->lc_wait);
	list_append(&contexts, &c->lc_link);
	return c;
}

/* Frees c once it holds no lock and no one sleeps on it. */
static void ctx_put_if_idle(struct lock_context *c)
{
	if (!list_empty(&c->lc_flock) || !list_empty(&c->lc_records) || c->lc_sleepers)
		return;
	list_remove(&c->lc_link);
	kfree(c);
}

/* Locks in c went or weakened: its sleepers look again, waiting for no one meanwhile. */
static void ctx_changed(struct lock_context *c)
{
	c->lc_gen++;
	if (!c->lc_sleepers)
		return;
	list_for_each(n, &posix_waiters) {
		struct lock_waiter *w = list_entry(n, struct lock_waiter, lw_link);
		if (w->lw_ctx == c)
			w->lw_blocker = NULL;
	}
	waitq_wake_all(&c->lc_wait);
}

static void lock_free(struct file_lock *fl)
{
	list_remove(&fl->fl_link);
	kfree(fl);
}

static int overlaps(const struct file_lock *fl, int64_t start, int64_t end)
{
	return fl->fl_start <= end && start <= fl->fl_end;
}

/* The first lock on `list` another owner holds that conflicts with `type` over
 * [start, end]; NULL if none. */
static struct file_lock *find_conflict(struct list_node *list, void *owner, int type, int64_t start, int64_t end)
{
	list_for_each(n, list) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner != owner && overlaps(fl, start, end) &&
		    (type == F_WRLCK || fl->fl_type == F_WRLCK))
			return fl;
	}
	return NULL;
}

/* Whether `me` waiting for `blocker` closes a cycle of sleeping POSIX requests. */
static int posix_deadlock(void *me, void *blocker)
{
	for (int step = 0; step < DEADLOCK_MAX_STEPS; step++) {
		struct lock_waiter *w = NULL;
		list_for_each(n, &posix_waiters) {
			struct lock_waiter *x = list_entry(n, struct lock_waiter, lw_link);
			if (x->lw_owner == blocker && x->lw_blocker) {
				w = x;
				break;
			}
		}
		if (!w)
			return 0;
		blocker = w->lw_blocker;
		if (blocker == me)
			return 1;
	}
	return 0;
}

/*
 * Waits on c for a conflict with `blocker` to go away: 0 when c changed (look again),
 * -EAGAIN without `wait`, -EDEADLK for a POSIX cycle, -ERESTARTSYS for a signal.
 */
static int ctx_wait(struct lock_context *c, int kind, void *owner, const struct file_lock *blocker, int wait)
{
	struct lock_waiter w = { .lw_ctx = c, .lw_owner = owner, .lw_blocker = blocker->fl_owner };
	uint64_t gen = c->lc_gen;
	int err;

	if (!wait)
		return -EAGAIN;
	if (kind == LOCK_KIND_POSIX && posix_deadlock(owner, blocker->fl_owner))
		return -EDEADLK;
	list_init(&w.lw_link);
	if (kind == LOCK_KIND_POSIX)
		list_append(&posix_waiters, &w.lw_link);
	c->lc_sleepers++;
	err = WAIT_EVENT_INTERRUPTIBLE(&c->lc_wait, c->lc_gen != gen);
	c->lc_sleepers--;
	list_remove(&w.lw_link);
	return err;
}

static struct file_lock *lock_new(int kind, void *owner, int type, int64_t start, int64_t end)
{
	struct file_lock *fl = kzalloc(sizeof(*fl));

	if (fl) {
		fl->fl_kind = kind;
		fl->fl_owner = owner;
		fl->fl_type = type;
		fl->fl_start = start;
		fl->fl_end = end;
		list_init(&fl->fl_link);
	}
	return fl;
}

/* ---- flock(2) ---- */

static struct file_lock *flock_of(struct lock_context *c, struct file *f)
{
	list_for_each(n, &c->lc_flock) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner == f)
			return fl;
	}
	return NULL;
}

/* Gives f a flock lock of `type` (F_UNLCK: none), as Linux's flock_lock_inode. */
static int flock_set(struct lock_context *c, struct file *f, int type, int wait)
{
	for (;;) {
		struct file_lock *old = flock_of(c, f), *fl;
		if (old && old->fl_type == type)
			return 0;
		if (old) {
			lock_free(old);
			ctx_changed(c);
		}
		if (type == F_UNLCK)
			return 0;
		fl = find_conflict(&c->lc_flock, f, type, 0, LOCK_OFFSET_MAX);
		if (!fl) {
			fl = lock_new(LOCK_KIND_FLOCK, f, type, 0, LOCK_OFFSET_MAX);
			if (!fl)
				return -ENOLCK;
			list_append(&c->lc_flock, &fl->fl_link);
			return 0;
		}
		TRY(ctx_wait(c, LOCK_KIND_FLOCK, f, fl, wait));
	}
}

long vfs_flock(struct file *f, unsigned cmd)
{
	struct lock_context *c;
	int type, err;

	switch (cmd & ~LOCK_NB) {
	case LOCK_SH: type = F_RDLCK; break;
	case LOCK_EX: type = F_WRLCK; break;
	case LOCK_UN: type = F_UNLCK; break;
	default: return -EINVAL;
	}
	if (f->f_flags & O_PATH)
		return -EBADF;
	if (type == F_UNLCK && !ctx_find(f->f_inode))
		return 0;
	c = ctx_get(f->f_inode);
	if (!c)
		return -ENOLCK;
	err = flock_set(c, f, type, !(cmd & LOCK_NB));
	ctx_put_if_idle(c);
	return err;
}

/* ---- record locks (POSIX and OFD) ---- */

/* Takes [start, end] out of owner's record locks; a lock reaching past it on both
 * sides is split, its second half being *spare (then set to NULL). */
static void records_cut(struct lock_context *c, void *owner, int64_t start, int64_t end, struct file_lock **spare)
{
	list_for_each_safe(n, &c->lc_records) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner != owner || !overlaps(fl, start, end))
			continue;
		if (fl->fl_start < start && fl->fl_end > end) {
			struct file_lock *tail = *spare;
			*spare = NULL;
			*tail = *fl;
			tail->fl_start = end + 1;
			list_insert_between(&tail->fl_link, &fl->fl_link, fl->fl_link.next);
			fl->fl_end = start - 1;
		} else if (fl->fl_start < start) {
			fl->fl_end = start - 1;
		} else if (fl->fl_end > end) {
			fl->fl_start = end + 1;
		} else {
			lock_free(fl);
		}
	}
}

/* Adds `new` (its owner holding nothing that overlaps it), absorbing the owner's
 * locks of its type that touch it on either side. As on Linux, an owner's locks stay
 * together on the list, sorted by start, and an owner's first lock goes last: F_GETLK
 * reports the first conflicting lock in that order. */
static void records_insert(struct lock_context *c, struct file_lock *new)
{
	struct list_node *at = &c->lc_records;
	int seen = 0;

	list_for_each_safe(n, &c->lc_records) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner != new->fl_owner || fl->fl_type != new->fl_type)
			continue;
		if ((new->fl_start > 0 && fl->fl_end == new->fl_start - 1) ||
		    (new->fl_end < LOCK_OFFSET_MAX && fl->fl_start == new->fl_end + 1)) {
			new->fl_start = MIN(new->fl_start, fl->fl_start);
			new->fl_end = MAX(new->fl_end, fl->fl_end);
			lock_free(fl);
		}
	}
	list_for_each(n, &c->lc_records) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner == new->fl_owner ? fl->fl_start > new->fl_start : seen) {
			at = n;
			break;
		}
		seen |= fl->fl_owner == new->fl_owner;
	}
	list_insert_between(&new->fl_link, at->prev, at);
}

int lock_record_set(struct inode *inode, int kind, void *owner, int type, int64_t start, int64_t end, int wait)
{
	struct lock_context *c;
	struct file_lock *new = NULL, *spare, *fl;
	int err = -ENOLCK;

	if (type == F_UNLCK && !ctx_find(inode))
		return 0;
	c = ctx_get(inode);
	if (!c)
		return -ENOLCK;
	spare = lock_new(kind, owner, type, start, end);
	if (type != F_UNLCK)
		new = lock_new(kind, owner, type, start, end);
	if (!spare || (type != F_UNLCK && !new))
		goto out;
	err = 0;
	while (new && (fl = find_conflict(&c->lc_records, owner, type, start, end)))
		if ((err = ctx_wait(c, kind, owner, fl, wait)) < 0)
			goto out;
	records_cut(c, owner, start, end, &spare);
	if (new)
		records_insert(c, new);
	new = NULL;
	ctx_changed(c);
out:
	kfree(new);
	kfree(spare);
	ctx_put_if_idle(c);
	return err;
}

int lock_ranges(struct inode *inode, void *owner, struct lock_range *out, int max)
{
	struct lock_context *c = ctx_find(inode);
	int count = 0;

	if (!c)
		return 0;
	list_for_each(n, &c->lc_records) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner != owner)
			continue;
		if (count < max)
			out[count] = (struct lock_range){ fl->fl_start, fl->fl_end, fl->fl_type };
		count++;
	}
	return count;
}

/* The bytes a struct flock names, both ends included, as Linux's
 * flock64_to_posix_lock computes them (l_len 0: to the end and beyond; a negative
 * l_len: the bytes before l_start). */
static int flock_range(const struct file *f, const struct linux_flock *l, int64_t *start, int64_t *end)
{
	int64_t base;

	switch (l->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->f_pos; break;
	case SEEK_END: base = (int64_t)f->f_inode->i_size; break;
	default: return -EINVAL;
	}
	if (l->l_start > LOCK_OFFSET_MAX - base)
		return -EOVERFLOW;
	*start = base + l->l_start;
	if (*start < 0)
		return -EINVAL;
	if (l->l_len > 0) {
		if (l->l_len - 1 > LOCK_OFFSET_MAX - *start)
			return -EOVERFLOW;
		*end = *start + (l->l_len - 1);
	} else if (l->l_len < 0) {
		if (*start + l->l_len < 0)
			return -EINVAL;
		*end = *start - 1;
		*start += l->l_len;
	} else {
		*end = LOCK_OFFSET_MAX;
	}
	return 0;
}

static int is_ofd_cmd(int cmd)
{
	return cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/* F_GETLK / F_OFD_GETLK: *l becomes the first conflicting lock, or l_type F_UNLCK. */
static int fcntl_getlk(struct file *f, int cmd, struct linux_flock *l)
{
	void *owner = is_ofd_cmd(cmd) ? (void *)f : (void *)curproc;
	struct lock_context *c;
	struct file_lock *fl = NULL;
	int64_t start, end;

	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	TRY(flock_range(f, l, &start, &end));
	if (is_ofd_cmd(cmd) && l->l_pid != 0)
		return -EINVAL;
	if ((c = ctx_find(f->f_inode)))
		fl = find_conflict(&c->lc_records, owner, l->l_type, start, end);
	if (!fl) {
		l->l_type = F_UNLCK;
		return 0;
	}
	l->l_type = (int16_t)fl->fl_type;
	l->l_whence = SEEK_SET;
	l->l_start = fl->fl_start;
	l->l_len = fl->fl_end == LOCK_OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
	l->l_pid = fl->fl_kind == LOCK_KIND_POSIX ? process_pid_in(fl->fl_owner, current_pidns()) : -1;
	return 0;
}

/* F_SETLK(W) / F_OFD_SETLK(W) through descriptor fd of f. */
static int fcntl_setlk(struct file *f, int fd, int cmd, const struct linux_flock *l)
{
	int ofd = is_ofd_cmd(cmd), wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
	int64_t start, end;

	TRY(flock_range(f, l, &start, &end));
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	if ((l->l_type == F_RDLCK && !file_readable(f)) || (l->l_type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	if (ofd && l->l_pid != 0)
		return -EINVAL;
	TRY(lock_record_set(f->f_inode, ofd ? LOCK_KIND_OFD : LOCK_KIND_POSIX, ofd ? (void *)f : (void *)curproc,
			    l->l_type, start, end, wait));
	/* Another thread closed fd while this one slept: the close dropped the
	 * process's locks on the file, and the one just taken goes too (as on Linux). */
	if (!ofd && curproc->fdt->fds[fd] != f)
		lock_close_posix(f, curproc);
	return 0;
}

long vfs_fcntl_lock(struct file *f, int fd, int cmd, uint64_t uarg)
{
	struct linux_flock l;

	if (f->f_flags & O_PATH)
		return -EBADF;
	TRY(copy_from_user(&l, uarg, sizeof(l)));
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		TRY(fcntl_getlk(f, cmd, &l));
		return copy_to_user(uarg, &l, sizeof(l));
	}
	return fcntl_setlk(f, fd, cmd, &l);
}

/* ---- releases ---- */

/* Drops owner's locks on `list`, waking c's sleepers if there were any. */
static void drop_owned(struct lock_context *c, struct list_node *list, void *owner)
{
	int dropped = 0;

	list_for_each_safe(n, list) {
		struct file_lock *fl = list_entry(n, struct file_lock, fl_link);
		if (fl->fl_owner == owner) {
			lock_free(fl);
			dropped = 1;
		}
	}
	if (dropped)
		ctx_changed(c);
}

void lock_close_posix(struct file *f, struct process *p)
{
	struct lock_context *c;

	if (list_empty(&contexts) || !f->f_inode || !(c = ctx_find(f->f_inode)))
		return;
	drop_owned(c, &c->lc_records, p);
	ctx_put_if_idle(c);
}

void lock_release_file(struct file *f)
{
	struct lock_context *c;

	if (list_empty(&contexts) || !f->f_inode || !(c = ctx_find(f->f_inode)))
		return;
	drop_owned(c, &c->lc_flock, f);
	drop_owned(c, &c->lc_records, f);
	ctx_put_if_idle(c);
}

void lock_release_process(struct process *p)
{
	list_for_each_safe(n, &contexts) {
		struct lock_context *c = list_entry(n, struct lock_context, lc_link);
		drop_owned(c, &c->lc_records, p);
		ctx_put_if_idle(c);
	}
}
