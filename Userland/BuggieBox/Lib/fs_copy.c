/*
 * The copy engine behind cp and mv. fs_copy() walks SRC with fs_walk and recreates
 * each entry under DST: regular files by read/write, directories by mkdir (created
 * owner-writable and given their final mode after their contents, so a read-only
 * source directory can still be filled), symbolic links as links unless they are
 * followed, and FIFOs and device nodes by mknod when copying recursively.
 *
 * Hard links: with preserve_links, every source file with more than one link is
 * remembered by device and inode with the name it was copied to; meeting it again,
 * in the same or a later fs_copy call, makes a link to that copy instead of a
 * second copy (cp -a, mv). fs_copy_done() forgets them.
 *
 * Copying a directory into itself is refused up front by comparing the source's
 * device/inode with every directory from DST's parent up to the root.
 */
#include "fs_copy.h"
#include "bb.h"
#include "fs_remove.h"
#include "fs_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct link_memo {
	dev_t dev;
	ino_t ino;
	char *dst;
	struct link_memo *next;
};

struct copy_state {
	const struct fs_copy_opts *o;
	const char *src_root, *dst_root;
	int failed;
	/* Per depth of the walk: whether the directory being filled there was made by
	 * this copy (its mode is then set afterwards; an existing one keeps its own). */
	char *made;
	int made_cap;
};

/* Copies made so far of multiply-linked files, across all fs_copy calls of one
 * command (cp -a a b dir links dir/a and dir/b when a and b are links). */
static struct link_memo *links;

/* Maps a walked source path to its destination path (new allocation). */
static char *dest_of(struct copy_state *s, const char *path)
{
	const char *rest = path + strlen(s->src_root);

	while (*rest == '/')
		rest++;
	return *rest ? fs_path_join(s->dst_root, rest) : fs_xstrdup(s->dst_root);
}

/* Copies the bytes of an open file to another; returns 0 or -1 with errno set.
 * *WHICH says which side failed (0 reading, 1 writing). */
static int copy_bytes(int in, int out, int *which)
{
	static char buf[65536];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*which = 0;
			return -1;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				*which = 1;
				return -1;
			}
			off += w;
		}
	}
	return 0;
}

/* Whether an existing DST may be replaced; prints nothing when it may not (cp -n)
 * and asks under -i. */
static int may_overwrite(const struct fs_copy_opts *o, const char *dst)
{
	if (o->no_clobber)
		return 0;
	if (o->interactive)
		return fs_confirm("overwrite '%s'? ", dst);
	return 1;
}

static int open_dest(const struct fs_copy_opts *o, const char *dst, mode_t mode)
{
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 && o->force && errno != ENOENT && unlink(dst) == 0)
		fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode);
	return fd;
}

static int copy_regular(struct copy_state *s, const char *src, const char *dst,
			const struct stat *st)
{
	int in, out, which = 0, rc = 0;

	in = open(src, O_RDONLY);
	if (in < 0) {
		bb_warn_errno("cannot open '%s' for reading", src);
		return -1;
	}
	out = open_dest(s->o, dst, st->st_mode & 0777);
	if (out < 0) {
		bb_warn_errno("cannot create regular file '%s'", dst);
		close(in);
		return -1;
	}
	if (copy_bytes(in, out, &which) != 0) {
		bb_warn_errno(which ? "error writing '%s'" : "error reading '%s'", which ? dst : src);
		rc = -1;
	}
	close(in);
	if (close(out) != 0 && rc == 0) {
		bb_warn_errno("error writing '%s'", dst);
		rc = -1;
	}
	return rc;
}

static int copy_symlink(const char *src, const char *dst)
{
	char target[4096];
	ssize_t n = readlink(src, target, sizeof(target) - 1);

	if (n < 0) {
		bb_warn_errno("cannot read symbolic link '%s'", src);
		return -1;
	}
	target[n] = 0;
	if (symlink(target, dst) != 0 && (errno != EEXIST || unlink(dst) != 0 ||
					  symlink(target, dst) != 0)) {
		bb_warn_errno("cannot create symbolic link '%s'", dst);
		return -1;
	}
	return 0;
}

