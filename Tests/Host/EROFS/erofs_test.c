/*
 * erofs_test.c - the EROFS parser core against images made by erofs-utils.
 *
 *   erofs_test variants FIXTURE_SCRIPT   every mkfs.erofs variant of the fixture
 *                                        tree, compared file by file with the tree,
 *                                        and a hand-built image (synthetic.c)
 *   erofs_test corrupt FIXTURE_SCRIPT    deliberately broken images: each must give
 *                                        a clean error (and a log line), never a crash
 *
 * The fixture tree and images are made at test time in a fresh temporary
 * directory by FIXTURE_SCRIPT (make_fixtures.sh), so the test always runs
 * against the installed erofs-utils. The tree comparison covers, for every
 * file: mode, uid, gid, size, nlink, mtime (per variant), rdev, content (whole
 * and in odd-sized pieces), symlink targets, xattrs (list and each value),
 * hard links (same nid), the directory order (strictly sorted, "." and ".."
 * among the names) and lookup of every name plus absent ones.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "erofs_fs.h"
#include "image.h"
#include "walk.h"

static unsigned int failures, checks;

#define CHECK(cond, ...)                                            \
	do {                                                        \
		checks++;                                           \
		if (!(cond)) {                                      \
			failures++;                                 \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);               \
			fputc('\n', stderr);                        \
		}                                                   \
	} while (0)

/* ---- fixtures ---- */

static char workdir[256];

static void make_fixtures(const char *script)
{
	char cmd[1024];

	snprintf(workdir, sizeof(workdir), "/tmp/erofs-test.XXXXXX");
	if (!mkdtemp(workdir)) {
		perror("erofs_test: mkdtemp");
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), "bash '%s' '%s'", script, workdir);
	if (system(cmd) != 0) {
		fprintf(stderr, "erofs_test: fixture script %s failed\n", script);
		exit(1);
	}
}

static void remove_fixtures(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", workdir);
	if (system(cmd) != 0)
		fprintf(stderr, "erofs_test: could not remove %s\n", workdir);
}

/* ---- tree comparison ---- */

struct variant {
	char name[64];
	char mtime_mode[16];    /* exact | fixed0 | build */
	char owners[16];        /* exact | root */
	char xattrs[8];         /* yes | no */
};

struct hardlink {
	dev_t dev;
	ino_t ino;
	uint64_t nid;
};

struct compare_ctx {
	const struct erofs_sb_info *sbi;
	const struct variant *v;
	struct hardlink links[256];
	unsigned int nlinks;
	unsigned int files;
	/* Coverage: what the image made us exercise. */
	unsigned int extended, straddling, inline_tails, chunked, holes, multiblock_dirs, shared_xattrs;
};

struct dir_list {
	struct { char name[256]; size_t len; uint64_t nid; unsigned int ftype; } e[1024];
	unsigned int n;
};

static int collect(void *arg, const char *name, size_t namelen, uint64_t nid,
		   unsigned int ftype, uint64_t next_pos)
{
	struct dir_list *l = arg;

	(void)next_pos;
	if (l->n >= 1024)
		return -E2BIG;
	memcpy(l->e[l->n].name, name, namelen + 1);
	l->e[l->n].len = namelen;
	l->e[l->n].nid = nid;
	l->e[l->n].ftype = ftype;
	l->n++;
	return 0;
}

static unsigned int ftype_of_mode(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return EROFS_FT_REG_FILE;
	case S_IFDIR: return EROFS_FT_DIR;
	case S_IFCHR: return EROFS_FT_CHRDEV;
	case S_IFBLK: return EROFS_FT_BLKDEV;
	case S_IFIFO: return EROFS_FT_FIFO;
	case S_IFSOCK: return EROFS_FT_SOCK;
	case S_IFLNK: return EROFS_FT_SYMLINK;
	}
	return EROFS_FT_UNKNOWN;
}

