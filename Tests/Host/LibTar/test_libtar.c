/*
 * Host tests of LibTar's core (built with ASan/UBSan).
 *
 * The reference is GNU tar: the test builds a small tree in a scratch directory, has
 * GNU tar archive it in ustar, gnu and pax (posix) formats, and checks that LibTar's
 * reader reports every member with the metadata lstat() gives and the same bytes.
 * LibTar's writer is checked the other way round: GNU tar must list and extract what
 * it wrote, and LibTar must read it back. Corrupted archives (bad checksum, bad
 * numbers, truncation, malformed pax records, unsupported types) must give the
 * matching TAR_E* code, never a crash (the sanitizers watch).
 *
 * Prints one line per check and "N passed, N failed"; exits 1 on any failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "libtar.h"
#include "tar_internal.h" /* tar_header_plain, to forge pax headers */

static int passed, failed;
static char scratch[256];

#define CHECK(cond, ...)                                                               \
	do {                                                                           \
		if (cond) {                                                            \
			passed++;                                                      \
		} else {                                                               \
			failed++;                                                      \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                    \
			printf(__VA_ARGS__);                                           \
			printf("\n");                                                  \
		}                                                                      \
	} while (0)

/* ---- an archive held in memory ---- */

struct buf {
	uint8_t *data;
	size_t len, cap, pos;
};

static long buf_read(void *ctx, void *dst, size_t len)
{
	struct buf *b = ctx;
	size_t n = b->len - b->pos < len ? b->len - b->pos : len;
	memcpy(dst, b->data + b->pos, n);
	b->pos += n;
	return (long)n;
}

static int buf_write(void *ctx, const void *src, size_t len)
{
	struct buf *b = ctx;
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->data = realloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, src, len);
	b->len += len;
	return 0;
}

static int load_file(const char *path, struct buf *b)
{
	memset(b, 0, sizeof(*b));
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	uint8_t chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_write(b, chunk, n);
	fclose(f);
	return 0;
}

static int save_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(b->data, 1, b->len, f);
	return fclose(f) == 0 && n == b->len ? 0 : -1;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* ---- the reference tree ---- */

static char long_dir[300], long_link[300];
static int have_xattr, is_root;

static void write_pattern(const char *path, size_t size, unsigned seed)
{
	FILE *f = fopen(path, "wb");
	for (size_t i = 0; i < size; i++)
		fputc((int)((i * 31 + seed) & 0xff), f);
	fclose(f);
}

static void make_tree(const char *root, int long_names)
{
	char p[1024];
	sh("rm -rf '%s' && mkdir -p '%s/dir/sub'", root, root);
	snprintf(p, sizeof(p), "%s/empty", root), write_pattern(p, 0, 0);
	snprintf(p, sizeof(p), "%s/small", root), write_pattern(p, 5, 1);
	snprintf(p, sizeof(p), "%s/dir/b5000", root), write_pattern(p, 5000, 2);
	snprintf(p, sizeof(p), "%s/dir/sub/b512", root), write_pattern(p, 512, 3);
	snprintf(p, sizeof(p), "%s/setuid", root), write_pattern(p, 7, 4);
	chmod(p, 04755);
	snprintf(p, sizeof(p), "%s/hard", root);
	char q[1024];
	snprintf(q, sizeof(q), "%s/small", root);
	link(q, p);
	snprintf(p, sizeof(p), "%s/sym", root), symlink("dir/b5000", p);
	snprintf(p, sizeof(p), "%s/fifo", root), mkfifo(p, 0640);
	if (is_root) {
		snprintf(p, sizeof(p), "%s/null", root);
		mknod(p, S_IFCHR | 0600, makedev(1, 3));
		snprintf(p, sizeof(p), "%s/blk", root);
		mknod(p, S_IFBLK | 0600, makedev(259, 70000));
		snprintf(p, sizeof(p), "%s/small", root);
		chown(p, 1234, 5678);
	}
	snprintf(p, sizeof(p), "%s/small", root);
	have_xattr = setxattr(p, "user.libtar", "value\0bin", 9, 0) == 0;
	if (!long_names)
		return;
	snprintf(p, sizeof(p), "%s/%s", root, long_dir);
	sh("mkdir -p '%s'", p);
	snprintf(p, sizeof(p), "%s/%s/file-with-a-long-name", root, long_dir);
	write_pattern(p, 100, 5);
	snprintf(p, sizeof(p), "%s/longsym", root), symlink(long_link, p);
}

