/*
 * find -printf FORMAT: the directives scripts use most (%p %f %h %P %s %m %M %u %g
 * %U %G %y %l %d %i %n %k %b, the times %a %c %t and %Ak %Ck %Tk, %%), with
 * printf-style flags and width, and the
 * escapes \n \t \0 \\. An unknown directive or escape is printed as written, which
 * is what GNU find does with most of them.
 */
#include "find.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"
#include "Lib/id_names.h"
#include "Lib/mode_string.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Prints S with the flags/width in SPEC. */
static void put_str(const char *spec, const char *s)
{
	char fmt[40];

	snprintf(fmt, sizeof(fmt), "%%%ss", spec);
	printf(fmt, s);
}

static void put_num(const char *spec, long long v, char conv)
{
	char fmt[40];

	snprintf(fmt, sizeof(fmt), "%%%sll%c", spec, conv);
	printf(fmt, v);
}

/* %f of a starting point: its last component, with one trailing slash if it had
 * any, as GNU find prints it ("dir/" for "x/dir//", "/" for "/"). */
static const char *root_base(const char *path, char *buf, size_t len)
{
	size_t stem = strlen(path), start;

	while (stem > 1 && path[stem - 1] == '/')
		stem--;
	if (stem == 1 && path[0] == '/')
		return "/";
	for (start = stem; start > 0 && path[start - 1] != '/'; start--)
		;
	snprintf(buf, len, "%.*s%s", (int)(stem - start), path + start, path[stem] ? "/" : "");
	return buf;
}

/* GNU find's ctime(3) layout of TS, with ten fractional digits. */
static const char *ctime_layout(const struct timespec *ts, char *buf, size_t len)
{
	char date[40], year[8];
	struct tm *tm = localtime(&ts->tv_sec);

	strftime(date, sizeof(date), "%a %b %e %H:%M:%S", tm);
	strftime(year, sizeof(year), "%Y", tm);
	snprintf(buf, len, "%s.%09ld0 %s", date, ts->tv_nsec, year);
	return buf;
}

/* %Ak, %Ck, %Tk: field K of a time stamp. '@' is seconds since the epoch, 'S' and
 * '+' carry the fraction as GNU find prints them; the other letters are strftime's. */
static void time_field(char k, const char *spec, const struct timespec *ts)
{
	char buf[64], f[3] = { '%', k, 0 };
	struct tm *tm = localtime(&ts->tv_sec);

	if (k == '@')
		snprintf(buf, sizeof(buf), "%lld.%09ld0", (long long)ts->tv_sec, ts->tv_nsec);
	else if (k == 'S')
		snprintf(buf, sizeof(buf), "%02d.%09ld0", tm->tm_sec, ts->tv_nsec);
	else if (k == '+') {
		strftime(buf, sizeof(buf), "%Y-%m-%d+%H:%M:%S", tm);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".%09ld0", ts->tv_nsec);
	} else if (k == 'k' || k == 'l') /* musl's strftime lacks these two */
		snprintf(buf, sizeof(buf), "%2d", k == 'k' ? tm->tm_hour : (tm->tm_hour + 11) % 12 + 1);
	else if (!strftime(buf, sizeof(buf), f, tm))
		buf[0] = 0;
	put_str(spec, buf);
}

/* The -printf value of one directive C for E (with its root ROOT). */
static void directive(char c, const char *spec, const struct fs_entry *e, const char *root)
{
	const struct stat *st = e->st;
	char buf[4096], mode[11];

	switch (c) {
	case 'p': put_str(spec, e->path); return;
	case 'f': put_str(spec, e->depth ? e->name : root_base(e->path, buf, sizeof(buf))); return;
	case 'h': {
		/* everything before the last '/', trailing slashes aside; "." if none */
		size_t end = strlen(e->path);
		while (end > 1 && e->path[end - 1] == '/')
			end--;
		while (end > 0 && e->path[end - 1] != '/')
			end--;
		snprintf(buf, sizeof(buf), "%.*s", end ? (int)end - 1 : 0, e->path);
		put_str(spec, end ? buf : ".");
		return;
	}
	case 'P': {
		const char *rest = e->path + strlen(root);
		put_str(spec, rest + (*rest == '/'));
		return;
	}
	case 's': put_num(spec, st->st_size, 'd'); return;
	case 'm': put_num(spec, st->st_mode & 07777, 'o'); return;
	case 'M': mode_string(st->st_mode, mode); put_str(spec, mode); return;
	case 'u': put_str(spec, id_user_label(st->st_uid)); return;
	case 'g': put_str(spec, id_group_label(st->st_gid)); return;
	case 'U': put_num(spec, st->st_uid, 'd'); return;
	case 'G': put_num(spec, st->st_gid, 'd'); return;
	case 'y': buf[0] = mode_type_char(st->st_mode) == '-' ? 'f' : mode_type_char(st->st_mode);
		buf[1] = 0; put_str(spec, buf); return;
	case 'l': {
		ssize_t n = S_ISLNK(st->st_mode) ? readlink(e->path, buf, sizeof(buf) - 1) : -1;
		buf[n > 0 ? n : 0] = 0;
		put_str(spec, buf);
		return;
	}
	case 'd': put_num(spec, e->depth, 'd'); return;
	case 'i': put_num(spec, (long long)st->st_ino, 'd'); return;
	case 'n': put_num(spec, (long long)st->st_nlink, 'd'); return;
	case 'k': put_num(spec, ((long long)st->st_blocks + 1) / 2, 'd'); return;
	case 'b': put_num(spec, st->st_blocks, 'd'); return;
	case 'a': put_str(spec, ctime_layout(&st->st_atim, buf, sizeof(buf))); return;
	case 'c': put_str(spec, ctime_layout(&st->st_ctim, buf, sizeof(buf))); return;
	case 't': put_str(spec, ctime_layout(&st->st_mtim, buf, sizeof(buf))); return;
	}
	printf("%%%s%c", spec, c);
}

static void escape(char c)
{
	switch (c) {
	case 'n': putchar('\n'); return;
	case 't': putchar('\t'); return;
	case '0': putchar(0); return;
	case '\\': putchar('\\'); return;
	}
	putchar('\\');
	putchar(c);
}

void find_printf(const char *fmt, const struct fs_entry *e, const char *root)
{
	char spec[32];

	for (const char *p = fmt; *p; p++) {
		if (*p == '\\' && p[1]) {
			escape(*++p);
			continue;
		}
		if (*p != '%' || !p[1]) {
			putchar(*p);
			continue;
		}
		const char *start = ++p;
		p += strspn(p, "-+ #0");
		p += strspn(p, "0123456789");
		size_t sl = (size_t)(p - start) < sizeof(spec) ? (size_t)(p - start) : sizeof(spec) - 1;
		memcpy(spec, start, sl);
		spec[sl] = 0;
		if (!*p)
			break;
		if (*p == '%')
			putchar('%');
		else if (strchr("ACT", *p) && p[1] && strchr("@+SaAbBcdDhHIjklmMnprsTuUVwWxXyYzZ", p[1])) {
			const struct stat *st = e->st;
			char which = *p++;
			time_field(*p, spec, which == 'A' ? &st->st_atim : which == 'C' ? &st->st_ctim : &st->st_mtim);
		} else
			directive(*p, spec, e, root);
	}
}
