/*
 * Kernel command-line parsing. The line is copied once into cl->text and split in
 * place; options point into that copy, so a parsed cmdline owns all its strings and
 * the boot loader's memory can be reused afterwards. Pure C; host-tested.
 */
#include "Lib/cmdline.h"

#include "Lib/string.h"

/* Copies the next word of *src into *dst (unquoting "..."), NUL-terminates it. */
static char *next_word(const char **src, char **dst, char *end)
{
	const char *s = *src;
	char *d = *dst, *word;
	int quoted = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s || d >= end)
		return NULL;
	word = d;
	for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (d >= end)
			break;
		*d++ = *s;
	}
	if (d >= end)
		d = end;
	*d++ = 0;
	*src = s;
	*dst = d;
	return word;
}

void cmdline_parse(struct cmdline *cl, const char *line)
{
	char *d = cl->text, *end = cl->text + sizeof(cl->text) - 1, *word, *eq;

	cl->count = 0;
	cl->truncated = 0;
	if (!line)
		return;
	while ((word = next_word(&line, &d, end))) {
		if (cl->count == CMDLINE_MAX_OPTIONS) {
			cl->truncated = 1;
			return;
		}
		eq = strchr(word, '=');
		if (eq)
			*eq = 0;
		cl->options[cl->count].key = word;
		cl->options[cl->count].value = eq ? eq + 1 : "";
		cl->count++;
		if (d > end)
			break;
	}
	while (*line == ' ' || *line == '\t' || *line == '\n')
		line++;
	if (*line)
		cl->truncated = 1;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	for (size_t i = cl->count; i-- > 0;)
		if (strcmp(cl->options[i].key, key) == 0)
			return cl->options[i].value;
	return NULL;
}
