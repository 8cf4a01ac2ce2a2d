/*
 * 4-level page tables. An address space is named by the physical address of its
 * PML4. Every address space shares the kernel half (PML4 entries 256-511), which is
 * set up once by paging_init and never changes afterwards, so copying those entries
 * into a new PML4 is enough to share it.
 */
#pragma once

#include <stdint.h>

#define PTE_PRESENT (1ULL << 0)
#define PTE_WRITE (1ULL << 1)
#define PTE_USER (1ULL << 2)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_HUGE (1ULL << 7)
#define PTE_GLOBAL (1ULL << 8)
#define PTE_COW (1ULL << 9)	/* software bit: copy-on-write */
#define PTE_NX (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

struct boot_info;

/* Builds the kernel's final tables (direct map of RAM, the image with per-section
 * permissions) and switches to them. */
void paging_init(void);
uint64_t paging_kernel_root(void);

/* Maps the 4 KiB page at `va` to `pa` with `flags` (PTE_*; PRESENT implied),
 * allocating intermediate tables. Returns 0, -ENOMEM, or -EEXIST if mapped. */
int paging_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags) __attribute__((warn_unused_result));
/* Unmaps `va`; stores the frame it mapped in *pa (may be NULL). 0 or -ENOENT. */
int paging_unmap(uint64_t root, uint64_t va, uint64_t *pa);
/* Looks `va` up: 0 with *pa (exact byte address) and *flags, or -ENOENT. */
int paging_translate(uint64_t root, uint64_t va, uint64_t *pa, uint64_t *flags);
/* Changes the flags of a mapped page. 0 or -ENOENT. */
int paging_protect(uint64_t root, uint64_t va, uint64_t flags);
/* Calls fn for every present 4 KiB entry in [start, end), skipping empty tables, so
 * a sparse terabyte range costs what it maps. fn may change or clear *pte. */
void paging_walk(uint64_t root, uint64_t start, uint64_t end,
		 void (*fn)(uint64_t va, uint64_t *pte, void *ctx), void *ctx);
/* A new, empty user address space sharing the kernel half; 0 on -ENOMEM. */
uint64_t paging_create_root(void);
/* Frees the user-half page tables of `root` (not the frames they map) and the root. */
void paging_destroy_root(uint64_t root);
