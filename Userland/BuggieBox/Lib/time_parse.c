/*
 * Date parsing. The grammar is the small, unambiguous subset of GNU getdate that
 * scripts actually use (ISO 8601 dates, epoch seconds), so a date is either read
 * exactly or refused; nothing is guessed. Broken-down times are turned into seconds
 * with mktime() for local time and with a days-from-civil computation for UTC, so
 * no TZ juggling is needed.
 */
#include "time_parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Reads exactly N digits at *P into *OUT, advancing *P. Returns 0 or -1. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Reads ".FRACTION" into nanoseconds. */
static long fraction(const char **p)
{
	long ns = 0, scale = 100000000;

	if (**p != '.' && **p != ',')
		return 0;
	for ((*p)++; isdigit((unsigned char)**p); (*p)++, scale /= 10)
		ns += (**p - '0') * scale;
	return ns;
}

/* Reads a zone suffix: sets *UTC and *OFFSET (seconds east). Returns 0, or -1 if junk. */
static int zone(const char *p, int *utc, long *offset)
{
	int hh, mm;

	while (*p == ' ')
		p++;
	*utc = 0;
	*offset = 0;
	if (!*p)
		return 0;
	*utc = 1;
	if (strcmp(p, "Z") == 0 || strcmp(p, "UTC") == 0 || strcmp(p, "GMT") == 0)
		return 0;
	if ((*p == '+' || *p == '-')) {
		int sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &hh) != 0)
			return -1;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &mm) != 0 || *p)
			return -1;
		*offset = sign * (hh * 3600L + mm * 60L);
		return 0;
	}
	return -1;
}

static int to_timespec(struct tm *tm, int utc, long offset, long ns, struct timespec *out)
{
	if (utc) {
		long long days = days_from_civil(tm->tm_year + 1900LL, (unsigned)tm->tm_mon + 1,
						 (unsigned)tm->tm_mday);
		out->tv_sec = (time_t)(days * 86400 + tm->tm_hour * 3600 + tm->tm_min * 60 +
				       tm->tm_sec - offset);
	} else {
		tm->tm_isdst = -1;
		out->tv_sec = mktime(tm);
		if (out->tv_sec == (time_t)-1 && tm->tm_year != 69)
			return -1;
	}
	out->tv_nsec = ns;
	return 0;
}

static int valid(const struct tm *tm)
{
	return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 && tm->tm_mday <= 31 &&
	       tm->tm_hour < 24 && tm->tm_min < 60 && tm->tm_sec <= 60;
}

int time_parse_date(const char *s, struct timespec *out)
{
	struct tm tm = { 0 };
	const char *p = s;
	int year, utc;
	long ns = 0, offset;

	if (*s == '@') {
		char *end;
		long long v = strtoll(s + 1, &end, 10);
		if (end == s + 1 || *end)
			return -1;
		out->tv_sec = (time_t)v;
		out->tv_nsec = 0;
		return 0;
	}
	if (strcmp(s, "now") == 0)
		return clock_gettime(CLOCK_REALTIME, out);
	if (digits(&p, 4, &year) || *p++ != '-' || digits(&p, 2, &tm.tm_mon) || *p++ != '-' ||
	    digits(&p, 2, &tm.tm_mday))
		return -1;
	tm.tm_year = year - 1900;
	tm.tm_mon--;
	if (*p == ' ' || *p == 'T') {
		p++;
		if (digits(&p, 2, &tm.tm_hour) || *p++ != ':' || digits(&p, 2, &tm.tm_min))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &tm.tm_sec))
				return -1;
			ns = fraction(&p);
		}
	}
	if (zone(p, &utc, &offset) != 0 || !valid(&tm))
		return -1;
	return to_timespec(&tm, utc, offset, ns, out);
}

int time_parse_stamp(const char *s, struct timespec *out)
{
	struct tm tm = { 0 };
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	const char *p = s;
	int year = -1, cc;

	if (len == 12) {
		if (digits(&p, 4, &year))
			return -1;
	} else if (len == 10) {
		if (digits(&p, 2, &cc))
			return -1;
		year = cc < 69 ? 2000 + cc : 1900 + cc;
	} else if (len != 8) {
		return -1;
	}
	if (year < 0) {
		time_t now = time(NULL);
		year = localtime(&now)->tm_year + 1900;
	}
	tm.tm_year = year - 1900;
	if (digits(&p, 2, &tm.tm_mon) || digits(&p, 2, &tm.tm_mday) ||
	    digits(&p, 2, &tm.tm_hour) || digits(&p, 2, &tm.tm_min))
		return -1;
	tm.tm_mon--;
	if (dot && (p++, digits(&p, 2, &tm.tm_sec) || *p))
		return -1;
	if (!valid(&tm))
		return -1;
	return to_timespec(&tm, 0, 0, 0, out);
}
