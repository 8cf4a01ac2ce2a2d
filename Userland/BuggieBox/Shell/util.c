/*
 * Small helpers shared by the whole shell: allocation that never returns NULL
 * (a shell that cannot allocate cannot do anything useful, so it dies with a
 * message), growable strings and string vectors, and the two error paths.
 *
 * sh_fail() is the single place that decides what an error in a command does to
 * the shell: an interactive shell unwinds to its prompt through sh.on_error, a
 * script exits. sh_exit() is the single way out, so the EXIT trap always runs.
 */
#include "shell.h"
#include "trap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sh_state sh = { .tty_fd = -1 };

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("sh: out of memory\n", stderr);
		_exit(2);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("sh: out of memory\n", stderr);
		_exit(2);
	}
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = xmalloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(p, n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static void sbuf_grow(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	b->cap = (b->len + extra + 1) * 2;
	b->s = xrealloc(b->s, b->cap);
}

void sbuf_putc(struct sbuf *b, char c)
{
	sbuf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

void sbuf_putn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_putn(b, s, strlen(s));
}

char *sbuf_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void strv_push(struct strv *v, char *s)
{
	if (v->n + 2 > v->cap) {
		v->cap = (v->n + 2) * 2;
		v->v = xrealloc(v->v, v->cap * sizeof(char *));
	}
	v->v[v->n++] = s;
	v->v[v->n] = NULL;
}

char **strv_finish(struct strv *v)
{
	if (!v->v) {
		v->cap = 2;
		v->v = xmalloc(2 * sizeof(char *));
	}
	v->v[v->n] = NULL;
	return v->v;
}

void strv_free(struct strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

static void vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("sh: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void sh_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void sh_fail(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	sh.status = status;
	if (sh.interactive && !sh.subshell && sh.on_error)
		longjmp(*sh.on_error, 1);
	sh_exit(status);
}

void sh_exit(int status)
{
	sh.status = status;
	trap_run_exit();
	fflush(stdout);
	if (sh.subshell)
		_exit(sh.status);
	exit(sh.status);
}

int sh_parse_int(const char *s, long *out)
{
	char *end;

	if (!*s)
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	return (*end || errno) ? -1 : 0;
}

int sh_read_byte(int fd, char *c)
{
	for (;;) {
		ssize_t n = read(fd, c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		return n == 1;
	}
}
