/*
 * Signals.
 *
 * Sending sets a bit in the process's (or a thread's) pending set, remembers the
 * siginfo, and wakes one thread that does not block the signal. Nothing is delivered
 * until a thread returns to user mode: signal_deliver() then takes the lowest
 * deliverable signal and either acts on the default (terminate, stop, ignore) or
 * builds a Linux rt_sigframe on the user stack and enters the handler; the handler
 * returns through sa_restorer into rt_sigreturn, which puts everything back.
 *
 * Interrupted syscalls return -ERESTARTSYS internally; at delivery that becomes a
 * restart (rip back over the `syscall` instruction, rax = the syscall number) when no
 * handler runs or the handler has SA_RESTART, and -EINTR otherwise.
 *
 * Stops: a stop signal marks the process stopped; each thread parks itself in
 * THREAD_STOPPED at its next return to user mode until SIGCONT (or SIGKILL).
 */
#include "Tasks/signal.h"

#include "Arch/x86_64/gdt.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/layout.h"
#include "Memory/usercopy.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"

#define STOP_SIGNALS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define CORE_SIGNALS (SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | SIGBIT(SIGABRT) | SIGBIT(SIGBUS) | \
		      SIGBIT(SIGFPE) | SIGBIT(SIGSEGV) | SIGBIT(SIGSYS) | SIGBIT(SIGXCPU) | SIGBIT(SIGXFSZ))
#define IGNORE_SIGNALS (SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) | SIGBIT(SIGCONT))
#define SYSCALL_VECTOR 0x80
#define USER_RFLAGS_MASK 0x00000cd5ULL	/* CF PF AF ZF SF DF OF */

static struct list_node timer_processes = LIST_INIT(timer_processes);

static uint64_t pending_set(const struct thread *t)
{
	return (t->sig_pending | t->proc->sig_pending) & ~(t->sig_blocked & ~UNBLOCKABLE);
}

int signal_pending(const struct thread *t)
{
	return pending_set(t) != 0 || t->proc->exiting ||
	       (t->proc->exec_survivor && t->proc->exec_survivor != t);
}

int signal_ignored(struct process *p, int sig)
{
	uint64_t h = p->sighand->action[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return 0;
	return h == SIG_IGN || (h == SIG_DFL && (SIGBIT(sig) & IGNORE_SIGNALS));
}

static void fill_default_info(struct linux_siginfo *info, int sig)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = SI_KERNEL;
}

/* Wakes a thread of p that can take `sig`. */
static void wake_receiver(struct process *p, int sig)
{
	list_for_each(n, &p->threads) {
		struct thread *t = list_entry(n, struct thread, proc_link);
		if ((t->sig_blocked & SIGBIT(sig)) && !(SIGBIT(sig) & UNBLOCKABLE) && !(t->sigwait_set & SIGBIT(sig)))
			continue;
		if (t->state == THREAD_SLEEPING && t->sleep_interruptible)
			sched_wake(t);
		if (sig == SIGKILL && t->state == THREAD_STOPPED) {
			t->state = THREAD_SLEEPING;
			sched_wake(t);
		}
		return;
	}
}

