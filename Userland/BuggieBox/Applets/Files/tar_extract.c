/*
 * tar t and tar x: the archive is read with LibTar's tar_reader, member by member.
 *
 * Listing prints names, or with -v GNU tar's long lines (tar_print_long). Extraction
 * recreates each member under the -C directory: parents are made as needed, an
 * existing non-directory in the way is replaced, names with a ".." component are
 * refused and a leading '/' is dropped, so nothing lands outside the target
 * directory. Directory modes and times are applied last, in reverse order, so a
 * read-only directory can still be filled and its time is not disturbed by filling
 * it. As root, owners are restored by name (from the member's uname/gname when
 * /etc/passwd and /etc/group know them) or number, and modes exactly; otherwise the
 * umask applies unless -p.
 */
#include "tar.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"
#include "Lib/id_names.h"
#include "Lib/mode_string.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

struct deferred_dir {
	char *name;
	struct tar_entry attrs;   /* only mode, ids, names and mtime are used */
	struct deferred_dir *next;
};

struct read_state {
	const struct tar_opts *o;
	struct tar_reader r;
	int fd;
	char **names;
	int nnames;
	char *found;              /* per name: a member matched it */
	mode_t umask;
	int root;
	int failed;
	struct deferred_dir *dirs;
};

static long read_fd(void *ctx, void *buf, size_t len)
{
	int fd = *(int *)ctx;
	ssize_t n;

	while ((n = read(fd, buf, len)) < 0 && errno == EINTR)
		;
	return (long)n;
}

void tar_print_long(FILE *out, const struct tar_entry *e)
{
	static int ugswidth = 19;
	char mode[11], user[40], group[40], size[48], when[32];
	time_t t = (time_t)e->mtime;
	mode_t type = e->type == TAR_DIRECTORY ? S_IFDIR : e->type == TAR_SYMLINK ? S_IFLNK :
		      e->type == TAR_CHARDEV ? S_IFCHR : e->type == TAR_BLOCKDEV ? S_IFBLK :
		      e->type == TAR_FIFO ? S_IFIFO : S_IFREG;

	mode_string(type | (e->mode & 07777), mode);
	if (e->type == TAR_HARDLINK)
		mode[0] = 'h';
	snprintf(user, sizeof(user), "%s", e->uname[0] ? e->uname : "");
	if (!user[0])
		snprintf(user, sizeof(user), "%u", (unsigned)e->uid);
	snprintf(group, sizeof(group), "%s", e->gname[0] ? e->gname : "");
	if (!group[0])
		snprintf(group, sizeof(group), "%u", (unsigned)e->gid);
	if (e->type == TAR_CHARDEV || e->type == TAR_BLOCKDEV)
		snprintf(size, sizeof(size), "%u,%u", (unsigned)e->devmajor, (unsigned)e->devminor);
	else
		snprintf(size, sizeof(size), "%llu", (unsigned long long)e->size);
	int pad = (int)(strlen(user) + 1 + strlen(group) + 1 + strlen(size));
	if (pad > ugswidth)
		ugswidth = pad;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&t));
	fprintf(out, "%s %s/%s %*s %s %s", mode, user, group,
		ugswidth - (int)(strlen(user) + 1 + strlen(group)) - 1, size, when, e->path);
	if (e->type == TAR_SYMLINK)
		fprintf(out, " -> %s", e->linkpath);
	else if (e->type == TAR_HARDLINK)
		fprintf(out, " link to %s", e->linkpath);
	fputc('\n', out);
}

/* Whether member PATH is selected by the operand names (all when there are none). */
static int selected(struct read_state *s, const char *path)
{
	int hit = s->nnames == 0;

	for (int i = 0; i < s->nnames; i++) {
		size_t l = strlen(s->names[i]);
		while (l > 1 && s->names[i][l - 1] == '/')
			l--;
		if (strncmp(path, s->names[i], l) == 0 && (path[l] == 0 || path[l] == '/')) {
			s->found[i] = 1;
			hit = 1;
		}
	}
	return hit;
}

/* Where member NAME goes on disk: leading '/' and trailing '/' dropped ("/" and
 * "./" are "."). Returns NULL (after a message) for names with a ".." component. */
