/*
 * The lexer: turns source text into the shell's tokens (words, operators,
 * newlines) one at a time, on demand.
 *
 * Text arrives a line at a time (struct source's more()), so every scanner here
 * works with indexes into src->buf and asks for another line whenever it runs off
 * the end inside an unfinished quote, expansion or here-document. The same
 * scanners, run over a complete string, let expand.c find where a quote or a
 * $(...) ends without a second copy of the rules.
 *
 * A word token keeps its raw text, quotes included. Here-document bodies are
 * read when the newline that ends their command is lexed: the parser queues the
 * redirections (lex_queue_heredoc) and lex_next() fills their bodies.
 */
#include "lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_OPEN ((size_t)-1)

struct scan {
	const char *s;
	size_t len;
	struct source *src;
};

void source_append(struct source *src, const char *text, size_t n)
{
	if (src->len + n + 1 > src->cap) {
		src->cap = (src->len + n + 1) * 2;
		src->buf = xrealloc(src->buf, src->cap);
	}
	memcpy(src->buf + src->len, text, n);
	src->len += n;
	src->buf[src->len] = 0;
}

void source_init_string(struct source *src, const char *text, int line)
{
	memset(src, 0, sizeof(*src));
	src->line = line;
	source_append(src, text, strlen(text));
}

/* The character at index i, fetching more input if needed; -1 at the end. */
static int at(struct scan *sc, size_t i)
{
	if (sc->src) {
		struct source *src = sc->src;

		while (i >= src->len) {
			if (src->eof || !src->more) {
				src->eof = 1;
				return -1;
			}
			/* Text already buffered means a command is unfinished (PS2). */
			src->continuation = src->len > 0;
			if (!src->more(src))
				src->eof = 1;
			src->continuation = 0;
		}
		return (unsigned char)src->buf[i];
	}
	return i < sc->len ? (unsigned char)sc->s[i] : -1;
}

static size_t sc_dollar(struct scan *sc, size_t i);

static size_t sc_squote(struct scan *sc, size_t i)
{
	for (size_t j = i + 1;; j++) {
		int c = at(sc, j);
		if (c < 0)
			return SCAN_OPEN;
		if (c == '\'')
			return j + 1;
	}
}

static size_t sc_backquote(struct scan *sc, size_t i)
{
	for (size_t j = i + 1;;) {
		int c = at(sc, j);
		if (c < 0)
			return SCAN_OPEN;
		if (c == '`')
			return j + 1;
		j += c == '\\' ? 2 : 1;
	}
}

static size_t sc_dquote(struct scan *sc, size_t i)
{
	for (size_t j = i + 1;;) {
		int c = at(sc, j);
		if (c < 0)
			return SCAN_OPEN;
		if (c == '"')
			return j + 1;
		if (c == '\\')
			j += 2;
		else if (c == '$')
			j = sc_dollar(sc, j);
		else if (c == '`')
			j = sc_backquote(sc, j);
		else
			j++;
		if (j == SCAN_OPEN)
			return j;
	}
}

/* Steps over one quoted or expanded unit at j inside ${...} or $(...);
 * returns the next index (SCAN_OPEN when unterminated). */
static size_t sc_unit(struct scan *sc, size_t j, int c)
{
	switch (c) {
	case '\'':
		return sc_squote(sc, j);
	case '"':
		return sc_dquote(sc, j);
	case '`':
		return sc_backquote(sc, j);
	case '$':
		return sc_dollar(sc, j);
	case '\\':
		return j + 2;
	}
	return j + 1;
}

static size_t sc_brace(struct scan *sc, size_t i)
{
	for (size_t j = i + 2;;) {
		int c = at(sc, j);
		if (c < 0)
			return SCAN_OPEN;
		if (c == '}')
			return j + 1;
		j = sc_unit(sc, j, c);
		if (j == SCAN_OPEN)
			return j;
	}
}

/* Does the keyword kw start at j, as a whole word? */
static int keyword_at(struct scan *sc, size_t j, const char *kw)
{
	size_t n = strlen(kw);
	int before = j > 0 ? at(sc, j - 1) : ' ';

	if (before >= 0 && !strchr(" \t\n;(|&", before))
		return 0;
	for (size_t k = 0; k < n; k++)
		if (at(sc, j + k) != (unsigned char)kw[k])
			return 0;
	int after = at(sc, j + n);
	return after < 0 || strchr(" \t\n;)", after) != NULL;
}

/* $( ... ) or $(( ... )): counts parentheses, skipping quotes and comments.
 * Inside case ... esac a lone ')' ends a pattern, not the substitution. */
