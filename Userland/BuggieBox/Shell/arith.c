/*
 * Arithmetic expansion $((...)): a precedence-climbing evaluator over the C
 * operators POSIX requires, plus bash's ++ and -- on variables, on signed long.
 *
 * Variables are read by name and their values evaluated as numbers (an empty or
 * unset variable is 0). Assignments (= += -= ...) and ++/-- write back through
 * var_set. `skip` counts the nesting of short-circuited operands (&&, ||, ?:):
 * there the expression is parsed but has no effect, so `$((0 && (x=1)))` leaves
 * x alone and `$((0 && 1/0))` is not an error.
 *
 * ++ and -- follow bash: before a variable name (blanks allowed between) they
 * are the prefix operators; right after a variable name they are postfix;
 * anywhere else they are two unary or binary signs, so `1--1` is 2 and `--3`
 * is 3, as in dash. `3++` is an error ("++ needs a variable").
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

/* Is there a ++ or -- at p? Returns '+', '-' or 0. */
static char step_op(const char *p)
{
	return (p[0] == '+' || p[0] == '-') && p[1] == p[0] ? p[0] : 0;
}

/* Stores v in the variable name (unless skipping). */
static void store(struct arith *a, const char *name, long v)
{
	char buf[32];

	if (a->skip)
		return;
	snprintf(buf, sizeof(buf), "%ld", v);
	var_set_or_fail(name, buf);
}

/* name++ / name-- (post) or ++name / --name (pre, step already read): adds
 * delta to the variable and returns the old or the new value. */
static long step(struct arith *a, const char *name, long delta, int post)
{
	long old = a->skip ? 0 : var_number(a, name);
	long v = (long)((unsigned long)old + (unsigned long)delta);

	store(a, name, v);
	return post ? old : v;
}

/* After a number or a parenthesised value: a ++ or -- that cannot be a pair
 * of signs (nothing after it could be their operand) is a misplaced
 * increment. */
static void no_step_after_value(struct arith *a)
{
	const char *p = a->p;

	while (isspace((unsigned char)*p))
		p++;
	if (!step_op(p))
		return;
	p += 2;
	while (isspace((unsigned char)*p))
		p++;
	if (!*p || (!strchr("+-!~(_", *p) && !isalnum((unsigned char)*p)))
		arith_error(a, p[-1] == '+' ? "++ needs a variable" : "-- needs a variable");
}

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
		no_step_after_value(a);
		return v;
	}
	if (isdigit((unsigned char)*a->p)) {
		long v = parse_number(a, a->p, &a->p);
		no_step_after_value(a);
		return v;
	}
	size_t n = name_len(a->p);
	if (n) {
		char *name = xstrndup(a->p, n);
		a->p += n;
		blank(a);
		char op = step_op(a->p);
		long v;
		if (op) {
			a->p += 2;
			v = step(a, name, op == '+' ? 1 : -1, 1);
		} else {
			v = a->skip ? 0 : var_number(a, name);
		}
		free(name);
		return v;
	}
	arith_error(a, *a->p ? "syntax error" : "missing operand");
}

/* ++name or --name at a->p; returns 0 (and reads nothing) when no variable
 * name follows the two signs. */
static int prefix_step(struct arith *a, long *v)
{
	char op = step_op(a->p);
	const char *p = a->p + 2;

	if (!op)
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	size_t n = name_len(p);
	if (!n)
		return 0;
	char *name = xstrndup(p, n);
	a->p = p + n;
	*v = step(a, name, op == '+' ? 1 : -1, 0);
	free(name);
	return 1;
}

static long unary(struct arith *a)
{
	long v;

	blank(a);
	if (prefix_step(a, &v))
		return v;
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
			store(a, name, v);
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
