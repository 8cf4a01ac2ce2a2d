/*
 * Word expansion, in the order POSIX gives: tilde, parameter expansion, command
 * substitution and arithmetic (left to right), then field splitting, pathname
 * expansion and quote removal.
 *
 * The first stage writes into an xbuf: the expanded characters plus one flag
 * byte per character saying where it came from. X_QUOTED characters were quoted
 * (never split, never glob characters); X_SPLIT characters came from an unquoted
 * expansion (IFS splits there); X_BREAK is a hard field boundary ("$@"); X_MARK
 * is an empty placeholder recording that quotes were present, so "" makes an
 * empty field while an unquoted empty expansion makes none. Working on flagged
 * characters keeps quote removal exact: nothing is ever re-scanned for quotes
 * after expansion.
 *
 * Parameter expansion, $NAME and ${...} with its operators, is in param.c; the
 * xbuf and the pieces the two files share are declared in xbuf.h.
 */
#include "expand.h"
#include "exec.h"
#include "parse.h"
#include "vars.h"
#include "xbuf.h"

#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void xput(struct xbuf *x, char c, unsigned char f)
{
	if (x->len + 1 >= x->cap) {
		x->cap = x->cap ? x->cap * 2 : 64;
		x->c = xrealloc(x->c, x->cap);
		x->f = xrealloc(x->f, x->cap);
	}
	x->c[x->len] = c;
	x->f[x->len++] = f;
}

void xput_xbuf(struct xbuf *x, const struct xbuf *src)
{
	for (size_t i = 0; i < src->len; i++)
		xput(x, src->c[i], src->f[i]);
}

void xfree(struct xbuf *x)
{
	free(x->c);
	free(x->f);
	memset(x, 0, sizeof(*x));
}

void xput_value(struct xbuf *x, const char *v, enum ctx ctx)
{
	for (; *v; v++)
		xput(x, *v, ctx == C_UNQ ? X_SPLIT : X_QUOTED);
}

char *xstring(const struct xbuf *x)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < x->len; i++) {
		if (x->f[i] & X_MARK)
			continue;
		sbuf_putc(&b, (x->f[i] & X_BREAK) ? ' ' : x->c[i]);
	}
	return sbuf_take(&b);
}

char *expand_substring(const char *s, enum ctx ctx)
{
	struct xbuf x = { 0 };
	char *r;

	expand_into(&x, s, strlen(s), ctx == C_UNQ ? C_UNQ : ctx);
	r = xstring(&x);
	xfree(&x);
	return r;
}

/* ---- $(...), `...`, $((...)) ---- */

char *command_output(const char *cmd)
{
	struct sbuf out = { 0 };
	int fds[2], st;
	pid_t pid;
	char buf[4096];
	ssize_t n;

	fflush(stdout);
	if (pipe(fds) < 0)
		sh_fail(2, "pipe: failed");
	pid = fork();
	if (pid < 0)
		sh_fail(2, "fork: failed");
	if (pid == 0) {
		close(fds[0]);
		if (fds[1] != 1) {
			dup2(fds[1], 1);
			close(fds[1]);
		}
		exec_enter_subshell();
		sh_exit(exec_string(cmd, sh.lineno));
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0)
			continue;
		sbuf_putn(&out, buf, n);
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0)
		;
	sh.subst_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	sh.has_subst = 1;
	while (out.len > 0 && out.s[out.len - 1] == '\n')
		out.s[--out.len] = 0;
	return sbuf_take(&out);
}

/* The text of `...` with its backslash escapes (\\ \` \$, and \" inside
 * double quotes) removed. */
static char *backquote_text(const char *s, size_t len, enum ctx ctx)
{
	struct sbuf b = { 0 };
	const char *esc = ctx == C_UNQ || ctx == C_HD ? "\\`$" : "\\`$\"";

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && strchr(esc, s[i + 1]))
			i++;
		sbuf_putc(&b, s[i]);
	}
	return sbuf_take(&b);
}

static void put_command(struct xbuf *x, const char *cmd, enum ctx ctx)
{
	char *out = command_output(cmd);

	xput_value(x, out, ctx);
	free(out);
}

