/*
 * The container's file system view, built by its PID 1 inside the new mount
 * namespace before anything of the payload runs:
 *
 *   1. every mount becomes private (MS_PRIVATE|MS_REC on /), so nothing done
 *      here propagates back to the host;
 *   2. the root is mounted at the staging directory (rootfs.c);
 *   3. a fresh /proc, a minimal /dev, then each [mount] in file order, all below
 *      the staging directory, while host paths (bind sources) are still visible;
 *   4. pivot_root(".", ".") in the staging directory and umount2(".", MNT_DETACH)
 *      of the old root stacked under it, so the host's tree is unreachable;
 *   5. cwd "/" of the new root.
 *
 * A mount point is looked up component by component with lstat(), and a symlink
 * anywhere on the way is refused: an image cannot redirect a mount to a host path
 * (say /tmp -> /etc) while the host tree is still visible. Missing mount points
 * are created only on a tar root (our own tmpfs); erofs images are read-only and
 * a dir root is the host's directory, so there they must exist.
 *
 * With `mount = no` (a dir root only, nothing mounted) the root is entered with
 * chroot instead.
 */
#define _GNU_SOURCE
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static bool creates_mount_points; /* a tar root: our own tmpfs */

int setup_safe_target(const char *root, const char *path, bool want_dir, char *err, size_t size)
{
	char full[1024];
	size_t n = (size_t)snprintf(full, sizeof(full), "%s", root);
	const char *s = path;
	struct stat st;

	while (*s) {
		size_t len;
		bool last;

		while (*s == '/')
			s++;
		len = strcspn(s, "/");
		last = s[len] == '\0';
		if (n + len + 2 > sizeof(full)) {
			snprintf(err, size, "%s: path too long", path);
			return -1;
		}
		full[n++] = '/';
		memcpy(full + n, s, len);
		full[n += len] = '\0';
		s += len;
		if (lstat(full, &st) < 0) {
			if (errno != ENOENT || !creates_mount_points) {
				snprintf(err, size, "mount point %s: %s in the root%s", path, strerror(errno),
					errno == ENOENT ? " (add it to the image)" : "");
				return -1;
			}
			if ((!last || want_dir) ? mkdir(full, 0755) : mknod(full, S_IFREG | 0644, 0)) {
				snprintf(err, size, "create mount point %s: %s", path, strerror(errno));
				return -1;
			}
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			snprintf(err, size, "mount point %s: %.*s is a symlink in the root (refused: it could lead outside)",
				path, (int)(n - strlen(root)), full + strlen(root));
			return -1;
		}
		if ((!last || want_dir) && !S_ISDIR(st.st_mode)) {
			snprintf(err, size, "mount point %s: %.*s is not a directory", path, (int)(n - strlen(root)),
				full + strlen(root));
			return -1;
		}
	}
	return 0;
}

/* staging + path into buf, after checking the mount point. */
static int target(const char *staging, const char *path, bool want_dir, char *buf, size_t bufsize, char *err, size_t size)
{
	if (setup_safe_target(staging, path, want_dir, err, size) < 0)
		return -1;
	snprintf(buf, bufsize, "%s%s", staging, strcmp(path, "/") == 0 ? "" : path);
	return 0;
}

static int fail(char *err, size_t size, const char *what, const char *path)
{
	snprintf(err, size, "%s %s: %s", what, path, strerror(errno));
	return -1;
}

/* The device allow-list of a container's /dev. */
static const struct {
	const char *name;
	unsigned major, minor;
} dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

/* A device node: mknod, or else (no CAP_MKNOD) a bind mount of the host's. */
static int dev_node(const char *dir, const char *name, dev_t rdev, const char *host, char *err, size_t size)
{
	char path[1100];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mknod(path, S_IFCHR | 0666, rdev) == 0)
		return chmod(path, 0666) < 0 ? fail(err, size, "chmod", path) : 0;
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		return fail(err, size, "create", path);
	close(fd);
	if (mount(host, path, NULL, MS_BIND, NULL) < 0)
		return fail(err, size, "bind", host);
	return 0;
}

/* The container's own devpts instance at /dev/pts and /dev/ptmx -> pts/ptmx,
 * for `container exec`'s pseudo-terminals. A kernel without devpts (ENODEV)
 * only loses those. */
