/*
 * xattr.c - extended attributes: getxattr and listxattr over the inline and
 * the shared xattrs of an inode.
 *
 * The inline area follows the inode: a 12-byte header, h_shared_count 4-byte
 * ids of shared xattrs (each an entry at xattr_blkaddr * blksz + id * 4), then
 * inline entries (header + name + value, padded to 4 bytes) up to exactly the
 * end of the area. Entry names are stored without their prefix; the prefix is
 * e_name_index. One walker visits every entry, inline first then shared,
 * after checking that the entry lies inside its area (inline) or the image
 * (shared); its loops are bounded by the area size and h_shared_count.
 * Long name prefixes (XATTR_PREFIXES) are refused at mount, so an entry with
 * an index unknown here is skipped by listxattr and never matched.
 */
#include "internal.h"

struct xattr_prefix {
	uint8_t index;
	uint8_t len;
	const char *prefix;
};

/* ACL names are the whole prefix, with an empty stored name. */
static const struct xattr_prefix prefixes[] = {
	{ EROFS_XATTR_INDEX_USER, 5, "user." },
	{ EROFS_XATTR_INDEX_POSIX_ACL_ACCESS, 23, "system.posix_acl_access" },
	{ EROFS_XATTR_INDEX_POSIX_ACL_DEFAULT, 24, "system.posix_acl_default" },
	{ EROFS_XATTR_INDEX_TRUSTED, 8, "trusted." },
	{ EROFS_XATTR_INDEX_SECURITY, 9, "security." },
};

static const struct xattr_prefix *prefix_of_index(unsigned int index)
{
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (prefixes[i].index == index)
			return &prefixes[i];
	return NULL;
}

/* One entry as the walker found it: the name and value are at these offsets. */
struct xattr_ent {
	uint8_t index;
	uint8_t name_len;
	uint16_t value_size;
	uint64_t name_pos;
};

/* Visitor: 0 to continue, > 0 to stop the walk and return it, < 0 error. */
typedef long (*xattr_visit_t)(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
			      const struct xattr_ent *e, void *arg);

static int read_entry(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		      uint64_t pos, struct xattr_ent *e)
{
	struct erofs_xattr_entry raw;

	EROFS_TRY(erofs_dev_read(sbi, pos, &raw, sizeof(raw), "xattr entry", vi->nid));
	e->index = raw.e_name_index;
	e->name_len = raw.e_name_len;
	e->value_size = raw.e_value_size;
	e->name_pos = pos + sizeof(raw);
	if (!erofs_range_ok(sbi, pos, erofs_xattr_entry_size(e->name_len, e->value_size))) {
		erofs_log(sbi, "nid %llu: xattr entry at byte %llu runs past the end of the image",
			  (unsigned long long)vi->nid, (unsigned long long)pos);
		return -EFSCORRUPTED;
	}
	return 0;
}

static long bogus_xattr(const struct erofs_sb_info *sbi, const struct erofs_inode *vi, const char *why)
{
	erofs_log(sbi, "nid %llu: corrupt xattr area: %s", (unsigned long long)vi->nid, why);
	return -EFSCORRUPTED;
}

static long walk_shared(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
			uint64_t ids_pos, unsigned int count, xattr_visit_t visit, void *arg)
{
	uint64_t base = erofs_blkpos(sbi, sbi->xattr_blkaddr);

	for (unsigned int i = 0; i < count; i++) {
		uint32_t id;
		struct xattr_ent e;
		long r;

		EROFS_TRY(erofs_dev_read(sbi, ids_pos + 4ull * i, &id, sizeof(id), "shared xattr id", vi->nid));
		EROFS_TRY(read_entry(sbi, vi, base + 4ull * id, &e));
		r = visit(sbi, vi, &e, arg);
		if (r)
			return r;
	}
	return 0;
}

