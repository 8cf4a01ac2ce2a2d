/*
 * test and [: evaluate a conditional expression, exit 0 (true), 1 (false) or
 * 2 (error).
 *
 * POSIX decides by the number of arguments first: with at most four, the meaning
 * is fixed by position (so `test = = =` and `[ ! = ! ]` mean what they say); with
 * more, the XSI grammar applies:
 *
 *     or      := and { -o and }
 *     and     := not { -a not }
 *     not     := ! not | primary
 *     primary := ( or ) | UNARY word | word BINARY word | word
 *
 * where a primary prefers the binary reading when the word after the next is there
 * and the next is a binary operator. The count rules are used again inside
 * parentheses and after '!', as coreutils does.
 *
 * Called as "[", the last argument must be "]". The shell runs test in-process:
 * all state is in struct tst on the stack, errors are returned, never exit().
 */
#include "Lib/bb.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tst {
	char **argv;
	int pos, end;   /* next argument and one past the last */
	bool error;     /* a message was printed; the status is 2 */
};

static bool fail(struct tst *t, const char *fmt, const char *arg)
{
	if (!t->error)
		bb_warn(fmt, arg);
	t->error = true;
	return false;
}

static bool is_unary(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("bcdefghknprstuwxzGLOS", s[1]);
}

static const char *const binary_ops[] = {
	"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", NULL,
};

static bool is_binary(const char *s)
{
	for (int i = 0; binary_ops[i]; i++)
		if (strcmp(s, binary_ops[i]) == 0)
			return true;
	return false;
}

/* An integer operand as text, so that any length compares exactly (as coreutils). */
struct tst_int {
	bool negative;
	const char *digits;   /* without leading zeros */
	size_t len;
};

/* Parses optional blanks, a sign, digits, optional blanks. */
static bool integer(struct tst *t, const char *s, struct tst_int *out)
{
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	out->negative = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	const char *start = p;
	while (isdigit((unsigned char)*p))
		p++;
	const char *end = p;
	while (isspace((unsigned char)*p))
		p++;
	if (end == start || *p)
		return fail(t, "%s: integer expression expected", s);
	while (start + 1 < end && *start == '0')
		start++;
	out->digits = start;
	out->len = end - start;
	if (out->len == 1 && *start == '0')
		out->negative = false; /* -0 is 0 */
	return true;
}

/* -1, 0 or 1 as A is less than, equal to or greater than B. */
static int compare_int(const struct tst_int *a, const struct tst_int *b)
{
	int sign = a->negative ? -1 : 1, r;

	if (a->negative != b->negative)
		return sign;
	if (a->len != b->len)
		r = a->len < b->len ? -1 : 1;
	else
		r = memcmp(a->digits, b->digits, a->len);
	return sign * (r < 0 ? -1 : r > 0);
}

/* -t FD: an open terminal; absurd descriptors are simply not terminals. */
static bool fd_is_tty(struct tst *t, const char *arg)
{
	struct tst_int fd;

	if (!integer(t, arg, &fd))
		return false;
	return !fd.negative && fd.len <= 9 && isatty(atoi(fd.digits));
}

static bool file_test(char op, const char *path)
{
	struct stat st;

	if (op == 'h' || op == 'L')
		return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
	if (op == 'r' || op == 'w' || op == 'x')
		return access(path, op == 'r' ? R_OK : op == 'w' ? W_OK : X_OK) == 0;
	if (stat(path, &st) != 0)
		return false;
	switch (op) {
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'e': return true;
	case 'f': return S_ISREG(st.st_mode);
	case 'g': return st.st_mode & S_ISGID;
	case 'k': return st.st_mode & S_ISVTX;
	case 'p': return S_ISFIFO(st.st_mode);
	case 's': return st.st_size > 0;
	case 'S': return S_ISSOCK(st.st_mode);
	case 'u': return st.st_mode & S_ISUID;
	case 'O': return st.st_uid == geteuid();
	case 'G': return st.st_gid == getegid();
	}
	return false;
}

static bool unary(struct tst *t, const char *op, const char *arg)
{
	switch (op[1]) {
	case 'n': return arg[0] != '\0';
	case 'z': return arg[0] == '\0';
	case 't': return fd_is_tty(t, arg);
	default: return file_test(op[1], arg);
	}
}

static int compare_mtime(const char *a, const char *b, bool *ok)
{
	struct stat sa, sb;
	bool ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;

	*ok = ha || hb;
	if (!ha || !hb)
		return ha ? 1 : -1; /* an existing file is newer than a missing one */
	if (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec)
		return sa.st_mtim.tv_sec < sb.st_mtim.tv_sec ? -1 : 1;
	if (sa.st_mtim.tv_nsec != sb.st_mtim.tv_nsec)
		return sa.st_mtim.tv_nsec < sb.st_mtim.tv_nsec ? -1 : 1;
	return 0;
}

