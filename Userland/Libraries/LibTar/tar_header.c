/*
 * One 512-byte tar header: decoding, encoding, checksum.
 *
 * The ustar layout (POSIX.1-1988) is the common ground of every tar flavour:
 *
 *   name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8] typeflag[1]
 *   linkname[100] magic[6] version[2] uname[32] gname[32] devmajor[8] devminor[8]
 *   prefix[155] (pad to 512)
 *
 * Flavours differ in the magic and in what follows devminor: POSIX ustar ("ustar\0",
 * "00") stores a path prefix there; old GNU ("ustar  \0") stores atime/ctime, so its
 * prefix area must be ignored; v7 archives have no magic at all. Numbers are octal
 * text, or (GNU) big-endian base-256 when the first byte has its high bit set.
 *
 * The checksum is the sum of all 512 bytes with the chksum field read as spaces.
 * Historic tars summed signed chars; both sums are accepted when reading.
 *
 * This file is freestanding: no libc beyond the compiler's memcpy/memset/strlen.
 */
#include "libtar.h"
#include "tar_internal.h"

enum {
	OFF_NAME = 0, LEN_NAME = 100,
	OFF_MODE = 100, OFF_UID = 108, OFF_GID = 116, LEN_ID = 8,
	OFF_SIZE = 124, OFF_MTIME = 136, LEN_NUM12 = 12,
	OFF_CHKSUM = 148, LEN_CHKSUM = 8,
	OFF_TYPE = 156,
	OFF_LINK = 157, LEN_LINK = 100,
	OFF_MAGIC = 257, OFF_VERSION = 263,
	OFF_UNAME = 265, OFF_GNAME = 297, LEN_OWNER = 32,
	OFF_DEVMAJOR = 329, OFF_DEVMINOR = 337,
	OFF_PREFIX = 345, LEN_PREFIX = 155,
};

void tar_entry_init(struct tar_entry *e)
{
	MEMSET(e, 0, sizeof(*e));
	e->type = TAR_REGULAR;
}

const char *tar_strerror(int err)
{
	switch (err) {
	case TAR_OK: return "success";
	case TAR_EIO: return "read or write error";
	case TAR_ETRUNCATED: return "archive is truncated";
	case TAR_ECHECKSUM: return "header checksum mismatch";
	case TAR_EFORMAT: return "malformed header field";
	case TAR_ETOOLONG: return "name, link target or xattrs too long";
	case TAR_EUNSUPPORTED: return "unsupported entry type";
	case TAR_ESTATE: return "entry data incomplete";
	case TAR_ERANGE: return "value out of range for the field";
	}
	return "unknown error";
}

int tar_block_is_zero(const uint8_t block[TAR_BLOCK_SIZE])
{
	for (size_t i = 0; i < TAR_BLOCK_SIZE; i++)
		if (block[i])
			return 0;
	return 1;
}

int tar_header_checksum_ok(const uint8_t block[TAR_BLOCK_SIZE])
{
	int64_t stored;
	if (tar_parse_number(block + OFF_CHKSUM, LEN_CHKSUM, &stored) < 0)
		return 0;
	int64_t usum = 0, ssum = 0;
	for (size_t i = 0; i < TAR_BLOCK_SIZE; i++) {
		uint8_t c = (i >= OFF_CHKSUM && i < OFF_CHKSUM + LEN_CHKSUM) ? ' ' : block[i];
		usum += c;
		ssum += (int8_t)c;
	}
	return stored == usum || stored == ssum;
}

/* Base-256 (GNU): byte 0 is 0x80 (positive) or 0xff (negative), big-endian. */
static int parse_base256(const uint8_t *field, size_t len, int64_t *out)
{
	int negative = field[0] == 0xff;
	uint64_t v = negative ? ~(uint64_t)0 : 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t b = i == 0 ? (negative ? 0xff : (field[0] & 0x7f)) : field[i];
		if (!negative && (v >> 55))
			return TAR_EFORMAT;
		v = (v << 8) | b;
	}
	if (!negative && (v >> 63))
		return TAR_EFORMAT;
	*out = (int64_t)v;
	return TAR_OK;
}

