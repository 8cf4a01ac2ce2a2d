/*
 * uptime: the time, how long since boot, the number of users logged in and the
 * load averages, from /proc/uptime and /proc/loadavg, in procps-ng's layout:
 *   " 14:27:01 up 2 days,  3:04,  1 user,  load average: 0.04, 0.09, 0.05"
 * -p prints only the pretty duration ("up 1 hour, 5 minutes"), -s the boot time.
 *
 * Users are the USER_PROCESS records of /var/run/utmp (glibc's x86_64 layout:
 * 384-byte records, ut_type at offset 0, ut_user at 44); without that file (Atoll
 * keeps none) the count is 0.
 */
#include "Lib/bb.h"
#include "Lib/procfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define UTMP_RECORD 384
#define UTMP_USER_OFFSET 44
#define UTMP_USER_PROCESS 7

static int count_users(void)
{
	unsigned char rec[UTMP_RECORD];
	int fd = open("/var/run/utmp", O_RDONLY | O_CLOEXEC), n = 0;

	if (fd < 0)
		return 0;
	while (read(fd, rec, sizeof(rec)) == (ssize_t)sizeof(rec)) {
		short type;
		memcpy(&type, rec, sizeof(type));
		if (type == UTMP_USER_PROCESS && rec[UTMP_USER_OFFSET])
			n++;
	}
	close(fd);
	return n;
}

/* procps's pretty form: the non-zero years, weeks, days and hours, then the
 * minutes always ("up 4 hours, 0 minutes"). */
static void print_pretty(long up)
{
	static const struct {
		const char *unit;
		long seconds;
	} parts[] = { { "year", 365 * 86400L }, { "week", 7 * 86400L }, { "day", 86400 },
		      { "hour", 3600 }, { "minute", 60 } };
	const size_t last = sizeof(parts) / sizeof(parts[0]) - 1;
	int printed = 0;

	fputs("up ", stdout);
	for (size_t i = 0; i <= last; i++) {
		long n = up / parts[i].seconds;
		up %= parts[i].seconds;
		if (n == 0 && i != last)
			continue;
		printf("%s%ld %s%s", printed ? ", " : "", n, parts[i].unit, n == 1 ? "" : "s");
		printed = 1;
	}
	putchar('\n');
}

/* The boot time as procps computes it: the precise time now less the uptime,
 * truncated, so both agree to the second. */
static int print_since(double up)
{
	struct timespec now;
	time_t boot;

	clock_gettime(CLOCK_REALTIME, &now);
	boot = (time_t)(now.tv_sec + now.tv_nsec / 1e9 - up);
	struct tm tm;
	char buf[64];

	localtime_r(&boot, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s\n", buf);
	return 0;
}

static int print_classic(long up)
{
	double load[3];
	char *text = procfs_slurp("/proc/loadavg", NULL);
	time_t now = time(NULL);
	struct tm tm;
	int users = count_users();

	if (!text || sscanf(text, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
		bb_warn_errno("/proc/loadavg");
		free(text);
		return 1;
	}
	free(text);
	localtime_r(&now, &tm);
	printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (up >= 86400)
		printf("%ld day%s, ", up / 86400, up / 86400 == 1 ? "" : "s");
	if (up / 3600 % 24)
		printf("%2ld:%02ld, ", up / 3600 % 24, up / 60 % 60);
	else
		printf("%ld min, ", up / 60 % 60);
	printf("%2d %s,  load average: %.2f, %.2f, %.2f\n", users, users > 1 ? "users" : "user",
	       load[0], load[1], load[2]);
	return 0;
}

int uptime_main(int argc, char **argv)
{
	double up;
	int opt, pretty = 0, since = 0;

	while ((opt = getopt(argc, argv, "ps")) != -1) {
		if (opt == 'p')
			pretty = 1;
		else if (opt == 's')
			since = 1;
		else
			return bb_usage(), 1;
	}
	if (optind < argc) {
		bb_warn("extra operand '%s'", argv[optind]);
		return 1;
	}
	if (procfs_uptime(&up) < 0) {
		bb_warn_errno("/proc/uptime");
		return 1;
	}
	if (since)
		return print_since(up);
	if (pretty) {
		print_pretty((long)up);
		return 0;
	}
	return print_classic((long)up);
}
