/*
 * manifest.c - parsing the manifest make-manifest.py writes: one line per inode
 * path, space-separated fields, strings %XX-encoded. Any malformed line fails the
 * running case with the line number, so a broken manifest never passes as an
 * empty one.
 */
#include "manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtest.h"

uint64_t mf_fnv1a(uint64_t h, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void mf_full_path(const char *root, const char *rel, char *buf, size_t size)
{
	if (strcmp(rel, ".") == 0)
		snprintf(buf, size, "%s", root);
	else
		snprintf(buf, size, "%s/%s", root, rel);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX escapes of s[0..len) into a new NUL-terminated string; *outlen its length. */
static char *decode(const char *s, size_t len, int lineno)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		gt_fail("manifest line %d: out of memory", lineno);
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= len || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
			gt_fail("manifest line %d: bad %%-escape", lineno);
		*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
		i += 2;
	}
	*o = 0;
	return out;
}

static unsigned char *unhex(const char *s, size_t len, size_t *outlen, int lineno)
{
	unsigned char *out = malloc(len / 2 + 1);

	if (!out || len % 2)
		gt_fail("manifest line %d: bad hex value", lineno);
	for (size_t i = 0; i < len; i += 2) {
		if (hexval(s[i]) < 0 || hexval(s[i + 1]) < 0)
			gt_fail("manifest line %d: bad hex value", lineno);
		out[i / 2] = (unsigned char)(hexval(s[i]) * 16 + hexval(s[i + 1]));
	}
	*outlen = len / 2;
	return out;
}

static void parse_xattrs(struct mf_entry *e, char *field, int lineno)
{
	if (strcmp(field, "-") == 0)
		return;
	for (char *tok = strtok(field, ","); tok; tok = strtok(NULL, ",")) {
		char *eq = strchr(tok, '=');
		if (!eq)
			gt_fail("manifest line %d: xattr without '='", lineno);
		e->xattrs = realloc(e->xattrs, sizeof(*e->xattrs) * (size_t)(e->nxattrs + 1));
		if (!e->xattrs)
			gt_fail("manifest line %d: out of memory", lineno);
		struct mf_xattr *x = &e->xattrs[e->nxattrs++];
		x->name = decode(tok, (size_t)(eq - tok), lineno);
		x->value = unhex(eq + 1, strlen(eq + 1), &x->len, lineno);
	}
}

static long long number_or_unchecked(const char *s)
{
	return strcmp(s, "-") == 0 ? MF_UNCHECKED : strtoll(s, NULL, 10);
}

static void parse_line(char *line, struct mf_entry *e, int lineno)
{
	char *f[15];
	int n = 0;

	for (char *tok = strtok(line, " \n"); tok && n < 15; tok = strtok(NULL, " \n"))
		f[n++] = tok;
	if (n != 15 || strlen(f[1]) != 1)
		gt_fail("manifest line %d: %d fields, expected 15", lineno, n);
	memset(e, 0, sizeof(*e));
	e->path = decode(f[0], strlen(f[0]), lineno);
	e->type = f[1][0];
	e->mode = (unsigned)strtoul(f[2], NULL, 8);
	e->uid = (unsigned)strtoul(f[3], NULL, 10);
	e->gid = (unsigned)strtoul(f[4], NULL, 10);
	e->size = number_or_unchecked(f[5]);
	e->nlink = strtoul(f[6], NULL, 10);
	e->mtime_sec = number_or_unchecked(f[7]);
	e->mtime_nsec = number_or_unchecked(f[8]);
	e->major = (unsigned)strtoul(f[9], NULL, 10);
	e->minor = (unsigned)strtoul(f[10], NULL, 10);
	e->host_ino = strtoull(f[11], NULL, 10);
	e->has_hash = strcmp(f[12], "-") != 0;
	e->hash = e->has_hash ? strtoull(f[12], NULL, 16) : 0;
	e->target = strcmp(f[13], "-") == 0 ? NULL : decode(f[13], strlen(f[13]), lineno);
	/* strtok state is shared: the xattr field is parsed last, after the line is split. */
	parse_xattrs(e, f[14], lineno);
}

void manifest_load(const char *path, struct manifest *m)
{
	FILE *fp = fopen(path, "r");
	size_t cap = 0, linecap = 0;
	char *line = NULL;
	int lineno = 0;

	if (!fp)
		gt_fail("manifest %s: %s", path, strerror(errno));
	m->entries = NULL;
	m->count = 0;
	while (getline(&line, &linecap, fp) > 0) {
		lineno++;
		if (m->count == cap) {
			cap = cap ? cap * 2 : 256;
			m->entries = realloc(m->entries, cap * sizeof(*m->entries));
			if (!m->entries)
				gt_fail("manifest: out of memory");
		}
		parse_line(line, &m->entries[m->count++], lineno);
	}
	free(line);
	fclose(fp);
	if (m->count == 0 || strcmp(m->entries[0].path, ".") != 0)
		gt_fail("manifest %s: empty or without the root first", path);
}
