/*
 * data.c - where a file's bytes are: mapping logical offsets to device
 * extents, and reading through that map.
 *
 * Three uncompressed layouts:
 *   FLAT_PLAIN   all ceil(size / blksz) blocks are consecutive from raw_blkaddr.
 *   FLAT_INLINE  the same, except that the last (partial) block is stored
 *                right after the inode and its xattrs ("tail packing"); like
 *                Linux, the tail must not cross a block boundary.
 *   CHUNK_BASED  a chunk map follows the inode (aligned to its entry size):
 *                either 4-byte block addresses or 8-byte chunk indexes, one
 *                per 1 << chunkbits bytes; EROFS_NULL_ADDR is a hole.
 * Every extent handed out is checked to lie inside the image, so callers
 * (and the kernel glue) may read it without further checks. Holes read as
 * zeros. Compressed layouts give -EOPNOTSUPP naming the nid.
 */
#include "internal.h"

#define EROFS_READ_MAX (1ul << 30)

static int map_flat(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		    uint64_t pos, struct erofs_map *map)
{
	bool tailpacking = vi->datalayout == EROFS_INODE_FLAT_INLINE;
	uint64_t nblocks = erofs_nblocks(sbi, vi->size);
	uint64_t lastblk = nblocks - tailpacking;
	uint64_t tail_start = lastblk << sbi->blkszbits;

	if (pos < tail_start || !tailpacking) {
		uint64_t base = erofs_blkpos(sbi, vi->raw_blkaddr);
		uint64_t plain_len = tailpacking ? tail_start : vi->size;

		if (!erofs_range_ok(sbi, base, plain_len)) {
			erofs_log(sbi, "nid %llu: %llu data bytes from block %u lie beyond the end of the image",
				  (unsigned long long)vi->nid, (unsigned long long)plain_len, vi->raw_blkaddr);
			return -EFSCORRUPTED;
		}
		map->m_pa = base + pos;
		map->m_llen = plain_len - pos;
		map->m_flags = EROFS_MAP_MAPPED;
		return 0;
	}
	/* The tail: inline after the inode, within one metadata block. */
	uint64_t tail_pos = erofs_inode_end(sbi, vi);
	uint64_t tail_len = vi->size - tail_start;

	if ((tail_pos & (sbi->blksz - 1u)) + tail_len > sbi->blksz ||
	    !erofs_range_ok(sbi, tail_pos, tail_len)) {
		erofs_log(sbi, "nid %llu: inline data (%llu bytes at byte %llu) crosses a block boundary or the end of the image",
			  (unsigned long long)vi->nid, (unsigned long long)tail_len,
			  (unsigned long long)tail_pos);
		return -EFSCORRUPTED;
	}
	map->m_pa = tail_pos + (pos - tail_start);
	map->m_llen = vi->size - pos;
	map->m_flags = EROFS_MAP_MAPPED | EROFS_MAP_META;
	return 0;
}

/* Block address of chunk number chunknr, from either form of the chunk map. */
static int read_chunk_addr(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
			   uint64_t chunknr, uint32_t *blkaddr)
{
	bool indexes = vi->chunkformat & EROFS_CHUNK_FORMAT_INDEXES;
	uint64_t unit = indexes ? sizeof(struct erofs_inode_chunk_index) : EROFS_BLOCK_MAP_ENTRY_SIZE;
	uint64_t base = (erofs_inode_end(sbi, vi) + unit - 1) & ~(unit - 1);
	struct erofs_inode_chunk_index idx;

	if (chunknr > sbi->dev_size / unit || !erofs_range_ok(sbi, base, chunknr * unit)) {
		erofs_log(sbi, "nid %llu: chunk map entry %llu lies beyond the end of the image",
			  (unsigned long long)vi->nid, (unsigned long long)chunknr);
		return -EFSCORRUPTED;
	}
	if (!indexes)
		return erofs_dev_read(sbi, base + chunknr * unit, blkaddr, sizeof(*blkaddr), "block map", vi->nid);
	EROFS_TRY(erofs_dev_read(sbi, base + chunknr * unit, &idx, sizeof(idx), "chunk index", vi->nid));
	/* NOTE: device_id is masked away as Linux does with no extra devices. */
	*blkaddr = idx.blkaddr;
	return 0;
}

