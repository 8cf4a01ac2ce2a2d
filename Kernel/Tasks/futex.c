/*
 * Futex wait queues: a small hash of buckets by physical address. A waiter records
 * the key it waits on; a wake walks the bucket and wakes matching waiters. Checking
 * the user word and queueing happen with interrupts off and no sleep between them, so
 * a FUTEX_WAKE from another thread cannot slip between "value still expected" and
 * "asleep" (one CPU, no kernel preemption).
 */
#include "Tasks/futex.h"

#include "Lib/error.h"
#include "Memory/heap.h"
#include "Memory/paging.h"
#include "Memory/usercopy.h"
#include "Memory/vm.h"
#include "Tasks/process.h"

#define BUCKETS 64

struct futex_waiter {
	uint64_t key;
	int woken;
	struct waitq wq;
	struct list_node link;
};

static struct list_node buckets[BUCKETS];
static int buckets_ready;

static struct list_node *bucket(uint64_t key)
{
	if (!buckets_ready) {
		for (int i = 0; i < BUCKETS; i++)
			list_init(&buckets[i]);
		buckets_ready = 1;
	}
	return &buckets[(key >> 2) % BUCKETS];
}

/* The physical address of the aligned user word, faulting it in if needed. */
static long futex_key(struct vm_space *vm, uint64_t uaddr, uint64_t *key)
{
	uint64_t pa;
	uint32_t v;

	if (uaddr & 3)
		return -EINVAL;
	TRY(copy_from_user(&v, uaddr, sizeof(v)));
	if (paging_translate(vm->root, uaddr, &pa, NULL) != 0)
		return -EFAULT;
	*key = pa;
	return 0;
}

long futex_wait(struct vm_space *vm, uint64_t uaddr, uint32_t expected, uint64_t deadline_ns)
{
	struct futex_waiter w = { 0 };
	uint32_t v;
	long err;

	TRY(futex_key(vm, uaddr, &w.key));
	waitq_init(&w.wq);
	TRY(copy_from_user(&v, uaddr, sizeof(v)));
	if (v != expected)
		return -EAGAIN;
	list_append(bucket(w.key), &w.link);
	err = WAIT_EVENT(&w.wq, w.woken, 1, deadline_ns);
	list_remove(&w.link);
	if (w.woken)
		return 0;
	return err == -ERESTARTSYS ? -EINTR : err;
}

long futex_wake(struct vm_space *vm, uint64_t uaddr, int count)
{
	uint64_t key;
	long woken = 0;

	TRY(futex_key(vm, uaddr, &key));
	list_for_each(n, bucket(key)) {
		struct futex_waiter *w = list_entry(n, struct futex_waiter, link);
		if (woken >= count)
			break;
		if (w->key == key && !w->woken) {
			w->woken = 1;
			waitq_wake_all(&w->wq);
			woken++;
		}
	}
	return woken;
}

void futex_wake_address(struct vm_space *vm, uint64_t uaddr, int count)
{
	if (vm)
		(void)futex_wake(vm, uaddr, count);
}
