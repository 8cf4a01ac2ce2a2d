/*
 * Parsing the counts head and tail take. A negative count means "all but the
 * last N" to head (GNU); where the caller has no such meaning it is refused with
 * a message.
 */
#include "count_arg.h"

#include "bb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool count_arg_parse(const char *arg, unsigned long long *out, bool *negative)
{
	static const char suffixes[] = "bkKMG";
	static const unsigned long long mult[] = { 512, 1024, 1024, 1024 * 1024, 1024 * 1024 * 1024 };
	const char *p = arg;
	char *end;

	if (*p == '-' && !negative) {
		bb_warn("%s: negative counts are not supported", arg);
		return false;
	}
	if (negative)
		*negative = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9') {
		bb_warn("invalid number: '%s'", arg);
		return false;
	}
	errno = 0;
	unsigned long long v = strtoull(p, &end, 10);
	if (*end && end[1] == '\0' && strchr(suffixes, *end)) {
		v *= mult[strchr(suffixes, *end) - suffixes];
		end++;
	}
	if (*end || errno) {
		bb_warn("invalid number: '%s'", arg);
		return false;
	}
	*out = v;
	return true;
}