static char *slurp(const char *path, size_t size)
{
	char *buf = malloc(size + 1);
	FILE *f = fopen(path, "rb");

	if (!buf || !f || fread(buf, 1, size, f) != size) {
		fprintf(stderr, "erofs_test: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	return buf;
}

static void compare_content(struct compare_ctx *c, const struct erofs_inode *vi, const char *path,
			    const struct stat *st)
{
	size_t size = (size_t)st->st_size;
	char *want = slurp(path, size), *got = malloc(size + 64);
	long n = erofs_read_data(c->sbi, vi, 0, got, size + 64);

	CHECK(n == (long)size, "%s: read returned %ld, size %zu", path, n, size);
	CHECK(n < 0 || memcmp(want, got, size) == 0, "%s: content differs", path);
	/* Odd-sized pieces at odd offsets, crossing block and chunk boundaries. */
	for (size_t off = 0; off < size; off += 3001) {
		size_t len = off % 7 ? 1777 : 5003;
		long m = erofs_read_data(c->sbi, vi, off, got, len);
		size_t expect = size - off < len ? size - off : len;

		CHECK(m == (long)expect && memcmp(want + off, got, expect) == 0,
		      "%s: piece at %zu (+%zu) returned %ld", path, off, len, m);
	}
	/* Reads starting inside the tail and just after block and chunk boundaries. */
	const size_t starts[] = { 1, 4097, 16385, size - 1, size - 100, size - 1000, size - 4097 };

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		size_t off = starts[i], expect;
		long m;

		if (off >= size)
			continue;
		expect = size - off < 64 ? size - off : 64;
		m = erofs_read_data(c->sbi, vi, off, got, 64);
		CHECK(m == (long)expect && memcmp(want + off, got, expect) == 0,
		      "%s: 64 bytes at %zu returned %ld", path, off, m);
	}
	CHECK(erofs_read_data(c->sbi, vi, size, got, 10) == 0, "%s: read at EOF not 0", path);
	CHECK(erofs_read_data(c->sbi, vi, size + 12345, got, 10) == 0, "%s: read past EOF not 0", path);
	free(want);
	free(got);
}

static void compare_symlink(struct compare_ctx *c, const struct erofs_inode *vi, const char *path)
{
	char want[4097], got[4097];
	ssize_t n = readlink(path, want, sizeof(want) - 1);
	long m = erofs_readlink(c->sbi, vi, got, sizeof(got));

	CHECK(n >= 0 && m == n && memcmp(want, got, (size_t)n) == 0 && got[m] == '\0',
	      "%s: symlink target differs (%zd vs %ld)", path, n, m);
	CHECK(erofs_readlink(c->sbi, vi, got, (size_t)n) == -ENAMETOOLONG,
	      "%s: readlink into a short buffer must be -ENAMETOOLONG", path);
}

static int name_in_list(const char *list, ssize_t len, const char *name)
{
	for (ssize_t off = 0; off < len; off += (ssize_t)strlen(list + off) + 1)
		if (!strcmp(list + off, name))
			return 1;
	return 0;
}

static void compare_xattrs(struct compare_ctx *c, const struct erofs_inode *vi, const char *path)
{
	char want[8192], got[8192], wv[70000], gv[70000];
	ssize_t wn = llistxattr(path, want, sizeof(want));
	long gn = erofs_listxattr(c->sbi, vi, got, sizeof(got));

	if (strcmp(c->v->xattrs, "no") == 0)
		wn = 0;
	CHECK(gn == wn, "%s: listxattr length %ld, source %zd", path, gn, wn);
	CHECK(erofs_listxattr(c->sbi, vi, NULL, 0) == gn, "%s: listxattr size query differs", path);
	if (gn > 0)
		CHECK(erofs_listxattr(c->sbi, vi, got, (size_t)gn - 1) == -ERANGE, "%s: short listxattr not -ERANGE", path);
	for (ssize_t off = 0; off < wn; off += (ssize_t)strlen(want + off) + 1) {
		const char *name = want + off;
		ssize_t wl = lgetxattr(path, name, wv, sizeof(wv));
		long gl = erofs_getxattr(c->sbi, vi, name, gv, sizeof(gv));

		CHECK(gn > 0 && name_in_list(got, gn, name), "%s: xattr %s not listed", path, name);
		CHECK(gl == wl && memcmp(wv, gv, (size_t)wl) == 0, "%s: xattr %s value differs (%ld vs %zd)",
		      path, name, gl, wl);
		CHECK(erofs_getxattr(c->sbi, vi, name, NULL, 0) == wl, "%s: xattr %s size query", path, name);
		if (wl > 0)
			CHECK(erofs_getxattr(c->sbi, vi, name, gv, (size_t)wl - 1) == -ERANGE,
			      "%s: xattr %s short buffer not -ERANGE", path, name);
	}
	CHECK(erofs_getxattr(c->sbi, vi, "user.absent", gv, sizeof(gv)) == -ENODATA, "%s: absent xattr", path);
	CHECK(erofs_getxattr(c->sbi, vi, "bogus.prefix", gv, sizeof(gv)) == -EOPNOTSUPP, "%s: bogus prefix", path);
}

static void expect_mtime(const struct compare_ctx *c, const struct stat *st, int64_t *sec, uint32_t *nsec)
{
	if (!strcmp(c->v->mtime_mode, "fixed0")) {
		*sec = 0;
		*nsec = 0;
	} else if (!strcmp(c->v->mtime_mode, "build")) {
		*sec = (int64_t)c->sbi->build_time;
		*nsec = c->sbi->build_time_nsec;
	} else {
		*sec = st->st_mtim.tv_sec;
		*nsec = (uint32_t)st->st_mtim.tv_nsec;
	}
}

static void check_hardlink(struct compare_ctx *c, const struct stat *st, uint64_t nid, const char *path)
{
	if (S_ISDIR(st->st_mode) || st->st_nlink < 2)
		return;
	for (unsigned int i = 0; i < c->nlinks; i++)
		if (c->links[i].dev == st->st_dev && c->links[i].ino == st->st_ino) {
			CHECK(c->links[i].nid == nid, "%s: hard link has nid %llu, expected %llu", path,
			      (unsigned long long)nid, (unsigned long long)c->links[i].nid);
			return;
		}
	if (c->nlinks < 256)
		c->links[c->nlinks++] = (struct hardlink){ st->st_dev, st->st_ino, nid };
}

static void compare_dir(struct compare_ctx *c, const struct erofs_inode *dir, const char *path,
			uint64_t parent_nid);

static void compare_stat(struct compare_ctx *c, const struct erofs_inode *vi, const char *path,
			 const struct stat *st)
{
	int64_t sec;
	uint32_t nsec;
	int root = !strcmp(c->v->owners, "root");

	CHECK(vi->mode == st->st_mode, "%s: mode 0%o, source 0%o", path, vi->mode, st->st_mode);
	CHECK(vi->uid == (root ? 0 : st->st_uid), "%s: uid %u", path, vi->uid);
	CHECK(vi->gid == (root ? 0 : st->st_gid), "%s: gid %u", path, vi->gid);
	CHECK(vi->nlink == st->st_nlink, "%s: nlink %u, source %lu", path, vi->nlink, (unsigned long)st->st_nlink);
	CHECK(vi->ino == vi->nid, "%s: ino is not the nid", path);
	if (!S_ISDIR(st->st_mode))
		CHECK(vi->size == (uint64_t)st->st_size, "%s: size %llu, source %lld", path,
		      (unsigned long long)vi->size, (long long)st->st_size);
	expect_mtime(c, st, &sec, &nsec);
	CHECK(vi->mtime == sec && vi->mtime_nsec == nsec, "%s: mtime %lld.%09u, expected %lld.%09u",
	      path, (long long)vi->mtime, vi->mtime_nsec, (long long)sec, nsec);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		CHECK(erofs_rdev_major(vi->rdev) == major(st->st_rdev) &&
		      erofs_rdev_minor(vi->rdev) == minor(st->st_rdev),
		      "%s: rdev %u:%u, source %u:%u", path, erofs_rdev_major(vi->rdev),
		      erofs_rdev_minor(vi->rdev), major(st->st_rdev), minor(st->st_rdev));
}

static void note_coverage(struct compare_ctx *c, const struct erofs_inode *vi)
{
	uint64_t iloc = ((uint64_t)c->sbi->meta_blkaddr << c->sbi->blkszbits) + (vi->nid << EROFS_ISLOTBITS);
	uint32_t shared = 0;

	if (vi->inode_isize == sizeof(struct erofs_inode_extended)) {
		c->extended++;
		c->straddling += (iloc % c->sbi->blksz) + vi->inode_isize > c->sbi->blksz;
	}
	c->inline_tails += vi->datalayout == EROFS_INODE_FLAT_INLINE && vi->size % c->sbi->blksz;
	if (vi->datalayout == EROFS_INODE_CHUNK_BASED) {
		c->chunked++;
		for (uint64_t pos = 0; pos < vi->size;) {
			struct erofs_map map;

			if (erofs_map_blocks(c->sbi, vi, pos, &map) || !map.m_llen)
				break;
			c->holes += !(map.m_flags & EROFS_MAP_MAPPED);
			pos += map.m_llen;
		}
	}
	c->multiblock_dirs += erofs_inode_is_dir(vi) && vi->size > c->sbi->blksz;
	if (vi->xattr_isize) {
		struct mem_image *img = c->sbi->ctx;

		shared = img->data[iloc + vi->inode_isize + 4];
		c->shared_xattrs += shared;
	}
}

static void compare_inode(struct compare_ctx *c, uint64_t nid, unsigned int ftype, const char *path,
			  uint64_t parent_nid)
{
	struct erofs_inode vi;
	struct stat st;
	int r = erofs_iget(c->sbi, nid, &vi);

	CHECK(r == 0, "%s: iget(%llu) = %d", path, (unsigned long long)nid, r);
	if (r || lstat(path, &st)) {
		CHECK(0, "%s: cannot stat", path);
		return;
	}
	c->files++;
	note_coverage(c, &vi);
	CHECK(ftype == ftype_of_mode(st.st_mode), "%s: dirent type %u", path, ftype);
	CHECK(erofs_inode_open(c->sbi, &vi) == 0, "%s: open refused", path);
	compare_stat(c, &vi, path, &st);
	check_hardlink(c, &st, nid, path);
	compare_xattrs(c, &vi, path);
	if (S_ISREG(st.st_mode))
		compare_content(c, &vi, path, &st);
	else if (S_ISLNK(st.st_mode))
		compare_symlink(c, &vi, path);
	else if (S_ISDIR(st.st_mode))
		compare_dir(c, &vi, path, parent_nid);
}

static bool in_list(const struct dir_list *l, const char *name, size_t len)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->e[i].len == len && !memcmp(l->e[i].name, name, len))
			return true;
	return false;
}