static char *safe_name(struct read_state *s, const char *name)
{
	const char *p = name;
	char *out;
	size_t l;

	while (*p == '/')
		p++;
	for (const char *c = p; *c; c = strchr(c, '/') ? strchr(c, '/') + 1 : c + strlen(c))
		if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || c[2] == 0)) {
			bb_warn("%s: Member name contains '..'", name);
			s->failed = 1;
			return NULL;
		}
	out = fs_xstrdup(p);
	l = strlen(out);
	while (l > 1 && out[l - 1] == '/')
		out[--l] = 0;
	if (!*out) {
		free(out);
		return fs_xstrdup(".");
	}
	return out;
}

/* mkdir -p of NAME's parent directories. */
static void make_parents(const char *name)
{
	char *copy = fs_xstrdup(name);

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		mkdir(copy, 0777);
		*p = '/';
	}
	free(copy);
}

/* Removes a non-directory at NAME so the member can take its place. */
static void clear_path(const char *name, int want_dir)
{
	struct stat st;

	if (lstat(name, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && want_dir)
		return;
	if (S_ISDIR(st.st_mode))
		rmdir(name);
	else
		unlink(name);
}

static uid_t owner_of(const struct read_state *s, const struct tar_entry *e)
{
	uid_t uid;

	if (!s->o->numeric && e->uname[0] && id_parse_user(e->uname, &uid) == 0)
		return uid;
	return e->uid;
}

static gid_t group_of(const struct read_state *s, const struct tar_entry *e)
{
	gid_t gid;

	if (!s->o->numeric && e->gname[0] && id_parse_group(e->gname, &gid) == 0)
		return gid;
	return e->gid;
}

/* Owner, mode and time of an extracted NAME (not for symbolic links' modes). */
static void set_attributes(struct read_state *s, const char *name, const struct tar_entry *e)
{
	int link = e->type == TAR_SYMLINK;
	mode_t mode = e->mode & 07777;

	if (s->root && lchown(name, owner_of(s, e), group_of(s, e)) != 0) {
		bb_warn_errno("%s: Cannot change ownership", name);
		s->failed = 1;
	}
	if (!s->root && !s->o->preserve)
		mode &= ~s->umask;
	if (!link && chmod(name, mode) != 0) {
		bb_warn_errno("%s: Cannot change mode", name);
		s->failed = 1;
	}
	if (!s->o->no_mtime) {
		struct timespec ts[2] = { { 0, UTIME_OMIT }, { (time_t)e->mtime, 0 } };
		if (utimensat(AT_FDCWD, name, ts, AT_SYMLINK_NOFOLLOW) != 0) {
			bb_warn_errno("%s: Cannot utime", name);
			s->failed = 1;
		}
	}
}

/* Copies the member's data to FD. Returns 0 or -1 (archive error, message printed). */
static int copy_data(struct read_state *s, int fd, const char *name)
{
	static char buf[65536];
	long n;

	while ((n = tar_reader_read(&s->r, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				bb_warn_errno("%s: Cannot write", name);
				s->failed = 1;
				return 0;
			}
			off += w;
		}
	}
	if (n < 0) {
		bb_warn("%s: %s", name, tar_strerror((int)n));
		return -1;
	}
	return 0;
}

static int extract_file(struct read_state *s, const char *name, const struct tar_entry *e)
{
	int fd, rc;

	clear_path(name, 0);
	fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0) {
		bb_warn_errno("%s: Cannot open", name);
		s->failed = 1;
		return 0;
	}
	rc = copy_data(s, fd, name);
	close(fd);
	set_attributes(s, name, e);
	return rc;
}

static void defer_dir(struct read_state *s, const char *name, const struct tar_entry *e)
{
	struct deferred_dir *d = fs_xmalloc(sizeof(*d));

	d->name = fs_xstrdup(name);
	d->attrs = *e;
	d->next = s->dirs;
	s->dirs = d;
}

