/*
 * uname: the fields of uname(2), in coreutils' order (-s -n -r -v -m -p -i -o).
 * -p and -i print "unknown" as coreutils does on Linux, and -a leaves unknown fields
 * out. -o names the operating system: "GNU/Linux" on a Linux kernel, as coreutils
 * and BusyBox print it, otherwise the kernel's own name (e.g. Atoll).
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

enum { U_S = 1, U_N = 2, U_R = 4, U_V = 8, U_M = 16, U_P = 32, U_I = 64, U_O = 128 };

static void field(const char *s, int *first)
{
	printf(*first ? "%s" : " %s", s);
	*first = 0;
}

int uname_main(int argc, char **argv)
{
	struct utsname u;
	int opt, want = 0, first = 1, all = 0;
	const char *letters = "snrvmpio";

	while ((opt = getopt(argc, argv, "asnrvmpio")) != -1) {
		const char *at = strchr(letters, opt);
		if (opt == 'a')
			all = 1;
		else if (at)
			want |= 1 << (at - letters);
		else
			return bb_usage(), 1;
	}
	if (optind < argc) {
		bb_warn("extra operand '%s'", argv[optind]);
		return 1;
	}
	if (all)
		want |= U_S | U_N | U_R | U_V | U_M | U_O;
	if (!want)
		want = U_S;
	if (uname(&u) < 0) {
		bb_warn_errno("cannot get system name");
		return 1;
	}
	const char *os = strcmp(u.sysname, "Linux") == 0 ? "GNU/Linux" : u.sysname;
	const char *fields[] = { u.sysname, u.nodename, u.release, u.version, u.machine, "unknown", "unknown", os };
	for (int i = 0; i < 8; i++)
		if (want & (1 << i) && !(all && (1 << i) & (U_P | U_I)))
			field(fields[i], &first);
	putchar('\n');
	return 0;
}
