/*
 * poll, ppoll, select and pselect6. One engine: each pass asks every file's poll()
 * for its ready mask while registering the thread on the files' wait queues; if
 * nothing is ready it sleeps until one of those queues is woken (poll_triggered),
 * the deadline passes, or a signal arrives, then takes another pass.
 */
#include "Devices/Timer/clock.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define POLL_FDS_MAX 1024
#define DEFAULT_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

static unsigned poll_one(struct linux_pollfd *p, struct poll_table *pt)
{
	struct file *f;
	unsigned mask;

	if (p->fd < 0)
		return 0;
	f = fd_get(p->fd);
	if (!f)
		return POLLNVAL;
	mask = (f->f_op && f->f_op->poll) ? f->f_op->poll(f, pt) : DEFAULT_MASK;
	file_put(f);
	return mask & ((unsigned)p->events | POLLERR | POLLHUP | POLLNVAL);
}

static void unregister(struct poll_table *pt)
{
	for (int i = 0; i < pt->count; i++)
		waitq_remove(&pt->entries[i]);
	pt->count = 0;
}

/* deadline: 0 = wait forever, UINT64_MAX = do not wait. Returns ready count or -E. */
static long poll_engine(struct linux_pollfd *fds, size_t n, uint64_t deadline)
{
	struct poll_table *pt = kmalloc(sizeof(*pt));
	long ready;

	if (!pt)
		return -ENOMEM;
	for (;;) {
		pt->count = 0;
		current->poll_triggered = 0;
		ready = 0;
		for (size_t i = 0; i < n; i++) {
			fds[i].revents = (int16_t)poll_one(&fds[i], deadline == UINT64_MAX ? NULL : pt);
			if (fds[i].revents)
				ready++;
		}
		if (ready || deadline == UINT64_MAX)
			break;
		int irq = irq_save();
		int err = current->poll_triggered ? 0 : waitq_block(NULL, 1, deadline);
		irq_restore(irq);
		unregister(pt);
		if (err == -ETIMEDOUT)
			break;
		if (err) {
			ready = -ERESTARTSYS;
			break;
		}
	}
	unregister(pt);
	kfree(pt);
	return ready;
}

static uint64_t deadline_after(int64_t ns)
{
	if (ns < 0)
		return 0;
	if (ns == 0)
		return UINT64_MAX;
	return clock_ns() + (uint64_t)ns;
}

static long do_poll(uint64_t ufds, size_t n, uint64_t deadline)
{
	struct linux_pollfd *fds;
	long r;

	if (n > POLL_FDS_MAX)
		return -EINVAL;
	fds = kmalloc(n * sizeof(*fds) + 1);
	if (!fds)
		return -ENOMEM;
	r = copy_from_user(fds, ufds, n * sizeof(*fds));
	if (r == 0)
		r = poll_engine(fds, n, deadline);
	if (r >= 0 && copy_to_user(ufds, fds, n * sizeof(*fds)) < 0)
		r = -EFAULT;
	kfree(fds);
	return r == -ERESTARTSYS ? -EINTR : r;
}

long sys_poll(uint64_t ufds, size_t n, int timeout_ms)
{
	return do_poll(ufds, n, deadline_after(timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000));
}

static long with_sigmask(uint64_t usigmask, size_t size, uint64_t *saved)
{
	uint64_t mask;

	if (!usigmask)
		return 0;
	if (size != 8)
		return -EINVAL;
	TRY(copy_from_user(&mask, usigmask, sizeof(mask)));
	*saved = current->sig_blocked;
	current->sig_blocked = mask & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	return 1;
}

/* After ppoll/pselect: the old mask comes back once the handler has run. */
static void restore_sigmask(long changed, uint64_t saved, long result)
{
	if (changed <= 0)
		return;
	if (result == -EINTR) {
		current->saved_mask = saved;
		current->saved_mask_valid = 1;
	} else {
		current->sig_blocked = saved;
	}
}

static long read_timeout(uint64_t uts, uint64_t *deadline)
{
	struct linux_timespec ts;

	*deadline = 0;
	if (!uts)
		return 0;
	TRY(copy_from_user(&ts, uts, sizeof(ts)));
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*deadline = deadline_after(ts.tv_sec * 1000000000LL + ts.tv_nsec);
	return 0;
}

