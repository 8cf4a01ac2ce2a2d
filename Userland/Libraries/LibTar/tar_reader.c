/*
 * Streaming tar reader.
 *
 * The input is a byte stream behind a read callback; nothing seeks. The reader keeps
 * only counters: how many data bytes of the current entry are unread (`remaining`)
 * and how much padding follows them, so tar_reader_next() can skip to the next
 * header whatever the caller read.
 *
 * Extension headers are folded into the entry they precede:
 *   'L' / 'K'   GNU long name / long link target (the data is the NUL-ended string);
 *   'x'         pax records "LEN key=value\n": path, linkpath, size, mtime, uid, gid,
 *               uname, gname and SCHILY.xattr.NAME are applied, other keys ignored,
 *               GNU.sparse.* refused (sparse files are not supported);
 *   'g'         pax global records are skipped.
 * They write straight into the caller's tar_entry (no buffers of our own, so the
 * reader fits a kernel stack); `keep` records which fields they set so the ustar
 * header that follows does not overwrite them.
 *
 * Only regular files carry data (POSIX: none for types 1-6, whatever their size field
 * says); their size is reported in e->size and read with tar_reader_read().
 */
#include "libtar.h"
#include "tar_internal.h"

enum keep_bits {
	KEEP_PATH = 1, KEEP_LINK = 2, KEEP_SIZE = 4, KEEP_MTIME = 8,
	KEEP_UID = 16, KEEP_GID = 32, KEEP_UNAME = 64, KEEP_GNAME = 128,
};

void tar_reader_init(struct tar_reader *r, tar_read_fn read, void *ctx)
{
	MEMSET(r, 0, sizeof(*r));
	r->read = read;
	r->ctx = ctx;
}

/* Reads exactly len bytes. Returns len, the short count at end of input, or < 0. */
static long read_full(struct tar_reader *r, void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		long n = r->read(r->ctx, (uint8_t *)buf + got, len - got);
		if (n < 0)
			return TAR_EIO;
		if (n == 0)
			break;
		got += (size_t)n;
		r->offset += (uint64_t)n;
	}
	return (long)got;
}

static int skip(struct tar_reader *r, uint64_t n)
{
	uint8_t junk[TAR_BLOCK_SIZE];
	while (n) {
		size_t chunk = n < sizeof(junk) ? (size_t)n : sizeof(junk);
		long got = read_full(r, junk, chunk);
		if (got < 0)
			return (int)got;
		if ((size_t)got != chunk)
			return TAR_ETRUNCATED;
		n -= chunk;
	}
	return TAR_OK;
}

static void start_data(struct tar_reader *r, uint64_t size)
{
	r->data_offset = r->offset;
	r->remaining = size;
	r->padding = (TAR_BLOCK_SIZE - size % TAR_BLOCK_SIZE) % TAR_BLOCK_SIZE;
}

long tar_reader_read(struct tar_reader *r, void *buf, size_t len)
{
	if (len > r->remaining)
		len = (size_t)r->remaining;
	if (!len)
		return 0;
	long got = read_full(r, buf, len);
	if (got < 0)
		return got;
	if ((size_t)got != len)
		return TAR_ETRUNCATED;
	r->remaining -= len;
	return got;
}

/* ---- pax records, read a byte at a time from the entry's data ---- */

struct pax_in {
	struct tar_reader *r;
	uint8_t buf[TAR_BLOCK_SIZE];
	size_t pos, len;
};

/* The next data byte, -1 at the end of the entry, or a TAR_E* code (< -1 never
 * collides: TAR_E* values are <= -1, so callers check with `< 0` and then ask). */
static int pax_getc(struct pax_in *in, int *err)
{
	if (in->pos == in->len) {
		long n = tar_reader_read(in->r, in->buf, sizeof(in->buf));
		if (n < 0) {
			*err = (int)n;
			return -1;
		}
		if (n == 0)
			return -1;
		in->pos = 0;
		in->len = (size_t)n;
	}
	return in->buf[in->pos++];
}

