/*
 * Removing files and trees (rm, and mv across file systems), and the y/n question
 * rm -i, cp -i and mv -i ask.
 */
#pragma once

#define FS_RM_FORCE       1  /* no message for what does not exist */
#define FS_RM_INTERACTIVE 2  /* ask before each removal (rm -i) */
#define FS_RM_VERBOSE     4  /* print "removed 'X'" */

/*
 * Removes PATH and, if it is a directory, everything below it, depth first.
 * Errors are printed ("rm: cannot remove 'X': REASON") and the walk goes on.
 * Returns 0 if everything asked for was removed (what -i was told not to remove
 * does not count), 1 otherwise.
 */
int fs_remove_tree(const char *path, int flags);

/* Removes one non-directory or empty directory PATH (with the same messages,
 * questions and flags as fs_remove_tree). ST is PATH's lstat. Returns 0 or 1. */
struct stat;
int fs_remove_one(const char *path, const struct stat *st, int flags);

/* Prints "name: QUESTION" (printf-style) on stderr and reads a line from stdin.
 * Returns 1 if it begins with 'y' or 'Y', else 0. */
int fs_confirm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
