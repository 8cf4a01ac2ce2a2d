/*
 * erofs_fs.h - the EROFS on-disk format, and nothing else.
 *
 * This header is shared by the in-kernel EROFS parser, the host tests and
 * Atoll's own mkfs.erofs, so it holds only what is written on disk: the
 * superblock, the two inode forms, directory entries, xattr records, chunk
 * indexes, feature bits and the arithmetic that places them. In-memory state
 * lives in internal.h.
 *
 * Facts follow Linux fs/erofs/erofs_fs.h and Documentation/filesystems/erofs.rst
 * (as written by erofs-utils 1.5). Every multi-byte field is little-endian on
 * disk; Atoll is x86_64-only, so fields are read and written in place.
 *
 * Layout of an image (block size 1 << blkszbits, 4096 in practice):
 *
 *   offset 0       1024 bytes unused (room for a boot sector)
 *   offset 1024    struct erofs_super_block (128 bytes + sb_extslots * 16)
 *   meta_blkaddr   the metadata area: inodes live at meta_blkaddr * blksz +
 *                  nid * 32 (EROFS_ISLOTBITS); an inode is followed by its
 *                  inline xattrs, then (FLAT_INLINE) its tail data or
 *                  (CHUNK_BASED) its chunk map.
 *   xattr_blkaddr  the shared xattr area: shared xattr id N lives at
 *                  xattr_blkaddr * blksz + N * 4.
 */
#pragma once

#include <stdint.h>
#include <stddef.h>

#define EROFS_SUPER_MAGIC_V1    0xE0F5E1E2u
#define EROFS_SUPER_OFFSET      1024u
#define EROFS_SB_BASE_SIZE      128u        /* sizeof(struct erofs_super_block) */
#define EROFS_SB_EXTSLOT_SIZE   16u         /* sb size = 128 + sb_extslots * 16 */

/* Block size: Linux and erofs-utils 1.5 use PAGE_SIZE == 4096 (blkszbits 12). */
#define EROFS_MIN_BLKSZBITS     9u
#define EROFS_MAX_BLKSZBITS     12u
#define EROFS_DEFAULT_BLKSZBITS 12u

#define EROFS_NULL_ADDR         0xFFFFFFFFu /* a hole in a chunk map / block map */

/* Inode slots: nid N is the 32-byte slot N counted from meta_blkaddr. */
#define EROFS_ISLOTBITS         5u
#define EROFS_ISLOTSIZE         (1u << EROFS_ISLOTBITS)

/* ---- feature bits ----------------------------------------------------- */

/* feature_compat: an unknown bit may be ignored. */
#define EROFS_FEATURE_COMPAT_SB_CHKSUM          0x00000001u /* checksum is valid */
#define EROFS_FEATURE_COMPAT_MTIME              0x00000002u /* per-inode mtime in extended inodes */
#define EROFS_FEATURE_COMPAT_XATTR_FILTER       0x00000004u /* bloom filter in h_name_filter */

/* feature_incompat: an unknown bit must refuse the mount. */
#define EROFS_FEATURE_INCOMPAT_ZERO_PADDING     0x00000001u /* a.k.a. LZ4_0PADDING */
#define EROFS_FEATURE_INCOMPAT_COMPR_CFGS       0x00000002u
#define EROFS_FEATURE_INCOMPAT_BIG_PCLUSTER     0x00000002u /* same bit as COMPR_CFGS */
#define EROFS_FEATURE_INCOMPAT_CHUNKED_FILE     0x00000004u
#define EROFS_FEATURE_INCOMPAT_DEVICE_TABLE     0x00000008u
#define EROFS_FEATURE_INCOMPAT_COMPR_HEAD2      0x00000008u /* same bit as DEVICE_TABLE */
#define EROFS_FEATURE_INCOMPAT_ZTAILPACKING     0x00000010u
#define EROFS_FEATURE_INCOMPAT_FRAGMENTS        0x00000020u
#define EROFS_FEATURE_INCOMPAT_DEDUPE           0x00000020u /* same bit as FRAGMENTS */
#define EROFS_FEATURE_INCOMPAT_XATTR_PREFIXES   0x00000040u

/* ---- superblock (at byte 1024) ---------------------------------------- */

