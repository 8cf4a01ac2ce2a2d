/*
 * The line editor's core: everything about editing a line that does not touch
 * the terminal. Keys come in as decoded enum ledit_key values (ledit_decode
 * understands control characters and the VT100/xterm escape sequences for the
 * arrows, Home, End and Delete); the buffer always holds the whole line and
 * `cur` is an index into it, 0 <= cur <= len.
 *
 * History browsing keeps the line that was being typed in `draft`, so going up
 * and back down returns to it. Completion only decides what to insert given the
 * candidates; term.c finds them (commands on PATH, files).
 */
#include "edit.h"
#include "shell.h"

#include <stdlib.h>
#include <string.h>

/* An escape sequence at s (s[0] is ESC); as ledit_decode. */
static size_t decode_escape(const unsigned char *s, size_t n, enum ledit_key *key)
{
	static const struct {
		const char *seq;
		enum ledit_key key;
	} seqs[] = {
		{ "\033[A", K_UP }, { "\033[B", K_DOWN }, { "\033[C", K_RIGHT }, { "\033[D", K_LEFT },
		{ "\033[H", K_HOME }, { "\033[F", K_END }, { "\033OH", K_HOME }, { "\033OF", K_END },
		{ "\033OA", K_UP }, { "\033OB", K_DOWN }, { "\033OC", K_RIGHT }, { "\033OD", K_LEFT },
		{ "\033[1~", K_HOME }, { "\033[7~", K_HOME }, { "\033[4~", K_END }, { "\033[8~", K_END },
		{ "\033[3~", K_DELETE },
	};

	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		size_t k = strlen(seqs[i].seq);
		size_t m = n < k ? n : k;
		if (memcmp(s, seqs[i].seq, m) != 0)
			continue;
		if (n < k)
			return 0;
		*key = seqs[i].key;
		return k;
	}
	/* An unknown sequence: skip ESC [ params final. */
	*key = K_NONE;
	if (n >= 2 && (s[1] == '[' || s[1] == 'O')) {
		for (size_t i = 2; i < n; i++)
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;
		return 0;
	}
	return 1;
}

size_t ledit_decode(const unsigned char *s, size_t n, enum ledit_key *key, char *ch)
{
	*ch = 0;
	if (n == 0)
		return 0;
	if (s[0] == 033)
		return decode_escape(s, n, key);
	switch (s[0]) {
	case 1: *key = K_HOME; break;
	case 2: *key = K_LEFT; break;
	case 3: *key = K_INTERRUPT; break;
	case 4: *key = K_EOF_OR_DELETE; break;
	case 5: *key = K_END; break;
	case 6: *key = K_RIGHT; break;
	case 8: case 127: *key = K_BACKSPACE; break;
	case 9: *key = K_TAB; break;
	case 10: case 13: *key = K_ENTER; break;
	case 11: *key = K_KILL_EOL; break;
	case 12: *key = K_CLEAR; break;
	case 14: *key = K_DOWN; break;
	case 16: *key = K_UP; break;
	case 21: *key = K_KILL_LINE; break;
	case 23: *key = K_KILL_WORD; break;
	default:
		if (s[0] < 32) {
			*key = K_NONE;
		} else {
			*key = K_CHAR;
			*ch = (char)s[0];
		}
	}
	return 1;
}

void ledit_reset(struct ledit *e)
{
	e->len = e->cur = 0;
	if (e->buf)
		e->buf[0] = 0;
	e->hpos = e->nhist;
	free(e->draft);
	e->draft = NULL;
}

void ledit_insert(struct ledit *e, const char *s, size_t n)
{
	if (e->len + n + 1 > e->cap) {
		e->cap = (e->len + n + 1) * 2;
		e->buf = xrealloc(e->buf, e->cap);
	}
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur);
	memcpy(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
	e->buf[e->len] = 0;
}

