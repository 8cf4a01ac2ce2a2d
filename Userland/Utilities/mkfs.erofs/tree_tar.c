/*
 * Reads a tar archive (--tar=f) into the in-memory tree with LibTar.
 *
 * The archive must be seekable: file data is not copied but recorded as an offset
 * into it, and image.c reads it from there. Standard input ("-") and pipes are first
 * spooled into an unlinked temporary file.
 *
 * Paths are normalised ("./a//b/" -> "a/b"; a leading "/" is dropped; ".." is
 * refused), and a map from normalised path to inode finds parents and hard-link
 * targets. Directories missing from the archive (as in many `docker export`s) are
 * created with mode 0755, owner 0:0 and mtime 0 (or -T). A later member with the same
 * path replaces the earlier one, as extracting would; a directory member met again
 * only updates its metadata.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libtar.h"
#include "mkfs.h"

struct tar_build {
	struct mkfs_tree *t;
	struct mkfs_map paths;
	const char *archive;
	int fd;
};

static long fd_read(void *ctx, void *buf, size_t len)
{
	struct tar_build *b = ctx;
	ssize_t n;
	do
		n = read(b->fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Copies a non-seekable input into an unlinked temporary file. */
static int spool(int in, const char *name)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[4096];
	snprintf(path, sizeof(path), "%s/mkfs.erofs-tar-XXXXXX", dir);
	int out = mkstemp(path);
	if (out < 0)
		mkfs_die_errno("%s: cannot create a temporary file", path);
	unlink(path);
	static char buf[1 << 16];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			mkfs_die_errno("%s: cannot spool %s", path, name);
	if (n < 0)
		mkfs_die_errno("%s", name);
	if (lseek(out, 0, SEEK_SET) != 0)
		mkfs_die_errno("%s: cannot rewind", path);
	return out;
}

static int open_archive(const char *tarfile)
{
	int fd = strcmp(tarfile, "-") == 0 ? 0 : open(tarfile, O_RDONLY);
	if (fd < 0)
		mkfs_die_errno("%s", tarfile);
	if (lseek(fd, 0, SEEK_CUR) != 0)
		fd = spool(fd, tarfile);
	uint8_t magic[4] = { 0 };
	if (pread(fd, magic, sizeof(magic), 0) < 0)
		mkfs_die_errno("%s", tarfile);
	if ((magic[0] == 0x1f && magic[1] == 0x8b) || !memcmp(magic, "BZh", 3) ||
	    !memcmp(magic, "\xfd" "7zX", 4) || !memcmp(magic, "\x28\xb5\x2f\xfd", 4))
		mkfs_die(1, "%s: compressed archives are not supported; decompress it first", tarfile);
	return fd;
}

/* Normalises path in place; returns it, or NULL when it contains "..". */
static char *normalise(char *path)
{
	char *out = path, *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		char *end = p;
		while (*end && *end != '/')
			end++;
		size_t n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return NULL;
		if (n && !(n == 1 && p[0] == '.')) {
			if (out != path)
				*out++ = '/';
			memmove(out, p, n);
			out += n;
		}
		p = end;
	}
	*out = '\0';
	return path;
}

static struct mkfs_inode *implicit_dir(void)
{
	return mkfs_inode_new(S_IFDIR | 0755);
}

/* The directory that holds path (creating missing ones); *name gets the last part. */
static struct mkfs_inode *parent_of(struct tar_build *b, char *path, const char **name)
{
	char *slash = strrchr(path, '/');
	if (!slash) {
		*name = path;
		return b->t->root;
	}
	*slash = '\0';
	struct mkfs_inode *dir = mkfs_map_get(&b->paths, path);
	if (!dir) {
		const char *pname;
		struct mkfs_inode *pp = parent_of(b, path, &pname);
		dir = implicit_dir();
		mkfs_dir_add(pp, pname, dir);
		mkfs_map_put(&b->paths, path, dir);
	}
	*slash = '/';
	*name = slash + 1;
	if (!S_ISDIR(dir->mode))
		mkfs_die(1, "%s: %s: parent is not a directory", b->archive, path);
	return dir;
}

static uint32_t type_bits(char type)
{
	switch (type) {
	case TAR_DIRECTORY: return S_IFDIR;
	case TAR_SYMLINK: return S_IFLNK;
	case TAR_CHARDEV: return S_IFCHR;
	case TAR_BLOCKDEV: return S_IFBLK;
	case TAR_FIFO: return S_IFIFO;
	default: return S_IFREG;
	}
}

