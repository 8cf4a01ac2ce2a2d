/*
 * BuggieBox: one static executable that is every applet in Applets.def.
 *
 * It picks the applet from the name it was called by (argv[0], as through the
 * /bin/<applet> links the install step makes), or from its first argument when
 * called as BuggieBox itself: `BuggieBox ls -l`. `BuggieBox --list` prints the
 * applet names, one a line; the install step uses it to make the links.
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <string.h>

const struct bb_applet bb_applets[] = {
#define APPLET(name, entry, flags, usage, summary) { #name, entry, flags, usage, summary },
#include "Applets.def"
#undef APPLET
	{ NULL, NULL, 0, NULL, NULL },
};

/* Names that are not C identifiers. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "[", "test" },
};

const struct bb_applet *bb_find_applet(const char *name)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(name, aliases[i].alias) == 0)
			name = aliases[i].name;
	for (const struct bb_applet *a = bb_applets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

int bb_run_applet(const struct bb_applet *a, int argc, char **argv)
{
	bb_name = a->name;
	if (!(a->flags & BB_NOHELP) && argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: %s %s\n\n%s\n", a->name, a->usage, a->summary);
		return 0;
	}
	return a->entry(argc, argv);
}

static int list_applets(void)
{
	for (const struct bb_applet *a = bb_applets; a->name; a++)
		printf("%s\n", a->name);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (bb_find_applet(aliases[i].name))
			printf("%s\n", aliases[i].alias);
	return 0;
}

static int buggiebox_help(void)
{
	printf("BuggieBox: Atoll's multicall binary.\n"
	       "Usage: BuggieBox APPLET [ARGS...]  or call it through a link named APPLET.\n"
	       "       BuggieBox --list            prints the applets.\n\nApplets:\n");
	for (const struct bb_applet *a = bb_applets; a->name; a++)
		printf("  %-10s %s\n", a->name, a->summary);
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const char *name = base ? base + 1 : (argc > 0 ? argv[0] : "BuggieBox");
	const struct bb_applet *a;

	/* A login shell is started as "-sh". */
	if (name[0] == '-')
		name++;
	if (strcmp(name, "BuggieBox") == 0) {
		if (argc < 2 || strcmp(argv[1], "--help") == 0)
			return buggiebox_help();
		if (strcmp(argv[1], "--list") == 0)
			return list_applets();
		argc--, argv++;
		name = argv[0];
	}
	a = bb_find_applet(name);
	if (!a) {
		fprintf(stderr, "BuggieBox: %s: applet not found\n", name);
		return 127;
	}
	return bb_run_applet(a, argc, argv);
}
