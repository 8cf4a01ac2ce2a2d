/*
 * Page tables.
 *
 * paging_init replaces the boot tables (boot.S) with the kernel's own:
 *   - the direct map: physical 0 .. max(4 GiB, top of RAM) at DIRECT_MAP_BASE with
 *     2 MiB pages, writable, no-execute (the low 4 GiB include MMIO holes, which
 *     device drivers reach through it);
 *   - the kernel image at KERNEL_VMA + 1 MiB with 4 KiB pages: text read+execute,
 *     rodata read-only, data and bss read-write no-execute (CR0.WP makes the kernel
 *     honour read-only too).
 * The identity map is gone afterwards, so the lower half is free for user space.
 *
 * Intermediate entries carry PRESENT|WRITE|USER; the leaf decides the permission.
 * Only the lower half (user space) is ever changed after boot; upper-half PML4
 * entries are fixed, which is what lets every address space share them.
 */
#include "Memory/paging.h"

#include "API/errno.h"
#include "Arch/x86_64/cpu.h"
#include "Lib/error.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"

static uint64_t kernel_root;

extern char __image_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __image_end[];

static uint64_t *table(uint64_t phys)
{
	return phys_to_virt(phys & PTE_ADDR_MASK);
}

static unsigned index_of(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* The page-table entry for `va` at level 0 (PT), creating tables when `create`. */
static uint64_t *walk(uint64_t root, uint64_t va, int create)
{
	uint64_t *t = table(root);

	for (int level = 3; level > 0; level--) {
		uint64_t *e = &t[index_of(va, level)];
		if (!(*e & PTE_PRESENT)) {
			uint64_t p;
			if (!create || !(p = pmm_alloc_zeroed()))
				return NULL;
			*e = p | PTE_PRESENT | PTE_WRITE | PTE_USER;
		}
		if (*e & PTE_HUGE)
			return NULL;
		t = table(*e);
	}
	return &t[index_of(va, 0)];
}

int paging_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *e = walk(root, va, 1);

	if (!e)
		return -ENOMEM;
	if (*e & PTE_PRESENT)
		return -EEXIST;
	*e = (pa & PTE_ADDR_MASK) | flags | PTE_PRESENT;
	return 0;
}

int paging_unmap(uint64_t root, uint64_t va, uint64_t *pa)
{
	uint64_t *e = walk(root, va, 0);

	if (!e || !(*e & PTE_PRESENT))
		return -ENOENT;
	if (pa)
		*pa = *e & PTE_ADDR_MASK;
	*e = 0;
	invlpg(va);
	return 0;
}

int paging_protect(uint64_t root, uint64_t va, uint64_t flags)
{
	uint64_t *e = walk(root, va, 0);

	if (!e || !(*e & PTE_PRESENT))
		return -ENOENT;
	*e = (*e & PTE_ADDR_MASK) | flags | PTE_PRESENT;
	invlpg(va);
	return 0;
}

int paging_translate(uint64_t root, uint64_t va, uint64_t *pa, uint64_t *flags)
{
	uint64_t *t = table(root), e = 0;
	int level;

	for (level = 3; level >= 0; level--) {
		e = t[index_of(va, level)];
		if (!(e & PTE_PRESENT))
			return -ENOENT;
		if (level == 0 || (e & PTE_HUGE))
			break;
		t = table(e);
	}
	uint64_t page_mask = (1ULL << (12 + 9 * level)) - 1;
	*pa = ((e & PTE_ADDR_MASK) & ~page_mask) | (va & page_mask);
	if (flags)
		*flags = e & ~PTE_ADDR_MASK;
	return 0;
}

static uint64_t alloc_table(void)
{
	uint64_t p = pmm_alloc_zeroed();

	if (!p)
		panic("paging: out of memory building kernel tables");
	return p;
}

/* The direct map with 2 MiB pages. */
static void map_direct(uint64_t root)
{
	uint64_t top = pmm_max_phys() > (4ULL << 30) ? pmm_max_phys() : (4ULL << 30);

	for (uint64_t pa = 0; pa < top; pa += 1ULL << 21) {
		uint64_t va = DIRECT_MAP_BASE + pa, *t = table(root);
		for (int level = 3; level > 1; level--) {
			uint64_t *e = &t[index_of(va, level)];
			if (!(*e & PTE_PRESENT))
				*e = alloc_table() | PTE_PRESENT | PTE_WRITE;
			t = table(*e);
		}
		t[index_of(va, 1)] = pa | PTE_PRESENT | PTE_WRITE | PTE_HUGE | PTE_GLOBAL | PTE_NX;
	}
}

static void map_image_range(uint64_t root, char *start, char *end, uint64_t flags)
{
	for (uint64_t va = (uint64_t)start & ~0xfffULL; va < (uint64_t)end; va += PAGE_SIZE)
		if (paging_map(root, va, va - KERNEL_VMA, flags | PTE_GLOBAL) != 0)
			panic("paging: cannot map kernel page %lx", va);
}

void paging_init(void)
{
	kernel_root = alloc_table();
	/* Pre-create every upper-half PML4 entry so that they never change later. */
	for (int i = 256; i < 512; i++)
		table(kernel_root)[i] = alloc_table() | PTE_PRESENT | PTE_WRITE;
	map_direct(kernel_root);
	map_image_range(kernel_root, __image_start, __text_end, 0);
	map_image_range(kernel_root, __rodata_start, __rodata_end, PTE_NX);
	map_image_range(kernel_root, __data_start, __image_end, PTE_WRITE | PTE_NX);
	write_cr3(kernel_root);
}

static void walk_level(uint64_t *t, int level, uint64_t base, uint64_t start, uint64_t end,
		       void (*fn)(uint64_t, uint64_t *, void *), void *ctx)
{
	uint64_t span = 1ULL << (12 + 9 * level);

	for (unsigned i = index_of(start, level); i < 512; i++) {
		uint64_t va = base + i * span;
		if (va >= end)
			break;
		if (va + span <= start || !(t[i] & PTE_PRESENT))
			continue;
		if (level == 0)
			fn(va, &t[i], ctx);
		else if (!(t[i] & PTE_HUGE))
			walk_level(table(t[i]), level - 1, va, MAX(start, va), MIN(end, va + span), fn, ctx);
	}
}

void paging_walk(uint64_t root, uint64_t start, uint64_t end, void (*fn)(uint64_t va, uint64_t *pte, void *ctx),
		 void *ctx)
{
	if (start < end)
		walk_level(table(root), 3, 0, start, end, fn, ctx);
}

uint64_t paging_kernel_root(void)
{
	return kernel_root;
}

uint64_t paging_create_root(void)
{
	uint64_t root = pmm_alloc_zeroed();

	if (root)
		memcpy(table(root) + 256, table(kernel_root) + 256, 256 * sizeof(uint64_t));
	return root;
}

static void free_level(uint64_t phys, int level)
{
	uint64_t *t = table(phys);

	for (int i = 0; level > 1 && i < 512; i++)
		if ((t[i] & PTE_PRESENT) && !(t[i] & PTE_HUGE))
			free_level(t[i], level - 1);
	pmm_free_page(phys & PTE_ADDR_MASK);
}

void paging_destroy_root(uint64_t root)
{
	uint64_t *t = table(root);

	ASSERT(root != kernel_root);
	for (int i = 0; i < 256; i++)
		if (t[i] & PTE_PRESENT)
			free_level(t[i], 3);
	pmm_free_page(root);
}
