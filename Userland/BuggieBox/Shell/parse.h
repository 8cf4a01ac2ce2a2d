/*
 * The shell's syntax tree and the parser's interface. Words are kept as their raw
 * source text (quotes and all); expand.c interprets them when the command runs,
 * because what a word means depends on variables at that moment.
 */
#pragma once

#include <stddef.h>

enum node_kind {
	N_CMD,      /* simple command: assigns, words, redirs */
	N_PIPE,     /* kids[0..n-1] joined by |, bang negates */
	N_AND,      /* kids[0] && kids[1] */
	N_OR,       /* kids[0] || kids[1] */
	N_SEQ,      /* kids[0..n-1] one after another */
	N_BG,       /* kids[0] & */
	N_SUBSHELL, /* ( kids[0] ) */
	N_GROUP,    /* { kids[0] } */
	N_IF,       /* if kids[0] then kids[1] else kids[2] (may be NULL) */
	N_WHILE,    /* while kids[0] do kids[1] */
	N_UNTIL,    /* until kids[0] do kids[1] */
	N_FOR,      /* for name in words; do kids[0] */
	N_CASE,     /* case word in items */
	N_FUNC,     /* name() kids[0] */
};

enum redir_kind { R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct redir {
	int fd;             /* the fd redirected */
	enum redir_kind kind;
	char *word;         /* target word (raw), or the here-doc delimiter */
	char *body;         /* here-doc body */
	int quoted;         /* here-doc delimiter was quoted: no expansion */
	int strip_tabs;     /* <<- */
	struct redir *next;
	struct redir *next_pending; /* lexer: here-docs awaiting their body */
};

struct case_item {
	char **patterns;    /* raw words, NULL-terminated */
	struct node *body;  /* may be NULL */
	struct case_item *next;
};

struct node {
	enum node_kind kind;
	int lineno;
	int bang;                /* N_PIPE: ! */
	struct node **kids;
	size_t nkids;
	char **words;            /* N_CMD argv words; N_FOR list (NULL-terminated) */
	char **assigns;          /* N_CMD NAME=value words */
	char *name;              /* N_FOR variable, N_FUNC name, N_CASE word */
	int has_in;              /* N_FOR: an `in` list was given */
	struct case_item *items; /* N_CASE */
	struct redir *redirs;
};

/* Where source text comes from. buf holds text read so far; more() appends the
 * next line (returns 0 at end of input). */
struct source {
	char *buf;
	size_t len, cap, pos;
	int line;
	int (*more)(struct source *src);
	void *ctx;
	int eof;
	int continuation;   /* more() is fetching a continuation line (PS2) */
};

/* The result of parsing one command line. */
enum parse_result { P_OK, P_EMPTY, P_EOF, P_ERROR };

void source_init_string(struct source *src, const char *text, int line);
/* Appends text to the source buffer. */
void source_append(struct source *src, const char *text, size_t n);

/* Parses one complete command (through the end of its line) into *out. On a
 * syntax error prints "sh: line N: syntax error: ..." and returns P_ERROR. */
enum parse_result parse_command_line(struct source *src, struct node **out);
/* Parses a whole string (for eval, command substitution, traps); NULL when empty.
 * Returns -1 after reporting a syntax error. */
int parse_string(const char *text, int line, struct node **out);

/* Is name a valid variable name (the whole string)? */
int is_name(const char *s);
/* Length of the name prefix of s (0 if s does not start with a name). */
size_t name_len(const char *s);
/* Is s a reserved word? */
int is_reserved(const char *s);

/* Aliases (kept here because the lexer substitutes them). */
const char *alias_get(const char *name);
void alias_set(const char *name, const char *value);
int alias_unset(const char *name);
void alias_print_all(void);
int alias_print(const char *name);
void alias_clear(void);

/* Scanning helpers shared with expand.c: given s[i] at the opening character of
 * a quote or expansion, returns the index just past its end (or len if open). */
size_t scan_squote(const char *s, size_t i, size_t len);
size_t scan_dquote(const char *s, size_t i, size_t len);
size_t scan_backquote(const char *s, size_t i, size_t len);
size_t scan_dollar(const char *s, size_t i, size_t len);
