/*
 * Extraction of a tar root into the container's fresh tmpfs. LibTar reads the
 * archive (ustar, GNU long names, pax headers); this file only creates what it
 * finds: regular files, hard links, symlinks, directories and FIFOs. Device
 * nodes are skipped: the root is mounted nodev, so they could not be used.
 *
 * The archive is untrusted. Every entry is created relative to a directory
 * descriptor reached one component at a time with O_NOFOLLOW, so a symlink
 * extracted earlier can never carry a later entry outside the root, and a name
 * with a ".." component is refused outright. Leading "/" and "./" are dropped.
 * Owners and modes are kept (the root is nosuid, so setuid bits give nothing).
 */
#define _GNU_SOURCE
#include "launcher.h"
#include "libtar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct extractor {
	struct tar_reader reader;
	int fd;   /* the archive */
	int root; /* descriptor of the destination */
	const char *archive;
	char *err;
	size_t errsize;
};

/* "ARCHIVE: " + fmt with `arg` and then strerror(errno); returns -1. */
static int tar_error(struct extractor *t, const char *fmt, const char *arg)
{
	size_t n = (size_t)snprintf(t->err, t->errsize, "%s: ", t->archive);

	if (n < t->errsize)
		snprintf(t->err + n, t->errsize - n, fmt, arg, strerror(errno));
	return -1;
}

static long read_fd(void *ctx, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(*(int *)ctx, buf, len);
	while (n < 0 && errno == EINTR);
	return (long)n;
}
/* Opens the directory holding `path` below the root, component by component
 * without following symlinks; *last points at the final component. */
static int open_parent(struct extractor *t, char *path, char **last)
{
	int dir = dup(t->root);
	char *s = path, *slash;

	while (dir >= 0 && (slash = strchr(s, '/'))) {
		int next;

		*slash = '\0';
		next = openat(dir, s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && mkdirat(dir, s, 0755) == 0)
			next = openat(dir, s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		*slash = '/';
		close(dir);
		dir = next;
		s = slash + 1;
	}
	*last = s;
	return dir;
}

/* Drops leading "/" and "./", refuses "..", removes trailing "/". */
static int clean_path(struct extractor *t, char *path)
{
	char *s = path;
	size_t n;

	for (;;) {
		if (*s == '/')
			s++;
		else if (s[0] == '.' && s[1] == '/')
			s += 2;
		else
			break;
	}
	memmove(path, s, strlen(s) + 1);
	n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		path[--n] = '\0';
	for (s = path; *s; s += strcspn(s, "/"), s += *s == '/') {
		if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0')) {
			errno = EPERM;
			return tar_error(t, "entry '%s' climbs out of the root with '..': %s", path);
		}
	}
	return 0;
}

static int write_file(struct extractor *t, int dir, const char *name, const struct tar_entry *e)
{
	char buf[16384];
	long n;
	int fd;

	unlinkat(dir, name, 0);
	fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return tar_error(t, "%s: %s", e->path);
	while ((n = tar_reader_read(&t->reader, buf, sizeof(buf))) > 0) {
		if (write(fd, buf, (size_t)n) != n) {
			close(fd);
			return tar_error(t, "%s: %s", e->path);
		}
	}
	if (n < 0) {
		close(fd);
		errno = EIO;
		return tar_error(t, "%s: %s", tar_strerror((int)n));
	}
	if (fchown(fd, e->uid, e->gid) < 0 || fchmod(fd, e->mode & 07777) < 0) {
		close(fd);
		return tar_error(t, "%s: %s", e->path);
	}
	return close(fd);
}

static int make_entry(struct extractor *t, struct tar_entry *e)
{
	char *last, target[4096];
	int dir, rc = 0, tdir;

	if (clean_path(t, e->path) < 0)
		return -1;
	if (!e->path[0])
		return 0; /* "./" itself */
	dir = open_parent(t, e->path, &last);
	if (dir < 0)
		return tar_error(t, "%s: %s", e->path);
	switch (e->type) {
	case TAR_REGULAR:
		rc = write_file(t, dir, last, e);
		break;
	case '5':
		if (mkdirat(dir, last, 0755) < 0 && errno != EEXIST)
			rc = -1;
		else if (fchownat(dir, last, e->uid, e->gid, AT_SYMLINK_NOFOLLOW) < 0 || fchmodat(dir, last, e->mode, 0) < 0)
			rc = -1;
		break;
	case '2':
		unlinkat(dir, last, 0);
		rc = symlinkat(e->linkpath, dir, last) < 0 ? -1 : fchownat(dir, last, e->uid, e->gid, AT_SYMLINK_NOFOLLOW);
		break;
	case '1':
		snprintf(target, sizeof(target), "%s", e->linkpath);
		if (clean_path(t, target) < 0) {
			close(dir);
			return -1;
		}
		char *tlast;

		tdir = open_parent(t, target, &tlast);
		unlinkat(dir, last, 0);
		rc = tdir < 0 ? -1 : linkat(tdir, tlast, dir, last, 0);
		if (tdir >= 0)
			close(tdir);
		break;
	case '6':
		unlinkat(dir, last, 0);
		rc = mkfifoat(dir, last, e->mode & 07777);
		break;
	default: /* '3', '4': devices (nodev root); unknown types: skipped like GNU tar */
		break;
	}
	close(dir);
	return rc < 0 ? tar_error(t, "%s: %s", e->path) : 0;
}

int tar_extract(const char *archive, const char *dest, char *err, size_t size)
{
	struct extractor t = { .archive = archive, .err = err, .errsize = size };
	static struct tar_entry e; /* 12 KiB: not on the stack */
	int rc = 0;

	t.fd = open(archive, O_RDONLY | O_CLOEXEC);
	t.root = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t.fd < 0 || t.root < 0) {
		rc = tar_error(&t, "open %s: %s", t.fd < 0 ? archive : dest);
		goto out;
	}
	tar_reader_init(&t.reader, read_fd, &t.fd);
	while ((rc = tar_reader_next(&t.reader, &e)) > 0) {
		if (make_entry(&t, &e) < 0) {
			rc = -1; /* err says why */
			goto out;
		}
	}
	if (rc < 0) {
		snprintf(err, size, "%s: %s", archive, tar_strerror(rc));
		rc = -1;
	}
out:
	if (t.fd >= 0)
		close(t.fd);
	if (t.root >= 0)
		close(t.root);
	return rc < 0 ? -1 : 0;
}