struct erofs_super_block {
	uint32_t magic;             /*   0: EROFS_SUPER_MAGIC_V1 */
	uint32_t checksum;          /*   4: crc32c, see EROFS_SB_CHKSUM_* below */
	uint32_t feature_compat;    /*   8 */
	uint8_t  blkszbits;         /*  12: log2 of the block size */
	uint8_t  sb_extslots;       /*  13: superblock size = 128 + sb_extslots * 16 */
	uint16_t root_nid;          /*  14: nid of the root directory */
	uint64_t inos;              /*  16: number of valid inodes */
	uint64_t build_time;        /*  24: mtime of compact inodes (seconds) */
	uint32_t build_time_nsec;   /*  32: ... and its nanoseconds */
	uint32_t blocks;            /*  36: image size in blocks (for statfs) */
	uint32_t meta_blkaddr;      /*  40: first block of the metadata area */
	uint32_t xattr_blkaddr;     /*  44: first block of the shared xattr area */
	uint8_t  uuid[16];          /*  48 */
	uint8_t  volume_name[16];   /*  64 */
	uint32_t feature_incompat;  /*  80 */
	uint16_t u1;                /*  84: available_compr_algs (COMPR_CFGS) or lz4_max_distance */
	uint16_t extra_devices;     /*  86: devices besides the primary one */
	uint16_t devt_slotoff;      /*  88: device table at devt_slotoff * 128 */
	uint8_t  dirblkbits;        /*  90: directory block size (0: = blkszbits) */
	uint8_t  xattr_prefix_count;/*  91: number of long xattr name prefixes */
	uint32_t xattr_prefix_start;/*  92: start of the long xattr prefixes */
	uint64_t packed_nid;        /*  96: nid of the packed inode (FRAGMENTS) */
	uint8_t  xattr_filter_reserved; /* 104 */
	uint8_t  reserved2[23];     /* 105 */
};
_Static_assert(sizeof(struct erofs_super_block) == 128, "erofs_super_block is 128 bytes");
_Static_assert(offsetof(struct erofs_super_block, feature_incompat) == 80, "feature_incompat at 80");
_Static_assert(offsetof(struct erofs_super_block, packed_nid) == 96, "packed_nid at 96");

/*
 * Superblock checksum (when EROFS_FEATURE_COMPAT_SB_CHKSUM is set): CRC32C
 * (Castagnoli, reflected, polynomial 0x82F63B78) with initial value ~0 and
 * NO final xor, over the bytes from EROFS_SUPER_OFFSET to the end of the first
 * block (blksz - 1024 bytes), computed with the checksum field set to zero.
 */
#define EROFS_SB_CHKSUM_SEED    0xFFFFFFFFu
#define EROFS_SB_CHKSUM_OFFSET  (EROFS_SUPER_OFFSET + 4u)

/* Device table slot (DEVICE_TABLE feature; the parser refuses extra devices). */
struct erofs_deviceslot {
	uint8_t  tag[64];           /* digest (sha256) or label */
	uint32_t blocks;            /* total block count of this device */
	uint32_t mapped_blkaddr;    /* first block in the unified address space */
	uint8_t  reserved[56];
};
_Static_assert(sizeof(struct erofs_deviceslot) == 128, "erofs_deviceslot is 128 bytes");
#define EROFS_DEVT_SLOT_SIZE    sizeof(struct erofs_deviceslot)

/* ---- inodes ----------------------------------------------------------- */

/*
 * i_format:
 *   bit 0      version: 0 = compact (32 bytes), 1 = extended (64 bytes)
 *   bits 1-3   data layout (EROFS_INODE_*)
 *   other bits must be zero (erofs-utils 1.5 / Linux refuse them).
 */
#define EROFS_I_VERSION_BITS    1u
#define EROFS_I_DATALAYOUT_BITS 3u
#define EROFS_I_VERSION_BIT     0u
#define EROFS_I_DATALAYOUT_BIT  1u
#define EROFS_I_ALL_BIT         4u
#define EROFS_I_ALL             ((1u << EROFS_I_ALL_BIT) - 1u)

#define EROFS_INODE_LAYOUT_COMPACT  0u
#define EROFS_INODE_LAYOUT_EXTENDED 1u

#define EROFS_INODE_FLAT_PLAIN          0u /* data in consecutive blocks from raw_blkaddr */
#define EROFS_INODE_COMPRESSED_FULL     1u /* compressed, full-size lcluster indexes */
#define EROFS_INODE_FLAT_INLINE         2u /* like FLAT_PLAIN, the tail packed after the inode */
#define EROFS_INODE_COMPRESSED_COMPACT  3u /* compressed, compact lcluster indexes */
#define EROFS_INODE_CHUNK_BASED         4u /* chunk map after the inode */
#define EROFS_INODE_DATALAYOUT_MAX      5u

static inline unsigned int erofs_inode_version(uint16_t ifmt)
{
	return (ifmt >> EROFS_I_VERSION_BIT) & ((1u << EROFS_I_VERSION_BITS) - 1u);
}

