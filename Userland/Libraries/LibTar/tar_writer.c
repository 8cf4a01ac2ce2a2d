/*
 * Streaming tar writer: POSIX ustar headers, with a pax 'x' header in front of an
 * entry whose path, link target or numbers do not fit the ustar fields, or which has
 * extended attributes (SCHILY.xattr.NAME records, as GNU tar and bsdtar write them).
 *
 * The writer never buffers entry data: the caller streams exactly e->size bytes after
 * tar_writer_begin(), and the 512-byte padding is written when the last byte arrives.
 * Only regular files carry data; other types must have size 0.
 */
#include "libtar.h"
#include "tar_internal.h"

void tar_writer_init(struct tar_writer *w, tar_write_fn write, void *ctx)
{
	MEMSET(w, 0, sizeof(*w));
	w->write = write;
	w->ctx = ctx;
}

static int put(struct tar_writer *w, const void *buf, size_t len)
{
	if (w->write(w->ctx, buf, len) < 0)
		return TAR_EIO;
	w->offset += len;
	return TAR_OK;
}

static int put_zeros(struct tar_writer *w, size_t len)
{
	static const uint8_t zeros[TAR_BLOCK_SIZE];
	while (len) {
		size_t n = len < sizeof(zeros) ? len : sizeof(zeros);
		if (put(w, zeros, n) < 0)
			return TAR_EIO;
		len -= n;
	}
	return TAR_OK;
}

/* ---- pax records, emitted twice: once to measure, once to write ---- */

struct pax_out {
	struct tar_writer *w; /* NULL while measuring */
	uint64_t total;
	uint8_t buf[TAR_BLOCK_SIZE];
	size_t fill;
	int err;
};

static void out_bytes(struct pax_out *o, const void *p, size_t n)
{
	o->total += n;
	if (!o->w)
		return;
	const uint8_t *s = p;
	while (n && !o->err) {
		size_t room = sizeof(o->buf) - o->fill, k = n < room ? n : room;
		MEMCPY(o->buf + o->fill, s, k);
		o->fill += k, s += k, n -= k;
		if (o->fill == sizeof(o->buf)) {
			o->err = put(o->w, o->buf, o->fill);
			o->fill = 0;
		}
	}
}

static size_t format_decimal(char *dst, uint64_t v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	dst[n] = '\0';
	return n;
}

/* "LEN key=value\n" where LEN counts the whole record, its own digits included. */
static void out_record(struct pax_out *o, const char *k1, const char *k2, const void *val,
		       size_t vlen)
{
	size_t klen = STRLEN(k1) + STRLEN(k2), body = 1 + klen + 1 + vlen + 1;
	char num[24];
	size_t digits = format_decimal(num, body);
	if (format_decimal(num, body + digits) != digits)
		digits++;
	format_decimal(num, body + digits);
	out_bytes(o, num, digits);
	out_bytes(o, " ", 1);
	out_bytes(o, k1, STRLEN(k1));
	out_bytes(o, k2, STRLEN(k2));
	out_bytes(o, "=", 1);
	out_bytes(o, val, vlen);
	out_bytes(o, "\n", 1);
}

static void out_number(struct pax_out *o, const char *key, int64_t v)
{
	char num[24];
	size_t n = v < 0 ? (num[0] = '-', 1 + format_decimal(num + 1, (uint64_t)-v))
			 : format_decimal(num, (uint64_t)v);
	out_record(o, key, "", num, n);
}

/* Which values need pax records, judged by trying the plain ustar encoding. */
static void out_pax_records(struct pax_out *o, const struct tar_entry *e)
{
	if (!tar_path_fits(e->path))
		out_record(o, "path", "", e->path, STRLEN(e->path));
	if (STRLEN(e->linkpath) > 100)
		out_record(o, "linkpath", "", e->linkpath, STRLEN(e->linkpath));
	if (e->uid > 07777777)
		out_number(o, "uid", e->uid);
	if (e->gid > 07777777)
		out_number(o, "gid", e->gid);
	if (e->size > 077777777777ull)
		out_number(o, "size", (int64_t)e->size);
	if (e->mtime < 0 || e->mtime > 077777777777ll)
		out_number(o, "mtime", e->mtime);
	size_t pos = 0, len;
	const char *name;
	const uint8_t *value;
	while (tar_xattr_next(e, &pos, &name, &value, &len))
		out_record(o, "SCHILY.xattr.", name, value, len);
}

static int write_pax_header(struct tar_writer *w, const struct tar_entry *e, uint64_t size)
{
	uint8_t block[TAR_BLOCK_SIZE];
	int64_t mtime = e->mtime < 0 || e->mtime > 077777777777ll ? 0 : e->mtime;
	int err = tar_header_plain(block, "PaxHeader", TAR_PAX_LOCAL, size, mtime);
	if (err < 0)
		return err;
	if ((err = put(w, block, sizeof(block))) < 0)
		return err;
	struct pax_out o = { .w = w };
	out_pax_records(&o, e);
	if (o.fill && !o.err) {
		MEMSET(o.buf + o.fill, 0, sizeof(o.buf) - o.fill);
		o.err = put(w, o.buf, sizeof(o.buf));
	}
	return o.err;
}

int tar_writer_begin(struct tar_writer *w, const struct tar_entry *e)
{
	if (w->remaining)
		return TAR_ESTATE;
	if (e->type != TAR_REGULAR && e->size)
		return TAR_ERANGE;
	struct pax_out measure = { 0 };
	out_pax_records(&measure, e);
	int err;
	if (measure.total && (err = write_pax_header(w, e, measure.total)) < 0)
		return err;
	uint8_t block[TAR_BLOCK_SIZE];
	if ((err = tar_header_encode(block, e, measure.total != 0)) < 0)
		return err;
	if ((err = put(w, block, sizeof(block))) < 0)
		return err;
	w->remaining = e->size;
	w->written = 0;
	return TAR_OK;
}

int tar_writer_data(struct tar_writer *w, const void *buf, size_t len)
{
	if (len > w->remaining)
		return TAR_ESTATE;
	int err = put(w, buf, len);
	if (err < 0)
		return err;
	w->remaining -= len;
	w->written += len;
	if (w->remaining == 0 && w->written % TAR_BLOCK_SIZE)
		return put_zeros(w, TAR_BLOCK_SIZE - w->written % TAR_BLOCK_SIZE);
	return TAR_OK;
}

int tar_writer_finish(struct tar_writer *w)
{
	if (w->remaining)
		return TAR_ESTATE;
	return put_zeros(w, 2 * TAR_BLOCK_SIZE);
}