/* Reads n bytes into dst (dst may be NULL to discard). */
static int pax_read(struct pax_in *in, uint8_t *dst, size_t n)
{
	int err = TAR_OK;
	for (size_t i = 0; i < n; i++) {
		int c = pax_getc(in, &err);
		if (c < 0)
			return err < 0 ? err : TAR_EFORMAT;
		if (dst)
			dst[i] = (uint8_t)c;
	}
	return TAR_OK;
}

static int parse_decimal(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return TAR_EFORMAT;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
			return TAR_EFORMAT;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return TAR_OK;
}

/* pax mtime: [-]SECONDS[.FRACTION]; the fraction is dropped. */
static int parse_pax_time(char *s, int64_t *out)
{
	int neg = *s == '-';
	char *dot = s + neg;
	while (*dot && *dot != '.')
		dot++;
	*dot = '\0';
	uint64_t v;
	int err = parse_decimal(s + neg, (uint64_t)INT64_MAX, &v);
	if (err < 0)
		return err;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return TAR_OK;
}

static int key_is(const char *key, const char *want)
{
	size_t n = STRLEN(want);
	return tar_bytes_equal(key, want, n + 1);
}

static int key_has_prefix(const char *key, const char *prefix)
{
	size_t n = STRLEN(prefix), k = STRLEN(key);
	return k >= n && tar_bytes_equal(key, prefix, n);
}

/* A string value (path, linkpath) straight into dst of capacity cap (incl. NUL). */
static int pax_string(struct pax_in *in, char *dst, size_t cap, size_t vlen)
{
	if (vlen >= cap)
		return TAR_ETOOLONG;
	int err = pax_read(in, (uint8_t *)dst, vlen);
	dst[vlen] = '\0';
	return err;
}

/* SCHILY.xattr.NAME=VALUE: appended in tar_xattr_add's packed form. */
static int pax_xattr(struct pax_in *in, struct tar_entry *e, const char *name, size_t vlen)
{
	uint8_t *dst = tar_xattr_reserve(e, name, vlen);
	return dst ? pax_read(in, dst, vlen) : TAR_ETOOLONG;
}

/* Numeric and short text values, at most 63 bytes. */
static int pax_small(struct pax_in *in, struct tar_entry *e, const char *key, size_t vlen,
		     unsigned *keep)
{
	char v[64];
	if (vlen >= sizeof(v))
		return TAR_EFORMAT;
	int err = pax_read(in, (uint8_t *)v, vlen);
	if (err < 0)
		return err;
	v[vlen] = '\0';
	uint64_t n;
	if (key_is(key, "size")) {
		if ((err = parse_decimal(v, UINT64_MAX >> 1, &n)) == 0)
			e->size = n, *keep |= KEEP_SIZE;
	} else if (key_is(key, "mtime")) {
		if ((err = parse_pax_time(v, &e->mtime)) == 0)
			*keep |= KEEP_MTIME;
	} else if (key_is(key, "uid") || key_is(key, "gid")) {
		if ((err = parse_decimal(v, 0xffffffffu, &n)) == 0) {
			int uid = key[0] == 'u';
			*(uid ? &e->uid : &e->gid) = (uint32_t)n;
			*keep |= uid ? KEEP_UID : KEEP_GID;
		}
	} else {
		int user = key[0] == 'u';
		char *dst = user ? e->uname : e->gname;
		size_t n2 = vlen > TAR_NAME_MAX ? TAR_NAME_MAX : vlen;
		MEMCPY(dst, v, n2);
		dst[n2] = '\0';
		*keep |= user ? KEEP_UNAME : KEEP_GNAME;
	}
	return err;
}

