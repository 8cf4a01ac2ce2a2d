/*
 * Self-tests of the page tables: map/translate/unmap in a fresh address space,
 * permissions as the MMU enforces them (a kernel write to a read-only page faults,
 * observed through the fault fixup), and that destroying an address space gives back
 * its table frames.
 */
#include "API/errno.h"
#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/interrupts.h"
#include "Arch/x86_64/probe.h"
#include "Memory/layout.h"
#include "Memory/paging.h"
#include "Memory/pmm.h"
#include "Tests/selftest.h"

#define TEST_VA 0x0000400000001000ULL

KERNEL_TEST(test_paging_map_translate, "paging.map_translate")
{
	size_t before = pmm_free_pages();
	uint64_t root = paging_create_root(), frame = pmm_alloc_page(), pa, flags;

	EXPECT(root != 0 && frame != 0);
	EXPECT_EQ(paging_translate(root, TEST_VA, &pa, &flags), -ENOENT);
	EXPECT_EQ(paging_map(root, TEST_VA, frame, PTE_WRITE | PTE_USER), 0);
	EXPECT_EQ(paging_map(root, TEST_VA, frame, PTE_WRITE), -EEXIST);
	EXPECT_EQ(paging_translate(root, TEST_VA + 0x123, &pa, &flags), 0);
	EXPECT_EQ(pa, frame + 0x123);
	EXPECT(flags & PTE_USER);
	EXPECT(flags & PTE_WRITE);
	EXPECT_EQ(paging_protect(root, TEST_VA, PTE_USER | PTE_NX), 0);
	EXPECT_EQ(paging_translate(root, TEST_VA, &pa, &flags), 0);
	EXPECT(!(flags & PTE_WRITE));
	EXPECT(flags & PTE_NX);
	EXPECT_EQ(paging_unmap(root, TEST_VA, &pa), 0);
	EXPECT_EQ(pa, frame);
	EXPECT_EQ(paging_unmap(root, TEST_VA, &pa), -ENOENT);
	/* The kernel half is shared: the direct map translates in the new root too. */
	EXPECT_EQ(paging_translate(root, DIRECT_MAP_BASE + frame, &pa, NULL), 0);
	EXPECT_EQ(pa, frame);
	paging_destroy_root(root);
	pmm_free_page(frame);
	EXPECT_EQ(pmm_free_pages(), before);
}

static int probe_write(volatile uint64_t *p, uint64_t v)
{
	return arch_probe_write64((uint64_t *)p, v);
}

KERNEL_TEST(test_paging_permissions, "paging.permissions")
{
	uint64_t root = read_cr3(), frame = pmm_alloc_zeroed();
	volatile uint64_t *p = (volatile uint64_t *)TEST_VA;

	EXPECT(frame != 0);
	EXPECT_EQ(paging_map(root, TEST_VA, frame, PTE_WRITE | PTE_NX), 0);
	EXPECT_EQ(probe_write(p, 42), 0);
	EXPECT_EQ(*(uint64_t *)phys_to_virt(frame), 42);
	EXPECT_EQ(paging_protect(root, TEST_VA, PTE_NX), 0);
	EXPECT_EQ(probe_write(p, 43), -EFAULT);
	EXPECT_EQ(cpu_fixup.fault_addr, TEST_VA);
	EXPECT_EQ(*p, 42);
	EXPECT_EQ(paging_unmap(root, TEST_VA, NULL), 0);
	EXPECT_EQ(probe_write(p, 44), -EFAULT);
	pmm_free_page(frame);
}

/* The kernel's own text is mapped read-only: writing to it must fault. */
KERNEL_TEST(test_paging_kernel_text_readonly, "paging.kernel_text_readonly")
{
	extern char __image_start[];
	uint64_t pa, flags;

	EXPECT_EQ(paging_translate(read_cr3(), (uint64_t)__image_start, &pa, &flags), 0);
	EXPECT(!(flags & PTE_WRITE));
	EXPECT(!(flags & PTE_NX));
	EXPECT_EQ(probe_write((volatile uint64_t *)__image_start, 0), -EFAULT);
}
