/*
 * LibTar: read and write tar archives (POSIX ustar, plus GNU long names 'L'/'K' and
 * pax 'x' extended headers when reading, and pax 'x' headers for long names when
 * writing).
 *
 * The core is freestanding: it needs only <stdint.h>, <stddef.h> and the compiler's
 * memcpy/memset/strlen, and it reads and writes through callbacks, so it can be built
 * into the kernel as well as into userland programs and host tests.
 *
 * Every function returns TAR_OK (0) or a negative TAR_E* code; tar_strerror() names it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK_SIZE 512
/* Longest path or link target an entry may carry (bytes, without the NUL). */
#define TAR_PATH_MAX 4095
/* Room for an entry's extended attributes (pax SCHILY.xattr.* records), packed. */
#define TAR_XATTR_MAX 8192
#define TAR_NAME_MAX 32 /* uname/gname */

/* Fallible calls: ignoring their result is a bug. */
#define TAR_MUST_CHECK __attribute__((warn_unused_result))

/* Entry types, as the typeflag byte spells them. Readers see '0' for regular files
 * ('\0' and '7' are folded into it); 'L', 'K', 'x' and 'g' are consumed by the reader. */
enum tar_type {
	TAR_REGULAR = '0',
	TAR_HARDLINK = '1',
	TAR_SYMLINK = '2',
	TAR_CHARDEV = '3',
	TAR_BLOCKDEV = '4',
	TAR_DIRECTORY = '5',
	TAR_FIFO = '6',
	TAR_CONTIGUOUS = '7',
	TAR_GNU_LONGNAME = 'L',
	TAR_GNU_LONGLINK = 'K',
	TAR_PAX_LOCAL = 'x',
	TAR_PAX_GLOBAL = 'g',
};

enum tar_error {
	TAR_OK = 0,
	TAR_EIO = -1,          /* the read or write callback failed */
	TAR_ETRUNCATED = -2,   /* the archive ends inside a header or an entry's data */
	TAR_ECHECKSUM = -3,    /* a header's checksum does not match */
	TAR_EFORMAT = -4,      /* a malformed field (number, pax record, ...) */
	TAR_ETOOLONG = -5,     /* a path, link target or xattr set exceeds the limits above */
	TAR_EUNSUPPORTED = -6, /* an entry type LibTar does not handle (e.g. GNU sparse 'S') */
	TAR_ESTATE = -7,       /* API misuse, e.g. a new entry before the last one's data ended */
	TAR_ERANGE = -8,       /* a value does not fit the field when writing */
};

/* One archive member. Strings are NUL-terminated. */
struct tar_entry {
	char type;                        /* enum tar_type */
	char path[TAR_PATH_MAX + 1];
	char linkpath[TAR_PATH_MAX + 1];  /* symlink target or hard-link target path */
	char uname[TAR_NAME_MAX + 1];
	char gname[TAR_NAME_MAX + 1];
	uint32_t mode;                    /* permission bits incl. setuid/setgid/sticky (07777) */
	uint32_t uid, gid;
	int64_t mtime;                    /* seconds since the epoch */
	uint64_t size;                    /* bytes of data that follow (regular files) */
	uint32_t devmajor, devminor;
	/* Extended attributes: xattr_count records packed in xattrs, each
	 * "name\0" + 2-byte little-endian value length + value. Use tar_xattr_next(). */
	size_t xattrs_len;
	uint32_t xattr_count;
	uint8_t xattrs[TAR_XATTR_MAX];
};

/* Clears `e` to an empty regular file. */
void tar_entry_init(struct tar_entry *e);

/* Iterates e's xattrs: *pos starts at 0. Returns 1 and fills name/value/len, or 0 at
 * the end. */
int tar_xattr_next(const struct tar_entry *e, size_t *pos, const char **name,
		   const uint8_t **value, size_t *len);
/* Appends an xattr to e (writers). TAR_ETOOLONG when it does not fit. */
TAR_MUST_CHECK int tar_xattr_add(struct tar_entry *e, const char *name, const void *value, size_t len);

/* ---- One 512-byte header block ---- */