long expand_arith(const char *s, size_t len)
{
	struct xbuf e = { 0 };
	char *text;
	long v;

	expand_into(&e, s, len, C_HD);
	text = xstring(&e);
	xfree(&e);
	v = arith_eval(text);
	free(text);
	return v;
}

static void put_arith(struct xbuf *x, const char *expr, size_t len, enum ctx ctx)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", expand_arith(expr, len));
	xput_value(x, buf, ctx);
}

/* s[i] is '$': expands what follows; returns the index after it. */
static size_t put_dollar(struct xbuf *x, const char *s, size_t i, size_t len, enum ctx ctx)
{
	size_t j, n;
	char name[256];

	if (i + 1 >= len) {
		xput(x, '$', ctx == C_UNQ ? 0 : X_QUOTED);
		return i + 1;
	}
	if (s[i + 1] == '{' || s[i + 1] == '(') {
		j = scan_dollar(s, i, len);
		if (s[i + 1] == '{') {
			char *in = xstrndup(s + i + 2, j - i - 3);
			put_braced(x, in, ctx);
			free(in);
		} else if (s[i + 2] == '(' && j - i >= 5 && s[j - 1] == ')' && s[j - 2] == ')') {
			put_arith(x, s + i + 3, j - i - 5, ctx);
		} else {
			char *in = xstrndup(s + i + 2, j - i - 3);
			put_command(x, in, ctx);
			free(in);
		}
		return j;
	}
	n = param_name_len(s + i + 1, 0);
	if (n == 0 || n >= sizeof(name)) {
		xput(x, '$', ctx == C_UNQ ? 0 : X_QUOTED);
		return i + 1;
	}
	memcpy(name, s + i + 1, n);
	name[n] = 0;
	put_param(x, name, ctx);
	return i + 1 + n;
}

/* ~ or ~user at the start of an unquoted word; returns the index after it. */
static size_t put_tilde(struct xbuf *x, const char *s, size_t len)
{
	size_t k = 1;
	const char *dir = NULL;

	while (k < len && s[k] != '/' && s[k] != ':')
		if (strchr("'\"\\$`", s[k++]))
			return 0;
	if (k == 1) {
		dir = var_get("HOME");
	} else {
		char *user = xstrndup(s + 1, k - 1);
		struct passwd *pw = getpwnam(user);
		free(user);
		dir = pw ? pw->pw_dir : NULL;
	}
	if (!dir)
		return 0;
	xput(x, 0, X_MARK);
	xput_value(x, dir, C_DQ);
	return k;
}

static int is_only_at(const char *s, size_t len)
{
	return (len == 2 && strncmp(s, "$@", 2) == 0) || (len == 4 && strncmp(s, "${@}", 4) == 0);
}

static size_t put_escape(struct xbuf *x, const char *s, size_t i, size_t len, enum ctx ctx)
{
	const char *special = ctx == C_UNQ ? NULL : ctx == C_HD ? "$`\\\n" : "$`\"\\\n";

	if (i + 1 >= len) {
		xput(x, '\\', X_QUOTED);
		return i + 1;
	}
	if (s[i + 1] == '\n')
		return i + 2;
	if (special && !strchr(special, s[i + 1])) {
		xput(x, '\\', X_QUOTED);
		return i + 1;
	}
	xput(x, s[i + 1], X_QUOTED);
	return i + 2;
}

/* Set while expanding the value of NAME=value, where ~ also expands after ':'. */
static int in_assignment;

