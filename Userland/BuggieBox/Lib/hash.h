/*
 * Message digests for md5sum and sha256sum: MD5 (RFC 1321) and SHA-256
 * (FIPS 180-4) share the Merkle-Damgard frame here (64-byte blocks, 0x80 pad,
 * bit length at the end); each algorithm brings its IV, its byte order and its
 * compression function.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef void (*hash_compress_fn)(uint32_t *state, const uint8_t block[64]);

/* An algorithm. [I] immutable. */
struct hash_algo {
	const char *name;          /* "MD5", "SHA256" */
	size_t digest_len;         /* bytes: 16 or 32, i.e. digest_len / 4 state words */
	const uint32_t *iv;        /* the initial state */
	int big_endian;            /* byte order of the state words and the length */
	hash_compress_fn compress;
};

/* One digest in progress; plain data on the caller's stack. */
struct hash_ctx {
	const struct hash_algo *algo;
	uint32_t state[8];
	uint8_t buf[64];           /* a partial block */
	size_t fill;
	uint64_t total;            /* bytes fed so far */
};

void hash_init(struct hash_ctx *ctx, const struct hash_algo *algo);
void hash_update(struct hash_ctx *ctx, const void *data, size_t n);
/* Pads, compresses the last block(s) and writes digest_len bytes to DIGEST. */
void hash_final(struct hash_ctx *ctx, uint8_t *digest);

extern const struct hash_algo hash_md5;
extern const struct hash_algo hash_sha256;
