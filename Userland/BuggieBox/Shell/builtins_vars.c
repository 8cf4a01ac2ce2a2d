/*
 * Builtins about variables and parameters: set, export, readonly, unset, local,
 * shift, getopts, read.
 *
 * getopts keeps its position inside a bundle of options ("-abc") in a static
 * and notices when the script resets OPTIND, as POSIX requires. read takes one
 * byte at a time from fd 0 so that it never consumes input past the line it
 * returns (the rest belongs to whatever runs next on the same input).
 */
#include "builtins.h"
#include "exec.h"
#include "parse.h"
#include "vars.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	char letter;
	int *flag;
} options[] = {
	{ "errexit", 'e', &sh.opt_e }, { "noglob", 'f', &sh.opt_f }, { "monitor", 'm', &sh.opt_m },
	{ "noexec", 'n', &sh.opt_n }, { "nounset", 'u', &sh.opt_u }, { "verbose", 'v', &sh.opt_v },
	{ "xtrace", 'x', &sh.opt_x }, { "noclobber", 'C', &sh.opt_C },
	{ "pipefail", 0, &sh.opt_pipefail },   /* no letter */
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static int set_option_letter(char c, int on)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].letter == c) {
			*options[i].flag = on;
			return 0;
		}
	return -1;
}

static int set_option_name(const char *name, int on)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcmp(options[i].name, name) == 0) {
			*options[i].flag = on;
			return 0;
		}
	sh_warn("set: %s: bad option name", name);
	return -1;
}

/* `set -o`: a table; `set +o`: commands that restore the settings. */
static void print_options(int as_commands)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		int on = *options[i].flag;
		if (as_commands)
			printf("set %co %s\n", on ? '-' : '+', options[i].name);
		else
			printf("%-16s%s\n", options[i].name, on ? "on" : "off");
	}
}

int options_apply(int argc, char **argv, int *dashdash, int (*extra)(char c, int on, void *ctx), void *ctx)
{
	int i = 1;

	*dashdash = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		int on = a[0] == '-';
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (strcmp(a, "--") == 0) {
			*dashdash = 1;
			return i + 1;
		}
		for (const char *c = a + 1; *c; c++) {
			/* -o NAME, also at the end of a bundle: set -euo pipefail. */
			if (*c == 'o') {
				if (i + 1 >= argc) {
					print_options(!on);
					return -1;
				}
				if (set_option_name(argv[++i], on) < 0)
					return -2;
			} else if ((!extra || extra(*c, on, ctx) < 0) && set_option_letter(*c, on) < 0) {
				sh_fail(2, "%s: %c%c: bad option", extra ? "sh" : "set", a[0], *c);
			}
		}
	}
	return i;
}

int bi_set(int argc, char **argv)
{
	int dashdash, i;

	if (argc == 1) {
		var_print(0, "");
		return 0;
	}
	i = options_apply(argc, argv, &dashdash, NULL, NULL);
	if (i < 0)
		return i == -1 ? 0 : 2;
	if (dashdash || i < argc || strcmp(argv[i - 1], "-") == 0)
		params_set(argc - i, argv + i);
	return 0;
}

static int declare(int argc, char **argv, int flag, const char *prefix)
{
	int st = 0, i = 1;

	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i >= argc) {
		var_print(flag, prefix);
		return 0;
	}
	for (; i < argc; i++) {
		size_t n = name_len(argv[i]);
		if (!n || (argv[i][n] && argv[i][n] != '=')) {
			sh_warn("%s: %s: bad variable name", argv[0], argv[i]);
			st = 2;
			continue;
		}
		if (argv[i][n] == '=') {
			if (var_assign(argv[i], flag) < 0)
				st = 2;
		} else {
			char *name = xstrndup(argv[i], n);
			var_add_flags(name, flag);
			free(name);
		}
	}
	return st;
}

int bi_export(int argc, char **argv)
{
	return declare(argc, argv, V_EXPORT, "export ");
}

