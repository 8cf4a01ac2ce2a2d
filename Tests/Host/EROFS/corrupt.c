/*
 * corrupt.c - EROFS images broken on purpose. Each case edits one field of
 * an erofs-utils image (fixing the superblock CRC afterwards where the point
 * is to get past it) and demands a precise clean error plus a log line; then
 * a seeded random smoke test mutates bytes around the metadata and walks the
 * whole image, where only "no crash, no hang, no out-of-bounds read" (ASan,
 * and image.c's range assertions) is demanded.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erofs_fs.h"
#include "image.h"
#include "walk.h"

static unsigned int *n_checks, *n_failures;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	(*n_checks)++;
	if (ok)
		return;
	(*n_failures)++;
	fprintf(stderr, "FAIL corrupt: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A pristine image and a working copy that each case edits. */
struct fixture {
	struct mem_image img;
	uint8_t *pristine;
	size_t size;
	struct erofs_sb_info sbi;       /* of the pristine image */
};

static void fixture_load(struct fixture *f, const char *workdir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.img", workdir, name);
	mem_image_load(&f->img, path);
	f->img.quiet = 1;
	f->size = f->img.size;
	f->pristine = malloc(f->size);
	memcpy(f->pristine, f->img.data, f->size);
	if (mem_image_mount(&f->img, &f->sbi)) {
		fprintf(stderr, "corrupt: pristine %s does not mount\n", name);
		exit(1);
	}
}

static void fixture_reset(struct fixture *f)
{
	memcpy(f->img.data, f->pristine, f->size);
	f->img.size = f->size;
	f->img.log_lines = 0;
	f->img.last_log[0] = '\0';
}

static void fixture_free(struct fixture *f)
{
	mem_image_free(&f->img);
	free(f->pristine);
}

/* nid of a path below the root (components separated by '/'). */
static uint64_t nid_of(struct fixture *f, const char *path)
{
	struct erofs_inode dir;
	uint64_t nid = f->sbi.root_nid;
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save))
		if (erofs_iget(&f->sbi, nid, &dir) || erofs_lookup(&f->sbi, &dir, c, strlen(c), &nid, NULL)) {
			fprintf(stderr, "corrupt: %s not found\n", path);
			exit(1);
		}
	return nid;
}

static uint8_t *inode_at(struct fixture *f, uint64_t nid)
{
	return f->img.data + ((uint64_t)f->sbi.meta_blkaddr << f->sbi.blkszbits) + (nid << EROFS_ISLOTBITS);
}

static bool is_extended(const uint8_t *raw)
{
	return erofs_inode_version(((const struct erofs_inode_compact *)raw)->i_format) == EROFS_INODE_LAYOUT_EXTENDED;
}

static void set_size(uint8_t *raw, uint64_t size)
{
	if (is_extended(raw))
		((struct erofs_inode_extended *)raw)->i_size = size;
	else
		((struct erofs_inode_compact *)raw)->i_size = (uint32_t)size;
}

/* Device offset of the first dirent of block blk of directory dirnid. */
static uint8_t *dir_block(struct fixture *f, uint64_t dirnid, uint64_t blk)
{
	struct erofs_inode dir;
	struct erofs_map map;

	if (erofs_iget(&f->sbi, dirnid, &dir) ||
	    erofs_map_blocks(&f->sbi, &dir, blk << f->sbi.blkszbits, &map) || !(map.m_flags & EROFS_MAP_MAPPED)) {
		fprintf(stderr, "corrupt: cannot map directory block\n");
		exit(1);
	}
	return f->img.data + map.m_pa;
}

/* The raw dirent for name in the first block of directory dirnid. */
static struct erofs_dirent *dirent_of(struct fixture *f, uint64_t dirnid, const char *name)
{
	uint8_t *blk = dir_block(f, dirnid, 0);
	struct erofs_dirent *de = (struct erofs_dirent *)blk;
	unsigned int n = de[0].nameoff / sizeof(*de);

	for (unsigned int i = 0; i < n; i++) {
		unsigned int end = i + 1 < n ? de[i + 1].nameoff : de[i].nameoff + strlen(name);

		if (end - de[i].nameoff == strlen(name) && !memcmp(blk + de[i].nameoff, name, strlen(name)))
			return &de[i];
	}
	fprintf(stderr, "corrupt: dirent %s not found\n", name);
	exit(1);
}

