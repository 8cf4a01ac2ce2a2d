/*
 * Arithmetic expansion $((...)): a precedence-climbing evaluator over the C
 * operators POSIX requires (no ++/--, as in dash), on signed long.
 *
 * Variables are read by name and their values evaluated as numbers (an empty or
 * unset variable is 0). Assignments (= += -= ...) write back through var_set.
 * `skip` counts the nesting of short-circuited operands (&&, ||, ?:): there the
 * expression is parsed but has no effect, so `$((0 && (x=1)))` leaves x alone
 * and `$((0 && 1/0))` is not an error.
 */
#include "expand.h"
#include "parse.h"
#include "vars.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arith {
	const char *p;
	const char *text;
	int skip;
};

_Noreturn static void arith_error(struct arith *a, const char *what)
{
	sh_fail(2, "arithmetic expression: %s: \"%s\"", what, a->text);
}

static void blank(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static long parse_number(struct arith *a, const char *s, const char **end)
{
	char *e;
	long v = strtol(s, &e, 0);

	if (isalnum((unsigned char)*e) || *e == '_')
		arith_error(a, "bad number");
	*end = e;
	return v;
}

static long var_number(struct arith *a, const char *name)
{
	const char *v = var_get(name), *end;
	long n;

	if (!v || !*v) {
		if (!v && sh.opt_u)
			sh_fail(2, "%s: parameter not set", name);
		return 0;
	}
	while (isspace((unsigned char)*v))
		v++;
	n = parse_number(a, v, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		arith_error(a, "bad number");
	return n;
}

static long assign_expr(struct arith *a);

static long primary(struct arith *a)
{
	blank(a);
	if (*a->p == '(') {
		a->p++;
		long v = assign_expr(a);
		blank(a);
		if (*a->p != ')')
			arith_error(a, "missing )");
		a->p++;
		return v;
	}
	if (isdigit((unsigned char)*a->p))
		return parse_number(a, a->p, &a->p);
	size_t n = name_len(a->p);
	if (n) {
		char *name = xstrndup(a->p, n);
		a->p += n;
		long v = a->skip ? 0 : var_number(a, name);
		free(name);
		return v;
	}
	arith_error(a, *a->p ? "syntax error" : "missing operand");
}

static long unary(struct arith *a)
{
	blank(a);
	switch (*a->p) {
	case '-': a->p++; return -unary(a);
	case '+': a->p++; return unary(a);
	case '!': a->p++; return !unary(a);
	case '~': a->p++; return ~unary(a);
	}
	return primary(a);
}

struct binop {
	const char *op;
	int prec;
};

/* Longest operators first so that "<=" is not read as "<". */
static const struct binop binops[] = {
	{ "||", 1 }, { "&&", 2 }, { "<<", 8 }, { ">>", 8 }, { "<=", 7 }, { ">=", 7 },
	{ "==", 6 }, { "!=", 6 }, { "|", 3 }, { "^", 4 }, { "&", 5 }, { "<", 7 }, { ">", 7 },
	{ "+", 9 }, { "-", 9 }, { "*", 10 }, { "/", 10 }, { "%", 10 },
};

static const struct binop *peek_binop(struct arith *a)
{
	blank(a);
	for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++) {
		size_t n = strlen(binops[i].op);
		if (strncmp(a->p, binops[i].op, n) == 0) {
			if (a->p[n] == '=' && strcmp(binops[i].op, "<") && strcmp(binops[i].op, ">") &&
			    n == 1)
				return NULL; /* compound assignment such as += */
			if (n == 2 && a->p[2] == '=' && (binops[i].op[0] == '<' || binops[i].op[0] == '>') &&
			    binops[i].op[1] == binops[i].op[0])
				return NULL; /* <<= >>= */
			return &binops[i];
		}
	}
	return NULL;
}

static long apply(struct arith *a, const char *op, long l, long r)
{
	switch (op[0]) {
	case '+': return (long)((unsigned long)l + (unsigned long)r);
	case '-': return (long)((unsigned long)l - (unsigned long)r);
	case '*': return (long)((unsigned long)l * (unsigned long)r);
	case '/': case '%':
		if (r == 0) {
			if (a->skip)
				return 0;
			arith_error(a, "division by zero");
		}
		if (r == -1)
			return op[0] == '/' ? -l : 0;
		return op[0] == '/' ? l / r : l % r;
	case '<':
		if (op[1] == '<') return (long)((unsigned long)l << (r & 63));
		return op[1] == '=' ? l <= r : l < r;
	case '>':
		if (op[1] == '>') return l >> (r & 63);
		return op[1] == '=' ? l >= r : l > r;
	case '=': return l == r;
	case '!': return l != r;
	case '&': return op[1] == '&' ? (l && r) : (l & r);
	case '|': return op[1] == '|' ? (l || r) : (l | r);
	case '^': return l ^ r;
	}
	return 0;
}

static long binary(struct arith *a, int min_prec)
{
	long l = unary(a);
	const struct binop *b;

	while ((b = peek_binop(a)) && b->prec >= min_prec) {
		a->p += strlen(b->op);
		int shortcut = (b->prec == 1 && l) || (b->prec == 2 && !l);
		a->skip += shortcut;
		long r = binary(a, b->prec + 1);
		a->skip -= shortcut;
		l = apply(a, b->op, l, r);
	}
	return l;
}

static long ternary(struct arith *a)
{
	long c = binary(a, 1);

	blank(a);
	if (*a->p != '?')
		return c;
	a->p++;
	a->skip += !c;
	long t = assign_expr(a);
	a->skip -= !c;
	blank(a);
	if (*a->p != ':')
		arith_error(a, "expecting :");
	a->p++;
	a->skip += !!c;
	long f = ternary(a);
	a->skip -= !!c;
	return c ? t : f;
}

/* NAME op= expr, or a plain ternary expression. */
static long assign_expr(struct arith *a)
{
	static const char *ops[] = { "<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "=", NULL };
	const char *save = a->p;
	size_t n;

	blank(a);
	n = name_len(a->p);
	if (n) {
		const char *after = a->p + n;
		while (isspace((unsigned char)*after))
			after++;
		for (int i = 0; ops[i]; i++) {
			size_t k = strlen(ops[i]);
			if (strncmp(after, ops[i], k) != 0 || (k == 1 && after[1] == '='))
				continue;
			char *name = xstrndup(a->p, n);
			a->p = after + k;
			long r = assign_expr(a), v = r;
			if (k > 1) {
				char op[3] = { ops[i][0], k == 3 ? ops[i][1] : 0, 0 };
				v = apply(a, op, a->skip ? 0 : var_number(a, name), r);
			}
			if (!a->skip) {
				char buf[32];
				snprintf(buf, sizeof(buf), "%ld", v);
				if (var_set(name, buf, 0) < 0)
					sh_fail(2, "%s: is read only", name);
			}
			free(name);
			return v;
		}
	}
	a->p = save;
	return ternary(a);
}

long arith_eval(const char *expr)
{
	struct arith a = { expr, expr, 0 };
	long v;

	blank(&a);
	if (!*a.p)
		return 0;
	v = assign_expr(&a);
	blank(&a);
	if (*a.p)
		arith_error(&a, "syntax error");
	return v;
}