static void notify_stop_or_continue(struct process *p, int code, int sig)
{
	struct process *parent = p->parent;
	struct linux_siginfo info = { 0 };

	if (!parent)
		return;
	p->stop_report = code == CLD_STOPPED ? 1 : 2;
	p->stop_signal = sig;
	if (!(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
		info.si_signo = SIGCHLD;
		info.si_code = code;
		info.kill.pid = process_pid_in(p, process_pidns(parent));
		info.kill.uid = p->cred.uid;
		info.kill.status = sig;
		signal_send(parent, SIGCHLD, &info);
	}
	waitq_wake_all(&parent->child_wait);
}

static void continue_process(struct process *p)
{
	p->sig_pending &= ~STOP_SIGNALS;
	list_for_each(n, &p->threads) {
		struct thread *t = list_entry(n, struct thread, proc_link);
		t->sig_pending &= ~STOP_SIGNALS;
		if (t->state == THREAD_STOPPED) {
			t->state = THREAD_SLEEPING;
			sched_wake(t);
		}
	}
	if (p->stopped) {
		p->stopped = 0;
		notify_stop_or_continue(p, CLD_CONTINUED, SIGCONT);
	}
}

/* Common bookkeeping of both send paths; returns 0 when the signal is dropped. */
static int prepare_send(struct process *p, int sig)
{
	if (p->state != PROC_ALIVE)
		return 0;
	if (sig == SIGCONT || sig == SIGKILL)
		continue_process(p);
	if (SIGBIT(sig) & STOP_SIGNALS) {
		p->sig_pending &= ~SIGBIT(SIGCONT);
	}
	/* Ignored signals are discarded at once, unless blocked (POSIX). */
	if (signal_ignored(p, sig) && sig != SIGCONT) {
		int blocked_everywhere = 1;
		list_for_each(n, &p->threads) {
			struct thread *t = list_entry(n, struct thread, proc_link);
			if (!(t->sig_blocked & SIGBIT(sig)))
				blocked_everywhere = 0;
		}
		if (!blocked_everywhere)
			return 0;
	}
	return 1;
}

/* Senders may run in interrupt handlers (the tty's ^C, the interval timer), so each
 * send runs with interrupts disabled. */
void signal_send(struct process *p, int sig, const struct linux_siginfo *info)
{
	int irq = irq_save();

	if (sig <= 0 || sig > NSIG || !prepare_send(p, sig)) {
		irq_restore(irq);
		return;
	}
	if (info)
		p->sig_info[sig - 1] = *info;
	else
		fill_default_info(&p->sig_info[sig - 1], sig);
	p->sig_pending |= SIGBIT(sig);
	wake_receiver(p, sig);
	irq_restore(irq);
}

void signal_send_thread(struct thread *t, int sig, const struct linux_siginfo *info)
{
	int irq = irq_save();

	if (sig <= 0 || sig > NSIG || !prepare_send(t->proc, sig)) {
		irq_restore(irq);
		return;
	}
	if (info)
		t->sig_info[sig - 1] = *info;
	else
		fill_default_info(&t->sig_info[sig - 1], sig);
	t->sig_pending |= SIGBIT(sig);
	if (t->state == THREAD_SLEEPING && t->sleep_interruptible)
		sched_wake(t);
	if (sig == SIGKILL && t->state == THREAD_STOPPED) {
		t->state = THREAD_SLEEPING;
		sched_wake(t);
	}
	irq_restore(irq);
}

int signal_send_pgrp(int pgid, int sig, const struct linux_siginfo *info)
{
	int found = 0;

	list_for_each(n, &all_processes) {
		struct process *p = list_entry(n, struct process, all_link);
		if (p->state == PROC_ALIVE && p->pgid == pgid) {
			found = 1;
			signal_send(p, sig, info);
		}
	}
	return found ? 0 : -ESRCH;
}

void signal_force_fault(int sig, int code, uint64_t addr)
{
	struct linux_sigaction *sa = &curproc->sighand->action[sig - 1];
	struct linux_siginfo info = { 0 };

	if ((current->sig_blocked & SIGBIT(sig)) || sa->handler == SIG_IGN) {
		sa->handler = SIG_DFL;
		current->sig_blocked &= ~SIGBIT(sig);
	}
	info.si_signo = sig;
	info.si_code = code;
	info.addr = addr;
	current->sig_info[sig - 1] = info;
	current->sig_pending |= SIGBIT(sig);
}

/* Takes the lowest deliverable signal; 0 if none. */
static int dequeue(struct thread *t, struct linux_siginfo *info)
{
	uint64_t set = pending_set(t);
	int sig;

	if (!set)
		return 0;
	sig = __builtin_ctzll(set) + 1;
	if (t->sig_pending & SIGBIT(sig)) {
		t->sig_pending &= ~SIGBIT(sig);
		*info = t->sig_info[sig - 1];
	} else {
		t->proc->sig_pending &= ~SIGBIT(sig);
		*info = t->proc->sig_info[sig - 1];
	}
	return sig;
}

static void stop_self(int sig)
{
	struct process *p = curproc;

	if (!p->stopped) {
		p->stopped = 1;
		notify_stop_or_continue(p, CLD_STOPPED, sig);
	}
}

/* Parks the thread while its process is stopped. */
static void wait_while_stopped(void)
{
	while (curproc->stopped && !(pending_set(current) & SIGBIT(SIGKILL)) && !curproc->exiting) {
		int irq = irq_save();
		current->state = THREAD_STOPPED;
		schedule();
		irq_restore(irq);
	}
}

struct rt_sigframe {
	uint64_t pretcode;
	struct linux_ucontext uc;
	struct linux_siginfo info;
};

static void save_context(struct linux_sigcontext *sc, const struct interrupt_frame *f)
{
	memset(sc, 0, sizeof(*sc));
	sc->r8 = f->r8, sc->r9 = f->r9, sc->r10 = f->r10, sc->r11 = f->r11;
	sc->r12 = f->r12, sc->r13 = f->r13, sc->r14 = f->r14, sc->r15 = f->r15;
	sc->rdi = f->rdi, sc->rsi = f->rsi, sc->rbp = f->rbp, sc->rbx = f->rbx;
	sc->rdx = f->rdx, sc->rax = f->rax, sc->rcx = f->rcx, sc->rsp = f->rsp;
	sc->rip = f->rip, sc->eflags = f->rflags;
	sc->cs = GDT_USER_CODE;
	sc->ss = GDT_USER_DATA;
}

/* Builds the handler's frame on the user stack and points the registers at it. */
static int enter_handler(struct interrupt_frame *f, int sig, const struct linux_siginfo *info,
			 const struct linux_sigaction *sa, uint64_t old_mask)
{
	struct rt_sigframe frame;
	uint64_t sp = f->rsp - 128, fpstate, addr;

	if (sa->handler >= USER_TOP || sa->restorer >= USER_TOP)
		return -EFAULT;	/* iretq to a kernel or non-canonical address would fault */
	if ((sa->flags & SA_ONSTACK) && current->altstack_size && !(current->altstack_flags & SS_DISABLE) &&
	    !(sp >= current->altstack_sp && sp < current->altstack_sp + current->altstack_size))
		sp = current->altstack_sp + current->altstack_size;
	fpstate = (sp - 512) & ~63ULL;
	addr = ((fpstate - sizeof(frame)) & ~15ULL) - 8;
	memset(&frame, 0, sizeof(frame));
	frame.pretcode = sa->restorer;
	frame.info = *info;
	frame.uc.uc_stack.ss_sp = current->altstack_sp;
	frame.uc.uc_stack.ss_size = current->altstack_size;
	frame.uc.uc_stack.ss_flags = current->altstack_size ? 0 : SS_DISABLE;
	save_context(&frame.uc.uc_mcontext, f);
	frame.uc.uc_mcontext.fpstate = fpstate;
	frame.uc.uc_mcontext.trapno = f->vector;
	frame.uc.uc_mcontext.err = f->error_code;
	frame.uc.uc_sigmask = old_mask;
	__asm__ volatile("fxsave %0" : "=m"(current->fpu));
	if (copy_to_user(fpstate, current->fpu, 512) < 0 || copy_to_user(addr, &frame, sizeof(frame)) < 0)
		return -EFAULT;
	f->rdi = sig;
	f->rsi = addr + offsetof(struct rt_sigframe, info);
	f->rdx = addr + offsetof(struct rt_sigframe, uc);
	f->rax = 0;
	f->rsp = addr;
	f->rip = sa->handler;
	f->rflags &= ~(0x400ULL | 0x100ULL);	/* DF, TF */
	return 0;
}

_Noreturn static void die_by_signal(int sig)
{
	process_exit((SIGBIT(sig) & CORE_SIGNALS) ? (sig | 0x80) : sig);
}

/* Syscall restart bookkeeping for a frame that came from a syscall. */
static void fix_restart(struct interrupt_frame *f, int handler_runs, int restart_flag)
{
	if (f->vector != SYSCALL_VECTOR || (int64_t)f->rax != -ERESTARTSYS)
		return;
	if (handler_runs && !restart_flag) {
		f->rax = (uint64_t)-EINTR;
	} else {
		f->rax = current->orig_rax;
		f->rip -= 2;
	}
	f->vector = 0;
}

void signal_deliver(struct interrupt_frame *f)
{
	struct linux_siginfo info;
	int sig;

	for (;;) {
		if (curproc->exiting || (curproc->exec_survivor && curproc->exec_survivor != current))
			thread_exit(0);
		wait_while_stopped();
		if (curproc->exiting)
			thread_exit(0);
		sig = dequeue(current, &info);
		if (!sig)
			break;
		struct linux_sigaction *sa = &curproc->sighand->action[sig - 1];
		if (sig == SIGKILL)
			die_by_signal(sig);
		if (sa->handler == SIG_IGN)
			continue;
		if (sa->handler == SIG_DFL) {
			if (SIGBIT(sig) & IGNORE_SIGNALS)
				continue;
			if (SIGBIT(sig) & STOP_SIGNALS) {
				stop_self(sig);
				continue;
			}
			die_by_signal(sig);
		}
		struct linux_sigaction act = *sa;
		uint64_t old_mask = current->saved_mask_valid ? current->saved_mask : current->sig_blocked;
		current->saved_mask_valid = 0;
		fix_restart(f, 1, act.flags & SA_RESTART);
		if (act.flags & SA_RESETHAND)
			sa->handler = SIG_DFL;
		if (enter_handler(f, sig, &info, &act, old_mask) < 0) {
			die_by_signal(SIGSEGV);
		}
		current->sig_blocked |= act.mask | ((act.flags & SA_NODEFER) ? 0 : SIGBIT(sig));
		current->sig_blocked &= ~UNBLOCKABLE;
		return;
	}
	fix_restart(f, 0, 0);
	if (current->saved_mask_valid) {
		current->sig_blocked = current->saved_mask;
		current->saved_mask_valid = 0;
	}
}

long signal_sigreturn(struct interrupt_frame *f)
{
	struct rt_sigframe frame;
	uint64_t addr = f->rsp - 8;
	struct linux_sigcontext *sc = &frame.uc.uc_mcontext;
	uint8_t fpu[512] __attribute__((aligned(16)));

	if (copy_from_user(&frame, addr, sizeof(frame)) < 0)
		goto bad;
	if (sc->fpstate) {
		if (copy_from_user(fpu, sc->fpstate, sizeof(fpu)) < 0)
			goto bad;
		*(uint32_t *)(fpu + 24) &= 0xffff;	/* MXCSR: reserved bits would #GP */
		memcpy(current->fpu, fpu, sizeof(fpu));
		__asm__ volatile("fxrstor %0" ::"m"(current->fpu));
	}
	f->r8 = sc->r8, f->r9 = sc->r9, f->r10 = sc->r10, f->r11 = sc->r11;
	f->r12 = sc->r12, f->r13 = sc->r13, f->r14 = sc->r14, f->r15 = sc->r15;
	f->rdi = sc->rdi, f->rsi = sc->rsi, f->rbp = sc->rbp, f->rbx = sc->rbx;
	if (sc->rip >= USER_TOP)
		goto bad;
	f->rdx = sc->rdx, f->rcx = sc->rcx, f->rsp = sc->rsp, f->rip = sc->rip;
	f->rflags = (f->rflags & ~USER_RFLAGS_MASK) | (sc->eflags & USER_RFLAGS_MASK);
	f->cs = GDT_USER_CODE;
	f->ss = GDT_USER_DATA;
	f->vector = 0;	/* not a restartable syscall any more */
	current->sig_blocked = frame.uc.uc_sigmask & ~UNBLOCKABLE;
	return (long)sc->rax;
bad:
	signal_force_fault(SIGSEGV, SI_KERNEL, 0);
	return 0;
}

void signal_reset_on_exec(struct process *p)
{
	for (int i = 0; i < NSIG; i++) {
		struct linux_sigaction *sa = &p->sighand->action[i];
		if (sa->handler != SIG_IGN)
			sa->handler = SIG_DFL;
		sa->flags = 0;
		sa->mask = 0;
		sa->restorer = 0;
	}
}

/* ITIMER_REAL: armed processes sit on timer_processes. */
void signal_set_real_timer(struct process *p, uint64_t deadline, uint64_t interval)
{
	int irq = irq_save();	/* the tick walks this list */

	p->real_timer_deadline = deadline;
	p->real_timer_interval = interval;
	if (deadline && !list_linked(&p->timer_link))
		list_append(&timer_processes, &p->timer_link);
	if (!deadline && list_linked(&p->timer_link))
		list_remove(&p->timer_link);
	irq_restore(irq);
}

void signal_cancel_timers(struct process *p)
{
	signal_set_real_timer(p, 0, 0);
}

void signal_timers_tick(uint64_t now)
{
	list_for_each_safe(n, &timer_processes) {
		struct process *p = list_entry(n, struct process, timer_link);
		if (now < p->real_timer_deadline)
			continue;
		signal_send(p, SIGALRM, NULL);
		if (p->real_timer_interval)
			p->real_timer_deadline = now + p->real_timer_interval;
		else
			signal_set_real_timer(p, 0, 0);
	}
}