/* Mount the edited copy; its superblock CRC is fixed (block 0 may hold inodes). */
static int mount_copy(struct fixture *f, struct erofs_sb_info *sbi)
{
	if (f->sbi.feature_compat & EROFS_FEATURE_COMPAT_SB_CHKSUM)
		mem_image_fix_crc(&f->img);
	return mem_image_mount(&f->img, sbi);
}

static struct erofs_super_block *sb_of(struct fixture *f)
{
	return (struct erofs_super_block *)(f->img.data + EROFS_SUPER_OFFSET);
}

static void expect_mount(struct fixture *f, int want, const char *log_has, const char *what)
{
	struct erofs_sb_info sbi;
	int r = mount_copy(f, &sbi);

	check(r == want && f->img.log_lines > 0 && (!log_has || strstr(f->img.last_log, log_has)),
	      "%s: mount = %d (want %d), log '%s'", what, r, want, f->img.last_log);
}

static void superblock_cases(struct fixture *f)
{
	fixture_reset(f);
	f->img.data[EROFS_SUPER_OFFSET + 64] ^= 1;     /* volume_name, CRC not fixed */
	{
		struct erofs_sb_info sbi;
		int r = mem_image_mount(&f->img, &sbi);

		check(r == -EUCLEAN && strstr(f->img.last_log, "checksum"), "superblock checksum: mount = %d", r);
	}

	fixture_reset(f);
	sb_of(f)->magic ^= 0x10;
	expect_mount(f, -EINVAL, "magic", "bad magic");

	fixture_reset(f);
	sb_of(f)->feature_incompat |= 0x100;
	mem_image_fix_crc(&f->img);
	expect_mount(f, -EINVAL, "0x100", "unknown incompat bit");

	fixture_reset(f);
	sb_of(f)->blkszbits = 13;
	expect_mount(f, -EINVAL, "block size", "block size 8192");

	fixture_reset(f);
	sb_of(f)->root_nid = 0xFFFF;
	mem_image_fix_crc(&f->img);
	expect_mount(f, -EUCLEAN, "nid 65535", "root nid outside the image");

	fixture_reset(f);
	f->img.size = f->size / 2;
	expect_mount(f, -EUCLEAN, "truncated", "truncated image");

	fixture_reset(f);
	f->img.size = 1000;
	expect_mount(f, -EUCLEAN, NULL, "image shorter than the superblock");
}

/* A truncated image whose superblock agrees: mounts, and the walk must hit clean errors. */
static void truncated_walk(struct fixture *f)
{
	struct erofs_sb_info sbi;
	struct walk_stats st;

	fixture_reset(f);
	f->img.size = f->size / 2;
	sb_of(f)->blocks = (uint32_t)(f->img.size >> 12);
	mem_image_fix_crc(&f->img);
	if (mount_copy(f, &sbi) == 0) {
		erofs_walk_image(&sbi, &st);
		check(st.errors > 0 && f->img.log_lines > 0, "truncated walk: %u errors", st.errors);
	} else {
		check(f->img.log_lines > 0, "truncated mount failed without a log line");
	}
}

static void iget_expect(struct fixture *f, uint64_t nid, int want, const char *what)
{
	struct erofs_sb_info sbi;
	struct erofs_inode vi;
	int r = mount_copy(f, &sbi);

	if (r == 0)
		r = erofs_iget(&sbi, nid, &vi);
	check(r == want && f->img.log_lines > 0, "%s: iget = %d (want %d)", what, r, want);
}

static int count_entry(void *arg, const char *name, size_t namelen, uint64_t nid,
		       unsigned int ftype, uint64_t next_pos)
{
	(void)name; (void)namelen; (void)nid; (void)ftype; (void)next_pos;
	(*(unsigned int *)arg)++;
	return 0;
}

