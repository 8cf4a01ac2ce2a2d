/*
 * files: the file-descriptor half of the file syscalls, checked against Linux.
 *
 * Covers open/openat flags, read/write/readv/writev/pread64/pwrite64, lseek with
 * SEEK_END and holes, stat/fstat/lstat/newfstatat/statx fields, chmod/chown/umask,
 * truncate/ftruncate, dup/dup2/dup3, fcntl and O_CLOEXEC across execve. The
 * path-walking half (directories, links, rename, cwd, chroot, permissions) is in
 * files_paths.c. Every case works in its own scratch directory (gt_scratch), so
 * relative names are safe and observation lines never carry the runner's PID.
 */
#define _GNU_SOURCE
#include "files.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void open_create_excl_trunc_append(void)
{
	gt_scratch();
	int fd = EXPECT_OK(open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	gt_write_all(fd, "hello", 5);
	close(fd);
	EXPECT_ERRNO(open("f", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	fd = EXPECT_OK(open("f", O_WRONLY | O_APPEND));
	EXPECT_OK(lseek(fd, 0, SEEK_SET));
	gt_write_all(fd, "!", 1);
	close(fd);
	char buf[32];
	gt_read_file("f", buf, sizeof buf);
	CHECK_STR(buf, "hello!");
	fd = EXPECT_OK(open("f", O_RDWR | O_TRUNC));
	struct stat st;
	EXPECT_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	close(fd);
	fd = EXPECT_OK(openat(AT_FDCWD, "g", O_RDWR | O_CREAT, 0600));
	EXPECT_OK(fstat(fd, &st));
	gt_observe("created: mode=%#o size=%lld", st.st_mode, (long long)st.st_size);
	close(fd);
}

static void open_errors(void)
{
	gt_scratch();
	gt_write_file("file", "x", 0644);
	EXPECT_OK(mkdir("dir", 0755));
	EXPECT_ERRNO(open("missing", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("missing/x", O_RDONLY | O_CREAT, 0644), ENOENT);
	EXPECT_ERRNO(open("file/x", O_RDONLY), ENOTDIR);
	EXPECT_ERRNO(open("file", O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERRNO(open("dir", O_WRONLY), EISDIR);
	EXPECT_ERRNO(open("dir", O_RDWR), EISDIR);
	EXPECT_ERRNO(open("dir", O_WRONLY | O_CREAT, 0644), EISDIR);
	EXPECT_ERRNO(openat(12345, "file", O_RDONLY), EBADF);
	int fd = EXPECT_OK(open("file", O_RDONLY));
	EXPECT_ERRNO(openat(fd, "x", O_RDONLY), ENOTDIR);
	EXPECT_OK(openat(fd, "/dev/null", O_RDONLY)); /* absolute ignores dirfd */
	close(fd);
}

static void open_name_too_long(void)
{
	gt_scratch();
	char name[300];
	memset(name, 'n', 256);
	name[256] = 0;
	EXPECT_ERRNO(open(name, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
	name[255] = 0;
	int fd = EXPECT_OK(open(name, O_RDONLY | O_CREAT, 0644)); /* 255 is the limit */
	close(fd);
	static char path[5000];
	for (int i = 0; i < 4999; i += 2)
		memcpy(path + i, "./", 2);
	path[4999] = 0;
	EXPECT_ERRNO(open(path, O_RDONLY), ENAMETOOLONG);
}

static void read_write_bad_fds(void)
{
	gt_scratch();
	char c;
	EXPECT_ERRNO(read(-1, &c, 1), EBADF);
	EXPECT_ERRNO(write(9999, "x", 1), EBADF);
	EXPECT_ERRNO(close(9999), EBADF);
	int fd = EXPECT_OK(open("f", O_WRONLY | O_CREAT, 0644));
	EXPECT_ERRNO(read(fd, &c, 1), EBADF);
	close(fd);
	fd = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_ERRNO(write(fd, "x", 1), EBADF);
	CHECK_EQ(EXPECT_OK(read(fd, &c, 1)), 0); /* empty file: EOF */
	close(fd);
	EXPECT_OK(mkdir("d", 0755));
	fd = EXPECT_OK(open("d", O_RDONLY | O_DIRECTORY));
	EXPECT_ERRNO(read(fd, &c, 1), EISDIR);
	close(fd);
}

static void read_write_readv_writev(void)
{
	gt_scratch();
	int fd = EXPECT_OK(open("f", O_RDWR | O_CREAT, 0644));
	char a[] = "abc", b[] = "defgh";
	struct iovec wv[2] = { { a, 3 }, { b, 5 } };
	CHECK_EQ(EXPECT_OK(writev(fd, wv, 2)), 8);
	CHECK_EQ(EXPECT_OK(lseek(fd, 0, SEEK_CUR)), 8);
	EXPECT_OK(lseek(fd, 0, SEEK_SET));
	char x[4] = "", y[10] = "";
	struct iovec rv[2] = { { x, 2 }, { y, 9 } };
	CHECK_EQ(EXPECT_OK(readv(fd, rv, 2)), 8);
	CHECK(memcmp(x, "ab", 2) == 0 && memcmp(y, "cdefgh", 6) == 0);
	CHECK_EQ(EXPECT_OK(read(fd, x, 1)), 0);
	struct iovec bad = { a, (size_t)-1 };
	EXPECT_ERRNO(writev(fd, &bad, 1), EINVAL);
	EXPECT_ERRNO(writev(fd, wv, -1), EINVAL);
	close(fd);
}

static void pread_pwrite_keep_offset(void)
{
	gt_scratch();
	int fd = EXPECT_OK(open("f", O_RDWR | O_CREAT, 0644));
	gt_write_all(fd, "0123456789", 10);
	CHECK_EQ(EXPECT_OK(pwrite(fd, "AB", 2, 3)), 2);
	char buf[8] = "";
	CHECK_EQ(EXPECT_OK(pread(fd, buf, 4, 2)), 4);
	CHECK(memcmp(buf, "2AB5", 4) == 0);
	CHECK_EQ(EXPECT_OK(lseek(fd, 0, SEEK_CUR)), 10);
	EXPECT_ERRNO(pread(fd, buf, 1, -1), EINVAL);
	int p[2];
	EXPECT_OK(pipe(p));
	EXPECT_ERRNO(pread(p[0], buf, 1, 0), ESPIPE);
	close(fd);
}

static void lseek_end_and_holes(void)
{
	gt_scratch();
	int fd = EXPECT_OK(open("f", O_RDWR | O_CREAT, 0644));
	gt_write_all(fd, "abc", 3);
	CHECK_EQ(EXPECT_OK(lseek(fd, 0, SEEK_END)), 3);
	CHECK_EQ(EXPECT_OK(lseek(fd, -1, SEEK_END)), 2);
	CHECK_EQ(EXPECT_OK(lseek(fd, 1, SEEK_CUR)), 3);
	CHECK_EQ(EXPECT_OK(lseek(fd, 8192, SEEK_END)), 8195);
	gt_write_all(fd, "z", 1);
	struct stat st;
	EXPECT_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 8196);
	char buf[8192];
	CHECK_EQ(EXPECT_OK(pread(fd, buf, sizeof buf, 3)), 8192);
	for (int i = 0; i < 8192; i++)
		if (buf[i])
			gt_fail("hole byte %d is %d, not 0", i, buf[i]);
	EXPECT_ERRNO(lseek(fd, -10, SEEK_SET), EINVAL);
	EXPECT_ERRNO(lseek(fd, 0, 42), EINVAL);
	int p[2];
	EXPECT_OK(pipe(p));
	EXPECT_ERRNO(lseek(p[0], 0, SEEK_CUR), ESPIPE);
	gt_observe("size after hole: %lld", (long long)st.st_size);
	close(fd);
}

/* A directory's st_size is filesystem-specific (4096 on ext4, small on tmpfs): not shown. */
static void observe_stat(const char *what, const struct stat *st)
{
	char size[32] = "";
	if (!S_ISDIR(st->st_mode))
		snprintf(size, sizeof size, " size=%lld", (long long)st->st_size);
	gt_observe("%s: mode=%#o nlink=%lu%s uid=%u gid=%u", what, st->st_mode,
		   (unsigned long)st->st_nlink, size, st->st_uid, st->st_gid);
}

static void stat_family_fields(void)
{
	gt_scratch();
	gt_write_file("f", "hello", 0644);
	EXPECT_OK(symlink("f", "l"));
	EXPECT_OK(mkdir("d", 0755));
	struct stat st, fst, lst, at;
	EXPECT_OK(stat("f", &st));
	CHECK_EQ(st.st_mode, S_IFREG | 0644);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_size, 5);
	CHECK_EQ(st.st_uid, getuid());
	int fd = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_OK(fstat(fd, &fst));
	CHECK(fst.st_ino == st.st_ino && fst.st_dev == st.st_dev && fst.st_size == 5);
	close(fd);
	EXPECT_OK(lstat("l", &lst));
	CHECK(S_ISLNK(lst.st_mode));
	CHECK_EQ(lst.st_size, 1);
	CHECK(lst.st_ino != st.st_ino);
	EXPECT_OK(fstatat(AT_FDCWD, "l", &at, 0));
	CHECK_EQ(at.st_ino, st.st_ino);
	EXPECT_OK(fstatat(AT_FDCWD, "l", &at, AT_SYMLINK_NOFOLLOW));
	CHECK_EQ(at.st_ino, lst.st_ino);
	EXPECT_ERRNO(fstatat(AT_FDCWD, "l", &at, 0x12345), EINVAL);
	EXPECT_OK(stat("d", &at));
	CHECK_EQ(at.st_mode, S_IFDIR | 0755);
	CHECK_EQ(at.st_nlink, 2);
	observe_stat("stat f", &st);
	observe_stat("lstat l", &lst);
	observe_stat("stat d", &at);
	EXPECT_ERRNO(stat("missing", &st), ENOENT);
	EXPECT_ERRNO(fstat(-1, &st), EBADF);
}

/* Linux's struct statx (include/uapi/linux/stat.h); musl 1.2.3 has no wrapper. */
struct gt_statx_ts { long long tv_sec; unsigned tv_nsec; int pad; };
struct gt_statx {
	unsigned stx_mask, stx_blksize;
	unsigned long long stx_attributes;
	unsigned stx_nlink, stx_uid, stx_gid;
	unsigned short stx_mode, pad1;
	unsigned long long stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct gt_statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	unsigned stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	unsigned long long spare[14];
};
_Static_assert(sizeof(struct gt_statx) == 256, "struct statx is 256 bytes");
#define GT_STATX_BASIC_STATS 0x7ffU

static void statx_fields(void)
{
	gt_scratch();
	gt_write_file("f", "hello", 0640);
	struct gt_statx sx;
	memset(&sx, 0xa5, sizeof sx);
	EXPECT_OK(syscall(SYS_statx, AT_FDCWD, "f", 0, GT_STATX_BASIC_STATS, &sx));
	CHECK_EQ(sx.stx_mask & GT_STATX_BASIC_STATS, GT_STATX_BASIC_STATS);
	CHECK_EQ(sx.stx_mode, S_IFREG | 0640);
	CHECK_EQ(sx.stx_size, 5);
	CHECK_EQ(sx.stx_nlink, 1);
	struct stat st;
	EXPECT_OK(stat("f", &st));
	CHECK_EQ(sx.stx_ino, st.st_ino);
	CHECK_EQ(sx.stx_mtime.tv_sec, st.st_mtim.tv_sec);
	gt_observe("statx: mode=%#o nlink=%u size=%llu", sx.stx_mode, sx.stx_nlink, sx.stx_size);
	EXPECT_ERRNO(syscall(SYS_statx, AT_FDCWD, "missing", 0, GT_STATX_BASIC_STATS, &sx), ENOENT);
	EXPECT_ERRNO(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x80000000U, &sx), EINVAL);
}

static void chmod_chown_umask(void)
{
	gt_scratch();
	CHECK_EQ(umask(077), 022);
	gt_write_file("f", "", 0666);
	struct stat st;
	EXPECT_OK(stat("f", &st));
	CHECK_EQ(st.st_mode & 07777, 0600);
	EXPECT_OK(mkdir("d", 0777));
	EXPECT_OK(stat("d", &st));
	CHECK_EQ(st.st_mode & 07777, 0700);
	CHECK_EQ(umask(022), 077);
	EXPECT_OK(chmod("f", 04755));
	EXPECT_OK(stat("f", &st));
	CHECK_EQ(st.st_mode & 07777, 04755);
	int fd = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_OK(fchmod(fd, 0640));
	EXPECT_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mode & 07777, 0640);
	if (geteuid() == 0) {
		EXPECT_OK(chown("f", GT_NOBODY, GT_NOBODY));
		EXPECT_OK(fstat(fd, &st));
		CHECK(st.st_uid == GT_NOBODY && st.st_gid == GT_NOBODY);
		EXPECT_OK(fchown(fd, 0, -1));
		EXPECT_OK(fstat(fd, &st));
		CHECK(st.st_uid == 0 && st.st_gid == GT_NOBODY);
	}
	close(fd);
	EXPECT_ERRNO(chmod("missing", 0644), ENOENT);
	gt_observe("after fchmod: mode=%#o", st.st_mode);
}

static void truncate_and_ftruncate(void)
{
	gt_scratch();
	gt_write_file("f", "abcdef", 0644);
	EXPECT_OK(truncate("f", 3));
	char buf[64];
	CHECK_EQ(gt_read_file("f", buf, sizeof buf), 3);
	CHECK_STR(buf, "abc");
	int fd = EXPECT_OK(open("f", O_RDWR));
	EXPECT_OK(ftruncate(fd, 10));
	char got[10];
	gt_read_all(fd, got, 10);
	CHECK(memcmp(got, "abc\0\0\0\0\0\0\0", 10) == 0);
	EXPECT_ERRNO(ftruncate(fd, -1), EINVAL);
	close(fd);
	fd = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_ERRNO(ftruncate(fd, 0), EINVAL);
	close(fd);
	EXPECT_OK(mkdir("d", 0755));
	EXPECT_ERRNO(truncate("d", 0), EISDIR);
	EXPECT_ERRNO(truncate("missing", 0), ENOENT);
	EXPECT_ERRNO(truncate("f", -5), EINVAL);
}

static void dup_dup2_dup3(void)
{
	gt_scratch();
	int fd = EXPECT_OK(open("f", O_RDWR | O_CREAT, 0644));
	int low = EXPECT_OK(dup(fd));
	CHECK(low > fd);
	close(fd);
	int again = EXPECT_OK(dup(low));
	CHECK_EQ(again, fd); /* lowest free number */
	gt_write_all(low, "xy", 2);
	CHECK_EQ(EXPECT_OK(lseek(again, 0, SEEK_CUR)), 2); /* shared offset */
	CHECK_EQ(EXPECT_OK(dup2(low, 50)), 50);
	CHECK_EQ(EXPECT_OK(dup2(50, 50)), 50);
	CHECK_EQ(EXPECT_OK(fcntl(50, F_GETFD)), 0);
	EXPECT_ERRNO(dup2(9999, 51), EBADF);
	EXPECT_ERRNO(dup2(low, -1), EBADF);
	EXPECT_ERRNO(dup(-1), EBADF);
	EXPECT_ERRNO(dup3(50, 50, O_CLOEXEC), EINVAL);
	/* Raw syscall: musl emulates unknown dup3 flags away. */
	EXPECT_ERRNO(syscall(SYS_dup3, 50, 52, 0x4), EINVAL);
	CHECK_EQ(EXPECT_OK(dup3(50, 52, O_CLOEXEC)), 52);
	CHECK_EQ(EXPECT_OK(fcntl(52, F_GETFD)), FD_CLOEXEC);
}

static void fcntl_fd_and_status_flags(void)
{
	gt_scratch();
	int fd = EXPECT_OK(open("f", O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
	CHECK_EQ(EXPECT_OK(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	EXPECT_OK(fcntl(fd, F_SETFD, 0));
	CHECK_EQ(EXPECT_OK(fcntl(fd, F_GETFD)), 0);
	int fl = EXPECT_OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_ACCMODE, O_RDWR);
	CHECK(fl & O_APPEND);
	EXPECT_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
	fl = EXPECT_OK(fcntl(fd, F_GETFL));
	CHECK(fl & O_NONBLOCK);
	CHECK(!(fl & O_APPEND));
	CHECK_EQ(fl & O_ACCMODE, O_RDWR); /* F_SETFL cannot change the access mode */
	int d = EXPECT_OK(fcntl(fd, F_DUPFD_CLOEXEC, 10));
	CHECK(d >= 10);
	CHECK_EQ(EXPECT_OK(fcntl(d, F_GETFD)), FD_CLOEXEC);
	int e = EXPECT_OK(fcntl(fd, F_DUPFD, 10));
	CHECK(e > d);
	CHECK_EQ(EXPECT_OK(fcntl(e, F_GETFD)), 0);
	EXPECT_ERRNO(fcntl(9999, F_GETFD), EBADF);
	EXPECT_ERRNO(fcntl(fd, 0x7fff), EINVAL);
	gt_observe("F_GETFL after F_SETFL O_NONBLOCK: %#o", fl & ~O_LARGEFILE);
	close(fd);
}

/* The helper reports which of fds 20 and 21 survived execve in its exit code. */
static void cloexec_across_exec(void)
{
	gt_scratch();
	int a = EXPECT_OK(open("a", O_RDWR | O_CREAT | O_CLOEXEC, 0644));
	int b = EXPECT_OK(open("b", O_RDWR | O_CREAT, 0644));
	EXPECT_OK(dup3(a, 20, O_CLOEXEC));
	EXPECT_OK(dup2(b, 21));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		char *argv[] = { "gt-helper", "fds", "20", "21", NULL };
		char *envp[] = { NULL };
		execve(gt_helper(), argv, envp);
		_exit(127);
	}
	int status = gt_wait(pid);
	CHECK_EXITED(status, 2); /* bit 0: fd 20 open (no), bit 1: fd 21 open (yes) */
}

static void unlink_while_open(void)
{
	gt_scratch();
	gt_write_file("f", "data", 0644);
	int fd = EXPECT_OK(open("f", O_RDONLY));
	EXPECT_OK(unlink("f"));
	struct stat st;
	EXPECT_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	char buf[8] = "";
	CHECK_EQ(EXPECT_OK(read(fd, buf, sizeof buf)), 4);
	CHECK(memcmp(buf, "data", 4) == 0);
	EXPECT_ERRNO(stat("f", &st), ENOENT);
	close(fd);
}

static const struct gt_case cases[] = {
	GT_CASE(open_create_excl_trunc_append),
	GT_CASE(open_errors),
	GT_CASE(open_name_too_long),
	GT_CASE(read_write_bad_fds),
	GT_CASE(read_write_readv_writev),
	GT_CASE(pread_pwrite_keep_offset),
	GT_CASE(lseek_end_and_holes),
	GT_CASE(stat_family_fields),
	GT_CASE(statx_fields),
	GT_CASE(chmod_chown_umask),
	GT_CASE(truncate_and_ftruncate),
	GT_CASE(dup_dup2_dup3),
	GT_CASE(fcntl_fd_and_status_flags),
	GT_CASE(cloexec_across_exec),
	GT_CASE(unlink_while_open),
	FILES_PATH_CASES,
	GT_END
};

GT_MAIN(cases)
