/*
 * sed's runner: applies a program compiled by sed_compile.c to a stream of lines.
 *
 * Each cycle reads a line into the pattern space, runs the commands whose
 * addresses select it, prints the pattern space (unless -n) and then the text
 * queued by 'a' and 'r'. To know whether a line is the last ('$'), the reader
 * keeps one line of look-ahead, across all the files of the stream (sed.c makes
 * each file its own stream under -s and -i). A last line without a newline is
 * printed without one, but a newline is added before any later output, as GNU
 * sed does. Ranges keep their state in the command (in_range), reset per stream.
 */
#include "sed.h"

#include "Lib/bb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum cycle_end { END_NORMAL, END_DELETE, END_RESTART, END_QUIT, END_QUIT_SILENT };

static bool sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			bb_warn_errno("out of memory");
			return false;
		}
		b->s = p, b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

static bool sb_set(struct sbuf *b, const char *s, size_t n)
{
	b->len = 0;
	return sb_put(b, s, n);
}

static void out_bytes(struct sed_state *st, const char *s, size_t n, bool newline)
{
	if (st->missing_nl)
		putc('\n', st->out);
	fwrite(s, 1, n, st->out);
	if (newline)
		putc('\n', st->out);
	st->missing_nl = !newline;
}

static void out_text(struct sed_state *st, const char *text)
{
	out_bytes(st, text, strlen(text), true);
}

/* r: copies the file's bytes as they are; a missing file is no error (POSIX). */
static void copy_file(struct sed_state *st, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[4096];
	size_t n;

	if (!f)
		return;
	if (st->missing_nl)
		putc('\n', st->out);
	st->missing_nl = false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, st->out); /* as GNU sed: no newline is added after it */
	fclose(f);
}

static void flush_appends(struct sed_state *st)
{
	for (size_t i = 0; i < st->nappend; i++) {
		if (st->append[i]->name == 'r')
			copy_file(st, st->append[i]->text);
		else
			out_text(st, st->append[i]->text);
	}
	st->nappend = 0;
}

/* Reads the next raw line of the stream into st->ahead; false at its end. */
static bool fetch(struct sed_state *st)
{
	for (;;) {
		if (!st->in) {
			if (st->next_file >= st->nfiles)
				return false;
			st->in_path = st->files[st->next_file++];
			st->in = strcmp(st->in_path, "-") == 0 ? stdin : fopen(st->in_path, "r");
			if (!st->in) {
				bb_warn_errno("can't read %s", st->in_path);
				st->status = 2;
				continue;
			}
		}
		ssize_t n = getline(&st->raw, &st->raw_cap, st->in);
		if (n >= 0) {
			st->ahead_nl = n > 0 && st->raw[n - 1] == '\n';
			return sb_set(&st->ahead, st->raw, n - st->ahead_nl);
		}
		if (ferror(st->in)) {
			bb_warn_errno("read error on %s", st->in_path);
			st->status = 2;
		}
		if (st->in != stdin)
			fclose(st->in);
		st->in = NULL;
	}
}

static bool is_last(struct sed_state *st)
{
	if (!st->have_ahead)
		st->have_ahead = fetch(st);
	return !st->have_ahead;
}

/* Moves the next line into the pattern space; false at the end of input. */
static bool next_line(struct sed_state *st)
{
	if (is_last(st))
		return false;
	st->have_ahead = false;
	st->line++;
	st->ps_nl = st->ahead_nl;
	return sb_set(&st->ps, st->ahead.s, st->ahead.len);
}

/* RE, or the last regex used when RE is NULL. */
static regex_t *use_re(struct sed_state *st, regex_t *re)
{
	if (re)
		st->last_re = re;
	else if (!st->last_re) {
		bb_warn("no previous regular expression");
		st->status = 1;
		st->quit = true;
	}
	return st->last_re;
}

static bool match_addr(struct sed_state *st, const struct sed_addr *a)
{
	switch (a->kind) {
	case SED_ADDR_LINE: return st->line == a->line;
	case SED_ADDR_LAST: return is_last(st);
	case SED_ADDR_REGEX: {
		regex_t *re = use_re(st, a->re);
		return re && regexec(re, st->ps.s, 0, NULL, 0) == 0;
	}
	default: return true;
	}
}

