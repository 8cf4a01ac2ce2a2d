/*
 * sleep: pause for the sum of its operands. Each is a decimal number with an
 * optional fraction and an optional unit: s (the default), m, h or d, as coreutils
 * accepts. A signal that interrupts nanosleep() and is handled resumes the sleep
 * for the time left, so only a terminating signal ends it early.
 */
#include "Lib/bb.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds named by ARG, or -1 if it is not a valid interval. */
static double parse_interval(const char *arg)
{
	char *end;
	double v;

	if (!*arg || strchr(arg, '-'))
		return -1;
	v = strtod(arg, &end);
	if (end == arg || isnan(v) || v < 0)
		return -1;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		v *= 60;
		break;
	case 'h':
		v *= 3600;
		break;
	case 'd':
		v *= 86400;
		break;
	default:
		return -1;
	}
	return *end && end[1] ? -1 : v;
}

static void sleep_for(double seconds)
{
	struct timespec ts;

	if (seconds > 1e15) /* "inf" and the like: sleep as long as time_t allows */
		seconds = 1e15;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int sleep_main(int argc, char **argv)
{
	double total = 0;
	int bad = 0;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--") != 0) {
		bb_warn("invalid option -- '%s'", argv[1] + 1);
		bb_usage();
		return 1;
	}
	int first = argc > 1 && strcmp(argv[1], "--") == 0 ? 2 : 1;
	if (first >= argc) {
		bb_warn("missing operand");
		return 1;
	}
	for (int i = first; i < argc; i++) {
		double v = parse_interval(argv[i]);
		if (v < 0) {
			bb_warn("invalid time interval '%s'", argv[i]);
			bad = 1;
		}
		total += v;
	}
	if (bad)
		return 1;
	sleep_for(total);
	return 0;
}