int tar_parse_number(const uint8_t *field, size_t len, int64_t *out)
{
	if (len && (field[0] & 0x80))
		return parse_base256(field, len, out);
	size_t i = 0;
	while (i < len && field[i] == ' ')
		i++;
	uint64_t v = 0;
	for (; i < len && field[i] >= '0' && field[i] <= '7'; i++) {
		if (v >> 60)
			return TAR_EFORMAT;
		v = v * 8 + (uint64_t)(field[i] - '0');
	}
	/* After the digits: spaces up to a NUL (after which old tars left junk) or to
	 * the field's end; anything else is not a number. */
	for (; i < len && field[i] != '\0'; i++)
		if (field[i] != ' ')
			return TAR_EFORMAT;
	*out = (int64_t)v;
	return TAR_OK;
}

/* Copies a possibly unterminated field into dst (NUL-terminated); returns its length. */
static size_t copy_field(char *dst, const uint8_t *src, size_t len)
{
	size_t n = 0;
	while (n < len && src[n])
		n++;
	MEMCPY(dst, src, n);
	dst[n] = '\0';
	return n;
}

static int parse_u32(const uint8_t *field, size_t len, uint32_t *out)
{
	int64_t v;
	int err = tar_parse_number(field, len, &v);
	if (err < 0)
		return err;
	if (v < 0 || v > 0xffffffffLL)
		return TAR_EFORMAT;
	*out = (uint32_t)v;
	return TAR_OK;
}

static int parse_numbers(const uint8_t *b, struct tar_entry *e)
{
	int64_t size, mtime;
	int err;
	if ((err = parse_u32(b + OFF_MODE, LEN_ID, &e->mode)) < 0 ||
	    (err = parse_u32(b + OFF_UID, LEN_ID, &e->uid)) < 0 ||
	    (err = parse_u32(b + OFF_GID, LEN_ID, &e->gid)) < 0 ||
	    (err = tar_parse_number(b + OFF_SIZE, LEN_NUM12, &size)) < 0 ||
	    (err = tar_parse_number(b + OFF_MTIME, LEN_NUM12, &mtime)) < 0)
		return err;
	if (size < 0)
		return TAR_EFORMAT;
	e->mode &= 07777;
	e->size = (uint64_t)size;
	e->mtime = mtime;
	if (e->type == TAR_CHARDEV || e->type == TAR_BLOCKDEV) {
		if ((err = parse_u32(b + OFF_DEVMAJOR, LEN_ID, &e->devmajor)) < 0 ||
		    (err = parse_u32(b + OFF_DEVMINOR, LEN_ID, &e->devminor)) < 0)
			return err;
	}
	return TAR_OK;
}

static int is_posix_ustar(const uint8_t *b)
{
	return tar_bytes_equal(b + OFF_MAGIC, "ustar\0", 6);
}

int tar_header_decode(const uint8_t b[TAR_BLOCK_SIZE], struct tar_entry *e, int keep_path,
		      int keep_link)
{
	e->type = (char)b[OFF_TYPE];
	if (e->type == '\0' || e->type == TAR_CONTIGUOUS)
		e->type = TAR_REGULAR;
	int err = parse_numbers(b, e);
	if (err < 0)
		return err;
	if (!keep_path) {
		size_t n = 0;
		if (is_posix_ustar(b) && b[OFF_PREFIX]) {
			n = copy_field(e->path, b + OFF_PREFIX, LEN_PREFIX);
			e->path[n++] = '/';
		}
		copy_field(e->path + n, b + OFF_NAME, LEN_NAME);
	}
	if (!keep_link)
		copy_field(e->linkpath, b + OFF_LINK, LEN_LINK);
	copy_field(e->uname, b + OFF_UNAME, LEN_OWNER);
	copy_field(e->gname, b + OFF_GNAME, LEN_OWNER);
	/* v7 marked directories only by a trailing slash. */
	size_t len = STRLEN(e->path);
	if (e->type == TAR_REGULAR && len && e->path[len - 1] == '/')
		e->type = TAR_DIRECTORY;
	return TAR_OK;
}

