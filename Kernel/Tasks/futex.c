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

struct futex_key {
	struct vm_space *vm;	/* NULL for a frame of a shared mapping */
	uint64_t addr;		/* the user address, or the frame's physical address */
};

struct futex_waiter {
	struct futex_key key;
	int woken;
	struct waitq wq;
	struct list_node link;
};

static struct list_node buckets[BUCKETS];
static int buckets_ready;

static struct list_node *bucket(struct futex_key key)
{
	if (!buckets_ready) {
		for (int i = 0; i < BUCKETS; i++)
			list_init(&buckets[i]);
		buckets_ready = 1;
	}
	return &buckets[((key.addr >> 2) ^ ((uintptr_t)key.vm >> 6)) % BUCKETS];
}

/*
 * The key of a futex word, as Linux forms it: in a MAP_SHARED mapping, the frame
 * the word lives in (so every process mapping it meets on the same futex); anywhere
 * else, the address space and the address (so copy-on-write after fork, which moves
 * the word to a new frame, does not separate a waiter from its waker).
 */
static long futex_key(struct vm_space *vm, uint64_t uaddr, struct futex_key *key)
{
	struct vm_area *a;
	uint64_t pa;
	uint32_t v;

	if (uaddr & 3)
		return -EINVAL;
	TRY(copy_from_user(&v, uaddr, sizeof(v)));
	a = vm_find(vm, uaddr);
	if (!a)
		return -EFAULT;
	if (!(a->flags & VMA_SHARED)) {
		key->vm = vm;
		key->addr = uaddr;
		return 0;
	}
	if (paging_translate(vm->root, uaddr, &pa, NULL) != 0)
		return -EFAULT;
	key->vm = NULL;
	key->addr = pa;
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
	struct futex_key key;
	long woken = 0;

	TRY(futex_key(vm, uaddr, &key));
	list_for_each(n, bucket(key)) {
		struct futex_waiter *w = list_entry(n, struct futex_waiter, link);
		if (woken >= count)
			break;
		if (w->key.vm == key.vm && w->key.addr == key.addr && !w->woken) {
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
