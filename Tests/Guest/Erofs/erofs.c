/*
 * erofs: a mounted EROFS image checked against the manifest the host made of its
 * source tree (make-manifest.py). Runs the same on Linux (an erofs-utils image
 * mounted with `mount -t erofs -o loop`) and inside Atoll (the image as a disk or
 * over a loop device), so Linux's driver proves the expectations.
 *
 * Environment:
 *   EROFS_ROOT      where the image is mounted (required)
 *   EROFS_MANIFEST  its manifest (required by the checking cases)
 *   EROFS_COMPRESSED=1  the image was made with -z: the `compressed` case runs
 *                   (each regular file reads correctly or fails to open with
 *                   EOPNOTSUPP, and at least one does; on Linux, GT_HOST_LINUX=1,
 *                   none may fail), the manifest cases are skipped
 *   EROFS_NOUSER_XATTR=1  mounted with -o nouser_xattr: the `nouser_xattr` case runs
 *   EROFS_BROKEN=1  a deliberately damaged image: only `walk` runs, and errors are
 *                   allowed as long as they are clean errno values
 *
 * Cases: metadata (lstat of every path), content (every regular file by read in
 * odd pieces and by pread), symlinks, directories (getdents64 lists exactly the
 * manifest's names plus . and ..), dir_resume (one entry per getdents64 call;
 * telldir/seekdir), hardlinks, dots, xattrs (list, get, ERANGE, ENODATA, lgetxattr
 * on symlinks, flistxattr), nouser_xattr, read_only (every change is EROFS), statfs, compressed,
 * walk.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "gtest.h"
#include "manifest.h"

#define EROFS_MAGIC 0xE0F5E1E2u

static const char *env_root(void)
{
	const char *r = getenv("EROFS_ROOT");

	if (!r || !*r)
		gt_skip("EROFS_ROOT is not set");
	return r;
}

static int env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && strcmp(v, "1") == 0;
}

/* The manifest of a good, uncompressed image (skips the case otherwise). */
static void load(struct manifest *m)
{
	const char *path = getenv("EROFS_MANIFEST");

	if (env_flag("EROFS_BROKEN") || env_flag("EROFS_COMPRESSED"))
		gt_skip("not for a damaged or compressed image");
	if (!path || !*path)
		gt_skip("EROFS_MANIFEST is not set");
	manifest_load(path, m);
}

/* root/rel in one of four static buffers, so a call may take two of them. */
static const char *full(const char *rel)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *buf = bufs[next++ % 4];

	mf_full_path(env_root(), rel, buf, PATH_MAX);
	return buf;
}

static unsigned type_bits(char t)
{
	switch (t) {
	case 'f': return S_IFREG;
	case 'd': return S_IFDIR;
	case 'l': return S_IFLNK;
	case 'c': return S_IFCHR;
	case 'b': return S_IFBLK;
	case 'p': return S_IFIFO;
	default: return S_IFSOCK;
	}
}

static void check_metadata(const struct mf_entry *e)
{
	struct stat st;

	if (lstat(full(e->path), &st) < 0)
		gt_fail("%s: lstat: %s", e->path, strerror(errno));
	if (st.st_mode != e->mode || (st.st_mode & S_IFMT) != type_bits(e->type))
		gt_fail("%s: mode %o, expected %o", e->path, st.st_mode, e->mode);
	if (st.st_uid != e->uid || st.st_gid != e->gid)
		gt_fail("%s: owner %u:%u, expected %u:%u", e->path, st.st_uid, st.st_gid, e->uid, e->gid);
	if (e->size != MF_UNCHECKED && st.st_size != e->size)
		gt_fail("%s: size %lld, expected %lld", e->path, (long long)st.st_size, e->size);
	if (st.st_nlink != e->nlink)
		gt_fail("%s: nlink %lu, expected %lu", e->path, (unsigned long)st.st_nlink, e->nlink);
	if (e->mtime_sec != MF_UNCHECKED &&
	    (st.st_mtim.tv_sec != e->mtime_sec || st.st_mtim.tv_nsec != e->mtime_nsec))
		gt_fail("%s: mtime %lld.%09ld, expected %lld.%09lld", e->path, (long long)st.st_mtim.tv_sec,
			st.st_mtim.tv_nsec, e->mtime_sec, e->mtime_nsec);
	if ((e->type == 'c' || e->type == 'b') && (major(st.st_rdev) != e->major || minor(st.st_rdev) != e->minor))
		gt_fail("%s: rdev %u:%u, expected %u:%u", e->path, major(st.st_rdev), minor(st.st_rdev), e->major,
			e->minor);
	if (e->type == 'f' && st.st_blocks < (st.st_size + 511) / 512 - 1 && st.st_size > 1 << 20)
		gt_fail("%s: st_blocks %lld for %lld bytes", e->path, (long long)st.st_blocks, (long long)st.st_size);
}

