/*
 * User address spaces.
 *
 * Areas are kept sorted and never overlap; mapping over existing areas first
 * unmaps them (MAP_FIXED semantics), and partial unmap/mprotect split areas at
 * page boundaries. Page-table entries are created only by vm_fault:
 *   - shared areas map the frame of their vm_object (allocated on first touch);
 *   - private anonymous areas get a zeroed frame;
 *   - private file areas get a frame filled from the file (zeros past file_end,
 *     which is how an ELF segment's .bss is zero);
 * and write faults on copy-on-write entries (PTE_COW, set by vm_clone on private
 * pages) copy the frame unless this space holds the only reference.
 *
 * Every user frame carries a reference count (pmm_page_ref): one per mapping and one
 * per vm_object holding it, so a frame is freed exactly when its last user goes.
 *
 * mremap lives in vm_remap.c; the area helpers both files use are declared in
 * vm_internal.h.
 */
#include "Memory/vm.h"
#include "Memory/vm_internal.h"

#include "API/linux.h"
#include "Arch/x86_64/cpu.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/paging.h"
#include "Memory/pmm.h"
#include "Memory/vm_object.h"

struct vm_space *vm_create(void)
{
	struct vm_space *vm = kzalloc(sizeof(*vm));

	if (!vm)
		return NULL;
	vm->root = paging_create_root();
	if (!vm->root) {
		kfree(vm);
		return NULL;
	}
	list_init(&vm->areas);
	vm->refs = 1;
	return vm;
}

void vm_get(struct vm_space *vm)
{
	vm->refs++;
}

static struct vm_space *active_vm;

struct vm_space *vm_active(void)
{
	return active_vm;
}

void vm_activate(struct vm_space *vm)
{
	uint64_t root = vm ? vm->root : paging_kernel_root();

	active_vm = vm;
	if (read_cr3() != root)
		write_cr3(root);
}

struct vm_area *vm_find(struct vm_space *vm, uint64_t addr)
{
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (addr < a->start)
			return NULL;
		if (addr < a->end)
			return a;
	}
	return NULL;
}

uint64_t vm_accessible(struct vm_space *vm, uint64_t addr, uint64_t n, int write)
{
	uint64_t cur = addr, end = addr + n;
	int need = write ? PROT_WRITE : PROT_READ;

	while (cur < end) {
		struct vm_area *a = vm_find(vm, cur);
		if (!a || !(a->prot & need))
			break;
		cur = a->end;
	}
	return (cur < end ? cur : end) - addr;
}

static uint64_t pte_flags(int prot)
{
	uint64_t f = PTE_USER;

	if (prot & PROT_WRITE)
		f |= PTE_WRITE;
	if (!(prot & PROT_EXEC))
		f |= PTE_NX;
	return f;
}

void vm_insert_area(struct vm_space *vm, struct vm_area *a)
{
	list_for_each(n, &vm->areas) {
		struct vm_area *b = list_entry(n, struct vm_area, link);
		if (a->start < b->start) {
			list_insert_between(&a->link, n->prev, n);
			return;
		}
	}
	list_append(&vm->areas, &a->link);
}

/* What counts as committed memory (container limits): writable private areas. The
 * stack is left out: its 8 MiB are reserved address space that stays untouched for
 * almost every process, and counting it would let a 64 MiB container run seven. */
int vm_area_charged(const struct vm_area *a)
{
	return !(a->flags & (VMA_SHARED | VMA_STACK)) && (a->prot & PROT_WRITE);
}

void vm_area_free(struct vm_space *vm, struct vm_area *a)
{
	if (vm_area_charged(a))
		vm->committed -= a->end - a->start;
	if (a->file)
		file_put(a->file);
	if (a->obj)
		vmo_put(a->obj);
	kfree(a);
}

static void unmap_one(uint64_t va, uint64_t *pte, void *ctx)
{
	uint64_t pa = *pte & PTE_ADDR_MASK;

	*pte = 0;
	invlpg(va);
	pmm_page_unref(pa);
}

void vm_unmap_pages(struct vm_space *vm, uint64_t start, uint64_t end)
{
	paging_walk(vm->root, start, end, unmap_one, NULL);
}

