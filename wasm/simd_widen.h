/*
 * wasm/simd_widen.h - integer lane operations that change the lane width
 * (see wasm/simd.h): narrow, extend, extmul, extadd_pairwise, q15mulr_sat,
 * dot; and popcnt.
 *
 * The shape-generic ones are macros instantiated per shape below.  Lane
 * index lists (for __builtin_shufflevector) are spelled out at each
 * instantiation.
 */
#ifndef WASM_SIMD_WIDEN_H
#define WASM_SIMD_WIDEN_H

#include "wasm/simd_int.h"

static inline union wasm_v128 wasm_i8x16_popcnt(union wasm_v128 a)
{
	wasm_vu8 x = WASM_V128_AS(u8, a);
	x = x - ((x >> 1) & 0x55);
	x = (x & 0x33) + ((x >> 2) & 0x33);
	return WASM_V128_FROM(u8, (x + (x >> 4)) & 0x0f);
}

/*
 * narrow: lanes of a then of b, saturated to [lo, hi] (the _u forms read
 * signed input); w is the signed wide lane type, n the unsigned narrow one,
 * and the indices pick the low half of every wide lane of x:y.
 */
#define WASM_SIMD_NARROW(name, w, n, lo, hi, ...)                              \
	static inline union wasm_v128 name(union wasm_v128 a,                  \
					   union wasm_v128 b)                  \
	{                                                                      \
		wasm_v##w x = WASM_V128_AS(w, a), y = WASM_V128_AS(w, b);      \
		wasm_v##w ux = x<(lo), ox = x>(hi), uy = y<(lo), oy = y>(hi);  \
		x = (x & ~(ux | ox)) | ((lo)&ux) | ((hi)&ox);                  \
		y = (y & ~(uy | oy)) | ((lo)&uy) | ((hi)&oy);                  \
		/* clamped: the low half of each lane is the result */         \
		return WASM_V128_FROM(                                         \
			n, __builtin_shufflevector((wasm_v##n)x, (wasm_v##n)y, \
						   __VA_ARGS__));              \
	}

#define WASM_SIMD_EVEN_8  0, 2, 4, 6, 8, 10, 12, 14
#define WASM_SIMD_EVEN_16 WASM_SIMD_EVEN_8, 16, 18, 20, 22, 24, 26, 28, 30
WASM_SIMD_NARROW(wasm_i8x16_narrow_i16x8_s, i16, u8, -128, 127,
		 WASM_SIMD_EVEN_16)
WASM_SIMD_NARROW(wasm_i8x16_narrow_i16x8_u, i16, u8, 0, 255, WASM_SIMD_EVEN_16)
WASM_SIMD_NARROW(wasm_i16x8_narrow_i32x4_s, i32, u16, -32768, 32767,
		 WASM_SIMD_EVEN_8)
WASM_SIMD_NARROW(wasm_i16x8_narrow_i32x4_u, i32, u16, 0, 65535,
		 WASM_SIMD_EVEN_8)
#undef WASM_SIMD_EVEN_16
#undef WASM_SIMD_EVEN_8

/*
 * extend: widen the low or high half of the lanes.  _s: the half (picked
 * by the indices, of vector type half) converted to the wide type w.  _u:
 * the narrow lanes (type n) interleaved with a zero vector, the indices
 * alternating a lane and zero: clang 14 miscompiles zero-extending vector
 * conversions for riscv64 without the V extension (the upper half of the
 * result is lost), and on x86 this is one punpckl/h.
 */
#define WASM_SIMD_EXTEND_S(name, n, w, half, ...)                              \
	static inline union wasm_v128 name(union wasm_v128 a)                  \
	{                                                                      \
		wasm_v##n x = WASM_V128_AS(n, a);                              \
		half h = __builtin_shufflevector(x, x, __VA_ARGS__);           \
		return WASM_V128_FROM(w,                                       \
				      __builtin_convertvector(h, wasm_v##w));  \
	}

#define WASM_SIMD_EXTEND_U(name, n, w, ...)                                    \
	static inline union wasm_v128 name(union wasm_v128 a)                  \
	{                                                                      \
		wasm_v##n x = WASM_V128_AS(n, a);                              \
		return WASM_V128_FROM(                                         \
			w, (wasm_v##w)__builtin_shufflevector(                 \
				   x, (wasm_v##n){0}, __VA_ARGS__));           \
	}

WASM_SIMD_EXTEND_S(wasm_i16x8_extend_low_i8x16_s, i8, i16, wasm_vi8x8, 0, 1, 2,
		   3, 4, 5, 6, 7)
WASM_SIMD_EXTEND_S(wasm_i16x8_extend_high_i8x16_s, i8, i16, wasm_vi8x8, 8, 9,
		   10, 11, 12, 13, 14, 15)
WASM_SIMD_EXTEND_U(wasm_i16x8_extend_low_i8x16_u, u8, u16, 0, 16, 1, 16, 2, 16,
		   3, 16, 4, 16, 5, 16, 6, 16, 7, 16)
WASM_SIMD_EXTEND_U(wasm_i16x8_extend_high_i8x16_u, u8, u16, 8, 16, 9, 16, 10,
		   16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16)
WASM_SIMD_EXTEND_S(wasm_i32x4_extend_low_i16x8_s, i16, i32, wasm_vi16x4, 0, 1,
		   2, 3)
WASM_SIMD_EXTEND_S(wasm_i32x4_extend_high_i16x8_s, i16, i32, wasm_vi16x4, 4, 5,
		   6, 7)
WASM_SIMD_EXTEND_U(wasm_i32x4_extend_low_i16x8_u, u16, u32, 0, 8, 1, 8, 2, 8, 3,
		   8)
WASM_SIMD_EXTEND_U(wasm_i32x4_extend_high_i16x8_u, u16, u32, 4, 8, 5, 8, 6, 8,
		   7, 8)
WASM_SIMD_EXTEND_S(wasm_i64x2_extend_low_i32x4_s, i32, i64, wasm_vi32x2, 0, 1)
WASM_SIMD_EXTEND_S(wasm_i64x2_extend_high_i32x4_s, i32, i64, wasm_vi32x2, 2, 3)
WASM_SIMD_EXTEND_U(wasm_i64x2_extend_low_i32x4_u, u32, u64, 0, 4, 1, 4)
WASM_SIMD_EXTEND_U(wasm_i64x2_extend_high_i32x4_u, u32, u64, 2, 4, 3, 4)

/* extmul: the wrapping product of the extended halves, which cannot
 * overflow the wide lane. */
#define WASM_SIMD_EXTMUL(wshape, half, nshape, s)                              \
	static inline union wasm_v128                                          \
		wasm_##wshape##_extmul_##half##_##nshape##_##s(                \
			union wasm_v128 a, union wasm_v128 b)                  \
	{                                                                      \
		return wasm_##wshape##_mul(                                    \
			wasm_##wshape##_extend_##half##_##nshape##_##s(a),     \
			wasm_##wshape##_extend_##half##_##nshape##_##s(b));    \
	}

#define WASM_SIMD_EXTMULS(wshape, nshape)                                      \
	WASM_SIMD_EXTMUL(wshape, low, nshape, s)                               \
	WASM_SIMD_EXTMUL(wshape, low, nshape, u)                               \
	WASM_SIMD_EXTMUL(wshape, high, nshape, s)                              \
	WASM_SIMD_EXTMUL(wshape, high, nshape, u)

WASM_SIMD_EXTMULS(i16x8, i8x16)
WASM_SIMD_EXTMULS(i32x4, i16x8)
WASM_SIMD_EXTMULS(i64x2, i32x4)

/*
 * extadd_pairwise: the sum of adjacent lanes, widened; computed in the
 * wide lanes (types wu/wi, half the width: half bits): _s adds the low
 * half sign-extended and the high half, _u the two halves.
 */
#define WASM_SIMD_EXTADD(wshape, nshape, wu, wi, half)                         \
	static inline union wasm_v128                                          \
		wasm_##wshape##_extadd_pairwise_##nshape##_s(                  \
			union wasm_v128 a)                                     \
	{                                                                      \
		wasm_v##wi x = WASM_V128_AS(wi, a);                            \
		return WASM_V128_FROM(                                         \
			wi,                                                    \
			((wasm_v##wi)((wasm_v##wu)x << (half)) >> (half)) +    \
				(x >> (half)));                                \
	}                                                                      \
	static inline union wasm_v128                                          \
		wasm_##wshape##_extadd_pairwise_##nshape##_u(                  \
			union wasm_v128 a)                                     \
	{                                                                      \
		wasm_v##wu x = WASM_V128_AS(wu, a);                            \
		return WASM_V128_FROM(wu, (x & ((1u << (half)) - 1)) +         \
						  (x >> (half)));              \
	}

WASM_SIMD_EXTADD(i16x8, i8x16, u16, i16, 8)
WASM_SIMD_EXTADD(i32x4, i16x8, u32, i32, 16)

/* Q15 rounding multiply; only -32768 * -32768 saturates. */
static inline union wasm_v128 wasm_i16x8_q15mulr_sat_s(union wasm_v128 a,
						       union wasm_v128 b)
{
	wasm_vi32x8 x =
		__builtin_convertvector(WASM_V128_AS(i16, a), wasm_vi32x8);
	wasm_vi32x8 y =
		__builtin_convertvector(WASM_V128_AS(i16, b), wasm_vi32x8);
	wasm_vi32x8 p = (x * y + 0x4000) >> 15;
	wasm_vi32x8 hi = p > 32767;
	p = (p & ~hi) | (32767 & hi);
	return WASM_V128_FROM(i16, __builtin_convertvector(p, wasm_vi16));
}

/* Sum of adjacent products; the sum may wrap (2 * -32768 * -32768). */
static inline union wasm_v128 wasm_i32x4_dot_i16x8_s(union wasm_v128 a,
						     union wasm_v128 b)
{
	wasm_vi32x8 x =
		__builtin_convertvector(WASM_V128_AS(i16, a), wasm_vi32x8);
	wasm_vi32x8 y =
		__builtin_convertvector(WASM_V128_AS(i16, b), wasm_vi32x8);
	wasm_vi32x8 p = x * y; /* at most 2^30 */
	wasm_vu32 ev = (wasm_vu32)__builtin_shufflevector(p, p, 0, 2, 4, 6);
	wasm_vu32 od = (wasm_vu32)__builtin_shufflevector(p, p, 1, 3, 5, 7);
	return WASM_V128_FROM(u32, ev + od);
}

#endif /* WASM_SIMD_WIDEN_H */