static void metadata(void)
{
	struct manifest m;

	load(&m);
	for (size_t i = 0; i < m.count; i++)
		check_metadata(&m.entries[i]);
	gt_note("%zu paths checked", m.count);
}

/* The file's hash by read() in chunks of `step` bytes; its length in *len. */
static uint64_t hash_by_read(const char *path, size_t step, long long *len)
{
	static char buf[65536];
	uint64_t h = MF_FNV_SEED;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		gt_fail("%s: open: %s", path, strerror(errno));
	*len = 0;
	while ((n = read(fd, buf, step)) > 0) {
		h = mf_fnv1a(h, buf, (size_t)n);
		*len += n;
	}
	if (n < 0)
		gt_fail("%s: read: %s", path, strerror(errno));
	close(fd);
	return h;
}

/* pread at a few odd offsets must agree with a sequential read of the same bytes. */
static void check_pread(const char *path, long long size)
{
	static char whole[8192], part[8192];
	long long offs[] = { 0, 1, 4095, 4096, 4097, size / 2 + 3, size - 1, size, size + 100 };
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		gt_fail("%s: open: %s", path, strerror(errno));
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		long long off = offs[i];
		if (off < 0)
			continue;
		ssize_t want = off >= size ? 0 : (ssize_t)(size - off < 5000 ? size - off : 5000);
		ssize_t got = pread(fd, part, 5000, off);
		if (got != want)
			gt_fail("%s: pread at %lld: %zd bytes, expected %zd", path, off, got, want);
		if (lseek(fd, off, SEEK_SET) != off || (want && read(fd, whole, (size_t)want) != want))
			gt_fail("%s: read at %lld failed", path, off);
		if (memcmp(whole, part, (size_t)want) != 0)
			gt_fail("%s: pread at %lld differs from read", path, off);
	}
	close(fd);
}

static void content(void)
{
	struct manifest m;
	size_t files = 0;

	load(&m);
	for (size_t i = 0; i < m.count; i++) {
		const struct mf_entry *e = &m.entries[i];
		long long len;
		if (e->type != 'f')
			continue;
		const char *path = full(e->path);
		uint64_t h = hash_by_read(path, 65536, &len);
		if (len != e->size || h != e->hash)
			gt_fail("%s: %lld bytes hashing to %016llx, expected %lld, %016llx", e->path, len,
				(unsigned long long)h, e->size, (unsigned long long)e->hash);
		if (hash_by_read(path, 3001, &len) != e->hash)
			gt_fail("%s: reading in 3001-byte pieces gives other bytes", e->path);
		check_pread(path, e->size);
		files++;
	}
	CHECK(files > 10);
	gt_note("%zu files read", files);
}

static void symlinks(void)
{
	static char buf[8192];
	struct manifest m;

	load(&m);
	for (size_t i = 0; i < m.count; i++) {
		const struct mf_entry *e = &m.entries[i];
		if (e->type != 'l')
			continue;
		ssize_t n = readlink(full(e->path), buf, sizeof(buf));
		if (n < 0 || (size_t)n != strlen(e->target) || memcmp(buf, e->target, (size_t)n) != 0)
			gt_fail("%s: readlink gave %zd bytes, expected \"%.40s...\" (%zu)", e->path, n, e->target,
				strlen(e->target));
		/* A short buffer gets a truncated target, not an error. */
		if (readlink(full(e->path), buf, 5) != (strlen(e->target) < 5 ? (ssize_t)strlen(e->target) : 5))
			gt_fail("%s: readlink into 5 bytes", e->path);
	}
}