/* Splits `a` at `addr` (strictly inside it); the new upper half is returned. */
static struct vm_area *split(struct vm_area *a, uint64_t addr)
{
	struct vm_area *b = kmalloc(sizeof(*b));

	if (!b)
		return NULL;
	*b = *a;
	b->start = addr;
	b->file_off = a->file_off + (addr - a->start);
	b->obj_off = a->obj_off + (addr - a->start) / PAGE_SIZE;
	if (b->file)
		file_get(b->file);
	if (b->obj)
		vmo_get(b->obj);
	a->end = addr;
	list_insert_between(&b->link, &a->link, a->link.next);
	return b;
}

/* Makes [start, end) an exact union of whole areas by splitting at both ends. */
int vm_split_range(struct vm_space *vm, uint64_t start, uint64_t end)
{
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->start < start && start < a->end && !split(a, start))
			return -ENOMEM;
	}
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->start < end && end < a->end && !split(a, end))
			return -ENOMEM;
	}
	return 0;
}

int vm_unmap(struct vm_space *vm, uint64_t addr, uint64_t len)
{
	uint64_t end;

	if ((addr & (PAGE_SIZE - 1)) || len == 0)
		return -EINVAL;
	end = ALIGN_UP(addr + len, PAGE_SIZE);
	if (end > USER_TOP || end < addr)
		return -EINVAL;
	TRY(vm_split_range(vm, addr, end));
	list_for_each_safe(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->start >= addr && a->end <= end) {
			vm_unmap_pages(vm, a->start, a->end);
			list_remove(&a->link);
			vm_area_free(vm, a);
		}
	}
	return 0;
}

/* Highest free gap of `len` bytes below VM_MMAP_TOP. */
uint64_t vm_find_gap(struct vm_space *vm, uint64_t len)
{
	uint64_t top = VM_MMAP_TOP;

	for (struct list_node *n = vm->areas.prev; n != &vm->areas; n = n->prev) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->start >= top)
			continue;
		if (a->end <= top - len)
			return top - len;
		top = a->start;
		if (top < len + VM_MIN_ADDR)
			return 0;
	}
	return top >= len + 0x10000000 ? top - len : 0;
}

int vm_range_free(struct vm_space *vm, uint64_t start, uint64_t end)
{
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->start < end && start < a->end)
			return 0;
	}
	return 1;
}

long vm_map(struct vm_space *vm, uint64_t addr, uint64_t len, int prot, int flags, int fixed,
	    struct file *file, uint64_t off, uint64_t file_len, struct vm_object *obj)
{
	struct vm_area *a;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || len > USER_TOP)
		return -ENOMEM;
	if (fixed) {
		if ((addr & (PAGE_SIZE - 1)) || addr + len > USER_TOP || addr + len < addr)
			return -EINVAL;
		/* Like Linux's mmap_min_addr: no user page near 0, so a kernel NULL
		 * dereference can never reach user-controlled memory. */
		if (addr < VM_MIN_ADDR)
			return -EPERM;
		TRY(vm_unmap(vm, addr, len));
	} else if (!addr || addr + len > VM_MMAP_TOP || (addr & (PAGE_SIZE - 1)) ||
		   !vm_range_free(vm, addr, addr + len)) {
		addr = vm_find_gap(vm, len);
		if (!addr)
			return -ENOMEM;
	}
	a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->start = addr;
	a->end = addr + len;
	a->prot = prot;
	a->flags = flags;
	a->file = file ? file_get(file) : NULL;
	a->file_off = off;
	a->file_end = off + file_len;
	a->obj = obj;
	if (obj)
		vmo_get(obj);
	if (vm_area_charged(a))
		vm->committed += len;
	vm_insert_area(vm, a);
	return (long)addr;
}

/* Gives a present entry the flags of the new protection (copy-on-write entries stay
 * read-only until written); PROT_NONE drops the page, the area refuses faults. */
static void reprotect_one(uint64_t va, uint64_t *pte, void *ctx)
{
	int prot = *(int *)ctx;
	uint64_t f = *pte & ~PTE_ADDR_MASK, nf = pte_flags(prot) | (f & PTE_COW) | PTE_PRESENT;

	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC))) {
		unmap_one(va, pte, NULL);
		return;
	}
	if (f & PTE_COW)
		nf &= ~PTE_WRITE;
	*pte = (*pte & PTE_ADDR_MASK) | nf;
	invlpg(va);
}

