/*
 * lib/lz4/lz4.c - LZ4 frame decoder (frame format 1.6.x, block format) and
 * xxHash32.
 *
 * The input is untrusted: every length is checked against the bytes left in
 * [src, src_end) and the room left in the output before it is used.  Copies
 * move 8 bytes at a time when both the source and the destination have at
 * least 8 bytes of slack; those over-long copies may scribble past the
 * current output position but never past dst + dst_cap.
 */
#include <string.h>

#include "lz4/lz4.h"

#define LZ4_LEGACY_MAGIC 0x184C2102u

#define XXH_P1 0x9E3779B1u
#define XXH_P2 0x85EBCA77u
#define XXH_P3 0xC2B2AE3Du
#define XXH_P4 0x27D4EB2Fu
#define XXH_P5 0x165667B1u

/* FLG bits */
#define FLG_VERSION_SHIFT    6
#define FLG_BLOCK_INDEP	     0x20
#define FLG_BLOCK_CHECKSUM   0x10
#define FLG_CONTENT_SIZE     0x08
#define FLG_CONTENT_CHECKSUM 0x04
#define FLG_RESERVED	     0x02
#define FLG_DICT_ID	     0x01

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static inline uint32_t rotl32(uint32_t x, unsigned r)
{
	return (x << r) | (x >> (32 - r));
}

static inline uint32_t xxh_round(uint32_t acc, uint32_t in)
{
	return rotl32(acc + in * XXH_P2, 13) * XXH_P1;
}

uint32_t lz4_xxh32(const void *data, size_t len, uint32_t seed)
{
	const uint8_t *p = data;
	const uint8_t *end = p + len;
	uint32_t h;

	if (len >= 16) {
		uint32_t v1 = seed + XXH_P1 + XXH_P2, v2 = seed + XXH_P2;
		uint32_t v3 = seed, v4 = seed - XXH_P1;
		const uint8_t *limit = end - 16;
		do {
			v1 = xxh_round(v1, le32(p));
			v2 = xxh_round(v2, le32(p + 4));
			v3 = xxh_round(v3, le32(p + 8));
			v4 = xxh_round(v4, le32(p + 12));
			p += 16;
		} while (p <= limit);
		h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) +
		    rotl32(v4, 18);
	} else {
		h = seed + XXH_P5;
	}
	h += (uint32_t)len;
	while ((size_t)(end - p) >= 4) {
		h += le32(p) * XXH_P3;
		h = rotl32(h, 17) * XXH_P4;
		p += 4;
	}
	while (p < end) {
		h += *p++ * XXH_P5;
		h = rotl32(h, 11) * XXH_P1;
	}
	h ^= h >> 15;
	h *= XXH_P2;
	h ^= h >> 13;
	h *= XXH_P3;
	h ^= h >> 16;
	return h;
}

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

static err_t block_decode_bytes(const uint8_t *src, const uint8_t *src_end,
				uint8_t *dst, size_t dst_cap, size_t *pos)
{
	return block_decode(src, src_end, dst, dst_cap, pos, false);
}

static err_t block_decode_wide(const uint8_t *src, const uint8_t *src_end,
			       uint8_t *dst, size_t dst_cap, size_t *pos)
{
	return block_decode(src, src_end, dst, dst_cap, pos, true);
}

err_t lz4_block_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
		       size_t dst_cap, size_t *pos)
{
	return block_decode_bytes(src, src_end, dst, dst_cap, pos);
}

struct frame_header {
	uint8_t flg;
	size_t block_max;
	bool has_size;
	uint64_t content_size;
	size_t len; /* header bytes including magic and HC */
};

/* Parses and checks the frame header at p (which starts with the magic). */
static err_t parse_header(const uint8_t *p, const uint8_t *end,
			  struct frame_header *h)
{
	if (end - p < 7)
		return ERR_FORMAT;
	if (le32(p) == LZ4_LEGACY_MAGIC)
		return ERR_UNSUPPORTED;
	if (le32(p) != LZ4_FRAME_MAGIC)
		return ERR_FORMAT;
	uint8_t flg = p[4], bd = p[5];
	if ((flg >> FLG_VERSION_SHIFT) != 1)
		return ERR_UNSUPPORTED;
	if ((flg & FLG_RESERVED) || (bd & 0x8F))
		return ERR_FORMAT;
	unsigned bsid = (bd >> 4) & 7;
	if (bsid < 4)
		return ERR_FORMAT;
	size_t desc_len = 2 + ((flg & FLG_CONTENT_SIZE) ? 8 : 0) +
			  ((flg & FLG_DICT_ID) ? 4 : 0);
	if ((size_t)(end - p) < 4 + desc_len + 1)
		return ERR_FORMAT;
	uint8_t hc = (uint8_t)(lz4_xxh32(p + 4, desc_len, 0) >> 8);
	if (hc != p[4 + desc_len])
		return ERR_INTEGRITY;
	/* Dictionaries are never used by the lz4 tool's plain compression. */
	if (flg & FLG_DICT_ID)
		return ERR_UNSUPPORTED;
	h->flg = flg;
	h->block_max = (size_t)1 << (8 + 2 * bsid);
	h->has_size = (flg & FLG_CONTENT_SIZE) != 0;
	h->content_size = h->has_size ? le64(p + 6) : 0;
	h->len = 4 + desc_len + 1;
	return ERR_OK;
}

