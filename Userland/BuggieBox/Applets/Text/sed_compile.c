/*
 * sed's compiler: script text to the command array of sed.h.
 *
 * Scripts are POSIX with the common GNU forms: commands separated by newlines or
 * ';', one-line "a text" / "i text" / "c text" besides "a\<newline>text", s flags
 * g p N i w, "\n" and "\t" in regexes, any delimiter in s, y and "\cREc".
 * Supported commands: { } = a b c d D g G h H i n N p P q Q r s t w x y : #.
 * Anything else (l, e, F, z, ...) is refused by name. Files named by w are created
 * here, before any input is read, as POSIX requires; r and w take the rest of the
 * line as the file name.
 *
 * Regexes are compiled once here; an empty regex compiles to NULL, which the
 * runner reads as "the last regex used" (POSIX). Labels are resolved at the end.
 */
#include "sed.h"

#include "Lib/bb.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p;
	struct sed_prog *prog;
	int flags;          /* regcomp flags */
	size_t open[64];    /* indexes of unclosed '{' */
	int depth;
};

static bool syntax(const char *what, char c)
{
	if (c)
		bb_warn("-e expression: %s: '%c'", what, c);
	else
		bb_warn("-e expression: %s", what);
	return false;
}

static void skip_blanks(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

/*
 * Reads text up to the unescaped DELIM into a new string. "\DELIM" becomes DELIM
 * (kept escaped when DELIM is special to regexes and REGEX is set), "\n" a
 * newline; other escapes are kept for the next stage. Inside a bracket expression
 * of a regex nothing is special. Returns NULL (after a warning) if unterminated.
 */
static char *delimited(struct parser *ps, char delim, bool regex)
{
	size_t cap = strlen(ps->p) + 1, n = 0;
	char *out = malloc(cap);
	const char *p = ps->p;

	while (out && *p && *p != delim) {
		if (regex && *p == '[') {
			const char *q = p + 1;
			q += *q == '^';
			q += *q == ']';
			while (*q && *q != ']')
				q++;
			if (*q) {
				memcpy(out + n, p, q + 1 - p);
				n += q + 1 - p;
				p = q + 1;
				continue;
			}
		}
		if (*p == '\\' && p[1]) {
			if (p[1] == delim) {
				if (regex && strchr(".*[]^$\\+?(){}|", delim))
					out[n++] = '\\';
				out[n++] = delim;
			} else if (p[1] == 'n' && regex) {
				out[n++] = '\n';
			} else if (p[1] == 't' && regex) {
				out[n++] = '\t';
			} else {
				out[n++] = p[0];
				out[n++] = p[1];
			}
			p += 2;
			continue;
		}
		out[n++] = *p++;
	}
	if (!out || *p != delim) {
		free(out);
		syntax("unterminated address regex or command", 0);
		return NULL;
	}
	out[n] = '\0';
	ps->p = p + 1;
	return out;
}

/* Compiles PATTERN (taking ownership); "" gives *out = NULL, the last regex. */
static bool compile_re(struct parser *ps, char *pattern, int extra, regex_t **out)
{
	*out = NULL;
	if (!*pattern) {
		free(pattern);
		return true;
	}
	regex_t *re = malloc(sizeof(*re));
	int r = re ? regcomp(re, pattern, ps->flags | extra) : REG_ESPACE;
	if (r != 0) {
		char msg[200];
		regerror(r, re, msg, sizeof(msg));
		bb_warn("-e expression: %s: %s", pattern, msg);
		free(re);
		free(pattern);
		return false;
	}
	free(pattern);
	*out = re;
	return true;
}

static bool parse_addr(struct parser *ps, struct sed_addr *a)
{
	if (isdigit((unsigned char)*ps->p)) {
		char *end;
		a->kind = SED_ADDR_LINE;
		a->line = strtoul(ps->p, &end, 10);
		ps->p = end;
		return true;
	}
	if (*ps->p == '$') {
		a->kind = SED_ADDR_LAST;
		ps->p++;
		return true;
	}
	if (*ps->p == '/' || *ps->p == '\\') {
		char delim = *ps->p == '/' ? '/' : ps->p[1];
		if (!delim || delim == '\n' || delim == '\\')
			return syntax("bad regex delimiter", delim);
		ps->p += *ps->p == '/' ? 1 : 2;
		char *text = delimited(ps, delim, true);
		a->kind = SED_ADDR_REGEX;
		return text && compile_re(ps, text, 0, &a->re);
	}
	a->kind = SED_ADDR_NONE;
	return true;
}

/* Text of a, i, c: one-line GNU form or "\<newline>" POSIX form; backslashes
 * escape the next character, a backslash-newline continues the text. */
static bool parse_text(struct parser *ps, struct sed_cmd *c)
{
	skip_blanks(ps);
	if (*ps->p == '\\') {
		ps->p++;
		if (*ps->p == '\n')
			ps->p++;
		else
			skip_blanks(ps);
	}
	size_t n = 0;
	char *out = malloc(strlen(ps->p) + 1);
	if (!out)
		return false;
	while (*ps->p && *ps->p != '\n') {
		if (*ps->p == '\\' && ps->p[1])
			ps->p++;
		out[n++] = *ps->p++;
	}
	out[n] = '\0';
	c->text = out;
	return true;
}

/* The rest of the line as a file name (r, w, s///w). */
static char *file_name(struct parser *ps)
{
	skip_blanks(ps);
	size_t len = strcspn(ps->p, "\n");
	char *name = strndup(ps->p, len);

	ps->p += len;
	if (name && !*name) {
		free(name);
		syntax("missing filename in r/R/w/W commands", 0);
		return NULL;
	}
	return name;
}

/* Opens (once per name) the file a w command writes; sets c->wfile. */
static bool open_wfile(struct parser *ps, struct sed_cmd *c)
{
	struct sed_prog *prog = ps->prog;
	char *name = file_name(ps);
	size_t i;

	if (!name)
		return false;
	for (i = 0; i < prog->nwfiles && strcmp(prog->wfiles[i].path, name) != 0; i++)
		;
	if (i == prog->nwfiles) {
		struct sed_wfile *more = realloc(prog->wfiles, (i + 1) * sizeof(*more));
		if (!more) {
			free(name);
			return false;
		}
		prog->wfiles = more;
		FILE *f = strcmp(name, "/dev/stdout") == 0 ? stdout : fopen(name, "w");
		if (!f) {
			bb_warn_errno("couldn't open file %s", name);
			prog->error_status = 4;
			free(name);
			return false;
		}
		prog->wfiles[i] = (struct sed_wfile){ name, f };
		prog->nwfiles++;
	} else {
		free(name);
	}
	c->wfile = i + 1;
	return true;
}

static bool parse_s_flags(struct parser *ps, struct sed_cmd *c, int *re_flags)
{
	c->nth = 1;
	for (;;) {
		char f = *ps->p;
		if (f == 'g') {
			c->global = true;
		} else if (f == 'p') {
			c->print = true;
		} else if (f == 'i' || f == 'I') {
			*re_flags |= REG_ICASE;
		} else if (isdigit((unsigned char)f)) {
			char *end;
			c->nth = strtoul(ps->p, &end, 10);
			if (c->nth == 0)
				return syntax("number option to 's' command may not be zero", 0);
			ps->p = end;
			continue;
		} else if (f == 'w') {
			ps->p++;
			return open_wfile(ps, c);
		} else if (f == 'e' || f == 'm' || f == 'M') {
			return syntax("s flag not supported", f);
		} else {
			return true;
		}
		ps->p++;
	}
}

static bool parse_s(struct parser *ps, struct sed_cmd *c)
{
	char delim = *ps->p++;
	int re_flags = 0;

	if (!delim || delim == '\n' || delim == '\\')
		return syntax("unterminated 's' command", 0);
	char *pattern = delimited(ps, delim, true);
	if (!pattern)
		return false;
	c->repl = delimited(ps, delim, false);
	if (!c->repl || !parse_s_flags(ps, c, &re_flags)) {
		free(pattern);
		return false;
	}
	return compile_re(ps, pattern, re_flags, &c->re);
}

/* y/SRC/DST/: both decoded (\\, \n, \DELIM) and of equal length. */
static bool parse_y(struct parser *ps, struct sed_cmd *c)
{
	char delim = *ps->p++;
	char *sets[2];

	for (int i = 0; i < 2; i++) {
		const char *p = ps->p;
		size_t n = 0;
		sets[i] = malloc(strlen(p) + 1);
		while (sets[i] && *p && *p != delim) {
			if (*p == '\\' && (p[1] == delim || p[1] == '\\' || p[1] == 'n'))
				p++, sets[i][n++] = *p == 'n' ? '\n' : *p, p++;
			else
				sets[i][n++] = *p++;
		}
		if (!sets[i] || *p != delim) {
			free(sets[0]);
			free(i ? sets[1] : NULL);
			return syntax("unterminated 'y' command", 0);
		}
		sets[i][n] = '\0';
		ps->p = p + 1;
	}
	bool ok = strlen(sets[0]) == strlen(sets[1]);
	for (int i = 0; i < 256; i++)
		c->ymap[i] = (unsigned char)i;
	for (size_t i = 0; ok && sets[0][i]; i++)
		c->ymap[(unsigned char)sets[0][i]] = (unsigned char)sets[1][i];
	free(sets[0]);
	free(sets[1]);
	return ok || syntax("strings for 'y' command are different lengths", 0);
}

static bool parse_label(struct parser *ps, struct sed_cmd *c)
{
	skip_blanks(ps);
	size_t len = strcspn(ps->p, c->name == ':' ? "\n;" : "\n;}");
	while (len > 0 && (ps->p[len - 1] == ' ' || ps->p[len - 1] == '\t'))
		len--;
	c->text = strndup(ps->p, len);
	ps->p += len;
	if (c->name == ':' && len == 0)
		return syntax("\":\" lacks a label", 0);
	return c->text != NULL;
}

/* The part after the command letter. */
static bool parse_args(struct parser *ps, struct sed_cmd *c)
{
	switch (c->name) {
	case '{':
		if (ps->depth >= 64)
			return syntax("too many nested '{'", 0);
		ps->open[ps->depth++] = ps->prog->n - 1;
		return true;
	case '}':
		if (ps->depth == 0)
			return syntax("unexpected", '}');
		ps->prog->cmds[ps->open[--ps->depth]].jump = ps->prog->n;
		return true;
	case 'a': case 'i': case 'c':
		return parse_text(ps, c);
	case 's':
		return parse_s(ps, c);
	case 'y':
		return parse_y(ps, c);
	case ':': case 'b': case 't':
		return parse_label(ps, c);
	case 'r':
		return (c->text = file_name(ps)) != NULL;
	case 'w':
		return open_wfile(ps, c);
	case 'q': case 'Q':
		skip_blanks(ps);
		c->exit_code = (int)strtol(ps->p, (char **)&ps->p, 10);
		return true;
	case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H':
	case 'n': case 'N': case 'p': case 'P': case 'x':
		return true;
	default:
		return syntax(c->name ? "unknown or unsupported command" : "missing command", c->name);
	}
}

static struct sed_cmd *new_cmd(struct sed_prog *prog)
{
	struct sed_cmd *more = realloc(prog->cmds, (prog->n + 1) * sizeof(*more));
	if (!more)
		return NULL;
	prog->cmds = more;
	memset(&more[prog->n], 0, sizeof(*more));
	return &more[prog->n];
}

/* One command with its addresses; false on error. */
static bool parse_command(struct parser *ps)
{
	struct sed_cmd *c = new_cmd(ps->prog);

	if (!c || !parse_addr(ps, &c->a1))
		return false;
	if (*ps->p == ',') {
		ps->p++;
		skip_blanks(ps);
		if (*ps->p == '+' && isdigit((unsigned char)ps->p[1])) {
			c->a2.kind = SED_ADDR_PLUS;
			c->a2.line = strtoul(ps->p + 1, (char **)&ps->p, 10);
		} else if (!parse_addr(ps, &c->a2) || c->a2.kind == SED_ADDR_NONE)
			return syntax("unexpected ','", 0);
	}
	skip_blanks(ps);
	while (*ps->p == '!') {
		c->negate = true;
		ps->p++;
		skip_blanks(ps);
	}
	c->name = *ps->p;
	if (c->name)
		ps->p++;
	if (c->name == '}' && (c->a1.kind || c->negate))
		return syntax("} doesn't want any addresses", 0);
	ps->prog->n++;
	if (!parse_args(ps, c))
		return false;
	if (c->name == '{')
		return true; /* a command may follow on the same line */
	skip_blanks(ps);
	if (*ps->p && !strchr(";\n}#", *ps->p))
		return syntax("extra characters after command", *ps->p);
	return true;
}

static bool resolve_labels(struct sed_prog *prog)
{
	for (size_t i = 0; i < prog->n; i++) {
		struct sed_cmd *c = &prog->cmds[i];
		if (c->name != 'b' && c->name != 't')
			continue;
		c->jump = prog->n;
		if (!*c->text)
			continue;
		size_t j = 0;
		while (j < prog->n && !(prog->cmds[j].name == ':' && strcmp(prog->cmds[j].text, c->text) == 0))
			j++;
		if (j == prog->n) {
			bb_warn("-e expression: can't find label for jump to '%s'", c->text);
			return false;
		}
		c->jump = j;
	}
	return true;
}

bool sed_compile(struct sed_prog *prog, const char *script)
{
	struct parser ps = { .p = script, .prog = prog,
			     .flags = prog->extended ? REG_EXTENDED : 0 };

	for (;;) {
		while (*ps.p && (isspace((unsigned char)*ps.p) || *ps.p == ';'))
			ps.p++;
		if (*ps.p == '#') {
			ps.p += strcspn(ps.p, "\n");
			continue;
		}
		if (!*ps.p)
			break;
		if (!parse_command(&ps))
			return false;
	}
	if (ps.depth > 0)
		return syntax("unmatched", '{');
	return resolve_labels(prog);
}

static void free_re(regex_t *re)
{
	if (re) {
		regfree(re);
		free(re);
	}
}

void sed_free(struct sed_prog *prog)
{
	for (size_t i = 0; i < prog->n; i++) {
		struct sed_cmd *c = &prog->cmds[i];
		free_re(c->a1.re);
		free_re(c->a2.re);
		free_re(c->re);
		free(c->repl);
		free(c->text);
	}
	free(prog->cmds);
	prog->cmds = NULL;
	prog->n = 0;
	for (size_t i = 0; i < prog->nwfiles; i++) {
		if (prog->wfiles[i].f != stdout && fclose(prog->wfiles[i].f) != 0)
			bb_warn_errno("couldn't write %s", prog->wfiles[i].path);
		free(prog->wfiles[i].path);
	}
	free(prog->wfiles);
	prog->wfiles = NULL;
	prog->nwfiles = 0;
}
