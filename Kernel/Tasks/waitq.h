/*
 * Wait queues: threads sleep on a queue until something wakes the queue. Interrupt
 * handlers may wake queues, so WAIT_EVENT evaluates its condition with interrupts
 * disabled and stays disabled until the thread is queued and switched away: a wake-up
 * can never fall between the check and the sleep.
 */
#pragma once

#include <stdint.h>

#include "Arch/x86_64/cpu.h"
#include "Lib/list.h"

struct thread;

struct waitq {
	struct list_node waiters;	/* of struct wait_entry */
};

/* A thread waiting on a queue. Each thread has one for its ordinary sleeps; poll and
 * select add one per file they watch. */
struct wait_entry {
	struct list_node link;
	struct thread *thread;
};

/* Queues `e` (for the current thread) on wq without sleeping; poll uses it. */
void waitq_add(struct waitq *wq, struct wait_entry *e);
void waitq_remove(struct wait_entry *e);

#define WAITQ_INIT(name) { LIST_INIT((name).waiters) }
void waitq_init(struct waitq *wq);
/* Wakes every thread sleeping on wq and sets its poll_triggered flag. Safe from
 * interrupt handlers. */
void waitq_wake_all(struct waitq *wq);

/*
 * With interrupts disabled: queues the current thread on `wq` (may be NULL: only the
 * deadline or a signal wakes it) and switches away. Returns 0 when woken,
 * -ERESTARTSYS when `interruptible` and a signal is (or becomes) pending, -ETIMEDOUT
 * when clock_ns() passes `deadline_ns` (0: no deadline).
 */
int waitq_block(struct waitq *wq, int interruptible, uint64_t deadline_ns);

/* Sleeps until `cond`; 0, -ERESTARTSYS or -ETIMEDOUT as for waitq_block. */
#define WAIT_EVENT(wq, cond, interruptible, deadline_ns)                            \
	({                                                                          \
		int _err = 0;                                                       \
		for (;;) {                                                          \
			int _irq = irq_save();                                      \
			if (cond) {                                                 \
				irq_restore(_irq);                                  \
				break;                                              \
			}                                                           \
			_err = waitq_block((wq), (interruptible), (deadline_ns));   \
			irq_restore(_irq);                                          \
			if (_err)                                                   \
				break;                                              \
		}                                                                   \
		_err;                                                               \
	})
#define WAIT_EVENT_INTERRUPTIBLE(wq, cond) WAIT_EVENT(wq, cond, 1, 0)
