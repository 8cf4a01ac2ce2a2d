/*
 * Signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend,
 * pause, sigaltstack, rt_sigreturn, kill, tkill, tgkill, and the interval timers
 * (alarm, setitimer, getitimer).
 *
 * kill follows pid_namespaces(7): a process sees only its own namespace and its
 * descendants; signals to a namespace's init from inside the namespace are dropped
 * unless init has a handler for them (SIGKILL and SIGSTOP included), while SIGKILL
 * and SIGSTOP from an ancestor namespace always reach it.
 */
#include "API/atoll.h"
#include "Devices/Timer/clock.h"
#include "Lib/string.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

long sys_rt_sigaction(int sig, uint64_t uact, uint64_t uold, size_t size)
{
	struct linux_sigaction act, *slot;

	if (size != 8 || sig < 1 || sig > NSIG)
		return -EINVAL;
	slot = &curproc->sighand->action[sig - 1];
	if (uold && copy_to_user(uold, slot, sizeof(*slot)) < 0)
		return -EFAULT;
	if (!uact)
		return 0;
	if (sig == SIGKILL || sig == SIGSTOP)
		return -EINVAL;
	TRY(copy_from_user(&act, uact, sizeof(act)));
	act.mask &= ~UNBLOCKABLE;
	*slot = act;
	/* Setting SIG_IGN discards what is pending (POSIX). */
	if (signal_ignored(curproc, sig)) {
		curproc->sig_pending &= ~SIGBIT(sig);
		current->sig_pending &= ~SIGBIT(sig);
	}
	return 0;
}

long sys_rt_sigprocmask(int how, uint64_t uset, uint64_t uold, size_t size)
{
	uint64_t set, old = current->sig_blocked;

	if (size != 8)
		return -EINVAL;
	if (uset) {
		TRY(copy_from_user(&set, uset, sizeof(set)));
		switch (how) {
		case SIG_BLOCK:
			current->sig_blocked |= set;
			break;
		case SIG_UNBLOCK:
			current->sig_blocked &= ~set;
			break;
		case SIG_SETMASK:
			current->sig_blocked = set;
			break;
		default:
			return -EINVAL;
		}
		current->sig_blocked &= ~UNBLOCKABLE;
	}
	if (uold)
		TRY(copy_to_user(uold, &old, sizeof(old)));
	return 0;
}

long sys_rt_sigpending(uint64_t uset, size_t size)
{
	uint64_t set = (current->sig_pending | curproc->sig_pending) & current->sig_blocked;

	if (size != 8)
		return -EINVAL;
	return copy_to_user(uset, &set, sizeof(set));
}

long sys_rt_sigsuspend(uint64_t umask, size_t size)
{
	uint64_t mask;

	if (size != 8)
		return -EINVAL;
	TRY(copy_from_user(&mask, umask, sizeof(mask)));
	current->saved_mask = current->sig_blocked;
	current->saved_mask_valid = 1;
	current->sig_blocked = mask & ~UNBLOCKABLE;
	while (WAIT_EVENT(NULL, 0, 1, 0) != -ERESTARTSYS)
		;
	return -EINTR;
}

long sys_pause(void)
{
	while (WAIT_EVENT(NULL, 0, 1, 0) != -ERESTARTSYS)
		;
	return -EINTR;
}

