/*
 * Self-tests of the physical memory manager: exhaustion (every frame can be taken,
 * then allocation fails cleanly, then everything comes back), fragmentation
 * (contiguous requests skip holes), and free/reuse.
 */
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "Tests/selftest.h"

KERNEL_TEST(test_pmm_free_reuse, "pmm.free_reuse")
{
	size_t before = pmm_free_pages();
	uint64_t a = pmm_alloc_page(), b;

	EXPECT(a != 0);
	EXPECT((a & (PAGE_SIZE - 1)) == 0);
	EXPECT_EQ(pmm_free_pages(), before - 1);
	pmm_free_page(a);
	EXPECT_EQ(pmm_free_pages(), before);
	b = pmm_alloc_zeroed();
	EXPECT(b != 0);
	for (int i = 0; i < PAGE_SIZE / 8; i++)
		EXPECT_EQ(((uint64_t *)phys_to_virt(b))[i], 0);
	pmm_free_page(b);
}

/* Takes every free frame, chaining them through their first word. */
KERNEL_TEST(test_pmm_exhaustion, "pmm.exhaustion")
{
	size_t before = pmm_free_pages(), taken = 0;
	uint64_t head = 0, p;

	while ((p = pmm_alloc_page())) {
		*(uint64_t *)phys_to_virt(p) = head;
		head = p;
		taken++;
	}
	EXPECT_EQ(taken, before);
	EXPECT_EQ(pmm_free_pages(), 0);
	EXPECT_EQ(pmm_alloc_page(), 0);
	EXPECT_EQ(pmm_alloc_contiguous(2), 0);
	while (head) {
		p = *(uint64_t *)phys_to_virt(head);
		pmm_free_page(head);
		head = p;
	}
	EXPECT_EQ(pmm_free_pages(), before);
}

KERNEL_TEST(test_pmm_fragmentation, "pmm.fragmentation")
{
	enum { N = 64 };
	uint64_t pages[N], run;
	size_t before = pmm_free_pages();

	for (int i = 0; i < N; i++)
		pages[i] = pmm_alloc_page();
	for (int i = 0; i < N; i += 2)
		pmm_free_page(pages[i]);
	run = pmm_alloc_contiguous(8);
	EXPECT(run != 0);
	for (int i = 1; i < N; i += 2)
		EXPECT(pages[i] < run || pages[i] >= run + 8 * PAGE_SIZE);
	pmm_free_contiguous(run, 8);
	for (int i = 1; i < N; i += 2)
		pmm_free_page(pages[i]);
	EXPECT_EQ(pmm_free_pages(), before);
}