static void dirent_cases(struct fixture *f)
{
	struct erofs_sb_info sbi;
	struct erofs_inode root, vi;
	uint64_t nid, pos = 0;
	int r;

	fixture_reset(f);
	dirent_of(f, f->sbi.root_nid, "f5000")->nid = 1ull << 40;
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, sbi.root_nid, &root)) == 0 &&
	    (r = erofs_lookup(&sbi, &root, "f5000", 5, &nid, NULL)) == 0)
		r = erofs_iget(&sbi, nid, &vi);
	check(r == -EUCLEAN && strstr(f->img.last_log, "outside"), "bad dirent nid: %d '%s'", r, f->img.last_log);

	fixture_reset(f);
	((struct erofs_dirent *)dir_block(f, f->sbi.root_nid, 0))->nameoff = 5;
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, sbi.root_nid, &root)) == 0)
		r = erofs_readdir(&sbi, &root, &pos, count_entry, &(unsigned int){ 0 });
	check(r == -EUCLEAN && strstr(f->img.last_log, "nameoff"), "de[0].nameoff 5: readdir = %d", r);
	if (r == -EUCLEAN)
		check(erofs_lookup(&sbi, &root, "small", 5, &nid, NULL) == -EUCLEAN, "de[0].nameoff 5: lookup");

	fixture_reset(f);
	nid = nid_of(f, "dir500");
	((struct erofs_dirent *)dir_block(f, nid, 1))[1].nameoff = 0xFFF0;
	pos = 0;
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, nid, &vi)) == 0)
		r = erofs_readdir(&sbi, &vi, &pos, count_entry, &(unsigned int){ 0 });
	check(r == -EUCLEAN && strstr(f->img.last_log, "nameoff"), "de[1].nameoff 0xfff0: readdir = %d '%s'",
	      r, f->img.last_log);
}

/* Read vi's data at pos and expect want. */
static void read_expect(struct fixture *f, const char *path, uint64_t pos, long want, const char *what)
{
	struct erofs_sb_info sbi;
	struct erofs_inode vi;
	char buf[64];
	long r = mount_copy(f, &sbi);

	if (r == 0)
		r = erofs_iget(&sbi, nid_of(f, path), &vi);
	if (r == 0)
		r = erofs_read_data(&sbi, &vi, pos, buf, sizeof(buf));
	check(r == want && (want >= 0 || f->img.log_lines > 0), "%s: read = %ld (want %ld) '%s'",
	      what, r, want, f->img.last_log);
}

static void size_and_address_cases(struct fixture *f)
{
	struct erofs_sb_info sbi;
	struct erofs_inode vi;
	char buf[8192];
	uint64_t pos = 0;
	long r;

	fixture_reset(f);
	set_size(inode_at(f, nid_of(f, "f5000")), 1ull << 40);
	read_expect(f, "f5000", (1ull << 40) - 10, -EUCLEAN, "huge file size");

	fixture_reset(f);
	((struct erofs_inode_compact *)inode_at(f, nid_of(f, "big1m")))->i_u.raw_blkaddr = 0xFFFFFF00u;
	read_expect(f, "big1m", 0, -EUCLEAN, "block address beyond the image");

	fixture_reset(f);
	set_size(inode_at(f, nid_of(f, "dir500")), 1ull << 40);
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, nid_of(f, "dir500"), &vi)) == 0) {
		uint64_t nid;

		r = erofs_lookup(&sbi, &vi, "zzz", 3, &nid, NULL);
		check(r == -EUCLEAN, "huge directory size: lookup = %ld", r);
	}

	for (int i = 0; i < 2; i++) {
		uint64_t bad = i ? 5000 : 0;

		fixture_reset(f);
		set_size(inode_at(f, nid_of(f, "link_300")), bad);
		r = mount_copy(f, &sbi);
		if (r == 0 && (r = erofs_iget(&sbi, nid_of(f, "link_300"), &vi)) == 0)
			r = erofs_readlink(&sbi, &vi, buf, sizeof(buf));
		check(r == -EUCLEAN, "%llu-byte symlink: readlink = %ld", (unsigned long long)bad, r);
	}

	/* An inline tail grown past its block must not be read across it. */
	fixture_reset(f);
	set_size(inode_at(f, nid_of(f, "small")), 4000);
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, nid_of(f, "small"), &vi)) == 0) {
		uint64_t tail = ((uint64_t)sbi.meta_blkaddr << 12) + (vi.nid << 5) + vi.inode_isize + vi.xattr_isize;

		r = erofs_read_data(&sbi, &vi, 0, buf, sizeof(buf));
		check(vi.datalayout != EROFS_INODE_FLAT_INLINE || (tail % 4096) + 4000 <= 4096 ? r == 4000 : r == -EUCLEAN,
		      "inline tail across a block: read = %ld", r);
	}
	(void)pos;
}