int bi_readonly(int argc, char **argv)
{
	return declare(argc, argv, V_READONLY, "readonly ");
}

int bi_unset(int argc, char **argv)
{
	int i = 1, funcs = 0, st = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-f") == 0)
			funcs = 1;
		else if (strcmp(argv[i], "-v") == 0)
			funcs = 0;
		else
			break;
	}
	for (; i < argc; i++) {
		if (funcs)
			func_unset(argv[i]);
		else if (var_unset(argv[i]) < 0)
			sh_fail(2, "unset: %s: is read only", argv[i]);
	}
	return st;
}

int bi_local(int argc, char **argv)
{
	if (sh.func_depth == 0) {
		sh_warn("local: not in a function");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		size_t n = name_len(argv[i]);
		if (!n || (argv[i][n] && argv[i][n] != '=')) {
			sh_warn("local: %s: bad variable name", argv[i]);
			return 2;
		}
		char *name = xstrndup(argv[i], n);
		var_make_local(name);
		if (argv[i][n] == '=')
			var_assign(argv[i], 0);
		free(name);
	}
	return 0;
}

int bi_shift(int argc, char **argv)
{
	long n = 1;

	if (argc > 1 && (sh_parse_int(argv[1], &n) < 0 || n < 0))
		sh_fail(2, "shift: Illegal number: %s", argv[1]);
	if (n > sh_params.argc)
		sh_fail(2, "shift: can't shift that many");
	for (long i = 0; i < n; i++)
		free(sh_params.argv[i]);
	memmove(sh_params.argv, sh_params.argv + n, (sh_params.argc - n + 1) * sizeof(char *));
	sh_params.argc -= n;
	return 0;
}

/* ---- getopts ---- */

static int getopts_pos;       /* index inside the current argument, 0 = start */
static long getopts_optind;   /* OPTIND as getopts last left it */

static void set_optind(long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", n);
	var_set("OPTIND", buf, 0);
	getopts_optind = n;
}

static void set_opt(const char *name, char c, const char *arg)
{
	char s[2] = { c, 0 };

	var_set(name, s, 0);
	if (arg)
		var_set("OPTARG", arg, 0);
	else
		var_unset("OPTARG");
}

/* At the start of an argument: is it the end of the options? (then sets
 * name to '?' and OPTIND past "--"). Otherwise starts reading it. */
static int getopts_at_end(const char *name, char **args, int nargs, long optind)
{
	const char *a = optind <= nargs ? args[optind - 1] : NULL;

	if (!a || a[0] != '-' || !a[1] || strcmp(a, "--") == 0) {
		set_opt(name, '?', NULL);
		set_optind(a && strcmp(a, "--") == 0 ? optind + 1 : optind);
		return 1;
	}
	getopts_pos = 1;
	return 0;
}

int bi_getopts(int argc, char **argv)
{
	if (argc < 3) {
		sh_warn("getopts: usage: getopts optstring name [arg...]");
		return 2;
	}
	const char *spec = argv[1], *name = argv[2];
	char **args = argc > 3 ? argv + 3 : sh_params.argv;
	int nargs = argc > 3 ? argc - 3 : sh_params.argc, silent = spec[0] == ':';
	const char *ov = var_get("OPTIND");
	long optind = 1;

	if (ov && sh_parse_int(ov, &optind) < 0)
		optind = 1;
	if (optind != getopts_optind || optind < 1)
		getopts_pos = 0;
	if (optind < 1)
		optind = 1;
	if (getopts_pos == 0 && getopts_at_end(name, args, nargs, optind))
		return 1;
	const char *a = args[optind - 1];
	char c = a[getopts_pos++];
	const char *o = c == ':' ? NULL : strchr(spec + silent, c);
	if (!a[getopts_pos]) {
		optind++;
		getopts_pos = 0;
	}
	if (!o) {
		if (!silent)
			sh_warn("Illegal option -%c", c);
		set_opt(name, '?', silent ? (char[]){ c, 0 } : NULL);
	} else if (o[1] == ':') {
		if (getopts_pos) {
			set_opt(name, c, a + getopts_pos);
			optind++;
			getopts_pos = 0;
		} else if (optind <= nargs) {
			set_opt(name, c, args[optind - 1]);
			optind++;
		} else if (silent) {
			set_opt(name, ':', (char[]){ c, 0 });
		} else {
			sh_warn("No arg for -%c option", c);
			set_opt(name, '?', NULL);
		}
	} else {
		set_opt(name, c, NULL);
	}
	set_optind(optind);
	return 0;
}

