/*
 * The kernel heap: size classes for small blocks, whole pages for big ones.
 *
 * Small blocks (up to 2048 bytes) come from per-class free lists. A page given to a
 * class is cut into equal slots; each slot starts with a 16-byte header (magic,
 * class) followed by the caller's memory. Pages are never returned from a class:
 * the working set of kernel objects is small and steady, and it keeps this simple.
 * Big blocks are physically contiguous frames with the same header in front.
 *
 * The header's magic tells live (HEAP_LIVE) from free (HEAP_FREE) blocks, which is how
 * a double free is caught. Freed small blocks are filled with HEAP_POISON_FREE past the
 * free-list link; with HEAP_DEBUG the poison is checked when the block is reused, so
 * a write through a dangling pointer is caught at the next allocation of that slot.
 *
 * Memory is reached through the direct map. Interrupts are disabled inside.
 */
#include "Memory/heap.h"

#include <stdint.h>

#include "Arch/x86_64/cpu.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"

#ifndef HEAP_DEBUG
#define HEAP_DEBUG 1
#endif

#define HEAP_LIVE 0x4c495645u
#define HEAP_FREE 0x46524545u
#define CLASS_BIG 0xffffu
#define NCLASSES 8	/* 16, 32, ... 2048 */

struct header {
	uint32_t magic;
	uint16_t klass;
	uint16_t reserved;
	uint32_t pages;		/* big blocks: frames held */
	uint32_t reserved2;
};

struct free_slot {
	struct free_slot *next;
};

static struct free_slot *free_lists[NCLASSES];
int heap_expect_violations;
int heap_violations;

_Static_assert(sizeof(struct header) == 16, "heap header must keep 16-byte alignment");

static void violation(const char *what, const void *p)
{
	if (heap_expect_violations > 0) {
		heap_expect_violations--;
		heap_violations++;
		return;
	}
	panic("heap: %s (%p)", what, p);
}

static size_t class_size(int k) { return (size_t)16 << k; }

static int class_for(size_t size)
{
	for (int k = 0; k < NCLASSES; k++)
		if (size <= class_size(k))
			return k;
	return -1;
}

static void poison(struct header *h, size_t size)
{
	memset((char *)(h + 1) + sizeof(struct free_slot), HEAP_POISON_FREE, size - sizeof(struct free_slot));
}

static void check_poison(struct header *h, size_t size)
{
	const unsigned char *p = (const unsigned char *)(h + 1) + sizeof(struct free_slot);

	for (size_t i = 0; i < size - sizeof(struct free_slot); i++) {
		if (p[i] != HEAP_POISON_FREE) {
			violation("write after free", h + 1);
			return;
		}
	}
}

static int refill(int k)
{
	uint64_t page = pmm_alloc_page();
	size_t slot = sizeof(struct header) + class_size(k);
	char *base;

	if (!page)
		return -1;
	base = phys_to_virt(page);
	for (size_t off = 0; off + slot <= PAGE_SIZE; off += slot) {
		struct header *h = (struct header *)(base + off);
		struct free_slot *s = (struct free_slot *)(h + 1);
		h->magic = HEAP_FREE;
		h->klass = (uint16_t)k;
		poison(h, class_size(k));
		s->next = free_lists[k];
		free_lists[k] = s;
	}
	return 0;
}

static void *alloc_big(size_t size)
{
	size_t pages = (size + sizeof(struct header) + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t phys = pmm_alloc_contiguous(pages);
	struct header *h;

	if (!phys)
		return NULL;
	h = phys_to_virt(phys);
	h->magic = HEAP_LIVE;
	h->klass = CLASS_BIG;
	h->pages = (uint32_t)pages;
	return h + 1;
}

void *kmalloc(size_t size)
{
	int k = class_for(size ? size : 1), irq;
	struct free_slot *s;
	struct header *h;

	if (k < 0)
		return alloc_big(size);
	irq = irq_save();
	if (!free_lists[k] && refill(k) < 0) {
		irq_restore(irq);
		return NULL;
	}
	s = free_lists[k];
	free_lists[k] = s->next;
	h = (struct header *)s - 1;
	if (HEAP_DEBUG)
		check_poison(h, class_size(k));
	h->magic = HEAP_LIVE;
	irq_restore(irq);
	if (HEAP_DEBUG)
		memset(s, HEAP_POISON_NEW, class_size(k));
	return s;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

static struct header *header_of(const void *p)
{
	struct header *h = (struct header *)p - 1;

	if (((uintptr_t)p & 15) || (uintptr_t)p < DIRECT_MAP_BASE + 0x100000)
		return NULL;
	return h;
}

void kfree(void *p)
{
	struct header *h;
	int irq;

	if (!p)
		return;
	h = header_of(p);
	if (!h || (h->magic != HEAP_LIVE && h->magic != HEAP_FREE)) {
		violation("kfree of a pointer the heap did not give out", p);
		return;
	}
	if (h->magic == HEAP_FREE) {
		violation("double free", p);
		return;
	}
	if (h->klass == CLASS_BIG) {
		h->magic = HEAP_FREE;
		pmm_free_contiguous(virt_to_phys(h), h->pages);
		return;
	}
	irq = irq_save();
	h->magic = HEAP_FREE;
	poison(h, class_size(h->klass));
	((struct free_slot *)p)->next = free_lists[h->klass];
	free_lists[h->klass] = p;
	irq_restore(irq);
}

size_t kmalloc_size(const void *p)
{
	const struct header *h = header_of(p);

	ASSERT(h && h->magic == HEAP_LIVE);
	if (h->klass == CLASS_BIG)
		return (size_t)h->pages * PAGE_SIZE - sizeof(struct header);
	return class_size(h->klass);
}

char *kstrdup(const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;
	char *d = n ? kmalloc(n) : NULL;

	if (d)
		memcpy(d, s, n);
	return d;
}
