/*
 * Word expansion (expand.c) and arithmetic (arith.c).
 */
#pragma once

#include <stddef.h>

#include "shell.h"

/* Expands a word to fields: tilde, parameters, command substitution,
 * arithmetic, field splitting, pathname expansion, quote removal. Appends to out. */
void expand_fields(const char *word, struct strv *out);
/* Expands without field splitting or globbing (assignments, redirection
 * targets, case words). Returns a new string. */
char *expand_string(const char *word);
/* Expands the value of NAME=value: as expand_string, and ~ after ':' too. */
char *expand_assignment(const char *value);
/* Expands a pattern (case, ${x#p}): quoted characters are backslash-escaped so
 * that fnmatch() treats them literally. Returns a new string. */
char *expand_pattern(const char *word);
/* Expands a here-document body ($, `, \ only). */
char *expand_heredoc(const char *body);
/* Runs cmd (the text inside $(...)) and returns its output without trailing
 * newlines; sets sh.subst_status. */
char *command_output(const char *cmd);

/* Evaluates an arithmetic expression; on error prints a message and calls
 * sh_fail(). */
long arith_eval(const char *expr);
