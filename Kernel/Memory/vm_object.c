/*
 * vm_object: the page array grows by doubling as higher indexes are touched; pages
 * are allocated on first use and dropped by truncation or the last vmo_put.
 */
#include "Memory/vm_object.h"

#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/pmm.h"

struct vm_object *vmo_create(void)
{
	struct vm_object *o = kzalloc(sizeof(*o));

	if (o)
		o->refs = 1;
	return o;
}

void vmo_get(struct vm_object *o)
{
	o->refs++;
}

void vmo_put(struct vm_object *o)
{
	if (!o || --o->refs > 0)
		return;
	vmo_truncate(o, 0);
	kfree(o->pages);
	kfree(o);
}

static int grow(struct vm_object *o, size_t idx)
{
	size_t cap = o->cap ? o->cap : 16;
	uint64_t *pages;

	while (cap <= idx)
		cap *= 2;
	pages = kzalloc(cap * sizeof(uint64_t));
	if (!pages)
		return -ENOMEM;
	if (o->pages)
		memcpy(pages, o->pages, o->cap * sizeof(uint64_t));
	kfree(o->pages);
	o->pages = pages;
	o->cap = cap;
	return 0;
}

int vmo_page(struct vm_object *o, size_t idx, int alloc, uint64_t *phys)
{
	if (idx < o->cap && o->pages[idx]) {
		*phys = o->pages[idx];
		return 0;
	}
	if (!alloc)
		return -ENOENT;
	if (idx >= o->cap)
		TRY(grow(o, idx));
	uint64_t p = pmm_alloc_zeroed();
	if (!p)
		return -ENOMEM;
	o->pages[idx] = p;
	o->resident++;
	*phys = p;
	return 0;
}

void vmo_truncate(struct vm_object *o, size_t first)
{
	for (size_t i = first; i < o->cap; i++) {
		if (o->pages[i]) {
			pmm_page_unref(o->pages[i]);
			o->pages[i] = 0;
			o->resident--;
		}
	}
}
