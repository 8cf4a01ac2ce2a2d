/*
 * ls output: the long format (-l), one name per line (-1), and columns (-C, the
 * default on a terminal). GNU ls's layout is followed so that listings compare
 * equal: long-format fields are padded to the widest value in the block (numbers
 * right-aligned, names left-aligned), times are "Mon dd HH:MM" for the last six
 * months and "Mon dd  YYYY" otherwise, and columns are filled top to bottom with
 * as many columns as fit the width, each two wider than its longest name.
 */
#include "ls.h"
#include "Lib/human_size.h"
#include "Lib/id_names.h"
#include "Lib/mode_string.h"
#include "Lib/fs_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

/* Column widths of one long-format block. */
struct ls_widths {
	int inode, blocks, links, owner, group, size;
};

static char indicator(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return '/';
	if (S_ISLNK(st->st_mode))
		return '@';
	if (S_ISFIFO(st->st_mode))
		return '|';
	if (S_ISSOCK(st->st_mode))
		return '=';
	if (S_ISREG(st->st_mode) && (st->st_mode & 0111))
		return '*';
	return 0;
}

/* The suffix -F or -p puts after a name with stat ST. */
static char name_suffix(const struct stat *st, const struct ls_opts *o)
{
	if (o->classify)
		return indicator(st);
	if (o->slash_dirs && S_ISDIR(st->st_mode))
		return '/';
	return 0;
}

/* The size field: bytes, a human size, or "major, minor" for devices. */
static void size_text(const struct ls_file *f, const struct ls_opts *o, char *buf, size_t len)
{
	if (S_ISCHR(f->st.st_mode) || S_ISBLK(f->st.st_mode))
		snprintf(buf, len, "%u, %u", major(f->st.st_rdev), minor(f->st.st_rdev));
	else if (o->human)
		human_size((uint64_t)f->st.st_size, buf, len);
	else
		snprintf(buf, len, "%lld", (long long)f->st.st_size);
}

/* The -s field: allocated size in 1K blocks, or human-readable. */
static void blocks_text(const struct ls_file *f, const struct ls_opts *o, char *buf, size_t len)
{
	uint64_t bytes = (uint64_t)f->st.st_blocks * 512;

	if (o->human)
		human_size(bytes, buf, len);
	else
		snprintf(buf, len, "%llu", (unsigned long long)human_blocks(bytes, 1024));
}

static const char *owner_text(const struct ls_file *f, const struct ls_opts *o, char *buf, size_t len)
{
	if (!o->numeric_ids)
		return id_user_label(f->st.st_uid);
	snprintf(buf, len, "%u", (unsigned)f->st.st_uid);
	return buf;
}

static const char *group_text(const struct ls_file *f, const struct ls_opts *o, char *buf, size_t len)
{
	if (!o->numeric_ids)
		return id_group_label(f->st.st_gid);
	snprintf(buf, len, "%u", (unsigned)f->st.st_gid);
	return buf;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void measure(struct ls_file *files, size_t n, const struct ls_opts *o, struct ls_widths *w)
{
	char buf[64];

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < n; i++) {
		struct ls_file *f = &files[i];
		if (!f->ok)
			continue;
		w->inode = max_int(w->inode, snprintf(buf, sizeof(buf), "%llu", (unsigned long long)f->st.st_ino));
		blocks_text(f, o, buf, sizeof(buf));
		w->blocks = max_int(w->blocks, (int)strlen(buf));
		w->links = max_int(w->links, snprintf(buf, sizeof(buf), "%lu", (unsigned long)f->st.st_nlink));
		w->owner = max_int(w->owner, (int)strlen(owner_text(f, o, buf, sizeof(buf))));
		w->group = max_int(w->group, (int)strlen(group_text(f, o, buf, sizeof(buf))));
		size_text(f, o, buf, sizeof(buf));
		w->size = max_int(w->size, (int)strlen(buf));
	}
}

static void print_time(time_t t)
{
	time_t now = time(NULL);
	struct tm *tm = localtime(&t);
	char buf[64];
	int recent = t <= now + 60 && now - t < 31556952 / 2;

	strftime(buf, sizeof(buf), recent ? "%b %e %H:%M" : "%b %e  %Y", tm);
	fputs(buf, stdout);
}

static void print_long(const struct ls_file *f, const struct ls_opts *o, const struct ls_widths *w)
{
	char mode[11], buf[64];
	char suffix;

	mode_string(f->st.st_mode, mode);
	if (o->inode)
		printf("%*llu ", w->inode, (unsigned long long)f->st.st_ino);
	if (o->blocks) {
		blocks_text(f, o, buf, sizeof(buf));
		printf("%*s ", w->blocks, buf);
	}
	printf("%s %*lu ", mode, w->links, (unsigned long)f->st.st_nlink);
	printf("%-*s ", w->owner, owner_text(f, o, buf, sizeof(buf)));
	printf("%-*s ", w->group, group_text(f, o, buf, sizeof(buf)));
	size_text(f, o, buf, sizeof(buf));
	printf("%*s ", w->size, buf);
	print_time(f->st.st_mtime);
	printf(" %s", f->name);
	if (S_ISLNK(f->st.st_mode)) {
		printf(" -> %s", f->target ? f->target : "");
		suffix = f->tok ? name_suffix(&f->tst, o) : 0;
	} else {
		suffix = name_suffix(&f->st, o);
	}
	if (suffix)
		putchar(suffix);
	putchar('\n');
}