int vm_protect(struct vm_space *vm, uint64_t addr, uint64_t len, int prot)
{
	uint64_t end = ALIGN_UP(addr + len, PAGE_SIZE), covered = addr;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (end > USER_TOP || end < addr)
		return -ENOMEM;
	/* Linux: the whole range must be mapped, else ENOMEM; write access may only be
	 * added where the mapping allows it (VM_MAYWRITE), else EACCES. */
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->end <= covered || a->start >= end)
			continue;
		if (a->start > covered)
			return -ENOMEM;
		if ((prot & PROT_WRITE) && (a->flags & VMA_NO_WRITE))
			return -EACCES;
		covered = a->end;
	}
	if (covered < end)
		return -ENOMEM;
	TRY(vm_split_range(vm, addr, end));
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->start < addr || a->end > end)
			continue;
		if (vm_area_charged(a))
			vm->committed -= a->end - a->start;
		a->prot = prot;
		if (vm_area_charged(a))
			vm->committed += a->end - a->start;
		paging_walk(vm->root, a->start, a->end, reprotect_one, &prot);
	}
	return 0;
}

int vm_discard(struct vm_space *vm, uint64_t addr, uint64_t len)
{
	uint64_t end = ALIGN_UP(addr + len, PAGE_SIZE);

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	list_for_each(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		if (a->flags & VMA_SHARED)
			continue;
		uint64_t s = MAX(a->start, addr), e = MIN(a->end, end);
		if (s < e)
			vm_unmap_pages(vm, s, e);
	}
	return 0;
}

long vm_brk(struct vm_space *vm, uint64_t new_end)
{
	uint64_t old_top = ALIGN_UP(vm->brk_end, PAGE_SIZE), new_top = ALIGN_UP(new_end, PAGE_SIZE);

	if (new_end < vm->brk_start)
		return (long)vm->brk_end;
	if (new_top > old_top) {
		if (!vm_range_free(vm, old_top, new_top))
			return (long)vm->brk_end;
		if (vm_map(vm, old_top, new_top - old_top, PROT_READ | PROT_WRITE, 0, 1, NULL, 0, 0, NULL) < 0)
			return (long)vm->brk_end;
	} else if (new_top < old_top) {
		vm_unmap(vm, new_top, old_top - new_top);
	}
	vm->brk_end = new_end;
	return (long)new_end;
}

/* Fills a fresh frame for a private file page. */
static int fill_from_file(struct vm_area *a, uint64_t va, uint64_t pa)
{
	uint64_t off = a->file_off + (va - a->start);
	char *dst = phys_to_virt(pa);

	if (off >= a->file_end)
		return 0;
	size_t want = MIN((uint64_t)PAGE_SIZE, a->file_end - off);
	long n = kernel_read(a->file, dst, want, off);
	if (n < 0)
		return (int)n;
	return 0;	/* short reads leave the rest zero */
}

static int fault_new_page(struct vm_space *vm, struct vm_area *a, uint64_t va)
{
	uint64_t pa;
	int err;

	if ((a->flags & VMA_EOF_SIGBUS) && a->file &&
	    a->file_off + (va - a->start) >= ALIGN_UP(a->file->f_inode->i_size, PAGE_SIZE))
		return -EIO;
	if (a->flags & VMA_SHARED) {
		TRY(vmo_page(a->obj, a->obj_off + (va - a->start) / PAGE_SIZE, 1, &pa));
		pmm_page_ref(pa);
	} else {
		pa = pmm_alloc_zeroed();
		if (!pa)
			return -ENOMEM;
		if (a->file && (err = fill_from_file(a, va, pa)) < 0) {
			pmm_page_unref(pa);
			return err;
		}
	}
	err = paging_map(vm->root, va, pa, pte_flags(a->prot));
	if (err) {
		pmm_page_unref(pa);
		return err;
	}
	return 0;
}