/* Lookup of every name (and of absent ones) must agree with readdir. */
static void check_lookups(struct compare_ctx *c, const struct erofs_inode *dir, const char *path,
			  const struct dir_list *l)
{
	for (unsigned int i = 0; i < l->n; i++) {
		uint64_t nid = 0;
		unsigned int ftype = 99;
		char absent[300];
		size_t plen = l->e[i].len - 1;
		int r = erofs_lookup(c->sbi, dir, l->e[i].name, l->e[i].len, &nid, &ftype);

		CHECK(r == 0 && nid == l->e[i].nid && ftype == l->e[i].ftype, "%s: lookup(%s) = %d",
		      path, l->e[i].name, r);
		snprintf(absent, sizeof(absent), "%s~", l->e[i].name);
		CHECK(erofs_lookup(c->sbi, dir, absent, strlen(absent), &nid, NULL) == -ENOENT,
		      "%s: lookup(%s) found an absent name", path, absent);
		r = erofs_lookup(c->sbi, dir, l->e[i].name, plen, &nid, NULL);
		CHECK(r == ((plen && in_list(l, l->e[i].name, plen)) ? 0 : -ENOENT),
		      "%s: lookup of a prefix of %s = %d", path, l->e[i].name, r);
	}
	CHECK(erofs_lookup(c->sbi, dir, "\x01", 1, &(uint64_t){ 0 }, NULL) == -ENOENT, "%s: lookup(\\1)", path);
	CHECK(erofs_lookup(c->sbi, dir, "\xff\xff", 2, &(uint64_t){ 0 }, NULL) == -ENOENT, "%s: lookup(\\xff)", path);
}

