/*
 * md5sum and sha256sum: print or check message digests.
 *
 * Printing: "HEX  NAME" per file ("-" for standard input). Checking (-c): each
 * line of the given lists is "HEX  NAME" or "HEX *NAME"; every named file is
 * hashed again and reported "NAME: OK" or "NAME: FAILED" (or "FAILED open or
 * read"), followed by coreutils' WARNING lines on standard error. Exit status 1
 * if anything failed or no line was well formed. Both applets are one front end
 * over Lib/hash.h; only the algorithm differs.
 */
#include "Lib/bb.h"
#include "Lib/hash.h"
#include "Lib/input.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sums {
	const struct hash_algo *algo;
	unsigned long bad_format, failed, unreadable, good_lines;
	bool quiet, status_only;
};

/* Hashes F into HEX (2 * digest_len + 1 bytes); false on a read error. */
static bool hash_stream(const struct hash_algo *algo, FILE *f, char *hex)
{
	struct hash_ctx ctx;
	uint8_t digest[32];
	char buf[8192];
	size_t n;

	hash_init(&ctx, algo);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		hash_update(&ctx, buf, n);
	hash_final(&ctx, digest);
	for (size_t i = 0; i < algo->digest_len; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	return !ferror(f);
}

static int print_sum(FILE *f, const char *path, void *ctx)
{
	struct sums *s = ctx;
	char hex[65];

	if (hash_stream(s->algo, f, hex))
		printf("%s  %s\n", hex, path);
	return 0;
}

/* Splits a check line into its digest and name; false if malformed. */
static bool parse_check_line(const struct sums *s, char *line, char **hex, char **name)
{
	size_t want = 2 * s->algo->digest_len;

	for (size_t i = 0; i < want; i++)
		if (!isxdigit((unsigned char)line[i]))
			return false;
	if (line[want] != ' ' || (line[want + 1] != ' ' && line[want + 1] != '*') || !line[want + 2])
		return false;
	line[want] = '\0';
	*hex = line;
	*name = line + want + 2;
	return true;
}

static void check_one(struct sums *s, const char *hex, const char *name)
{
	char got[65];
	FILE *f = input_open(name);

	s->good_lines++;
	if (!f || !hash_stream(s->algo, f, got)) {
		if (f)
			input_close(f, name);
		printf("%s: FAILED open or read\n", name);
		s->unreadable++;
		return;
	}
	input_close(f, name);
	if (strcasecmp(got, hex) == 0) {
		printf("%s: OK\n", name);
	} else {
		printf("%s: FAILED\n", name);
		s->failed++;
	}
}

static int check_list(FILE *f, const char *path, void *ctx)
{
	struct sums *s = ctx;
	char *line = NULL, *hex, *name;
	size_t cap = 0;
	ssize_t len;

	while ((len = input_line(f, &line, &cap)) >= 0) {
		if (parse_check_line(s, line, &hex, &name))
			check_one(s, hex, name);
		else
			s->bad_format++;
	}
	free(line);
	return 0;
}

static int report(struct sums *s)
{
	fflush(stdout);
	if (s->good_lines == 0) {
		bb_warn("no properly formatted checksum lines found");
		return 1;
	}
	if (s->bad_format)
		bb_warn("WARNING: %lu line%s improperly formatted", s->bad_format,
			s->bad_format == 1 ? " is" : "s are");
	if (s->unreadable)
		bb_warn("WARNING: %lu listed file%s could not be read", s->unreadable,
			s->unreadable == 1 ? "" : "s");
	if (s->failed)
		bb_warn("WARNING: %lu computed checksum%s did NOT match", s->failed,
			s->failed == 1 ? "" : "s");
	return s->failed || s->unreadable;
}

static int sums_main(const struct hash_algo *algo, int argc, char **argv)
{
	struct sums s = { .algo = algo };
	bool check = false;
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "cb")) != -1) {
		if (c == 'c')
			check = true;
		else if (c != 'b')
			return (bb_usage(), 1);
	}
	int status = input_each(argc - optind, argv + optind, check ? check_list : print_sum, &s);
	if (check)
		status |= report(&s);
	fflush(stdout);
	return status;
}

int md5sum_main(int argc, char **argv)
{
	return sums_main(&hash_md5, argc, argv);
}

int sha256sum_main(int argc, char **argv)
{
	return sums_main(&hash_sha256, argc, argv);
}
