/*
 * The flagged character buffer that word expansion builds, private to
 * expand.c (the word-level passes) and param.c (parameter expansion).
 *
 * Every character carries one flag byte saying where it came from; see the
 * essay at the top of expand.c for what each flag means.
 */
#pragma once

#include <stddef.h>

enum { X_QUOTED = 1, X_SPLIT = 2, X_BREAK = 4, X_MARK = 8 };
/* C_DQW: the word of ${x-word} inside double quotes, where "..." still quotes. */
enum ctx { C_UNQ, C_DQ, C_HD, C_DQW };

struct xbuf {
	char *c;
	unsigned char *f;
	size_t len, cap;
};

void xput(struct xbuf *x, char c, unsigned char f);
/* Appends every character of src with its flag. */
void xput_xbuf(struct xbuf *x, const struct xbuf *src);
void xfree(struct xbuf *x);
/* The expansion of something inside the word: quoted context protects it. */
void xput_value(struct xbuf *x, const char *v, enum ctx ctx);
/* Plain string of the expanded characters (markers dropped, breaks as spaces). */
char *xstring(const struct xbuf *x);

/* Expands s[0..len) in context ctx, appending to x. */
void expand_into(struct xbuf *x, const char *s, size_t len, enum ctx ctx);
/* Expands s as expand_into and returns the plain string. */
char *expand_substring(const char *s, enum ctx ctx);
/* Evaluates the arithmetic expression in s[0..len) after expanding its
 * parameters and command substitutions. */
long expand_arith(const char *s, size_t len);

/* ${...}: in is the text between the braces (param.c). */
void put_braced(struct xbuf *x, const char *in, enum ctx ctx);
/* $NAME, $1, $@...: a parameter without braces (param.c). */
void put_param(struct xbuf *x, const char *name, enum ctx ctx);
/* Length of the parameter name at the start of s: a special parameter, digits
 * (only one unless braced) or a name. */
size_t param_name_len(const char *s, int braced);
