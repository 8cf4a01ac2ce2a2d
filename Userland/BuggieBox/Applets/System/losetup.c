/*
 * losetup: attach files to loop devices, detach them, and show what is attached.
 * The ioctls live in Lib/loopdev.c; this file is the command line.
 *
 *   losetup [-a]                    every attached device, in util-linux's -a format
 *                                   "/dev/loop0: [DEV]:INODE (FILE), offset N"
 *   losetup DEV                     that one device (status 1 if it is free)
 *   losetup -f                      print the first free device
 *   losetup [-r] [-o N] -f [--show] FILE   attach FILE to the first free device
 *   losetup [-r] [-o N] DEV FILE    attach FILE to DEV
 *   losetup -d DEV...               detach
 *
 * The backing file's full name comes from /sys/block/loopN/loop/backing_file when
 * sysfs has it, else from the 64-byte name in LOOP_GET_STATUS64. Status 1 on any
 * failure.
 */
#include "Lib/bb.h"
#include "Lib/loopdev.h"
#include "Lib/procfs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct losetup_options {
	int find, show, ro, detach, all;
	uint64_t offset;
};

/* Prints DEV's status line. Returns 0, or -1 with errno (ENXIO: not attached). */
static int show_device(const char *dev)
{
	struct loopdev_info info;
	char path[128], *file;
	const char *base = strrchr(dev, '/');

	if (loopdev_status(dev, &info) < 0)
		return -1;
	snprintf(path, sizeof(path), "/sys/block/%s/loop/backing_file", base ? base + 1 : dev);
	file = procfs_slurp(path, NULL);
	if (file)
		file[strcspn(file, "\n")] = '\0';
	printf("%s: [%04llu]:%llu (%s)", dev, (unsigned long long)info.lo_device,
	       (unsigned long long)info.lo_inode, file ? file : (char *)info.lo_file_name);
	if (info.lo_offset)
		printf(", offset %llu", (unsigned long long)info.lo_offset);
	putchar('\n');
	free(file);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	return strlen(x) != strlen(y) ? (int)strlen(x) - (int)strlen(y) : strcmp(x, y);
}

/* Every /dev/loopN that is attached, in numeric order. */
static int show_all(void)
{
	DIR *d = opendir("/dev");
	struct dirent *de;
	char *names[1024];
	int n = 0;

	if (!d) {
		bb_warn_errno("/dev");
		return 1;
	}
	while ((de = readdir(d)) && n < 1024)
		if (strncmp(de->d_name, "loop", 4) == 0 && isdigit((unsigned char)de->d_name[4]))
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	for (int i = 0; i < n; i++) {
		char dev[300];
		snprintf(dev, sizeof(dev), "/dev/%s", names[i]);
		show_device(dev); /* free devices answer ENXIO and are skipped */
		free(names[i]);
	}
	return 0;
}

static int detach_all(int argc, char **argv)
{
	int rc = 0;

	for (int i = optind; i < argc; i++)
		if (loopdev_detach(argv[i]) < 0) {
			bb_warn_errno("%s: detach failed", argv[i]);
			rc = 1;
		}
	return rc;
}

static int attach(const char *dev, const char *file, const struct losetup_options *o)
{
	char out[64];
	const char *what;

	int fd = loopdev_attach(file, dev, o->offset, o->ro ? LOOPDEV_FLAG_READ_ONLY : 0, out, sizeof(out), &what);

	if (fd < 0) {
		bb_warn_errno("%s: failed to set up loop device", what);
		return 1;
	}
	close(fd);
	if (o->show)
		printf("%s\n", out);
	return 0;
}

static int print_free(void)
{
	char dev[64];

	if (loopdev_find_free(dev, sizeof(dev)) < 0) {
		bb_warn_errno("/dev/loop-control: cannot find an unused loop device");
		return 1;
	}
	printf("%s\n", dev);
	return 0;
}

static int parse_options(int argc, char **argv, struct losetup_options *o)
{
	static const struct option longs[] = {
		{ "show", no_argument, NULL, 'S' }, { "find", no_argument, NULL, 'f' },
		{ "detach", no_argument, NULL, 'd' }, { "all", no_argument, NULL, 'a' },
		{ "read-only", no_argument, NULL, 'r' }, { "offset", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	char *end;

	while ((opt = getopt_long(argc, argv, "fdaro:", longs, NULL)) != -1) {
		switch (opt) {
		case 'f': o->find = 1; break;
		case 'S': o->show = 1; break;
		case 'd': o->detach = 1; break;
		case 'a': o->all = 1; break;
		case 'r': o->ro = 1; break;
		case 'o':
			o->offset = strtoull(optarg, &end, 0);
			if (*end || !*optarg || *optarg == '-') {
				bb_warn("invalid offset '%s'", optarg);
				return 1;
			}
			break;
		default: bb_usage(); return 1;
		}
	}
	return 0;
}

int losetup_main(int argc, char **argv)
{
	struct losetup_options o = { 0 };
	int operands;

	if (parse_options(argc, argv, &o))
		return 1;
	operands = argc - optind;
	if (o.detach)
		return operands ? detach_all(argc, argv) : (bb_warn("-d needs a device"), 1);
	if (o.all || (!o.find && operands == 0))
		return operands ? (bb_warn("-a takes no operands"), 1) : show_all();
	if (o.find && operands == 0)
		return print_free();
	if (o.find && operands == 1)
		return attach(NULL, argv[optind], &o);
	if (!o.find && operands == 1) {
		if (show_device(argv[optind]) == 0)
			return 0;
		bb_warn_errno("%s", argv[optind]);
		return 1;
	}
	if (!o.find && operands == 2)
		return attach(argv[optind], argv[optind + 1], &o);
	bb_warn("too many operands");
	return bb_usage(), 1;
}