/* The manifest's children of dir, counted; each must appear once in the listing. */
static size_t expected_children(const struct manifest *m, const char *dir, char **names, size_t max)
{
	size_t n = 0, dlen = strlen(dir);

	for (size_t i = 1; i < m->count; i++) {
		const char *p = m->entries[i].path, *rest;
		if (strcmp(dir, ".") == 0)
			rest = p;
		else if (strncmp(p, dir, dlen) == 0 && p[dlen] == '/')
			rest = p + dlen + 1;
		else
			continue;
		if (!strchr(rest, '/') && n < max)
			names[n++] = (char *)rest;
	}
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir with getdents64 into names (sorted); "." and ".." must be there. */
static size_t list_dir(const char *path, char **names, size_t max, size_t bufsize)
{
	char *buf = malloc(bufsize);
	int fd = open(path, O_RDONLY | O_DIRECTORY), dots = 0;
	size_t n = 0;
	long got;

	if (fd < 0 || !buf)
		gt_fail("%s: open: %s", path, strerror(errno));
	while ((got = syscall(SYS_getdents64, fd, buf, bufsize)) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				dots++;
			else if (n < max && !(names[n++] = strdup(d->d_name)))
				gt_fail("out of memory");
			off += d->d_reclen;
		}
	}
	if (got < 0)
		gt_fail("%s: getdents64: %s", path, strerror(errno));
	if (dots != 2)
		gt_fail("%s: %d of \".\" and \"..\" listed", path, dots);
	close(fd);
	free(buf);
	qsort(names, n, sizeof(*names), cmp_str);
	return n;
}

static void check_listing(const struct manifest *m, const char *dir, size_t bufsize)
{
	static char *want[1024], *got[1024];
	size_t nw = expected_children(m, dir, want, 1024);
	size_t ng = list_dir(full(dir), got, 1024, bufsize);

	qsort(want, nw, sizeof(*want), cmp_str);
	if (nw != ng)
		gt_fail("%s: %zu entries listed, expected %zu", dir, ng, nw);
	for (size_t i = 0; i < nw; i++)
		if (strcmp(want[i], got[i]) != 0)
			gt_fail("%s: listed \"%s\" where \"%s\" was expected", dir, got[i], want[i]);
	for (size_t i = 0; i < ng; i++)
		free(got[i]);
}

static void directories(void)
{
	struct manifest m;

	load(&m);
	for (size_t i = 0; i < m.count; i++)
		if (m.entries[i].type == 'd')
			check_listing(&m, m.entries[i].path, 32768);
}

/* One entry per call (a buffer that holds one), then telldir/seekdir back. */
static void dir_resume(void)
{
	struct manifest m;
	static char *names[1024];
	long positions[1024];
	size_t n = 0;

	load(&m);
	check_listing(&m, "dir500", 300);
	DIR *d = opendir(full("dir500"));
	if (!d)
		gt_fail("opendir: %s", strerror(errno));
	for (struct dirent *e; n < 1024 && (positions[n] = telldir(d), e = readdir(d)); n++)
		names[n] = strdup(e->d_name);
	CHECK(n == 505);	/* 500 files, !first, -mid, sub, . and .. */
	for (size_t i = n; i-- > 0;) {
		if (i % 37 && i != n - 1 && i != 0)
			continue;
		seekdir(d, positions[i]);
		struct dirent *e = readdir(d);
		if (!e || strcmp(e->d_name, names[i]) != 0)
			gt_fail("seekdir to entry %zu gave \"%s\", expected \"%s\"", i, e ? e->d_name : "(end)", names[i]);
	}
	closedir(d);
}

static void hardlinks(void)
{
	struct manifest m;

	load(&m);
	for (size_t i = 0; i < m.count; i++)
		for (size_t j = i + 1; j < m.count; j++) {
			const struct mf_entry *a = &m.entries[i], *b = &m.entries[j];
			struct stat sa, sb;
			if (a->type == 'd' || a->host_ino != b->host_ino)
				continue;
			if (lstat(full(a->path), &sa) < 0 || lstat(full(b->path), &sb) < 0)
				gt_fail("lstat of hard links failed");
			if (sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev)
				gt_fail("%s and %s: inodes %llu and %llu", a->path, b->path,
					(unsigned long long)sa.st_ino, (unsigned long long)sb.st_ino);
		}
}

static ino_t ino_of(const char *rel)
{
	struct stat st;

	if (stat(full(rel), &st) < 0)
		gt_fail("stat %s: %s", rel, strerror(errno));
	return st.st_ino;
}

static void dots(void)
{
	struct manifest m;

	load(&m);
	CHECK_EQ(ino_of("sub/.."), ino_of("."));
	CHECK_EQ(ino_of("sub/deeper/.."), ino_of("sub"));
	CHECK_EQ(ino_of("sub/deeper/deepest/../.."), ino_of("sub"));
	CHECK_EQ(ino_of("dir500/sub/../../sub/./deeper"), ino_of("sub/deeper"));
	CHECK_EQ(ino_of("."), ino_of("./."));
	EXPECT_ERRNO(access(full("no-such-name"), F_OK), ENOENT);
	EXPECT_ERRNO(access(full("small/x"), F_OK), ENOTDIR);
}

