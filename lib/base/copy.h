/*
 * lib/base/copy.h - the word copy loop of memcpy, for callers that copy
 * whole aligned blocks on a hot path and would otherwise pay memcpy's call
 * and its alignment checks on every block (the block cache's hits).
 */
#ifndef BASE_COPY_H
#define BASE_COPY_H

#include "base/types.h"

/* A word that may alias any object (the copies work on arbitrary types). */
typedef uint64_t __attribute__((may_alias)) base_word;
/* Half of one, for copies whose ends are only 4-byte aligned alike. */
typedef uint32_t __attribute__((may_alias)) base_half;

/* Eight words from s to d: all loads, then all stores (eight registers:
 * the copy needs none the callee must save). */
static inline void base_copy8(base_word *d, const base_word *s)
{
	base_word w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3];
	base_word w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];
	d[0] = w0;
	d[1] = w1;
	d[2] = w2;
	d[3] = w3;
	d[4] = w4;
	d[5] = w5;
	d[6] = w6;
	d[7] = w7;
}

/*
 * Copies n words from s to d (both 8-byte aligned, not overlapping, or d
 * below s): 64 words a turn in eight groups of eight, counted by an end
 * pointer, then groups of eight, then words.  A 4 KiB block takes ~1,050
 * instructions on riscv64, 1,024 of them the loads and stores (three per
 * turn are the loop's).
 */
static inline void base_copy_words(base_word *d, const base_word *s, size_t n)
{
	const base_word *send = s + (n & ~(size_t)63);
	while (s != send) {
		for (unsigned g = 0; g < 64; g += 8)
			base_copy8(d + g, s + g);
		d += 64;
		s += 64;
	}
	for (n &= 63; n >= 8; n -= 8, d += 8, s += 8)
		base_copy8(d, s);
	while (n--)
		*d++ = *s++;
}

#endif /* BASE_COPY_H */
