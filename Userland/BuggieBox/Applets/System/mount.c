/*
 * mount and umount.
 *
 * Without operands mount lists /proc/mounts (undoing its octal escapes such as
 * \040) as "SRC on DIR type TYPE (OPTIONS)", optionally only one -t TYPE. With
 * operands it calls mount(2) with Linux's flag bits: -o words in the table below
 * become MS_* flags, words it does not know (size=, mode=, ...) are passed to the
 * file system as its data string, and the fstab-only words (defaults, auto, user,
 * ...) are accepted and ignored, as util-linux does. "loop" first attaches SRC to a
 * free loop device with LO_FLAGS_AUTOCLEAR (Lib/loopdev.c), so the device goes away
 * with the mount; "offset=N" sets where the device starts in the file. Without -t a
 * block device is tried with each non-"nodev" type of /proc/filesystems in turn.
 * As with util-linux, a remount keeps the per-mount flags (nosuid, ro...) the mount
 * has unless the options turn them off, and a bind mount given such flags is
 * remounted with them, since a new bind ignores them.
 *
 * Statuses as util-linux: 1 for bad usage, 32 when the mount itself fails.
 */
#include "Lib/bb.h"
#include "Lib/loopdev.h"
#include "Lib/procfs.h"
#include "mount_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int list_mounts(const char *type)
{
	char *text = procfs_slurp("/proc/mounts", NULL), *save = NULL;

	if (!text) {
		bb_warn_errno("/proc/mounts");
		return MOUNT_FAIL;
	}
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *fs = NULL;
		int n = 0;
		for (char *w = strtok_r(line, " ", &fs); w && n < 4; w = strtok_r(NULL, " ", &fs))
			f[n++] = w;
		if (n < 4 || (type && strcmp(type, f[2]) != 0))
			continue;
		printf("%s on %s type %s (%s)\n", mount_unescape(f[0]), mount_unescape(f[1]), f[2], f[3]);
	}
	free(text);
	return 0;
}

/* Tries each block-device type of /proc/filesystems. Returns 0, or -1 with errno. */
static int mount_any_type(const char *src, const char *dir, const struct mount_request *r)
{
	char *text = procfs_slurp("/proc/filesystems", NULL), *save = NULL;
	int err = ENODEV;

	if (!text)
		return -1;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "nodev", 5) == 0)
			continue;
		line += strspn(line, " \t");
		if (mount(src, dir, line, r->flags, r->data[0] ? r->data : NULL) == 0) {
			free(text);
			return 0;
		}
		if (errno != EINVAL && errno != ENODEV)
			err = errno; /* remember the most telling failure (EACCES, EROFS...) */
	}
	free(text);
	errno = err;
	return -1;
}

/*
 * A new bind mount ignores every flag but MS_REC, so, as util-linux does, flags
 * such as ro or nosuid are applied by a second call that remounts the bind.
 */
static int bind_mount(const char *src, const char *dir, const struct mount_request *r)
{
	unsigned long per_mount = r->flags & MOUNT_PER_MOUNT_FLAGS;

	if (mount(src, dir, NULL, r->flags & (MS_BIND | MS_REC), NULL) < 0)
		return -1;
	if (!per_mount)
		return 0;
	return mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | per_mount, NULL);
}

static int do_mount(const char *src, const char *dir, const struct mount_request *r)
{
	unsigned long special = MS_BIND | MS_MOVE | MS_REMOUNT | MS_PRIVATE | MS_SHARED | MS_SLAVE | MS_UNBINDABLE;
	struct stat st;

	if ((r->flags & (MS_BIND | MS_REMOUNT)) == MS_BIND)
		return bind_mount(src, dir, r);
	if (r->type || (r->flags & special))
		return mount(src, dir, r->type, r->flags, r->data[0] ? r->data : NULL);
	if (stat(src, &st) == 0 && S_ISBLK(st.st_mode))
		return mount_any_type(src, dir, r);
	bb_warn("%s: no file system type given (-t) and it is not a block device", src);
	errno = 0;
	return -1;
}

/* mount -o loop: attach, mount the device, and detach again if the mount fails. */
static int mount_loop(const char *file, const char *dir, const struct mount_request *r)
{
	uint32_t lflags = LOOPDEV_FLAG_AUTOCLEAR | (r->flags & MS_RDONLY ? LOOPDEV_FLAG_READ_ONLY : 0);
	char dev[64];
	const char *what;
	int fd = loopdev_attach(file, NULL, r->offset, lflags, dev, sizeof(dev), &what);

	if (fd < 0) {
		bb_warn_errno("%s: cannot set up a loop device", what);
		return MOUNT_FAIL;
	}
	int rc = do_mount(dev, dir, r);
	if (rc < 0 && errno)
		bb_warn_errno("mounting %s (%s) on %s failed", file, dev, dir);
	close(fd); /* with the mount failed, AUTOCLEAR detaches the device here */
	return rc < 0 ? MOUNT_FAIL : 0;
}