static int fault_cow(struct vm_space *vm, struct vm_area *a, uint64_t va, uint64_t pa)
{
	uint64_t copy;

	pa &= ~(uint64_t)(PAGE_SIZE - 1);
	if (pmm_page_refcount(pa) == 1)
		return paging_protect(vm->root, va, pte_flags(a->prot));
	copy = pmm_alloc_page();
	if (!copy)
		return -ENOMEM;
	memcpy(phys_to_virt(copy), phys_to_virt(pa), PAGE_SIZE);
	paging_unmap(vm->root, va, NULL);
	pmm_page_unref(pa);
	return paging_map(vm->root, va, copy, pte_flags(a->prot));
}

int vm_fault(struct vm_space *vm, uint64_t addr, int write, int exec)
{
	struct vm_area *a;
	uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE), pa, f;

	if (!vm || addr >= USER_TOP || !(a = vm_find(vm, addr)))
		return -EFAULT;
	if ((write && !(a->prot & PROT_WRITE)) || (exec && !(a->prot & PROT_EXEC)) ||
	    !(a->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EACCES;
	if (paging_translate(vm->root, va, &pa, &f) == 0) {
		if (write && (f & PTE_COW))
			return fault_cow(vm, a, va, pa);
		/* Present and permitted: another thread resolved it, or a stale TLB entry. */
		invlpg(va);
		return 0;
	}
	return fault_new_page(vm, a, va);
}

struct clone_ctx {
	struct vm_space *dst;
	int shared;
	int err;
};

/* Shares one page with the child; private pages become copy-on-write in both. */
static void clone_one(uint64_t va, uint64_t *pte, void *arg)
{
	struct clone_ctx *c = arg;
	uint64_t pa = *pte & PTE_ADDR_MASK, f = *pte & (PTE_USER | PTE_WRITE | PTE_NX | PTE_COW);

	if (c->err)
		return;
	if (!c->shared) {
		f = (f & ~PTE_WRITE) | PTE_COW;
		*pte = pa | f | PTE_PRESENT;
	}
	c->err = paging_map(c->dst->root, va, pa, f);
	if (!c->err)
		pmm_page_ref(pa);
}

static int clone_pages(struct vm_space *dst, struct vm_space *src, struct vm_area *a)
{
	struct clone_ctx c = { dst, a->flags & VMA_SHARED, 0 };

	paging_walk(src->root, a->start, a->end, clone_one, &c);
	return c.err;
}

struct vm_space *vm_clone(struct vm_space *src)
{
	struct vm_space *vm = vm_create();

	if (!vm)
		return NULL;
	vm->brk_start = src->brk_start;
	vm->brk_end = src->brk_end;
	list_for_each(n, &src->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link), *b = kmalloc(sizeof(*b));
		if (!b)
			goto fail;
		*b = *a;
		if (b->file)
			file_get(b->file);
		if (b->obj)
			vmo_get(b->obj);
		if (vm_area_charged(b))
			vm->committed += b->end - b->start;
		list_append(&vm->areas, &b->link);
		if (clone_pages(vm, src, a) < 0)
			goto fail;
	}
	/* The parent's writable entries just became read-only. */
	write_cr3(read_cr3());
	return vm;
fail:
	write_cr3(read_cr3());
	vm_put(vm);
	return NULL;
}

void vm_put(struct vm_space *vm)
{
	if (!vm || --vm->refs > 0)
		return;
	list_for_each_safe(n, &vm->areas) {
		struct vm_area *a = list_entry(n, struct vm_area, link);
		vm_unmap_pages(vm, a->start, a->end);
		list_remove(&a->link);
		vm_area_free(vm, a);
	}
	if (read_cr3() == vm->root) {
		write_cr3(paging_kernel_root());
		active_vm = NULL;
	}
	paging_destroy_root(vm->root);
	kfree(vm);
}

static void count_one(uint64_t va, uint64_t *pte, void *ctx)
{
	(*(size_t *)ctx)++;
}

size_t vm_resident_pages(struct vm_space *vm)
{
	size_t n = 0;

	paging_walk(vm->root, 0, USER_TOP, count_one, &n);
	return n;
}

uint64_t vm_total_size(struct vm_space *vm)
{
	uint64_t n = 0;

	list_for_each(l, &vm->areas) {
		struct vm_area *a = list_entry(l, struct vm_area, link);
		n += a->end - a->start;
	}
	return n;
}
