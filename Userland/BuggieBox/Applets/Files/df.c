/*
 * df: report file system space usage.
 *
 * The mount table is read from /proc/mounts (or /etc/mtab), one "DEVICE DIR TYPE
 * OPTIONS ..." line per mount, and each mount point is asked with statfs(2). As in
 * coreutils, file systems with no blocks (proc, sysfs, ...) are left out unless -a,
 * and a device mounted more than once is shown once. With FILE operands, each is
 * reported on the mount whose directory is the longest prefix of its real path.
 * Column widths follow the widest value, numbers right-aligned.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_tree.h"
#include "Lib/human_size.h"
#include "Lib/path_canon.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

struct df_mount {
	char *dev, *dir, *type;
	struct statfs sf;
	dev_t st_dev;
	int shown;
};

struct df_opts {
	int all, human, show_type, posix;
	uint64_t unit;
};

#define DF_COLS 7

/* Undoes the octal escapes (\040 for a space) of /proc/mounts in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

static struct df_mount *read_mounts(size_t *count)
{
	FILE *f = fopen("/proc/mounts", "r");
	struct df_mount *m = NULL;
	size_t n = 0, cap = 0;
	char line[4096];

	if (!f)
		f = fopen("/etc/mtab", "r");
	if (!f)
		bb_die_errno(1, "cannot read table of mounted file systems");
	while (fgets(line, sizeof(line), f)) {
		char *dev = strtok(line, " \t\n"), *dir = strtok(NULL, " \t\n"), *type = strtok(NULL, " \t\n");
		struct stat st;
		if (!dev || !dir || !type)
			continue;
		unescape(dev);
		unescape(dir);
		if (n == cap)
			m = fs_xrealloc(m, (cap = cap ? cap * 2 : 32) * sizeof(*m));
		memset(&m[n], 0, sizeof(m[n]));
		if (statfs(dir, &m[n].sf) != 0 || stat(dir, &st) != 0)
			continue;
		m[n].dev = fs_xstrdup(dev);
		m[n].dir = fs_xstrdup(dir);
		m[n].type = fs_xstrdup(type);
		m[n].st_dev = st.st_dev;
		n++;
	}
	fclose(f);
	*count = n;
	return m;
}

/* Marks what the plain listing shows: real file systems, each device once (the
 * entry with the shortest mount directory wins). */
static void choose_default(struct df_mount *m, size_t n, int all)
{
	for (size_t i = 0; i < n; i++) {
		m[i].shown = all || m[i].sf.f_blocks > 0;
		for (size_t j = 0; j < i && m[i].shown && !all; j++) {
			if (!m[j].shown || m[j].st_dev != m[i].st_dev)
				continue;
			if (strlen(m[i].dir) < strlen(m[j].dir))
				m[j].shown = 0;
			else
				m[i].shown = 0;
		}
	}
}

/* The index of the mount holding PATH (longest matching mount directory), or -1. */
static long mount_of(struct df_mount *m, size_t n, const char *path)
{
	char *real = path_canonical(path, PATH_CANON_EXISTING);
	long best = -1;
	size_t best_len = 0;

	if (!real)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(m[i].dir);
		int prefix = strncmp(real, m[i].dir, l) == 0 &&
			     (real[l] == '/' || real[l] == 0 || strcmp(m[i].dir, "/") == 0);
		if (prefix && (best < 0 || l >= best_len)) {
			best = (long)i;
			best_len = l;
		}
	}
	free(real);
	return best;
}

static void format_amount(const struct df_opts *o, uint64_t bytes, char *buf, size_t len)
{
	if (o->human)
		human_size(bytes, buf, len);
	else
		snprintf(buf, len, "%llu", (unsigned long long)human_blocks(bytes, o->unit));
}

/* Fills the DF_COLS cells of one row (Type included even when not shown). */
static void row_cells(const struct df_opts *o, const struct df_mount *m, char cells[DF_COLS][256])
{
	uint64_t bs = m->sf.f_frsize ? m->sf.f_frsize : m->sf.f_bsize;
	uint64_t total = m->sf.f_blocks * bs, avail = m->sf.f_bavail * bs;
	uint64_t used = (m->sf.f_blocks - m->sf.f_bfree) * bs;

	snprintf(cells[0], 256, "%s", m->dev);
	snprintf(cells[1], 256, "%s", m->type);
	format_amount(o, total, cells[2], 256);
	format_amount(o, used, cells[3], 256);
	format_amount(o, avail, cells[4], 256);
	if (used + avail == 0)
		snprintf(cells[5], 256, "-");
	else
		snprintf(cells[5], 256, "%llu%%",
			 (unsigned long long)human_blocks(used * 100, used + avail));
	snprintf(cells[6], 256, "%s", m->dir);
}

static void print_table(const struct df_opts *o, char (*cells)[DF_COLS][256], size_t rows)
{
	/* coreutils' minimum column widths */
	int width[DF_COLS] = { 14, 4, 5, 5, 5, 4, 0 };

	for (size_t r = 0; r < rows; r++)
		for (int c = 0; c < DF_COLS; c++)
			if ((int)strlen(cells[r][c]) > width[c])
				width[c] = (int)strlen(cells[r][c]);
	for (size_t r = 0; r < rows; r++) {
		printf("%-*s", width[0], cells[r][0]);
		if (o->show_type)
			printf(" %-*s", width[1], cells[r][1]);
		for (int c = 2; c <= 5; c++)
			printf(" %*s", width[c], cells[r][c]);
		printf(" %s\n", cells[r][6]);
	}
}

static void header(const struct df_opts *o, char cells[DF_COLS][256])
{
	static const char *const names[DF_COLS] = { "Filesystem", "Type", "", "Used", "Available", "Use%", "Mounted on" };

	for (int c = 0; c < DF_COLS; c++)
		snprintf(cells[c], 256, "%s", names[c]);
	if (o->human) {
		strcpy(cells[2], "Size");
		strcpy(cells[4], "Avail");
	} else if (o->unit == 1024 && !o->posix) {
		strcpy(cells[2], "1K-blocks");
	} else {
		snprintf(cells[2], 256, "%llu-blocks", (unsigned long long)o->unit);
	}
	if (o->posix)
		strcpy(cells[5], "Capacity");
}

int df_main(int argc, char **argv)
{
	struct df_opts o = { 0, 0, 0, 0, 1024 };
	struct df_mount *m;
	size_t n, rows = 1;
	int c, status = 0;

	optind = 0;
	while ((c = getopt(argc, argv, "ahkPT")) != -1) {
		switch (c) {
		case 'a': o.all = 1; break;
		case 'h': o.human = 1; break;
		case 'k': o.unit = 1024; o.human = 0; break;
		case 'P': o.posix = 1; break;
		case 'T': o.show_type = 1; break;
		default: return files_usage_error();
		}
	}
	m = read_mounts(&n);
	char (*cells)[DF_COLS][256] = fs_xmalloc((n + (size_t)argc + 1) * sizeof(*cells));
	header(&o, cells[0]);
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			long k = mount_of(m, n, argv[i]);
			if (k < 0) {
				bb_warn_errno("%s", argv[i]);
				status = 1;
				continue;
			}
			row_cells(&o, &m[k], cells[rows++]);
		}
	} else {
		choose_default(m, n, o.all);
		for (size_t i = 0; i < n; i++)
			if (m[i].shown)
				row_cells(&o, &m[i], cells[rows++]);
	}
	if (rows > 1 || status == 0)
		print_table(&o, cells, rows);
	return status;
}
