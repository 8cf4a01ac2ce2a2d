/*
 * walk.h - exercise every part of the EROFS parser over a whole image, with
 * hard bounds, ignoring what the results are. Used on corrupted images (the
 * host test's random smoke test) and by the fuzzer: the point is that nothing
 * crashes, hangs or reads out of bounds, not that the answers are right.
 */
#pragma once

#include "erofs.h"

struct walk_stats {
	unsigned int inodes;    /* inodes decoded */
	unsigned int errors;    /* calls that returned an error */
};

/* Walk from the root: readdir, lookup, iget, read, readlink, xattrs. */
void erofs_walk_image(const struct erofs_sb_info *sbi, struct walk_stats *st);
