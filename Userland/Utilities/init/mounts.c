/*
 * Boot mounts: devfs at /dev, procfs at /proc, tmpfs at /tmp, /run, /home and
 * /dev/shm (the one list in ARCHITECTURE.md section 5, kept in core.c), then devpts
 * at /dev/pts (pseudo-terminal slaves, for `script` and `container exec`; it needs
 * mount options, so it is kept here rather than in that list).
 *
 * Each mount point is created when missing (mkdir; /dev/shm only exists once devfs
 * is mounted, so the order matters). No mount options are passed: the wanted mode
 * is set with chmod on the mounted root. A failure names the path and the reason
 * and init carries on, so a partly working system still reaches a shell. What
 * mounted is remembered, so shutdown unmounts exactly that, in reverse.
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

static int mounted[16];
static int devpts_mounted;

/* Slaves readable and writable by their owner, writable by the group (Linux's usual
 * "mode=620"); /dev/ptmx in devfs is the master device everyone opens. */
static const struct init_mount devpts_mount = { "devpts", "/dev/pts", "devpts", 0755 };
#define DEVPTS_OPTIONS "mode=0620,ptmxmode=0000"

static int make_mount_point(const struct init_mount *m)
{
	struct stat st;
	if (stat(m->target, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		init_log("mount %s on %s: %s exists and is not a directory", m->type, m->target, m->target);
		return -1;
	}
	if (errno != ENOENT || mkdir(m->target, m->mode) < 0) {
		init_log("mount %s on %s: cannot create %s: %s", m->type, m->target, m->target, strerror(errno));
		return -1;
	}
	return 0;
}

/* Mounts one entry with `data` as its options; 1 when mounted, 0 when not (logged). */
static int mount_one(const struct init_mount *m, const char *data)
{
	if (make_mount_point(m) < 0)
		return 0;
	if (mount(m->source, m->target, m->type, 0, data) < 0) {
		init_log("mount %s on %s: %s", m->type, m->target, strerror(errno));
		return 0;
	}
	if (chmod(m->target, m->mode) < 0)
		init_log("chmod %o %s: %s", m->mode, m->target, strerror(errno));
	return 1;
}

void init_mount_all(void)
{
	_Static_assert(sizeof mounted / sizeof mounted[0] >= 6, "room for every boot mount");
	for (size_t i = 0; i < init_mount_count; i++)
		mounted[i] = mount_one(&init_mounts[i], NULL);
	devpts_mounted = mount_one(&devpts_mount, DEVPTS_OPTIONS);
}

static int unmount_one(const char *target)
{
	if (umount2(target, 0) < 0 && umount2(target, MNT_DETACH) < 0) {
		init_log("unmount %s: %s", target, strerror(errno));
		return 1;
	}
	return 0;
}

void init_unmount_all(void)
{
	if (devpts_mounted)
		devpts_mounted = unmount_one(devpts_mount.target);
	for (size_t i = init_mount_count; i-- > 0;)
		if (mounted[i])
			mounted[i] = unmount_one(init_mounts[i].target);
}