/* Creates the non-regular member NAME. */
static void extract_special(struct read_state *s, const char *name, const struct tar_entry *e)
{
	int rc = 0;
	char *target = NULL;

	clear_path(name, e->type == TAR_DIRECTORY);
	switch (e->type) {
	case TAR_DIRECTORY:
		rc = mkdir(name, 0700);
		if (rc != 0 && errno == EEXIST)
			rc = 0;
		if (rc == 0)
			defer_dir(s, name, e);
		break;
	case TAR_SYMLINK:
		rc = symlink(e->linkpath, name);
		break;
	case TAR_HARDLINK:
		target = safe_name(s, e->linkpath);
		rc = target ? link(target, name) : -1;
		free(target);
		break;
	default: {
		mode_t type = e->type == TAR_CHARDEV ? S_IFCHR : e->type == TAR_BLOCKDEV ? S_IFBLK : S_IFIFO;
		rc = mknod(name, type | 0600, makedev(e->devmajor, e->devminor));
	}
	}
	if (rc != 0) {
		bb_warn_errno("%s: Cannot create", name);
		s->failed = 1;
		return;
	}
	if (e->type != TAR_DIRECTORY && e->type != TAR_HARDLINK)
		set_attributes(s, name, e);
}

static int extract_member(struct read_state *s, const struct tar_entry *e)
{
	char *name;
	int rc = 0;

	if (s->o->to_stdout)
		return e->type == TAR_REGULAR ? copy_data(s, 1, e->path) : 0;
	name = safe_name(s, e->path);
	if (!name)
		return 0;
	make_parents(name);
	if (e->type == TAR_REGULAR)
		rc = extract_file(s, name, e);
	else
		extract_special(s, name, e);
	free(name);
	return rc;
}

static int open_input(struct read_state *s)
{
	const char *f = s->o->file;

	if (!f || strcmp(f, "-") == 0) {
		s->fd = 0;
		return 0;
	}
	s->fd = open(f, O_RDONLY);
	if (s->fd < 0) {
		bb_warn_errno("%s: Cannot open", f);
		return -1;
	}
	return 0;
}

/* Applies the deferred directory attributes, deepest (latest) first. */
static void finish_dirs(struct read_state *s)
{
	while (s->dirs) {
		struct deferred_dir *next = s->dirs->next;
		set_attributes(s, s->dirs->name, &s->dirs->attrs);
		free(s->dirs->name);
		free(s->dirs);
		s->dirs = next;
	}
}

static int each_member(struct read_state *s, struct tar_entry *e)
{
	int rc;

	while ((rc = tar_reader_next(&s->r, e)) == 1) {
		if (!selected(s, e->path))
			continue;
		if (s->o->mode == 't') {
			if (s->o->verbose)
				tar_print_long(stdout, e);
			else
				printf("%s\n", e->path);
			continue;
		}
		if (s->o->verbose)
			fprintf(s->o->to_stdout ? stderr : stdout, "%s\n", e->path);
		if (extract_member(s, e) != 0)
			return -1;
	}
	if (rc == 0 && s->r.offset == 0)
		rc = TAR_ECHECKSUM;  /* empty input: not an archive at all */
	if (rc < 0)
		bb_warn("%s", rc == TAR_ECHECKSUM ? "This does not look like a tar archive" : tar_strerror(rc));
	return rc;
}

static int enter_directory(const struct tar_opts *o)
{
	if (o->mode == 'x' && o->dir && chdir(o->dir) != 0) {
		bb_warn_errno("%s: Cannot open", o->dir);
		return -1;
	}
	return 0;
}

int tar_read_archive(const struct tar_opts *o, char **names, int n)
{
	struct read_state s = { .o = o, .names = names, .nnames = n };
	struct tar_entry *e;
	int rc;

	if (open_input(&s) != 0 || enter_directory(o) != 0)
		return 2;
	s.found = fs_xmalloc((size_t)n + 1);
	memset(s.found, 0, (size_t)n + 1);
	s.umask = umask(0);
	umask(s.umask);
	s.root = geteuid() == 0;
	e = fs_xmalloc(sizeof(*e));
	tar_reader_init(&s.r, read_fd, &s.fd);
	rc = each_member(&s, e);
	finish_dirs(&s);
	for (int i = 0; i < n; i++)
		if (!s.found[i]) {
			bb_warn("%s: Not found in archive", names[i]);
			s.failed = 1;
		}
	if (s.fd != 0)
		close(s.fd);
	free(e);
	free(s.found);
	if (rc < 0 || s.failed)
		bb_warn("Exiting with failure status due to previous errors");
	return rc < 0 || s.failed ? 2 : 0;
}
