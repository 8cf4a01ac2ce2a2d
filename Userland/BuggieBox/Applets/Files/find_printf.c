/*
 * find -printf FORMAT: the directives scripts use most (%p %f %h %P %s %m %M %u %g
 * %U %G %y %l %d %i %n %k %b %t %T@ %%), with printf-style flags and width, and the
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
	case 't': {
		/* GNU find's ctime(3) layout with ten fractional digits */
		char date[40], year[8];
		struct tm *tm = localtime(&st->st_mtime);
		strftime(date, sizeof(date), "%a %b %e %H:%M:%S", tm);
		strftime(year, sizeof(year), "%Y", tm);
		snprintf(buf, sizeof(buf), "%s.%09ld0 %s", date, st->st_mtim.tv_nsec, year);
		put_str(spec, buf);
		return;
	}
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
		else if (*p == 'T' && p[1] == '@')
			p++, printf("%lld.%09ld0", (long long)e->st->st_mtim.tv_sec, e->st->st_mtim.tv_nsec);
		else
			directive(*p, spec, e, root);
	}
}
