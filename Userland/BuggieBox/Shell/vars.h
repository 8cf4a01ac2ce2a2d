/*
 * Shell variables, positional parameters, functions and aliases' storage.
 */
#pragma once

#include "parse.h"

#define V_EXPORT   1
#define V_READONLY 2

/* Value of a variable, or NULL when unset. */
const char *var_get(const char *name);
/* Sets name=value (value NULL: declared but unset, e.g. `export X`). Returns -1
 * (after a message) if the variable is read-only. */
int var_set(const char *name, const char *value, int flags);
/* Sets name=value for an expansion (${x=w}, $((x=1))): a read-only name is an
 * error of the command (sh_fail, status 2). */
void var_set_or_fail(const char *name, const char *value);
/* -1 (silently) if the variable is read-only. */
int var_unset(const char *name);
int var_flags(const char *name);
void var_add_flags(const char *name, int flags);
/* Parses "NAME=VALUE" and sets it; returns var_set's result. */
int var_assign(const char *word, int flags);
/* "NAME=VALUE" strings for every exported variable with a value. */
char **var_environ(void);
/* Prints variables: with prefix ("export "/"readonly ") only those with flag. */
void var_print(int flag, const char *prefix);
void var_import_environ(char **envp);

/* `local NAME`: saves NAME's current state, restored when the function returns. */
void var_make_local(const char *name);
/* Opens / closes a function's local scope. */
void var_push_scope(void);
void var_pop_scope(void);

/* Positional parameters $1..$n. */
struct params {
	int argc;
	char **argv;   /* argv[0] is $1 */
};
extern struct params sh_params;
void params_set(int argc, char **argv);   /* copies */
/* Swaps in new parameters and returns the old ones (for functions and `.`). */
struct params params_swap(struct params next);
void params_free(struct params *p);

/* Functions. */
struct node *func_get(const char *name);
void func_set(const char *name, struct node *body);
int func_unset(const char *name);
