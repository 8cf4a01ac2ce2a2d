/*
 * stat: display file status, in coreutils' default layout or a -c/--printf FORMAT.
 *
 * The default layout is itself written as a format string (DEFAULT_FORMAT and its
 * device-file variant), so there is one formatter: each %-directive takes
 * printf-style flags, width and precision, and is turned into a string or a number
 * that is printed with those flags. Birth time comes from statx(2), called through
 * syscall() because the libc may lack a wrapper; "-" when the file system keeps none.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/id_names.h"
#include "Lib/mode_string.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_HEAD "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
#define DEFAULT_TAIL "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n" \
	"Access: %x\nModify: %y\nChange: %z\n Birth: %w\n"
#define DEFAULT_FORMAT DEFAULT_HEAD "Device: %Hd,%Ld\tInode: %-11i Links: %h\n" DEFAULT_TAIL
#define DEVICE_FORMAT DEFAULT_HEAD \
	"Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n" DEFAULT_TAIL

struct stat_file {
	const char *name;
	struct stat st;
	struct timespec birth;  /* tv_sec == 0 && tv_nsec == -1: unknown */
	int quote_names;        /* %N quotes (in -c formats, not the default layout) */
};

/* Minimal statx layout (Linux UAPI), for the birth time only. */
struct bb_statx_ts {
	long long tv_sec;
	unsigned tv_nsec;
	int pad;
};
struct bb_statx {
	unsigned mask, blksize;
	unsigned long long attributes;
	unsigned nlink, uid, gid;
	unsigned short mode, pad1;
	unsigned long long ino, size, blocks, attributes_mask;
	struct bb_statx_ts atime, btime, ctime, mtime;
	unsigned spare[32];
};
#define BB_STATX_BTIME 0x800U

static void load_birth(struct stat_file *f, int follow)
{
	struct bb_statx sx;

	f->birth.tv_sec = 0;
	f->birth.tv_nsec = -1;
#ifdef SYS_statx
	if (syscall(SYS_statx, AT_FDCWD, f->name, follow ? 0 : AT_SYMLINK_NOFOLLOW,
		    BB_STATX_BTIME, &sx) == 0 && (sx.mask & BB_STATX_BTIME)) {
		f->birth.tv_sec = (time_t)sx.btime.tv_sec;
		f->birth.tv_nsec = (long)sx.btime.tv_nsec;
	}
#endif
}

static void human_time(const struct timespec *ts, char *buf, size_t len)
{
	struct tm *tm = localtime(&ts->tv_sec);
	char date[40], zone[8];

	if (ts->tv_nsec < 0) {
		snprintf(buf, len, "-");
		return;
	}
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", tm);
	strftime(zone, sizeof(zone), "%z", tm);
	snprintf(buf, len, "%s.%09ld %s", date, ts->tv_nsec, zone);
}

static void quoted_name(const struct stat_file *f, char *buf, size_t len)
{
	char target[4096];
	const char *q = f->quote_names ? "'" : "";
	int n = snprintf(buf, len, "%s%s%s", q, f->name, q);
	ssize_t t;

	if (!S_ISLNK(f->st.st_mode) || (size_t)n >= len)
		return;
	t = readlink(f->name, target, sizeof(target) - 1);
	if (t < 0)
		return;
	target[t] = 0;
	snprintf(buf + n, len - (size_t)n, " -> %s%s%s", q, target, q);
}

/* One conversion: either a string (*S set) or a number (*NUM, octal if *OCTAL). */
struct stat_value {
	const char *s;
	long long num;
	int octal, hex;
};

static int time_value(const struct timespec *ts, char c, struct stat_value *v, char *buf, size_t len)
{
	if (c >= 'a' && c <= 'z') {
		human_time(ts, buf, len);
		v->s = buf;
	} else if (ts->tv_nsec < 0) {
		v->s = "0";
	} else {
		v->num = ts->tv_sec;
	}
	return 0;
}