static bool file_binary(const char *a, const char *op, const char *b)
{
	bool ok;

	if (strcmp(op, "-ef") == 0) {
		struct stat sa, sb;
		return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
		       sa.st_ino == sb.st_ino;
	}
	int c = compare_mtime(a, b, &ok);
	return ok && (op[1] == 'n' ? c > 0 : c < 0);
}

static bool binary(struct tst *t, const char *a, const char *op, const char *b)
{
	struct tst_int x, y;

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	if (strcmp(op, "<") == 0)
		return strcmp(a, b) < 0;
	if (strcmp(op, ">") == 0)
		return strcmp(a, b) > 0;
	if (strcmp(op, "-nt") == 0 || strcmp(op, "-ot") == 0 || strcmp(op, "-ef") == 0)
		return file_binary(a, op, b);
	if (!integer(t, a, &x) || !integer(t, b, &y))
		return false;
	int c = compare_int(&x, &y);
	switch (op[1] * 256 + op[2]) {
	case 'e' * 256 + 'q': return c == 0;
	case 'n' * 256 + 'e': return c != 0;
	case 'l' * 256 + 't': return c < 0;
	case 'l' * 256 + 'e': return c <= 0;
	case 'g' * 256 + 't': return c > 0;
	default: return c >= 0;
	}
}

static bool expr_or(struct tst *t);

/* Evaluates exactly N arguments by the POSIX count rules, or the grammar beyond four. */
static bool eval_count(struct tst *t, int n)
{
	char **a = t->argv + t->pos;

	if (n == 0)
		return false;
	if (n == 1) {
		t->pos++;
		return a[0][0] != '\0';
	}
	if (n == 2 && strcmp(a[0], "!") == 0) {
		t->pos++;
		return !eval_count(t, 1);
	}
	if (n == 2 && is_unary(a[0])) {
		t->pos += 2;
		return unary(t, a[0], a[1]);
	}
	if (n == 3 && is_binary(a[1])) {
		t->pos += 3;
		return binary(t, a[0], a[1], a[2]);
	}
	if ((n == 3 || n == 4) && strcmp(a[0], "!") == 0) {
		t->pos++;
		return !eval_count(t, n - 1);
	}
	if ((n == 3 || n == 4) && strcmp(a[0], "(") == 0 && strcmp(a[n - 1], ")") == 0) {
		t->pos++;
		bool v = eval_count(t, n - 2);
		t->pos++;
		return v;
	}
	if (n == 2)
		return fail(t, "%s: unary operator expected", a[0]);
	return expr_or(t);
}

static bool primary(struct tst *t)
{
	char **a = t->argv;
	int p = t->pos, left = t->end - p;

	if (left <= 0)
		return fail(t, "%s", "argument expected");
	if (left >= 3 && is_binary(a[p + 1])) {
		t->pos += 3;
		return binary(t, a[p], a[p + 1], a[p + 2]);
	}
	if (strcmp(a[p], "(") == 0) {
		int depth = 0, close = -1;
		for (int i = p + 1; i < t->end && close < 0; i++) {
			if (strcmp(a[i], "(") == 0)
				depth++;
			else if (strcmp(a[i], ")") == 0 && depth-- == 0)
				close = i;
		}
		t->pos++;
		/* The count rules apply to a short parenthesised group. */
		bool v = close > 0 && close - p - 1 <= 4 ? eval_count(t, close - p - 1) : expr_or(t);
		if (t->pos >= t->end || strcmp(a[t->pos], ")") != 0)
			return fail(t, "%s", "')' expected");
		t->pos++;
		return v;
	}
	if (left >= 2 && is_unary(a[p])) {
		t->pos += 2;
		return unary(t, a[p], a[p + 1]);
	}
	t->pos++;
	return a[p][0] != '\0';
}

static bool expr_not(struct tst *t)
{
	if (t->pos < t->end && strcmp(t->argv[t->pos], "!") == 0) {
		t->pos++;
		return !expr_not(t);
	}
	return primary(t);
}

static bool expr_and(struct tst *t)
{
	bool v = expr_not(t);

	while (t->pos < t->end && strcmp(t->argv[t->pos], "-a") == 0) {
		t->pos++;
		bool w = expr_not(t);
		v = v && w;
	}
	return v;
}

static bool expr_or(struct tst *t)
{
	bool v = expr_and(t);

	while (t->pos < t->end && strcmp(t->argv[t->pos], "-o") == 0) {
		t->pos++;
		bool w = expr_and(t);
		v = v || w;
	}
	return v;
}

int test_main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	struct tst t = { .argv = argv, .pos = 1, .end = argc };

	base = base ? base + 1 : argv[0];
	if (strcmp(base, "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			bb_warn("missing ']'");
			return 2;
		}
		t.end--;
	}
	bool v = eval_count(&t, t.end - t.pos);
	if (!t.error && t.pos < t.end)
		fail(&t, "%s: unexpected argument", argv[t.pos]);
	return t.error ? 2 : !v;
}
