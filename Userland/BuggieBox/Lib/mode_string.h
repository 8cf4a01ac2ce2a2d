/*
 * File modes as text: "drwxr-xr-x" for ls -l and stat, and chmod's mode language
 * ("755", "u+x,go-w", "a=rX") for chmod, mkdir -m and find -perm.
 */
#pragma once

#include <sys/types.h>

/* Writes the 10-character ls -l mode string of MODE and a NUL into OUT. */
void mode_string(mode_t mode, char out[11]);

/* The file type character ls -l uses: '-', 'd', 'l', 'c', 'b', 'p', 's'. */
char mode_type_char(mode_t mode);

/* "regular file", "directory", ... as stat %F prints it (EMPTY for a 0-byte file). */
const char *mode_type_name(mode_t mode, int empty);

/*
 * Applies SPEC (octal, or symbolic clauses [ugoa]*[+-=][rwxXst]*|[ugo], separated
 * by commas) to OLD, the file's current mode (permission bits; type bits are used
 * for X). UMASK masks clauses that name no who, as POSIX says.
 * Returns 0 and the new permission bits in *OUT, or -1 if SPEC is malformed.
 */
int mode_apply(const char *spec, mode_t old, mode_t umask, mode_t *out);
