/*
 * Parameter expansion: $NAME, the special parameters, and the operators of
 * ${...}. POSIX gives ${x-w} ${x:-w} ${x=w} ${x?w} ${x+w} (with and without the
 * colon), ${#x} and the four trims ${x#p} ${x##p} ${x%p} ${x%%p}; from bash come
 * ${x:offset[:length]} (also on $@ and $*) and the pattern substitutions
 * ${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}.
 *
 * Everything here appends to the caller's xbuf with the flags of its context
 * (xbuf.h), so a ${...} in double quotes is never split and the words inside
 * ${x-"a b"} keep their own quoting. Patterns come from expand_pattern(), which
 * escapes their quoted characters, and are matched with fnmatch(3) without
 * FNM_PATHNAME or FNM_PERIOD, as the shell's patterns require.
 *
 * An offset or length is an arithmetic expression. bash needs `${x: -2}` or
 * `${x:(-2)}` for a negative offset because `${x:-2}` is the default-value
 * operator; so does this shell. A negative length counts from the end.
 */
#include "expand.h"
#include "parse.h"
#include "vars.h"
#include "xbuf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char numbuf[32];

static const char *option_letters(void)
{
	static char buf[16];
	char *p = buf;

	if (sh.opt_e) *p++ = 'e';
	if (sh.opt_f) *p++ = 'f';
	if (sh.interactive) *p++ = 'i';
	if (sh.opt_m) *p++ = 'm';
	if (sh.opt_n) *p++ = 'n';
	if (sh.opt_u) *p++ = 'u';
	if (sh.opt_v) *p++ = 'v';
	if (sh.opt_x) *p++ = 'x';
	if (sh.opt_C) *p++ = 'C';
	*p = 0;
	return buf;
}

/* The value of a parameter by name ("1", "?", "HOME"...), NULL when unset. */
static const char *param_value(const char *name)
{
	if (name[0] && !name[1]) {
		switch (name[0]) {
		case '?': snprintf(numbuf, sizeof(numbuf), "%d", sh.status); return numbuf;
		case '$': snprintf(numbuf, sizeof(numbuf), "%d", (int)sh.pid); return numbuf;
		case '#': snprintf(numbuf, sizeof(numbuf), "%d", sh_params.argc); return numbuf;
		case '!':
			if (!sh.last_bg)
				return NULL;
			snprintf(numbuf, sizeof(numbuf), "%d", (int)sh.last_bg);
			return numbuf;
		case '-': return option_letters();
		case '0': return sh.arg0;
		}
	}
	if (name[0] >= '0' && name[0] <= '9') {
		int n = atoi(name);
		return n >= 1 && n <= sh_params.argc ? sh_params.argv[n - 1] : NULL;
	}
	if (strcmp(name, "LINENO") == 0) {
		snprintf(numbuf, sizeof(numbuf), "%d", sh.lineno);
		return numbuf;
	}
	return var_get(name);
}

static int is_all_params(const char *name)
{
	return strcmp(name, "@") == 0 || strcmp(name, "*") == 0;
}

/* A parameter's value for an operator that needs one: "" when unset, or an
 * error under set -u. */
static const char *value_or_empty(const char *name)
{
	const char *v = param_value(name);

	if (!v && sh.opt_u)
		sh_fail(2, "%s: parameter not set", name);
	return v ? v : "";
}

static char *joined_params(int argc, char **argv)
{
	const char *ifs = var_get("IFS");
	struct sbuf b = { 0 };

	for (int i = 0; i < argc; i++) {
		if (i > 0 && (!ifs || *ifs))
			sbuf_putc(&b, ifs ? *ifs : ' ');
		sbuf_puts(&b, argv[i]);
	}
	return sbuf_take(&b);
}

/* $@ or $* over argv[0..argc): separate fields unless "$*". */
static void put_all_params(struct xbuf *x, int argc, char **argv, int star, enum ctx ctx)
{
	if (ctx != C_UNQ && star) {
		char *j = joined_params(argc, argv);
		xput_value(x, j, ctx);
		free(j);
		return;
	}
	for (int i = 0; i < argc; i++) {
		if (i > 0) {
			xput(x, ' ', X_BREAK);
			if (ctx != C_UNQ)
				xput(x, 0, X_MARK);
		}
		xput_value(x, argv[i], ctx);
	}
}

