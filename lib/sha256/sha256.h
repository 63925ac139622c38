/*
 * lib/sha256/sha256.h - SHA-256 (FIPS 180-4), freestanding, no globals.
 *
 * Incremental use: sha256_init, any number of sha256_update calls (of any
 * lengths), sha256_final.  One-shot: sha256().
 */
#ifndef SHA256_SHA256_H
#define SHA256_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64

struct sha256_ctx {
	uint32_t state[8];
	uint64_t total;	 /* bytes hashed so far */
	uint8_t buf[64]; /* partial block */
	size_t buf_len;	 /* bytes used in buf, < 64 */
};

/* Starts a new digest in ctx. */
void sha256_init(struct sha256_ctx *ctx);

/* Hashes len bytes at data (data may be NULL when len is 0). */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/*
 * Writes the digest of everything passed to sha256_update to out.  The
 * context must be re-initialised with sha256_init before further use.
 */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[32]);

/* One-shot digest of len bytes at data. */
void sha256(const void *data, size_t len, uint8_t out[32]);

/* Processes nblocks 64-byte blocks at p into state: the rounds (FIPS
 * 180-4 6.2.2), as sha256.c's portable C or a target's own version. */
typedef void sha256_blocks_fn(uint32_t state[8], const uint8_t *p,
			      size_t nblocks);

/* The portable rounds (rv64gc: a rotate is three instructions). */
void sha256_blocks(uint32_t state[8], const uint8_t *p, size_t nblocks);

/*
 * The one-shot digest of sha256() with the rounds of blocks (padding and
 * length stay here): the loader passes its Zbb assembly on a hart that
 * has Zbb (loader/arch/riscv64/sha256_zbb.c).
 */
void sha256_with(sha256_blocks_fn *blocks, const void *data, size_t len,
		 uint8_t out[32]);

#endif /* SHA256_SHA256_H */