void expand_into(struct xbuf *x, const char *s, size_t len, enum ctx ctx)
{
	size_t i = 0, j;

	if (ctx == C_UNQ && len > 0 && s[0] == '~' && (j = put_tilde(x, s, len)))
		i = j;
	while (i < len) {
		char c = s[i];
		if (c == ':' && ctx == C_UNQ && in_assignment && i + 1 < len && s[i + 1] == '~') {
			xput(x, ':', 0);
			i++;
			if ((j = put_tilde(x, s + i, len - i)))
				i += j;
			else
				xput(x, s[i++], 0);
		} else if (c == '\\') {
			i = put_escape(x, s, i, len, ctx);
		} else if (c == '$') {
			i = put_dollar(x, s, i, len, ctx);
		} else if (c == '`') {
			j = scan_backquote(s, i, len);
			char *cmd = backquote_text(s + i + 1, j - i - 2, ctx);
			put_command(x, cmd, ctx);
			free(cmd);
			i = j;
		} else if (c == '\'' && ctx == C_UNQ) {
			j = scan_squote(s, i, len);
			xput(x, 0, X_MARK);
			for (i++; i < j - 1; i++)
				xput(x, s[i], X_QUOTED);
			i = j;
		} else if (c == '"' && ctx == C_DQW) {
			j = scan_dquote(s, i, len);
			expand_into(x, s + i + 1, j - i - 2, C_DQ);
			i = j;
		} else if (c == '"' && ctx == C_UNQ) {
			j = scan_dquote(s, i, len);
			if (!(is_only_at(s + i + 1, j - i - 2) && sh_params.argc == 0))
				xput(x, 0, X_MARK);
			expand_into(x, s + i + 1, j - i - 2, C_DQ);
			i = j;
		} else {
			xput(x, c, ctx == C_UNQ ? 0 : X_QUOTED);
			i++;
		}
	}
}

/* ---- field splitting and globbing ---- */

struct field {
	struct xbuf x;
	int exists;
};

static int has_glob(const struct xbuf *x)
{
	for (size_t i = 0; i < x->len; i++)
		if (!(x->f[i] & (X_QUOTED | X_MARK)) && strchr("*?[", x->c[i]))
			return 1;
	return 0;
}

static char *pattern_of(const struct xbuf *x)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < x->len; i++) {
		if (x->f[i] & X_MARK)
			continue;
		if ((x->f[i] & X_QUOTED) && strchr("*?[]\\", x->c[i]))
			sbuf_putc(&b, '\\');
		sbuf_putc(&b, x->c[i]);
	}
	return sbuf_take(&b);
}

static void emit_field(struct field *fl, struct strv *out)
{
	if (!fl->exists && fl->x.len == 0)
		goto done;
	if (!sh.opt_f && has_glob(&fl->x)) {
		char *pat = pattern_of(&fl->x);
		glob_t g;
		if (glob(pat, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				strv_push(out, xstrdup(g.gl_pathv[i]));
			globfree(&g);
			free(pat);
			goto done;
		}
		free(pat);
	}
	strv_push(out, xstring(&fl->x));
done:
	xfree(&fl->x);
	fl->exists = 0;
}

static void split_fields(const struct xbuf *x, struct strv *out)
{
	const char *ifs = var_get("IFS");
	struct field fl = { { 0 }, 0 };
	size_t i = 0;

	if (!ifs)
		ifs = " \t\n";
	while (i < x->len) {
		char c = x->c[i];
		unsigned char f = x->f[i];
		if (f & X_BREAK) {
			emit_field(&fl, out);
			i++;
			continue;
		}
		if (f & X_MARK) {
			fl.exists = 1;
			i++;
			continue;
		}
		if (!(f & X_SPLIT) || !*ifs || !strchr(ifs, c)) {
			xput(&fl.x, c, f);
			i++;
			continue;
		}
		int white = strchr(" \t\n", c) != NULL;
		i++;
		if (white && !fl.exists && fl.x.len == 0)
			continue;
		fl.exists = 1;
		emit_field(&fl, out);
		while (i < x->len && (x->f[i] & X_SPLIT) && strchr(ifs, x->c[i])) {
			if (!strchr(" \t\n", x->c[i])) {
				if (!white)
					break;
				white = 0;
			}
			i++;
		}
	}
	emit_field(&fl, out);
}

void expand_fields(const char *word, struct strv *out)
{
	struct xbuf x = { 0 };

	expand_into(&x, word, strlen(word), C_UNQ);
	split_fields(&x, out);
	xfree(&x);
}

char *expand_string(const char *word)
{
	return expand_substring(word, C_UNQ);
}

char *expand_pattern(const char *word)
{
	struct xbuf x = { 0 };
	char *r;

	expand_into(&x, word, strlen(word), C_UNQ);
	r = pattern_of(&x);
	xfree(&x);
	return r;
}

char *expand_assignment(const char *value)
{
	char *r;

	in_assignment = 1;
	r = expand_substring(value, C_UNQ);
	in_assignment = 0;
	return r;
}

char *expand_heredoc(const char *body)
{
	return expand_substring(body, C_HD);
}