/* An actor that consumes exactly one entry per readdir call. */
struct take_one {
	bool taken;
	unsigned int count;
};

static int take_one(void *arg, const char *name, size_t namelen, uint64_t nid,
		    unsigned int ftype, uint64_t next_pos)
{
	struct take_one *t = arg;

	(void)name; (void)namelen; (void)nid; (void)ftype; (void)next_pos;
	if (t->taken)
		return 1;
	t->taken = true;
	t->count++;
	return 0;
}

/* readdir resumed from *pos after every entry must see every entry once. */
static void check_resume(struct compare_ctx *c, const struct erofs_inode *dir, const char *path,
			 unsigned int expect)
{
	struct take_one t = { false, 0 };
	uint64_t pos = 0;

	for (unsigned int rounds = 0; rounds < 4096; rounds++) {
		t.taken = false;
		if (erofs_readdir(c->sbi, dir, &pos, take_one, &t) < 0 || !t.taken)
			break;
	}
	CHECK(t.count == expect, "%s: resumed readdir saw %u entries, expected %u", path, t.count, expect);
}

static void compare_dir(struct compare_ctx *c, const struct erofs_inode *dir, const char *path,
			uint64_t parent_nid)
{
	struct dir_list *l = calloc(1, sizeof(*l));
	uint64_t pos = 0;
	unsigned int src = 0;
	DIR *d;
	struct dirent *de;
	int r = erofs_readdir(c->sbi, dir, &pos, collect, l);

	CHECK(r == 0, "%s: readdir = %d", path, r);
	for (unsigned int i = 0; i < l->n; i++) {
		char child[4096];

		if (i)
			CHECK(strcmp(l->e[i - 1].name, l->e[i].name) < 0, "%s: %s not sorted after %s",
			      path, l->e[i].name, l->e[i - 1].name);
		if (!strcmp(l->e[i].name, "."))
			CHECK(l->e[i].nid == dir->nid, "%s: . is not the directory", path);
		else if (!strcmp(l->e[i].name, ".."))
			CHECK(l->e[i].nid == parent_nid, "%s: .. is not the parent", path);
		else {
			snprintf(child, sizeof(child), "%s/%s", path, l->e[i].name);
			compare_inode(c, l->e[i].nid, l->e[i].ftype, child, dir->nid);
		}
	}
	d = opendir(path);
	while (d && (de = readdir(d)))
		src++;
	if (d)
		closedir(d);
	CHECK(src == l->n, "%s: %u entries in the image, %u in the source", path, l->n, src);
	check_lookups(c, dir, path, l);
	check_resume(c, dir, path, l->n);
	free(l);
}

