/*
 * mkfs.erofs helpers: messages, allocation that cannot fail, and a string-keyed hash
 * map.
 *
 * Every error names the file it concerns and the reason and ends the program: exit
 * status 2 for a usage error, 1 for everything else. If the image was already being
 * written, the partial image is removed so nobody mistakes it for a filesystem.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mkfs.h"

static const char *cleanup_path;

void mkfs_set_cleanup(const char *path)
{
	cleanup_path = path;
}

void mkfs_clear_cleanup(void)
{
	cleanup_path = NULL;
}

static void vmessage(const char *fmt, va_list ap, const char *suffix)
{
	fputs("mkfs.erofs: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (suffix)
		fprintf(stderr, ": %s", suffix);
	fputc('\n', stderr);
}

void mkfs_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, NULL);
	va_end(ap);
}

static _Noreturn void finish(int status)
{
	if (cleanup_path)
		unlink(cleanup_path);
	exit(status);
}

void mkfs_die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, NULL);
	va_end(ap);
	finish(status);
}

void mkfs_die_errno(const char *fmt, ...)
{
	const char *reason = strerror(errno);
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, reason);
	va_end(ap);
	finish(1);
}

void *mkfs_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		mkfs_die(1, "out of memory (%zu bytes)", n);
	return p;
}

void *mkfs_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		mkfs_die(1, "out of memory (%zu bytes)", n);
	return p;
}

char *mkfs_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(mkfs_alloc(n), s, n);
}

/* FNV-1a. */
static size_t hash(const char *s)
{
	size_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct mkfs_map_slot *find(const struct mkfs_map *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);
	while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

void *mkfs_map_get(const struct mkfs_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	return find(m, key)->value;
}

static void grow(struct mkfs_map *m)
{
	struct mkfs_map old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = mkfs_alloc(m->cap * sizeof(*m->slots));
	m->count = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key) = old.slots[i], m->count++;
	free(old.slots);
}

void mkfs_map_put(struct mkfs_map *m, const char *key, void *value)
{
	if ((m->count + 1) * 2 > m->cap)
		grow(m);
	struct mkfs_map_slot *s = find(m, key);
	if (!s->key) {
		s->key = mkfs_strdup(key);
		m->count++;
	}
	s->value = value;
}
