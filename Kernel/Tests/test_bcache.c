/*
 * Self-tests of the buffer cache (Devices/Block/bcache.c) over two test devices that
 * are never registered: a "pattern" device whose bytes are a function of their
 * offset and which counts the driver reads it serves (for hit/miss, LRU eviction and
 * read-ahead), and a RAM disk over a heap buffer (for write-through and errors).
 */
#include "Devices/Block/block.h"
#include "Devices/Block/ramdisk.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tests/selftest.h"

#define PATTERN_BLOCKS (2 * BCACHE_CAPACITY)

static unsigned driver_reads;

static uint8_t pattern_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + off / BCACHE_BLOCK_SIZE);
}

static int pattern_read(struct block_device *bd, uint64_t off, void *buf, size_t count)
{
	driver_reads++;
	for (size_t i = 0; i < count; i++)
		((uint8_t *)buf)[i] = pattern_byte(off + i);
	return 0;
}

static const struct block_ops pattern_ops = { .read = pattern_read };

static struct block_device pattern_dev = {
	.name = "test-pattern",
	.rdev = MKDEV(240, 0),
	.logical_block_size = 512,
	.size = (uint64_t)PATTERN_BLOCKS * BCACHE_BLOCK_SIZE,
	.read_only = 1,
	.ops = &pattern_ops,
};

static void fresh_start(void)
{
	bcache_invalidate(&pattern_dev);
	bcache_reset_stats();
	driver_reads = 0;
}

/* Reads block blk whole and checks its bytes. */
static int read_block_ok(uint64_t blk)
{
	static uint8_t buf[BCACHE_BLOCK_SIZE];

	if (bcache_read(&pattern_dev, blk * BCACHE_BLOCK_SIZE, buf, sizeof(buf)) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != pattern_byte(blk * BCACHE_BLOCK_SIZE + i))
			return 0;
	return 1;
}

KERNEL_TEST(bcache_hit_miss, "bcache/hit-miss")
{
	struct bcache_stats s;

	fresh_start();
	EXPECT(read_block_ok(5));
	EXPECT(read_block_ok(5));
	EXPECT(read_block_ok(5));
	bcache_get_stats(&s);
	EXPECT_EQ(s.misses, 1);
	EXPECT_EQ(s.hits, 2);
	EXPECT_EQ(driver_reads, 1);
}

KERNEL_TEST(bcache_unaligned, "bcache/unaligned")
{
	uint8_t buf[40];

	fresh_start();
	EXPECT(bcache_read(&pattern_dev, 3 * BCACHE_BLOCK_SIZE - 20, buf, sizeof(buf)) == 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		EXPECT_EQ(buf[i], pattern_byte(3 * BCACHE_BLOCK_SIZE - 20 + i));
	EXPECT(bcache_read(&pattern_dev, pattern_dev.size - 10, buf, 20) == -EIO);
	EXPECT(bcache_read(&pattern_dev, pattern_dev.size - 10, buf, 10) == 0);
}

/* Fills the cache with blocks 0, 2, 4, ... (a stride never counts as sequential, so
 * nothing is read ahead), touches block 0 again, then reads one more block: the
 * least recently used, block 2, must be the one evicted. */
KERNEL_TEST(bcache_lru, "bcache/lru-eviction")
{
	struct bcache_stats s;

	fresh_start();
	for (uint64_t i = 0; i < BCACHE_CAPACITY; i++)
		EXPECT(read_block_ok(2 * i));
	EXPECT(read_block_ok(0));
	bcache_get_stats(&s);
	EXPECT_EQ(s.misses, BCACHE_CAPACITY);
	EXPECT_EQ(s.hits, 1);
	EXPECT_EQ(s.cached, BCACHE_CAPACITY);
	EXPECT(read_block_ok(PATTERN_BLOCKS - 1));
	bcache_get_stats(&s);
	EXPECT_EQ(s.evictions, 1);
	EXPECT_EQ(s.readahead, 0);
	driver_reads = 0;
	EXPECT(read_block_ok(0));	/* recently used: still there */
	EXPECT_EQ(driver_reads, 0);
	EXPECT(read_block_ok(4));	/* not the oldest: still there */
	EXPECT_EQ(driver_reads, 0);
	EXPECT(read_block_ok(2));	/* the oldest: gone */
	EXPECT_EQ(driver_reads, 1);
	fresh_start();
}

KERNEL_TEST(bcache_readahead, "bcache/readahead")
{
	struct bcache_stats s;

	fresh_start();
	EXPECT(read_block_ok(100));	/* first access: no read-ahead */
	bcache_get_stats(&s);
	EXPECT_EQ(s.readahead, 0);
	EXPECT(read_block_ok(101));	/* sequential miss: 102.. read ahead */
	bcache_get_stats(&s);
	EXPECT_EQ(s.misses, 2);
	EXPECT_EQ(s.readahead, BCACHE_READAHEAD);
	unsigned before = driver_reads;
	for (uint64_t b = 102; b < 102 + BCACHE_READAHEAD; b++)
		EXPECT(read_block_ok(b));
	bcache_get_stats(&s);
	EXPECT_EQ(s.misses, 2);
	EXPECT_EQ(s.hits, BCACHE_READAHEAD);
	/* Each sequential hit keeps the window ahead full: one new block per hit. */
	EXPECT_EQ(driver_reads - before, BCACHE_READAHEAD);
	/* A read-ahead never passes the end of the device. */
	fresh_start();
	EXPECT(read_block_ok(PATTERN_BLOCKS - 3));
	EXPECT(read_block_ok(PATTERN_BLOCKS - 2));
	bcache_get_stats(&s);
	EXPECT_EQ(s.readahead, 1);
	fresh_start();
}

KERNEL_TEST(bcache_write_through, "bcache/write-through")
{
	static struct block_device rd;
	size_t len = 16 * BCACHE_BLOCK_SIZE;
	char *mem = kzalloc(len), buf[3000];

	EXPECT(mem != NULL);
	if (!mem)
		return;
	ramdisk_init_device(&rd, "test-ram", MKDEV(240, 1), mem, len, 0);
	EXPECT(bcache_read(&rd, 0, buf, 100) == 0);	/* caches block 0 */
	memset(buf, 'x', sizeof(buf));
	EXPECT(bcache_write(&rd, 4000, buf, sizeof(buf)) == 0);	/* spans blocks 0 and 1 */
	EXPECT_EQ(mem[3999], 0);
	EXPECT_EQ(mem[4000], 'x');
	EXPECT_EQ(mem[6999], 'x');
	EXPECT_EQ(mem[7000], 0);
	memset(buf, 0, sizeof(buf));
	EXPECT(bcache_read(&rd, 3990, buf, 20) == 0);
	EXPECT(buf[9] == 0 && buf[10] == 'x' && buf[19] == 'x');
	EXPECT(bcache_write(&rd, len - 1, buf, 2) == -EIO);
	rd.read_only = 1;
	EXPECT(bcache_write(&rd, 0, buf, 1) == -EROFS);
	bcache_invalidate(&rd);
	kfree(mem);
}
