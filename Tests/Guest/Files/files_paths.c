/*
 * files, path half: directory listing with getdents64, mkdir/rmdir/unlink/rename/
 * link/symlink/readlink rules and their errors, ELOOP, access/faccessat,
 * chdir/fchdir/getcwd, chroot, EACCES as uid 65534 and EXDEV across mounts.
 *
 * Expected values are Linux's; where Linux allows a choice (rename of a directory
 * over a non-empty one may be ENOTEMPTY or EEXIST) we assert what Linux returns.
 */
#define _GNU_SOURCE
#include "files.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct gt_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir with raw getdents64 into "name:type" strings, sorted. Returns the count. */
static int list_dir(const char *dir, char names[][64], int max)
{
	int fd = EXPECT_OK(open(dir, O_RDONLY | O_DIRECTORY));
	static char buf[512]; /* small on purpose: forces several calls */
	int count = 0;
	long n;
	while ((n = EXPECT_OK(syscall(SYS_getdents64, fd, buf, sizeof buf))) > 0) {
		for (long off = 0; off < n;) {
			struct gt_dirent64 *d = (void *)(buf + off);
			CHECK(d->d_reclen > 0 && d->d_reclen % 8 == 0);
			if (count == max)
				gt_fail("more than %d entries in %s", max, dir);
			snprintf(names[count++], 64, "%s:%d", d->d_name, d->d_type);
			off += d->d_reclen;
		}
	}
	close(fd);
	char *ptrs[256];
	for (int i = 0; i < count; i++)
		ptrs[i] = names[i];
	qsort(ptrs, (size_t)count, sizeof ptrs[0], name_cmp);
	static char sorted[256][64];
	for (int i = 0; i < count; i++)
		memcpy(sorted[i], ptrs[i], 64);
	memcpy(names, sorted, (size_t)count * 64);
	return count;
}

void files_getdents_listing(void)
{
	gt_scratch();
	EXPECT_OK(mkdir("d", 0755));
	EXPECT_OK(mkdir("d/sub", 0755));
	EXPECT_OK(symlink("sub", "d/link"));
	char name[32];
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof name, "d/file-%02d-with-a-longish-name", i);
		gt_write_file(name, "", 0644);
	}
	static char names[256][64];
	int count = list_dir("d", names, 256);
	CHECK_EQ(count, 44); /* . .. 40 files link sub */
	char want[64];
	for (int i = 0; i < 40; i++) {
		snprintf(want, sizeof want, "file-%02d-with-a-longish-name:%d", i, DT_REG);
		CHECK_STR(names[2 + i], want);
	}
	snprintf(want, sizeof want, "..:%d", DT_DIR); /* "..:" sorts before ".:" */
	CHECK_STR(names[0], want);
	snprintf(want, sizeof want, ".:%d", DT_DIR);
	CHECK_STR(names[1], want);
	snprintf(want, sizeof want, "link:%d", DT_LNK);
	CHECK_STR(names[42], want);
	for (int i = 0; i < count; i++)
		gt_observe("entry %s", names[i]);
	int fd = EXPECT_OK(open("d/sub", O_RDONLY));
	char buf[64];
	EXPECT_ERRNO(syscall(SYS_getdents64, fd, buf, 1), EINVAL);
	close(fd);
	fd = EXPECT_OK(open("d/file-00-with-a-longish-name", O_RDONLY));
	EXPECT_ERRNO(syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
	close(fd);
	EXPECT_ERRNO(syscall(SYS_getdents64, -1, buf, sizeof buf), EBADF);
}