static char type_of(mode_t m)
{
	if (S_ISDIR(m)) return TAR_DIRECTORY;
	if (S_ISLNK(m)) return TAR_SYMLINK;
	if (S_ISCHR(m)) return TAR_CHARDEV;
	if (S_ISBLK(m)) return TAR_BLOCKDEV;
	if (S_ISFIFO(m)) return TAR_FIFO;
	return TAR_REGULAR;
}

/* Compares one archive member with the file it came from (root/path). */
static int check_member(struct tar_reader *r, const struct tar_entry *e, void *arg)
{
	const char *root = arg;
	char p[8192];
	snprintf(p, sizeof(p), "%s/%s", root, e->path);
	struct stat st;
	if (lstat(p, &st) != 0) {
		CHECK(0, "member %s does not exist in the tree", e->path);
		return 0;
	}
	char want = type_of(st.st_mode);
	if (e->type == TAR_HARDLINK) {
		CHECK(strcmp(e->linkpath, "./small") == 0 || strcmp(e->linkpath, "small") == 0 ||
		      strcmp(e->linkpath, "./hard") == 0 || strcmp(e->linkpath, "hard") == 0,
		      "%s: hard link to %s", e->path, e->linkpath);
		return 0;
	}
	CHECK(e->type == want, "%s: type %c, want %c", e->path, e->type, want);
	CHECK(e->mode == (st.st_mode & 07777), "%s: mode %o", e->path, e->mode);
	CHECK(e->uid == st.st_uid && e->gid == st.st_gid, "%s: owner %u:%u", e->path, e->uid, e->gid);
	CHECK(e->mtime == st.st_mtime, "%s: mtime %lld", e->path, (long long)e->mtime);
	if (want == TAR_SYMLINK) {
		char t[4096] = { 0 };
		readlink(p, t, sizeof(t) - 1);
		CHECK(strcmp(t, e->linkpath) == 0, "%s: link %s", e->path, e->linkpath);
	}
	if (want == TAR_CHARDEV || want == TAR_BLOCKDEV)
		CHECK(e->devmajor == major(st.st_rdev) && e->devminor == minor(st.st_rdev),
		      "%s: dev %u,%u", e->path, e->devmajor, e->devminor);
	if (want != TAR_REGULAR)
		return 0;
	CHECK(e->size == (uint64_t)st.st_size, "%s: size %llu", e->path, (unsigned long long)e->size);
	struct buf file;
	load_file(p, &file);
	uint8_t *data = malloc(e->size + 1);
	long got = tar_reader_read(r, data, e->size + 1);
	CHECK(got == (long)e->size && (e->size == 0 || memcmp(data, file.data, e->size) == 0),
	      "%s: data differs (%ld bytes)", e->path, got);
	CHECK(tar_reader_read(r, data, 1) == 0, "%s: data continues", e->path);
	free(data);
	free(file.data);
	return 0;
}

struct seen {
	const char *root;
	int count, xattr_seen;
};

static int check_and_count(struct tar_reader *r, const struct tar_entry *e, void *arg)
{
	struct seen *s = arg;
	s->count++;
	size_t pos = 0, len;
	const char *name;
	const uint8_t *value;
	while (tar_xattr_next(e, &pos, &name, &value, &len))
		if (strcmp(name, "user.libtar") == 0 && len == 9 && memcmp(value, "value\0bin", 9) == 0)
			s->xattr_seen = 1;
	return check_member(r, e, (void *)s->root);
}