/* ---- read ---- */

struct rchar {
	char c;
	int escaped;
};

/* Reads one line; returns 0 at EOF before a newline. */
static int read_line(int raw, struct rchar **out, size_t *n)
{
	size_t cap = 0;
	char c;

	*out = NULL;
	*n = 0;
	while (sh_read_byte(0, &c)) {
		int esc = 0;
		if (c == '\\' && !raw) {
			if (!sh_read_byte(0, &c))
				return 0;
			if (c == '\n')
				continue;
			esc = 1;
		} else if (c == '\n') {
			return 1;
		}
		if (*n + 1 >= cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * sizeof(struct rchar));
		}
		(*out)[(*n)++] = (struct rchar){ c, esc };
	}
	return 0;
}

static int is_ifs(const struct rchar *r, const char *ifs, int white)
{
	if (r->escaped || !strchr(ifs, r->c))
		return 0;
	return white == !!strchr(" \t\n", r->c);
}

static char *take(const struct rchar *line, size_t from, size_t to)
{
	char *s = xmalloc(to - from + 1);

	for (size_t i = from; i < to; i++)
		s[i - from] = line[i].c;
	s[to - from] = 0;
	return s;
}

static void assign_fields(char **names, int nnames, const struct rchar *line, size_t n)
{
	const char *ifs = var_get("IFS");
	size_t i = 0;

	if (!ifs)
		ifs = " \t\n";
	while (i < n && is_ifs(&line[i], ifs, 1))
		i++;
	for (int k = 0; k < nnames; k++) {
		size_t start = i, end;
		if (k == nnames - 1) {
			end = n;
			while (end > start && is_ifs(&line[end - 1], ifs, 1))
				end--;
			/* One trailing non-white delimiter is dropped with the whitespace. */
			if (end > start && is_ifs(&line[end - 1], ifs, 0)) {
				size_t e = end - 1;
				int other = 0;
				for (size_t j = start; j < e; j++)
					if (is_ifs(&line[j], ifs, 0))
						other = 1;
				if (!other)
					end = e;
			}
		} else {
			while (i < n && !is_ifs(&line[i], ifs, 1) && !is_ifs(&line[i], ifs, 0))
				i++;
			end = i;
			while (i < n && is_ifs(&line[i], ifs, 1))
				i++;
			if (i < n && is_ifs(&line[i], ifs, 0)) {
				i++;
				while (i < n && is_ifs(&line[i], ifs, 1))
					i++;
			}
		}
		char *v = take(line, start, end);
		var_set(names[k], v, 0);
		free(v);
	}
}

int bi_read(int argc, char **argv)
{
	int i = 1, raw = 0, got;
	struct rchar *line;
	size_t n;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-r") == 0) {
			raw = 1;
		} else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
			fputs(argv[++i], stderr);
			fflush(stderr);
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			sh_warn("read: option %s not supported", argv[i]);
			return 2;
		}
	}
	for (int k = i; k < argc; k++)
		if (!is_name(argv[k])) {
			sh_warn("read: %s: bad variable name", argv[k]);
			return 2;
		}
	got = read_line(raw, &line, &n);
	if (i >= argc) {
		char *reply[] = { "REPLY" };
		assign_fields(reply, 1, line, n);
	} else {
		assign_fields(argv + i, argc - i, line, n);
	}
	free(line);
	return got ? 0 : 1;
}