void put_param(struct xbuf *x, const char *name, enum ctx ctx)
{
	if (is_all_params(name)) {
		/* Never "unset", even under set -u (POSIX). */
		put_all_params(x, sh_params.argc, sh_params.argv, name[0] == '*', ctx);
		return;
	}
	const char *v = param_value(name);
	if (!v) {
		if (sh.opt_u && strcmp(name, "!") != 0)
			sh_fail(2, "%s: parameter not set", name);
		return;
	}
	xput_value(x, v, ctx);
}

size_t param_name_len(const char *s, int braced)
{
	if (*s && strchr("@*#?-$!", *s))
		return 1;
	if (*s >= '0' && *s <= '9') {
		size_t n = 1;
		if (braced)
			while (s[n] >= '0' && s[n] <= '9')
				n++;
		return n;
	}
	return name_len(s);
}

static int param_is_set(const char *name, int colon)
{
	if (is_all_params(name))
		return sh_params.argc > 0 && (!colon || sh_params.argc > 1 || *sh_params.argv[0]);
	const char *v = param_value(name);
	return v && (!colon || *v);
}

static void put_length(struct xbuf *x, const char *name, enum ctx ctx)
{
	char buf[32];

	if (is_all_params(name))
		snprintf(buf, sizeof(buf), "%d", sh_params.argc);
	else
		snprintf(buf, sizeof(buf), "%zu", strlen(value_or_empty(name)));
	xput_value(x, buf, ctx);
}

/* The word of ${x-word} / ${x+word}: in an unquoted expansion its unquoted
 * characters are subject to field splitting like any expansion result. */
static void put_word(struct xbuf *x, const char *word, enum ctx ctx)
{
	size_t from = x->len;

	expand_into(x, word, strlen(word), ctx == C_DQ ? C_DQW : ctx);
	if (ctx == C_UNQ)
		for (size_t i = from; i < x->len; i++)
			if (x->f[i] == 0)
				x->f[i] = X_SPLIT;
}

/* v[from..to) as the value of an expansion. */
static void put_range(struct xbuf *x, const char *v, size_t from, size_t to, enum ctx ctx)
{
	for (size_t i = from; i < to; i++)
		xput(x, v[i], ctx == C_UNQ ? X_SPLIT : X_QUOTED);
}

/* Does pat match s[from..to)? s is modified and restored. */
static int match_range(const char *pat, char *s, size_t from, size_t to)
{
	char save = s[to];
	int m;

	s[to] = 0;
	m = fnmatch(pat, s + from, 0) == 0;
	s[to] = save;
	return m;
}

/* The end of the longest (or shortest) match of pat starting at s[from], or
 * -1 when nothing from there matches. n is strlen(s). */
static long match_from(const char *pat, char *s, size_t from, size_t n, int longest)
{
	for (size_t k = 0; k <= n - from; k++) {
		size_t to = longest ? n - k : from + k;
		if (match_range(pat, s, from, to))
			return (long)to;
	}
	return -1;
}

/* The start of the longest (or shortest) suffix of s matching pat, or -1. */
static long match_suffix(const char *pat, char *s, size_t n, int longest)
{
	for (size_t k = 0; k <= n; k++) {
		size_t from = longest ? k : n - k;
		if (match_range(pat, s, from, n))
			return (long)from;
	}
	return -1;
}

/* ${name#pat} ${name##pat} ${name%pat} ${name%%pat}; op points at the operator. */
static void put_trimmed(struct xbuf *x, const char *name, const char *op, enum ctx ctx)
{
	int longest = op[1] == op[0];
	char *v = xstrdup(value_or_empty(name));
	char *pat = expand_pattern(op + 1 + longest);
	size_t n = strlen(v);
	long at;

	if (*op == '#') {
		at = match_from(pat, v, 0, n, longest);
		put_range(x, v, at < 0 ? 0 : (size_t)at, n, ctx);
	} else {
		at = match_suffix(pat, v, n, longest);
		put_range(x, v, 0, at < 0 ? n : (size_t)at, ctx);
	}
	free(pat);
	free(v);
}