/* Reads the whole archive in `b` and checks every member against root. */
static int read_and_check(struct buf *b, const char *root, struct seen *s)
{
	struct tar_reader r;
	static struct tar_entry e;
	b->pos = 0;
	tar_reader_init(&r, buf_read, b);
	s->root = root;
	return tar_read_all(&r, &e, check_and_count, s);
}

static void test_gnu_tar_format(const char *format, int long_names)
{
	char root[512], archive[512];
	snprintf(root, sizeof(root), "%s/tree-%s", scratch, format);
	snprintf(archive, sizeof(archive), "%s/%s.tar", scratch, format);
	make_tree(root, long_names);
	int rc = sh("cd '%s' && tar --format=%s %s -cf '%s' . 2>/dev/null", root, format,
		    strcmp(format, "posix") == 0 ? "--xattrs --xattrs-include='user.*'" : "", archive);
	CHECK(rc == 0, "GNU tar --format=%s failed", format);
	struct buf b;
	load_file(archive, &b);
	struct seen s = { 0 };
	rc = read_and_check(&b, root, &s);
	CHECK(rc == 0, "%s: reader returned %s", format, tar_strerror(rc));
	/* ., empty, small, dir, dir/sub, b5000, b512, setuid, hard, sym, fifo; with long
	 * names three directories, a file and a symlink; as root two device nodes. */
	int want = 11 + (long_names ? 5 : 0) + (is_root ? 2 : 0);
	CHECK(s.count == want, "%s: %d members, want %d", format, s.count, want);
	if (strcmp(format, "posix") == 0 && have_xattr)
		CHECK(s.xattr_seen, "posix: SCHILY.xattr.user.libtar not reported");
	printf("ok: GNU tar --format=%s: %d members\n", format, s.count);
	free(b.data);
}

/* ---- LibTar's writer, checked by GNU tar and by the reader ---- */

static void add_file(struct tar_writer *w, struct tar_entry *e, const char *path, const char *data)
{
	tar_entry_init(e);
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->mode = 0644;
	e->mtime = 1700000000;
	e->size = strlen(data);
	CHECK(tar_writer_begin(w, e) == 0, "begin %s", path);
	CHECK(tar_writer_data(w, data, e->size) == 0, "data %s", path);
}

static void test_writer(void)
{
	static struct tar_entry e;
	struct buf b = { 0 };
	struct tar_writer w;
	tar_writer_init(&w, buf_write, &b);
	char longpath[400];
	snprintf(longpath, sizeof(longpath), "%s/deep-file", long_dir);
	add_file(&w, &e, "hello.txt", "hello, world\n");
	add_file(&w, &e, longpath, "deep\n");
	CHECK(tar_writer_begin(&w, &e) == TAR_OK, "second begin with a fresh size");
	CHECK(tar_writer_begin(&w, &e) == TAR_ESTATE, "begin before data ended is refused");
	CHECK(tar_writer_data(&w, "deep\n", 5) == 0, "data");
	tar_entry_init(&e);
	snprintf(e.path, sizeof(e.path), "longlink");
	snprintf(e.linkpath, sizeof(e.linkpath), "%s", long_link);
	e.type = TAR_SYMLINK, e.mode = 0777, e.uid = 3000000, e.gid = 7;
	CHECK(tar_xattr_add(&e, "user.k", "v", 1) == 0, "xattr add");
	CHECK(tar_writer_begin(&w, &e) == 0, "begin symlink");
	CHECK(tar_writer_finish(&w) == 0, "finish");
	char archive[512];
	snprintf(archive, sizeof(archive), "%s/written.tar", scratch);
	save_file(archive, &b);
	int rc = sh("cd '%s' && rm -rf x && mkdir x && tar --xattrs -C x -xf written.tar 2>/dev/null"
		    " && cmp x/hello.txt - <<'EOF' >/dev/null\nhello, world\nEOF", scratch);
	CHECK(rc == 0, "GNU tar extracts LibTar's archive");
	rc = sh("cd '%s/x' && test \"$(cat '%s')\" = deep && test \"$(readlink longlink)\" = '%s'",
		scratch, longpath, long_link);
	CHECK(rc == 0, "GNU tar sees the pax path and linkpath");
	rc = sh("cd '%s' && tar --numeric-owner -tvf written.tar | grep -q '3000000/7'", scratch);
	CHECK(rc == 0, "GNU tar sees the pax uid");
	struct tar_reader r;
	b.pos = 0;
	tar_reader_init(&r, buf_read, &b);
	int n = 0, last_ok = 0;
	while ((rc = tar_reader_next(&r, &e)) > 0)
		if (++n == 4)
			last_ok = strcmp(e.linkpath, long_link) == 0 && e.uid == 3000000 &&
				  e.xattr_count == 1 && e.type == TAR_SYMLINK;
	CHECK(rc == 0 && n == 4, "reader reads the writer's archive back (%d, %s)", n, tar_strerror(rc));
	CHECK(last_ok, "the symlink with pax linkpath, uid and xattr round-trips");
	free(b.data);
	printf("ok: writer\n");
}