void files_mkdir_rmdir_errors(void)
{
	gt_scratch();
	EXPECT_OK(mkdir("d", 0755));
	EXPECT_ERRNO(mkdir("d", 0755), EEXIST);
	EXPECT_ERRNO(mkdir("no/such", 0755), ENOENT);
	gt_write_file("f", "", 0644);
	EXPECT_ERRNO(mkdir("f", 0755), EEXIST);
	EXPECT_ERRNO(mkdir("f/x", 0755), ENOTDIR);
	EXPECT_OK(mkdir("d/e", 0755));
	struct stat st;
	EXPECT_OK(stat("d", &st));
	CHECK_EQ(st.st_nlink, 3);
	EXPECT_ERRNO(rmdir("d"), ENOTEMPTY);
	EXPECT_ERRNO(rmdir("f"), ENOTDIR);
	EXPECT_ERRNO(rmdir("d/e/."), EINVAL);
	EXPECT_ERRNO(rmdir("missing"), ENOENT);
	EXPECT_ERRNO(unlink("d"), EISDIR);
	EXPECT_ERRNO(unlink("missing"), ENOENT);
	EXPECT_OK(rmdir("d/e"));
	EXPECT_OK(stat("d", &st));
	CHECK_EQ(st.st_nlink, 2);
	EXPECT_OK(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
	EXPECT_OK(unlinkat(AT_FDCWD, "f", 0));
	EXPECT_ERRNO(stat("d", &st), ENOENT);
}

void files_rename_rules(void)
{
	gt_scratch();
	gt_write_file("a", "A", 0644);
	gt_write_file("b", "B", 0644);
	EXPECT_OK(rename("a", "b"));
	char buf[8];
	gt_read_file("b", buf, sizeof buf);
	CHECK_STR(buf, "A");
	EXPECT_ERRNO(access("a", F_OK), ENOENT);
	EXPECT_OK(mkdir("d1", 0755));
	EXPECT_OK(mkdir("d2", 0755));
	gt_write_file("d2/x", "", 0644);
	EXPECT_ERRNO(rename("d1", "d2"), ENOTEMPTY);
	EXPECT_ERRNO(rename("b", "d1"), EISDIR);
	EXPECT_ERRNO(rename("d1", "b"), ENOTDIR);
	EXPECT_ERRNO(rename("d2", "d2/inside"), EINVAL);
	EXPECT_ERRNO(rename("missing", "z"), ENOENT);
	EXPECT_OK(rename("d1", "d3")); /* empty dir renamed */
	EXPECT_OK(rmdir("d2/x") == -1 ? unlink("d2/x") : 0);
	EXPECT_OK(rename("d3", "d2")); /* over an empty dir */
	EXPECT_OK(rename("b", "b")); /* same name: no-op */
	struct stat st;
	EXPECT_OK(stat("d2", &st));
	CHECK(S_ISDIR(st.st_mode));
}

void files_link_symlink_readlink(void)
{
	gt_scratch();
	gt_write_file("f", "x", 0644);
	EXPECT_OK(link("f", "g"));
	struct stat st;
	EXPECT_OK(stat("f", &st));
	CHECK_EQ(st.st_nlink, 2);
	EXPECT_ERRNO(link("f", "g"), EEXIST);
	EXPECT_ERRNO(link("missing", "h"), ENOENT);
	EXPECT_OK(mkdir("d", 0755));
	EXPECT_ERRNO(link("d", "d2"), EPERM);
	EXPECT_OK(symlink("some/target", "s"));
	char buf[64];
	memset(buf, 'z', sizeof buf);
	CHECK_EQ(EXPECT_OK(readlink("s", buf, sizeof buf)), 11);
	CHECK(memcmp(buf, "some/target", 11) == 0 && buf[11] == 'z'); /* no NUL added */
	CHECK_EQ(EXPECT_OK(readlink("s", buf, 4)), 4);
	CHECK(memcmp(buf, "some", 4) == 0);
	CHECK_EQ(EXPECT_OK(readlinkat(AT_FDCWD, "s", buf, sizeof buf)), 11);
	EXPECT_ERRNO(readlink("f", buf, sizeof buf), EINVAL);
	EXPECT_ERRNO(readlink("missing", buf, sizeof buf), ENOENT);
	EXPECT_ERRNO(symlink("x", "f"), EEXIST);
	EXPECT_ERRNO(stat("s", &st), ENOENT); /* dangling */
	EXPECT_OK(unlink("g"));
	EXPECT_OK(stat("f", &st));
	CHECK_EQ(st.st_nlink, 1);
	EXPECT_OK(symlink("d", "sd"));
	gt_write_file("sd/through", "", 0644);
	EXPECT_OK(stat("d/through", &st));
}

void files_symlink_loop(void)
{
	gt_scratch();
	EXPECT_OK(symlink("b", "a"));
	EXPECT_OK(symlink("a", "b"));
	EXPECT_ERRNO(open("a", O_RDONLY), ELOOP);
	struct stat st;
	EXPECT_ERRNO(stat("a/x", &st), ELOOP);
	EXPECT_OK(lstat("a", &st));
	gt_write_file("f", "", 0644);
	EXPECT_OK(symlink("f", "l"));
	EXPECT_ERRNO(open("l", O_RDONLY | O_NOFOLLOW), ELOOP);
	/* A chain of 40 links resolves (Linux's limit); 41 does not. */
	char from[16], to[16];
	for (int i = 1; i <= 41; i++) {
		snprintf(from, sizeof from, "c%d", i);
		snprintf(to, sizeof to, i == 1 ? "f" : "c%d", i - 1);
		EXPECT_OK(symlink(to, from));
	}
	EXPECT_OK(stat("c40", &st));
	EXPECT_ERRNO(stat("c41", &st), ELOOP);
}

void files_access_faccessat(void)
{
	gt_scratch();
	gt_write_file("f", "", 0644);
	EXPECT_OK(access("f", F_OK));
	EXPECT_OK(access("f", R_OK | W_OK));
	EXPECT_ERRNO(access("missing", F_OK), ENOENT);
	EXPECT_ERRNO(access("f/x", F_OK), ENOTDIR);
	EXPECT_ERRNO(access("f", 0x40), EINVAL);
	EXPECT_OK(faccessat(AT_FDCWD, "f", R_OK, 0));
	if (geteuid() == 0) /* root: X_OK needs at least one x bit */
		EXPECT_ERRNO(access("f", X_OK), EACCES);
	EXPECT_OK(chmod("f", 0600));
	gt_drop_privileges();
	EXPECT_ERRNO(access("f", R_OK), EACCES);
	EXPECT_OK(access("f", F_OK));
	EXPECT_ERRNO(faccessat(AT_FDCWD, "f", W_OK, 0), EACCES);
}

void files_cwd_fchdir_getcwd(void)
{
	const char *top = gt_scratch();
	EXPECT_OK(mkdir("d", 0755));
	EXPECT_OK(chdir("d"));
	char buf[PATH_MAX], want[PATH_MAX];
	CHECK(getcwd(buf, sizeof buf) != NULL);
	snprintf(want, sizeof want, "%s/d", top);
	CHECK_STR(buf, want);
	EXPECT_OK(chdir(".."));
	int fd = EXPECT_OK(open("d", O_RDONLY | O_DIRECTORY));
	EXPECT_OK(fchdir(fd));
	CHECK(getcwd(buf, sizeof buf) != NULL);
	CHECK_STR(buf, want);
	EXPECT_ERRNO(getcwd(buf, 2) ? 0 : -1, ERANGE);
	gt_write_file("f", "", 0644);
	int ffd = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_ERRNO(fchdir(ffd), ENOTDIR);
	EXPECT_ERRNO(chdir("f"), ENOTDIR);
	EXPECT_ERRNO(chdir("missing"), ENOENT);
	EXPECT_ERRNO(fchdir(-1), EBADF);
	EXPECT_OK(chdir("/"));
	CHECK(getcwd(buf, sizeof buf) != NULL);
	CHECK_STR(buf, "/");
	EXPECT_OK(chdir("/.."));
	CHECK_STR(getcwd(buf, sizeof buf), "/");
}

void files_chroot_confines(void)
{
	gt_scratch();
	if (geteuid() != 0)
		gt_skip("chroot needs root");
	EXPECT_OK(mkdir("jail", 0755));
	gt_write_file("jail/marker", "inside", 0644);
	gt_write_file("outside", "", 0644);
	EXPECT_OK(chroot("jail"));
	/* The cwd is still outside; move in, and check / is the jail. */
	EXPECT_OK(chdir("/"));
	char buf[64];
	gt_read_file("/marker", buf, sizeof buf);
	CHECK_STR(buf, "inside");
	struct stat root, up;
	EXPECT_OK(stat("/", &root));
	EXPECT_OK(stat("/..", &up));
	CHECK(root.st_ino == up.st_ino && root.st_dev == up.st_dev);
	EXPECT_ERRNO(access("/outside", F_OK), ENOENT);
	EXPECT_ERRNO(access("../../outside", F_OK), ENOENT);
	CHECK_STR(getcwd(buf, sizeof buf), "/");
	gt_drop_privileges();
	EXPECT_ERRNO(chroot("/"), EPERM);
}

void files_eacces_as_nobody(void)
{
	gt_scratch();
	EXPECT_OK(mkdir("private", 0700));
	gt_write_file("private/f", "", 0644);
	gt_write_file("secret", "", 0600);
	gt_write_file("readonly", "", 0444);
	EXPECT_OK(mkdir("closed", 0755));
	EXPECT_OK(chmod(".", 0755));
	gt_drop_privileges();
	EXPECT_ERRNO(open("secret", O_RDONLY), EACCES);
	EXPECT_ERRNO(open("readonly", O_WRONLY), EACCES);
	EXPECT_ERRNO(open("private/f", O_RDONLY), EACCES);
	struct stat st;
	EXPECT_ERRNO(stat("private/f", &st), EACCES);
	EXPECT_ERRNO(open("private", O_RDONLY), EACCES);
	EXPECT_ERRNO(open("new", O_WRONLY | O_CREAT, 0644), EACCES);
	EXPECT_ERRNO(mkdir("closed/x", 0755), EACCES);
	EXPECT_ERRNO(unlink("readonly"), EACCES);
	EXPECT_ERRNO(rename("readonly", "closed/r"), EACCES);
	EXPECT_ERRNO(chmod("secret", 0644), EPERM);
	EXPECT_ERRNO(chown("secret", GT_NOBODY, GT_NOBODY), EPERM);
	EXPECT_ERRNO(truncate("readonly", 0), EACCES);
	EXPECT_OK(stat("secret", &st)); /* stat needs search, not read */
	CHECK_EQ(st.st_uid, 0);
}

void files_exdev_across_mounts(void)
{
	gt_scratch();
	struct stat here, shm;
	EXPECT_OK(stat(".", &here));
	if (stat("/dev/shm", &shm) < 0 || shm.st_dev == here.st_dev)
		gt_skip("/dev/shm is not a separate mount from /tmp here");
	char other[64];
	snprintf(other, sizeof other, "/dev/shm/gt-exdev-%d", (int)getpid());
	gt_write_file("f", "", 0644);
	EXPECT_ERRNO(rename("f", other), EXDEV);
	EXPECT_ERRNO(link("f", other), EXDEV);
	EXPECT_ERRNO(access(other, F_OK), ENOENT);
}
