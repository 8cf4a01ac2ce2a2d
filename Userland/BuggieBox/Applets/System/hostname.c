/*
 * hostname: print the host name (uname's nodename), or set it with sethostname(2)
 * from an operand or from the first line of a file (-F, as /etc/hostname holds it).
 * -s prints the name up to its first dot. Setting needs CAP_SYS_ADMIN in the UTS
 * namespace; failures exit 1 naming the reason.
 */
#include "Lib/bb.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static int set_name(const char *name)
{
	if (sethostname(name, strlen(name)) < 0) {
		bb_warn_errno("cannot set host name '%s'", name);
		return 1;
	}
	return 0;
}

/* The first line of FILE that is not empty or a comment. */
static int set_from_file(const char *file)
{
	char line[256];
	FILE *f = fopen(file, "r");

	if (!f) {
		bb_warn_errno("%s", file);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n")] = '\0';
		if (line[0] && line[0] != '#') {
			fclose(f);
			return set_name(line);
		}
	}
	fclose(f);
	bb_warn("%s: no host name in the file", file);
	return 1;
}

int hostname_main(int argc, char **argv)
{
	struct utsname u;
	const char *file = NULL;
	int opt, short_name = 0;

	while ((opt = getopt(argc, argv, "sF:")) != -1) {
		if (opt == 's')
			short_name = 1;
		else if (opt == 'F')
			file = optarg;
		else
			return bb_usage(), 1;
	}
	if (argc - optind > 1 || (file && optind < argc)) {
		bb_warn("too many operands");
		return 1;
	}
	if (file)
		return set_from_file(file);
	if (optind < argc)
		return set_name(argv[optind]);
	if (uname(&u) < 0) {
		bb_warn_errno("cannot get host name");
		return 1;
	}
	if (short_name)
		u.nodename[strcspn(u.nodename, ".")] = '\0';
	printf("%s\n", u.nodename);
	return 0;
}
