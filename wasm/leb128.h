/*
 * wasm/leb128.h - strict LEB128 readers for the WebAssembly binary format.
 *
 * An N-bit integer takes at most ceil(N / 7) bytes ("integer representation
 * too long" beyond that) and the unused high bits of the last byte must be
 * zero (unsigned) or copies of the sign bit (signed) ("integer too large").
 * Each reader takes (*pp, end), advances *pp past the number on success and
 * leaves it untouched on failure.
 */
#ifndef WASM_LEB128_H
#define WASM_LEB128_H

#include <stdbool.h>
#include <stdint.h>

enum wasm_leb_status {
	WASM_LEB_OK = 0,
	WASM_LEB_EOF,	   /* the input ended inside the number */
	WASM_LEB_TOO_LONG, /* more bytes than the type allows */
	WASM_LEB_TOO_LARGE /* unused bits of the last byte are wrong */
};

/* Reads an unsigned number of `bits` bits (1..64). */
static inline int wasm_leb_unsigned(const uint8_t **pp, const uint8_t *end,
				    unsigned bits, uint64_t *out)
{
	const uint8_t *p = *pp;
	unsigned max_bytes = (bits + 6) / 7;
	uint64_t v = 0;

	for (unsigned i = 0;; i++) {
		if (p >= end)
			return WASM_LEB_EOF;
		uint8_t b = *p++;
		if (i == max_bytes - 1) {
			/* Last permitted byte: no continuation, and the bits
			 * above `bits` must be zero. */
			if (b & 0x80)
				return WASM_LEB_TOO_LONG;
			unsigned used = bits - 7 * i;
			if (used < 7 && (b >> used) != 0)
				return WASM_LEB_TOO_LARGE;
			v |= (uint64_t)b << (7 * i);
			break;
		}
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			break;
	}
	*out = v;
	*pp = p;
	return WASM_LEB_OK;
}

/* Reads a signed number of `bits` bits (1..64), sign-extended. */
static inline int wasm_leb_signed(const uint8_t **pp, const uint8_t *end,
				  unsigned bits, int64_t *out)
{
	const uint8_t *p = *pp;
	unsigned max_bytes = (bits + 6) / 7;
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b = 0;

	for (unsigned i = 0;; i++) {
		if (p >= end)
			return WASM_LEB_EOF;
		b = *p++;
		if (i == max_bytes - 1) {
			if (b & 0x80)
				return WASM_LEB_TOO_LONG;
			unsigned used = bits - 7 * i; /* 1..7 */
			if (used < 7) {
				/* Bits used-1 .. 6 must all equal the sign. */
				uint8_t top = (uint8_t)(b >> (used - 1));
				uint8_t all = (uint8_t)(0x7f >> (used - 1));
				if (top != 0 && top != all)
					return WASM_LEB_TOO_LARGE;
			}
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	if (shift < 64 && (b & 0x40))
		v |= ~(uint64_t)0 << shift;
	*out = (int64_t)v;
	*pp = p;
	return WASM_LEB_OK;
}

static inline int wasm_leb_u32(const uint8_t **pp, const uint8_t *end,
			       uint32_t *out)
{
	/* Fast path: one byte. */
	if (*pp < end && !(**pp & 0x80)) {
		*out = **pp;
		(*pp)++;
		return WASM_LEB_OK;
	}
	uint64_t v;
	int rc = wasm_leb_unsigned(pp, end, 32, &v);
	if (rc == WASM_LEB_OK)
		*out = (uint32_t)v;
	return rc;
}

/* One byte below 0x80: the value, sign-extended from bit 6 when signed
 * (valid for every width of 7 bits or more). */
static inline bool wasm_leb_one_byte(const uint8_t **pp, const uint8_t *end,
				     bool is_signed, uint64_t *out)
{
	if (*pp >= end || (**pp & 0x80))
		return false;
	uint8_t b = *(*pp)++;
	*out = is_signed ? (uint64_t)((int64_t)((uint64_t)b << 57) >> 57) : b;
	return true;
}

static inline int wasm_leb_s32(const uint8_t **pp, const uint8_t *end,
			       int32_t *out)
{
	uint64_t one;
	if (wasm_leb_one_byte(pp, end, true, &one)) {
		*out = (int32_t)one;
		return WASM_LEB_OK;
	}
	int64_t v;
	int rc = wasm_leb_signed(pp, end, 32, &v);
	if (rc == WASM_LEB_OK)
		*out = (int32_t)v;
	return rc;
}

static inline int wasm_leb_s33(const uint8_t **pp, const uint8_t *end,
			       int64_t *out)
{
	return wasm_leb_signed(pp, end, 33, out);
}

static inline int wasm_leb_s64(const uint8_t **pp, const uint8_t *end,
			       int64_t *out)
{
	uint64_t one;
	if (wasm_leb_one_byte(pp, end, true, &one)) {
		*out = (int64_t)one;
		return WASM_LEB_OK;
	}
	return wasm_leb_signed(pp, end, 64, out);
}

static inline int wasm_leb_u64(const uint8_t **pp, const uint8_t *end,
			       uint64_t *out)
{
	if (wasm_leb_one_byte(pp, end, false, out))
		return WASM_LEB_OK;
	return wasm_leb_unsigned(pp, end, 64, out);
}

/*
 * Readers for hot paths that know enough bytes follow p to read the
 * longest encoding without checking an end (a window): they return the
 * length read, or 0 for anything they do not take (malformed, or longer
 * than they read), which the caller leaves to the readers above (which
 * then report it).
 */

/* A u32 (five bytes readable at p): the fifth byte must end it and hold
 * the top 4 bits only. */
static inline __attribute__((always_inline)) unsigned
wasm_leb_u32_window(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < 4; i++) {
		v |= (uint32_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			*out = v;
			return i + 1;
		}
	}
	if (p[4] > 0x0f)
		return 0;
	*out = v | (uint32_t)p[4] << 28;
	return 5;
}

/* An s32 (five bytes readable at p): the fifth byte must end it with
 * bits 3..6 copies of the sign (bit 3). */
static inline __attribute__((always_inline)) unsigned
wasm_leb_s32_window(const uint8_t *p, int32_t *out)
{
	uint32_t v = 0;
	unsigned i = 0;
	for (; i < 4; i++) {
		v |= (uint32_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			unsigned shift = 7 * (i + 1);
			if (p[i] & 0x40) /* sign-extend from bit shift - 1 */
				v |= ~(uint32_t)0 << shift;
			*out = (int32_t)v;
			return i + 1;
		}
	}
	uint8_t b = p[4];
	if ((b & 0x80) || ((b & 0x78) != 0 && (b & 0x78) != 0x78))
		return 0;
	*out = (int32_t)(v | (uint32_t)b << 28);
	return 5;
}

#endif /* WASM_LEB128_H */
