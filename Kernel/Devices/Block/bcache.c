/*
 * The buffer cache: whole 4 KiB blocks of block devices, bounded and LRU.
 *
 * BCACHE_CAPACITY entries live in a static pool; their pages are taken from the
 * page allocator the first time an entry is used and kept. An entry is either free
 * (bd == NULL) or holds block `blk` of `bd` and is then in a hash chain keyed by
 * (bd, blk). Every entry is on the LRU list: least recently used at the head, so
 * free entries are put at the head and the victim of a miss is the first unpinned
 * entry from the head. The last block of a device may be short (`len` bytes valid).
 *
 * Reads are served from the cache a block at a time. A miss reads the block from the
 * driver; when the miss is the block after the previous access to the same device
 * (sequential reading), up to BCACHE_READAHEAD following blocks that are not cached
 * are read too and counted as read-ahead. Writes are write-through: the bytes are
 * merged into the cached block (read first if absent) and the touched logical
 * sectors go to the driver at once, so nothing is ever dirty.
 *
 * Reentrancy: a driver read may itself read through the cache (a loop device over
 * a file on an EROFS filesystem on /dev/ram0), and a driver may sleep. An entry is
 * pinned while its driver read runs and while its bytes are copied, so a nested
 * miss never evicts it; it is hashed only once its data is valid, and a block that
 * another path filled in the meantime is kept once (the later copy is dropped).
 * Everything runs in process context on one CPU; interrupt handlers never touch it.
 */
#include "Devices/Block/block.h"
#include "Devices/Console/console.h"
#include "FileSystem/ProcFS/procfs.h"
#include "Lib/list.h"
#include "Lib/string.h"
#include "Memory/pmm.h"

#define HASH_BUCKETS 256

struct bblock {
	struct list_node lru;
	struct bblock *hnext;
	struct block_device *bd;	/* NULL: free */
	uint64_t blk;
	uint32_t len;			/* valid bytes */
	int pins;
	int hashed;
	uint8_t *data;
};

static struct bblock pool[BCACHE_CAPACITY];
static struct bblock *buckets[HASH_BUCKETS];
static struct list_node lru = LIST_INIT(lru);
static int pool_ready;
static struct bcache_stats stats = { .capacity = BCACHE_CAPACITY };

/* Per-device sequential detection: the block after the last one accessed. */
static struct {
	struct block_device *bd;
	uint64_t next;
} seq_state[16];

static void pool_init(void)
{
	if (pool_ready)
		return;
	for (int i = 0; i < BCACHE_CAPACITY; i++)
		list_append(&lru, &pool[i].lru);
	pool_ready = 1;
}

static unsigned hash_of(const struct block_device *bd, uint64_t blk)
{
	uint64_t h = ((uint64_t)(uintptr_t)bd >> 4) * 0x9e3779b97f4a7c15ULL + blk * 0xff51afd7ed558ccdULL;
	return (unsigned)(h >> 56) % HASH_BUCKETS;
}

static struct bblock *hash_find(const struct block_device *bd, uint64_t blk)
{
	for (struct bblock *b = buckets[hash_of(bd, blk)]; b; b = b->hnext)
		if (b->bd == bd && b->blk == blk)
			return b;
	return NULL;
}

static void hash_insert(struct bblock *b)
{
	unsigned h = hash_of(b->bd, b->blk);

	b->hnext = buckets[h];
	buckets[h] = b;
	b->hashed = 1;
	stats.cached++;
}

static void hash_remove(struct bblock *b)
{
	struct bblock **pp = &buckets[hash_of(b->bd, b->blk)];

	if (!b->hashed)
		return;
	while (*pp && *pp != b)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = b->hnext;
	b->hashed = 0;
	stats.cached--;
}

/* Makes b the free entry at the LRU head. */
static void release_entry(struct bblock *b)
{
	hash_remove(b);
	b->bd = NULL;
	list_remove(&b->lru);
	list_prepend(&lru, &b->lru);
}

/* Makes b unfindable: freed now if unpinned, else left for its pinner to finish with
 * (it is reused once unpinned, like any entry). */
static void drop_entry(struct bblock *b)
{
	if (b->pins)
		hash_remove(b);
	else
		release_entry(b);
}

static void touch(struct bblock *b)
{
	list_remove(&b->lru);
	list_append(&lru, &b->lru);
}

/* The least recently used unpinned entry, unhashed and pinned; NULL if every entry
 * is pinned or no page is left. */
static struct bblock *take_victim(void)
{
	pool_init();
	list_for_each(pos, &lru) {
		struct bblock *b = list_entry(pos, struct bblock, lru);
		if (b->pins)
			continue;
		if (!b->data) {
			uint64_t phys = pmm_alloc_page();
			if (!phys)
				return NULL;
			b->data = phys_to_virt(phys);
		}
		if (b->bd)
			stats.evictions++;
		hash_remove(b);
		b->bd = NULL;
		b->pins = 1;
		return b;
	}
	return NULL;
}

static uint32_t block_len(const struct block_device *bd, uint64_t blk)
{
	uint64_t start = blk * BCACHE_BLOCK_SIZE;

	return start >= bd->size ? 0 : (uint32_t)MIN((uint64_t)BCACHE_BLOCK_SIZE, bd->size - start);
}

/* Reads block blk of bd into the cache; returns it pinned, or NULL with *err set. */
static struct bblock *fill_block(struct block_device *bd, uint64_t blk, int *err)
{
	struct bblock *b = take_victim(), *other;
	uint32_t len = block_len(bd, blk);
	uint32_t io_len = ALIGN_UP(len, bd->logical_block_size);

