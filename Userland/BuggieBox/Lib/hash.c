/*
 * The frame MD5 and SHA-256 share: input is gathered into 64-byte blocks for the
 * algorithm's compression function, and the end is padded with 0x80, zeros and
 * the message length in bits (little-endian for MD5, big-endian for SHA-2); the
 * digest is the state words in the same byte order. No global state.
 */
#include "hash.h"

#include <string.h>

void hash_init(struct hash_ctx *ctx, const struct hash_algo *algo)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->algo = algo;
	memcpy(ctx->state, algo->iv, algo->digest_len);
}

void hash_update(struct hash_ctx *ctx, const void *data, size_t n)
{
	const uint8_t *p = data;

	ctx->total += n;
	while (n > 0) {
		size_t take = 64 - ctx->fill < n ? 64 - ctx->fill : n;
		memcpy(ctx->buf + ctx->fill, p, take);
		ctx->fill += take, p += take, n -= take;
		if (ctx->fill == 64) {
			ctx->algo->compress(ctx->state, ctx->buf);
			ctx->fill = 0;
		}
	}
}

void hash_final(struct hash_ctx *ctx, uint8_t *digest)
{
	const struct hash_algo *a = ctx->algo;
	uint64_t bits = ctx->total * 8;

	ctx->buf[ctx->fill++] = 0x80;
	if (ctx->fill > 56) {
		memset(ctx->buf + ctx->fill, 0, 64 - ctx->fill);
		a->compress(ctx->state, ctx->buf);
		ctx->fill = 0;
	}
	memset(ctx->buf + ctx->fill, 0, 56 - ctx->fill);
	for (int i = 0; i < 8; i++)
		ctx->buf[56 + i] = (uint8_t)(bits >> (a->big_endian ? 56 - 8 * i : 8 * i));
	a->compress(ctx->state, ctx->buf);
	for (size_t i = 0; i < a->digest_len; i++) {
		int shift = a->big_endian ? 24 - 8 * (i % 4) : 8 * (i % 4);
		digest[i] = (uint8_t)(ctx->state[i / 4] >> shift);
	}
}