static void inode_field_cases(struct fixture *f)
{
	uint64_t nid = nid_of(f, "f5000");
	struct erofs_inode_compact *dic;

	fixture_reset(f);
	dic = (void *)inode_at(f, nid);
	dic->i_format |= 0x80;
	iget_expect(f, nid, -EOPNOTSUPP, "unknown i_format bit");

	fixture_reset(f);
	dic = (void *)inode_at(f, nid);
	dic->i_mode = 0;
	iget_expect(f, nid, -EUCLEAN, "i_mode 0");

	fixture_reset(f);
	dic = (void *)inode_at(f, nid);
	dic->i_format = erofs_inode_format(erofs_inode_version(dic->i_format), 7);
	iget_expect(f, nid, -EOPNOTSUPP, "data layout 7");
}

static void xattr_cases(struct fixture *f)
{
	struct erofs_sb_info sbi;
	struct erofs_inode vi;
	char buf[4096];
	uint64_t nid = nid_of(f, "f5000");
	struct erofs_xattr_ibody_header *h;
	long r;

	fixture_reset(f);
	if (erofs_iget(&f->sbi, nid, &vi) || !vi.xattr_isize) {
		check(false, "f5000 has no xattrs");
		return;
	}
	h = (void *)(inode_at(f, nid) + vi.inode_isize);
	h->h_shared_count = 255;
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, nid, &vi)) == 0)
		r = erofs_getxattr(&sbi, &vi, "user.big", buf, sizeof(buf));
	check(r == -EUCLEAN && strstr(f->img.last_log, "xattr"), "h_shared_count 255: getxattr = %ld", r);

	fixture_reset(f);
	h = (void *)(inode_at(f, nid) + vi.inode_isize);
	if (h->h_shared_count == 0) {
		check(false, "f5000 has no shared xattrs");
		return;
	}
	((uint32_t *)(h + 1))[0] = 0x3FFFFFFF;
	r = mount_copy(f, &sbi);
	if (r == 0 && (r = erofs_iget(&sbi, nid, &vi)) == 0)
		r = erofs_listxattr(&sbi, &vi, buf, sizeof(buf));
	check(r == -EUCLEAN, "shared xattr id beyond the image: listxattr = %ld", r);
}

/* Chunk maps: a block address beyond the image, a hole, a bad chunk format. */
static void chunk_cases(const char *workdir, const char *name)
{
	struct fixture f;
	struct erofs_sb_info sbi;
	struct erofs_inode vi;
	uint64_t nid;
	uint8_t *map;
	bool indexes;
	char buf[3 * 4096];
	long r;

	fixture_load(&f, workdir, name);
	nid = nid_of(&f, "big1m");
	if (erofs_iget(&f.sbi, nid, &vi) || vi.datalayout != EROFS_INODE_CHUNK_BASED) {
		check(false, "%s: big1m is not chunk-based", name);
		fixture_free(&f);
		return;
	}
	indexes = vi.chunkformat & EROFS_CHUNK_FORMAT_INDEXES;
	map = inode_at(&f, nid) + ((vi.inode_isize + vi.xattr_isize + (indexes ? 7 : 3)) & ~(indexes ? 7u : 3u));
	for (int pass = 0; pass < 2; pass++) {
		uint32_t value = pass ? EROFS_NULL_ADDR : 0xFFFFFF00u;

		fixture_reset(&f);
		if (indexes)
			((struct erofs_inode_chunk_index *)map)[3].blkaddr = value;
		else
			((uint32_t *)map)[3] = value;
		r = mount_copy(&f, &sbi);
		if (r == 0 && (r = erofs_iget(&sbi, nid, &vi)) == 0)
			r = erofs_read_data(&sbi, &vi, 2 * 4096, buf, sizeof(buf));
		if (!pass) {
			check(r == -EUCLEAN, "%s: chunk beyond the image: read = %ld", name, r);
			continue;
		}
		/* The hole reads as zeros, its neighbours as before. */
		struct erofs_inode pvi;
		char want[sizeof(buf)];

		check(erofs_iget(&f.sbi, nid, &pvi) == 0 &&
		      erofs_read_data(&f.sbi, &pvi, 2 * 4096, want, sizeof(want)) == (long)sizeof(want),
		      "%s: pristine read", name);
		memset(want + 4096, 0, 4096);
		check(r == (long)sizeof(buf) && !memcmp(buf, want, sizeof(buf)), "%s: hole read = %ld", name, r);
	}
	fixture_reset(&f);
	((struct erofs_inode_compact *)inode_at(&f, nid))->i_u.c.format |= 0x40;
	iget_expect(&f, nid, -EOPNOTSUPP, "bad chunk format");
	fixture_free(&f);
}