/* ---- damaged archives ---- */

/* Reads everything; returns the first error or 0. */
static int read_everything(struct buf *b)
{
	static struct tar_entry e;
	struct tar_reader r;
	uint8_t chunk[1000];
	b->pos = 0;
	tar_reader_init(&r, buf_read, b);
	int rc;
	while ((rc = tar_reader_next(&r, &e)) > 0) {
		long n;
		while ((n = tar_reader_read(&r, chunk, sizeof(chunk))) > 0)
			;
		if (n < 0)
			return (int)n;
	}
	return rc;
}

/* Rewrites the checksum of the header at `off` after a deliberate edit. */
static void fix_checksum(uint8_t *h)
{
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

static void test_corruption(void)
{
	char archive[512];
	snprintf(archive, sizeof(archive), "%s/posix.tar", scratch);
	struct buf good, b;
	load_file(archive, &good);
	CHECK(read_everything(&good) == 0, "intact archive reads");
	b.data = malloc(good.len);
	b.cap = good.len;

	memcpy(b.data, good.data, b.len = good.len);
	b.data[0] ^= 0x40;
	CHECK(read_everything(&b) == TAR_ECHECKSUM, "flipped name byte: checksum error");

	memcpy(b.data, good.data, b.len = good.len);
	b.data[148] = 'x';
	CHECK(read_everything(&b) == TAR_ECHECKSUM, "garbage checksum field");

	struct buf ustar;
	snprintf(archive, sizeof(archive), "%s/ustar.tar", scratch);
	load_file(archive, &ustar);
	memcpy(ustar.data + 100, "0009x44", 7);
	fix_checksum(ustar.data);
	CHECK(read_everything(&ustar) == TAR_EFORMAT, "bad octal mode: format error");
	free(ustar.data);

	memcpy(b.data, good.data, b.len = good.len);
	b.len = 700;
	CHECK(read_everything(&b) == TAR_ETRUNCATED, "cut inside a header/record: truncated");

	/* Find the 5000-byte member and cut the archive inside its data. */
	size_t off = 0;
	for (; off + 512 <= good.len; off += 512)
		if (memcmp(good.data + off, "./dir/b5000", 11) == 0)
			break;
	memcpy(b.data, good.data, b.len = good.len);
	b.len = off + 512 + 1000;
	CHECK(off + 512 <= good.len && read_everything(&b) == TAR_ETRUNCATED,
	      "cut inside data: truncated");

	memcpy(b.data, good.data, b.len = good.len);
	b.data[off + 156] = 'S';
	fix_checksum(b.data + off);
	CHECK(read_everything(&b) == TAR_EUNSUPPORTED, "GNU sparse member: unsupported");

	/* A pax header whose record length is wrong. */
	uint8_t pax[1536] = { 0 };
	tar_header_plain(pax, "PaxHeader", TAR_PAX_LOCAL, 12, 0);
	memcpy(pax + 512, "99 path=abc\n", 12);
	struct buf p = { .data = pax, .len = sizeof(pax) };
	CHECK(read_everything(&p) != 0, "bad pax record length is an error");
	memcpy(pax + 512, "12 pathabcd\n", 12);
	CHECK(read_everything(&p) == TAR_EFORMAT, "pax record without '='");

	/* No end marker at all: accepted, as GNU tar does. */
	b.len = 0;
	memcpy(b.data, good.data, good.len);
	struct tar_entry *e = calloc(1, sizeof(*e));
	struct tar_writer w;
	struct buf nb = { 0 };
	tar_writer_init(&w, buf_write, &nb);
	tar_entry_init(e);
	strcpy(e->path, "x");
	CHECK(tar_writer_begin(&w, e) == 0, "begin");
	CHECK(read_everything(&nb) == 0, "archive without end blocks ends cleanly");
	free(e);
	free(nb.data);
	free(b.data);
	free(good.data);
	printf("ok: corruption\n");
}

/* Random damage (fixed seed): every outcome must be a clean end or a TAR_E* code,
 * and the sanitizers must stay quiet. Checksums are fixed up half of the time so the
 * damage reaches the field parsers and the pax record parser. */
static void test_mutations(void)
{
	char archive[512];
	snprintf(archive, sizeof(archive), "%s/posix.tar", scratch);
	struct buf good, b;
	load_file(archive, &good);
	b.data = malloc(good.len);
	b.cap = good.len;
	srand(12345);
	int bad = 0;
	for (int round = 0; round < 3000; round++) {
		memcpy(b.data, good.data, b.len = good.len);
		size_t header = (size_t)(rand() % 8) * 512, off = header + (size_t)(rand() % 1024);
		if (off >= b.len)
			continue;
		b.data[off] = (uint8_t)rand();
		if (rand() % 2 && header + 512 <= b.len)
			fix_checksum(b.data + header);
		if (rand() % 4 == 0)
			b.len = (size_t)rand() % b.len;
		int rc = read_everything(&b);
		if (rc > 0 || rc < TAR_ERANGE)
			bad++;
	}
	CHECK(bad == 0, "%d mutated archives gave an out-of-range result", bad);
	free(b.data);
	free(good.data);
	printf("ok: 3000 mutated archives\n");
}

static void test_numbers(void)
{
	int64_t v;
	uint8_t f1[12] = { 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
	CHECK(tar_parse_number(f1, 12, &v) == 0 && v == (int64_t)1 << 32, "base-256 %lld", (long long)v);
	uint8_t f2[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };
	CHECK(tar_parse_number(f2, 8, &v) == 0 && v == -2, "negative base-256");
	CHECK(tar_parse_number((const uint8_t *)"  0755 \0", 8, &v) == 0 && v == 0755, "octal");
	CHECK(tar_parse_number((const uint8_t *)"\0\0\0\0\0\0\0\0", 8, &v) == 0 && v == 0, "empty");
	CHECK(tar_parse_number((const uint8_t *)"12 34\0\0\0", 8, &v) == TAR_EFORMAT, "junk");
	CHECK(tar_parse_number((const uint8_t *)"77777777777777777777777", 23, &v) == TAR_EFORMAT,
	      "overflow");
}

int main(void)
{
	is_root = geteuid() == 0;
	snprintf(scratch, sizeof(scratch), "/tmp/libtar-test-XXXXXX");
	if (!mkdtemp(scratch)) {
		perror("mkdtemp");
		return 1;
	}
	memset(long_dir, 0, sizeof(long_dir));
	snprintf(long_dir, sizeof(long_dir), "%s/%s/%s",
		 "a-rather-long-directory-name-number-one-0123456789012345678901234567890123456789",
		 "a-rather-long-directory-name-number-two-0123456789012345678901234567890123456789",
		 "three-012345678901234567890123456789012345678901234567890123456789");
	for (int i = 0; i < 150; i++)
		long_link[i] = (char)('a' + i % 26);
	test_numbers();
	test_gnu_tar_format("ustar", 0);
	test_gnu_tar_format("gnu", 1);
	test_gnu_tar_format("posix", 1);
	test_writer();
	test_corruption();
	test_mutations();
	sh("rm -rf '%s'", scratch);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
