/*
 * lib/lz4/lz4_block.c - the LZ4 block decoder (block format): sequences of
 * literals and matches, decoded in two instances, byte copies
 * (lz4_block_decode) and 8-byte loads and stores at any alignment
 * (lz4_block_decode_wide, for lib/lz4/lz4.c's LZ4_DECODE_WIDE).
 *
 * The input is untrusted: every length is checked against the bytes left in
 * [src, src_end) and the room left in the output before it is used.  Copies
 * move 8 bytes at a time when both the source and the destination have at
 * least 8 bytes of slack; those over-long copies may scribble past the
 * current output position but never past dst + dst_cap.
 */
#include "lz4/lz4_internal.h"

/*
 * 8-byte copy; __builtin_memcpy with a constant size is expanded inline even
 * under -fno-builtin (on rv64gc, which may not assume fast misaligned
 * accesses, as eight byte loads and eight byte stores).
 */
static inline void copy8(uint8_t *d, const uint8_t *s)
{
	__builtin_memcpy(d, s, 8);
}

/*
 * The same copy as one 8-byte load and one 8-byte store at any alignment
 * (LZ4_DECODE_WIDE: the caller knows the machine does them fast).  On
 * riscv64 written as ld/sd, which the compiler would not emit for a
 * possibly misaligned address; elsewhere the compiler's own expansion.
 * The asm statements read and write memory ("memory"), so they stay
 * ordered with the decoder's other loads and stores (a match reads bytes
 * just written).
 */
static inline void copy8_wide(uint8_t *d, const uint8_t *s)
{
#if defined(__riscv) && __riscv_xlen == 64
	uint64_t v;

	__asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(s) : "memory");
	__asm__ volatile("sd %0, 0(%1)" : : "r"(v), "r"(d) : "memory");
#else
	__builtin_memcpy(d, s, 8);
#endif
}

/* copy8_wide of n (a constant) chunks of 8 bytes, in order. */
static inline __attribute__((always_inline)) void
copy_chunks_wide(uint8_t *d, const uint8_t *s, int n)
{
#if defined(__riscv) && __riscv_xlen == 64
	uint64_t v;

	/* One statement per chunk with the offset as an immediate: no
	 * address arithmetic between the loads and stores. */
	for (int i = 0; i < n; i++) {
		__asm__ volatile("ld %0, %2(%1)"
				 : "=r"(v)
				 : "r"(s), "i"(8 * i)
				 : "memory");
		__asm__ volatile("sd %0, %2(%1)"
				 :
				 : "r"(v), "r"(d), "i"(8 * i)
				 : "memory");
	}
#else
	for (int i = 0; i < n; i++)
		__builtin_memcpy(d + 8 * i, s + 8 * i, 8);
#endif
}

/* A match offset (little-endian 16 bits at p, any alignment). */
static inline __attribute__((always_inline)) size_t
load_offset(const uint8_t *p, bool wide)
{
#if defined(__riscv) && __riscv_xlen == 64
	if (wide) { /* one lhu, misaligned or not */
		uint64_t v;

		__asm__("lhu %0, 0(%1)"
			: "=r"(v)
			: "r"(p), "m"(*(const uint8_t(*)[2])p));
		return (size_t)v;
	}
#endif
	return (size_t)p[0] | (size_t)p[1] << 8;
}

/* copy8 or copy8_wide; wide is a constant in each instance of the decoder. */
static inline __attribute__((always_inline)) void
copy8_as(uint8_t *d, const uint8_t *s, bool wide)
{
	if (wide)
		copy8_wide(d, s);
	else
		copy8(d, s);
}

/* Reads an LZ4 length extension (bytes of 255 then a final byte < 255). */
static err_t read_ext(const uint8_t **ipp, const uint8_t *end, size_t *len)
{
	const uint8_t *ip = *ipp;
	size_t n = *len;
	uint8_t b;

	do {
		if (ip >= end)
			return ERR_FORMAT;
		b = *ip++;
		n += b;
		/* Cannot be reached by any valid input buffer; stops wraps. */
		if (n > SIZE_MAX / 4)
			return ERR_FORMAT;
	} while (b == 255);
	*ipp = ip;
	*len = n;
	return ERR_OK;
}

/*
 * Copies a match of mlen bytes from off behind op (1 <= off, mlen <= oend -
 * op), in 8-byte chunks when there is room for their overshoot.
 */
static inline __attribute__((always_inline)) void
copy_match(uint8_t *op, size_t off, size_t mlen, const uint8_t *oend, bool wide)
{
	const uint8_t *m = op - off;

	if (off >= 8 && (size_t)(oend - op) - mlen >= 8) {
		/* Each chunk reads bytes at least 8 behind: no overlap. */
		for (size_t i = 0; i < mlen; i += 8)
			copy8_as(op + i, m + i, wide);
	} else if ((size_t)(oend - op) - mlen >= 8) {
		/*
		 * Offset < 8: the output repeats with period off.  Lay down 8
		 * bytes one at a time, then copy 8-byte chunks from p behind,
		 * p the first multiple of off >= 8 (the chunk read is then
		 * already written and, as p - 8 < off, never older than the
		 * match source).
		 */
		for (size_t i = 0; i < 8; i++)
			op[i] = m[i];
		size_t p = off;
		while (p < 8)
			p += off;
		for (size_t i = 8; i < mlen; i += 8)
			copy8_as(op + i, op + i - p, wide);
	} else {
		/* Near the end of the output: byte by byte. */
		for (size_t i = 0; i < mlen; i++)
			op[i] = m[i];
	}
}

