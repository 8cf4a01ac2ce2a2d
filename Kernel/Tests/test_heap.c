/*
 * Self-tests of the kernel heap: many sizes (alignment, no overlap, contents kept),
 * poisoning of freed memory and its check on reuse, and detection of double frees
 * and foreign pointers.
 */
#include <stdint.h>

#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/pmm.h"
#include "Tests/selftest.h"

KERNEL_TEST(test_heap_sizes, "heap.sizes")
{
	static const size_t sizes[] = { 1, 7, 16, 17, 100, 255, 512, 1000, 2048, 2049, 4096, 10000, 65536, 300000 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	unsigned char *blocks[N];

	for (int i = 0; i < N; i++) {
		blocks[i] = kmalloc(sizes[i]);
		EXPECT(blocks[i] != NULL);
		EXPECT_EQ((uintptr_t)blocks[i] & 15, 0);
		EXPECT(kmalloc_size(blocks[i]) >= sizes[i]);
		memset(blocks[i], i + 1, sizes[i]);
	}
	for (int i = 0; i < N; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			if (blocks[i][j] != (unsigned char)(i + 1)) {
				EXPECT(!"block contents changed");
				break;
			}
	for (int i = 0; i < N; i++)
		kfree(blocks[i]);
}

KERNEL_TEST(test_heap_many, "heap.many_small")
{
	enum { N = 2000 };
	static void *p[N];

	for (int i = 0; i < N; i++) {
		p[i] = kmalloc(24 + (i % 5) * 100);
		EXPECT(p[i] != NULL);
		*(int *)p[i] = i;
	}
	for (int i = 0; i < N; i += 2)
		kfree(p[i]);
	for (int i = 1; i < N; i += 2)
		EXPECT_EQ(*(int *)p[i], i);
	for (int i = 1; i < N; i += 2)
		kfree(p[i]);
}

KERNEL_TEST(test_heap_big_returns_frames, "heap.big_returns_frames")
{
	size_t before = pmm_free_pages();
	void *p = kmalloc(1 << 20);

	EXPECT(p != NULL);
	EXPECT(pmm_free_pages() < before);
	kfree(p);
	EXPECT_EQ(pmm_free_pages(), before);
}

KERNEL_TEST(test_heap_poison, "heap.poison")
{
	unsigned char *p = kmalloc(64);

	EXPECT(p != NULL);
	EXPECT_EQ(p[10], HEAP_POISON_NEW);
	kfree(p);
	/* Past the free-list link, a freed block holds the free poison. */
	EXPECT_EQ(p[20], HEAP_POISON_FREE);
	EXPECT_EQ(p[63], HEAP_POISON_FREE);
	/* A write after free is caught when the slot is handed out again. */
	p[30] = 0;
	heap_violations = 0;
	heap_expect_violations = 1;
	void *q = kmalloc(64);
	EXPECT_EQ(q, p);
	EXPECT_EQ(heap_violations, 1);
	heap_expect_violations = 0;
	kfree(q);
}

KERNEL_TEST(test_heap_double_free, "heap.double_free")
{
	void *p = kmalloc(128);
	static uint64_t not_heap[4] __attribute__((aligned(16)));

	heap_violations = 0;
	heap_expect_violations = 2;
	kfree(p);
	kfree(p);
	EXPECT_EQ(heap_violations, 1);
	kfree(&not_heap[2]);
	EXPECT_EQ(heap_violations, 2);
	heap_expect_violations = 0;
}