	if (!b) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = bd->ops->read(bd, blk * BCACHE_BLOCK_SIZE, b->data, io_len);
	if (*err < 0) {
		b->pins = 0;
		release_entry(b);
		kprintf("bcache: %s: read error %d at block %lu\n", bd->name, *err, blk);
		return NULL;
	}
	other = hash_find(bd, blk);
	if (other) {	/* filled by another path while the driver ran */
		b->pins = 0;
		release_entry(b);
		other->pins++;
		touch(other);
		return other;
	}
	b->bd = bd;
	b->blk = blk;
	b->len = len;
	hash_insert(b);
	touch(b);
	return b;
}

static void read_ahead(struct block_device *bd, uint64_t blk)
{
	for (uint64_t n = 1; n <= BCACHE_READAHEAD; n++) {
		int err;
		if (block_len(bd, blk + n) == 0)
			return;
		if (hash_find(bd, blk + n))
			continue;
		struct bblock *b = fill_block(bd, blk + n, &err);
		if (!b)
			return;
		b->pins--;
		stats.readahead++;
	}
}

/* Was the access to blk sequential? Records blk + 1 as the next expected block. */
static int sequential(struct block_device *bd, uint64_t blk)
{
	int slot = (int)(((uintptr_t)bd >> 4) % ARRAY_SIZE(seq_state));
	int seq = seq_state[slot].bd == bd && seq_state[slot].next == blk;

	seq_state[slot].bd = bd;
	seq_state[slot].next = blk + 1;
	return seq;
}

/* Block blk of bd, pinned (the caller unpins with b->pins--). */
static struct bblock *get_block(struct block_device *bd, uint64_t blk, int *err)
{
	struct bblock *b;
	int seq = sequential(bd, blk);

	pool_init();
	b = hash_find(bd, blk);
	if (b) {
		stats.hits++;
		b->pins++;
		touch(b);
		if (seq)
			read_ahead(bd, blk);
		return b;
	}
	stats.misses++;
	b = fill_block(bd, blk, err);
	if (b && seq)
		read_ahead(bd, blk);
	return b;
}

static int check_range(struct block_device *bd, uint64_t off, size_t len)
{
	if (off > bd->size || len > bd->size - off) {
		kprintf("bcache: %s: access at %lu+%lu past the end (%lu bytes)\n", bd->name, off, len, bd->size);
		return -EIO;
	}
	return 0;
}

/* Writes bytes [in, in + c) of block b to the driver, widened to whole sectors. */
static int write_sectors(struct block_device *bd, struct bblock *b, uint32_t in, size_t c)
{
	uint32_t ss = bd->logical_block_size;
	uint32_t start = ALIGN_DOWN(in, ss);
	uint32_t end = ALIGN_UP((uint32_t)(in + c), ss);

	if (end > b->len)
		end = b->len;
	return bd->ops->write(bd, b->blk * BCACHE_BLOCK_SIZE + start, b->data + start, end - start);
}

/* Copies between the cache and buf, block by block: to buf when `to_buf`, else into
 * the cached blocks, each then written through. 0 or an error. */
static int transfer(struct block_device *bd, uint64_t off, char *buf, size_t len, int to_buf)
{
	size_t done = 0;
	int err = 0;

	TRY(check_range(bd, off, len));
	while (done < len) {
		uint64_t pos = off + done;
		uint32_t in = (uint32_t)(pos % BCACHE_BLOCK_SIZE);
		size_t c = MIN(len - done, (size_t)(BCACHE_BLOCK_SIZE - in));
		struct bblock *b = get_block(bd, pos / BCACHE_BLOCK_SIZE, &err);
		if (!b)
			return err;
		if (to_buf) {
			memcpy(buf + done, b->data + in, c);
		} else {
			memcpy(b->data + in, buf + done, c);
			err = write_sectors(bd, b, in, c);
		}
		b->pins--;
		if (err < 0) {
			drop_entry(b);	/* the disk and the cache may disagree now */
			kprintf("bcache: %s: write error %d at byte %lu\n", bd->name, err, pos);
			return err;
		}
		done += c;
	}
	return 0;
}

int bcache_read(struct block_device *bd, uint64_t off, void *buf, size_t len)
{
	return transfer(bd, off, buf, len, 1);
}

int bcache_write(struct block_device *bd, uint64_t off, const void *buf, size_t len)
{
	if (bd->read_only || !bd->ops->write)
		return -EROFS;
	return transfer(bd, off, (char *)buf, len, 0);
}

void bcache_invalidate(struct block_device *bd)
{
	pool_init();
	for (int i = 0; i < BCACHE_CAPACITY; i++) {
		struct bblock *b = &pool[i];
		if (b->bd == bd)
			drop_entry(b);
	}
	for (size_t i = 0; i < ARRAY_SIZE(seq_state); i++)
		if (seq_state[i].bd == bd)
			seq_state[i].bd = NULL;
}

void bcache_get_stats(struct bcache_stats *out)
{
	*out = stats;
}

void bcache_reset_stats(void)
{
	stats.hits = stats.misses = stats.readahead = stats.evictions = 0;
}

/* /proc/bcache: one "name value" pair per line. */
void procfs_show_bcache(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "block_size %u\ncapacity %u\ncached %u\nhits %lu\nmisses %lu\nreadahead %lu\nevictions %lu\n",
		   BCACHE_BLOCK_SIZE, stats.capacity, stats.cached, stats.hits, stats.misses, stats.readahead,
		   stats.evictions);
}