static void compare_variant(const struct variant *v)
{
	struct mem_image img;
	struct erofs_sb_info sbi;
	struct erofs_inode root;
	struct compare_ctx *c = calloc(1, sizeof(*c));
	char path[512];
	unsigned int before = failures;
	int r;

	snprintf(path, sizeof(path), "%s/%s.img", workdir, v->name);
	mem_image_load(&img, path);
	r = mem_image_mount(&img, &sbi);
	CHECK(r == 0, "%s: mount = %d (%s)", v->name, r, img.last_log);
	if (r == 0 && erofs_iget(&sbi, sbi.root_nid, &root) == 0) {
		c->sbi = &sbi;
		c->v = v;
		snprintf(path, sizeof(path), "%s/tree", workdir);
		compare_dir(c, &root, path, sbi.root_nid);
		CHECK(c->files > 500, "%s: only %u files compared", v->name, c->files);
		/* The variant must really exercise what it is named for. */
		CHECK(c->multiblock_dirs >= 1, "%s: no multi-block directory", v->name);
		CHECK(!strcmp(v->xattrs, "no") || c->shared_xattrs >= 1, "%s: no shared xattrs", v->name);
		CHECK(strncmp(v->name, "chunk", 5) || c->chunked >= 500, "%s: only %u chunked inodes",
		      v->name, c->chunked);
		CHECK(strcmp(v->name, "compact") || c->extended == 0, "%s: extended inodes", v->name);
		CHECK(strcmp(v->name, "default") || (c->extended && c->inline_tails > 500),
		      "%s: no extended inodes or inline tails", v->name);
	}
	printf("%-16s %s: %u files, %u failures; %u extended (%u straddling a block), %u inline tails, "
	       "%u chunked (%u holes), %u multi-block dirs, %u shared xattr refs\n",
	       v->name, failures == before ? "ok  " : "FAIL", c->files, failures - before, c->extended,
	       c->straddling, c->inline_tails, c->chunked, c->holes, c->multiblock_dirs, c->shared_xattrs);
	free(c);
	mem_image_free(&img);
}

/* -zlz4: the image mounts, compressed inodes give -EOPNOTSUPP naming the nid. */
static int count_compressed(const struct erofs_sb_info *sbi, struct mem_image *img,
			    const struct erofs_inode *dir, const char *path);

