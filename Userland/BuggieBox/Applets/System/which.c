/*
 * which: print where each NAME would be found in PATH, as debianutils' which does:
 * the first match (every match with -a) that is a regular executable file; a NAME
 * with a '/' is checked as it is; an empty PATH element means the current
 * directory. Status 0 if every NAME was found, 1 otherwise, 2 for a bad option.
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Prints the matches of NAME in PATH. Returns 1 if there was one. */
static int search_path(const char *name, const char *path, int all)
{
	int found = 0;

	for (const char *p = path;; p++) {
		size_t len = strcspn(p, ":");
		char full[4096];

		if (len == 0)
			snprintf(full, sizeof(full), "./%s", name);
		else
			snprintf(full, sizeof(full), "%.*s/%s", (int)len, p, name);
		if (is_executable_file(full)) {
			printf("%s\n", full);
			found = 1;
			if (!all)
				break;
		}
		p += len;
		if (!*p)
			break;
	}
	return found;
}

int which_main(int argc, char **argv)
{
	const char *path = getenv("PATH");
	int opt, all = 0, rc = 0;

	while ((opt = getopt(argc, argv, "a")) != -1) {
		if (opt == 'a')
			all = 1;
		else
			return bb_usage();
	}
	if (optind == argc)
		return 1;
	if (!path)
		path = "/bin:/usr/bin";
	for (int i = optind; i < argc; i++) {
		if (strchr(argv[i], '/')) {
			if (is_executable_file(argv[i]))
				printf("%s\n", argv[i]);
			else
				rc = 1;
		} else if (!search_path(argv[i], path, all))
			rc = 1;
	}
	return rc;
}
