/*
 * Canonical absolute paths with every symbolic link resolved (readlink -f, realpath).
 */
#pragma once

enum path_canon_mode {
	PATH_CANON_EXISTING,     /* every component must exist (-e) */
	PATH_CANON_ALL_BUT_LAST, /* all but the last must exist (-f, realpath's default) */
	PATH_CANON_MISSING,      /* nothing need exist (-m) */
};

/*
 * Resolves PATH against the working directory: removes ".", "..", repeated slashes
 * and symbolic links (at most 40, then ELOOP). Returns a new allocation, or NULL
 * with errno set (ENOENT, ENOTDIR, ELOOP, ...).
 */
char *path_canonical(const char *path, enum path_canon_mode mode);
