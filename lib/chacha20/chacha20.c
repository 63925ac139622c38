/*
 * lib/chacha20/chacha20.c - ChaCha20 (RFC 8439) and the CSPRNG built on it.
 */
#include <string.h>

#include "chacha20/chacha20.h"
#include "sha256/sha256.h"

static inline uint32_t rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define QUARTER(a, b, c, d)                                                    \
	do {                                                                   \
		a += b;                                                        \
		d = rol(d ^ a, 16);                                            \
		c += d;                                                        \
		b = rol(b ^ c, 12);                                            \
		a += b;                                                        \
		d = rol(d ^ a, 8);                                             \
		c += d;                                                        \
		b = rol(b ^ c, 7);                                             \
	} while (0)

void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], uint8_t out[64])
{
	uint32_t in[16] = {
		0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, /* constants */
		key[0],	    key[1],	key[2],	    key[3],
		key[4],	    key[5],	key[6],	    key[7],
		counter,    nonce[0],	nonce[1],   nonce[2],
	};
	uint32_t x[16];

	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		store_le32(out + 4 * i, x[i] + in[i]);
}

void chacha20_xor(const uint8_t key[32], uint32_t counter,
		  const uint8_t nonce[12], const uint8_t *in, uint8_t *out,
		  size_t len)
{
	uint32_t k[8], n[3];
	uint8_t block[64];

	for (int i = 0; i < 8; i++)
		k[i] = load_le32(key + 4 * i);
	for (int i = 0; i < 3; i++)
		n[i] = load_le32(nonce + 4 * i);
	while (len > 0) {
		chacha20_block(k, counter++, n, block);
		size_t take = len < 64 ? len : 64;
		for (size_t i = 0; i < take; i++)
			out[i] = in[i] ^ block[i];
		in += take;
		out += take;
		len -= take;
	}
	memset(block, 0, sizeof(block));
}

void chacha20_rng_init(struct chacha20_rng *rng, const void *seed,
		       size_t seed_len)
{
	uint8_t digest[32];

	sha256(seed, seed_len, digest);
	for (int i = 0; i < 8; i++)
		rng->key[i] = load_le32(digest + 4 * i);
	memset(digest, 0, sizeof(digest));
	rng->counter = 0;
	rng->pos = sizeof(rng->block);
}

/* Generates the next key-stream block into rng->block. */
static void rng_refill(struct chacha20_rng *rng)
{
	/* A 64-bit counter: low half in the counter word, high half in
	 * nonce[0]. */
	const uint32_t nonce[3] = {(uint32_t)(rng->counter >> 32), 0, 0};

	chacha20_block(rng->key, (uint32_t)rng->counter, nonce, rng->block);
	rng->counter++;
	rng->pos = 0;
}

void chacha20_rng_fill(struct chacha20_rng *rng, void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len > 0) {
		if (rng->pos >= sizeof(rng->block))
			rng_refill(rng);
		size_t take = sizeof(rng->block) - rng->pos;
		if (take > len)
			take = len;
		memcpy(out, rng->block + rng->pos, take);
		/* Used key stream is erased: a later state leak reveals no past
		 * output. */
		memset(rng->block + rng->pos, 0, take);
		rng->pos += take;
		out += take;
		len -= take;
	}
}

uint64_t chacha20_rng_u64(struct chacha20_rng *rng)
{
	uint8_t b[8];
	uint64_t v = 0;

	chacha20_rng_fill(rng, b, sizeof(b));
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

uint64_t chacha20_rng_below(struct chacha20_rng *rng, uint64_t bound)
{
	if (bound <= 1)
		return 0;
	/*
	 * Reject the top (2^64 mod bound) values so that every residue is
	 * equally likely; fewer than half the draws are rejected.
	 */
	uint64_t threshold = ((uint64_t)0 - bound) % bound;
	for (;;) {
		uint64_t v = chacha20_rng_u64(rng);
		if (v >= threshold)
			return v % bound;
	}
}
