/*
 * Aliases: a name -> text list, consulted by the parser when a word appears
 * where a command may start (parse.c's expand_alias). Kept in definition order
 * for `alias` without arguments, printed sorted.
 */
#include "parse.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct alias {
	char *name, *value;
	struct alias *next;
};

static struct alias *aliases;

const char *alias_get(const char *name)
{
	for (struct alias *a = aliases; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

void alias_set(const char *name, const char *value)
{
	struct alias *a;

	for (a = aliases; a; a = a->next)
		if (strcmp(a->name, name) == 0) {
			free(a->value);
			a->value = xstrdup(value);
			return;
		}
	a = xmalloc(sizeof(*a));
	a->name = xstrdup(name);
	a->value = xstrdup(value);
	a->next = aliases;
	aliases = a;
}

int alias_unset(const char *name)
{
	for (struct alias **pp = &aliases; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->name, name) == 0) {
			struct alias *a = *pp;
			*pp = a->next;
			free(a->name);
			free(a->value);
			free(a);
			return 0;
		}
	return -1;
}

static void print_one(const struct alias *a)
{
	printf("%s='", a->name);
	for (const char *s = a->value; *s; s++)
		fputs(*s == '\'' ? "'\\''" : (char[]){ *s, 0 }, stdout);
	puts("'");
}

void alias_print_all(void)
{
	const struct alias *last = NULL;

	/* Selection by name: the list is short. */
	for (;;) {
		const struct alias *next = NULL;
		for (const struct alias *a = aliases; a; a = a->next)
			if ((!last || strcmp(a->name, last->name) > 0) &&
			    (!next || strcmp(a->name, next->name) < 0))
				next = a;
		if (!next)
			return;
		print_one(next);
		last = next;
	}
}

/* Prints one alias as `alias` NAME does; -1 if there is none. */
int alias_print(const char *name)
{
	for (const struct alias *a = aliases; a; a = a->next)
		if (strcmp(a->name, name) == 0) {
			print_one(a);
			return 0;
		}
	return -1;
}

void alias_clear(void)
{
	while (aliases)
		alias_unset(aliases->name);
}
