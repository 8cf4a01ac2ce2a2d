/*
 * walk.c - a bounded, result-agnostic walk over an EROFS image (see walk.h).
 *
 * Bounds: at most WALK_MAX_INODES inodes in total, WALK_MAX_DEPTH levels, the
 * first WALK_MAX_ENTRIES entries of each directory and the first WALK_MAX_READ
 * bytes of each file, so even a corrupt image whose directories form a cycle
 * or whose sizes are huge finishes quickly. Each directory entry is also
 * looked up by name, which exercises the binary search.
 */
#include "walk.h"

#include <stdlib.h>
#include <string.h>

#define WALK_MAX_INODES  2048
#define WALK_MAX_DEPTH   12
#define WALK_MAX_ENTRIES 1024
#define WALK_MAX_READ    (256 * 1024)

struct walk_entry {
	char name[256];
	size_t namelen;
	uint64_t nid;
};

struct walk_dir {
	struct walk_entry *e;
	unsigned int n;
};

static int collect(void *arg, const char *name, size_t namelen, uint64_t nid,
		   unsigned int ftype, uint64_t next_pos)
{
	struct walk_dir *d = arg;

	(void)ftype;
	(void)next_pos;
	if (d->n >= WALK_MAX_ENTRIES)
		return 1;
	memcpy(d->e[d->n].name, name, namelen + 1);
	d->e[d->n].namelen = namelen;
	d->e[d->n].nid = nid;
	d->n++;
	return 0;
}

static void note(struct walk_stats *st, long r)
{
	if (r < 0)
		st->errors++;
}

static void walk_xattrs(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
			struct walk_stats *st)
{
	char names[4096], value[65536];
	long n = erofs_listxattr(sbi, vi, names, sizeof(names));

	note(st, n);
	for (long off = 0; n > 0 && off < n; off += (long)strnlen(names + off, (size_t)(n - off)) + 1)
		note(st, erofs_getxattr(sbi, vi, names + off, value, sizeof(value)));
	note(st, erofs_getxattr(sbi, vi, "user.absent", value, sizeof(value)));
}

static void walk_data(const struct erofs_sb_info *sbi, const struct erofs_inode *vi,
		      struct walk_stats *st)
{
	static char buf[WALK_MAX_READ];
	struct erofs_map map;

	note(st, erofs_read_data(sbi, vi, 0, buf, sizeof(buf)));
	if (vi->size > 1)
		note(st, erofs_read_data(sbi, vi, vi->size - 1, buf, 16));
	note(st, erofs_map_blocks(sbi, vi, vi->size / 2, &map));
	if (erofs_inode_is_lnk(vi))
		note(st, erofs_readlink(sbi, vi, buf, 4096));
}

static void walk_inode(const struct erofs_sb_info *sbi, uint64_t nid, unsigned int depth,
		       struct walk_stats *st);

static void walk_children(const struct erofs_sb_info *sbi, const struct erofs_inode *dir,
			  unsigned int depth, struct walk_stats *st)
{
	struct walk_dir d = { .e = malloc(sizeof(struct walk_entry) * WALK_MAX_ENTRIES), .n = 0 };
	uint64_t pos = 0;

	if (!d.e)
		abort();
	note(st, erofs_readdir(sbi, dir, &pos, collect, &d));
	for (unsigned int i = 0; i < d.n; i++) {
		uint64_t nid;
		unsigned int ftype;

		note(st, erofs_lookup(sbi, dir, d.e[i].name, d.e[i].namelen, &nid, &ftype));
		if (strcmp(d.e[i].name, ".") && strcmp(d.e[i].name, ".."))
			walk_inode(sbi, d.e[i].nid, depth + 1, st);
	}
	free(d.e);
}

static void walk_inode(const struct erofs_sb_info *sbi, uint64_t nid, unsigned int depth,
		       struct walk_stats *st)
{
	struct erofs_inode vi;
	int r;

	if (depth > WALK_MAX_DEPTH || st->inodes >= WALK_MAX_INODES)
		return;
	st->inodes++;
	r = erofs_iget(sbi, nid, &vi);
	note(st, r);
	if (r < 0)
		return;
	walk_xattrs(sbi, &vi, st);
	if (erofs_inode_open(sbi, &vi) < 0) {
		st->errors++;
		return;
	}
	walk_data(sbi, &vi, st);
	if (erofs_inode_is_dir(&vi))
		walk_children(sbi, &vi, depth, st);
}

void erofs_walk_image(const struct erofs_sb_info *sbi, struct walk_stats *st)
{
	memset(st, 0, sizeof(*st));
	walk_inode(sbi, sbi->root_nid, 0, st);
}
