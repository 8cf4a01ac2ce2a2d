/*
 * du: estimate file space usage.
 *
 * Each operand is walked with fs_walk in post-order; a stack of running byte
 * totals, one per depth, collects each directory's own blocks plus everything
 * below it. Sizes are summed in bytes (st_blocks * 512, or st_size with -b) and
 * only converted to the output unit when printed, rounding up, as GNU du does.
 * A file with several hard links is counted once per command, at its first name.
 */
#include "Lib/bb.h"
#include "usage.h"
#include "Lib/fs_tree.h"
#include "Lib/human_size.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct du_inode {
	dev_t dev;
	ino_t ino;
	int used;
};

struct du_state {
	int all, human, apparent, max_depth;  /* max_depth -1: unlimited */
	uint64_t unit;
	uint64_t *sums;                        /* running totals per depth */
	int depth_cap;
	struct du_inode *seen;                 /* hash set: directories and hard-linked */
	size_t nseen, capseen;                 /* files already counted */
	uint64_t grand_total;
	int failed;
};

static void print_size(const struct du_state *s, uint64_t bytes, const char *path)
{
	char buf[32];

	if (s->human)
		printf("%s\t%s\n", human_size(bytes, buf, sizeof(buf)), path);
	else
		printf("%llu\t%s\n", (unsigned long long)human_blocks(bytes, s->unit), path);
}

static size_t inode_slot(const struct du_inode *set, size_t cap, dev_t dev, ino_t ino)
{
	size_t h = ((size_t)ino * 2654435761u) ^ (size_t)dev;

	for (h &= cap - 1; set[h].used && (set[h].dev != dev || set[h].ino != ino); h = (h + 1) & (cap - 1))
		;
	return h;
}

static void grow_seen(struct du_state *s)
{
	size_t cap = s->capseen ? s->capseen * 2 : 256;
	struct du_inode *set = fs_xmalloc(cap * sizeof(*set));

	memset(set, 0, cap * sizeof(*set));
	for (size_t i = 0; i < s->capseen; i++)
		if (s->seen[i].used)
			set[inode_slot(set, cap, s->seen[i].dev, s->seen[i].ino)] = s->seen[i];
	free(s->seen);
	s->seen = set;
	s->capseen = cap;
}

/* Whether a directory or hard-linked file was counted before in this command (as
 * GNU du, which then leaves it out entirely); remembers it if not. */
static int seen_before(struct du_state *s, const struct stat *st)
{
	if (!S_ISDIR(st->st_mode) && st->st_nlink < 2)
		return 0;
	if (2 * (s->nseen + 1) > s->capseen)
		grow_seen(s);
	size_t h = inode_slot(s->seen, s->capseen, st->st_dev, st->st_ino);
	if (s->seen[h].used)
		return 1;
	s->seen[h] = (struct du_inode){ st->st_dev, st->st_ino, 1 };
	s->nseen++;
	return 0;
}

static uint64_t own_size(const struct du_state *s, const struct stat *st)
{
	return s->apparent ? (uint64_t)st->st_size : (uint64_t)st->st_blocks * 512;
}

static void ensure_depth(struct du_state *s, int depth)
{
	if (depth < s->depth_cap)
		return;
	s->sums = fs_xrealloc(s->sums, (size_t)(depth + 16) * sizeof(*s->sums));
	s->depth_cap = depth + 16;
}

static int shown_at(const struct du_state *s, int depth)
{
	return s->max_depth < 0 || depth <= s->max_depth;
}

/* Adds SIZE to the parent of an entry at DEPTH, or to the grand total at the root. */
static void add_up(struct du_state *s, int depth, uint64_t size)
{
	if (depth > 0)
		s->sums[depth - 1] += size;
	else
		s->grand_total += size;
}

static int du_visit(const struct fs_entry *e, void *ctx)
{
	struct du_state *s = ctx;
	uint64_t size;

	ensure_depth(s, e->depth);
	switch (e->kind) {
	case FS_STAT_ERR:
	case FS_DIR_ERR:
		fs_warn_entry(e);
		s->failed = 1;
		break;
	case FS_DIR_PRE:
		if (seen_before(s, e->st))
			return FS_PRUNE;
		s->sums[e->depth] = own_size(s, e->st);
		break;
	case FS_FILE:
		if (seen_before(s, e->st))
			break;
		size = own_size(s, e->st);
		if (e->depth == 0 || (s->all && shown_at(s, e->depth)))
			print_size(s, size, e->path);
		add_up(s, e->depth, size);
		break;
	case FS_DIR_POST:
		if (shown_at(s, e->depth))
			print_size(s, s->sums[e->depth], e->path);
		add_up(s, e->depth, s->sums[e->depth]);
		break;
	}
	return FS_CONTINUE;
}

int du_main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	struct du_state s = { 0 };
	int c, total = 0, follow = 0;

	s.max_depth = -1;
	s.unit = 1024;
	optind = 0;
	while ((c = getopt(argc, argv, "abcd:hHkLms")) != -1) {
		switch (c) {
		case 'a': s.all = 1; break;
		case 'b': s.apparent = 1; s.unit = 1; s.human = 0; break;
		case 'c': total = 1; break;
		case 'd': s.max_depth = atoi(optarg); break;
		case 'h': s.human = 1; break;
		case 'H': follow = FS_FOLLOW_ROOT; break;
		case 'k': s.unit = 1024; s.human = 0; break;
		case 'L': follow = FS_FOLLOW_ALL; break;
		case 'm': s.unit = 1024 * 1024; s.human = 0; break;
		case 's': s.max_depth = 0; break;
		default: return files_usage_error();
		}
	}
	char **ops = optind < argc ? argv + optind : dot;
	int nops = optind < argc ? argc - optind : 1;
	for (int i = 0; i < nops; i++)
		fs_walk(ops[i], follow, du_visit, &s);
	if (total)
		print_size(&s, s.grand_total, "total");
	free(s.sums);
	free(s.seen);
	return s.failed;
}
