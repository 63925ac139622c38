/*
 * wasm/simd_lanes.h - building, taking apart and rearranging v128 values:
 * splat, extract_lane, replace_lane, shuffle, swizzle, and the bitwise
 * operations (see wasm/simd.h).
 */
#ifndef WASM_SIMD_LANES_H
#define WASM_SIMD_LANES_H

#include "wasm/simd_types.h"

static inline union wasm_v128 wasm_i8x16_splat(uint32_t x)
{
	return WASM_V128_FROM(u8, (wasm_vu8){0} + (uint8_t)x);
}

static inline union wasm_v128 wasm_i16x8_splat(uint32_t x)
{
	return WASM_V128_FROM(u16, (wasm_vu16){0} + (uint16_t)x);
}

static inline union wasm_v128 wasm_i32x4_splat(uint32_t x)
{
	return WASM_V128_FROM(u32, (wasm_vu32){0} + x);
}

static inline union wasm_v128 wasm_i64x2_splat(uint64_t x)
{
	union wasm_v128 r;
	r.u64[0] = x;
	r.u64[1] = x;
	return r;
}

static inline union wasm_v128 wasm_f32x4_splat(float x)
{
	return wasm_i32x4_splat(wasm_f32_bits(x));
}

static inline union wasm_v128 wasm_f64x2_splat(double x)
{
	return wasm_i64x2_splat(wasm_f64_bits(x));
}

static inline int32_t wasm_i8x16_extract_lane_s(union wasm_v128 v,
						unsigned lane)
{
	return v.i8[lane & 15];
}
static inline uint32_t wasm_i8x16_extract_lane_u(union wasm_v128 v,
						 unsigned lane)
{
	return v.u8[lane & 15];
}
static inline int32_t wasm_i16x8_extract_lane_s(union wasm_v128 v,
						unsigned lane)
{
	return v.i16[lane & 7];
}
static inline uint32_t wasm_i16x8_extract_lane_u(union wasm_v128 v,
						 unsigned lane)
{
	return v.u16[lane & 7];
}
static inline uint32_t wasm_i32x4_extract_lane(union wasm_v128 v, unsigned lane)
{
	return v.u32[lane & 3];
}
static inline uint64_t wasm_i64x2_extract_lane(union wasm_v128 v, unsigned lane)
{
	return v.u64[lane & 1];
}
static inline float wasm_f32x4_extract_lane(union wasm_v128 v, unsigned lane)
{
	return wasm_f32_from_bits(v.u32[lane & 3]);
}
static inline double wasm_f64x2_extract_lane(union wasm_v128 v, unsigned lane)
{
	return wasm_f64_from_bits(v.u64[lane & 1]);
}

static inline union wasm_v128 wasm_i8x16_replace_lane(union wasm_v128 v,
						      unsigned lane, uint32_t x)
{
	v.u8[lane & 15] = (uint8_t)x;
	return v;
}

static inline union wasm_v128 wasm_i16x8_replace_lane(union wasm_v128 v,
						      unsigned lane, uint32_t x)
{
	v.u16[lane & 7] = (uint16_t)x;
	return v;
}

static inline union wasm_v128 wasm_i32x4_replace_lane(union wasm_v128 v,
						      unsigned lane, uint32_t x)
{
	v.u32[lane & 3] = x;
	return v;
}

static inline union wasm_v128 wasm_i64x2_replace_lane(union wasm_v128 v,
						      unsigned lane, uint64_t x)
{
	v.u64[lane & 1] = x;
	return v;
}

static inline union wasm_v128 wasm_f32x4_replace_lane(union wasm_v128 v,
						      unsigned lane, float x)
{
	v.u32[lane & 3] = wasm_f32_bits(x);
	return v;
}

static inline union wasm_v128 wasm_f64x2_replace_lane(union wasm_v128 v,
						      unsigned lane, double x)
{
	v.u64[lane & 1] = wasm_f64_bits(x);
	return v;
}

/* i8x16.shuffle: lanes[i] < 32 picks byte lanes[i] of a:b (a first). */
static inline union wasm_v128 wasm_i8x16_shuffle(union wasm_v128 a,
						 union wasm_v128 b,
						 const uint8_t lanes[16])
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++) {
		unsigned l = lanes[i] & 31u;
		r.u8[i] = l < 16 ? a.u8[l] : b.u8[l & 15];
	}
	return r;
}

/* i8x16.swizzle: indices >= 16 give 0. */
static inline union wasm_v128 wasm_i8x16_swizzle(union wasm_v128 a,
						 union wasm_v128 s)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = s.u8[i] < 16 ? a.u8[s.u8[i] & 15] : 0;
	return r;
}

/* ---- bitwise
 * ------------------------------------------------------------------- */

static inline union wasm_v128 wasm_v128_not(union wasm_v128 a)
{
	return WASM_V128_FROM(u64, ~WASM_V128_AS(u64, a));
}

WASM_SIMD_BINOP(wasm_v128_and, u64, &)
WASM_SIMD_BINOP(wasm_v128_or, u64, |)
WASM_SIMD_BINOP(wasm_v128_xor, u64, ^)

static inline union wasm_v128 wasm_v128_andnot(union wasm_v128 a,
					       union wasm_v128 b)
{
	return WASM_V128_FROM(u64,
			      WASM_V128_AS(u64, a) & ~WASM_V128_AS(u64, b));
}

/* v128.bitselect(a, b, c): bits of a where c is 1, of b where c is 0. */
static inline union wasm_v128
wasm_v128_bitselect(union wasm_v128 a, union wasm_v128 b, union wasm_v128 c)
{
	wasm_vu64 m = WASM_V128_AS(u64, c);
	return WASM_V128_FROM(u64, (WASM_V128_AS(u64, a) & m) |
					   (WASM_V128_AS(u64, b) & ~m));
}

static inline bool wasm_v128_any_true(union wasm_v128 a)
{
	return (a.u64[0] | a.u64[1]) != 0;
}

#endif /* WASM_SIMD_LANES_H */
