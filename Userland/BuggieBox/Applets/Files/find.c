/*
 * find: walk file trees and evaluate an expression for each file.
 *
 * The expression (find_parse.c) is a tree of AND/OR/NOT over primaries; it is
 * evaluated with short-circuiting for every entry fs_walk reports, in pre-order, or
 * in post-order for directories under -depth/-delete. -maxdepth prunes the walk,
 * -mindepth skips evaluation near the roots. Side effects of evaluation that steer
 * the walk (-prune, -quit) are passed back through the per-entry struct find_ctx.
 *
 * Exit status: 0, or 1 when a path could not be reached, a directory could not be
 * read, -delete failed or an -exec ... + batch failed.
 */
#define _GNU_SOURCE  /* FNM_CASEFOLD */
#include "find.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct find_ctx {
	struct find_cfg *cfg;
	const struct fs_entry *e;
	const char *root;       /* the starting point being walked */
	int prune, quit;
	int status;
	time_t now;
};

static char type_letter(mode_t m)
{
	if (S_ISREG(m)) return 'f';
	if (S_ISDIR(m)) return 'd';
	if (S_ISLNK(m)) return 'l';
	if (S_ISBLK(m)) return 'b';
	if (S_ISCHR(m)) return 'c';
	if (S_ISFIFO(m)) return 'p';
	return 's';
}

static int compare(const struct find_num *num, long long v)
{
	return num->cmp == '+' ? v > num->n : num->cmp == '-' ? v < num->n : v == num->n;
}

static int is_empty(const struct fs_entry *e)
{
	if (S_ISREG(e->st->st_mode))
		return e->st->st_size == 0;
	if (!S_ISDIR(e->st->st_mode))
		return 0;
	DIR *d = opendir(e->path);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (de = readdir(d)))
		empty = fs_is_dot_or_dotdot(de->d_name);
	closedir(d);
	return empty;
}

static int perm_matches(const struct find_node *n, mode_t mode)
{
	mode &= 07777;
	if (n->perm_kind == '-')
		return (mode & n->mode) == n->mode;
	if (n->perm_kind == '/')
		return n->mode == 0 || (mode & n->mode) != 0;
	return mode == n->mode;
}