long sys_sigaltstack(uint64_t uss, uint64_t uold)
{
	struct linux_stack ss, old = { current->altstack_sp, 0, 0, current->altstack_size };

	old.ss_flags = current->altstack_size ? 0 : SS_DISABLE;
	if (uss) {
		TRY(copy_from_user(&ss, uss, sizeof(ss)));
		if (ss.ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (!(ss.ss_flags & SS_DISABLE) && ss.ss_size < 2048)
			return -ENOMEM;
		current->altstack_sp = (ss.ss_flags & SS_DISABLE) ? 0 : ss.ss_sp;
		current->altstack_size = (ss.ss_flags & SS_DISABLE) ? 0 : ss.ss_size;
		current->altstack_flags = ss.ss_flags;
	}
	if (uold)
		TRY(copy_to_user(uold, &old, sizeof(old)));
	return 0;
}

long sys_rt_sigreturn(void)
{
	return signal_sigreturn(current->frame);
}

static int may_signal(struct process *p, int sig)
{
	const struct credentials *c = &curproc->cred;

	if (c->euid == 0 || c->uid == p->cred.uid || c->euid == p->cred.uid || c->uid == p->cred.suid ||
	    c->euid == p->cred.suid)
		return 0;
	if (sig == SIGCONT && p->sid == curproc->sid)
		return 0;
	return -EPERM;
}

/* Whether a signal from the caller to p is dropped by the init protection. */
static int init_protected(struct process *p, int sig)
{
	struct pid_namespace *ns = process_pidns(p);

	if (ns->reaper != p)
		return 0;
	if (current_pidns() != ns && (sig == SIGKILL || sig == SIGSTOP))
		return 0;	/* from an ancestor namespace */
	return p->sighand->action[sig - 1].handler == SIG_DFL;
}

static long send_to(struct process *p, int sig, struct linux_siginfo *info)
{
	TRY(may_signal(p, sig));
	if (sig == 0 || init_protected(p, sig))
		return 0;
	signal_send(p, sig, info);
	return 0;
}

static void user_info(struct linux_siginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->kill.pid = process_vpid(curproc);
	info->kill.uid = curproc->cred.uid;
}

/* kill(-1): every process we may signal in our namespace, except init and ourselves. */
static long kill_all(int sig, struct linux_siginfo *info)
{
	struct pid_namespace *ns = current_pidns();
	int sent = 0;
	long err = -ESRCH;

	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p == curproc || p->state != PROC_ALIVE || process_pid_in(p, ns) <= 1)
			continue;
		if (send_to(p, sig, info) == 0)
			sent = 1;
		else
			err = -EPERM;
	}
	return sent ? 0 : err;
}

static long kill_group(int vpgid, int sig, struct linux_siginfo *info)
{
	int pgid = pgid_to_global(vpgid), found = 0;
	long err = -ESRCH;

	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p->state != PROC_ALIVE || p->pgid != pgid || !process_vpid(p))
			continue;
		found = 1;
		err = send_to(p, sig, info);
	}
	return found ? (err == -EPERM ? -EPERM : 0) : -ESRCH;
}

long sys_kill(int pid, int sig)
{
	struct linux_siginfo info;
	struct process *p;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_USER);
	if (pid == -1)
		return kill_all(sig, &info);
	if (pid == 0) {
		struct process *leader = process_find(&pidns_initial, curproc->pgid);
		return kill_group(leader ? process_vpid(leader) : curproc->pgid, sig, &info);
	}
	if (pid < 0)
		return kill_group(-pid, sig, &info);
	p = process_find(current_pidns(), pid);
	if (!p || p->state != PROC_ALIVE)
		return p ? 0 : -ESRCH;	/* a zombie takes signals silently */
	return send_to(p, sig, &info);
}

static struct thread *find_thread(int tid)
{
	struct pid_namespace *ns = current_pidns();

	list_for_each(n, &all_threads) {
		struct thread *t = list_entry(n, struct thread, all_link);
		if (t->proc && t->state != THREAD_DEAD && pid_nr_in(t->pid, ns) == tid)
			return t;
	}
	return NULL;
}

long sys_tgkill(int tgid, int tid, int sig)
{
	struct linux_siginfo info;
	struct thread *t;

	if (sig < 0 || sig > NSIG || tid <= 0 || (tgid <= 0 && tgid != -1))
		return -EINVAL;
	t = find_thread(tid);
	if (!t || (tgid != -1 && process_vpid(t->proc) != tgid))
		return -ESRCH;
	TRY(may_signal(t->proc, sig));
	if (sig == 0 || init_protected(t->proc, sig))
		return 0;
	user_info(&info, sig, SI_TKILL);
	signal_send_thread(t, sig, &info);
	return 0;
}

long sys_tkill(int tid, int sig)
{
	return sys_tgkill(-1, tid, sig);
}

static void to_timeval(uint64_t ns, struct linux_timeval *tv)
{
	tv->tv_sec = (int64_t)(ns / 1000000000ULL);
	tv->tv_usec = (int64_t)(ns % 1000000000ULL / 1000);
}

static uint64_t from_timeval(const struct linux_timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000ULL + (uint64_t)tv->tv_usec * 1000;
}