static void delete_range(struct ledit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	e->buf[e->len] = 0;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

static void set_line(struct ledit *e, const char *s)
{
	e->len = e->cur = 0;
	ledit_insert(e, s, strlen(s));
}

static void history_move(struct ledit *e, int up)
{
	if (up) {
		if (e->hpos == 0)
			return;
		if (e->hpos == e->nhist) {
			free(e->draft);
			e->draft = xstrndup(e->buf ? e->buf : "", e->len);
		}
		e->hpos--;
		set_line(e, e->hist[e->hpos]);
	} else {
		if (e->hpos >= e->nhist)
			return;
		e->hpos++;
		set_line(e, e->hpos == e->nhist ? (e->draft ? e->draft : "") : e->hist[e->hpos]);
	}
}

static void kill_word(struct ledit *e)
{
	size_t i = e->cur;

	while (i > 0 && e->buf[i - 1] == ' ')
		i--;
	while (i > 0 && e->buf[i - 1] != ' ')
		i--;
	delete_range(e, i, e->cur);
}

enum ledit_result ledit_apply(struct ledit *e, enum ledit_key key, char ch)
{
	switch (key) {
	case K_CHAR: ledit_insert(e, &ch, 1); break;
	case K_LEFT: if (e->cur > 0) e->cur--; break;
	case K_RIGHT: if (e->cur < e->len) e->cur++; break;
	case K_HOME: e->cur = 0; break;
	case K_END: e->cur = e->len; break;
	case K_BACKSPACE: if (e->cur > 0) delete_range(e, e->cur - 1, e->cur); break;
	case K_DELETE: if (e->cur < e->len) delete_range(e, e->cur, e->cur + 1); break;
	case K_EOF_OR_DELETE:
		if (e->len == 0)
			return LE_EOF;
		if (e->cur < e->len)
			delete_range(e, e->cur, e->cur + 1);
		break;
	case K_KILL_WORD: kill_word(e); break;
	case K_KILL_LINE: delete_range(e, 0, e->cur); break;
	case K_KILL_EOL: delete_range(e, e->cur, e->len); break;
	case K_UP: history_move(e, 1); break;
	case K_DOWN: history_move(e, 0); break;
	case K_ENTER: return LE_DONE;
	case K_INTERRUPT: return LE_CANCEL;
	case K_TAB: return LE_COMPLETE;
	case K_CLEAR: return LE_CLEAR;
	case K_NONE: break;
	}
	return LE_CONTINUE;
}

int ledit_history_add(struct ledit *e, const char *line, size_t max)
{
	if (!*line || max == 0 || (e->nhist && strcmp(e->hist[e->nhist - 1], line) == 0))
		return 0;
	while (e->nhist >= max) {
		free(e->hist[0]);
		memmove(e->hist, e->hist + 1, --e->nhist * sizeof(char *));
	}
	e->hist = xrealloc(e->hist, (e->nhist + 1) * sizeof(char *));
	e->hist[e->nhist++] = xstrdup(line);
	e->hpos = e->nhist;
	return 1;
}

size_t ledit_word_start(const struct ledit *e, int *command_pos)
{
	size_t i = e->cur;

	while (i > 0 && !strchr(" \t;|&(<>", e->buf[i - 1]))
		i--;
	size_t j = i;
	while (j > 0 && (e->buf[j - 1] == ' ' || e->buf[j - 1] == '\t'))
		j--;
	*command_pos = j == 0 || strchr(";|&(", e->buf[j - 1]) != NULL;
	return i;
}

int ledit_complete(struct ledit *e, char **cands, const int *is_dir, size_t n)
{
	int cmd;
	size_t start = ledit_word_start(e, &cmd), have = e->cur - start, common;
	const char *slash = NULL;

	if (n == 0)
		return 0;
	/* The candidates are full words; the typed part is a prefix of each. For
	 * paths only the last component is compared, so find it. */
	for (size_t i = start; i < e->cur; i++)
		if (e->buf[i] == '/')
			slash = e->buf + i;
	if (slash)
		have = e->cur - (size_t)(slash + 1 - e->buf);
	common = strlen(cands[0]);
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < common && cands[i][k] == cands[0][k])
			k++;
		common = k;
	}
	if (common > have)
		ledit_insert(e, cands[0] + have, common - have);
	if (n == 1) {
		ledit_insert(e, is_dir[0] ? "/" : " ", 1);
		return 0;
	}
	return common <= have;
}
