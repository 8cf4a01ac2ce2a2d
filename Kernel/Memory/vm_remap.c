/*
 * mremap(2): resizing and moving part of a mapping, with Linux's rules.
 *
 * A request names [addr, addr+old_len), which must begin inside a mapping:
 *   - shrinking unmaps the tail through vm_unmap (so, as on Linux, the tail may run
 *     past the mapping); the same size changes nothing;
 *   - growing stays in place when the range reaches the end of its mapping and the
 *     pages after it are free; the area just gets longer;
 *   - otherwise, with MREMAP_MAYMOVE, a new area of new_len is mapped elsewhere
 *     (MREMAP_FIXED: at new_addr, whatever was there unmapped first) and the
 *     page-table entries move over unchanged: the frame and every bit of the entry
 *     (write, dirty, accessed, PTE_COW) go along, so a page shared copy-on-write with
 *     a forked child stays so, and a shared area's pages stay its vm_object's. Each
 *     frame goes from one entry to another, so no reference count changes. Then the
 *     old range is unmapped, or with MREMAP_DONTUNMAP left mapped and empty: it
 *     faults in afresh (zeros, the file, the shared object), as on Linux.
 * Growing a mapping and MREMAP_DONTUNMAP commit memory; the caller's `may_commit`
 * is asked first (container limits, Linux's overcommit heuristic); the accounting
 * itself is vm.c's (vm_map charges the new area, vm_unmap uncharges the old one).
 *
 * Linux keeps neighbouring mappings of the same kind as one vma, and its "the range
 * lies in one mapping" and "the range reaches the mapping's end" rules see them as
 * one. Atoll keeps the areas that mmap, mprotect and munmap made, so before those
 * rules are applied the areas following the first one are merged into it where
 * Linux would have merged them (coalesce()).
 *
 * Not done: Linux 6.17's moves of several mappings at once (MREMAP_FIXED, the same
 * size, a range over several vmas) fail with EFAULT here, as on earlier Linux.
 *
 * Locking: none; the kernel is not preempted and the caller owns the space.
 */
#include "Memory/vm_internal.h"

#include "API/linux.h"
#include "Arch/x86_64/cpu.h"
#include "Memory/layout.h"
#include "Memory/paging.h"

#define REMAP_FLAGS (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)

/* A length as Linux takes it: rounded up to pages; one past user space stays past
 * it (so it fails the checks below instead of wrapping to 0). */
static uint64_t round_len(uint64_t len)
{
	return len > USER_TOP ? USER_TOP + PAGE_SIZE : ALIGN_UP(len, PAGE_SIZE);
}