static bool selected_raw(struct sed_state *st, struct sed_cmd *c)
{
	if (c->a1.kind == SED_ADDR_NONE)
		return true;
	if (c->a2.kind == SED_ADDR_NONE)
		return match_addr(st, &c->a1);
	if (!c->in_range) {
		if (!match_addr(st, &c->a1))
			return false;
		c->range_end = c->a2.kind == SED_ADDR_PLUS ? st->line + c->a2.line : c->a2.line;
		c->in_range = !(c->a2.kind == SED_ADDR_LINE && c->a2.line <= st->line) &&
			      !(c->a2.kind == SED_ADDR_PLUS && c->a2.line == 0) &&
			      !(c->a2.kind == SED_ADDR_LAST && is_last(st));
		return true;
	}
	if (c->a2.kind == SED_ADDR_LINE || c->a2.kind == SED_ADDR_PLUS ? st->line >= c->range_end
									  : match_addr(st, &c->a2))
		c->in_range = false;
	return true;
}

static bool selected(struct sed_state *st, struct sed_cmd *c)
{
	return selected_raw(st, c) != c->negate;
}

/* Appends the replacement of C for match M (offsets relative to BASE) to OUT. */
static bool expand(struct sbuf *out, const char *repl, const char *base, const regmatch_t *m)
{
	for (const char *r = repl; *r; r++) {
		int group = -1;
		if (*r == '&')
			group = 0;
		else if (*r == '\\' && r[1] >= '0' && r[1] <= '9')
			group = *++r - '0';
		if (group >= 0) {
			if (m[group].rm_so >= 0 &&
			    !sb_put(out, base + m[group].rm_so, m[group].rm_eo - m[group].rm_so))
				return false;
			continue;
		}
		char ch = *r;
		if (*r == '\\' && r[1]) {
			ch = *++r;
			ch = ch == 'n' ? '\n' : ch == 't' ? '\t' : ch;
		}
		if (!sb_put(out, &ch, 1))
			return false;
	}
	return true;
}

static bool substitute(struct sed_state *st, struct sed_cmd *c)
{
	regex_t *re = use_re(st, c->re);
	struct sbuf out = { 0 };
	regmatch_t m[10];
	size_t off = 0, prev_end = (size_t)-1;
	unsigned long count = 0;
	bool did = false;

	if (!re || !sb_put(&out, "", 0))
		return false;
	while (off <= st->ps.len &&
	       regexec(re, st->ps.s + off, 10, m, off ? REG_NOTBOL : 0) == 0) {
		size_t so = off + m[0].rm_so, eo = off + m[0].rm_eo;
		sb_put(&out, st->ps.s + off, so - off);
		if (so == eo && so == prev_end) {
			/* an empty match right after a match does not count */
		} else if (++count >= c->nth) {
			expand(&out, c->repl, st->ps.s + off, m);
			did = true;
		} else {
			sb_put(&out, st->ps.s + so, eo - so);
		}
		off = eo;
		prev_end = eo;
		if (did && !c->global)
			break;
		if (so == eo) {
			if (so < st->ps.len)
				sb_put(&out, st->ps.s + so, 1);
			off = so + 1;
		}
	}
	if (did) {
		if (off < st->ps.len)
			sb_put(&out, st->ps.s + off, st->ps.len - off);
		free(st->ps.s);
		st->ps = out;
	} else {
		free(out.s);
	}
	return did;
}

static bool queue_append(struct sed_state *st, struct sed_cmd *c)
{
	struct sed_cmd **more = realloc(st->append, (st->nappend + 1) * sizeof(*more));

	if (!more)
		return false;
	st->append = more;
	st->append[st->nappend++] = c;
	return true;
}

/* w: the pattern space and a newline to the command's file. */
static void write_file(struct sed_state *st, const struct sed_cmd *c)
{
	FILE *f = st->prog->wfiles[c->wfile - 1].f;

	if (f == stdout) {
		out_bytes(st, st->ps.s, st->ps.len, true);
		return;
	}
	fwrite(st->ps.s, 1, st->ps.len, f);
	putc('\n', f);
}

/* The hold-space commands g G h H x. */
static void hold_command(struct sed_state *st, char name)
{
	struct sbuf t;

	switch (name) {
	case 'g': sb_set(&st->ps, st->hs.s ? st->hs.s : "", st->hs.len); break;
	case 'G': sb_put(&st->ps, "\n", 1), sb_put(&st->ps, st->hs.s ? st->hs.s : "", st->hs.len); break;
	case 'h': sb_set(&st->hs, st->ps.s, st->ps.len); break;
	case 'H': sb_put(&st->hs, "\n", 1), sb_put(&st->hs, st->ps.s, st->ps.len); break;
	case 'x':
		if (!st->hs.s)
			sb_set(&st->hs, "", 0);
		t = st->ps, st->ps = st->hs, st->hs = t;
		break;
	}
}