static int mount_pts(const char *dev, char *err, size_t size)
{
	char pts[1100], ptmx[1100];

	snprintf(pts, sizeof(pts), "%s/pts", dev);
	snprintf(ptmx, sizeof(ptmx), "%s/ptmx", dev);
	if (mkdir(pts, 0755) < 0)
		return fail(err, size, "mkdir", pts);
	if (mount("devpts", pts, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0) {
		if (errno == ENODEV)
			return rmdir(pts);
		return fail(err, size, "mount devpts on", pts);
	}
	if (symlink("pts/ptmx", ptmx) < 0)
		return fail(err, size, "symlink", ptmx);
	return 0;
}

static int mount_dev(const char *path, unsigned options, char *err, size_t size)
{
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	};
	unsigned long flags = MS_NOSUID | MS_NOEXEC;
	char link[1100], host[64];
	const char *tty;

	if (mount("tmpfs", path, "tmpfs", flags, "size=64k,nr_inodes=64,mode=0755") < 0)
		return fail(err, size, "mount tmpfs on", path);
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i].name);
		if (dev_node(path, dev_nodes[i].name, makedev(dev_nodes[i].major, dev_nodes[i].minor), host, err, size) < 0)
			return -1;
	}
	/* /dev/console is the caller's terminal, when there is one (as in LXC). */
	tty = isatty(0) ? ttyname(0) : NULL;
	if (tty) {
		snprintf(link, sizeof(link), "%s/console", path);
		int fd = open(link, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);

		if (fd < 0 || close(fd) < 0 || mount(tty, link, NULL, MS_BIND, NULL) < 0)
			return fail(err, size, "bind the terminal to", link);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(link, sizeof(link), "%s/%s", path, links[i][0]);
		if (symlink(links[i][1], link) < 0)
			return fail(err, size, "symlink", link);
	}
	if (mount_pts(path, err, size) < 0)
		return -1;
	if ((options & CONTAINER_OPT_RO) && mount(NULL, path, NULL, MS_REMOUNT | MS_RDONLY | flags, NULL) < 0)
		return fail(err, size, "remount read-only", path);
	return 0;
}

static unsigned long option_flags(unsigned options)
{
	return (options & CONTAINER_OPT_RO ? MS_RDONLY : 0) | (options & CONTAINER_OPT_NOEXEC ? MS_NOEXEC : 0);
}

static int mount_bind(const struct container_mount *m, const char *path, char *err, size_t size)
{
	if (mount(m->source, path, NULL, MS_BIND, NULL) < 0)
		return fail(err, size, "bind", m->source);
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | option_flags(m->options), NULL) < 0)
		return fail(err, size, "remount", path);
	return 0;
}

static int apply_mount(const struct container_config *cfg, const struct container_mount *m, const char *staging,
	char *err, size_t size)
{
	char path[1024], opts[64];
	struct stat st;
	bool dir = true;

	if (m->type == CONTAINER_MOUNT_BIND && stat(m->source, &st) == 0)
		dir = S_ISDIR(st.st_mode);
	if (target(staging, m->target, dir, path, sizeof(path), err, size) < 0)
		return -1;
	switch (m->type) {
	case CONTAINER_MOUNT_TMPFS:
		snprintf(opts, sizeof(opts), "size=%llu,mode=1777", (unsigned long long)m->size);
		if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | option_flags(m->options), opts) < 0)
			return fail(err, size, "mount tmpfs on", m->target);
		return 0;
	case CONTAINER_MOUNT_PROC:
		if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | option_flags(m->options), NULL) < 0)
			return fail(err, size, "mount proc on", m->target);
		return 0;
	case CONTAINER_MOUNT_DEV:
		return mount_dev(path, m->options, err, size);
	case CONTAINER_MOUNT_BIND:
		return mount_bind(m, path, err, size);
	}
	(void)cfg;
	return 0;
}

static int enter_with_chroot(const struct container_config *cfg, char *err, size_t size)
{
	if (chroot(cfg->root_source) < 0)
		return fail(err, size, "chroot", cfg->root_source);
	if (chdir("/") < 0)
		return fail(err, size, "chdir", "/");
	return 0;
}

static int pivot(const char *staging, char *err, size_t size)
{
	if (chdir(staging) < 0)
		return fail(err, size, "chdir", staging);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail(err, size, "pivot_root into", staging);
	if (umount2(".", MNT_DETACH) < 0)
		return fail(err, size, "umount2 of the old root under", staging);
	if (chdir("/") < 0)
		return fail(err, size, "chdir", "/");
	return 0;
}

int setup_enter_root(const struct container_config *cfg, const char *staging, char *err, size_t size)
{
	struct container_mount proc = { CONTAINER_MOUNT_PROC, "/proc", NULL, 0, 0, 0 };
	struct container_mount dev = { CONTAINER_MOUNT_DEV, "/dev", NULL, 0, 0, 0 };

	if (!cfg->ns_mount)
		return enter_with_chroot(cfg, err, size);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(err, size, "make every mount private (MS_PRIVATE|MS_REC)", "on /");
	if (rootfs_mount(cfg, staging, err, size) < 0)
		return -1;
	creates_mount_points = cfg->root_type == CONTAINER_ROOT_TAR && !cfg->root_readonly;
	if (cfg->proc && apply_mount(cfg, &proc, staging, err, size) < 0)
		return -1;
	if (cfg->dev && apply_mount(cfg, &dev, staging, err, size) < 0)
		return -1;
	for (size_t i = 0; i < cfg->nmounts; i++)
		if (apply_mount(cfg, &cfg->mounts[i], staging, err, size) < 0)
			return -1;
	return pivot(staging, err, size);
}