static const struct mf_xattr *find_xattr(const struct mf_entry *e, const char *name)
{
	for (int i = 0; i < e->nxattrs; i++)
		if (strcmp(e->xattrs[i].name, name) == 0)
			return &e->xattrs[i];
	return NULL;
}

static void check_xattrs(const struct mf_entry *e)
{
	static char list[65536], value[65536];
	const char *path = full(e->path);
	ssize_t n = llistxattr(path, list, sizeof(list));
	int count = 0;

	if (n < 0)
		gt_fail("%s: llistxattr: %s", e->path, strerror(errno));
	CHECK_EQ(llistxattr(path, NULL, 0), n);
	for (ssize_t off = 0; off < n; off += (ssize_t)strlen(list + off) + 1, count++) {
		const struct mf_xattr *x = find_xattr(e, list + off);
		if (!x)
			gt_fail("%s: unexpected xattr %s", e->path, list + off);
		ssize_t v = lgetxattr(path, x->name, value, sizeof(value));
		if (v != (ssize_t)x->len || memcmp(value, x->value, x->len) != 0)
			gt_fail("%s: %s has %zd bytes, expected %zu", e->path, x->name, v, x->len);
		CHECK_EQ(lgetxattr(path, x->name, NULL, 0), (long)x->len);
		if (x->len > 0)
			EXPECT_ERRNO(lgetxattr(path, x->name, value, x->len - 1), ERANGE);
	}
	if (count != e->nxattrs)
		gt_fail("%s: %d xattrs listed, expected %d", e->path, count, e->nxattrs);
	if (n > 0)
		EXPECT_ERRNO(llistxattr(path, list, (size_t)n - 1), ERANGE);
	EXPECT_ERRNO(lgetxattr(path, "user.no-such-xattr", value, sizeof(value)), ENODATA);
}

static void xattrs(void)
{
	struct manifest m;
	static char value[256];
	int with = 0;

	load(&m);
	for (size_t i = 0; i < m.count; i++) {
		check_xattrs(&m.entries[i]);
		with += m.entries[i].nxattrs > 0;
	}
	gt_note("%d paths with xattrs", with);
	/* getxattr follows a symlink, lgetxattr does not. */
	for (size_t i = 0; i < m.count; i++) {
		if (strcmp(m.entries[i].path, "small") != 0 || !find_xattr(&m.entries[i], "user.comment"))
			continue;
		CHECK_EQ(getxattr(full("link_short"), "user.comment", value, sizeof(value)), 11);
		EXPECT_ERRNO(lgetxattr(full("link_short"), "user.comment", value, sizeof(value)), ENODATA);
		int fd = EXPECT_OK(open(full("small"), O_RDONLY));
		CHECK_EQ(fgetxattr(fd, "user.comment", value, sizeof(value)), 11);
		CHECK(flistxattr(fd, NULL, 0) > 0);
		close(fd);
	}
	EXPECT_ERRNO(lgetxattr(full("."), "", value, sizeof(value)), ERANGE);
}

/* Mounted with -o nouser_xattr: user.* names are EOPNOTSUPP and never listed. */
static void nouser_xattr(void)
{
	static char list[4096], value[256];
	ssize_t n;
	int others = 0;

	if (!env_flag("EROFS_NOUSER_XATTR"))
		gt_skip("EROFS_NOUSER_XATTR is not 1");
	EXPECT_ERRNO(lgetxattr(full("small"), "user.comment", value, sizeof(value)), EOPNOTSUPP);
	n = EXPECT_OK(llistxattr(full("f5000"), list, sizeof(list)));
	for (ssize_t off = 0; off < n; off += (ssize_t)strlen(list + off) + 1, others++)
		if (strncmp(list + off, "user.", 5) == 0)
			gt_fail("user.* name listed: %s", list + off);
	CHECK_EQ(others, 3);	/* trusted.t, security.s, trusted.shared2 */
	CHECK_EQ(llistxattr(full("f5000"), NULL, 0), n);
	CHECK_EQ(lgetxattr(full("f5000"), "security.s", value, sizeof(value)), 14);
}

