/*
 * find's internal interface: the expression tree built by find_parse.c and
 * evaluated by find.c.
 */
#pragma once

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

struct fs_entry;

enum find_op { FIND_AND, FIND_OR, FIND_NOT, FIND_TEST };

/* The primaries. */
enum find_test {
	T_TRUE, T_FALSE, T_NAME, T_INAME, T_PATH, T_IPATH, T_TYPE, T_NEWER, T_SIZE,
	T_EMPTY, T_PERM, T_MTIME, T_MMIN, T_USER, T_GROUP, T_LINKS,
	T_PRINT, T_PRINT0, T_PRINTF, T_PRUNE, T_DELETE, T_QUIT, T_EXEC,
};

/* Comparison of a number: exactly, more than (+N), less than (-N). */
struct find_num {
	char cmp;          /* '=', '+', '-' */
	long long n;
};

/* A pending "-exec ... {} +" batch. */
struct find_batch {
	char **paths;
	size_t n, cap, bytes;
};

struct find_node {
	enum find_op op;
	struct find_node *l, *r;      /* operands of AND/OR; l for NOT */
	enum find_test test;
	const char *str;              /* pattern, type letters */
	struct find_num num;          /* size, mtime, links */
	long long unit;               /* size unit in bytes */
	mode_t mode;                  /* -perm */
	char perm_kind;               /* '=', '-' all of, '/' any of */
	unsigned id;                  /* -user/-group */
	struct timespec when;         /* -newer */
	char **argv;                  /* -exec command, {} where the path goes */
	int argc;
	int plus;                     /* -exec ... {} + */
	struct find_batch batch;
};

struct find_cfg {
	struct find_node *expr;
	int maxdepth;                 /* -1: none */
	int mindepth;
	int depth_first;              /* -depth, or implied by -delete */
	int follow;                   /* FS_FOLLOW_ALL / FS_FOLLOW_ROOT flags */
};

/*
 * Parses ARGV[FIRST..ARGC) as an expression into CFG (adding -print when it has no
 * action). Returns 0, or -1 after a message ("find: unknown predicate '-x'").
 */
int find_parse(int argc, char **argv, int first, struct find_cfg *cfg);

/* Prints FMT for entry E as -printf does; ROOT is the starting point E was found
 * under (for %P). */
void find_printf(const char *fmt, const struct fs_entry *e, const char *root);

/* Runs a pending -exec ... + batch of NODE (and every node below). Returns 0 if
 * all commands succeeded. */
int find_flush(struct find_node *node);

/* Runs "-exec ... ;" for PATH. Returns the command's success. */
int find_exec_one(struct find_node *node, const char *path);
/* Adds PATH to a "-exec ... +" batch, running it when full. Returns 0 or -1. */
int find_exec_add(struct find_node *node, const char *path);
