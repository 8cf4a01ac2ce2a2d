/*
 * find's expression parser: recursive descent over the argument words.
 *
 *   expr    := and ( (-o | -or) and )*
 *   and     := unary ( [-a | -and] unary )*      (juxtaposition means -a)
 *   unary   := (! | -not) unary | '(' expr ')' | primary
 *
 * Options that are not tests (-maxdepth, -mindepth, -depth) are accepted anywhere
 * and act as true. When the expression has no action (-print, -print0, -exec,
 * -delete), the whole is wrapped as ( expr ) -print, as POSIX says.
 */
#include "find.h"
#include "Lib/bb.h"
#include "Lib/fs_tree.h"
#include "Lib/id_names.h"
#include "Lib/mode_string.h"

#include <stdlib.h>
#include <string.h>

struct parser {
	char **argv;
	int argc, pos;
	struct find_cfg *cfg;
	int has_action;
	int failed;
};

static struct find_node *new_node(enum find_op op)
{
	struct find_node *n = fs_xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->op = op;
	return n;
}

static struct find_node *new_test(enum find_test t)
{
	struct find_node *n = new_node(FIND_TEST);

	n->test = t;
	return n;
}

static const char *peek(struct parser *p)
{
	return p->pos < p->argc ? p->argv[p->pos] : NULL;
}

static struct find_node *fail(struct parser *p, const char *fmt, const char *what)
{
	if (!p->failed)
		bb_warn(fmt, what);
	p->failed = 1;
	return new_test(T_FALSE);
}

/* The argument of primary NAME, or NULL after a message. */
static const char *take_arg(struct parser *p, const char *name)
{
	if (p->pos >= p->argc) {
		fail(p, "missing argument to '%s'", name);
		return NULL;
	}
	return p->argv[p->pos++];
}

/* Parses "[+-]N" followed by optional suffix letters (returned in *SUFFIX). */
static int parse_num(const char *s, struct find_num *num, const char **suffix)
{
	char *end;

	num->cmp = *s == '+' || *s == '-' ? *s++ : '=';
	if (*s < '0' || *s > '9')
		return -1;
	num->n = strtoll(s, &end, 10);
	*suffix = end;
	return 0;
}

static struct find_node *parse_size(struct parser *p, const char *arg)
{
	struct find_node *n = new_test(T_SIZE);
	const char *suffix;
	static const char units[] = "cwbkMG";
	static const long long bytes[] = { 1, 2, 512, 1024, 1048576, 1073741824 };

	if (parse_num(arg, &n->num, &suffix) != 0 || strlen(suffix) > 1 ||
	    (*suffix && !strchr(units, *suffix)))
		return fail(p, "invalid argument '%s' to '-size'", arg);
	n->unit = *suffix ? bytes[strchr(units, *suffix) - units] : 512;
	return n;
}

static struct find_node *parse_perm(struct parser *p, const char *arg)
{
	struct find_node *n = new_test(T_PERM);

	n->perm_kind = *arg == '-' || *arg == '/' ? *arg++ : '=';
	if (mode_apply(arg, 0, 0, &n->mode) != 0)
		return fail(p, "invalid mode '%s'", arg);
	return n;
}

static struct find_node *parse_newer(struct parser *p, const char *arg)
{
	struct find_node *n = new_test(T_NEWER);
	struct stat st;

	if (stat(arg, &st) != 0) {
		if (!p->failed)
			bb_warn_errno("'%s'", arg);
		p->failed = 1;
		return n;
	}
	n->when = st.st_mtim;
	return n;
}

static struct find_node *parse_exec(struct parser *p)
{
	struct find_node *n = new_test(T_EXEC);
	int start = p->pos;

	for (; p->pos < p->argc; p->pos++) {
		const char *w = p->argv[p->pos];
		if (strcmp(w, ";") == 0 ||
		    (strcmp(w, "+") == 0 && p->pos > start && strcmp(p->argv[p->pos - 1], "{}") == 0))
			break;
	}
	if (p->pos >= p->argc || p->pos == start)
		return fail(p, "missing argument to '%s'", "-exec");
	n->plus = p->argv[p->pos][0] == '+';
	n->argv = p->argv + start;
	n->argc = p->pos - start - (n->plus ? 1 : 0);  /* without the final {} for + */
	p->pos++;
	p->has_action = 1;
	return n;
}

static struct find_node *parse_type(struct parser *p, const char *arg)
{
	for (const char *c = arg; *c; c++)
		if (!strchr("fdlbcps,", *c))
			return fail(p, "Unknown argument to -type: %s", arg);
	struct find_node *n = new_test(T_TYPE);
	n->str = arg;
	return n;
}

static struct find_node *parse_depth_opt(struct parser *p, const char *name, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0)
		return fail(p, "invalid argument to '%s'", name);
	if (strcmp(name, "-maxdepth") == 0)
		p->cfg->maxdepth = (int)v;
	else
		p->cfg->mindepth = (int)v;
	return new_test(T_TRUE);
}

static struct find_node *parse_id(struct parser *p, enum find_test t, const char *arg)
{
	struct find_node *n = new_test(t);
	uid_t uid;
	gid_t gid;

	if (t == T_USER ? id_parse_user(arg, &uid) : id_parse_group(arg, &gid))
		return fail(p, t == T_USER ? "'%s' is not the name of a known user"
					   : "'%s' is not the name of an existing group", arg);
	n->id = t == T_USER ? uid : gid;
	return n;
}

/* Primaries that take one number argument: -mtime, -mmin, -links. */
static struct find_node *parse_numeric(struct parser *p, enum find_test t, const char *arg)
{
	struct find_node *n = new_test(t);
	const char *suffix;

