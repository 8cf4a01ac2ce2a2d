/*
 * The lexer's interface, private to lex.c and parse.c.
 */
#pragma once

#include "parse.h"
#include "shell.h"

#include <setjmp.h>

enum token {
	T_WORD, T_NL, T_EOF, T_SEMI, T_DSEMI, T_AMP, T_AND, T_PIPE, T_OR, T_LPAR, T_RPAR,
	T_LESS, T_GREAT, T_DGREAT, T_CLOBBER, T_LESSAND, T_GREATAND, T_LESSGREAT,
	T_DLESS, T_DLESSDASH,
};

#define LEX_ALIAS_DEPTH 16

struct lexer {
	struct source *src;
	enum token tok;      /* the current token */
	char *text;          /* its text (raw word or operator) */
	int ionum;           /* redirection operator: the fd number before it, or -1 */
	int tok_line;
	size_t tok_start, tok_end;
	struct redir *pending;  /* here-documents waiting for their newline */
	jmp_buf fail;           /* syntax errors unwind here */
	char *alias_name[LEX_ALIAS_DEPTH];
	size_t alias_end[LEX_ALIAS_DEPTH];
	int nalias;
};

void lex_next(struct lexer *lx);
void lex_queue_heredoc(struct lexer *lx, struct redir *r);
void lex_splice(struct lexer *lx, const char *text);
int lex_alias_allowed(struct lexer *lx, const char *name);
_Noreturn void lex_error(struct lexer *lx, const char *fmt, const char *arg);
