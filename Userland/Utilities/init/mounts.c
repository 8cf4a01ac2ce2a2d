/*
 * Boot mounts: devfs at /dev, procfs at /proc, tmpfs at /tmp, /run, /home and
 * /dev/shm (the one list in ARCHITECTURE.md section 5, kept in core.c).
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

void init_mount_all(void)
{
	_Static_assert(sizeof mounted / sizeof mounted[0] >= 6, "room for every boot mount");
	for (size_t i = 0; i < init_mount_count; i++) {
		const struct init_mount *m = &init_mounts[i];
		if (make_mount_point(m) < 0)
			continue;
		if (mount(m->source, m->target, m->type, 0, NULL) < 0) {
			init_log("mount %s on %s: %s", m->type, m->target, strerror(errno));
			continue;
		}
		mounted[i] = 1;
		if (chmod(m->target, m->mode) < 0)
			init_log("chmod %o %s: %s", m->mode, m->target, strerror(errno));
	}
}

void init_unmount_all(void)
{
	for (size_t i = init_mount_count; i-- > 0;) {
		if (!mounted[i])
			continue;
		const char *target = init_mounts[i].target;
		if (umount2(target, 0) < 0 && umount2(target, MNT_DETACH) < 0)
			init_log("unmount %s: %s", target, strerror(errno));
		else
			mounted[i] = 0;
	}
}
