/*
 * Variables live in one small hash table; each entry has a value (or NULL when
 * declared but unset) and flags (exported, read-only). `local` pushes the
 * variable's previous state onto the innermost function scope, and leaving the
 * function puts it back, which gives the dynamic scoping every shell has.
 *
 * Positional parameters are a separate array swapped in and out around function
 * calls and dot scripts. Function bodies are AST nodes, never freed: a function
 * may be redefined while it runs, and parse trees are small.
 */
#include "vars.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 128

struct var {
	char *name;
	char *value;
	int flags;
	struct var *next;
};

struct saved {
	char *name;
	char *value;
	int flags, existed;
	struct saved *next;
};

struct scope {
	struct saved *saved;
	struct scope *up;
};

struct func {
	char *name;
	struct node *body;
	struct func *next;
};

static struct var *table[NBUCKETS];
static struct scope *scopes;
static struct func *funcs;
struct params sh_params;

static unsigned hash(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % NBUCKETS;
}

static struct var *lookup(const char *name)
{
	for (struct var *v = table[hash(name)]; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

static struct var *create(const char *name)
{
	struct var *v = lookup(name);
	unsigned h;

	if (v)
		return v;
	v = xmalloc(sizeof(*v));
	h = hash(name);
	v->name = xstrdup(name);
	v->value = NULL;
	v->flags = 0;
	v->next = table[h];
	table[h] = v;
	return v;
}

const char *var_get(const char *name)
{
	struct var *v = lookup(name);
	return v ? v->value : NULL;
}

int var_flags(const char *name)
{
	struct var *v = lookup(name);
	return v ? v->flags : 0;
}

int var_set(const char *name, const char *value, int flags)
{
	struct var *v = create(name);

	if (v->flags & V_READONLY) {
		sh_warn("%s: is read only", name);
		return -1;
	}
	if (value) {
		char *copy = xstrdup(value);
		free(v->value);
		v->value = copy;
	}
	v->flags |= flags;
	return 0;
}

void var_set_or_fail(const char *name, const char *value)
{
	if (var_flags(name) & V_READONLY)
		sh_fail(2, "%s: is read only", name);
	var_set(name, value, 0);
}

void var_add_flags(const char *name, int flags)
{
	create(name)->flags |= flags;
}

int var_unset(const char *name)
{
	struct var **pp = &table[hash(name)];

	for (; *pp; pp = &(*pp)->next) {
		struct var *v = *pp;
		if (strcmp(v->name, name) != 0)
			continue;
		if (v->flags & V_READONLY)
			return -1;
		*pp = v->next;
		free(v->name);
		free(v->value);
		free(v);
		return 0;
	}
	return 0;
}

int var_assign(const char *word, int flags)
{
	size_t n = name_len(word);
	char *name = xstrndup(word, n);
	int r = var_set(name, word + n + 1, flags);

	free(name);
	return r;
}

char **var_environ(void)
{
	struct strv env = { 0 };

	for (int i = 0; i < NBUCKETS; i++)
		for (struct var *v = table[i]; v; v = v->next)
			if ((v->flags & V_EXPORT) && v->value)
				strv_push(&env, xasprintf("%s=%s", v->name, v->value));
	return strv_finish(&env);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

void var_print(int flag, const char *prefix)
{
	struct strv names = { 0 };

	for (int i = 0; i < NBUCKETS; i++)
		for (struct var *v = table[i]; v; v = v->next)
			if (!flag || (v->flags & flag))
				strv_push(&names, v->name);
	qsort(names.v, names.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		const char *val = var_get(names.v[i]);
		if (!flag && !val)
			continue;
		printf("%s%s", prefix, names.v[i]);
		if (val) {
			putchar('=');
			print_quoted(val);
		}
		putchar('\n');
	}
	free(names.v);
}

void var_import_environ(char **envp)
{
	for (; envp && *envp; envp++) {
		size_t n = name_len(*envp);
		if (n && (*envp)[n] == '=')
			var_assign(*envp, V_EXPORT);
	}
}

void var_push_scope(void)
{
	struct scope *s = xmalloc(sizeof(*s));

	s->saved = NULL;
	s->up = scopes;
	scopes = s;
}

void var_make_local(const char *name)
{
	struct var *v = lookup(name);
	struct saved *sv;

	if (!scopes)
		return;
	for (sv = scopes->saved; sv; sv = sv->next)
		if (strcmp(sv->name, name) == 0)
			return;
	sv = xmalloc(sizeof(*sv));
	sv->name = xstrdup(name);
	sv->existed = v != NULL;
	sv->value = v && v->value ? xstrdup(v->value) : NULL;
	sv->flags = v ? v->flags : 0;
	sv->next = scopes->saved;
	scopes->saved = sv;
}

void var_pop_scope(void)
{
	struct scope *s = scopes;

	if (!s)
		return;
	scopes = s->up;
	while (s->saved) {
		struct saved *sv = s->saved;
		struct var *v;
		s->saved = sv->next;
		if (!sv->existed) {
			if ((v = lookup(sv->name)))
				v->flags &= ~V_READONLY;
			var_unset(sv->name);
		} else {
			v = create(sv->name);
			free(v->value);
			v->value = sv->value;
			v->flags = sv->flags;
		}
		free(sv->name);
		free(sv);
	}
	free(s);
}

void params_set(int argc, char **argv)
{
	struct params p;

	p.argc = argc;
	p.argv = xmalloc((argc + 1) * sizeof(char *));
	for (int i = 0; i < argc; i++)
		p.argv[i] = xstrdup(argv[i]);
	p.argv[argc] = NULL;
	params_free(&sh_params);
	sh_params = p;
}

struct params params_swap(struct params next)
{
	struct params old = sh_params;

	sh_params = next;
	return old;
}

void params_free(struct params *p)
{
	for (int i = 0; i < p->argc; i++)
		free(p->argv[i]);
	free(p->argv);
	p->argv = NULL;
	p->argc = 0;
}

struct node *func_get(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f->body;
	return NULL;
}

void func_set(const char *name, struct node *body)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0) {
			f->body = body;
			return;
		}
	struct func *f = xmalloc(sizeof(*f));
	f->name = xstrdup(name);
	f->body = body;
	f->next = funcs;
	funcs = f;
}

int func_unset(const char *name)
{
	for (struct func **pp = &funcs; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->name, name) == 0) {
			*pp = (*pp)->next;
			return 0;
		}
	return 0;
}