int tar_header_parse(const uint8_t b[TAR_BLOCK_SIZE], struct tar_entry *e)
{
	if (!tar_header_checksum_ok(b))
		return TAR_ECHECKSUM;
	tar_entry_init(e);
	return tar_header_decode(b, e, 0, 0);
}

/* Writes v as zero-padded octal filling len-1 bytes plus a NUL. */
static int format_octal(uint8_t *field, size_t len, uint64_t v)
{
	field[len - 1] = '\0';
	for (size_t i = len - 1; i-- > 0;) {
		field[i] = (uint8_t)('0' + (v & 7));
		v >>= 3;
	}
	return v ? TAR_ERANGE : TAR_OK;
}

/* Splits path into prefix "/" name; returns the offset of name or -1. */
static long split_path(const char *path, size_t len)
{
	if (len <= LEN_NAME)
		return 0;
	for (size_t i = len - 1; i > 0; i--) {
		if (path[i] != '/')
			continue;
		if (i > LEN_PREFIX)
			continue;
		if (len - i - 1 > LEN_NAME || len - i - 1 == 0)
			return -1;
		return (long)(i + 1);
	}
	return -1;
}

/* Copies at most max bytes of src into the field (which is NUL-padded already). */
static void put_text(uint8_t *field, const char *src, size_t max)
{
	size_t n = STRLEN(src);
	MEMCPY(field, src, n < max ? n : max);
}

/* Names. When `clamp` (a pax header carries the real values), a path that does not
 * fit keeps its last 100 bytes and the link target its first 100. */
static int format_names(uint8_t *b, const struct tar_entry *e, int clamp)
{
	size_t len = STRLEN(e->path), llen = STRLEN(e->linkpath);
	long cut = split_path(e->path, len);
	if (!clamp && (cut < 0 || llen > LEN_LINK))
		return TAR_ETOOLONG;
	if (cut < 0) {
		put_text(b + OFF_NAME, e->path + len - LEN_NAME, LEN_NAME);
	} else {
		if (cut > 0)
			MEMCPY(b + OFF_PREFIX, e->path, (size_t)cut - 1);
		MEMCPY(b + OFF_NAME, e->path + cut, len - (size_t)cut);
	}
	put_text(b + OFF_LINK, e->linkpath, LEN_LINK);
	put_text(b + OFF_UNAME, e->uname, LEN_OWNER - 1);
	put_text(b + OFF_GNAME, e->gname, LEN_OWNER - 1);
	return TAR_OK;
}

/* Numbers; with `clamp`, one that does not fit is written as 0. */
static int format_number(uint8_t *field, size_t len, int64_t v, int clamp)
{
	if (v >= 0 && format_octal(field, len, (uint64_t)v) == TAR_OK)
		return TAR_OK;
	if (!clamp)
		return TAR_ERANGE;
	return format_octal(field, len, 0);
}

static int format_numbers(uint8_t *b, const struct tar_entry *e, int clamp)
{
	int err = 0;
	err |= format_number(b + OFF_MODE, LEN_ID, e->mode & 07777, clamp);
	err |= format_number(b + OFF_UID, LEN_ID, e->uid, clamp);
	err |= format_number(b + OFF_GID, LEN_ID, e->gid, clamp);
	err |= e->size > (uint64_t)INT64_MAX ? TAR_ERANGE
					     : format_number(b + OFF_SIZE, LEN_NUM12, (int64_t)e->size, clamp);
	err |= format_number(b + OFF_MTIME, LEN_NUM12, e->mtime, clamp);
	err |= format_number(b + OFF_DEVMAJOR, LEN_ID, e->devmajor, clamp);
	err |= format_number(b + OFF_DEVMINOR, LEN_ID, e->devminor, clamp);
	return err ? TAR_ERANGE : TAR_OK;
}