static int newer(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static int do_delete(struct find_ctx *c)
{
	const struct fs_entry *e = c->e;

	if (e->depth == 0 && fs_is_dot_or_dotdot(e->name))
		return 1;
	if ((S_ISDIR(e->st->st_mode) ? rmdir(e->path) : unlink(e->path)) != 0) {
		bb_warn_errno("cannot delete '%s'", e->path);
		c->status = 1;
		return 0;
	}
	return 1;
}

static int eval_test(struct find_node *n, struct find_ctx *c)
{
	const struct fs_entry *e = c->e;
	const struct stat *st = e->st;

	switch (n->test) {
	case T_TRUE: return 1;
	case T_FALSE: return 0;
	case T_NAME: return fnmatch(n->str, e->name, 0) == 0;
	case T_INAME: return fnmatch(n->str, e->name, FNM_CASEFOLD) == 0;
	case T_PATH: return fnmatch(n->str, e->path, 0) == 0;
	case T_IPATH: return fnmatch(n->str, e->path, FNM_CASEFOLD) == 0;
	case T_TYPE: return strchr(n->str, type_letter(st->st_mode)) != NULL;
	case T_NEWER: return newer(&st->st_mtim, &n->when);
	case T_SIZE: return compare(&n->num, (st->st_size + n->unit - 1) / n->unit);
	case T_EMPTY: return is_empty(e);
	case T_PERM: return perm_matches(n, st->st_mode);
	case T_MTIME: return compare(&n->num, (long long)(c->now - st->st_mtime) / 86400);
	case T_MMIN: return compare(&n->num, ((long long)(c->now - st->st_mtime) + 59) / 60);
	case T_USER: return st->st_uid == n->id;
	case T_GROUP: return st->st_gid == n->id;
	case T_LINKS: return compare(&n->num, (long long)st->st_nlink);
	case T_PRINT: printf("%s\n", e->path); return 1;
	case T_PRINT0: printf("%s%c", e->path, 0); return 1;
	case T_PRINTF: find_printf(n->str, e, c->root); return 1;
	case T_PRUNE: c->prune = 1; return 1;
	case T_QUIT: c->quit = 1; return 1;
	case T_DELETE: return do_delete(c);
	case T_EXEC:
		if (!n->plus)
			return find_exec_one(n, e->path);
		if (find_exec_add(n, e->path) != 0)
			c->status = 1;
		return 1;
	}
	return 0;
}

static int eval(struct find_node *n, struct find_ctx *c)
{
	if (c->quit)
		return 0;
	switch (n->op) {
	case FIND_AND: return eval(n->l, c) && eval(n->r, c);
	case FIND_OR: return eval(n->l, c) || eval(n->r, c);
	case FIND_NOT: return !eval(n->l, c);
	case FIND_TEST: return eval_test(n, c);
	}
	return 0;
}

/* Whether the walk must not go below directory E. */
static int stops_here(const struct find_cfg *cfg, const struct fs_entry *e)
{
	return cfg->maxdepth >= 0 && e->depth >= cfg->maxdepth;
}

static int find_visit(const struct fs_entry *e, void *vctx)
{
	struct find_ctx *c = vctx;
	struct find_cfg *cfg = c->cfg;
	int evaluate;

	if (e->kind == FS_STAT_ERR || e->kind == FS_DIR_ERR) {
		bb_warn("'%s': %s", e->path, strerror(e->err));
		c->status = 1;
		return FS_CONTINUE;
	}
	/* Under -depth a directory is evaluated after its contents, or at once when
	 * -maxdepth keeps the walk out of it. */
	if (cfg->depth_first)
		evaluate = e->kind != FS_DIR_POST ? e->kind == FS_FILE || stops_here(cfg, e)
						  : !stops_here(cfg, e);
	else
		evaluate = e->kind != FS_DIR_POST;
	c->e = e;
	c->prune = 0;
	if (evaluate && e->depth >= cfg->mindepth && (cfg->maxdepth < 0 || e->depth <= cfg->maxdepth))
		eval(cfg->expr, c);
	if (c->quit)
		return FS_STOP;
	if (e->kind == FS_DIR_PRE && ((c->prune && !cfg->depth_first) || stops_here(cfg, e)))
		return FS_PRUNE;
	return FS_CONTINUE;
}

/* Reads -H/-L/-P; returns the index of the first path. */
static int find_options(int argc, char **argv, struct find_cfg *cfg)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] && !argv[i][2]; i++) {
		if (argv[i][1] == 'H')
			cfg->follow = FS_FOLLOW_ROOT;
		else if (argv[i][1] == 'L')
			cfg->follow = FS_FOLLOW_ALL;
		else if (argv[i][1] == 'P')
			cfg->follow = 0;
		else
			break;
	}
	return i;
}

/* Whether W begins the expression rather than naming a path. */
static int starts_expression(const char *w)
{
	return (w[0] == '-' && w[1]) || strcmp(w, "!") == 0 || strcmp(w, "(") == 0;
}

int find_main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	struct find_cfg cfg = { NULL, -1, 0, 0, 0 };
	struct find_ctx c = { &cfg, NULL, NULL, 0, 0, 0, time(NULL) };
	int first = find_options(argc, argv, &cfg), end = first;
	char **paths;
	int npaths;

	while (end < argc && !starts_expression(argv[end]))
		end++;
	if (find_parse(argc, argv, end, &cfg) != 0)
		return 1;
	paths = end > first ? argv + first : dot;
	npaths = end > first ? end - first : 1;
	for (int i = 0; i < npaths && !c.quit; i++) {
		if (!*paths[i]) {
			bb_warn("'': No such file or directory");
			c.status = 1;
			continue;
		}
		c.root = paths[i];
		fs_walk(paths[i], cfg.follow, find_visit, &c);
	}
	if (find_flush(cfg.expr) != 0)
		c.status = 1;
	return c.status;
}