/* s[i] starts a quoted or expanded unit (quotes, $..., `...`, \c) or is a
 * plain character; returns the index after it. */
static size_t skip_unit(const char *s, size_t i, size_t len)
{
	switch (s[i]) {
	case '\'': return scan_squote(s, i, len);
	case '"': return scan_dquote(s, i, len);
	case '`': return scan_backquote(s, i, len);
	case '$': return scan_dollar(s, i, len);
	case '\\': return i + 2 < len ? i + 2 : len;
	}
	return i + 1;
}

/* The first c in s outside quotes and expansions, or NULL. */
static const char *find_unquoted(const char *s, char c)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i = skip_unit(s, i, len))
		if (s[i] == c)
			return s + i;
	return NULL;
}

/* The ':' that ends the offset of ${x:offset:length}: outside parentheses,
 * quotes and expansions, and not the ':' of an offset's own ?: operator. */
static const char *offset_end(const char *s)
{
	size_t len = strlen(s);
	int depth = 0, ternary = 0;

	for (size_t i = 0; i < len; i = skip_unit(s, i, len)) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')')
			depth--;
		else if (s[i] == '?' && depth == 0)
			ternary++;
		else if (s[i] == ':' && depth == 0 && ternary-- == 0)
			return s + i;
	}
	return NULL;
}

struct slice {
	long from, to;
};

/* Turns the text OFFSET[:LENGTH] into [from, to) over n items. A negative
 * offset counts back from n; so does a negative length, unless
 * allow_negative_length is 0 (then it is an error, as for ${@:1:-1} in bash).
 * Returns 0 for an empty slice. */
static int slice_of(const char *spec, long n, int allow_negative_length, struct slice *s)
{
	const char *colon = offset_end(spec);
	long off = expand_arith(spec, colon ? (size_t)(colon - spec) : strlen(spec));
	long len = colon ? expand_arith(colon + 1, strlen(colon + 1)) : n;

	if (off < 0)
		off += n;
	if (colon && len < 0 && !allow_negative_length)
		sh_fail(2, "%ld: substring expression < 0", len);
	if (off < 0 || off > n)
		return 0;
	s->from = off;
	s->to = len < 0 ? n + len : (len > n - off ? n : off + len);
	if (s->to < off)
		sh_fail(2, "%ld: substring expression < 0", len);
	return s->to > s->from;
}

/* ${@:offset:length}: item 0 is $0, so ${@:1} is "$@". */
static void put_params_slice(struct xbuf *x, const char *spec, int star, enum ctx ctx)
{
	struct slice s;
	long n = sh_params.argc + 1;

	if (!slice_of(spec, n, 0, &s)) {
		/* "${@:9}" past the end makes no field, like "$@" with none. */
		if (ctx != C_UNQ && !star && x->len > 0 && x->f[x->len - 1] == X_MARK)
			x->len--;
		return;
	}
	char **items = xmalloc((size_t)(s.to - s.from) * sizeof(char *));
	for (long i = s.from; i < s.to; i++)
		items[i - s.from] = i == 0 ? (char *)sh.arg0 : sh_params.argv[i - 1];
	put_all_params(x, (int)(s.to - s.from), items, star, ctx);
	free(items);
}

/* ${name:offset} and ${name:offset:length}; spec is the text after the ':'. */
static void put_substring(struct xbuf *x, const char *name, const char *spec, enum ctx ctx)
{
	struct slice s;

	if (is_all_params(name)) {
		put_params_slice(x, spec, name[0] == '*', ctx);
		return;
	}
	const char *v = value_or_empty(name);
	if (slice_of(spec, (long)strlen(v), 1, &s))
		put_range(x, v, (size_t)s.from, (size_t)s.to, ctx);
}

/* Writes v with the matches of pat replaced by rep: the first match, every
 * match (all), or one anchored at the start ('#') or the end ('%'). */