static void current_itimer(struct linux_itimerval *it)
{
	uint64_t now = clock_ns(), left = curproc->real_timer_deadline > now ? curproc->real_timer_deadline - now : 0;

	if (!curproc->real_timer_deadline)
		left = 0;
	else if (left == 0)
		left = 1000;	/* due: report one microsecond, never "disarmed" */
	to_timeval(left, &it->it_value);
	to_timeval(curproc->real_timer_interval, &it->it_interval);
}

long sys_getitimer(int which, uint64_t uval)
{
	struct linux_itimerval it;

	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -EOPNOTSUPP : -EINVAL;
	current_itimer(&it);
	return copy_to_user(uval, &it, sizeof(it));
}

long sys_setitimer(int which, uint64_t unew, uint64_t uold)
{
	struct linux_itimerval it, old;

	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -EOPNOTSUPP : -EINVAL;
	if (unew) {
		TRY(copy_from_user(&it, unew, sizeof(it)));
		if (it.it_value.tv_usec < 0 || it.it_value.tv_usec >= 1000000 || it.it_interval.tv_usec < 0 ||
		    it.it_interval.tv_usec >= 1000000 || it.it_value.tv_sec < 0 || it.it_interval.tv_sec < 0)
			return -EINVAL;
	}
	current_itimer(&old);
	if (unew) {
		uint64_t value = from_timeval(&it.it_value);
		signal_set_real_timer(curproc, value ? clock_ns() + value : 0, from_timeval(&it.it_interval));
	}
	if (uold)
		TRY(copy_to_user(uold, &old, sizeof(old)));
	return 0;
}

long sys_alarm(unsigned seconds)
{
	struct linux_itimerval old;
	uint64_t left;

	current_itimer(&old);
	left = (uint64_t)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000 || (!old.it_value.tv_sec && old.it_value.tv_usec));
	signal_set_real_timer(curproc, seconds ? clock_ns() + (uint64_t)seconds * 1000000000ULL : 0, 0);
	return (long)left;
}

/* Waits for one of the signals in the set (normally blocked by the caller), takes
 * it off the pending sets and returns its number, with its siginfo. */
static int take_from_set(uint64_t set, struct linux_siginfo *info)
{
	uint64_t pending = (current->sig_pending | curproc->sig_pending) & set;
	int sig;

	if (!pending)
		return 0;
	sig = __builtin_ctzll(pending) + 1;
	if (current->sig_pending & SIGBIT(sig)) {
		current->sig_pending &= ~SIGBIT(sig);
		*info = current->sig_info[sig - 1];
	} else {
		curproc->sig_pending &= ~SIGBIT(sig);
		*info = curproc->sig_info[sig - 1];
	}
	return sig;
}

long sys_rt_sigtimedwait(uint64_t uset, uint64_t uinfo, uint64_t uts, size_t size)
{
	struct linux_siginfo info;
	struct linux_timespec ts;
	uint64_t set, deadline = 0;
	int sig;

	if (size != 8)
		return -EINVAL;
	TRY(copy_from_user(&set, uset, sizeof(set)));
	set &= ~UNBLOCKABLE;
	if (uts) {
		TRY(copy_from_user(&ts, uts, sizeof(ts)));
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		deadline = clock_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
		if (deadline == clock_ns())
			deadline = 1;	/* a zero timeout polls */
	}
	current->sigwait_set = set;
	for (;;) {
		int irq = irq_save();
		sig = take_from_set(set, &info);
		if (sig) {
			irq_restore(irq);
			break;
		}
		int err = waitq_block(NULL, 1, deadline);
		irq_restore(irq);
		if (!err)
			continue;	/* woken for a signal in the set */
		current->sigwait_set = 0;
		if (err == -ETIMEDOUT)
			return -EAGAIN;
		if (err) {
			/* A signal outside the set arrived: it is delivered, the wait ends. */
			irq = irq_save();
			sig = take_from_set(set, &info);
			irq_restore(irq);
			if (sig)
				break;
			return -EINTR;
		}
	}
	current->sigwait_set = 0;
	if (uinfo)
		TRY(copy_to_user(uinfo, &info, sizeof(info)));
	return sig;
}