static size_t sc_paren(struct scan *sc, size_t i, int arith)
{
	int depth = 0, cases = 0;
	size_t j = i + (arith ? 3 : 2);

	for (;;) {
		int c = at(sc, j);
		if (c < 0)
			return SCAN_OPEN;
		if (!arith && c == 'c' && keyword_at(sc, j, "case")) {
			cases++;
			j += 4;
		} else if (!arith && c == 'e' && cases && keyword_at(sc, j, "esac")) {
			cases--;
			j += 4;
		} else if (c == ')' && depth == 0 && cases) {
			j++;
		} else if (c == '(') {
			depth++;
			j++;
		} else if (c == ')') {
			if (depth == 0)
				return arith ? (at(sc, j + 1) == ')' ? j + 2 : SCAN_OPEN) : j + 1;
			depth--;
			j++;
		} else if (c == '#' && !arith && j > 0 && strchr(" \t\n;(", at(sc, j - 1))) {
			while ((c = at(sc, j)) >= 0 && c != '\n')
				j++;
		} else {
			j = sc_unit(sc, j, c);
			if (j == SCAN_OPEN)
				return j;
		}
	}
}

/* Is "$((" at i an arithmetic expansion (closed by "))") rather than a command
 * substitution starting with a subshell? */
static int is_arith(struct scan *sc, size_t i)
{
	size_t end = sc_paren(sc, i, 1);
	return end != SCAN_OPEN;
}

static size_t sc_dollar(struct scan *sc, size_t i)
{
	int c = at(sc, i + 1);

	if (c == '{')
		return sc_brace(sc, i);
	if (c == '(') {
		if (at(sc, i + 2) == '(' && is_arith(sc, i))
			return sc_paren(sc, i, 1);
		return sc_paren(sc, i, 0);
	}
	return i + 1;
}

static size_t finish(size_t r, size_t len)
{
	return r == SCAN_OPEN || r > len ? len : r;
}

size_t scan_squote(const char *s, size_t i, size_t len)
{
	struct scan sc = { s, len, NULL };
	return finish(sc_squote(&sc, i), len);
}

size_t scan_dquote(const char *s, size_t i, size_t len)
{
	struct scan sc = { s, len, NULL };
	return finish(sc_dquote(&sc, i), len);
}

size_t scan_backquote(const char *s, size_t i, size_t len)
{
	struct scan sc = { s, len, NULL };
	return finish(sc_backquote(&sc, i), len);
}

size_t scan_dollar(const char *s, size_t i, size_t len)
{
	struct scan sc = { s, len, NULL };
	return finish(sc_dollar(&sc, i), len);
}

/* ---- tokens ---- */

static int is_meta(int c)
{
	return c < 0 || strchr(" \t\n;&|()<>", c) != NULL;
}

_Noreturn void lex_error(struct lexer *lx, const char *fmt, const char *arg)
{
	fflush(stdout);
	if (sh.script)
		fprintf(stderr, "sh: %s: line %d: ", sh.script, lx->tok_line);
	else
		fprintf(stderr, "sh: line %d: ", lx->tok_line);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	longjmp(lx->fail, 1);
}

static int src_at(struct lexer *lx, size_t i)
{
	struct scan sc = { NULL, 0, lx->src };
	return at(&sc, i);
}

static void advance_to(struct lexer *lx, size_t to)
{
	struct source *src = lx->src;

	for (; src->pos < to; src->pos++)
		if (src->buf[src->pos] == '\n')
			src->line++;
}

/* Skips blanks, comments and backslash-newlines before a token. */
static void skip_blank(struct lexer *lx)
{
	for (;;) {
		int c = src_at(lx, lx->src->pos);
		if (c == ' ' || c == '\t') {
			lx->src->pos++;
		} else if (c == '\\' && src_at(lx, lx->src->pos + 1) == '\n') {
			advance_to(lx, lx->src->pos + 2);
		} else if (c == '#') {
			while ((c = src_at(lx, lx->src->pos)) >= 0 && c != '\n')
				lx->src->pos++;
		} else {
			return;
		}
	}
}

static const struct {
	const char *text;
	enum token tok;
} operators[] = {
	{ "<<-", T_DLESSDASH }, { "&&", T_AND }, { "||", T_OR }, { ";;", T_DSEMI },
	{ "<<", T_DLESS }, { ">>", T_DGREAT }, { "<&", T_LESSAND }, { ">&", T_GREATAND },
	{ "<>", T_LESSGREAT }, { ">|", T_CLOBBER }, { "&", T_AMP }, { "|", T_PIPE },
	{ ";", T_SEMI }, { "(", T_LPAR }, { ")", T_RPAR }, { "<", T_LESS }, { ">", T_GREAT },
};

static int lex_operator(struct lexer *lx)
{
	size_t p = lx->src->pos;

	for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
		const char *t = operators[i].text;
		size_t n = strlen(t), k;
		for (k = 0; k < n && src_at(lx, p + k) == (unsigned char)t[k]; k++)
			;
		if (k == n) {
			lx->src->pos += n;
			lx->tok = operators[i].tok;
			lx->text = xstrdup(t);
			return 1;
		}
	}
	return 0;
}

