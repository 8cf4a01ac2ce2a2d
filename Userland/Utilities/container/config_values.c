/*
 * The syntax of each kind of value in a container configuration: yes/no, sizes
 * (16M), counts, UID:GID, names, hostnames, NAME=VALUE, paths inside and outside
 * the container, mount options, and `command`, which is split into words the way a
 * POSIX shell splits them (blanks separate; '...' is literal; "..." lets a
 * backslash escape only \ " $ and `; elsewhere a backslash takes the next character
 * literally) with no expansion of any kind.
 *
 * Each checker reports at the line being read (p->line) and returns false; none
 * of them looks at another key (that is config_check.c's job).
 */
#include "config_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool config_parse_bool(struct config_parser *p, const char *key, const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0) {
		*out = true;
		return true;
	}
	if (strcmp(v, "no") == 0) {
		*out = false;
		return true;
	}
	config_error(p, p->line, "bad value '%s' for '%s': expected yes or no", v, key);
	return false;
}

/* Digits only, no sign, no overflow. */
static bool parse_digits(const char *s, const char **end, uint64_t *out)
{
	uint64_t n = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		if (n > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*end = s;
	*out = n;
	return true;
}

bool config_parse_size(struct config_parser *p, const char *key, const char *v, uint64_t *out)
{
	const char *end;
	uint64_t n, unit = 1;

	if (!parse_digits(v, &end, &n))
		goto bad;
	switch (*end) {
	case '\0': break;
	case 'K': case 'k': unit = 1ull << 10; end++; break;
	case 'M': case 'm': unit = 1ull << 20; end++; break;
	case 'G': case 'g': unit = 1ull << 30; end++; break;
	default: goto bad;
	}
	if (*end != '\0')
		goto bad;
	if (n > UINT64_MAX / unit) {
		config_error(p, p->line, "%s '%s' is too large", key, v);
		return false;
	}
	if (n == 0) {
		config_error(p, p->line, "%s must be more than 0", key);
		return false;
	}
	*out = n * unit;
	return true;
bad:
	config_error(p, p->line, "bad %s '%s': expected a number of bytes with an optional K, M or G suffix, such as 16M", key, v);
	return false;
}

bool config_parse_count(struct config_parser *p, const char *key, const char *v, uint64_t *out)
{
	const char *end;
	uint64_t n;

	if (!parse_digits(v, &end, &n) || *end != '\0' || n == 0) {
		config_error(p, p->line, "bad %s '%s': expected a whole number from 1 up", key, v);
		return false;
	}
	*out = n;
	return true;
}

static bool parse_id(const char *s, const char **end, uint32_t *out)
{
	uint64_t n;

	if (!parse_digits(s, end, &n) || n >= UINT32_MAX) /* (uid_t)-1 means "unchanged" */
		return false;
	*out = (uint32_t)n;
	return true;
}

bool config_parse_user(struct config_parser *p, const char *v, uint32_t *uid, uint32_t *gid)
{
	const char *end;

	if (!parse_id(v, &end, uid) || *end != ':' || !parse_id(end + 1, &end, gid) || *end != '\0') {
		config_error(p, p->line, "bad user '%s': expected UID:GID in numbers, such as 1000:1000", v);
		return false;
	}
	return true;
}

bool config_check_name(struct config_parser *p, const char *v)
{
	size_t n = strlen(v);
	bool ok = n >= 1 && n <= CONTAINER_NAME_MAX && v[0] != '.' && v[0] != '-';

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)v[i]) || strchr("._-", v[i]);
	if (!ok)
		config_error(p, p->line,
			"bad name '%s': use 1 to %d letters, digits, '.', '_' or '-', not starting with '.' or '-'",
			v, CONTAINER_NAME_MAX);
	return ok;
}

bool config_check_hostname(struct config_parser *p, const char *v)
{
	size_t n = strlen(v);
	bool ok = n >= 1 && n <= CONTAINER_HOSTNAME_MAX && v[0] != '-' && v[0] != '.';

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '.';
	if (!ok)
		config_error(p, p->line,
			"bad hostname '%s': use 1 to %d letters, digits, '-' or '.', not starting with '-' or '.'",
			v, CONTAINER_HOSTNAME_MAX);
	return ok;
}

/* NAME=VALUE with NAME a shell identifier; a NAME given twice is an error. */
bool config_check_env(struct config_parser *p, const char *v)
{
	const char *eq = strchr(v, '=');
	size_t n = eq ? (size_t)(eq - v) : 0;
	bool ok = n > 0 && !isdigit((unsigned char)v[0]);

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)v[i]) || v[i] == '_';
	if (!ok) {
		config_error(p, p->line, "bad env '%s': expected NAME=VALUE, NAME made of letters, digits and '_'", v);
		return false;
	}
	for (size_t i = 0; i < p->cfg->nenv; i++) {
		if (strncmp(p->cfg->env[i], v, n + 1) == 0) {
			config_error(p, p->line, "env '%.*s' is already set", (int)n, v);
			return false;
		}
	}
	return true;
}

