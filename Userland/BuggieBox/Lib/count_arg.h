/*
 * Counts given on the command line of head and tail: "10", "+10", "2K", "1M".
 */
#pragma once

#include <stdbool.h>

/*
 * Parses a count with an optional leading '+' and an optional suffix b (512),
 * K/k (1024), M (1024^2), G (1024^3). A leading '-' is accepted only when
 * NEGATIVE is not NULL (then *negative says whether it was there); otherwise it is
 * refused. On a bad count warns "invalid number: ARG" and returns false.
 */
bool count_arg_parse(const char *arg, unsigned long long *out, bool *negative);
