/*
 * The terminal side of interactive input.
 *
 * term_read_line() puts the terminal in raw mode (no echo, no canonical line
 * discipline, no signals: ^C arrives as a byte) only while a line is being
 * edited, and restores it before the command runs, so programs see the normal
 * terminal. Every change redraws the whole line on one row: carriage return,
 * prompt, text, clear to end of line, cursor back to its place. A line wider
 * than the terminal scrolls sideways instead of wrapping, so the redraw never
 * has to know how many rows it spans.
 *
 * When stdin is not a terminal there is no prompt and no echo: lines are read a
 * byte at a time so that nothing past the current line is consumed. The history
 * (and its file, history.c) belongs to the terminal side only.
 */
#include "term.h"
#include "edit.h"
#include "exec.h"
#include "expand.h"
#include "history.h"
#include "shell.h"
#include "vars.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static struct ledit editor;
static int history_loaded;

static void out(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static void outs(const char *s)
{
	out(s, strlen(s));
}

/* PS1 with \h (host), \w (cwd, ~ for home), \W, \u, \$ and \\ replaced, then
 * parameter and command expansions done. */
static char *prompt_text(int continuation)
{
	const char *ps = var_get(continuation ? "PS2" : "PS1");
	struct sbuf b = { 0 };
	char host[256], cwd[PATH_MAX];

	if (!ps)
		ps = continuation ? "> " : "\\h:\\w\\$ ";
	for (; *ps; ps++) {
		if (*ps != '\\' || !ps[1]) {
			sbuf_putc(&b, *ps);
			continue;
		}
		switch (*++ps) {
		case 'h':
			if (gethostname(host, sizeof(host)) < 0)
				strcpy(host, "atoll");
			host[sizeof(host) - 1] = 0;
			sbuf_puts(&b, host);
			break;
		case 'w': case 'W': {
			const char *pwd = var_get("PWD"), *home = var_get("HOME");
			if (!pwd)
				pwd = getcwd(cwd, sizeof(cwd)) ? cwd : "?";
			size_t hl = home ? strlen(home) : 0;
			if (*ps == 'W' && strrchr(pwd, '/') && pwd[1])
				pwd = strrchr(pwd, '/') + 1;
			if (*ps == 'w' && hl > 1 && strncmp(pwd, home, hl) == 0 && (!pwd[hl] || pwd[hl] == '/')) {
				sbuf_putc(&b, '~');
				pwd += hl;
			}
			sbuf_puts(&b, pwd);
			break;
		}
		case 'u': {
			const char *u = var_get("USER");
			sbuf_puts(&b, u ? u : "?");
			break;
		}
		case '$': sbuf_putc(&b, geteuid() == 0 ? '#' : '$'); break;
		case 'n': sbuf_putc(&b, '\n'); break;
		default: sbuf_putc(&b, *ps); break;
		}
	}
	char *text = sbuf_take(&b);
	if (!strpbrk(text, "$`"))
		return text;
	char *expanded = expand_heredoc(text);
	free(text);
	return expanded;
}

/* Columns the prompt takes (escape sequences take none). */
static size_t visible_len(const char *s)
{
	size_t n = 0;

	while (*s) {
		if (*s == 033 && s[1] == '[') {
			for (s += 2; *s && !(*s >= 0x40 && *s <= 0x7e); s++)
				;
			if (*s)
				s++;
			continue;
		}
		n += (*s++ & 0xc0) != 0x80;
	}
	return n;
}

static size_t term_columns(void)
{
	struct winsize ws;

	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Draws prompt and line on one terminal row. A line longer than the row
 * scrolls sideways so that the cursor stays visible. */
static void redraw(const char *prompt)
{
	struct sbuf b = { 0 };
	size_t cols = term_columns(), plen = visible_len(prompt), avail, start = 0, shown;
	char tail[32];

	avail = cols > plen + 11 ? cols - plen - 1 : 10;
	if (editor.cur > avail)
		start = editor.cur - avail;
	shown = editor.len - start < avail ? editor.len - start : avail;
	sbuf_puts(&b, "\r");
	sbuf_puts(&b, prompt);
	sbuf_putn(&b, editor.buf ? editor.buf + start : "", shown);
	sbuf_puts(&b, "\033[K");
	if (start + shown > editor.cur) {
		snprintf(tail, sizeof(tail), "\033[%zuD", start + shown - editor.cur);
		sbuf_puts(&b, tail);
	}
	out(b.s, b.len);
	free(b.s);
}

/* ---- completion ---- */

struct cands {
	struct strv names;
	int *dir;
	size_t cap;
};

static void add_cand(struct cands *c, const char *name, int is_dir)
{
	for (size_t i = 0; i < c->names.n; i++)
		if (strcmp(c->names.v[i], name) == 0)
			return;
	if (c->names.n + 1 > c->cap) {
		c->cap = (c->names.n + 1) * 2;
		c->dir = xrealloc(c->dir, c->cap * sizeof(int));
	}
	c->dir[c->names.n] = is_dir;
	strv_push(&c->names, xstrdup(name));
}

static void scan_dir(struct cands *c, const char *dir, const char *prefix, int want_exec)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *de;
	size_t n = strlen(prefix);

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;
		if (strncmp(de->d_name, prefix, n) != 0 || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_name[0] == '.' && prefix[0] != '.')
			continue;
		char *full = xasprintf("%s%s", *dir ? dir : "", de->d_name);
		int is_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		if (!want_exec || (!is_dir && access(full, X_OK) == 0))
			add_cand(c, de->d_name, want_exec ? 0 : is_dir);
		free(full);
	}
	closedir(d);
}

