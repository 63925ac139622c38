/*
 * lib/sha256/sha256.c - SHA-256 as specified in FIPS 180-4 section 6.2.
 */
#include <string.h>

#include "sha256/sha256.h"
#include "sha256/sha256_impl.h"

const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/*
 * Rotations.  rv64gc has no rotate instruction (Zbb is not assumed): a 32-bit
 * rotate is two shifts and an or.  With x copied into both halves of a
 * doubleword, the low 32 bits of d >> n are x rotated right by n (n < 32),
 * so each Sigma function is one copy (three instructions) and then one
 * shift and one xor per term: 8 instructions instead of 11.
 */
static inline uint64_t dup32(uint32_t x)
{
	return (uint64_t)x << 32 | x;
}

static inline uint32_t bsig0(uint32_t x)
{
	uint64_t d = dup32(x);
	return (uint32_t)((d >> 2) ^ (d >> 13) ^ (d >> 22));
}

static inline uint32_t bsig1(uint32_t x)
{
	uint64_t d = dup32(x);
	return (uint32_t)((d >> 6) ^ (d >> 11) ^ (d >> 25));
}

static inline uint32_t ssig0(uint32_t x)
{
	uint64_t d = dup32(x);
	return (uint32_t)((d >> 7) ^ (d >> 18)) ^ (x >> 3);
}

static inline uint32_t ssig1(uint32_t x)
{
	uint64_t d = dup32(x);
	return (uint32_t)((d >> 17) ^ (d >> 19)) ^ (x >> 10);
}

static inline uint32_t sha_load(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* See sha256.h: the 64 rounds fully unrolled, the message schedule
 * computed on the fly in 16 words (kept in registers). */
void sha256_blocks(uint32_t state[8], const uint8_t *p, size_t nblocks)
{
	SHA256_BLOCKS_BODY(state, p, nblocks);
}

void sha256_init(struct sha256_ctx *ctx)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};

	memcpy(ctx->state, h0, sizeof(h0));
	ctx->total = 0;
	ctx->buf_len = 0;
}

/* sha256_update with the rounds of blocks. */
static void update_with(sha256_blocks_fn *blocks, struct sha256_ctx *ctx,
			const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len == 0)
		return;
	ctx->total += len;
	if (ctx->buf_len > 0) {
		size_t take = 64 - ctx->buf_len;
		if (take > len)
			take = len;
		memcpy(ctx->buf + ctx->buf_len, p, take);
		ctx->buf_len += take;
		p += take;
		len -= take;
		if (ctx->buf_len < 64)
			return;
		blocks(ctx->state, ctx->buf, 1);
		ctx->buf_len = 0;
	}
	if (len >= 64) {
		blocks(ctx->state, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	if (len > 0) {
		memcpy(ctx->buf, p, len);
		ctx->buf_len = len;
	}
}

/* sha256_final with the rounds of blocks: pads, writes the digest to out. */
static void final_with(sha256_blocks_fn *blocks, struct sha256_ctx *ctx,
		       uint8_t out[32])
{
	uint64_t bits = ctx->total * 8;
	size_t n = ctx->buf_len;

	/* Append 0x80, zeros to 56 mod 64, then the bit length big-endian. */
	ctx->buf[n++] = 0x80;
	if (n > 56) {
		memset(ctx->buf + n, 0, 64 - n);
		blocks(ctx->state, ctx->buf, 1);
		n = 0;
	}
	memset(ctx->buf + n, 0, 56 - n);
	store_be32(ctx->buf + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->buf + 60, (uint32_t)bits);
	blocks(ctx->state, ctx->buf, 1);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, ctx->state[i]);
	ctx->buf_len = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	update_with(sha256_blocks, ctx, data, len);
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[32])
{
	final_with(sha256_blocks, ctx, out);
}

void sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}

void sha256_with(sha256_blocks_fn *blocks, const void *data, size_t len,
		 uint8_t out[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	update_with(blocks, &ctx, data, len);
	final_with(blocks, &ctx, out);
}
