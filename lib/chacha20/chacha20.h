/*
 * lib/chacha20/chacha20.h - the ChaCha20 stream cipher (RFC 8439) and a
 * CSPRNG built on it (used by the loader for KASLR).  Freestanding, no
 * globals: the RNG state lives in a struct chacha20_rng owned by the caller.
 */
#ifndef CHACHA20_CHACHA20_H
#define CHACHA20_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

/*
 * The block function (RFC 8439 section 2.3): key as eight little-endian
 * words, a 32-bit block counter and a 96-bit nonce as three words; writes
 * the 64-byte key-stream block to out.
 */
void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], uint8_t out[64]);

/*
 * Encrypts or decrypts (the same operation) len bytes from in to out, with
 * the key stream starting at block counter (RFC 8439 section 2.4).  in and
 * out may be the same buffer.  The 32-bit counter wraps after 256 GiB; the
 * caller must not encrypt that much with one nonce.
 */
void chacha20_xor(const uint8_t key[32], uint32_t counter,
		  const uint8_t nonce[12], const uint8_t *in, uint8_t *out,
		  size_t len);

/*
 * A deterministic CSPRNG: the key is SHA-256 of the seed; output is the
 * ChaCha20 key stream with a 64-bit block counter (low word = the block
 * counter, high word = nonce word 0) and a zero nonce otherwise.
 */
struct chacha20_rng {
	uint32_t key[8];
	uint64_t counter;  /* next block to generate */
	uint8_t block[64]; /* buffered key stream */
	size_t pos;	   /* bytes of block already used (64 = empty) */
};

/* Seeds rng from seed_len bytes (any length, 0 allowed) at seed. */
void chacha20_rng_init(struct chacha20_rng *rng, const void *seed,
		       size_t seed_len);

/* Next 64 random bits. */
uint64_t chacha20_rng_u64(struct chacha20_rng *rng);

/*
 * A uniform value in [0, bound) without modulo bias (rejection sampling).
 * bound must be > 0 (bound 0 returns 0).
 */
uint64_t chacha20_rng_below(struct chacha20_rng *rng, uint64_t bound);

/* Fills len bytes at buf with random bytes. */
void chacha20_rng_fill(struct chacha20_rng *rng, void *buf, size_t len);

#endif /* CHACHA20_CHACHA20_H */