/* Byte offsets worth mutating: every inode and directory block of the pristine image. */
static unsigned int collect_targets(struct fixture *f, uint64_t nid, uint64_t *t, unsigned int n,
				    unsigned int max, unsigned int depth);

struct target_list {
	uint64_t nids[1024];
	unsigned int n;
};

static int add_child(void *arg, const char *name, size_t namelen, uint64_t nid,
		     unsigned int ftype, uint64_t next_pos)
{
	struct target_list *l = arg;

	(void)next_pos;
	if (ftype == EROFS_FT_DIR && (namelen == 1 || (namelen == 2 && name[1] == '.')) && name[0] == '.')
		return 0;
	if (l->n < 1024)
		l->nids[l->n++] = nid;
	return 0;
}

static unsigned int collect_targets(struct fixture *f, uint64_t nid, uint64_t *t, unsigned int n,
				    unsigned int max, unsigned int depth)
{
	struct erofs_inode vi;
	struct target_list *l;
	uint64_t pos = 0;

	if (n >= max || depth > 8 || erofs_iget(&f->sbi, nid, &vi))
		return n;
	t[n++] = inode_at(f, nid) - f->img.data;
	if (!erofs_inode_is_dir(&vi))
		return n;
	for (uint64_t b = 0; b < (vi.size + 4095) / 4096 && n < max; b++) {
		struct erofs_map map;

		if (!erofs_map_blocks(&f->sbi, &vi, b << 12, &map) && (map.m_flags & EROFS_MAP_MAPPED))
			t[n++] = map.m_pa;
	}
	l = calloc(1, sizeof(*l));
	if (erofs_readdir(&f->sbi, &vi, &pos, add_child, l) == 0)
		for (unsigned int i = 0; i < l->n; i++)
			n = collect_targets(f, l->nids[i], t, n, max, depth + 1);
	free(l);
	return n;
}

static void random_smoke(const char *workdir, const char *name, unsigned int rounds)
{
	struct fixture f;
	static uint64_t targets[4096];
	unsigned int nt, mounted = 0;

	fixture_load(&f, workdir, name);
	nt = collect_targets(&f, f.sbi.root_nid, targets, 0, 4096, 0);
	srand(12345);
	for (unsigned int round = 0; round < rounds; round++) {
		struct erofs_sb_info sbi;
		struct walk_stats st;
		int edits = 1 + rand() % 8;

		fixture_reset(&f);
		for (int e = 0; e < edits; e++) {
			uint64_t base = rand() % 4 == 0 ? EROFS_SUPER_OFFSET : targets[rand() % nt];
			uint64_t off = base + (uint64_t)(rand() % 96);

			if (off < f.size)
				f.img.data[off] = (uint8_t)(rand() % 3 == 0 ? 0xFF : rand());
		}
		mem_image_fix_crc(&f.img);
		if (mount_copy(&f, &sbi) == 0) {
			mounted++;
			erofs_walk_image(&sbi, &st);
		}
	}
	check(mounted > rounds / 4, "%s: only %u of %u mutated images mounted", name, mounted, rounds);
	printf("random smoke %-14s %u rounds, %u mounted, %u targets\n", name, rounds, mounted, nt);
	fixture_free(&f);
}

int erofs_corrupt_tests(const char *workdir, unsigned int *checks, unsigned int *failures)
{
	struct fixture f;

	n_checks = checks;
	n_failures = failures;
	fixture_load(&f, workdir, "default");
	superblock_cases(&f);
	truncated_walk(&f);
	dirent_cases(&f);
	size_and_address_cases(&f);
	inode_field_cases(&f);
	xattr_cases(&f);
	fixture_free(&f);
	chunk_cases(workdir, "chunk_indexes");
	chunk_cases(workdir, "chunk_blockmap");
	random_smoke(workdir, "default", 400);
	random_smoke(workdir, "chunk_indexes", 200);
	random_smoke(workdir, "noinline", 200);
	return 0;
}