static int pax_value(struct pax_in *in, struct tar_entry *e, const char *key, size_t vlen,
		     unsigned *keep)
{
	if (key_is(key, "path")) {
		*keep |= KEEP_PATH;
		return pax_string(in, e->path, sizeof(e->path), vlen);
	}
	if (key_is(key, "linkpath")) {
		*keep |= KEEP_LINK;
		return pax_string(in, e->linkpath, sizeof(e->linkpath), vlen);
	}
	if (key_has_prefix(key, "SCHILY.xattr.") && STRLEN(key) > 13)
		return pax_xattr(in, e, key + 13, vlen);
	if (key_has_prefix(key, "GNU.sparse."))
		return TAR_EUNSUPPORTED;
	if (key_is(key, "size") || key_is(key, "mtime") || key_is(key, "uid") ||
	    key_is(key, "gid") || key_is(key, "uname") || key_is(key, "gname"))
		return pax_small(in, e, key, vlen, keep);
	return pax_read(in, NULL, vlen); /* atime, ctime, comment, ...: ignored */
}

/* One record "LEN key=value\n". Returns 1 after a record, 0 at the end, or < 0. */
static int pax_record(struct pax_in *in, struct tar_entry *e, unsigned *keep)
{
	int err = TAR_OK, c;
	uint64_t len = 0;
	size_t used = 0;
	while ((c = pax_getc(in, &err)) >= '0' && c <= '9' && len < 100000000) {
		len = len * 10 + (uint64_t)(c - '0');
		used++;
	}
	if (err < 0)
		return err;
	if (c == -1 && used == 0)
		return 0;
	if (c == '\0' && used == 0)
		return pax_read(in, NULL, (size_t)in->r->remaining + (in->len - in->pos));
	if (c != ' ' || used == 0)
		return TAR_EFORMAT;
	used++;
	char key[128];
	size_t klen = 0;
	while ((c = pax_getc(in, &err)) >= 0 && c != '=') {
		if (klen + 1 >= sizeof(key))
			return TAR_EFORMAT;
		key[klen++] = (char)c;
		used++;
	}
	if (c != '=')
		return err < 0 ? err : TAR_EFORMAT;
	key[klen] = '\0';
	used++;
	if (len < used + 1)
		return TAR_EFORMAT;
	if ((err = pax_value(in, e, key, (size_t)(len - used - 1), keep)) < 0)
		return err;
	c = pax_getc(in, &err);
	return c == '\n' ? 1 : (err < 0 ? err : TAR_EFORMAT);
}

static int read_pax(struct tar_reader *r, struct tar_entry *e, uint64_t size, unsigned *keep)
{
	struct pax_in in = { .r = r };
	start_data(r, size);
	int rc;
	while ((rc = pax_record(&in, e, keep)) > 0)
		;
	return rc;
}

/* GNU 'L'/'K': the data is the name (NUL-terminated, possibly padded). */
static int read_gnu_long(struct tar_reader *r, char *dst, size_t cap, uint64_t size)
{
	if (size >= cap + 1 || size == 0)
		return TAR_ETOOLONG;
	start_data(r, size);
	long got = tar_reader_read(r, dst, (size_t)size);
	if (got < 0)
		return (int)got;
	dst[size < cap ? size : cap - 1] = '\0';
	return TAR_OK;
}

/* Reads one header block. Returns 1, 0 at end of archive, or < 0. */
static int read_header(struct tar_reader *r, uint8_t *block)
{
	long got = read_full(r, block, TAR_BLOCK_SIZE);
	if (got < 0)
		return (int)got;
	if (got == 0) {
		r->ended = 1; /* no end marker: accepted, as GNU tar does */
		return 0;
	}
	if (got != TAR_BLOCK_SIZE)
		return TAR_ETRUNCATED;
	if (tar_block_is_zero(block)) {
		r->ended = 1;
		return 0;
	}
	return tar_header_checksum_ok(block) ? 1 : TAR_ECHECKSUM;
}