static void command_cands(struct cands *c, const char *word)
{
	const char *path = var_get("PATH");
	size_t n = strlen(word);

	for (size_t i = 0; builtin_name_at(i); i++)
		if (strncmp(builtin_name_at(i), word, n) == 0)
			add_cand(c, builtin_name_at(i), 0);
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char *dir = xasprintf("%.*s/", (int)len, path);
		scan_dir(c, dir, word, 1);
		free(dir);
		path = colon ? colon + 1 : "";
	}
}

static void path_cands(struct cands *c, const char *word)
{
	const char *slash = strrchr(word, '/');
	char *dir = slash ? xstrndup(word, slash - word + 1) : xstrdup("");

	if (dir[0] == '~' && (dir[1] == '/' || !dir[1])) {
		const char *home = var_get("HOME");
		char *d = xasprintf("%s%s", home ? home : "", dir + 1);
		free(dir);
		dir = d;
	}
	scan_dir(c, dir, slash ? slash + 1 : word, 0);
	free(dir);
}

static void list_cands(struct cands *c)
{
	outs("\r\n");
	for (size_t i = 0; i < c->names.n; i++) {
		outs(c->names.v[i]);
		outs(c->dir[i] ? "/  " : "  ");
	}
	outs("\r\n");
}

static void complete(void)
{
	struct cands c = { { 0 }, NULL, 0 };
	int cmd;
	size_t start = ledit_word_start(&editor, &cmd);
	char *word = xstrndup(editor.buf + start, editor.cur - start);

	if (cmd && !strchr(word, '/'))
		command_cands(&c, word);
	else
		path_cands(&c, word);
	if (ledit_complete(&editor, c.names.v, c.dir, c.names.n))
		list_cands(&c);
	else if (c.names.n == 0)
		outs("\a");
	strv_free(&c.names);
	free(c.dir);
	free(word);
}

/* ---- reading ---- */

char *term_read_plain(void)
{
	struct sbuf b = { 0 };
	char c;

	while (sh_read_byte(0, &c)) {
		sbuf_putc(&b, c);
		if (c == '\n')
			break;
	}
	if (b.len == 0)
		return NULL;
	return sbuf_take(&b);
}

static int raw_mode(struct termios *saved)
{
	struct termios t;

	if (tcgetattr(0, saved) < 0)
		return -1;
	t = *saved;
	t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(ICRNL | IXON);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(0, TCSADRAIN, &t);
}

/* Edits one line; returns the result of the last key. */
static enum ledit_result edit_loop(const char *prompt)
{
	/* Bytes typed ahead of the line being finished stay for the next line. */
	static unsigned char pend[64];
	static size_t npend;

	redraw(prompt);
	for (;;) {
		enum ledit_key key;
		char ch;
		size_t used;

		while ((used = ledit_decode(pend, npend, &key, &ch)) > 0) {
			memmove(pend, pend + used, npend - used);
			npend -= used;
			enum ledit_result r = ledit_apply(&editor, key, ch);
			if (r == LE_COMPLETE)
				complete();
			else if (r == LE_CLEAR)
				outs("\033[H\033[2J");
			else if (r != LE_CONTINUE)
				return r;
			redraw(prompt);
		}
		if (npend == sizeof(pend))
			npend = 0;
		ssize_t n = read(0, pend + npend, sizeof(pend) - npend);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return LE_EOF;
		npend += n;
	}
}

char *term_read_line(int continuation)
{
	struct termios saved;
	char *prompt, *line;
	enum ledit_result r;

	if (!isatty(0))
		return term_read_plain();
	if (!history_loaded) {
		/* Here rather than at startup, so that a HISTFILE set by the
		 * profile or $ENV counts. */
		history_loaded = 1;
		history_load(&editor);
	}
	prompt = prompt_text(continuation);
	if (raw_mode(&saved) < 0) {
		outs(prompt);
		free(prompt);
		return term_read_plain();
	}
	ledit_reset(&editor);
	r = edit_loop(prompt);
	tcsetattr(0, TCSADRAIN, &saved);
	free(prompt);
	if (r == LE_EOF) {
		outs("\r\n");
		return NULL;
	}
	if (r == LE_CANCEL) {
		outs("^C\r\n");
		sh.status = 130;
		if (sh.on_error)
			longjmp(*sh.on_error, 1);
		return xstrdup("\n");
	}
	outs("\r\n");
	line = xasprintf("%.*s\n", (int)editor.len, editor.buf ? editor.buf : "");
	if (editor.len)
		history_add(&editor, editor.buf);
	return line;
}
