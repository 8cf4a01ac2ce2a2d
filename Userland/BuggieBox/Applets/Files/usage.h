/*
 * The usage-error exit of the file applets. coreutils exits 1 after a bad option
 * for all of these except ls (2), while bb_usage() returns 2, so they print the
 * usage through it and return 1.
 */
#pragma once

#include "Lib/bb.h"

static inline int files_usage_error(void)
{
	bb_usage();
	return 1;
}