/* n and N: false when the cycle must end (no more input). */
static bool next_command(struct sed_state *st, char name)
{
	if (is_last(st))
		return false;
	if (name == 'n') {
		if (!st->quiet)
			out_bytes(st, st->ps.s, st->ps.len, st->ps_nl);
		flush_appends(st);
		return next_line(st);
	}
	struct sbuf keep = { 0 };
	sb_set(&keep, st->ps.s, st->ps.len);
	next_line(st);
	sb_put(&keep, "\n", 1);
	sb_put(&keep, st->ps.s, st->ps.len);
	free(st->ps.s);
	st->ps = keep;
	return true;
}

/* The commands that only print or transform: = a i p P r s w y g G h H x. */
static void simple_command(struct sed_state *st, struct sed_cmd *c)
{
	char num[32];

	switch (c->name) {
	case '=':
		snprintf(num, sizeof(num), "%lu", st->line);
		out_text(st, num);
		break;
	case 'a': case 'r': queue_append(st, c); break;
	case 'w': write_file(st, c); break;
	case 'i': out_text(st, c->text); break;
	case 'p': out_bytes(st, st->ps.s, st->ps.len, true); break;
	case 'P': out_bytes(st, st->ps.s, strcspn(st->ps.s, "\n"), true); break;
	case 's':
		if (substitute(st, c)) {
			st->replaced = true;
			if (c->print)
				out_bytes(st, st->ps.s, st->ps.len, true);
			if (c->wfile)
				write_file(st, c);
		}
		break;
	case 'y':
		for (size_t i = 0; i < st->ps.len; i++)
			st->ps.s[i] = (char)c->ymap[(unsigned char)st->ps.s[i]];
		break;
	default:
		hold_command(st, c->name);
		break;
	}
}

/* D: removes the first line of the pattern space; false if it has only one. */
static bool delete_first_line(struct sed_state *st)
{
	char *nl = memchr(st->ps.s, '\n', st->ps.len);

	if (!nl)
		return false;
	size_t cut = nl + 1 - st->ps.s;
	memmove(st->ps.s, nl + 1, st->ps.len - cut + 1);
	st->ps.len -= cut;
	return true;
}

/* Runs the program once over the pattern space; returns how the cycle ends. */
static enum cycle_end run_cycle(struct sed_state *st)
{
	size_t pc = 0;

	while (pc < st->prog->n && !st->quit) {
		struct sed_cmd *c = &st->prog->cmds[pc];
		if (c->name == ':' || c->name == '}') {
			pc++;
			continue;
		}
		if (!selected(st, c)) {
			pc = c->name == '{' ? c->jump : pc + 1;
			continue;
		}
		pc++;
		switch (c->name) {
		case '{': break;
		case 'c':
			if (!c->in_range)
				out_text(st, c->text);
			return END_DELETE;
		case 'd': return END_DELETE;
		case 'D': return delete_first_line(st) ? END_RESTART : END_DELETE;
		case 'n': case 'N':
			if (!next_command(st, c->name))
				return END_NORMAL;
			break;
		case 'q': st->status = c->exit_code; return END_QUIT;
		case 'Q': st->status = c->exit_code; return END_QUIT_SILENT;
		case 't':
			if (!st->replaced)
				break;
			st->replaced = false;
			/* fall through */
		case 'b': pc = c->jump; break;
		default: simple_command(st, c); break;
		}
	}
	return END_NORMAL;
}

void sed_run_stream(struct sed_state *st)
{
	for (size_t i = 0; i < st->prog->n; i++)
		st->prog->cmds[i].in_range = false;
	st->line = 0;
	while (!st->quit && next_line(st)) {
		enum cycle_end end;
		st->replaced = false;
		do {
			end = run_cycle(st);
			if (end == END_RESTART)
				flush_appends(st);
		} while (end == END_RESTART && !st->quit);
		if ((end == END_NORMAL || end == END_QUIT) && !st->quiet)
			out_bytes(st, st->ps.s, st->ps.len, st->ps_nl);
		flush_appends(st);
		if (end == END_QUIT || end == END_QUIT_SILENT)
			st->quit = true;
	}
	if (st->in && st->in != stdin)
		fclose(st->in);
	st->in = NULL;
	st->have_ahead = false;
}