/* 1 when the block is all zeros (end-of-archive marker), else 0. */
int tar_block_is_zero(const uint8_t block[TAR_BLOCK_SIZE]);
/* Checks the chksum field (unsigned sum; the historic signed sum is accepted too). */
int tar_header_checksum_ok(const uint8_t block[TAR_BLOCK_SIZE]);
/* Decodes a ustar/GNU/v7 header into e (path joined with the ustar prefix). Fields
 * that pax or GNU records override are filled from the header here. Returns TAR_OK,
 * TAR_ECHECKSUM or TAR_EFORMAT. */
TAR_MUST_CHECK int tar_header_parse(const uint8_t block[TAR_BLOCK_SIZE], struct tar_entry *e);
/* Encodes e as one ustar header with its checksum. TAR_ETOOLONG when the path does not
 * fit name/prefix or linkpath exceeds 100 bytes, TAR_ERANGE when a number overflows
 * its octal field (writers then add a pax header; tar_writer does this itself). */
TAR_MUST_CHECK int tar_header_format(uint8_t block[TAR_BLOCK_SIZE], const struct tar_entry *e);

/* Parses an octal (or GNU base-256) numeric field. */
TAR_MUST_CHECK int tar_parse_number(const uint8_t *field, size_t len, int64_t *out);

/* ---- Streaming reader ---- */

/* Reads up to len bytes into buf; returns the count (0 only at end of input) or < 0. */
typedef long (*tar_read_fn)(void *ctx, void *buf, size_t len);

struct tar_reader {
	tar_read_fn read;  /* [I] */
	void *ctx;         /* [I] */
	uint64_t offset;   /* bytes consumed from the input so far */
	uint64_t data_offset; /* input offset of the current entry's first data byte */
	uint64_t remaining;   /* data bytes of the current entry not yet read */
	uint64_t padding;     /* padding bytes after the current entry's data */
	int ended;            /* the end marker (or clean EOF) was seen */
};

void tar_reader_init(struct tar_reader *r, tar_read_fn read, void *ctx);
/* Advances to the next entry, skipping what is left of the current one's data.
 * Returns 1 with *e filled, 0 at the end of the archive, or < 0 on error; after 0 or
 * an error *e holds nothing useful. */
TAR_MUST_CHECK int tar_reader_next(struct tar_reader *r, struct tar_entry *e);
/* Reads the current entry's data: returns bytes read (0 when it is all read) or < 0. */
TAR_MUST_CHECK long tar_reader_read(struct tar_reader *r, void *buf, size_t len);

/* Callback form: calls fn for every entry (fn may call tar_reader_read); stops at the
 * first non-zero return of fn and returns it. Returns 0 at the end, < 0 on error. */
TAR_MUST_CHECK int tar_read_all(struct tar_reader *r, struct tar_entry *scratch,
		 int (*fn)(struct tar_reader *r, const struct tar_entry *e, void *arg), void *arg);

/* ---- Streaming writer ---- */

/* Writes all len bytes; returns 0 or < 0. */
typedef int (*tar_write_fn)(void *ctx, const void *buf, size_t len);

struct tar_writer {
	tar_write_fn write; /* [I] */
	void *ctx;          /* [I] */
	uint64_t offset;    /* bytes written so far */
	uint64_t remaining; /* data bytes the current entry still expects */
	uint64_t written;   /* data bytes of the current entry written */
};

void tar_writer_init(struct tar_writer *w, tar_write_fn write, void *ctx);
/* Writes e's header (preceded by a pax 'x' header when the path, link target, size,
 * ids or xattrs need one). Then e->size bytes must follow via tar_writer_data. */
TAR_MUST_CHECK int tar_writer_begin(struct tar_writer *w, const struct tar_entry *e);
/* Appends data to the current entry; pads to 512 when the last byte arrives. */
TAR_MUST_CHECK int tar_writer_data(struct tar_writer *w, const void *buf, size_t len);
/* Writes the two zero blocks that end an archive. */
TAR_MUST_CHECK int tar_writer_finish(struct tar_writer *w);

/* "checksum mismatch" etc. for a TAR_E* code. */
const char *tar_strerror(int err);
