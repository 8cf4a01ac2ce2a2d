/*
 * tar: create (c), list (t) and extract (x) ustar archives, through LibTar.
 *
 * This file reads the command line. Both traditional spellings work: a first word
 * of bundled letters without a dash ("tar cvf a.tar dir", the letters' arguments
 * taken from the following words in order) and dashed options ("tar -c -f a.tar
 * -C dir ."). -C is positional when creating, as in GNU tar: it changes the
 * directory for the file operands after it. Compression (-z, -j, -J) is not
 * built in and is refused.
 */
#include "tar.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tar_cmdline {
	struct tar_opts o;
	struct tar_operand *ops;
	int nops;
	const char *cur_dir;
	int failed;
};

/* Applies option letter C; ARG is its argument when it takes one. Returns 0 or -1. */
static int apply_letter(struct tar_cmdline *cl, char c, const char *arg)
{
	switch (c) {
	case 'c': case 'x': case 't':
		if (cl->o.mode && cl->o.mode != c) {
			bb_warn("you may not specify more than one of -c, -t, -x");
			return -1;
		}
		cl->o.mode = c;
		return 0;
	case 'f': cl->o.file = arg; return 0;
	case 'C':
		cl->cur_dir = arg;
		cl->o.dir = arg;
		return 0;
	case 'v': cl->o.verbose++; return 0;
	case 'p': cl->o.preserve = 1; return 0;
	case 'm': cl->o.no_mtime = 1; return 0;
	case 'O': cl->o.to_stdout = 1; return 0;
	case 'z': case 'j': case 'J': case 'Z':
		bb_warn("option -%c (compression) not supported", c);
		return -1;
	default:
		bb_warn("invalid option -- '%c'", c);
		return -1;
	}
}

static int takes_arg(char c)
{
	return c == 'f' || c == 'C';
}

/* Applies the letters of WORD (no dash); their arguments come from ARGV[*I+1...]. */
static int apply_bundle(struct tar_cmdline *cl, const char *word, int argc, char **argv, int *i,
			int dashed)
{
	for (const char *p = word; *p; p++) {
		const char *arg = NULL;
		if (takes_arg(*p)) {
			if (dashed && p[1]) {
				arg = p + 1;
			} else if (*i + 1 < argc) {
				arg = argv[++*i];
			} else {
				bb_warn("option requires an argument -- '%c'", *p);
				return -1;
			}
		}
		if (apply_letter(cl, *p, arg) != 0)
			return -1;
		if (arg && dashed && arg == p + 1)
			break;
	}
	return 0;
}

static int parse(struct tar_cmdline *cl, int argc, char **argv)
{
	int i = 1, only_files = 0;

	cl->ops = fs_xmalloc((size_t)argc * sizeof(*cl->ops));
	if (argc > 1 && argv[1][0] != '-') {
		if (apply_bundle(cl, argv[1], argc, argv, &i, 0) != 0)
			return -1;
		i++;
	}
	for (; i < argc; i++) {
		const char *w = argv[i];
		if (!only_files && strcmp(w, "--") == 0) {
			only_files = 1;
		} else if (!only_files && strcmp(w, "--numeric-owner") == 0) {
			cl->o.numeric = 1;
		} else if (!only_files && strncmp(w, "--", 2) == 0) {
			bb_warn("unrecognized option '%s'", w);
			return -1;
		} else if (!only_files && w[0] == '-' && w[1]) {
			if (apply_bundle(cl, w + 1, argc, argv, &i, 1) != 0)
				return -1;
		} else {
			cl->ops[cl->nops++] = (struct tar_operand){ cl->cur_dir, w };
		}
	}
	return 0;
}

int tar_main(int argc, char **argv)
{
	struct tar_cmdline cl = { 0 };
	int status;

	if (parse(&cl, argc, argv) != 0) {
		free(cl.ops);
		return 2;
	}
	if (!cl.o.mode) {
		bb_warn("you must specify one of the -c, -t, -x options");
		free(cl.ops);
		return 2;
	}
	cl.o.msg = (cl.o.mode == 'c' && (!cl.o.file || strcmp(cl.o.file, "-") == 0)) ? stderr : stdout;
	if (cl.o.mode == 'c') {
		status = tar_create(&cl.o, cl.ops, cl.nops);
	} else {
		char **names = fs_xmalloc(((size_t)cl.nops + 1) * sizeof(char *));
		for (int i = 0; i < cl.nops; i++)
			names[i] = (char *)cl.ops[i].name;
		status = tar_read_archive(&cl.o, names, cl.nops);
		free(names);
	}
	free(cl.ops);
	return status;
}