/*
 * lz4_block_decode's body, inlined into one instance per copy method
 * (wide: see copy8_wide), so the copy loops test nothing at run time.
 *
 * Most sequences are short (the kernel's: 4.9 literal bytes, 11.4 match
 * bytes on average), so each part has a fast path taken far from both
 * ends, where one test of the room left covers every bound: fewer than 15
 * literals with 16 input bytes and 16 output bytes left (the literals end
 * at least 2 bytes before the input does, so the offset is there and this
 * is not the block's last sequence), and a match of at most 18 bytes at
 * least 8 behind with 24 output bytes left (three chunks).
 */
static inline __attribute__((always_inline)) err_t
block_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
	     size_t dst_cap, size_t *pos, bool wide)
{
	err_t err = ERR_OK;
	const uint8_t *ip = src;
	uint8_t *op;
	uint8_t *oend;

	if (pos == NULL || src == NULL || src > src_end || *pos > dst_cap ||
	    (dst == NULL && dst_cap != 0))
		return ERR_INVAL;
	op = dst + *pos;
	oend = dst + dst_cap;
	/* The fast paths' room: ip <= ilimit, op <= olimit (never true for
	 * buffers too small for them). */
	uintptr_t ilimit = src_end - src >= 16 ? (uintptr_t)(src_end - 16) : 0;
	uintptr_t olimit = oend - op >= 24 ? (uintptr_t)(oend - 24) : 0;

	for (;;) {
		if (ip >= src_end) {
			err = ERR_FORMAT; /* a block ends with literals */
			goto out;
		}
		unsigned token = *ip++;

		size_t lit = token >> 4;
		if (lit < 15 && (uintptr_t)ip <= ilimit &&
		    (uintptr_t)op <= olimit) {
			if (wide) { /* two chunks cost less than a loop */
				copy_chunks_wide(op, ip, 2);
			} else {
				for (size_t i = 0; i < lit; i += 8)
					copy8(op + i, ip + i);
			}
			ip += lit;
			op += lit;
		} else {
			if (lit == 15) {
				err = read_ext(&ip, src_end, &lit);
				if (err != ERR_OK)
					goto out;
			}
			if ((size_t)(src_end - ip) < lit) {
				err = ERR_FORMAT;
				goto out;
			}
			if ((size_t)(oend - op) < lit) {
				err = ERR_OVERFLOW;
				goto out;
			}
			if ((size_t)(src_end - ip) - lit >= 8 &&
			    (size_t)(oend - op) - lit >= 8) {
				for (size_t i = 0; i < lit; i += 8)
					copy8_as(op + i, ip + i, wide);
			} else {
				for (size_t i = 0; i < lit; i++)
					op[i] = ip[i];
			}
			ip += lit;
			op += lit;
			if (ip == src_end)
				break; /* the last sequence has no match */
			if (src_end - ip < 2) {
				err = ERR_FORMAT;
				goto out;
			}
		}

		size_t off = load_offset(ip, wide);
		ip += 2;
		/* off == 0 wraps: one test for 1 <= off <= op - dst. */
		if (off - 1 >= (size_t)(op - dst)) {
			err = ERR_FORMAT;
			goto out;
		}
		size_t mlen = token & 15;
		if (mlen < 15 && off >= 8 && (uintptr_t)op <= olimit) {
			const uint8_t *m = op - off;
			mlen += 4;
			if (wide) {
				copy_chunks_wide(op, m, 3);
			} else {
				for (size_t i = 0; i < mlen; i += 8)
					copy8(op + i, m + i);
			}
			op += mlen;
			continue;
		}
		if (mlen == 15) {
			err = read_ext(&ip, src_end, &mlen);
			if (err != ERR_OK)
				goto out;
		}
		mlen += 4;
		if ((size_t)(oend - op) < mlen) {
			err = ERR_OVERFLOW;
			goto out;
		}
		copy_match(op, off, mlen, oend, wide);
		op += mlen;
	}
out:
	*pos = (size_t)(op - dst);
	return err;
}

err_t lz4_block_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
		       size_t dst_cap, size_t *pos)
{
	return block_decode(src, src_end, dst, dst_cap, pos, false);
}

/*
 * lz4_block_decode with 8-byte loads and stores at any alignment (see
 * lib/lz4/lz4_internal.h).
 */
err_t lz4_block_decode_wide(const uint8_t *src, const uint8_t *src_end,
			    uint8_t *dst, size_t dst_cap, size_t *pos)
{
	return block_decode(src, src_end, dst, dst_cap, pos, true);
}