/* Linux's checks before it looks at the mappings: all of them EINVAL. */
static int check_request(const struct vm_remap_req *r, uint64_t old_len, uint64_t new_len)
{
	if ((r->flags & ~REMAP_FLAGS) || (r->addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (new_len == 0 || new_len > USER_TOP)
		return -EINVAL;
	if (!(r->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return 0;
	/* A new address (a hint with MREMAP_DONTUNMAP alone) must be sane, must not
	 * overlap the old range, and implies a move of the whole, unresized range. */
	if (r->new_addr > USER_TOP - new_len || (r->new_addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!(r->flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((r->flags & MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	if (r->addr + old_len > r->new_addr && r->new_addr + new_len > r->addr)
		return -EINVAL;
	return 0;
}

/* 1 if `b` continues `a` as one Linux vma would: adjacent, the same protection,
 * kind, file and object, and offsets that carry on. */
static int continues(const struct vm_area *a, const struct vm_area *b)
{
	uint64_t len = a->end - a->start;

	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->file != b->file || a->obj != b->obj)
		return 0;
	if (a->file && (a->file_off + len != b->file_off || (!a->obj && a->file_end != b->file_end)))
		return 0;
	return !a->obj || a->obj_off + len / PAGE_SIZE == b->obj_off;
}

/* Merges into `a` the areas after it that continue it (see the top of the file). */
static void coalesce(struct vm_space *vm, struct vm_area *a)
{
	while (a->link.next != &vm->areas) {
		struct vm_area *b = list_entry(a->link.next, struct vm_area, link);
		if (!continues(a, b))
			return;
		a->end = b->end;
		b->end = b->start;	/* its bytes are a's now: freeing it uncharges nothing */
		list_remove(&b->link);
		vm_area_free(vm, b);
	}
}

/* The checks on the mapping `a` at addr when the call maps anything new (grows or
 * moves): only shared mappings may be duplicated (old_len 0); the part that stays
 * mapped must lie in `a` (EFAULT, as Linux). */
static int check_source(struct vm_space *vm, struct vm_area *a, uint64_t addr, uint64_t old_len,
			uint64_t new_len)
{
	coalesce(vm, a);
	if (!old_len && !(a->flags & VMA_SHARED))
		return -EINVAL;
	if (MIN(old_len, new_len) > a->end - addr)
		return -EFAULT;
	return 0;
}

/* 0 if `a` may commit `more` bytes (nothing to ask when it is not charged). */
static int may_commit(struct vm_space *vm, const struct vm_remap_req *r, const struct vm_area *a,
		      uint64_t more)
{
	if (!more || !vm_area_charged(a) || !r->may_commit)
		return 0;
	return r->may_commit(vm, more) ? 0 : -ENOMEM;
}

struct move_ctx {
	uint64_t root;
	uint64_t delta;		/* destination minus source, modulo 2^64 */
	int err;
};

/* Moves one entry `delta` bytes away, with all its bits. */
static void move_one(uint64_t va, uint64_t *pte, void *arg)
{
	struct move_ctx *c = arg;

	if (c->err)
		return;
	c->err = paging_map(c->root, va + c->delta, *pte & PTE_ADDR_MASK, *pte & ~PTE_ADDR_MASK);
	if (c->err)
		return;
	*pte = 0;
	invlpg(va);
}

/* Moves the entries of [from, from+len) to `to` (which maps nothing). 0, or -ENOMEM
 * with nothing moved: the entries that had moved go back, into tables that still
 * exist, so going back cannot fail. */
static int move_pages(struct vm_space *vm, uint64_t from, uint64_t len, uint64_t to)
{
	struct move_ctx there = { vm->root, to - from, 0 }, back = { vm->root, from - to, 0 };

	paging_walk(vm->root, from, from + len, move_one, &there);
	if (there.err)
		paging_walk(vm->root, to, to + len, move_one, &back);
	return there.err;
}

/* Maps a copy of the area at addr, new_len long, at `to` (a hint unless `fixed`) and
 * moves the old_len bytes at addr there; unmaps them unless MREMAP_DONTUNMAP. */
static long move(struct vm_space *vm, const struct vm_remap_req *r, uint64_t old_len, uint64_t new_len,
		 uint64_t to, int fixed)
{
	int keep = r->flags & MREMAP_DONTUNMAP;
	struct vm_area *src, *dst, tmpl;
	uint64_t off;
	long at;

	if (old_len)
		TRY(vm_split_range(vm, r->addr, r->addr + old_len));
	src = vm_find(vm, r->addr);
	TRY(may_commit(vm, r, src, keep ? new_len : new_len - old_len));
	tmpl = *src;
	off = r->addr - tmpl.start;
	at = vm_map(vm, to, new_len, tmpl.prot, tmpl.flags, fixed, tmpl.file, tmpl.file_off + off, 0, tmpl.obj);
	if (at < 0)
		return at;
	dst = vm_find(vm, (uint64_t)at);
	dst->file_end = tmpl.file_end;
	dst->obj_off = tmpl.obj_off + off / PAGE_SIZE;
	if (move_pages(vm, r->addr, old_len, (uint64_t)at) < 0) {
		vm_unmap(vm, (uint64_t)at, new_len);
		return -ENOMEM;
	}
	if (old_len && !keep)
		vm_unmap(vm, r->addr, old_len);	/* whole areas: cannot fail */
	return at;
}

/* MREMAP_FIXED and MREMAP_DONTUNMAP: always a move, to new_addr or (DONTUNMAP
 * alone) wherever it fits; a shrinking one drops the tail first. */
static long remap_to(struct vm_space *vm, const struct vm_remap_req *r, uint64_t old_len, uint64_t new_len)
{
	int fixed = r->flags & MREMAP_FIXED;

	if (fixed)
		TRY(vm_unmap(vm, r->new_addr, new_len));
	if (old_len > new_len) {
		TRY(vm_unmap(vm, r->addr + new_len, old_len - new_len));
		old_len = new_len;
	}
	return move(vm, r, old_len, new_len, r->new_addr, fixed);
}

static long grow_in_place(struct vm_space *vm, const struct vm_remap_req *r, struct vm_area *a, uint64_t more)
{
	TRY(may_commit(vm, r, a, more));
	a->end += more;
	if (vm_area_charged(a))
		vm->committed += more;
	return (long)r->addr;
}

long vm_remap(struct vm_space *vm, const struct vm_remap_req *r)
{
	uint64_t old_len = round_len(r->old_len), new_len = round_len(r->new_len), end;
	int moves = r->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
	struct vm_area *a;

	TRY(check_request(r, old_len, new_len));
	a = vm_find(vm, r->addr);
	if (!a)
		return -EFAULT;
	if (moves || new_len > old_len)
		TRY(check_source(vm, a, r->addr, old_len, new_len));
	if (moves)
		return remap_to(vm, r, old_len, new_len);
	if (new_len <= old_len) {
		if (new_len < old_len)
			TRY(vm_unmap(vm, r->addr + new_len, old_len - new_len));
		return (long)r->addr;
	}
	end = r->addr + new_len;
	if (r->addr + old_len == a->end && end <= USER_TOP && vm_range_free(vm, a->end, end))
		return grow_in_place(vm, r, a, new_len - old_len);
	if (!(r->flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	return move(vm, r, old_len, new_len, 0, 0);
}