static void check_compressed(const char *name)
{
	struct mem_image img;
	struct erofs_sb_info sbi;
	struct erofs_inode root;
	char path[512];
	int r, n = 0;

	snprintf(path, sizeof(path), "%s/%s.img", workdir, name);
	mem_image_load(&img, path);
	img.quiet = 1;
	r = mem_image_mount(&img, &sbi);
	CHECK(r == 0, "%s: mount = %d (%s): its compression feature bits are known", name, r, img.last_log);
	if (r == 0 && erofs_iget(&sbi, sbi.root_nid, &root) == 0) {
		snprintf(path, sizeof(path), "%s/tree", workdir);
		n = count_compressed(&sbi, &img, &root, path);
		CHECK(n > 0, "%s: no inode gave -EOPNOTSUPP", name);
	}
	printf("%-16s %s: mount %d, features 0x%x, %d compressed inodes refused\n", name,
	       r == 0 && n > 0 ? "ok  " : "FAIL", r, sbi.feature_incompat, n);
	mem_image_free(&img);
}

static int count_compressed(const struct erofs_sb_info *sbi, struct mem_image *img,
			    const struct erofs_inode *dir, const char *path)
{
	struct dir_list *l = calloc(1, sizeof(*l));
	uint64_t pos = 0;
	int n = 0;

	CHECK(erofs_readdir(sbi, dir, &pos, collect, l) == 0, "compressed: readdir %s", path);
	for (unsigned int i = 0; i < l->n; i++) {
		struct erofs_inode vi;
		struct stat st;
		char child[4096], want[32];

		snprintf(child, sizeof(child), "%s/%s", path, l->e[i].name);
		if (l->e[i].name[0] == '.' && (l->e[i].len == 1 || (l->e[i].len == 2 && l->e[i].name[1] == '.')))
			continue;
		if (erofs_iget(sbi, l->e[i].nid, &vi) || lstat(child, &st)) {
			CHECK(0, "compressed: iget/stat %s", child);
			continue;
		}
		CHECK(vi.size == (uint64_t)st.st_size || S_ISDIR(st.st_mode), "compressed: size of %s", child);
		if (erofs_inode_open(sbi, &vi) == -EOPNOTSUPP) {
			char buf[16];

			snprintf(want, sizeof(want), "nid %llu", (unsigned long long)vi.nid);
			CHECK(strstr(img->last_log, want) != NULL, "compressed: log '%s' lacks '%s'", img->last_log, want);
			CHECK(erofs_read_data(sbi, &vi, 0, buf, sizeof(buf)) == -EOPNOTSUPP, "compressed: read of %s", child);
			n++;
		} else if (S_ISREG(st.st_mode)) {
			char *data = malloc((size_t)st.st_size + 1), *src = slurp(child, (size_t)st.st_size);

			CHECK(erofs_read_data(sbi, &vi, 0, data, (size_t)st.st_size) == st.st_size &&
			      !memcmp(data, src, (size_t)st.st_size), "compressed: uncompressed %s differs", child);
			free(data);
			free(src);
		} else if (S_ISDIR(st.st_mode)) {
			n += count_compressed(sbi, img, &vi, child);
		}
	}
	free(l);
	return n;
}

static int run_variants(void)
{
	char path[512], line[256];
	FILE *f;
	unsigned int n = 0;

	snprintf(path, sizeof(path), "%s/variants.txt", workdir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		struct variant v;

		if (sscanf(line, "%63s %15s %15s %7s", v.name, v.mtime_mode, v.owners, v.xattrs) == 4) {
			compare_variant(&v);
			n++;
		}
	}
	if (f)
		fclose(f);
	CHECK(n >= 9, "only %u variants listed in %s", n, path);
	check_compressed("compressed");
	check_compressed("compressed_big");
	return 0;
}

/* corrupt.c, synthetic.c */
int erofs_corrupt_tests(const char *workdir, unsigned int *checks, unsigned int *failures);
int erofs_synthetic_tests(unsigned int *checks, unsigned int *failures);

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "variants") && strcmp(argv[1], "corrupt"))) {
		fprintf(stderr, "usage: erofs_test variants|corrupt FIXTURE_SCRIPT\n");
		return 2;
	}
	make_fixtures(argv[2]);
	if (!strcmp(argv[1], "variants")) {
		run_variants();
		erofs_synthetic_tests(&checks, &failures);
	}
	else
		erofs_corrupt_tests(workdir, &checks, &failures);
	remove_fixtures();
	printf("erofs_test %s: %u checks, %u failures\n", argv[1], checks, failures);
	return failures ? 1 : 0;
}