static int known_type(char t)
{
	return t == TAR_REGULAR || t == TAR_HARDLINK || t == TAR_SYMLINK || t == TAR_CHARDEV ||
	       t == TAR_BLOCKDEV || t == TAR_DIRECTORY || t == TAR_FIFO;
}

/* Extension headers ('L', 'K', 'x', 'g'): 1 when `type` was one and was consumed. */
static int read_extension(struct tar_reader *r, struct tar_entry *e, char type, uint64_t size,
			  unsigned *keep)
{
	int err;
	switch (type) {
	case TAR_GNU_LONGNAME:
		*keep |= KEEP_PATH;
		err = read_gnu_long(r, e->path, sizeof(e->path), size);
		break;
	case TAR_GNU_LONGLINK:
		*keep |= KEEP_LINK;
		err = read_gnu_long(r, e->linkpath, sizeof(e->linkpath), size);
		break;
	case TAR_PAX_LOCAL:
		err = read_pax(r, e, size, keep);
		break;
	case TAR_PAX_GLOBAL:
		start_data(r, size);
		err = TAR_OK;
		break;
	default:
		return 0;
	}
	if (err < 0)
		return err;
	err = skip(r, r->remaining + r->padding);
	r->remaining = r->padding = 0;
	return err < 0 ? err : 1;
}

/* The ustar header's fields, except those extension headers already set. */
static int apply_header(const uint8_t *block, struct tar_entry *e, unsigned keep)
{
	/* Decoded in place, so the fields extension headers set are saved first. */
	uint64_t size = e->size;
	int64_t mtime = e->mtime;
	uint32_t uid = e->uid, gid = e->gid;
	char uname[TAR_NAME_MAX + 1], gname[TAR_NAME_MAX + 1];
	MEMCPY(uname, e->uname, sizeof(uname));
	MEMCPY(gname, e->gname, sizeof(gname));
	int err = tar_header_decode(block, e, keep & KEEP_PATH, keep & KEEP_LINK);
	if (err < 0)
		return err;
	if (keep & KEEP_SIZE) e->size = size;
	if (keep & KEEP_MTIME) e->mtime = mtime;
	if (keep & KEEP_UID) e->uid = uid;
	if (keep & KEEP_GID) e->gid = gid;
	if (keep & KEEP_UNAME) MEMCPY(e->uname, uname, sizeof(uname));
	if (keep & KEEP_GNAME) MEMCPY(e->gname, gname, sizeof(gname));
	return TAR_OK;
}

int tar_reader_next(struct tar_reader *r, struct tar_entry *e)
{
	if (r->ended)
		return 0;
	int err = skip(r, r->remaining + r->padding);
	r->remaining = r->padding = 0;
	if (err < 0)
		return err;
	tar_entry_init(e);
	unsigned keep = 0;
	uint8_t block[TAR_BLOCK_SIZE];
	for (;;) {
		int rc = read_header(r, block);
		if (rc <= 0)
			return rc == 0 && keep ? TAR_ETRUNCATED : rc;
		int64_t size;
		if ((err = tar_parse_number(block + 124, 12, &size)) < 0 || size < 0)
			return TAR_EFORMAT;
		rc = read_extension(r, e, (char)block[156], (uint64_t)size, &keep);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
	}
	if ((err = apply_header(block, e, keep)) < 0)
		return err;
	if (!known_type(e->type))
		return TAR_EUNSUPPORTED;
	if (e->type != TAR_REGULAR)
		e->size = 0;
	start_data(r, e->size);
	return 1;
}

int tar_read_all(struct tar_reader *r, struct tar_entry *scratch,
		 int (*fn)(struct tar_reader *r, const struct tar_entry *e, void *arg), void *arg)
{
	int rc;
	while ((rc = tar_reader_next(r, scratch)) > 0) {
		int stop = fn(r, scratch, arg);
		if (stop)
			return stop;
	}
	return rc;
}