static void copy_metadata(struct tar_build *b, struct mkfs_inode *in, const struct tar_entry *e,
			  const struct tar_reader *r)
{
	in->mode = type_bits(e->type) | (e->mode & 07777);
	in->uid = e->uid;
	in->gid = e->gid;
	if (e->mtime < 0)
		mkfs_warn("%s: %s: mtime before 1970 stored as 0", b->archive, e->path);
	in->mtime = e->mtime < 0 ? 0 : (uint64_t)e->mtime;
	in->mtime_nsec = 0;
	if (e->type == TAR_REGULAR) {
		in->size = e->size;
		in->src.offset = r->data_offset;
	} else if (e->type == TAR_SYMLINK) {
		in->symlink = mkfs_strdup(e->linkpath);
		in->size = strlen(in->symlink);
	} else if (e->type == TAR_CHARDEV || e->type == TAR_BLOCKDEV) {
		in->rdev = mkfs_encode_dev(e->devmajor, e->devminor);
	}
	in->nxattrs = 0;
	size_t pos = 0, len;
	const char *name;
	const uint8_t *value;
	while (mkfs_opt.xattrs && tar_xattr_next(e, &pos, &name, &value, &len))
		mkfs_xattr_add(in, name, value, len);
}

/* Points the dentry `name` in dir at `in` (replacing an earlier member). */
static void replace_child(struct mkfs_inode *dir, const char *name, struct mkfs_inode *in)
{
	for (size_t i = 0; i < dir->nchildren; i++)
		if (strcmp(dir->children[i].name, name) == 0)
			dir->children[i].inode = in;
	if (S_ISDIR(in->mode))
		in->parent = dir;
}

static struct mkfs_inode *hard_link_target(struct tar_build *b, const struct tar_entry *e)
{
	char *target = normalise(mkfs_strdup(e->linkpath));
	struct mkfs_inode *in = target ? mkfs_map_get(&b->paths, target) : NULL;
	if (!in || !*target)
		mkfs_die(1, "%s: %s: hard link target %s is not in the archive before it",
			 b->archive, e->path, e->linkpath);
	if (S_ISDIR(in->mode))
		mkfs_die(1, "%s: %s: hard link to a directory", b->archive, e->path);
	free(target);
	return in;
}

static void add_member(struct tar_build *b, const struct tar_entry *e, const struct tar_reader *r)
{
	char *path = normalise(mkfs_strdup(e->path));
	if (!path)
		mkfs_die(1, "%s: %s: path contains \"..\"", b->archive, e->path);
	struct mkfs_inode *old = *path ? mkfs_map_get(&b->paths, path) : b->t->root;
	if (old && S_ISDIR(old->mode) && e->type == TAR_DIRECTORY) {
		copy_metadata(b, old, e, r);
		free(path);
		return;
	}
	if (!*path || (old && S_ISDIR(old->mode)))
		mkfs_die(1, "%s: %s: replaces a directory with a non-directory", b->archive, e->path);
	const char *name;
	struct mkfs_inode *dir = parent_of(b, path, &name);
	if (strlen(name) > EROFS_NAME_LEN)
		mkfs_die(1, "%s: %s: name longer than %u bytes", b->archive, e->path, EROFS_NAME_LEN);
	struct mkfs_inode *in;
	if (e->type == TAR_HARDLINK) {
		in = hard_link_target(b, e);
	} else {
		in = mkfs_inode_new(0);
		copy_metadata(b, in, e, r);
	}
	if (old)
		replace_child(dir, name, in);
	else
		mkfs_dir_add(dir, name, in);
	mkfs_map_put(&b->paths, path, in);
	free(path);
}

int mkfs_tree_from_tar(struct mkfs_tree *t, const char *tarfile)
{
	struct tar_build b = { .t = t, .archive = tarfile, .fd = open_archive(tarfile) };
	t->root = implicit_dir();
	t->root->parent = t->root;
	struct tar_reader r;
	struct tar_entry *e = mkfs_alloc(sizeof(*e));
	tar_reader_init(&r, fd_read, &b);
	int rc;
	while ((rc = tar_reader_next(&r, e)) > 0)
		add_member(&b, e, &r);
	if (rc < 0)
		mkfs_die(1, "%s: at byte %llu: %s", tarfile, (unsigned long long)r.offset,
			 tar_strerror(rc));
	free(e);
	return b.fd;
}