	if (parse_num(arg, &n->num, &suffix) != 0 || *suffix)
		return fail(p, "invalid argument '%s'", arg);
	return n;
}

static const struct {
	const char *name;
	enum find_test test;
	int has_arg;
	int action;
} primaries[] = {
	{ "-name", T_NAME, 1, 0 }, { "-iname", T_INAME, 1, 0 },
	{ "-path", T_PATH, 1, 0 }, { "-wholename", T_PATH, 1, 0 }, { "-ipath", T_IPATH, 1, 0 },
	{ "-true", T_TRUE, 0, 0 }, { "-false", T_FALSE, 0, 0 }, { "-empty", T_EMPTY, 0, 0 },
	{ "-print", T_PRINT, 0, 1 }, { "-print0", T_PRINT0, 0, 1 }, { "-printf", T_PRINTF, 1, 1 },
	{ "-prune", T_PRUNE, 0, 0 },
	{ "-delete", T_DELETE, 0, 1 }, { "-quit", T_QUIT, 0, 0 },
};

/* Whether W is one of the primaries with an argument handled below. */
static int takes_arg(const char *w)
{
	static const char *const names[] = { "-type", "-size", "-perm", "-newer", "-maxdepth",
		"-mindepth", "-user", "-group", "-mtime", "-mmin", "-links" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(w, names[i]) == 0)
			return 1;
	return 0;
}

static struct find_node *parse_primary(struct parser *p)
{
	const char *w = p->argv[p->pos++], *arg;

	for (size_t i = 0; i < sizeof(primaries) / sizeof(primaries[0]); i++) {
		if (strcmp(w, primaries[i].name) != 0)
			continue;
		struct find_node *n = new_test(primaries[i].test);
		if (primaries[i].has_arg && !(n->str = take_arg(p, w)))
			return n;
		p->has_action |= primaries[i].action;
		if (n->test == T_DELETE)
			p->cfg->depth_first = 1;
		return n;
	}
	if (strcmp(w, "-exec") == 0)
		return parse_exec(p);
	if (strcmp(w, "-depth") == 0) {
		p->cfg->depth_first = 1;
		return new_test(T_TRUE);
	}
	if (strncmp(w, "-", 1) != 0 || strlen(w) < 2)
		return fail(p, "paths must precede expression: '%s'", w);
	if (!takes_arg(w))
		return fail(p, "unknown predicate '%s'", w);
	if (!(arg = take_arg(p, w)))
		return new_test(T_FALSE);
	if (strcmp(w, "-type") == 0) return parse_type(p, arg);
	if (strcmp(w, "-size") == 0) return parse_size(p, arg);
	if (strcmp(w, "-perm") == 0) return parse_perm(p, arg);
	if (strcmp(w, "-newer") == 0) return parse_newer(p, arg);
	if (strcmp(w, "-user") == 0) return parse_id(p, T_USER, arg);
	if (strcmp(w, "-group") == 0) return parse_id(p, T_GROUP, arg);
	if (strcmp(w, "-mtime") == 0) return parse_numeric(p, T_MTIME, arg);
	if (strcmp(w, "-mmin") == 0) return parse_numeric(p, T_MMIN, arg);
	if (strcmp(w, "-links") == 0) return parse_numeric(p, T_LINKS, arg);
	return parse_depth_opt(p, w, arg);
}

static struct find_node *parse_or(struct parser *p);

static struct find_node *parse_unary(struct parser *p)
{
	const char *w = peek(p);

	if (!w)
		return fail(p, "%s", "expected an expression");
	if (strcmp(w, "!") == 0 || strcmp(w, "-not") == 0) {
		p->pos++;
		struct find_node *n = new_node(FIND_NOT);
		n->l = parse_unary(p);
		return n;
	}
	if (strcmp(w, "(") == 0) {
		p->pos++;
		struct find_node *n = parse_or(p);
		if (!peek(p) || strcmp(peek(p), ")") != 0)
			return fail(p, "%s", "missing ')'");
		p->pos++;
		return n;
	}
	return parse_primary(p);
}

static int ends_and(const char *w)
{
	return !w || strcmp(w, ")") == 0 || strcmp(w, "-o") == 0 || strcmp(w, "-or") == 0;
}

static struct find_node *parse_and(struct parser *p)
{
	struct find_node *l = parse_unary(p);

	while (!p->failed && !ends_and(peek(p))) {
		if (strcmp(peek(p), "-a") == 0 || strcmp(peek(p), "-and") == 0)
			p->pos++;
		struct find_node *n = new_node(FIND_AND);
		n->l = l;
		n->r = parse_unary(p);
		l = n;
	}
	return l;
}

static struct find_node *parse_or(struct parser *p)
{
	struct find_node *l = parse_and(p);

	while (!p->failed && peek(p) && (strcmp(peek(p), "-o") == 0 || strcmp(peek(p), "-or") == 0)) {
		p->pos++;
		struct find_node *n = new_node(FIND_OR);
		n->l = l;
		n->r = parse_and(p);
		l = n;
	}
	return l;
}

int find_parse(int argc, char **argv, int first, struct find_cfg *cfg)
{
	struct parser p = { argv, argc, first, cfg, 0, 0 };
	struct find_node *e = first < argc ? parse_or(&p) : new_test(T_TRUE);

	if (!p.failed && p.pos < argc)
		fail(&p, "unexpected '%s'", argv[p.pos]);
	if (p.failed)
		return -1;
	if (!p.has_action) {
		struct find_node *n = new_node(FIND_AND);
		n->l = e;
		n->r = new_test(T_PRINT);
		e = n;
	}
	cfg->expr = e;
	return 0;
}
