/*
 * sed: the stream editor. This file is the command line: options, the script
 * (from -e, -f or the first operand, joined with newlines), and the streams the
 * runner (sed_run.c) is given: all inputs as one, each file alone under -s, or
 * each file alone with its output replacing it under -i. A file under -i is
 * written to a temporary file in the same directory and renamed over the
 * original, keeping its mode.
 *
 * Exit status: 0, 1 for a bad script or usage, 2 for an unreadable input file,
 * 4 for an output file that cannot be written, or q's exit code.
 */
#include "sed.h"

#include "Lib/bb.h"
#include "Lib/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* -i: runs the program over PATH alone and replaces PATH with the output. */
static void edit_in_place(struct sed_state *st, char *path)
{
	struct stat sb;
	size_t len = strlen(path);
	char *tmp = malloc(len + 16);

	if (!tmp || stat(path, &sb) != 0) {
		bb_warn_errno("can't read %s", path);
		st->status = 2;
		free(tmp);
		return;
	}
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	sprintf(tmp, "%.*ssedXXXXXX", dirlen, path);
	int fd = mkstemp(tmp);
	if (fd < 0 || !(st->out = fdopen(fd, "w"))) {
		bb_warn_errno("couldn't open temporary file %s", tmp);
		st->status = 4;
		free(tmp);
		return;
	}
	st->files = &path;
	st->nfiles = 1;
	st->next_file = 0;
	st->missing_nl = false;
	sed_run_stream(st);
	fchmod(fd, sb.st_mode & 07777);
	if (fclose(st->out) != 0 || rename(tmp, path) != 0) {
		bb_warn_errno("couldn't write %s", path);
		unlink(tmp);
		st->status = 4;
	}
	st->out = stdout;
	free(tmp);
}

/* Adds TEXT to the script in *script (joined with newlines). */
static bool add_script(char **script, const char *text)
{
	size_t old = *script ? strlen(*script) : 0;
	char *p = realloc(*script, old + strlen(text) + 2);

	if (!p)
		return false;
	if (old)
		p[old++] = '\n';
	strcpy(p + old, text);
	*script = p;
	return true;
}

/* -f FILE: the file's text, less its final newline, as one more script part. */
static bool add_script_file(char **script, const char *path)
{
	FILE *f = input_open(path);
	char *text = NULL;
	long long len = f ? input_slurp(f, &text) : -1;
	char *bigger = len >= 0 ? realloc(text, len + 1) : NULL;
	bool ok = bigger != NULL;

	if (bigger)
		text = bigger;

	if (f)
		input_close(f, path);
	if (ok) {
		text[len - (len > 0 && text[len - 1] == '\n')] = '\0';
		ok = add_script(script, text);
	}
	free(text);
	return ok;
}

struct sed_opts {
	bool quiet, in_place, separate;
	char *script;
};

static int parse_opts(struct sed_opts *o, struct sed_prog *prog, int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "nsiErf:e:")) != -1) {
		switch (c) {
		case 'n': o->quiet = true; break;
		case 's': o->separate = true; break;
		case 'i': o->in_place = o->separate = true; break;
		case 'E': case 'r': prog->extended = true; break;
		case 'e':
			if (!add_script(&o->script, optarg))
				return 1;
			break;
		case 'f':
			if (!add_script_file(&o->script, optarg))
				return 4; /* GNU sed's status for a file it cannot open */
			break;
		default:
			return (bb_usage(), 1);
		}
	}
	if (!o->script) {
		if (optind >= argc) {
			bb_warn("no script specified");
			return (bb_usage(), 1);
		}
		add_script(&o->script, argv[optind++]);
	}
	return 0;
}

int sed_main(int argc, char **argv)
{
	struct sed_prog prog = { 0 };
	struct sed_opts o = { 0 };
	static char *dash[] = { "-" };
	int r = parse_opts(&o, &prog, argc, argv);

	if (r || !sed_compile(&prog, o.script)) {
		free(o.script);
		sed_free(&prog);
		return r ? r : prog.error_status ? prog.error_status : 1;
	}
	struct sed_state st = { .prog = &prog, .quiet = o.quiet, .out = stdout };
	int n = argc - optind;
	char **files = n ? argv + optind : dash;
	n = n ? n : 1;
	if (o.in_place && argc == optind) {
		bb_warn("no input files");
		st.status = 1;
	} else if (o.in_place) {
		for (int i = 0; i < n && !st.quit; i++)
			edit_in_place(&st, files[i]);
	} else if (o.separate) {
		for (int i = 0; i < n && !st.quit; i++) {
			st.files = files + i, st.nfiles = 1, st.next_file = 0;
			sed_run_stream(&st);
		}
	} else {
		st.files = files, st.nfiles = n;
		sed_run_stream(&st);
	}
	fflush(stdout);
	free(st.ps.s), free(st.hs.s), free(st.ahead.s), free(st.append), free(st.raw);
	free(o.script);
	sed_free(&prog);
	return st.status;
}
