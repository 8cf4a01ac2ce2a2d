/*
 * touch: set access and modification times, creating empty files that are missing.
 *
 * The time comes from -d DATE, -t STAMP, -r FILE or the clock; -a and -m limit the
 * change to one of the two times (the other is UTIME_OMIT). Without an explicit
 * time utimensat() is given UTIME_NOW, which also works on files the caller may
 * write but does not own.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/time_parse.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

struct touch_opts {
	int no_create;
	int no_deref;
	int which;                /* 1 atime, 2 mtime, 3 both */
	struct timespec ts[2];    /* atime, mtime (UTIME_NOW unless given) */
};

static int touch_one(const char *path, struct touch_opts *o)
{
	struct timespec ts[2] = { o->ts[0], o->ts[1] };
	int flags = o->no_deref ? AT_SYMLINK_NOFOLLOW : 0;

	if (!(o->which & 1))
		ts[0].tv_nsec = UTIME_OMIT;
	if (!(o->which & 2))
		ts[1].tv_nsec = UTIME_OMIT;
	if (utimensat(AT_FDCWD, path, ts, flags) == 0)
		return 0;
	if (errno != ENOENT || o->no_deref) {
		if (errno == ENOENT && o->no_create)
			return 0;
		bb_warn_errno("setting times of '%s'", path);
		return 1;
	}
	if (o->no_create)
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY, 0666);
	if (fd < 0 || futimens(fd, ts) != 0) {
		bb_warn_errno("cannot touch '%s'", path);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

static int reference_times(const char *file, struct timespec ts[2])
{
	struct stat st;

	if (stat(file, &st) != 0) {
		bb_warn_errno("failed to get attributes of '%s'", file);
		return -1;
	}
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	return 0;
}

int touch_main(int argc, char **argv)
{
	struct touch_opts o = { 0, 0, 0, { { 0, UTIME_NOW }, { 0, UTIME_NOW } } };
	int c, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "acd:fhmr:t:")) != -1) {
		switch (c) {
		case 'a': o.which |= 1; break;
		case 'm': o.which |= 2; break;
		case 'c': o.no_create = 1; break;
		case 'f': break;
		case 'h': o.no_deref = 1; break;
		case 'd':
			if (time_parse_date(optarg, &o.ts[0]) != 0) {
				bb_warn("invalid date format '%s'", optarg);
				return 1;
			}
			o.ts[1] = o.ts[0];
			break;
		case 't':
			if (time_parse_stamp(optarg, &o.ts[0]) != 0) {
				bb_warn("invalid date format '%s'", optarg);
				return 1;
			}
			o.ts[1] = o.ts[0];
			break;
		case 'r':
			if (reference_times(optarg, o.ts) != 0)
				return 1;
			break;
		default: return files_usage_error();
		}
	}
	if (!o.which)
		o.which = 3;
	if (optind >= argc) {
		bb_warn("missing file operand");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= touch_one(argv[i], &o);
	return status;
}