static long walk_xattrs(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
			xattr_visit_t visit, void *arg)
{
	struct erofs_xattr_ibody_header h;
	uint64_t start = erofs_iloc(sbi, vi->nid) + vi->inode_isize;
	uint64_t end = start + vi->xattr_isize, pos;

	if (vi->xattr_isize < sizeof(h))
		return 0;
	EROFS_TRY(erofs_dev_read(sbi, start, &h, sizeof(h), "xattr header", vi->nid));
	pos = start + sizeof(h) + 4ull * h.h_shared_count;
	if (pos > end)
		return bogus_xattr(sbi, vi, "shared xattr ids overflow the area");
	while (pos < end) {
		struct xattr_ent e;
		long r;

		if (end - pos < sizeof(struct erofs_xattr_entry))
			return bogus_xattr(sbi, vi, "truncated inline entry");
		EROFS_TRY(read_entry(sbi, vi, pos, &e));
		if (erofs_xattr_entry_size(e.name_len, e.value_size) > end - pos)
			return bogus_xattr(sbi, vi, "inline entry overflows the area");
		r = visit(sbi, vi, &e, arg);
		if (r)
			return r;
		pos += erofs_xattr_entry_size(e.name_len, e.value_size);
	}
	return walk_shared(sbi, vi, start + sizeof(h), h.h_shared_count, visit, arg);
}

/* ---- getxattr ---- */

struct get_req {
	uint8_t index;
	const char *suffix;
	size_t suffix_len;
	void *buf;
	size_t size;
	long result;
};

static long get_visit(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		      const struct xattr_ent *e, void *arg)
{
	struct get_req *req = arg;
	char name[256];

	if (e->index != req->index || e->name_len != req->suffix_len)
		return 0;
	EROFS_TRY(erofs_dev_read(sbi, e->name_pos, name, e->name_len, "xattr name", vi->nid));
	if (erofs_memcmp(name, req->suffix, e->name_len))
		return 0;
	if (req->size == 0)
		req->result = e->value_size;
	else if (req->size < e->value_size)
		req->result = -ERANGE;
	else {
		EROFS_TRY(erofs_dev_read(sbi, e->name_pos + e->name_len, req->buf, e->value_size,
					 "xattr value", vi->nid));
		req->result = e->value_size;
	}
	return 1;
}

/* Split a full xattr name into its on-disk index and stored suffix. */
static bool split_name(const char *name, struct get_req *req)
{
	size_t len = 0;

	while (name[len] && len <= 256 + 24)
		len++;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		const struct xattr_prefix *p = &prefixes[i];

		if (len >= p->len && !erofs_memcmp(name, p->prefix, p->len)) {
			req->index = p->index;
			req->suffix = name + p->len;
			req->suffix_len = len - p->len;
			return true;
		}
	}
	return false;
}

long erofs_getxattr(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		    const char *name, void *buf, size_t size)
{
	struct get_req req = { .buf = buf, .size = size, .result = -ENODATA };
	long r;

	if (!split_name(name, &req))
		return -EOPNOTSUPP;
	if (req.suffix_len > EROFS_NAME_LEN)
		return -ERANGE;
	r = walk_xattrs(sbi, vi, get_visit, &req);
	return r < 0 ? r : req.result;
}

/* ---- listxattr ---- */

struct list_req {
	char *buf;
	size_t size;
	size_t len;
};

static long list_visit(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		       const struct xattr_ent *e, void *arg)
{
	struct list_req *req = arg;
	const struct xattr_prefix *p = prefix_of_index(e->index);
	size_t need;

	if (!p)
		return 0;
	need = (size_t)p->len + e->name_len + 1;
	if (req->size) {
		if (need > req->size - req->len)
			return -ERANGE;
		erofs_memcpy(req->buf + req->len, p->prefix, p->len);
		EROFS_TRY(erofs_dev_read(sbi, e->name_pos, req->buf + req->len + p->len, e->name_len,
					 "xattr name", vi->nid));
		req->buf[req->len + need - 1] = '\0';
	}
	req->len += need;
	return 0;
}

long erofs_listxattr(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		     char *buf, size_t size)
{
	struct list_req req = { .buf = buf, .size = size, .len = 0 };

	EROFS_TRY(walk_xattrs(sbi, vi, list_visit, &req));
	return (long)req.len;
}