char *config_container_path(struct config_parser *p, const char *key, const char *v)
{
	char *out = config_realloc(NULL, strlen(v) + 2);
	size_t n = 0;
	const char *s = v;

	if (*s != '/')
		goto bad;
	while (*s) {
		size_t len;

		while (*s == '/')
			s++;
		len = strcspn(s, "/");
		if (len == 0)
			break;
		if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
			goto bad;
		out[n++] = '/';
		memcpy(out + n, s, len);
		n += len;
		s += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
bad:
	free(out);
	config_error(p, p->line, "bad %s '%s': expected an absolute path without '.' or '..' components", key, v);
	return NULL;
}

char *config_host_path(struct config_parser *p, const char *v)
{
	char *out;

	if (v[0] == '/')
		return config_strdup(v);
	out = config_realloc(NULL, strlen(p->dir) + strlen(v) + 2);
	strcpy(out, p->dir);
	strcat(out, "/");
	strcat(out, v);
	return out;
}

bool config_parse_options(struct config_parser *p, const char *v, unsigned *out)
{
	static const char *const names[] = { "ro", "rw", "noexec", "exec", NULL };
	char *copy = config_strdup(v), *save = NULL;
	bool ok = true;

	*out = 0;
	for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		while (*o == ' ')
			o++;
		for (char *e = o + strlen(o); e > o && e[-1] == ' ';)
			*--e = '\0';
		if (strcmp(o, "ro") == 0)
			*out |= CONTAINER_OPT_RO;
		else if (strcmp(o, "rw") == 0)
			*out &= ~(unsigned)CONTAINER_OPT_RO;
		else if (strcmp(o, "noexec") == 0)
			*out |= CONTAINER_OPT_NOEXEC;
		else if (strcmp(o, "exec") == 0)
			*out &= ~(unsigned)CONTAINER_OPT_NOEXEC;
		else {
			const char *near = config_suggest(o, names);

			if (near)
				config_error(p, p->line, "unknown mount option '%s' (did you mean '%s'?)", o, near);
			else
				config_error(p, p->line, "unknown mount option '%s': the options are ro, rw, noexec and exec", o);
			ok = false;
		}
	}
	free(copy);
	return ok;
}

/* Optimal string alignment distance (Levenshtein plus adjacent transposition). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[24][24];

	if (la > 22 || lb > 22)
		return (size_t)-1; /* no key is that long */
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Close means at most 2 edits, and fewer edits than the candidate has letters
 * (so "ab" does not suggest "ro"). */
const char *config_suggest(const char *word, const char *const *names)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; names[i]; i++) {
		size_t d = edit_distance(word, names[i]);

		if (d < best_d && d < strlen(names[i])) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}

/* ---- command splitting ---- */

struct word_buf {
	char *s;
	size_t len, cap;
};

static void word_put(struct word_buf *w, char c)
{
	if (w->len + 2 > w->cap)
		w->s = config_realloc(w->s, w->cap = w->cap * 2 + 32);
	w->s[w->len++] = c;
	w->s[w->len] = '\0';
}

/* Reads one word starting at *sp (not blank); returns false with *why on error. */
static bool split_word(const char **sp, struct word_buf *w, const char **why)
{
	const char *s = *sp;

	while (*s && *s != ' ' && *s != '\t') {
		if (*s == '\'') {
			const char *close = strchr(s + 1, '\'');

			if (!close) {
				*why = "unterminated single quote";
				return false;
			}
			for (s++; s < close; s++)
				word_put(w, *s);
			s++;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("\\\"$`", s[1]))
					s++;
				word_put(w, *s);
			}
			if (!*s) {
				*why = "unterminated double quote";
				return false;
			}
			s++;
		} else if (*s == '\\') {
			if (!s[1]) {
				*why = "it ends with a lone backslash";
				return false;
			}
			word_put(w, s[1]);
			s += 2;
		} else {
			word_put(w, *s++);
		}
	}
	*sp = s;
	return true;
}

char **container_split_command(const char *s, int *argc, const char **why)
{
	char **argv = config_realloc(NULL, sizeof(char *));
	int n = 0;

	argv[0] = NULL;
	for (;;) {
		struct word_buf w = { NULL, 0, 0 };

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		word_put(&w, 'x'); /* an empty quoted word ('') is still a word */
		w.len = 0;
		w.s[0] = '\0';
		if (!split_word(&s, &w, why)) {
			free(w.s);
			for (int i = 0; i < n; i++)
				free(argv[i]);
			free(argv);
			return NULL;
		}
		argv = config_realloc(argv, (size_t)(n + 2) * sizeof(char *));
		argv[n++] = w.s;
		argv[n] = NULL;
	}
	*argc = n;
	return argv;
}
