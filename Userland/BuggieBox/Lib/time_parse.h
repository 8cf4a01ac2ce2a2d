/*
 * Reading dates people write: touch -d/-t, find -newermt and the like.
 */
#pragma once

#include <time.h>

/*
 * Parses a date as touch -d takes it: "@SECONDS", "now", "YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM[:SS[.FRACTION]]" (or with a 'T'), optionally followed by "Z",
 * "UTC" or a "+HHMM"/"-HHMM" offset; without one the time is local.
 * Returns 0 and *OUT, or -1 if S is not such a date.
 */
int time_parse_date(const char *s, struct timespec *out);

/* Parses touch -t's [[CC]YY]MMDDhhmm[.ss] (local time). Returns 0 or -1. */
int time_parse_stamp(const char *s, struct timespec *out);
