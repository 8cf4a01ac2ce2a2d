/*
 * proc, ids half: the credentials a new image starts with and the ids access() checks by.
 *
 * A setuid or setgid execve changes the effective ids, and the auxiliary vector the
 * new image gets must already show them: AT_UID/AT_EUID/AT_GID/AT_EGID are the ids it
 * runs with, and AT_SECURE (Linux's secureexec) is 1 exactly when the effective ids
 * differ from the real ones. The setuid file is a root-owned copy of gt-helper in the
 * scratch directory, run by uid 65534; it needs a mount that honours setuid.
 *
 * access() answers by the real ids, faccessat(AT_EACCESS) by the effective ones, for
 * the walk to the file as well as for the file, and neither changes the caller's ids.
 */
#define _GNU_SOURCE
#include "proc.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Copies the file at `from` to a new file `to` with the given mode. */
static void copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	int in = EXPECT_OK(open(from, O_RDONLY | O_CLOEXEC));
	int out = EXPECT_OK(open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
	ssize_t n;
	while ((n = EXPECT_OK(read(in, buf, sizeof buf))) > 0)
		gt_write_all(out, buf, (size_t)n);
	close(in);
	EXPECT_OK(close(out));
}

/* Makes ./h mode `mode`, runs "./h ids" as uid/gid 65534 and checks what it printed. */
static void check_ids_as_nobody(mode_t mode, const char *want)
{
	char *argv[] = { "./h", "ids", NULL }, *envp[] = { NULL };
	char out[256];
	EXPECT_OK(chmod("h", mode));
	CHECK_EXITED(proc_capture_as(gt_drop_privileges, argv, envp, out, sizeof out), 0);
	CHECK_STR(out, want);
	gt_observe("mode %#o run by 65534: %s", (unsigned)mode, out);
}

void proc_auxv_after_setid_exec(void)
{
	struct statvfs sv;
	struct stat st;

	if (geteuid() != 0)
		gt_skip("needs root to make a setuid-root file");
	gt_scratch();
	EXPECT_OK(statvfs(".", &sv));
	if (sv.f_flag & ST_NOSUID)
		gt_skip("the scratch directory's file system is mounted nosuid");
	copy_file(gt_helper(), "h", 0755);
	EXPECT_OK(stat("h", &st));
	CHECK_EQ(st.st_uid, 0);
	CHECK_EQ(st.st_gid, 0);
	check_ids_as_nobody(0755, "AT_UID=65534 AT_EUID=65534 AT_GID=65534 AT_EGID=65534 AT_SECURE=0\n"
				  "uid=65534/65534/65534 gid=65534/65534/65534\n");
	check_ids_as_nobody(04755, "AT_UID=65534 AT_EUID=0 AT_GID=65534 AT_EGID=65534 AT_SECURE=1\n"
				   "uid=65534/0/0 gid=65534/65534/65534\n");
	check_ids_as_nobody(02755, "AT_UID=65534 AT_EUID=65534 AT_GID=65534 AT_EGID=0 AT_SECURE=1\n"
				   "uid=65534/65534/65534 gid=65534/0/0\n");
}

static void check_resuid(uid_t ruid, uid_t euid, uid_t suid)
{
	uid_t r, e, s;
	EXPECT_OK(getresuid(&r, &e, &s));
	CHECK_EQ(r, ruid);
	CHECK_EQ(e, euid);
	CHECK_EQ(s, suid);
}

void proc_access_checks_real_ids(void)
{
	if (geteuid() != 0)
		gt_skip("needs root to switch ids");
	gt_scratch();
	EXPECT_OK(mkdir("private", 0700));
	gt_write_file("private/f", "x", 0644);
	gt_write_file("secret", "x", 0600);
	/* Real 65534, effective root: access() refuses what root could open. */
	EXPECT_OK(setresuid(GT_NOBODY, 0, 0));
	EXPECT_ERRNO(access("secret", R_OK), EACCES);
	EXPECT_ERRNO(access("private/f", R_OK), EACCES); /* the search of "private" too */
	EXPECT_OK(faccessat(AT_FDCWD, "private/f", R_OK, AT_EACCESS));
	EXPECT_OK(close(EXPECT_OK(open("secret", O_RDONLY))));
	check_resuid(GT_NOBODY, 0, 0);
	/* Real root, effective 65534: access() allows what the caller cannot open. */
	EXPECT_OK(setresuid(0, GT_NOBODY, 0));
	EXPECT_OK(access("private/f", R_OK | W_OK));
	EXPECT_ERRNO(open("private/f", O_RDONLY), EACCES);
	EXPECT_ERRNO(faccessat(AT_FDCWD, "secret", R_OK, AT_EACCESS), EACCES);
	check_resuid(0, GT_NOBODY, 0);
	gt_observe("access by the real ids, AT_EACCESS by the effective ones; ids unchanged");
}