static void replace_matches(struct xbuf *x, char *v, const char *pat, const struct xbuf *rep,
			    int all, char anchor, enum ctx ctx)
{
	size_t n = strlen(v), i = 0;
	long at;

	if (anchor == '#' && (at = match_from(pat, v, 0, n, 1)) >= 0) {
		xput_xbuf(x, rep);
		i = (size_t)at;
	} else if (anchor == '%' && (at = match_suffix(pat, v, n, 1)) >= 0) {
		put_range(x, v, 0, (size_t)at, ctx);
		xput_xbuf(x, rep);
		return;
	} else if (!anchor && *pat) {
		while (i < n || (i == 0 && n == 0)) {
			at = match_from(pat, v, i, n, 1);
			if (at >= 0)
				xput_xbuf(x, rep);
			if (at > (long)i) {
				i = (size_t)at;
			} else {
				/* No match here, or an empty one: keep one character. */
				if (i < n)
					put_range(x, v, i, i + 1, ctx);
				i++;
			}
			if (at >= 0 && !all)
				break;
		}
	}
	if (i < n)
		put_range(x, v, i, n, ctx);
}

/* ${name/pat/rep} ${name//pat/rep} ${name/#pat/rep} ${name/%pat/rep}; op
 * points at the first '/'. */
static void put_replaced(struct xbuf *x, const char *name, const char *op, enum ctx ctx)
{
	int all = op[1] == '/';
	const char *p = op + 1 + all;
	char anchor = !all && (*p == '#' || *p == '%') ? *p++ : 0;
	const char *slash = find_unquoted(p, '/');
	char *patword = slash ? xstrndup(p, slash - p) : xstrdup(p);
	char *v = xstrdup(value_or_empty(name));
	char *pat = expand_pattern(patword);
	struct xbuf rep = { 0 };

	if (slash)
		put_word(&rep, slash + 1, ctx);
	replace_matches(x, v, pat, &rep, all, anchor, ctx);
	xfree(&rep);
	free(pat);
	free(v);
	free(patword);
}

/* ${name-word} ${name+word} ${name=word} ${name?word}, colon: the ':' forms.
 * Returns 0 when op is none of them. */
static int put_conditional(struct xbuf *x, const char *name, const char *op, int colon, enum ctx ctx)
{
	const char *word = op + 1;

	switch (*op) {
	case '-':
		if (param_is_set(name, colon))
			put_param(x, name, ctx);
		else
			put_word(x, word, ctx);
		return 1;
	case '+':
		if (param_is_set(name, colon))
			put_word(x, word, ctx);
		return 1;
	case '=':
		if (!param_is_set(name, colon)) {
			if (!is_name(name))
				sh_fail(2, "%s: cannot assign in this way", name);
			char *v = expand_substring(word, ctx);
			var_set_or_fail(name, v);
			free(v);
		}
		put_param(x, name, ctx);
		return 1;
	case '?':
		if (param_is_set(name, colon)) {
			put_param(x, name, ctx);
			return 1;
		}
		sh_fail(2, "%s: %s", name, *word ? expand_substring(word, ctx) : "parameter not set");
	}
	return 0;
}

void put_braced(struct xbuf *x, const char *in, enum ctx ctx)
{
	size_t n;
	char name[256];

	if (in[0] == '#' && in[1] && (n = param_name_len(in + 1, 1)) && !in[1 + n] && n < sizeof(name)) {
		memcpy(name, in + 1, n);
		name[n] = 0;
		put_length(x, name, ctx);
		return;
	}
	n = param_name_len(in, 1);
	if (n == 0 || n >= sizeof(name))
		sh_fail(2, "${%s}: bad substitution", in);
	memcpy(name, in, n);
	name[n] = 0;
	const char *op = in + n;
	if (!*op) {
		put_param(x, name, ctx);
		return;
	}
	if (op[0] == ':' && op[1] && !strchr("-=?+", op[1])) {
		put_substring(x, name, op + 1, ctx);
		return;
	}
	if (op[0] == '/') {
		put_replaced(x, name, op, ctx);
		return;
	}
	if (*op == '#' || *op == '%') {
		put_trimmed(x, name, op, ctx);
		return;
	}
	int colon = *op == ':';
	if (put_conditional(x, name, op + colon, colon, ctx))
		return;
	sh_fail(2, "${%s}: bad substitution", in);
}
