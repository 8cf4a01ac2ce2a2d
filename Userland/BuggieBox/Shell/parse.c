/*
 * The parser: recursive descent over the POSIX shell grammar, one complete
 * command line at a time, producing the tree in parse.h.
 *
 * The shell runs each command line as soon as it is parsed (so an alias or a
 * function defined on line 1 is usable on line 2, and a syntax error on line 3
 * comes after lines 1-2 ran, as in every POSIX shell). The parser keeps one token
 * of lookahead in struct lexer; reserved words are ordinary words that the parser
 * recognises only where a command may start. Syntax errors print their line and
 * unwind through lx->fail to parse_command_line().
 */
#include "lex.h"

#include <stdlib.h>
#include <string.h>

static const char *reserved[] = {
	"if", "then", "else", "elif", "fi", "do", "done", "case", "esac",
	"while", "until", "for", "{", "}", "!", "in", NULL,
};

int is_reserved(const char *s)
{
	for (int i = 0; reserved[i]; i++)
		if (strcmp(s, reserved[i]) == 0)
			return 1;
	return 0;
}

size_t name_len(const char *s)
{
	size_t n = 0;

	if (!(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	       (s[n] >= '0' && s[n] <= '9'))
		n++;
	return n;
}

int is_name(const char *s)
{
	size_t n = name_len(s);
	return n > 0 && s[n] == 0;
}

static struct node *new_node(struct lexer *lx, enum node_kind kind)
{
	struct node *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->lineno = lx->tok_line;
	return n;
}

static void add_kid(struct node *n, struct node *kid)
{
	n->kids = xrealloc(n->kids, (n->nkids + 1) * sizeof(*n->kids));
	n->kids[n->nkids++] = kid;
}

static struct node *pair(struct lexer *lx, enum node_kind kind, struct node *a, struct node *b)
{
	struct node *n = new_node(lx, kind);

	add_kid(n, a);
	if (b)
		add_kid(n, b);
	return n;
}

_Noreturn static void unexpected(struct lexer *lx)
{
	if (lx->tok == T_EOF || lx->tok == T_NL)
		lex_error(lx, "syntax error: unexpected %s", lx->text);
	lex_error(lx, "syntax error: unexpected \"%s\"", lx->text);
}

static int is_word(struct lexer *lx, const char *w)
{
	return lx->tok == T_WORD && strcmp(lx->text, w) == 0;
}

static void expect(struct lexer *lx, const char *w)
{
	if (!is_word(lx, w))
		unexpected(lx);
	lex_next(lx);
}

static void skip_newlines(struct lexer *lx)
{
	while (lx->tok == T_NL)
		lex_next(lx);
}

static int at_list_end(struct lexer *lx, int top)
{
	static const char *enders[] = { "then", "else", "elif", "fi", "do", "done", "esac", "}", NULL };

	switch (lx->tok) {
	case T_EOF: case T_RPAR: case T_DSEMI:
		return 1;
	case T_NL:
		return top;
	case T_WORD:
		for (int i = 0; enders[i]; i++)
			if (strcmp(lx->text, enders[i]) == 0)
				return 1;
		return 0;
	default:
		return 0;
	}
}

static struct node *parse_and_or(struct lexer *lx);

/* A list of and-or lists; top: ends at a newline (a complete command line). */
static struct node *parse_list(struct lexer *lx, int top)
{
	struct node *seq = new_node(lx, N_SEQ);

	for (;;) {
		if (!top)
			skip_newlines(lx);
		if (at_list_end(lx, top))
			break;
		struct node *n = parse_and_or(lx);
		if (lx->tok == T_AMP) {
			n = pair(lx, N_BG, n, NULL);
			lex_next(lx);
		} else if (lx->tok == T_SEMI) {
			lex_next(lx);
		} else if (lx->tok == T_NL && !top) {
			lex_next(lx);
		} else {
			add_kid(seq, n);
			break;
		}
		add_kid(seq, n);
	}
	if (seq->nkids == 0) {
		free(seq);
		return NULL;
	}
	return seq->nkids == 1 ? seq->kids[0] : seq;
}

/* A compound list that must not be empty. */
static struct node *parse_body(struct lexer *lx)
{
	struct node *n = parse_list(lx, 0);

	if (!n)
		unexpected(lx);
	return n;
}

static int redir_op(enum token t)
{
	return t >= T_LESS && t <= T_DLESSDASH;
}

static char *heredoc_delim(const char *w, int *quoted)
{
	struct sbuf b = { 0 };

	*quoted = 0;
	for (size_t i = 0; w[i]; i++) {
		if (w[i] == '\'' || w[i] == '"') {
			*quoted = 1;
		} else if (w[i] == '\\' && w[i + 1]) {
			*quoted = 1;
			sbuf_putc(&b, w[++i]);
		} else {
			sbuf_putc(&b, w[i]);
		}
	}
	return sbuf_take(&b);
}

static struct redir *parse_redir(struct lexer *lx)
{
	static const enum redir_kind kinds[] = {
		[T_LESS] = R_IN, [T_GREAT] = R_OUT, [T_DGREAT] = R_APPEND, [T_CLOBBER] = R_CLOBBER,
		[T_LESSAND] = R_DUPIN, [T_GREATAND] = R_DUPOUT, [T_LESSGREAT] = R_RDWR,
		[T_DLESS] = R_HEREDOC, [T_DLESSDASH] = R_HEREDOC,
	};
	struct redir *r = xmalloc(sizeof(*r));
	enum token op = lx->tok;

	memset(r, 0, sizeof(*r));
	r->kind = kinds[op];
	r->fd = lx->ionum >= 0 ? lx->ionum
		: (op == T_LESS || op == T_LESSAND || op == T_LESSGREAT || op >= T_DLESS) ? 0 : 1;
	lex_next(lx);
	if (lx->tok != T_WORD)
		unexpected(lx);
	if (r->kind == R_HEREDOC) {
		r->strip_tabs = op == T_DLESSDASH;
		r->word = heredoc_delim(lx->text, &r->quoted);
		lex_queue_heredoc(lx, r);
	} else {
		r->word = xstrdup(lx->text);
	}
	lex_next(lx);
	return r;
}

static void append_redir(struct redir **list, struct redir *r)
{
	while (*list)
		list = &(*list)->next;
	*list = r;
}

static int is_assignment(const char *w)
{
	size_t n = name_len(w);
	return n > 0 && w[n] == '=';
}

static void push_word(char ***v, size_t *n, const char *w)
{
	*v = xrealloc(*v, (*n + 2) * sizeof(char *));
	(*v)[(*n)++] = xstrdup(w);
	(*v)[*n] = NULL;
}

static struct node *parse_command(struct lexer *lx);

static struct node *parse_function(struct lexer *lx, struct node *cmd)
{
	struct node *f = new_node(lx, N_FUNC);

	f->name = cmd->words[0];
	if (!is_name(f->name) || is_reserved(f->name))
		lex_error(lx, "syntax error: bad function name \"%s\"", f->name);
	lex_next(lx);
	if (lx->tok != T_RPAR)
		unexpected(lx);
	lex_next(lx);
	skip_newlines(lx);
	struct node *body = parse_command(lx);
	if (body->kind == N_CMD || body->kind == N_FUNC)
		lex_error(lx, "syntax error: %s", "function body must be a compound command");
	add_kid(f, body);
	return f;
}

static struct node *parse_simple(struct lexer *lx)
{
	struct node *cmd = new_node(lx, N_CMD);
	size_t nw = 0, na = 0;

	for (;;) {
		if (redir_op(lx->tok)) {
			append_redir(&cmd->redirs, parse_redir(lx));
		} else if (lx->tok == T_WORD) {
			if (nw == 0 && is_assignment(lx->text)) {
				push_word(&cmd->assigns, &na, lx->text);
			} else {
				push_word(&cmd->words, &nw, lx->text);
				if (nw == 1 && na == 0 && !cmd->redirs) {
					lex_next(lx);
					if (lx->tok == T_LPAR)
						return parse_function(lx, cmd);
					continue;
				}
			}
			lex_next(lx);
		} else {
			break;
		}
	}
	if (nw == 0 && na == 0 && !cmd->redirs)
		unexpected(lx);
	return cmd;
}

static struct node *parse_if(struct lexer *lx)
{
	struct node *n = new_node(lx, N_IF);

	lex_next(lx);
	add_kid(n, parse_body(lx));
	expect(lx, "then");
	add_kid(n, parse_body(lx));
	if (is_word(lx, "elif")) {
		add_kid(n, parse_if(lx));
		return n;
	}
	if (is_word(lx, "else")) {
		lex_next(lx);
		add_kid(n, parse_body(lx));
	}
	expect(lx, "fi");
	return n;
}

static struct node *parse_loop(struct lexer *lx, enum node_kind kind)
{
	struct node *n = new_node(lx, kind);

	lex_next(lx);
	add_kid(n, parse_body(lx));
	expect(lx, "do");
	add_kid(n, parse_body(lx));
	expect(lx, "done");
	return n;
}

static struct node *parse_for(struct lexer *lx)
{
	struct node *n = new_node(lx, N_FOR);
	size_t nw = 0;

	lex_next(lx);
	if (lx->tok != T_WORD || !is_name(lx->text))
		unexpected(lx);
	n->name = xstrdup(lx->text);
	lex_next(lx);
	skip_newlines(lx);
	if (is_word(lx, "in")) {
		n->has_in = 1;
		n->words = xmalloc(sizeof(char *));
		n->words[0] = NULL;
		lex_next(lx);
		while (lx->tok == T_WORD) {
			push_word(&n->words, &nw, lx->text);
			lex_next(lx);
		}
		if (lx->tok != T_SEMI && lx->tok != T_NL)
			unexpected(lx);
		lex_next(lx);
	} else if (lx->tok == T_SEMI) {
		lex_next(lx);
	}
	skip_newlines(lx);
	expect(lx, "do");
	add_kid(n, parse_body(lx));
	expect(lx, "done");
	return n;
}

static struct case_item *parse_case_item(struct lexer *lx)
{
	struct case_item *it = xmalloc(sizeof(*it));
	size_t np = 0;

	memset(it, 0, sizeof(*it));
	if (lx->tok == T_LPAR)
		lex_next(lx);
	for (;;) {
		if (lx->tok != T_WORD)
			unexpected(lx);
		push_word(&it->patterns, &np, lx->text);
		lex_next(lx);
		if (lx->tok != T_PIPE)
			break;
		lex_next(lx);
	}
	if (lx->tok != T_RPAR)
		unexpected(lx);
	lex_next(lx);
	it->body = parse_list(lx, 0);
	return it;
}

static struct node *parse_case(struct lexer *lx)
{
	struct node *n = new_node(lx, N_CASE);
	struct case_item **tail = &n->items;

	lex_next(lx);
	if (lx->tok != T_WORD)
		unexpected(lx);
	n->name = xstrdup(lx->text);
	lex_next(lx);
	skip_newlines(lx);
	expect(lx, "in");
	skip_newlines(lx);
	while (!is_word(lx, "esac")) {
		*tail = parse_case_item(lx);
		tail = &(*tail)->next;
		if (lx->tok != T_DSEMI)
			break;
		lex_next(lx);
		skip_newlines(lx);
	}
	expect(lx, "esac");
	return n;
}

static struct node *parse_wrapped(struct lexer *lx, enum node_kind kind, int close_tok, const char *close)
{
	struct node *n = new_node(lx, kind);

	lex_next(lx);
	add_kid(n, parse_body(lx));
	if (close) {
		expect(lx, close);
	} else {
		if ((int)lx->tok != close_tok)
			unexpected(lx);
		lex_next(lx);
	}
	return n;
}

static struct node *parse_compound(struct lexer *lx)
{
	if (lx->tok == T_LPAR)
		return parse_wrapped(lx, N_SUBSHELL, T_RPAR, NULL);
	if (lx->tok != T_WORD)
		return NULL;
	if (is_word(lx, "if"))
		return parse_if(lx);
	if (is_word(lx, "while"))
		return parse_loop(lx, N_WHILE);
	if (is_word(lx, "until"))
		return parse_loop(lx, N_UNTIL);
	if (is_word(lx, "for"))
		return parse_for(lx);
	if (is_word(lx, "case"))
		return parse_case(lx);
	if (is_word(lx, "{"))
		return parse_wrapped(lx, N_GROUP, 0, "}");
	return NULL;
}

static void expand_alias(struct lexer *lx)
{
	while (lx->tok == T_WORD) {
		const char *v = alias_get(lx->text);
		if (!v || !lex_alias_allowed(lx, lx->text))
			return;
		lex_splice(lx, v);
	}
}

static struct node *parse_command(struct lexer *lx)
{
	struct node *n;

	expand_alias(lx);
	n = parse_compound(lx);
	if (!n) {
		if (lx->tok == T_WORD && is_reserved(lx->text) && strcmp(lx->text, "!") != 0)
			unexpected(lx);
		return parse_simple(lx);
	}
	while (redir_op(lx->tok))
		append_redir(&n->redirs, parse_redir(lx));
	return n;
}

static struct node *parse_pipeline(struct lexer *lx)
{
	struct node *p = new_node(lx, N_PIPE);

	if (is_word(lx, "!")) {
		p->bang = 1;
		lex_next(lx);
	}
	for (;;) {
		add_kid(p, parse_command(lx));
		if (lx->tok != T_PIPE)
			break;
		lex_next(lx);
		skip_newlines(lx);
	}
	if (p->nkids == 1 && !p->bang) {
		struct node *only = p->kids[0];
		free(p->kids);
		free(p);
		return only;
	}
	return p;
}

static struct node *parse_and_or(struct lexer *lx)
{
	struct node *n = parse_pipeline(lx);

	while (lx->tok == T_AND || lx->tok == T_OR) {
		enum node_kind kind = lx->tok == T_AND ? N_AND : N_OR;
		lex_next(lx);
		skip_newlines(lx);
		n = pair(lx, kind, n, parse_pipeline(lx));
	}
	return n;
}

enum parse_result parse_command_line(struct source *src, struct node **out)
{
	struct lexer lx;

	memset(&lx, 0, sizeof(lx));
	lx.src = src;
	*out = NULL;
	if (setjmp(lx.fail)) {
		free(lx.text);
		return P_ERROR;
	}
	lex_next(&lx);
	if (lx.tok == T_EOF) {
		free(lx.text);
		return P_EOF;
	}
	if (lx.tok == T_NL) {
		free(lx.text);
		return P_EMPTY;
	}
	*out = parse_list(&lx, 1);
	if (!*out || (lx.tok != T_NL && lx.tok != T_EOF))
		unexpected(&lx);
	free(lx.text);
	for (int i = 0; i < lx.nalias; i++)
		free(lx.alias_name[i]);
	return P_OK;
}

int parse_string(const char *text, int line, struct node **out)
{
	struct source src;
	struct node *seq = NULL;

	source_init_string(&src, text, line);
	*out = NULL;
	for (;;) {
		struct node *n;
		enum parse_result r = parse_command_line(&src, &n);
		if (r == P_EOF)
			break;
		if (r == P_ERROR) {
			free(src.buf);
			return -1;
		}
		if (r == P_EMPTY)
			continue;
		if (!seq) {
			seq = n;
			continue;
		}
		if (seq->kind != N_SEQ || seq->redirs) {
			struct node *s = xmalloc(sizeof(*s));
			memset(s, 0, sizeof(*s));
			s->kind = N_SEQ;
			s->lineno = seq->lineno;
			add_kid(s, seq);
			seq = s;
		}
		add_kid(seq, n);
	}
	free(src.buf);
	*out = seq;
	return 0;
}