static inline unsigned int erofs_inode_datalayout(uint16_t ifmt)
{
	return (ifmt >> EROFS_I_DATALAYOUT_BIT) & ((1u << EROFS_I_DATALAYOUT_BITS) - 1u);
}

static inline uint16_t erofs_inode_format(unsigned int version, unsigned int datalayout)
{
	return (uint16_t)((version << EROFS_I_VERSION_BIT) | (datalayout << EROFS_I_DATALAYOUT_BIT));
}

/*
 * i_u.c.format of a CHUNK_BASED inode:
 *   bits 0-4   chunkbits - blkszbits (chunk size = blksz << this)
 *   bit 5      EROFS_CHUNK_FORMAT_INDEXES: the map is struct erofs_inode_chunk_index[]
 *              (8 bytes each); otherwise a block map of uint32_t block addresses.
 * The map starts at the inode position + inode size + xattr size, rounded up
 * to the size of one map entry; entry i maps bytes [i << chunkbits, ...).
 * EROFS_NULL_ADDR marks a hole (reads as zeros).
 */
#define EROFS_CHUNK_FORMAT_BLKBITS_MASK 0x001Fu
#define EROFS_CHUNK_FORMAT_INDEXES      0x0020u
#define EROFS_CHUNK_FORMAT_ALL          (EROFS_CHUNK_FORMAT_BLKBITS_MASK | EROFS_CHUNK_FORMAT_INDEXES)

struct erofs_inode_chunk_info {
	uint16_t format;            /* EROFS_CHUNK_FORMAT_* */
	uint16_t reserved;
};
_Static_assert(sizeof(struct erofs_inode_chunk_info) == 4, "erofs_inode_chunk_info is 4 bytes");

union erofs_inode_i_u {
	uint32_t compressed_blocks; /* compressed inodes: blocks used */
	uint32_t raw_blkaddr;       /* FLAT_PLAIN / FLAT_INLINE: first data block */
	uint32_t rdev;              /* device nodes: Linux new_encode_dev() */
	struct erofs_inode_chunk_info c; /* CHUNK_BASED */
};
_Static_assert(sizeof(union erofs_inode_i_u) == 4, "erofs_inode_i_u is 4 bytes");

/* 32-byte compact inode; mtime is the superblock's build_time. */
struct erofs_inode_compact {
	uint16_t i_format;          /*  0 */
	uint16_t i_xattr_icount;    /*  2: see erofs_xattr_ibody_size() */
	uint16_t i_mode;            /*  4 */
	uint16_t i_nlink;           /*  6 */
	uint32_t i_size;            /*  8 */
	uint32_t i_reserved;        /* 12 */
	union erofs_inode_i_u i_u;  /* 16 */
	uint32_t i_ino;             /* 20: inode number for 32-bit stat */
	uint16_t i_uid;             /* 24 */
	uint16_t i_gid;             /* 26 */
	uint32_t i_reserved2;       /* 28 */
};
_Static_assert(sizeof(struct erofs_inode_compact) == 32, "erofs_inode_compact is 32 bytes");

/* 64-byte extended inode; may straddle a block boundary. */
struct erofs_inode_extended {
	uint16_t i_format;          /*  0 */
	uint16_t i_xattr_icount;    /*  2 */
	uint16_t i_mode;            /*  4 */
	uint16_t i_reserved;        /*  6 */
	uint64_t i_size;            /*  8 */
	union erofs_inode_i_u i_u;  /* 16 */
	uint32_t i_ino;             /* 20 */
	uint32_t i_uid;             /* 24 */
	uint32_t i_gid;             /* 28 */
	uint64_t i_mtime;           /* 32 */
	uint32_t i_mtime_nsec;      /* 40 */
	uint32_t i_nlink;           /* 44 */
	uint8_t  i_reserved2[16];   /* 48 */
};
_Static_assert(sizeof(struct erofs_inode_extended) == 64, "erofs_inode_extended is 64 bytes");
_Static_assert(offsetof(struct erofs_inode_extended, i_mtime) == 32, "i_mtime at 32");

/* Entry of the CHUNK_FORMAT_INDEXES chunk map. */
struct erofs_inode_chunk_index {
	uint16_t advise;            /* always 0 */
	uint16_t device_id;         /* 0: the primary device */
	uint32_t blkaddr;           /* first block of the chunk, or EROFS_NULL_ADDR */
};
_Static_assert(sizeof(struct erofs_inode_chunk_index) == 8, "erofs_inode_chunk_index is 8 bytes");
#define EROFS_BLOCK_MAP_ENTRY_SIZE 4u  /* entry of the block-map chunk form */