static int map_chunk(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, struct erofs_map *map)
{
	uint64_t chunknr = pos >> vi->chunkbits;
	uint64_t in_chunk = pos - (chunknr << vi->chunkbits);
	uint64_t chunk_left = ((uint64_t)1 << vi->chunkbits) - in_chunk;
	uint32_t blkaddr;

	EROFS_TRY(read_chunk_addr(sbi, vi, chunknr, &blkaddr));
	map->m_llen = EROFS_MIN(chunk_left, vi->size - pos);
	if (blkaddr == EROFS_NULL_ADDR) {
		map->m_flags = 0;
		return 0;
	}
	map->m_pa = erofs_blkpos(sbi, blkaddr) + in_chunk;
	map->m_flags = EROFS_MAP_MAPPED;
	if (!erofs_range_ok(sbi, map->m_pa, map->m_llen)) {
		erofs_log(sbi, "nid %llu: chunk %llu at block %u lies beyond the end of the image",
			  (unsigned long long)vi->nid, (unsigned long long)chunknr, blkaddr);
		return -EFSCORRUPTED;
	}
	return 0;
}

int erofs_map_blocks(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, struct erofs_map *map)
{
	erofs_memset(map, 0, sizeof(*map));
	map->m_la = pos;
	if (pos >= vi->size)
		return 0;
	switch (vi->datalayout) {
	case EROFS_INODE_FLAT_PLAIN:
	case EROFS_INODE_FLAT_INLINE:
		return map_flat(sbi, vi, pos, map);
	case EROFS_INODE_CHUNK_BASED:
		return map_chunk(sbi, vi, pos, map);
	default:
		return erofs_inode_open(sbi, vi) ? -EOPNOTSUPP : -EFSCORRUPTED;
	}
}

long erofs_read_data(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t done = 0;

	if (pos >= vi->size)
		return 0;
	len = (size_t)EROFS_MIN((uint64_t)EROFS_MIN(len, EROFS_READ_MAX), vi->size - pos);
	while (done < len) {
		struct erofs_map map;
		size_t n;

		EROFS_TRY(erofs_map_blocks(sbi, vi, pos + done, &map));
		n = (size_t)EROFS_MIN(map.m_llen, (uint64_t)(len - done));
		if (!(map.m_flags & EROFS_MAP_MAPPED))
			erofs_memset(p + done, 0, n);
		else
			EROFS_TRY(erofs_dev_read(sbi, map.m_pa, p + done, n, "file data", vi->nid));
		done += n;
	}
	return (long)done;
}

int erofs_read_exact(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     uint64_t pos, void *buf, size_t len, const char *what)
{
	long n = erofs_read_data(sbi, vi, pos, buf, len);

	if (n < 0)
		return (int)n;
	if ((size_t)n != len) {
		erofs_log(sbi, "nid %llu: %s at offset %llu runs past the inode size %llu",
			  (unsigned long long)vi->nid, what, (unsigned long long)pos,
			  (unsigned long long)vi->size);
		return -EFSCORRUPTED;
	}
	return 0;
}

long erofs_readlink(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		    char *buf, size_t bufsz)
{
	if (!erofs_inode_is_lnk(vi))
		return -EINVAL;
	if (vi->size == 0 || vi->size > EROFS_SYMLINK_MAX) {
		erofs_log(sbi, "nid %llu: symlink size %llu is out of range",
			  (unsigned long long)vi->nid, (unsigned long long)vi->size);
		return -EFSCORRUPTED;
	}
	if (bufsz < vi->size + 1)
		return -ENAMETOOLONG;
	EROFS_TRY(erofs_inode_open(sbi, vi));
	EROFS_TRY(erofs_read_exact(sbi, vi, 0, buf, (size_t)vi->size, "symlink target"));
	buf[vi->size] = '\0';
	return (long)vi->size;
}