/* Fills V for directive C (with the H/L prefix in PREFIX, or 0). Returns -1 if unknown. */
static int value_of(const struct stat_file *f, char prefix, char c, struct stat_value *v,
		    char *buf, size_t len)
{
	const struct stat *st = &f->st;
	dev_t dev = c == 'r' ? st->st_rdev : st->st_dev;

	memset(v, 0, sizeof(*v));
	if (prefix)
		return (c == 'd' || c == 'r') ? (v->num = prefix == 'H' ? major(dev) : minor(dev), 0) : -1;
	switch (c) {
	case 'a': v->num = st->st_mode & 07777; v->octal = 1; return 0;
	case 'A': mode_string(st->st_mode, buf); v->s = buf; return 0;
	case 'b': v->num = st->st_blocks; return 0;
	case 'B': v->num = 512; return 0;
	case 'd': v->num = (long long)st->st_dev; return 0;
	case 'D': v->num = (long long)st->st_dev; v->hex = 1; return 0;
	case 'f': v->num = st->st_mode; v->hex = 1; return 0;
	case 'F': v->s = mode_type_name(st->st_mode, S_ISREG(st->st_mode) && st->st_size == 0); return 0;
	case 'g': v->num = st->st_gid; return 0;
	case 'G': v->s = id_group_name(st->st_gid) ? id_group_name(st->st_gid) : "UNKNOWN"; return 0;
	case 'h': v->num = (long long)st->st_nlink; return 0;
	case 'i': v->num = (long long)st->st_ino; return 0;
	case 'n': v->s = f->name; return 0;
	case 'N': quoted_name(f, buf, len); v->s = buf; return 0;
	case 'o': v->num = st->st_blksize; return 0;
	case 's': v->num = st->st_size; return 0;
	case 't': v->num = major(st->st_rdev); v->hex = 1; return 0;
	case 'T': v->num = minor(st->st_rdev); v->hex = 1; return 0;
	case 'u': v->num = st->st_uid; return 0;
	case 'U': v->s = id_user_name(st->st_uid) ? id_user_name(st->st_uid) : "UNKNOWN"; return 0;
	case 'w': case 'W': return time_value(&f->birth, c, v, buf, len);
	case 'x': case 'X': return time_value(&st->st_atim, c, v, buf, len);
	case 'y': case 'Y': return time_value(&st->st_mtim, c, v, buf, len);
	case 'z': case 'Z': return time_value(&st->st_ctim, c, v, buf, len);
	}
	return -1;
}

/* Prints V using the printf flags/width/precision in SPEC (e.g. "-10", "04"). */
static void print_value(const struct stat_value *v, const char *spec)
{
	char fmt[48];

	if (v->s) {
		snprintf(fmt, sizeof(fmt), "%%%ss", spec);
		printf(fmt, v->s);
	} else {
		snprintf(fmt, sizeof(fmt), "%%%sll%c", spec, v->octal ? 'o' : v->hex ? 'x' : 'd');
		printf(fmt, v->num);
	}
}

/* Prints the backslash escape at *P (after the backslash); advances *P. */
static void print_escape(const char **p)
{
	static const char from[] = "abefnrtv\\\"", to[] = "\a\b\033\f\n\r\t\v\\\"";
	const char *hit = **p ? strchr(from, **p) : NULL;

	if (hit) {
		putchar(to[hit - from]);
		(*p)++;
	} else if (**p >= '0' && **p <= '7') {
		int v = 0;
		for (int i = 0; i < 3 && **p >= '0' && **p <= '7'; i++, (*p)++)
			v = v * 8 + (**p - '0');
		putchar(v);
	} else {
		putchar('\\');
	}
}

static void print_format(const struct stat_file *f, const char *fmt, int escapes)
{
	char spec[32], buf[8300];
	struct stat_value v;

	for (const char *p = fmt; *p;) {
		if (escapes && *p == '\\') {
			p++;
			print_escape(&p);
			continue;
		}
		if (*p != '%') {
			putchar(*p++);
			continue;
		}
		const char *start = ++p;
		p += strspn(p, "-#0 +'");
		p += strspn(p, "0123456789");
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
		size_t sl = (size_t)(p - start) < sizeof(spec) ? (size_t)(p - start) : sizeof(spec) - 1;
		memcpy(spec, start, sl);
		spec[sl] = 0;
		char prefix = (*p == 'H' || *p == 'L') && (p[1] == 'd' || p[1] == 'r') ? *p++ : 0;
		if (*p == '%') {
			putchar('%');
			p++;
		} else if (*p && value_of(f, prefix, *p, &v, buf, sizeof(buf)) == 0) {
			print_value(&v, spec);
			p++;
		} else {
			putchar('?');
			if (*p)
				p++;
		}
	}
}

int stat_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dereference", no_argument, NULL, 'L' },
		{ "format", required_argument, NULL, 'c' },
		{ "printf", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL;
	int follow = 0, escapes = 0, newline = 1, c, status = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "Lc:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'L': follow = 1; break;
		case 'c': format = optarg; escapes = 0; newline = 1; break;
		case 'p': format = optarg; escapes = 1; newline = 0; break;
		default: return files_usage_error();
		}
	}
	if (optind >= argc) {
		bb_warn("missing operand");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		struct stat_file f = { argv[i], { 0 }, { 0, 0 }, format != NULL };
		if ((follow ? stat(f.name, &f.st) : lstat(f.name, &f.st)) != 0) {
			bb_warn_errno("cannot stat '%s'", f.name);
			status = 1;
			continue;
		}
		load_birth(&f, follow);
		if (format)
			print_format(&f, format, escapes);
		else
			print_format(&f, S_ISCHR(f.st.st_mode) || S_ISBLK(f.st.st_mode) ? DEVICE_FORMAT : DEFAULT_FORMAT, 0);
		if (format && newline)
			putchar('\n');
	}
	return status;
}
