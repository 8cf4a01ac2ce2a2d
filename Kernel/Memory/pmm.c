/*
 * Physical memory: one bit per 4 KiB frame, set = in use.
 *
 * pmm_init marks everything used, frees the usable regions of the boot memory map,
 * and re-reserves what must never be handed out: the first 1 MiB (BIOS data, VGA),
 * the kernel image, the Multiboot modules (the root filesystem lives there) and the
 * bitmap itself, which sits in the first usable stretch big enough for it.
 * Allocation is next-fit from a moving hint. One CPU; callers disable interrupts
 * when an interrupt handler could allocate.
 */
#include "Memory/pmm.h"

#include "Arch/x86_64/cpu.h"
#include "Boot/boot_info.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/layout.h"

#define MAX_PHYS (64ULL << 30) /* frames above 64 GiB are ignored */

static uint64_t *bitmap;
static uint32_t *refcounts;	/* one per frame; see pmm_page_ref */
static size_t frame_count, free_count, total_usable, hint;
static uint64_t max_phys;

extern char __image_end[];

static int test(size_t f) { return (bitmap[f / 64] >> (f % 64)) & 1; }
static void set(size_t f) { bitmap[f / 64] |= 1ULL << (f % 64); }
static void clear(size_t f) { bitmap[f / 64] &= ~(1ULL << (f % 64)); }

static void reserve_range(uint64_t start, uint64_t end)
{
	for (uint64_t f = start / PAGE_SIZE; f < (end + PAGE_SIZE - 1) / PAGE_SIZE && f < frame_count; f++) {
		if (!test(f)) {
			set(f);
			free_count--;
		}
	}
}

static int overlaps_module(const struct boot_info *bi, uint64_t start, uint64_t end)
{
	for (int i = 0; i < bi->module_count; i++)
		if (start < bi->modules[i].end && bi->modules[i].start < end)
			return 1;
	return 0;
}

/* The first usable, page-aligned spot above the kernel for `bytes` of bitmap. */
static uint64_t place_bitmap(const struct boot_info *bi, uint64_t bytes)
{
	uint64_t kernel_end = (uint64_t)__image_end - KERNEL_VMA;

	for (int i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		uint64_t start = r->base < kernel_end ? kernel_end : r->base;
		start = (start + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		while (r->usable && start + bytes <= r->base + r->length) {
			if (!overlaps_module(bi, start, start + bytes))
				return start;
			start += PAGE_SIZE;
		}
	}
	panic("pmm: no room for the frame bitmap (%lu bytes)", bytes);
}

void pmm_init(const struct boot_info *bi)
{
	uint64_t bitmap_phys, bytes;

	for (int i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		if (r->usable && r->base + r->length > max_phys)
			max_phys = r->base + r->length;
	}
	if (max_phys > MAX_PHYS)
		max_phys = MAX_PHYS;
	frame_count = max_phys / PAGE_SIZE;
	/* The bitmap and the reference counts share one reserved stretch. */
	bytes = ((frame_count + 63) / 64) * 8 + frame_count * sizeof(uint32_t);
	bitmap_phys = place_bitmap(bi, bytes);
	bitmap = phys_to_virt(bitmap_phys);
	refcounts = (uint32_t *)((char *)bitmap + ((frame_count + 63) / 64) * 8);
	memset(bitmap, 0xff, bytes);
	memset(refcounts, 0, frame_count * sizeof(uint32_t));
	for (int i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		uint64_t f = (r->base + PAGE_SIZE - 1) / PAGE_SIZE, end = (r->base + r->length) / PAGE_SIZE;
		for (; r->usable && f < end && f < frame_count; f++) {
			if (test(f)) {
				clear(f);
				free_count++;
			}
		}
	}
	reserve_range(0, 0x100000);
	reserve_range(KERNEL_PHYS_BASE, (uint64_t)__image_end - KERNEL_VMA);
	reserve_range(bitmap_phys, bitmap_phys + bytes);
	for (int i = 0; i < bi->module_count; i++)
		reserve_range(bi->modules[i].start, bi->modules[i].end);
	total_usable = free_count;
}

uint64_t pmm_alloc_contiguous(size_t count)
{
	int irq = irq_save();
	size_t run = 0;

	for (size_t scanned = 0, f = hint; scanned < frame_count + count; scanned++, f++) {
		if (f >= frame_count) {
			f = 0;
			run = 0;
		}
		run = test(f) ? 0 : run + 1;
		if (run == count) {
			size_t first = f + 1 - count;
			for (size_t i = first; i <= f; i++) {
				set(i);
				refcounts[i] = 1;
			}
			free_count -= count;
			hint = f + 1;
			irq_restore(irq);
			return (uint64_t)first * PAGE_SIZE;
		}
	}
	irq_restore(irq);
	return 0;
}

/* Single frames skip whole words of used frames at a time. */
uint64_t pmm_alloc_page(void)
{
	int irq = irq_save();
	size_t words = (frame_count + 63) / 64;

	for (size_t n = 0, w = hint / 64; n <= words; n++, w = (w + 1) % words) {
		if (bitmap[w] == ~0ULL)
			continue;
		size_t f = w * 64 + (size_t)__builtin_ctzll(~bitmap[w]);
		if (f >= frame_count)
			continue;
		set(f);
		refcounts[f] = 1;
		free_count--;
		hint = f;
		irq_restore(irq);
		return (uint64_t)f * PAGE_SIZE;
	}
	irq_restore(irq);
	return 0;
}

uint64_t pmm_alloc_zeroed(void)
{
	uint64_t p = pmm_alloc_page();

	if (p)
		memset(phys_to_virt(p), 0, PAGE_SIZE);
	return p;
}

void pmm_free_contiguous(uint64_t phys, size_t count)
{
	int irq = irq_save();
	size_t f = phys / PAGE_SIZE;

	ASSERT((phys & (PAGE_SIZE - 1)) == 0 && f + count <= frame_count);
	for (size_t i = f; i < f + count; i++) {
		if (!test(i))
			panic("pmm: double free of frame %lx", (uint64_t)i * PAGE_SIZE);
		clear(i);
		refcounts[i] = 0;
	}
	free_count += count;
	irq_restore(irq);
}

void pmm_free_page(uint64_t phys)
{
	pmm_free_contiguous(phys, 1);
}

void pmm_page_ref(uint64_t phys)
{
	size_t f = phys / PAGE_SIZE;

	ASSERT(f < frame_count && refcounts[f] > 0 && refcounts[f] < 0xffffffffu);
	refcounts[f]++;
}

void pmm_page_unref(uint64_t phys)
{
	size_t f = phys / PAGE_SIZE;

	ASSERT(f < frame_count && refcounts[f] > 0);
	if (--refcounts[f] == 0) {
		pmm_free_contiguous(phys & ~(uint64_t)(PAGE_SIZE - 1), 1);
	}
}

unsigned pmm_page_refcount(uint64_t phys)
{
	return refcounts[phys / PAGE_SIZE];
}

size_t pmm_free_pages(void) { return free_count; }
size_t pmm_total_pages(void) { return total_usable; }
uint64_t pmm_max_phys(void) { return max_phys; }