static int copy_special(const char *dst, const struct stat *st)
{
	if (mknod(dst, st->st_mode & (S_IFMT | 0777), st->st_rdev) != 0 &&
	    (errno != EEXIST || unlink(dst) != 0 ||
	     mknod(dst, st->st_mode & (S_IFMT | 0777), st->st_rdev) != 0)) {
		bb_warn_errno("cannot create special file '%s'", dst);
		return -1;
	}
	return 0;
}

/* Applies owner, mode and times of ST to DST as the options ask. */
static int copy_attributes(const struct fs_copy_opts *o, const char *dst, const struct stat *st)
{
	int is_link = S_ISLNK(st->st_mode), rc = 0;

	if (o->preserve_owner && lchown(dst, st->st_uid, st->st_gid) != 0 && errno != EPERM) {
		bb_warn_errno("failed to preserve ownership for '%s'", dst);
		rc = -1;
	}
	if (!is_link && (o->preserve_mode || S_ISDIR(st->st_mode))) {
		mode_t mode = st->st_mode & (o->preserve_mode ? 07777 : 0777);
		if (!o->preserve_mode) {
			mode_t mask = umask(0);
			umask(mask);
			mode &= ~mask;
		}
		if (chmod(dst, mode) != 0) {
			bb_warn_errno("failed to preserve permissions for '%s'", dst);
			rc = -1;
		}
	}
	if (o->preserve_time) {
		struct timespec ts[2] = { st->st_atim, st->st_mtim };
		if (utimensat(AT_FDCWD, dst, ts, AT_SYMLINK_NOFOLLOW) != 0) {
			bb_warn_errno("failed to preserve times for '%s'", dst);
			rc = -1;
		}
	}
	return rc;
}

/* Links DST to an earlier copy of the same source inode; 1 if done, 0 if none, -1 on error. */
static int link_earlier_copy(struct copy_state *s, const char *dst, const struct stat *st)
{
	/* Looked up even when the source now has one link: mv removes each source
	 * after copying it, so the second name of a pair is then the last one. */
	if (!s->o->preserve_links || S_ISDIR(st->st_mode))
		return 0;
	for (struct link_memo *m = links; m; m = m->next) {
		if (m->dev != st->st_dev || m->ino != st->st_ino)
			continue;
		if (link(m->dst, dst) != 0 && (errno != EEXIST || unlink(dst) != 0 ||
					       link(m->dst, dst) != 0)) {
			bb_warn_errno("cannot create hard link '%s' to '%s'", dst, m->dst);
			return -1;
		}
		return 1;
	}
	if (st->st_nlink < 2)
		return 0;
	struct link_memo *m = fs_xmalloc(sizeof(*m));
	*m = (struct link_memo){ st->st_dev, st->st_ino, fs_xstrdup(dst), links };
	links = m;
	return 0;
}

/* Reports DST existing as the same file as SRC, or asks about overwriting it.
 * Returns 1 to go on, 0 to skip quietly, -1 on error. */
static int check_dest(struct copy_state *s, const char *src, const char *dst,
		      const struct stat *st)
{
	struct stat dst_st;

	if (lstat(dst, &dst_st) != 0)
		return 1;
	if (dst_st.st_dev == st->st_dev && dst_st.st_ino == st->st_ino) {
		bb_warn("'%s' and '%s' are the same file", src, dst);
		return -1;
	}
	if (S_ISDIR(dst_st.st_mode) && !S_ISDIR(st->st_mode)) {
		bb_warn("cannot overwrite directory '%s' with non-directory", dst);
		return -1;
	}
	if (!S_ISDIR(dst_st.st_mode) && S_ISDIR(st->st_mode)) {
		bb_warn("cannot overwrite non-directory '%s' with directory '%s'", dst, src);
		return -1;
	}
	if (S_ISDIR(dst_st.st_mode))
		return 1;
	return may_overwrite(s->o, dst);
}

static int copy_node(struct copy_state *s, const char *src, const char *dst,
		     const struct stat *st)
{
	int rc = check_dest(s, src, dst, st);

	if (rc <= 0)
		return rc;
	rc = link_earlier_copy(s, dst, st);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (S_ISREG(st->st_mode))
		rc = copy_regular(s, src, dst, st);
	else if (S_ISLNK(st->st_mode))
		rc = copy_symlink(src, dst);
	else if (s->o->recursive)
		rc = copy_special(dst, st);
	else
		rc = copy_regular(s, src, dst, st);
	if (rc == 0 && s->o->verbose)
		printf("'%s' -> '%s'\n", src, dst);
	if (rc == 0)
		rc = copy_attributes(s->o, dst, st);
	return rc;
}