static bool is_skippable(uint32_t magic)
{
	return (magic & 0xFFFFFFF0u) == LZ4_SKIPPABLE_MAGIC;
}

/* Skips a skippable frame at *pp (magic already known skippable). */
static err_t skip_frame(const uint8_t **pp, const uint8_t *end)
{
	const uint8_t *p = *pp;

	if (end - p < 8)
		return ERR_FORMAT;
	uint32_t size = le32(p + 4);
	if ((size_t)(end - p) - 8 < size)
		return ERR_FORMAT;
	*pp = p + 8 + size;
	return ERR_OK;
}

/* Decodes one LZ4 frame at *pp into dst from *out on. */
static err_t decode_frame(const uint8_t **pp, const uint8_t *end, uint8_t *dst,
			  size_t dst_cap, size_t *out, unsigned flags)
{
	struct frame_header h;
	const uint8_t *p = *pp;
	size_t frame_start = *out;
	err_t err = parse_header(p, end, &h);

	if (err != ERR_OK)
		return err;
	p += h.len;
	if (h.has_size && h.content_size > dst_cap - *out)
		return ERR_OVERFLOW;

	bool block_sum = (h.flg & FLG_BLOCK_CHECKSUM) != 0;
	bool linked = (h.flg & FLG_BLOCK_INDEP) == 0;
	for (;;) {
		if (end - p < 4)
			return ERR_FORMAT;
		uint32_t word = le32(p);
		p += 4;
		if (word == 0)
			break; /* EndMark */
		bool raw = (word & 0x80000000u) != 0;
		size_t len = word & 0x7FFFFFFFu;
		if (len > h.block_max || (size_t)(end - p) < len)
			return ERR_FORMAT;
		if (block_sum) {
			if ((size_t)(end - p) - len < 4)
				return ERR_FORMAT;
			if (lz4_xxh32(p, len, 0) != le32(p + len))
				return ERR_INTEGRITY;
		}
		size_t room = dst_cap - *out;
		if (raw) {
			if (len > room)
				return ERR_OVERFLOW;
			memcpy(dst + *out, p, len);
			*out += len;
		} else {
			/* A block never decodes to more than block_max bytes.
			 */
			size_t cap = room < h.block_max ? room : h.block_max;
			size_t base = linked ? frame_start : *out;
			size_t pos = *out - base;
			err = (flags & LZ4_DECODE_WIDE)
				      ? block_decode_wide(p, p + len,
							  dst + base, pos + cap,
							  &pos)
				      : block_decode_bytes(p, p + len,
							   dst + base,
							   pos + cap, &pos);
			*out = base + pos;
			if (err == ERR_OVERFLOW && cap < room)
				err = ERR_FORMAT;
			if (err != ERR_OK)
				return err;
		}
		p += len + (block_sum ? 4 : 0);
	}
	if (h.flg & FLG_CONTENT_CHECKSUM) {
		if (end - p < 4)
			return ERR_FORMAT;
		if (lz4_xxh32(dst + frame_start, *out - frame_start, 0) !=
		    le32(p))
			return ERR_INTEGRITY;
		p += 4;
	}
	if (h.has_size && *out - frame_start != h.content_size)
		return ERR_FORMAT;
	*pp = p;
	return ERR_OK;
}

err_t lz4_frame_decode(const uint8_t *src, const uint8_t *src_end, uint8_t *dst,
		       size_t dst_cap, size_t *out_len)
{
	return lz4_frame_decode_flags(src, src_end, dst, dst_cap, out_len, 0);
}

err_t lz4_frame_decode_flags(const uint8_t *src, const uint8_t *src_end,
			     uint8_t *dst, size_t dst_cap, size_t *out_len,
			     unsigned flags)
{
	size_t out = 0;
	int frames = 0;
	err_t err = ERR_OK;
	uint8_t none;

	if (out_len == NULL)
		return ERR_INVAL;
	*out_len = 0;
	if (src == NULL || src_end < src || (dst == NULL && dst_cap != 0))
		return ERR_INVAL;
	if (dst == NULL)
		dst = &none; /* no room at all; avoids arithmetic on NULL */
	const uint8_t *p = src;
	while (p < src_end) {
		if (src_end - p < 4) {
			err = ERR_FORMAT;
			goto out;
		}
		if (is_skippable(le32(p))) {
			err = skip_frame(&p, src_end);
		} else {
			err = decode_frame(&p, src_end, dst, dst_cap, &out,
					   flags);
			frames++;
		}
		if (err != ERR_OK)
			goto out;
	}
	if (frames == 0)
		err = ERR_FORMAT;
out:
	*out_len = out;
	return err;
}

err_t lz4_frame_content_size(const uint8_t *src, const uint8_t *src_end,
			     uint64_t *size)
{
	struct frame_header h;
	const uint8_t *p = src;

	if (src == NULL || src_end < src || size == NULL)
		return ERR_INVAL;
	while (src_end - p >= 4 && is_skippable(le32(p))) {
		err_t err = skip_frame(&p, src_end);
		if (err != ERR_OK)
			return err;
	}
	err_t err = parse_header(p, src_end, &h);
	if (err != ERR_OK)
		return err;
	if (!h.has_size)
		return ERR_NOTFOUND;
	*size = h.content_size;
	return ERR_OK;
}
