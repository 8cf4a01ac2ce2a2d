/*
 * Extended attributes, stored inline after their inode (no shared xattr area).
 *
 * EROFS stores a name as a prefix index plus the rest of the name. The prefixes
 * kept are user., trusted. and security. (as the brief for Atoll asks); others
 * (system.*, including POSIX ACLs) are dropped with a warning by the callers.
 *
 * Body layout (erofs_fs.h): a 12-byte erofs_xattr_ibody_header with no shared ids,
 * then one erofs_xattr_entry + name + value per xattr, each padded to 4 bytes.
 * Entries are kept sorted by (index, name) so images are reproducible.
 */
#include <string.h>

#include "mkfs.h"

static const struct {
	const char *prefix;
	uint8_t index;
} prefixes[] = {
	{ "user.", EROFS_XATTR_INDEX_USER },
	{ "trusted.", EROFS_XATTR_INDEX_TRUSTED },
	{ "security.", EROFS_XATTR_INDEX_SECURITY },
};

int mkfs_xattr_split(const char *full, uint8_t *index, const char **suffix)
{
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i].prefix);
		if (strncmp(full, prefixes[i].prefix, n) == 0 && full[n]) {
			*index = prefixes[i].index;
			*suffix = full + n;
			return 1;
		}
	}
	return 0;
}

static int xattr_cmp(const struct mkfs_xattr *a, uint8_t index, const char *name)
{
	if (a->index != index)
		return a->index < index ? -1 : 1;
	return strcmp(a->name, name);
}

void mkfs_xattr_add(struct mkfs_inode *in, const char *full, const void *value, size_t len)
{
	uint8_t index;
	const char *suffix;
	if (!mkfs_xattr_split(full, &index, &suffix))
		return;
	if (strlen(suffix) > 255 || len > 0xffff)
		mkfs_die(1, "xattr %s: name or value too long for EROFS", full);
	size_t pos = 0;
	while (pos < in->nxattrs && xattr_cmp(&in->xattrs[pos], index, suffix) < 0)
		pos++;
	if (pos < in->nxattrs && xattr_cmp(&in->xattrs[pos], index, suffix) == 0)
		return; /* duplicate name: the first one wins */
	in->xattrs = mkfs_realloc(in->xattrs, (in->nxattrs + 1) * sizeof(*in->xattrs));
	memmove(in->xattrs + pos + 1, in->xattrs + pos, (in->nxattrs - pos) * sizeof(*in->xattrs));
	struct mkfs_xattr *x = &in->xattrs[pos];
	x->index = index;
	x->name = mkfs_strdup(suffix);
	x->value = memcpy(mkfs_alloc(len), value, len);
	x->value_len = len;
	in->nxattrs++;
}

size_t mkfs_xattr_body_size(const struct mkfs_inode *in)
{
	if (!in->nxattrs)
		return 0;
	size_t n = sizeof(struct erofs_xattr_ibody_header);
	for (size_t i = 0; i < in->nxattrs; i++)
		n += erofs_xattr_entry_size((unsigned)strlen(in->xattrs[i].name),
					    (unsigned)in->xattrs[i].value_len);
	return n;
}

void mkfs_xattr_body_write(const struct mkfs_inode *in, uint8_t *dst)
{
	size_t off = sizeof(struct erofs_xattr_ibody_header);
	memset(dst, 0, mkfs_xattr_body_size(in));
	for (size_t i = 0; i < in->nxattrs; i++) {
		const struct mkfs_xattr *x = &in->xattrs[i];
		size_t nl = strlen(x->name);
		struct erofs_xattr_entry e = {
			.e_name_len = (uint8_t)nl,
			.e_name_index = x->index,
			.e_value_size = (uint16_t)x->value_len,
		};
		memcpy(dst + off, &e, sizeof(e));
		memcpy(dst + off + sizeof(e), x->name, nl);
		memcpy(dst + off + sizeof(e) + nl, x->value, x->value_len);
		off += erofs_xattr_entry_size((unsigned)nl, (unsigned)x->value_len);
	}
}
