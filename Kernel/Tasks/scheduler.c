/*
 * The scheduler: one run queue, round robin, preemption only at the return to user
 * mode (the kernel itself is never preempted, which is what makes its data structures
 * safe without locks on one CPU).
 *
 * A thread is RUNNABLE (on the run queue, or running as `current`), SLEEPING (on a
 * wait queue and/or the timed-sleeper list), STOPPED (job control) or DEAD. The timer
 * tick wakes sleepers whose deadline passed and, after SLICE_TICKS ticks of the same
 * thread, asks for a reschedule. The idle thread (the boot context) runs when nothing
 * else can, halting until the next interrupt.
 *
 * schedule() runs with interrupts disabled from the moment it looks at the queue until
 * the switch, and each thread resumes with the interrupt state it had when it left.
 */
#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/gdt.h"
#include "Devices/Timer/clock.h"
#include "Lib/panic.h"
#include "Memory/vm.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define SLICE_TICKS 5
#define MSR_FS_BASE 0xC0000100

struct percpu cpu0;
static struct list_node run_queue = LIST_INIT(run_queue);
static struct list_node timed_sleepers = LIST_INIT(timed_sleepers);
static uint64_t last_switch_ns;

void arch_switch(uint64_t *save_rsp, uint64_t new_rsp);

void sched_init(struct thread *idle)
{
	cpu0.idle = idle;
	cpu0.cur_thread = idle;
	clock_set_tick_hook(sched_tick);
}

void sched_wake(struct thread *t)
{
	int irq = irq_save();

	if (t->state == THREAD_SLEEPING) {
		t->state = THREAD_RUNNABLE;
		if (t != cpu0.idle && !list_linked(&t->run_link))
			list_append(&run_queue, &t->run_link);
	}
	irq_restore(irq);
}

void sched_charge_current(void)
{
	int irq = irq_save();
	uint64_t now = clock_ns();

	current->cpu_ns += now - last_switch_ns;
	last_switch_ns = now;
	irq_restore(irq);
}

static void switch_to(struct thread *prev, struct thread *next)
{
	uint64_t now = clock_ns();

	prev->cpu_ns += now - last_switch_ns;
	last_switch_ns = now;
	__asm__ volatile("fxsave %0" : "=m"(prev->fpu));
	prev->fixup = cpu_fixup;
	cpu_fixup = next->fixup;
	cpu0.cur_thread = next;
	cpu0.kernel_rsp = (uint64_t)next->kstack + KSTACK_SIZE;
	gdt_set_kernel_stack(cpu0.kernel_rsp);
	vm_activate(next->proc ? next->proc->vm : NULL);
	wrmsr(MSR_FS_BASE, next->fs_base);
	__asm__ volatile("fxrstor %0" ::"m"(next->fpu));
	arch_switch(&prev->ctx_rsp, next->ctx_rsp);
}

void schedule(void)
{
	int irq = irq_save();
	struct thread *prev = cpu0.cur_thread, *next = cpu0.idle;

	cpu0.need_resched = 0;
	if (prev->state == THREAD_RUNNABLE && prev != cpu0.idle && !list_linked(&prev->run_link))
		list_append(&run_queue, &prev->run_link);
	if (!list_empty(&run_queue)) {
		next = list_entry(run_queue.next, struct thread, run_link);
		list_remove(&next->run_link);
	}
	next->slice_ticks = 0;
	if (next != prev)
		switch_to(prev, next);
	threads_reap();
	irq_restore(irq);
}

void sched_tick(void)
{
	uint64_t now = clock_ns();

	list_for_each_safe(n, &timed_sleepers) {
		struct thread *t = list_entry(n, struct thread, sleep_link);
		if (t->wake_deadline && now >= t->wake_deadline) {
			list_remove(&t->sleep_link);
			t->woken_by_timeout = 1;
			sched_wake(t);
		}
	}
	signal_timers_tick(now);
	if (++cpu0.cur_thread->slice_ticks >= SLICE_TICKS || cpu0.cur_thread == cpu0.idle)
		cpu0.need_resched = !list_empty(&run_queue);
}

void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}

void waitq_wake_all(struct waitq *wq)
{
	int irq = irq_save();

	list_for_each_safe(n, &wq->waiters) {
		struct wait_entry *e = list_entry(n, struct wait_entry, link);
		list_remove(&e->link);
		e->thread->poll_triggered = 1;
		sched_wake(e->thread);
	}
	irq_restore(irq);
}

void waitq_add(struct waitq *wq, struct wait_entry *e)
{
	int irq = irq_save();

	e->thread = cpu0.cur_thread;
	list_append(&wq->waiters, &e->link);
	irq_restore(irq);
}

void waitq_remove(struct wait_entry *e)
{
	int irq = irq_save();

	if (list_linked(&e->link))
		list_remove(&e->link);
	irq_restore(irq);
}

int waitq_block(struct waitq *wq, int interruptible, uint64_t deadline_ns)
{
	struct thread *t = cpu0.cur_thread;

	if (interruptible && signal_pending(t))
		return -ERESTARTSYS;
	if (deadline_ns && clock_ns() >= deadline_ns)
		return -ETIMEDOUT;
	t->state = THREAD_SLEEPING;
	t->sleep_interruptible = interruptible;
	t->woken_by_timeout = 0;
	t->wait.thread = t;
	if (wq)
		list_append(&wq->waiters, &t->wait.link);
	t->wake_deadline = deadline_ns;
	if (deadline_ns)
		list_append(&timed_sleepers, &t->sleep_link);
	schedule();
	if (list_linked(&t->wait.link))
		list_remove(&t->wait.link);
	if (list_linked(&t->sleep_link))
		list_remove(&t->sleep_link);
	t->wake_deadline = 0;
	if (t->woken_by_timeout)
		return -ETIMEDOUT;
	if (interruptible && signal_pending(t))
		return -ERESTARTSYS;
	return 0;
}

void sched_idle_loop(void)
{
	for (;;) {
		cpu_disable_interrupts();
		if (!list_empty(&run_queue))
			schedule();
		else
			__asm__ volatile("sti; hlt" ::: "memory");
	}
}
