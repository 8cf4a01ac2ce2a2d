/*
 * The physical memory manager: 4 KiB page frames, handed out by physical address.
 * Address 0 is never a valid frame, so it doubles as "no memory".
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct boot_info;

void pmm_init(const struct boot_info *bi);
/* One frame, or 0 when memory is exhausted. Contents undefined. */
uint64_t pmm_alloc_page(void);
/* One zero-filled frame, or 0. */
uint64_t pmm_alloc_zeroed(void);
/* `count` physically contiguous frames, or 0. */
uint64_t pmm_alloc_contiguous(size_t count);
/* Frees frames; freeing a frame that is already free is a kernel bug (panics). */
void pmm_free_page(uint64_t phys);
void pmm_free_contiguous(uint64_t phys, size_t count);
/* Reference counts of frames mapped into user address spaces: a frame starts at 1
 * when allocated; pmm_page_unref frees it when the count reaches 0. */
void pmm_page_ref(uint64_t phys);
void pmm_page_unref(uint64_t phys);
unsigned pmm_page_refcount(uint64_t phys);
size_t pmm_free_pages(void);
size_t pmm_total_pages(void);
/* Highest physical address of usable RAM (exclusive). */
uint64_t pmm_max_phys(void);

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + 0xffff800000000000ULL);
}
static inline uint64_t virt_to_phys(const void *virt)
{
	return (uint64_t)virt - 0xffff800000000000ULL;
}
