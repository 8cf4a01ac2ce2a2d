/*
 * tar c: each file operand is walked with fs_walk (directory order, links not
 * followed) and every entry becomes one archive member written by LibTar's
 * tar_writer. Member names are the paths as walked, with a leading '/' removed (said
 * once on stderr, like GNU tar) and a '/' appended for directories. A file with
 * several links is stored once and its other names as hard-link members. The archive
 * itself is skipped if it lies inside the tree being archived.
 *
 * Errors (a missing operand, an unreadable file) are reported and the rest is still
 * archived; the exit status is then 2, as GNU tar's.
 */
#include "tar.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"
#include "Lib/id_names.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct tar_link {
	dev_t dev;
	ino_t ino;
	char *name;
	struct tar_link *next;
};

struct create_state {
	const struct tar_opts *o;
	struct tar_writer w;
	int fd;
	struct stat archive;       /* the archive file, when it is a regular file */
	int have_archive;
	int told_slash;
	int failed;
	int fatal;                 /* writing the archive failed: stop */
	struct tar_link *links;
	struct tar_entry *e;       /* scratch entry (large) */
};

static int write_fd(void *ctx, const void *buf, size_t len)
{
	int fd = *(int *)ctx;
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The member name for PATH: leading slashes dropped, '/' added for a directory. */
static int member_name(struct create_state *s, const char *path, int is_dir, char *out, size_t len)
{
	const char *p = path;

	while (*p == '/')
		p++;
	if (p != path && !s->told_slash) {
		bb_warn("Removing leading `/' from member names");
		s->told_slash = 1;
	}
	if (!*p)
		return -1;
	if ((size_t)snprintf(out, len, "%s%s", p, is_dir && p[strlen(p) - 1] != '/' ? "/" : "") >= len)
		return -1;
	return 0;
}

/* Makes E a hard-link member if ST was archived before under another name. */
static int as_hard_link(struct create_state *s, const struct stat *st, struct tar_entry *e)
{
	if (S_ISDIR(st->st_mode) || st->st_nlink < 2)
		return 0;
	for (struct tar_link *l = s->links; l; l = l->next) {
		if (l->dev == st->st_dev && l->ino == st->st_ino) {
			e->type = TAR_HARDLINK;
			snprintf(e->linkpath, sizeof(e->linkpath), "%s", l->name);
			e->size = 0;
			return 1;
		}
	}
	struct tar_link *l = fs_xmalloc(sizeof(*l));
	*l = (struct tar_link){ st->st_dev, st->st_ino, fs_xstrdup(e->path), s->links };
	s->links = l;
	return 0;
}

/* Fills E from ST for PATH. Returns 0, or -1 when the entry is to be skipped. */
static int fill_entry(struct create_state *s, const char *path, const struct stat *st,
		      struct tar_entry *e)
{
	const char *u = id_user_name(st->st_uid), *g = id_group_name(st->st_gid);

	tar_entry_init(e);
	if (member_name(s, path, S_ISDIR(st->st_mode), e->path, sizeof(e->path)) != 0)
		return -1;
	e->mode = st->st_mode & 07777;
	e->uid = st->st_uid;
	e->gid = st->st_gid;
	e->mtime = st->st_mtime;
	snprintf(e->uname, sizeof(e->uname), "%s", u ? u : "");
	snprintf(e->gname, sizeof(e->gname), "%s", g ? g : "");
	if (S_ISREG(st->st_mode)) {
		e->type = TAR_REGULAR;
		e->size = (uint64_t)st->st_size;
	} else if (S_ISDIR(st->st_mode)) {
		e->type = TAR_DIRECTORY;
	} else if (S_ISLNK(st->st_mode)) {
		ssize_t n = readlink(path, e->linkpath, sizeof(e->linkpath) - 1);
		if (n < 0) {
			bb_warn_errno("%s: Cannot readlink", path);
			s->failed = 1;
			return -1;
		}
		e->linkpath[n] = 0;
		e->type = TAR_SYMLINK;
	} else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) || S_ISFIFO(st->st_mode)) {
		e->type = S_ISCHR(st->st_mode) ? TAR_CHARDEV : S_ISBLK(st->st_mode) ? TAR_BLOCKDEV : TAR_FIFO;
		e->devmajor = major(st->st_rdev);
		e->devminor = minor(st->st_rdev);
	} else {
		bb_warn("%s: socket ignored", path);
		return -1;
	}
	as_hard_link(s, st, e);
	return 0;
}