static int mount_one(const char *src, const char *dir, const struct mount_request *r)
{
	if (r->loop)
		return mount_loop(src, dir, r);
	if (do_mount(src, dir, r) < 0) {
		if (errno)
			bb_warn_errno("mounting %s on %s failed", src, dir);
		return MOUNT_FAIL;
	}
	return 0;
}

enum { OPT_MAKE = 256 };

static const struct option long_options[] = {
	{ "bind", no_argument, NULL, 'B' },
	{ "rbind", no_argument, NULL, 'R' },
	{ "move", no_argument, NULL, 'M' },
	{ "types", required_argument, NULL, 't' },
	{ "options", required_argument, NULL, 'o' },
	{ "read-only", no_argument, NULL, 'r' },
	{ "make-private", no_argument, NULL, OPT_MAKE },
	{ "make-rprivate", no_argument, NULL, OPT_MAKE },
	{ "make-shared", no_argument, NULL, OPT_MAKE },
	{ "make-rshared", no_argument, NULL, OPT_MAKE },
	{ "make-slave", no_argument, NULL, OPT_MAKE },
	{ "make-rslave", no_argument, NULL, OPT_MAKE },
	{ "make-unbindable", no_argument, NULL, OPT_MAKE },
	{ "make-runbindable", no_argument, NULL, OPT_MAKE },
	{ NULL, 0, NULL, 0 },
};

/* Applies one option to R. Returns 0 or MOUNT_USAGE. */
static int apply_option(struct mount_request *r, int opt, int index)
{
	char word[32];

	switch (opt) {
	case 't': r->type = optarg; return 0;
	case 'o': return mount_parse_options(r, optarg);
	case 'r': r->flags |= MS_RDONLY; return 0;
	case 'w': r->flags &= ~(unsigned long)MS_RDONLY; return 0;
	case 'n': return 0; /* there is no /etc/mtab to skip writing */
	case 'B': r->flags |= MS_BIND; return 0;
	case 'R': r->flags |= MS_BIND | MS_REC; return 0;
	case 'M': r->flags |= MS_MOVE; return 0;
	case OPT_MAKE:
		snprintf(word, sizeof(word), "%s", long_options[index].name + 5);
		return mount_parse_options(r, word);
	default: bb_usage(); return MOUNT_USAGE;
	}
}

int mount_main(int argc, char **argv)
{
	struct mount_request r = { 0 };
	int opt, index = 0, rc, propagation;

	while ((opt = getopt_long(argc, argv, "t:o:rwnBRM", long_options, &index)) != -1)
		if ((rc = apply_option(&r, opt, index)))
			return rc;
	if (optind == argc)
		return list_mounts(r.type);
	if (r.flags & MS_REMOUNT)
		r.flags |= mount_current_flags(argv[argc - 1]) & ~r.cleared;
	propagation = (r.flags & (MS_PRIVATE | MS_SHARED | MS_SLAVE | MS_UNBINDABLE)) != 0;
	if (argc - optind == 1 && (propagation || (r.flags & MS_REMOUNT)))
		return mount_one("none", argv[optind], &r);
	if (argc - optind == 1) {
		bb_warn("%s: which file system? (there is no /etc/fstab support; give SRC and DIR)", argv[optind]);
		return MOUNT_USAGE;
	}
	if (argc - optind > 2) {
		bb_warn("too many operands");
		return MOUNT_USAGE;
	}
	return mount_one(argv[optind], argv[optind + 1], &r);
}

int umount_main(int argc, char **argv)
{
	int opt, flags = 0, rc = 0;

	while ((opt = getopt(argc, argv, "lfn")) != -1) {
		if (opt == 'l')
			flags |= MNT_DETACH;
		else if (opt == 'f')
			flags |= MNT_FORCE;
		else if (opt != 'n')
			return bb_usage(), MOUNT_USAGE;
	}
	if (optind == argc) {
		bb_warn("nothing to unmount");
		bb_usage();
		return MOUNT_USAGE;
	}
	for (; optind < argc; optind++) {
		if (umount2(argv[optind], flags) < 0) {
			bb_warn_errno("%s", argv[optind]);
			rc = MOUNT_FAIL;
		}
	}
	return rc;
}