long sys_ppoll(uint64_t ufds, size_t n, uint64_t uts, uint64_t usigmask, size_t size)
{
	uint64_t deadline, saved = 0;
	long changed, r;

	TRY(read_timeout(uts, &deadline));
	TRY(changed = with_sigmask(usigmask, size, &saved));
	r = do_poll(ufds, n, deadline);
	restore_sigmask(changed, saved, r);
	return r;
}

/* select: fd_sets become a pollfd array and back. */
static long do_select(int nfds, uint64_t urd, uint64_t uwr, uint64_t uex, uint64_t deadline)
{
	uint64_t rd[16] = { 0 }, wr[16] = { 0 }, ex[16] = { 0 }, ord[16] = { 0 }, owr[16] = { 0 }, oex[16] = { 0 };
	size_t bytes = ALIGN_UP((size_t)nfds, 64) / 8;
	struct linux_pollfd *fds;
	long r, count = 0;
	size_t n = 0;

	if (nfds < 0 || nfds > POLL_FDS_MAX)
		return -EINVAL;
	if ((urd && copy_from_user(rd, urd, bytes) < 0) || (uwr && copy_from_user(wr, uwr, bytes) < 0) ||
	    (uex && copy_from_user(ex, uex, bytes) < 0))
		return -EFAULT;
	fds = kmalloc((size_t)nfds * sizeof(*fds) + 1);
	if (!fds)
		return -ENOMEM;
	for (int fd = 0; fd < nfds; fd++) {
		uint64_t bit = 1ULL << (fd % 64);
		short ev = (short)(((rd[fd / 64] & bit) ? POLLIN : 0) | ((wr[fd / 64] & bit) ? POLLOUT : 0) |
				   ((ex[fd / 64] & bit) ? POLLPRI : 0));
		if (ev)
			fds[n++] = (struct linux_pollfd){ fd, ev, 0 };
	}
	r = poll_engine(fds, n, deadline);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		int fd = fds[i].fd;
		uint64_t bit = 1ULL << (fd % 64);
		if (fds[i].revents & POLLNVAL) {
			r = -EBADF;
			break;
		}
		if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) && (fds[i].events & POLLIN))
			ord[fd / 64] |= bit, count++;
		if ((fds[i].revents & (POLLOUT | POLLERR)) && (fds[i].events & POLLOUT))
			owr[fd / 64] |= bit, count++;
		if ((fds[i].revents & POLLPRI) && (fds[i].events & POLLPRI))
			oex[fd / 64] |= bit, count++;
	}
	kfree(fds);
	if (r < 0)
		return r == -ERESTARTSYS ? -EINTR : r;
	if ((urd && copy_to_user(urd, ord, bytes) < 0) || (uwr && copy_to_user(uwr, owr, bytes) < 0) ||
	    (uex && copy_to_user(uex, oex, bytes) < 0))
		return -EFAULT;
	return count;
}

/* Linux writes the time left back into select's timeout. */
static uint64_t time_left(uint64_t deadline)
{
	uint64_t now = clock_ns();

	return (deadline == 0 || deadline == UINT64_MAX || now >= deadline) ? 0 : deadline - now;
}

long sys_select(int nfds, uint64_t rd, uint64_t wr, uint64_t ex, uint64_t utv)
{
	struct linux_timeval tv;
	uint64_t deadline = 0;
	long r;

	if (utv) {
		TRY(copy_from_user(&tv, utv, sizeof(tv)));
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		deadline = deadline_after(tv.tv_sec * 1000000000LL + tv.tv_usec * 1000);
	}
	r = do_select(nfds, rd, wr, ex, deadline);
	if (utv) {
		uint64_t left = time_left(deadline);
		tv.tv_sec = (int64_t)(left / 1000000000ULL);
		tv.tv_usec = (int64_t)(left % 1000000000ULL / 1000);
		if (copy_to_user(utv, &tv, sizeof(tv)) < 0 && r >= 0)
			r = -EFAULT;
	}
	return r;
}

long sys_pselect6(int nfds, uint64_t rd, uint64_t wr, uint64_t ex, uint64_t uts, uint64_t usig)
{
	struct {
		uint64_t set;
		uint64_t size;
	} sig = { 0, 0 };
	uint64_t deadline, saved = 0;
	long changed = 0, r;

	TRY(read_timeout(uts, &deadline));
	if (usig) {
		TRY(copy_from_user(&sig, usig, sizeof(sig)));
		TRY(changed = with_sigmask(sig.set, sig.size, &saved));
	}
	r = do_select(nfds, rd, wr, ex, deadline);
	restore_sigmask(changed, saved, r);
	return r;
}