/* Writes E->size bytes of PATH's data (zeros if the file shrank meanwhile). */
static int write_data(struct create_state *s, const char *path, int fd, uint64_t size)
{
	static char buf[65536];
	uint64_t done = 0;
	int rc;

	while (done < size) {
		size_t want = size - done < sizeof(buf) ? (size_t)(size - done) : sizeof(buf);
		ssize_t n = fd >= 0 ? read(fd, buf, want) : 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				bb_warn_errno("%s: Read error", path);
			else
				bb_warn("%s: File shrank by %llu bytes; padding with zeros", path,
					(unsigned long long)(size - done));
			s->failed = 1;
			memset(buf, 0, want);
			n = (ssize_t)want;
		}
		if ((rc = tar_writer_data(&s->w, buf, (size_t)n)) != 0)
			return rc;
		done += (uint64_t)n;
	}
	return 0;
}

static int archive_entry(struct create_state *s, const char *path, const struct stat *st)
{
	struct tar_entry *e = s->e;
	int fd = -1, rc;

	if (s->have_archive && st->st_dev == s->archive.st_dev && st->st_ino == s->archive.st_ino) {
		bb_warn("%s: file is the archive; not dumped", path);
		return 0;
	}
	if (fill_entry(s, path, st, e) != 0)
		return 0;
	if (e->type == TAR_REGULAR && e->size > 0 && (fd = open(path, O_RDONLY)) < 0) {
		bb_warn_errno("%s: Cannot open", path);
		s->failed = 1;
		return 0;
	}
	if (s->o->verbose)
		fprintf(s->o->msg, "%s\n", e->path);
	rc = tar_writer_begin(&s->w, e);
	if (rc == 0 && e->type == TAR_REGULAR)
		rc = write_data(s, path, fd, e->size);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int create_visit(const struct fs_entry *e, void *ctx)
{
	struct create_state *s = ctx;
	int rc;

	switch (e->kind) {
	case FS_STAT_ERR:
		bb_warn("%s: Cannot stat: %s", e->path, strerror(e->err));
		s->failed = 1;
		return FS_CONTINUE;
	case FS_DIR_ERR:
		bb_warn("%s: Cannot open: %s", e->path, strerror(e->err));
		s->failed = 1;
		return FS_CONTINUE;
	case FS_DIR_POST:
		return FS_CONTINUE;
	case FS_FILE:
	case FS_DIR_PRE:
		break;
	}
	rc = archive_entry(s, e->path, e->st);
	if (rc != 0) {
		bb_warn("error writing archive: %s", tar_strerror(rc));
		s->fatal = 1;
		return FS_STOP;
	}
	return FS_CONTINUE;
}

static int open_archive(struct create_state *s)
{
	const char *f = s->o->file;

	if (!f || strcmp(f, "-") == 0) {
		s->fd = 1;
	} else if ((s->fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) {
		bb_warn_errno("%s: Cannot open", f);
		return -1;
	}
	s->have_archive = fstat(s->fd, &s->archive) == 0 && S_ISREG(s->archive.st_mode);
	return 0;
}

/* Walks one operand, inside its -C directory if it has one. */
static void create_operand(struct create_state *s, const struct tar_operand *op)
{
	int here = -1;

	if (op->dir) {
		here = open(".", O_RDONLY | O_DIRECTORY);
		if (chdir(op->dir) != 0) {
			bb_warn_errno("%s: Cannot open", op->dir);
			s->failed = s->fatal = 1;
			if (here >= 0)
				close(here);
			return;
		}
	}
	fs_walk(op->name, 0, create_visit, s);
	if (here >= 0) {
		if (fchdir(here) != 0)
			bb_die_errno(2, "cannot return to the working directory");
		close(here);
	}
}

int tar_create(const struct tar_opts *o, const struct tar_operand *ops, int nops)
{
	struct create_state s = { .o = o };

	if (nops == 0) {
		bb_warn("Cowardly refusing to create an empty archive");
		return 2;
	}
	if (open_archive(&s) != 0)
		return 2;
	s.e = fs_xmalloc(sizeof(*s.e));
	tar_writer_init(&s.w, write_fd, &s.fd);
	for (int i = 0; i < nops && !s.fatal; i++)
		create_operand(&s, &ops[i]);
	if (!s.fatal && tar_writer_finish(&s.w) != 0) {
		bb_warn_errno("error writing archive");
		s.fatal = 1;
	}
	if (s.fd != 1 && close(s.fd) != 0) {
		bb_warn_errno("error writing archive");
		s.fatal = 1;
	}
	while (s.links) {
		struct tar_link *next = s.links->next;
		free(s.links->name);
		free(s.links);
		s.links = next;
	}
	free(s.e);
	if (s.failed || s.fatal)
		bb_warn("Exiting with failure status due to previous errors");
	return s.failed || s.fatal ? 2 : 0;
}
