/*
 * date: print the time, or set the clock with -s.
 *
 * The default format is coreutils' in the C locale, "%a %b %e %H:%M:%S %Z %Y".
 * +FORMAT is strftime(3) plus GNU's %N (nanoseconds), which this file expands
 * before strftime sees the format. -u uses UTC (TZ=UTC0); -d accepts "@SECONDS" and
 * "now" only, and -r FILE takes the file's modification time. -s sets the realtime
 * clock from "@SECONDS" or "YYYY-MM-DD HH:MM[:SS]" (local time) with clock_settime
 * and then prints the new time, as coreutils does. Anything else is refused with
 * status 1, never guessed at.
 */
#include "Lib/bb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DATE_DEFAULT "%a %b %e %H:%M:%S %Z %Y"

/* Parses "@SECONDS" (optionally negative) or "now". Returns 0, or -1. */
static int parse_epoch(const char *s, struct timespec *ts)
{
	char *end;

	if (strcmp(s, "now") == 0)
		return clock_gettime(CLOCK_REALTIME, ts);
	if (s[0] != '@' || !s[1])
		return -1;
	long long v = strtoll(s + 1, &end, 10);
	if (*end)
		return -1;
	ts->tv_sec = (time_t)v;
	ts->tv_nsec = 0;
	return 0;
}

/* -s's operand: "@SECONDS" or "YYYY-MM-DD HH:MM[:SS]". Returns 0, or -1. */
static int parse_set_time(const char *s, struct timespec *ts)
{
	struct tm tm;
	const char *end;

	if (parse_epoch(s, ts) == 0)
		return 0;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (!end || *end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d %H:%M", &tm);
	}
	if (!end || *end)
		return -1;
	tm.tm_isdst = -1;
	ts->tv_sec = mktime(&tm);
	ts->tv_nsec = 0;
	return ts->tv_sec == (time_t)-1 ? -1 : 0;
}

/* Copies FMT to OUT with each %N replaced by the 9-digit nanoseconds. */
static void expand_nanoseconds(const char *fmt, long nsec, char *out, size_t len)
{
	size_t o = 0;

	for (const char *f = fmt; *f && o + 10 < len; f++) {
		if (f[0] == '%' && f[1] == 'N') {
			o += (size_t)snprintf(out + o, len - o, "%09ld", nsec);
			f++;
		} else if (f[0] == '%' && f[1] == '%') {
			out[o++] = *f++;
			out[o++] = *f;
		} else
			out[o++] = *f;
	}
	out[o] = '\0';
}

static int print_time(const struct timespec *ts, const char *fmt, int utc)
{
	char expanded[1024], out[4096];
	struct tm tm;

	if (!(utc ? gmtime_r(&ts->tv_sec, &tm) : localtime_r(&ts->tv_sec, &tm))) {
		bb_warn("time %lld is out of range", (long long)ts->tv_sec);
		return 1;
	}
	expand_nanoseconds(fmt, ts->tv_nsec, expanded, sizeof(expanded));
	size_t n = strftime(out, sizeof(out), expanded, &tm);
	if (n == 0 && expanded[0]) {
		bb_warn("format '%s' is too long", fmt);
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

static int set_clock(const char *when, const char *fmt, int utc)
{
	struct timespec ts;

	if (parse_set_time(when, &ts) < 0) {
		bb_warn("invalid date '%s'", when);
		return 1;
	}
	if (clock_settime(CLOCK_REALTIME, &ts) < 0) {
		bb_warn_errno("cannot set date");
		return 1;
	}
	return print_time(&ts, fmt, utc);
}

int date_main(int argc, char **argv)
{
	const char *when = NULL, *ref = NULL, *set = NULL, *fmt = DATE_DEFAULT;
	struct timespec ts;
	struct stat st;
	int opt, utc = 0;

	while ((opt = getopt(argc, argv, "ud:r:s:")) != -1) {
		if (opt == 'u')
			utc = 1;
		else if (opt == 'd')
			when = optarg;
		else if (opt == 'r')
			ref = optarg;
		else if (opt == 's')
			set = optarg;
		else
			return bb_usage(), 1;
	}
	if (optind < argc && argv[optind][0] == '+')
		fmt = argv[optind++] + 1;
	if (optind < argc) {
		bb_warn("invalid date '%s' (setting the clock takes -s)", argv[optind]);
		return 1;
	}
	if (!!when + !!ref + !!set > 1) {
		bb_warn("the options -d, -r and -s are mutually exclusive");
		return 1;
	}
	if (utc) {
		setenv("TZ", "UTC0", 1);
		tzset();
	}
	if (set)
		return set_clock(set, fmt, utc);
	if (ref && stat(ref, &st) < 0) {
		bb_warn_errno("%s", ref);
		return 1;
	}
	if (ref)
		ts = st.st_mtim;
	else if (when && parse_epoch(when, &ts) < 0) {
		bb_warn("invalid date '%s'", when);
		return 1;
	} else if (!when)
		clock_gettime(CLOCK_REALTIME, &ts);
	return print_time(&ts, fmt, utc);
}
