/*
 * The line editor's pure core (edit.c): a buffer with a cursor, key decoding,
 * history and completion, with no terminal I/O. term.c drives it.
 */
#pragma once

#include <stddef.h>

enum ledit_key {
	K_NONE, K_CHAR, K_LEFT, K_RIGHT, K_HOME, K_END, K_BACKSPACE, K_DELETE, K_KILL_WORD,
	K_KILL_LINE, K_KILL_EOL, K_UP, K_DOWN, K_ENTER, K_EOF_OR_DELETE, K_TAB, K_INTERRUPT,
	K_CLEAR,
};

enum ledit_result { LE_CONTINUE, LE_DONE, LE_EOF, LE_CANCEL, LE_COMPLETE, LE_CLEAR };

struct ledit {
	char *buf;
	size_t len, cap, cur;
	char **hist;       /* oldest first */
	size_t nhist, hpos;
	char *draft;       /* the line being edited while browsing history */
};

/* Decodes one key from the bytes in s[0..n); returns the bytes used, 0 if
 * more bytes are needed. *ch is the character for K_CHAR. */
size_t ledit_decode(const unsigned char *s, size_t n, enum ledit_key *key, char *ch);
/* Starts a new line (history is kept). */
void ledit_reset(struct ledit *e);
void ledit_insert(struct ledit *e, const char *s, size_t n);
/* Applies a key; returns what the caller must do next. */
enum ledit_result ledit_apply(struct ledit *e, enum ledit_key key, char ch);
/* Appends line to the history unless it is empty or repeats the newest entry,
 * dropping the oldest entries to keep at most max. Returns 1 when added. */
int ledit_history_add(struct ledit *e, const char *line, size_t max);

/* Completion: the start of the word under the cursor, and whether it is in
 * command position (the first word of a command). */
size_t ledit_word_start(const struct ledit *e, int *command_pos);
/* Given the candidates that extend the word, inserts what they have in common
 * (and a suffix: "/" for a lone directory, " " otherwise). Returns 1 when the
 * word could not be extended and the candidates should be listed. */
int ledit_complete(struct ledit *e, char **cands, const int *is_dir, size_t n);