/* Reads a word starting at src->pos; returns its end index. */
static size_t word_end(struct lexer *lx)
{
	struct scan sc = { NULL, 0, lx->src };
	size_t j = lx->src->pos;

	for (;;) {
		int c = at(&sc, j);
		size_t k;

		if (is_meta(c))
			return j;
		if (c == '\\' && at(&sc, j + 1) == '\n') {
			/* A line continuation inside a word: splice it out. */
			memmove(lx->src->buf + j, lx->src->buf + j + 2, lx->src->len - j - 2);
			lx->src->len -= 2;
			lx->src->buf[lx->src->len] = 0;
			lx->src->line++;
			continue;
		}
		if (c == '\\' && at(&sc, j + 1) < 0)
			return j + 1;
		k = sc_unit(&sc, j, c);
		if (k == SCAN_OPEN) {
			lx->tok_line = lx->src->line;
			lex_error(lx, "syntax error: %s", c == '\'' || c == '"' || c == '`'
				  ? "unterminated quoted string" : "missing closing bracket");
		}
		j = k;
	}
}

static void read_heredoc_body(struct lexer *lx, struct redir *r)
{
	struct sbuf body = { 0 };

	for (;;) {
		size_t start = lx->src->pos, end = start;
		int c;

		while ((c = src_at(lx, end)) >= 0 && c != '\n')
			end++;
		if (c < 0 && end == start)
			break;
		const char *line = lx->src->buf + start;
		size_t n = end - start;
		if (r->strip_tabs)
			while (n > 0 && *line == '\t')
				line++, n--;
		advance_to(lx, c < 0 ? end : end + 1);
		if (n == strlen(r->word) && strncmp(line, r->word, n) == 0)
			break;
		sbuf_putn(&body, line, n);
		sbuf_putc(&body, '\n');
		if (c < 0)
			break;
	}
	r->body = sbuf_take(&body);
}

void lex_queue_heredoc(struct lexer *lx, struct redir *r)
{
	struct redir **pp = &lx->pending;

	while (*pp)
		pp = &(*pp)->next_pending;
	*pp = r;
}

static void lex_newline(struct lexer *lx)
{
	advance_to(lx, lx->src->pos + 1);
	while (lx->pending) {
		struct redir *r = lx->pending;
		lx->pending = r->next_pending;
		read_heredoc_body(lx, r);
	}
}

void lex_next(struct lexer *lx)
{
	int c;

	free(lx->text);
	lx->text = NULL;
	skip_blank(lx);
	lx->tok_line = lx->src->line;
	lx->tok_start = lx->src->pos;
	lx->ionum = -1;
	c = src_at(lx, lx->src->pos);
	if (c < 0) {
		if (lx->pending)
			lex_error(lx, "syntax error: %s", "here-document without newline");
		lx->tok = T_EOF;
		lx->text = xstrdup("end of file");
		return;
	}
	if (c == '\n') {
		lx->tok = T_NL;
		lx->text = xstrdup("newline");
		lex_newline(lx);
		return;
	}
	if (lex_operator(lx))
		return;
	size_t end = word_end(lx);
	lx->text = xstrndup(lx->src->buf + lx->src->pos, end - lx->src->pos);
	advance_to(lx, end);
	lx->tok = T_WORD;
	lx->tok_end = end;
	c = src_at(lx, end);
	if ((c == '<' || c == '>') && strspn(lx->text, "0123456789") == strlen(lx->text) &&
	    strlen(lx->text) < 4) {
		lx->ionum = atoi(lx->text);
		lex_operator(lx);
	}
}

/* Replaces the word token just read with the alias text and re-lexes. */
void lex_splice(struct lexer *lx, const char *text)
{
	struct source *src = lx->src;
	size_t start = lx->tok_start, end = lx->tok_end, n = strlen(text);
	char *rest = xstrdup(src->buf + end);

	src->len = start;
	source_append(src, text, n);
	source_append(src, rest, strlen(rest));
	free(rest);
	src->pos = start;
	for (int i = 0; i < lx->nalias; i++)
		lx->alias_end[i] += n - (end - start);
	if (lx->nalias < LEX_ALIAS_DEPTH) {
		lx->alias_name[lx->nalias] = xstrdup(lx->text);
		lx->alias_end[lx->nalias++] = start + n;
	}
	lex_next(lx);
}

/* May the word just read be replaced by its alias (not already inside it)? */
int lex_alias_allowed(struct lexer *lx, const char *name)
{
	while (lx->nalias > 0 && lx->tok_start >= lx->alias_end[lx->nalias - 1])
		free(lx->alias_name[--lx->nalias]);
	for (int i = 0; i < lx->nalias; i++)
		if (strcmp(lx->alias_name[i], name) == 0)
			return 0;
	return lx->nalias < LEX_ALIAS_DEPTH;
}
