/*
 * Backslash escapes as echo -e, printf's format and printf's %b read them.
 */
#pragma once

#include <stdbool.h>

#define ESCAPE_STOP (-1)    /* \c: stop all output */
#define ESCAPE_UNKNOWN (-2) /* not an escape: print the backslash literally */

/*
 * Decodes the escape whose backslash is just before *sp and advances *sp past it.
 * Returns the byte (0..255), ESCAPE_STOP for \c, or ESCAPE_UNKNOWN (then *sp is
 * left alone). Knows \\ \a \b \e \f \n \r \t \v, \xHH, octal \NNN (1-3 digits) and,
 * when octal_0 is set, \0NNN (a 0 then up to three more digits: echo, %b).
 */
int escape_decode(const char **sp, bool octal_0);
