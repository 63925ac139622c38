/*
 * lib/sha256/sha256_impl.h - sha256.c's rounds as macros, and the round
 * constants (also read by the loader's Zbb assembly,
 * loader/arch/riscv64/sha256_zbb_blocks.S).
 *
 * The block body is a macro: the including file defines bsig0, bsig1,
 * ssig0, ssig1 (FIPS 180-4 4.1.2) and sha_load (a big-endian 32-bit load)
 * first, as it sees fit for its target.
 */
#ifndef SHA256_SHA256_IMPL_H
#define SHA256_SHA256_IMPL_H

#include "sha256/sha256.h"

extern const uint32_t sha256_k[64];

/*
 * One round, with the working variables renamed instead of shifted.
 * Ch(e,f,g) = g ^ (e & (f ^ g)); Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), where
 * b ^ c is the previous round's a ^ b: ab and bc alternate between two
 * variables.
 */
#define SHA_ROUND(a, b, c, d, e, f, g, h, k, w, ab, bc)                        \
	do {                                                                   \
		uint32_t t1_ = h + bsig1(e) + (g ^ (e & (f ^ g))) + (k) + (w); \
		ab = a ^ b;                                                    \
		uint32_t t2_ = bsig0(a) + (b ^ (ab & bc));                     \
		d += t1_;                                                      \
		h = t1_ + t2_;                                                 \
	} while (0)

/* Message word t: loaded (t < 16) or computed in a 16-word ring. */
#define W_LOAD(t) (w[(t)] = sha_load(p + 4 * (t)))
#define W_NEXT(t)                                                              \
	(w[(t)&15] +=                                                          \
	 ssig1(w[((t)-2) & 15]) + w[((t)-7) & 15] + ssig0(w[((t)-15) & 15]))

#define SHA_8ROUNDS(t, W)                                                      \
	do {                                                                   \
		SHA_ROUND(a, b, c, d, e, f, g, h, sha256_k[(t) + 0],           \
			  W((t) + 0), x, y);                                   \
		SHA_ROUND(h, a, b, c, d, e, f, g, sha256_k[(t) + 1],           \
			  W((t) + 1), y, x);                                   \
		SHA_ROUND(g, h, a, b, c, d, e, f, sha256_k[(t) + 2],           \
			  W((t) + 2), x, y);                                   \
		SHA_ROUND(f, g, h, a, b, c, d, e, sha256_k[(t) + 3],           \
			  W((t) + 3), y, x);                                   \
		SHA_ROUND(e, f, g, h, a, b, c, d, sha256_k[(t) + 4],           \
			  W((t) + 4), x, y);                                   \
		SHA_ROUND(d, e, f, g, h, a, b, c, sha256_k[(t) + 5],           \
			  W((t) + 5), y, x);                                   \
		SHA_ROUND(c, d, e, f, g, h, a, b, sha256_k[(t) + 6],           \
			  W((t) + 6), x, y);                                   \
		SHA_ROUND(b, c, d, e, f, g, h, a, sha256_k[(t) + 7],           \
			  W((t) + 7), y, x);                                   \
	} while (0)

/*
 * The 64 rounds fully unrolled, the message schedule computed on the fly
 * in 16 words (kept in registers).
 */
#define SHA256_BLOCKS_BODY(state, p, nblocks)                                  \
	do {                                                                   \
		uint32_t w[16];                                                \
		while ((nblocks)-- > 0) {                                      \
			uint32_t a = (state)[0], b = (state)[1],               \
				 c = (state)[2], d = (state)[3],               \
				 e = (state)[4], f = (state)[5],               \
				 g = (state)[6], h = (state)[7];               \
			uint32_t x, y = b ^ c;                                 \
			SHA_8ROUNDS(0, W_LOAD);                                \
			SHA_8ROUNDS(8, W_LOAD);                                \
			SHA_8ROUNDS(16, W_NEXT);                               \
			SHA_8ROUNDS(24, W_NEXT);                               \
			SHA_8ROUNDS(32, W_NEXT);                               \
			SHA_8ROUNDS(40, W_NEXT);                               \
			SHA_8ROUNDS(48, W_NEXT);                               \
			SHA_8ROUNDS(56, W_NEXT);                               \
			(state)[0] += a;                                       \
			(state)[1] += b;                                       \
			(state)[2] += c;                                       \
			(state)[3] += d;                                       \
			(state)[4] += e;                                       \
			(state)[5] += f;                                       \
			(state)[6] += g;                                       \
			(state)[7] += h;                                       \
			(p) += 64;                                             \
		}                                                              \
	} while (0)

#endif /* SHA256_SHA256_IMPL_H */
