/*
 * find -exec: running commands for "-exec CMD {} ;" (one run per path, {} replaced
 * wherever it appears inside a word) and "-exec CMD {} +" (paths collected and run
 * in batches, like xargs, at most FIND_BATCH_ARGS paths or FIND_BATCH_BYTES bytes
 * per run, and once more at the end). stdout is flushed before each fork so output
 * stays in order.
 */
#include "find.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define FIND_BATCH_ARGS 1024
#define FIND_BATCH_BYTES (96 * 1024)

/* Runs ARGV; returns its exit status (127/126 when it cannot run, as a shell would). */
static int run(char **argv)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		bb_warn_errno("cannot fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		bb_warn_errno("'%s'", argv[0]);
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* WORD with every "{}" replaced by PATH (new allocation). */
static char *substitute(const char *word, const char *path)
{
	size_t n = 0, pl = strlen(path);
	char *out, *o;

	for (const char *w = word; *w; w++, n++)
		if (w[0] == '{' && w[1] == '}')
			n += pl, w++;
	o = out = fs_xmalloc(n + 1);
	for (const char *w = word; *w; w++) {
		if (w[0] == '{' && w[1] == '}') {
			memcpy(o, path, pl);
			o += pl;
			w++;
		} else {
			*o++ = *w;
		}
	}
	*o = 0;
	return out;
}

int find_exec_one(struct find_node *node, const char *path)
{
	char **argv = fs_xmalloc(((size_t)node->argc + 1) * sizeof(*argv));
	int rc;

	for (int i = 0; i < node->argc; i++)
		argv[i] = substitute(node->argv[i], path);
	argv[node->argc] = NULL;
	rc = run(argv);
	for (int i = 0; i < node->argc; i++)
		free(argv[i]);
	free(argv);
	return rc == 0;
}

/* Runs the batch of NODE now. Returns 0 if the command succeeded (or nothing ran). */
static int run_batch(struct find_node *node)
{
	struct find_batch *b = &node->batch;
	char **argv;
	int rc;

	if (b->n == 0)
		return 0;
	argv = fs_xmalloc(((size_t)node->argc + b->n + 1) * sizeof(*argv));
	memcpy(argv, node->argv, (size_t)node->argc * sizeof(*argv));
	memcpy(argv + node->argc, b->paths, b->n * sizeof(*argv));
	argv[node->argc + b->n] = NULL;
	rc = run(argv);
	free(argv);
	for (size_t i = 0; i < b->n; i++)
		free(b->paths[i]);
	b->n = b->bytes = 0;
	return rc == 0 ? 0 : -1;
}

int find_exec_add(struct find_node *node, const char *path)
{
	struct find_batch *b = &node->batch;
	int rc = 0;

	if (b->n >= FIND_BATCH_ARGS || b->bytes + strlen(path) > FIND_BATCH_BYTES)
		rc = run_batch(node);
	if (b->n == b->cap)
		b->paths = fs_xrealloc(b->paths, (b->cap = b->cap ? b->cap * 2 : 64) * sizeof(char *));
	b->paths[b->n++] = fs_xstrdup(path);
	b->bytes += strlen(path) + 1;
	return rc;
}

int find_flush(struct find_node *node)
{
	int rc = 0;

	if (!node)
		return 0;
	if (node->op == FIND_TEST && node->test == T_EXEC && node->plus)
		rc = run_batch(node);
	if (find_flush(node->l) != 0)
		rc = -1;
	if (find_flush(node->r) != 0)
		rc = -1;
	return rc;
}