/* The magic and the checksum, once every other field is in place. */
static void finish_header(uint8_t *b)
{
	MEMCPY(b + OFF_MAGIC, "ustar\0" "00", 8);
	MEMSET(b + OFF_CHKSUM, ' ', LEN_CHKSUM);
	uint32_t sum = 0;
	for (size_t i = 0; i < TAR_BLOCK_SIZE; i++)
		sum += b[i];
	format_octal(b + OFF_CHKSUM, 7, sum); /* six digits, NUL, then the space kept */
}

int tar_header_encode(uint8_t b[TAR_BLOCK_SIZE], const struct tar_entry *e, int clamp)
{
	MEMSET(b, 0, TAR_BLOCK_SIZE);
	int err = format_names(b, e, clamp);
	if (err < 0)
		return err;
	if ((err = format_numbers(b, e, clamp)) < 0)
		return err;
	b[OFF_TYPE] = (uint8_t)e->type;
	finish_header(b);
	return TAR_OK;
}

int tar_path_fits(const char *path)
{
	return split_path(path, STRLEN(path)) >= 0;
}

int tar_header_plain(uint8_t b[TAR_BLOCK_SIZE], const char *name, char type, uint64_t size,
		     int64_t mtime)
{
	MEMSET(b, 0, TAR_BLOCK_SIZE);
	put_text(b + OFF_NAME, name, LEN_NAME);
	int err = format_number(b + OFF_SIZE, LEN_NUM12, (int64_t)size, 0);
	if (err < 0)
		return err;
	format_number(b + OFF_MODE, LEN_ID, 0644, 0);
	format_number(b + OFF_UID, LEN_ID, 0, 0);
	format_number(b + OFF_GID, LEN_ID, 0, 0);
	format_number(b + OFF_MTIME, LEN_NUM12, mtime, 1);
	b[OFF_TYPE] = (uint8_t)type;
	finish_header(b);
	return TAR_OK;
}

int tar_header_format(uint8_t b[TAR_BLOCK_SIZE], const struct tar_entry *e)
{
	return tar_header_encode(b, e, 0);
}

int tar_xattr_next(const struct tar_entry *e, size_t *pos, const char **name,
		   const uint8_t **value, size_t *len)
{
	size_t p = *pos;
	if (p >= e->xattrs_len)
		return 0;
	const char *n = (const char *)e->xattrs + p;
	p += STRLEN(n) + 1;
	size_t l = (size_t)e->xattrs[p] | ((size_t)e->xattrs[p + 1] << 8);
	*name = n;
	*value = e->xattrs + p + 2;
	*len = l;
	*pos = p + 2 + l;
	return 1;
}

uint8_t *tar_xattr_reserve(struct tar_entry *e, const char *name, size_t len)
{
	size_t nl = STRLEN(name) + 1;
	if (len > 0xffff || nl + 2 + len > TAR_XATTR_MAX - e->xattrs_len)
		return NULL;
	uint8_t *p = e->xattrs + e->xattrs_len;
	MEMCPY(p, name, nl);
	p[nl] = (uint8_t)(len & 0xff);
	p[nl + 1] = (uint8_t)(len >> 8);
	e->xattrs_len += nl + 2 + len;
	e->xattr_count++;
	return p + nl + 2;
}

int tar_xattr_add(struct tar_entry *e, const char *name, const void *value, size_t len)
{
	uint8_t *dst = tar_xattr_reserve(e, name, len);
	if (!dst)
		return TAR_ETOOLONG;
	MEMCPY(dst, value, len);
	return TAR_OK;
}