/* ---- extended attributes ---------------------------------------------- */

/*
 * Inline xattr area right after the inode, i_xattr_icount 4-byte units big:
 *   0 units          no xattrs
 *   otherwise        12 + (i_xattr_icount - 1) * 4 bytes:
 *                    the header, h_shared_count uint32_t shared xattr ids, then
 *                    inline entries (struct erofs_xattr_entry + name + value,
 *                    each padded to 4 bytes) to the end of the area.
 */
struct erofs_xattr_ibody_header {
	uint32_t h_reserved;        /* h_name_filter when COMPAT_XATTR_FILTER */
	uint8_t  h_shared_count;
	uint8_t  h_reserved2[7];
	/* followed by uint32_t h_shared_xattrs[h_shared_count] */
};
_Static_assert(sizeof(struct erofs_xattr_ibody_header) == 12, "erofs_xattr_ibody_header is 12 bytes");

/* Name indexes (e_name_index): the name stored is the part after the prefix. */
#define EROFS_XATTR_INDEX_USER              1u  /* "user." */
#define EROFS_XATTR_INDEX_POSIX_ACL_ACCESS  2u  /* "system.posix_acl_access" */
#define EROFS_XATTR_INDEX_POSIX_ACL_DEFAULT 3u  /* "system.posix_acl_default" */
#define EROFS_XATTR_INDEX_TRUSTED           4u  /* "trusted." */
#define EROFS_XATTR_INDEX_LUSTRE            5u  /* "lustre." (unsupported) */
#define EROFS_XATTR_INDEX_SECURITY          6u  /* "security." */
#define EROFS_XATTR_LONG_PREFIX             0x80u /* XATTR_PREFIXES: low 7 bits index a long prefix */
#define EROFS_XATTR_LONG_PREFIX_MASK        0x7Fu

struct erofs_xattr_entry {
	uint8_t  e_name_len;        /* length of the name after the prefix */
	uint8_t  e_name_index;      /* EROFS_XATTR_INDEX_* */
	uint16_t e_value_size;
	/* followed by e_name[e_name_len] then the value, padded to 4 bytes */
};
_Static_assert(sizeof(struct erofs_xattr_entry) == 4, "erofs_xattr_entry is 4 bytes");

#define EROFS_XATTR_ALIGN(size)  (((size) + 3u) & ~(size_t)3u)

static inline size_t erofs_xattr_ibody_size(uint16_t i_xattr_icount)
{
	if (i_xattr_icount == 0)
		return 0;
	return sizeof(struct erofs_xattr_ibody_header) + ((size_t)i_xattr_icount - 1u) * 4u;
}

static inline size_t erofs_xattr_entry_size(unsigned int name_len, unsigned int value_size)
{
	return EROFS_XATTR_ALIGN(sizeof(struct erofs_xattr_entry) + (size_t)name_len + value_size);
}

/* ---- directories ------------------------------------------------------ */

/*
 * A directory's data is a sequence of blocks. Each block starts with an array
 * of struct erofs_dirent; the first entry's nameoff / 12 is the number of
 * entries in the block. Names follow, not NUL-terminated: name i runs from
 * nameoff[i] to nameoff[i + 1], the last one to the end of the block (or of
 * the directory's data in its final block) or to the first NUL byte.
 * Entries are sorted by name with memcmp order across ALL blocks, and "."
 * and ".." are stored and sorted among the other names.
 */
struct erofs_dirent {
	uint64_t nid;               /* node number */
	uint16_t nameoff;           /* start of the name, from the start of the block */
	uint8_t  file_type;         /* EROFS_FT_* */
	uint8_t  reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct erofs_dirent) == 12, "erofs_dirent is 12 bytes");

#define EROFS_NAME_LEN          255u

#define EROFS_FT_UNKNOWN        0u
#define EROFS_FT_REG_FILE       1u
#define EROFS_FT_DIR            2u
#define EROFS_FT_CHRDEV         3u
#define EROFS_FT_BLKDEV         4u
#define EROFS_FT_FIFO           5u
#define EROFS_FT_SOCK           6u
#define EROFS_FT_SYMLINK        7u
#define EROFS_FT_MAX            8u

/* ---- i_mode bits (POSIX values, as stored on disk) --------------------- */
#define EROFS_S_IFMT    0170000u
#define EROFS_S_IFSOCK  0140000u
#define EROFS_S_IFLNK   0120000u
#define EROFS_S_IFREG   0100000u
#define EROFS_S_IFBLK   0060000u
#define EROFS_S_IFDIR   0040000u
#define EROFS_S_IFCHR   0020000u
#define EROFS_S_IFIFO   0010000u
