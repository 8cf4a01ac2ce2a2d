/*
 * Thread objects and their first run.
 *
 * A thread's kernel stack holds, at the very top, the struct interrupt_frame with its
 * user registers (saved by every syscall, interrupt and exception from user mode);
 * below it, while the thread is switched out, the callee-saved registers pushed by
 * arch_switch. A thread that has never run gets that switch frame built by hand, with
 * a return address in switch.S that either starts it in user mode through its frame
 * or calls a kernel function.
 *
 * A dead thread cannot free the stack it is running on; it marks itself DEAD and
 * switches away, and threads_reap() (called after every switch) frees it.
 */
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

struct list_node all_threads = LIST_INIT(all_threads);
static struct list_node dead_threads = LIST_INIT(dead_threads);
static uint8_t clean_fpu[512] __attribute__((aligned(16)));
static int clean_fpu_ready;

void arch_user_thread_start(void);
void arch_kernel_thread_start(void);

static void init_clean_fpu(void)
{
	uint32_t mxcsr = 0x1f80;

	__asm__ volatile("fninit; ldmxcsr %1; fxsave %0" : "=m"(clean_fpu) : "m"(mxcsr));
	clean_fpu_ready = 1;
}

struct thread *thread_create(struct process *p)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = kmalloc(KSTACK_SIZE);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	if (!clean_fpu_ready)
		init_clean_fpu();
	memcpy(t->fpu, clean_fpu, sizeof(t->fpu));
	t->proc = p;
	t->state = THREAD_SLEEPING;	/* not runnable until set up and woken */
	list_init(&t->wait.link);
	t->wait.thread = t;
	list_init(&t->sleep_link);
	list_init(&t->run_link);
	list_init(&t->proc_link);
	waitq_init(&t->vfork_wait);
	list_append(&all_threads, &t->all_link);
	return t;
}

void thread_free(struct thread *t)
{
	list_remove(&t->all_link);
	if (t->pid && (!t->proc || t->pid != t->proc->pid))
		pid_free(t->pid);
	kfree(t->kstack);
	kfree(t);
}

struct interrupt_frame *thread_user_frame(struct thread *t)
{
	return (struct interrupt_frame *)((char *)t->kstack + KSTACK_SIZE) - 1;
}

/* Pushes the arch_switch frame: six callee-saved registers, then the return address. */
static void push_switch_frame(struct thread *t, uint64_t *top, void (*entry)(void), uint64_t r12, uint64_t r13)
{
	uint64_t *sp = top;

	*--sp = (uint64_t)entry;
	*--sp = 0;	/* rbp */
	*--sp = 0;	/* rbx */
	*--sp = r12;
	*--sp = r13;
	*--sp = 0;	/* r14 */
	*--sp = 0;	/* r15 */
	t->ctx_rsp = (uint64_t)sp;
}

void thread_setup_user(struct thread *t, const struct interrupt_frame *frame)
{
	struct interrupt_frame *f = thread_user_frame(t);

	*f = *frame;
	t->frame = f;
	push_switch_frame(t, (uint64_t *)f, arch_user_thread_start, 0, 0);
}

void thread_setup_kernel(struct thread *t, void (*fn)(void *), void *arg)
{
	/* Below the user frame: a kernel thread may exec and leave for user mode. */
	uint64_t *top = (uint64_t *)thread_user_frame(t);

	*--top = 0;	/* keeps the stack 16-byte aligned at the call */
	push_switch_frame(t, top, arch_kernel_thread_start, (uint64_t)fn, (uint64_t)arg);
}

/* The first return to user mode of a new thread (from switch.S). */
void thread_first_return(struct interrupt_frame *frame)
{
	threads_reap();
	current->frame = frame;
	return_to_user(frame);
}

void threads_reap(void)
{
	list_for_each_safe(n, &dead_threads) {
		struct thread *t = list_entry(n, struct thread, run_link);
		if (t == current)
			continue;
		list_remove(&t->run_link);
		thread_free(t);
	}
}

/* Called by a dying thread as its very last act; never returns. */
_Noreturn void thread_die(void)
{
	cpu_disable_interrupts();
	current->state = THREAD_DEAD;
	list_append(&dead_threads, &current->run_link);
	schedule();
	panic("a dead thread was scheduled");
}