/* Makes the directory DST for SRC. Returns 1 if it was made, 2 if it existed
 * already, 0 or -1 (after a message) if the copy of this directory cannot go on. */
static int copy_dir_pre(struct copy_state *s, const char *src, const char *dst,
			const struct stat *st)
{
	int rc = check_dest(s, src, dst, st);

	if (rc <= 0)
		return rc;
	if (mkdir(dst, (st->st_mode & 0777) | S_IRWXU) != 0) {
		if (errno != EEXIST) {
			bb_warn_errno("cannot create directory '%s'", dst);
			return -1;
		}
		return 2;
	}
	if (s->o->verbose)
		printf("'%s' -> '%s'\n", src, dst);
	return 1;
}

static int copy_visit(const struct fs_entry *e, void *ctx)
{
	struct copy_state *s = ctx;
	char *dst = dest_of(s, e->path);
	int rc = FS_CONTINUE, made;

	switch (e->kind) {
	case FS_STAT_ERR:
		bb_warn("cannot stat '%s': %s", e->path, strerror(e->err));
		s->failed = 1;
		break;
	case FS_DIR_ERR:
		bb_warn("cannot access '%s': %s", e->path, strerror(e->err));
		s->failed = 1;
		break;
	case FS_FILE:
		if (copy_node(s, e->path, dst, e->st) < 0)
			s->failed = 1;
		break;
	case FS_DIR_PRE:
		if (!s->o->recursive) {
			bb_warn("-r not specified; omitting directory '%s'", e->path);
			s->failed = 1;
			rc = FS_PRUNE;
		} else if ((made = copy_dir_pre(s, e->path, dst, e->st)) <= 0) {
			s->failed = 1;
			rc = FS_PRUNE;
		} else {
			if (e->depth >= s->made_cap)
				s->made = fs_xrealloc(s->made, (size_t)(s->made_cap = e->depth + 16));
			s->made[e->depth] = made == 1;
		}
		break;
	case FS_DIR_POST:
		if ((s->made[e->depth] || s->o->preserve_mode || s->o->preserve_time) &&
		    copy_attributes(s->o, dst, e->st) != 0)
			s->failed = 1;
		break;
	}
	free(dst);
	return rc;
}

/* Whether directory SRC (stat SST) is DST's parent or one of its ancestors. */
static int copies_into_itself(const char *dst, const struct stat *sst)
{
	char *dir = fs_dir_name(dst);
	struct stat st, prev = { 0 };
	int hit = 0;

	for (size_t len = strlen(dir);; len += 3) {
		if (stat(dir, &st) != 0 || (st.st_dev == prev.st_dev && st.st_ino == prev.st_ino))
			break;
		if (st.st_dev == sst->st_dev && st.st_ino == sst->st_ino) {
			hit = 1;
			break;
		}
		prev = st;
		dir = fs_xrealloc(dir, len + 4);
		strcpy(dir + len, "/..");
	}
	free(dir);
	return hit;
}

int fs_copy(const char *src, const char *dst, const struct fs_copy_opts *o)
{
	struct copy_state s = { o, src, dst, 0, NULL, 0 };
	struct stat st;

	if ((o->deref_args || o->deref ? stat(src, &st) : lstat(src, &st)) != 0) {
		bb_warn_errno("cannot stat '%s'", src);
		return 1;
	}
	if (S_ISDIR(st.st_mode) && o->recursive && copies_into_itself(dst, &st)) {
		bb_warn("cannot copy a directory, '%s', into itself, '%s'", src, dst);
		return 1;
	}
	fs_walk(src, (o->deref ? FS_FOLLOW_ALL : 0) | (o->deref_args ? FS_FOLLOW_ROOT : 0),
		copy_visit, &s);
	free(s.made);
	return s.failed;
}

void fs_copy_done(void)
{
	while (links) {
		struct link_memo *next = links->next;
		free(links->dst);
		free(links);
		links = next;
	}
}
