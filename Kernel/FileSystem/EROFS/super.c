/*
 * super.c - mounting: the superblock, its checksum, the feature policy, and
 * the one gate every device read goes through.
 *
 * erofs_dev_read() is the core's only path to the image. It refuses any range
 * outside [0, dev_size) (a corrupt offset becomes -EUCLEAN, never a read past
 * the end), and splits requests so that no callback call crosses a block
 * boundary (a 512-byte one until the superblock has given the block size).
 *
 * Feature policy (feature_incompat):
 *   CHUNKED_FILE                       read.
 *   ZERO_PADDING, COMPR_CFGS/BIG_PCLUSTER, ZTAILPACKING, COMPR_HEAD2/DEVICE_TABLE
 *                                      accepted: the image mounts and only its
 *                                      compressed inodes fail (-EOPNOTSUPP);
 *                                      a device table with extra devices is refused.
 *   anything else                      the mount fails with -EINVAL, logging the bits.
 * feature_compat bits are informational (SB_CHKSUM makes the CRC mandatory).
 *
 * The struct erofs_sb_info written here is never modified afterwards.
 */
#include "crc32c.h"
#include "internal.h"

#define EROFS_KNOWN_INCOMPAT (EROFS_FEATURE_INCOMPAT_ZERO_PADDING |    \
			      EROFS_FEATURE_INCOMPAT_COMPR_CFGS |      \
			      EROFS_FEATURE_INCOMPAT_BIG_PCLUSTER |    \
			      EROFS_FEATURE_INCOMPAT_CHUNKED_FILE |    \
			      EROFS_FEATURE_INCOMPAT_DEVICE_TABLE |    \
			      EROFS_FEATURE_INCOMPAT_COMPR_HEAD2 |     \
			      EROFS_FEATURE_INCOMPAT_ZTAILPACKING)

#define SB_SECTOR_BITS 9u

