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

/*
 * The same one-shot digest from lib/sha256/sha256_rot.c, written for
 * targets with rotate and byte-swap instructions.  The loader builds that
 * file with Zbb and calls this only when the boot hart's riscv,isa has
 * zbb; elsewhere it is plain portable C (host tests compare the two).
 */
void sha256_rot(const void *data, size_t len, uint8_t out[32]);

#endif /* SHA256_SHA256_H */
