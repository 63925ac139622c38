/*
 * lib/sha256/sha256_rot.c - SHA-256 with the rounds written with plain
 * rotates and a byte-swap builtin.  Portable C (gcc and clang): compiled
 * with -march=rv64gc_zbb (the loader does so, mk/loader.mk) the rotates
 * become single roriw instructions and the big-endian loads lw + rev8,
 * about three quarters of the instructions of sha256.c's rv64gc code.
 * Built for riscv64 with Zbb, the rounds are instead the assembly of
 * sha256_rv64zbb.S (another tenth fewer: the compiler's code spilled).
 * Such an object must only run on a hart with Zbb: the caller checks (the
 * loader reads riscv,isa).
 */
#include <string.h>

#include "sha256/sha256.h"
#include "sha256/sha256_impl.h"

#if defined(__riscv) && __riscv_xlen == 64 && defined(__riscv_zbb)
/* lib/sha256/sha256_rv64zbb.S: the rounds written out; p 4-byte aligned. */
void sha256_blocks_rv64zbb(uint32_t state[8], const uint8_t *p, size_t nblocks);

/* Every block through the assembly; a misaligned one copied first. */
static void blocks_rot(uint32_t state[8], const uint8_t *p, size_t nblocks)
{
	if (((uintptr_t)p & 3) == 0) {
		sha256_blocks_rv64zbb(state, p, nblocks);
		return;
	}
	for (; nblocks > 0; nblocks--, p += 64) {
		uint32_t block[16];

		__builtin_memcpy(block, p, 64);
		sha256_blocks_rv64zbb(state, (const uint8_t *)block, 1);
	}
}
#else
/* n is a constant in 1..31 everywhere: compilers emit one rotate. */
static inline uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t bsig0(uint32_t x)
{
	return ror(x, 2) ^ ror(x, 13) ^ ror(x, 22);
}

static inline uint32_t bsig1(uint32_t x)
{
	return ror(x, 6) ^ ror(x, 11) ^ ror(x, 25);
}

static inline uint32_t ssig0(uint32_t x)
{
	return ror(x, 7) ^ ror(x, 18) ^ (x >> 3);
}

static inline uint32_t ssig1(uint32_t x)
{
	return ror(x, 17) ^ ror(x, 19) ^ (x >> 10);
}

/* A 32-bit word that may alias the input bytes. */
typedef uint32_t __attribute__((may_alias)) sha_word;

/* Big-endian load; a word load and a byte swap when p is aligned. */
static inline uint32_t sha_load(const uint8_t *p)
{
	if (((uintptr_t)p & 3) == 0) {
		uint32_t v = *(const sha_word *)(const void *)p;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		v = __builtin_bswap32(v);
#endif
		return v;
	}
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void blocks_rot(uint32_t state[8], const uint8_t *p, size_t nblocks)
{
	SHA256_BLOCKS_BODY(state, p, nblocks);
}
#endif

void sha256_rot(const void *data, size_t len, uint8_t out[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update_with(blocks_rot, &ctx, data, len);
	sha256_final_with(blocks_rot, &ctx, out);
}