static void read_only(void)
{
	struct manifest m;

	load(&m);
	EXPECT_ERRNO(open(full("small"), O_WRONLY), EROFS);
	EXPECT_ERRNO(open(full("small"), O_RDWR), EROFS);
	EXPECT_ERRNO(open(full("new-file"), O_WRONLY | O_CREAT, 0644), EROFS);
	EXPECT_ERRNO(open(full("small"), O_RDONLY | O_TRUNC), EROFS);
	EXPECT_ERRNO(mkdir(full("new-dir"), 0755), EROFS);
	EXPECT_ERRNO(unlink(full("small")), EROFS);
	EXPECT_ERRNO(rmdir(full("dir500/sub")), EROFS);
	EXPECT_ERRNO(rename(full("small"), full("small2")), EROFS);
	EXPECT_ERRNO(symlink("x", full("new-link")), EROFS);
	EXPECT_ERRNO(link(full("small"), full("new-hard")), EROFS);
	EXPECT_ERRNO(chmod(full("small"), 0600), EROFS);
	EXPECT_ERRNO(truncate(full("small"), 0), EROFS);
	EXPECT_ERRNO(setxattr(full("small"), "user.x", "y", 1, 0), EROFS);
}

static void statfs_case(void)
{
	struct statfs sf;

	EXPECT_OK(statfs(env_root(), &sf));
	CHECK_EQ((unsigned long)sf.f_type, EROFS_MAGIC);
	CHECK(sf.f_flags & ST_RDONLY);
	CHECK(sf.f_blocks > 0);
	CHECK_EQ(sf.f_bfree, 0);
	CHECK_EQ(sf.f_namelen, 255);
}

static void compressed(void)
{
	struct manifest m;
	const char *path = getenv("EROFS_MANIFEST");
	size_t refused = 0, read_ok = 0;

	if (!env_flag("EROFS_COMPRESSED"))
		gt_skip("EROFS_COMPRESSED is not 1");
	if (!path)
		gt_skip("EROFS_MANIFEST is not set");
	manifest_load(path, &m);
	for (size_t i = 0; i < m.count; i++) {
		const struct mf_entry *e = &m.entries[i];
		long long len;
		if (e->type != 'f')
			continue;
		int fd = open(full(e->path), O_RDONLY);
		if (fd < 0 && errno == EOPNOTSUPP) {
			refused++;
			continue;
		}
		if (fd < 0)
			gt_fail("%s: open: %s", e->path, strerror(errno));
		close(fd);
		if (hash_by_read(full(e->path), 65536, &len) != e->hash)
			gt_fail("%s: an uncompressed file in a compressed image reads wrong", e->path);
		read_ok++;
	}
	/* Linux decompresses everything; Atoll reads no compressed data. */
	if (env_flag("GT_HOST_LINUX") && refused)
		gt_fail("%zu files refused on Linux", refused);
	if (!env_flag("GT_HOST_LINUX") && refused == 0)
		gt_fail("no file was refused with EOPNOTSUPP");
	check_metadata(&m.entries[0]);
	gt_note("%zu compressed files refused, %zu plain files read", refused, read_ok);
}

/* Every name is stat'ed, every directory listed, every regular file read. */
static void walk_dir(const char *path, int depth, size_t *errors, size_t *count)
{
	static char buf[65536];
	DIR *d;

	if (depth > 64 || !(d = opendir(path))) {
		(*errors)++;
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		char child[PATH_MAX];
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		(*count)++;
		if (lstat(child, &st) < 0) {
			(*errors)++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk_dir(child, depth + 1, errors, count);
		} else if (S_ISREG(st.st_mode)) {
			int fd = open(child, O_RDONLY);
			ssize_t n = 0;
			while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
				;
			*errors += fd < 0 || n < 0;
			if (fd >= 0)
				close(fd);
		} else if (S_ISLNK(st.st_mode)) {
			*errors += readlink(child, buf, sizeof(buf)) < 0;
		}
		*errors += llistxattr(child, buf, sizeof(buf)) < 0;
	}
	closedir(d);
}

static void walk(void)
{
	size_t errors = 0, count = 0;

	walk_dir(env_root(), 0, &errors, &count);
	gt_note("%zu names walked, %zu errors", count, errors);
	if (errors && !env_flag("EROFS_BROKEN"))
		gt_fail("%zu errors walking a good image", errors);
}

static const struct gt_case cases[] = {
	GT_CASE_T(metadata, 60),  GT_CASE_T(content, 120),  GT_CASE(symlinks),  GT_CASE_T(directories, 60),
	GT_CASE_T(dir_resume, 60), GT_CASE(hardlinks),      GT_CASE(dots),      GT_CASE_T(xattrs, 60),
	GT_CASE(nouser_xattr),    GT_CASE(read_only),       GT_CASE(statfs_case),     GT_CASE_T(compressed, 120), GT_CASE_T(walk, 120),
	GT_END,
};

GT_MAIN(cases)