/* The long line of a link -L could not follow: everything but type and name is '?'. */
static void print_broken(const struct ls_file *f, const struct ls_opts *o, const struct ls_widths *w)
{
	if (o->inode)
		printf("%*s ", w->inode, "?");
	if (o->blocks)
		printf("%*s ", w->blocks, "?");
	printf("%c????????? %*s %-*s %-*s %*s %12s %s\n", mode_type_char(f->st.st_mode), w->links, "?",
	       w->owner, "?", w->group, "?", w->size, "?", "?", f->name);
}

/* The text of one name in short formats (inode, blocks and suffix included); its length. */
static int short_text(const struct ls_file *f, const struct ls_opts *o, const struct ls_widths *w,
		      char *buf, size_t len)
{
	char suffix = name_suffix(&f->st, o);
	char blocks[32];
	int n = 0;

	if (o->inode)
		n = snprintf(buf, len, "%*llu ", w->inode, (unsigned long long)f->st.st_ino);
	if (o->blocks) {
		blocks_text(f, o, blocks, sizeof(blocks));
		n += snprintf(buf + n, len - (size_t)n, "%*s ", w->blocks, blocks);
	}
	n += snprintf(buf + n, len - (size_t)n, "%s", f->name);
	if (suffix && (size_t)n + 1 < len) {
		buf[n++] = suffix;
		buf[n] = 0;
	}
	return n;
}

/* Widths of the columns when N names are laid out in COLS columns; 0 if too wide. */
static int fits(const int *lens, size_t n, size_t cols, int width, int *colw)
{
	size_t rows = (n + cols - 1) / cols;
	int total = 0;

	for (size_t c = 0; c < cols; c++) {
		colw[c] = 0;
		for (size_t r = 0; r < rows && c * rows + r < n; r++)
			colw[c] = max_int(colw[c], lens[c * rows + r] + (c + 1 < cols ? 2 : 0));
		total += colw[c];
	}
	return total < width;
}

/* Pads from column FROM to column TO with tabs (every 8) and spaces, as GNU ls does. */
static void pad(int from, int to)
{
	while (from < to) {
		if (to / 8 > (from + 1) / 8) {
			putchar('\t');
			from += 8 - from % 8;
		} else {
			putchar(' ');
			from++;
		}
	}
}

static void print_columns(struct ls_file *files, size_t n, const struct ls_opts *o,
			  const struct ls_widths *w)
{
	int *lens = fs_xmalloc(n * sizeof(int)), *colw = fs_xmalloc(n * sizeof(int));
	char buf[4200];
	size_t cols = n, rows;

	for (size_t i = 0; i < n; i++)
		lens[i] = short_text(&files[i], o, w, buf, sizeof(buf));
	if (cols > (size_t)(o->width / 3))
		cols = o->width / 3 > 0 ? (size_t)(o->width / 3) : 1;
	while (cols > 1 && !fits(lens, n, cols, o->width, colw))
		cols--;
	fits(lens, n, cols, o->width, colw);
	rows = cols ? (n + cols - 1) / cols : 0;
	for (size_t r = 0; r < rows; r++) {
		int pos = 0;
		for (size_t c = 0; c < cols && c * rows + r < n; c++) {
			size_t i = c * rows + r;
			short_text(&files[i], o, w, buf, sizeof(buf));
			fputs(buf, stdout);
			if ((c + 1) * rows + r < n)
				pad(pos + lens[i], pos + colw[c]);
			pos += colw[c];
		}
		putchar('\n');
	}
	free(lens);
	free(colw);
}

static void print_total(struct ls_file *files, size_t n, const struct ls_opts *o)
{
	unsigned long long blocks = 0;
	char buf[32];

	for (size_t i = 0; i < n; i++)
		if (files[i].ok)
			blocks += (unsigned long long)files[i].st.st_blocks;
	if (o->human)
		printf("total %s\n", human_size(blocks * 512, buf, sizeof(buf)));
	else
		printf("total %llu\n", (unsigned long long)human_blocks(blocks * 512, 1024));
}

void ls_print_files(struct ls_file *files, size_t n, const struct ls_opts *o, int show_total,
		    struct ls_file *measured, size_t nmeasured)
{
	struct ls_widths w;
	char buf[4200];

	measure(measured, nmeasured, o, &w);
	if (show_total && (o->layout == 'l' || o->blocks))
		print_total(files, n, o);
	if (o->layout == 'l') {
		for (size_t i = 0; i < n; i++)
			if (files[i].ok)
				print_long(&files[i], o, &w);
			else if (files[i].broken)
				print_broken(&files[i], o, &w);
	} else if (o->layout == 'C') {
		print_columns(files, n, o, &w);
	} else {
		for (size_t i = 0; i < n; i++) {
			short_text(&files[i], o, &w, buf, sizeof(buf));
			puts(buf);
		}
	}
}