int erofs_dev_read(const struct erofs_sb_info *sbi, uint64_t off, void *buf, size_t len,
		   const char *what, uint64_t nid)
{
	uint8_t *p = buf;
	unsigned int bits = sbi->blkszbits ? sbi->blkszbits : SB_SECTOR_BITS;
	uint64_t unit = (uint64_t)1 << bits;

	if (!erofs_range_ok(sbi, off, len)) {
		erofs_log(sbi, "nid %llu: %s at byte %llu (+%zu) lies beyond the end of the image (%llu bytes)",
			  (unsigned long long)nid, what, (unsigned long long)off, len,
			  (unsigned long long)sbi->dev_size);
		return -EFSCORRUPTED;
	}
	while (len) {
		size_t n = (size_t)EROFS_MIN((uint64_t)len, unit - (off & (unit - 1)));
		int err = sbi->ops->read(sbi->ctx, off, p, n);

		if (err) {
			erofs_log(sbi, "nid %llu: reading %s at byte %llu failed (%d)",
				  (unsigned long long)nid, what, (unsigned long long)off, err);
			return err < 0 ? err : -EIO;
		}
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

/*
 * Check the CRC32C of the superblock block: bytes [1024, 1024 + len) where
 * len = blksz - 1024 (or blksz for blocks <= 1024), the checksum field zeroed.
 */
static int check_sb_checksum(const struct erofs_sb_info *sbi, uint32_t expected)
{
	uint8_t sector[1u << SB_SECTOR_BITS];
	uint64_t len = sbi->blksz > EROFS_SUPER_OFFSET ? sbi->blksz - EROFS_SUPER_OFFSET : sbi->blksz;
	uint32_t crc = EROFS_SB_CHKSUM_SEED;

	for (uint64_t done = 0; done < len; done += sizeof(sector)) {
		size_t n = (size_t)EROFS_MIN(len - done, (uint64_t)sizeof(sector));

		EROFS_TRY(erofs_dev_read(sbi, EROFS_SUPER_OFFSET + done, sector, n, "superblock", 0));
		if (done == 0)
			erofs_memset(sector + 4, 0, 4);
		crc = erofs_crc32c(crc, sector, n);
	}
	if (crc != expected) {
		erofs_log(sbi, "superblock checksum mismatch: stored 0x%x, computed 0x%x",
			  expected, crc);
		return -EFSCORRUPTED;
	}
	return 0;
}

static int check_features(const struct erofs_sb_info *sbi, const struct erofs_super_block *dsb)
{
	uint32_t unknown = dsb->feature_incompat & ~EROFS_KNOWN_INCOMPAT;

	if (unknown) {
		erofs_log(sbi, "unsupported incompatible features 0x%x (feature_incompat 0x%x): refusing to mount",
			  unknown, dsb->feature_incompat);
		return -EINVAL;
	}
	if (dsb->extra_devices) {
		erofs_log(sbi, "image spans %u extra devices: multi-device images are not supported",
			  dsb->extra_devices);
		return -EOPNOTSUPP;
	}
	if (dsb->dirblkbits) {
		erofs_log(sbi, "dirblkbits %u is not supported", dsb->dirblkbits);
		return -EINVAL;
	}
	return 0;
}

/* Copy the checked superblock fields into sbi. */
static void fill_sb_info(struct erofs_sb_info *sbi, const struct erofs_super_block *dsb)
{
	sbi->feature_compat = dsb->feature_compat;
	sbi->feature_incompat = dsb->feature_incompat;
	sbi->root_nid = dsb->root_nid;
	sbi->inos = dsb->inos;
	sbi->blocks = dsb->blocks;
	sbi->meta_blkaddr = dsb->meta_blkaddr;
	sbi->xattr_blkaddr = dsb->xattr_blkaddr;
	sbi->build_time = dsb->build_time;
	sbi->build_time_nsec = dsb->build_time_nsec;
	erofs_memcpy(sbi->uuid, dsb->uuid, sizeof(sbi->uuid));
	erofs_memcpy(sbi->volume_name, dsb->volume_name, sizeof(dsb->volume_name));
	sbi->volume_name[sizeof(dsb->volume_name)] = '\0';
}

static int check_geometry(const struct erofs_sb_info *sbi, const struct erofs_super_block *dsb)
{
	uint64_t sb_size = EROFS_SB_BASE_SIZE + (uint64_t)dsb->sb_extslots * EROFS_SB_EXTSLOT_SIZE;

	if (sbi->blksz > EROFS_SUPER_OFFSET && sb_size > sbi->blksz - EROFS_SUPER_OFFSET) {
		erofs_log(sbi, "invalid sb_extslots %u", dsb->sb_extslots);
		return -EFSCORRUPTED;
	}
	if (((uint64_t)dsb->blocks << sbi->blkszbits) > sbi->dev_size) {
		erofs_log(sbi, "image truncated: superblock says %u blocks of %u bytes, device has %llu bytes",
			  dsb->blocks, sbi->blksz, (unsigned long long)sbi->dev_size);
		return -EFSCORRUPTED;
	}
	return 0;
}

static int check_root(const struct erofs_sb_info *sbi)
{
	struct erofs_inode root;

	EROFS_TRY(erofs_iget(sbi, sbi->root_nid, &root));
	if (!erofs_inode_is_dir(&root)) {
		erofs_log(sbi, "root nid %llu is not a directory (mode 0%o)",
			  (unsigned long long)sbi->root_nid, root.mode);
		return -EFSCORRUPTED;
	}
	return 0;
}

int erofs_mount(struct erofs_sb_info *sbi, const struct erofs_ops *ops, void *ctx, uint64_t dev_size)
{
	struct erofs_super_block dsb;

	erofs_memset(sbi, 0, sizeof(*sbi));
	sbi->ops = ops;
	sbi->ctx = ctx;
	sbi->dev_size = dev_size;
	EROFS_TRY(erofs_dev_read(sbi, EROFS_SUPER_OFFSET, &dsb, sizeof(dsb), "superblock", 0));
	if (dsb.magic != EROFS_SUPER_MAGIC_V1) {
		erofs_log(sbi, "bad superblock magic 0x%x: not an EROFS image", dsb.magic);
		return -EINVAL;
	}
	if (dsb.blkszbits < EROFS_MIN_BLKSZBITS || dsb.blkszbits > EROFS_MAX_BLKSZBITS) {
		erofs_log(sbi, "block size 2^%u is not supported", dsb.blkszbits);
		return -EINVAL;
	}
	sbi->blksz = 1u << dsb.blkszbits;
	if (dsb.feature_compat & EROFS_FEATURE_COMPAT_SB_CHKSUM)
		EROFS_TRY(check_sb_checksum(sbi, dsb.checksum));
	sbi->blkszbits = dsb.blkszbits;
	EROFS_TRY(check_features(sbi, &dsb));
	EROFS_TRY(check_geometry(sbi, &dsb));
	fill_sb_info(sbi, &dsb);
	return check_root(sbi);
}
