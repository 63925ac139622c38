/*
 * wasm/simd_relaxed.h - relaxed SIMD (WebAssembly 3.0) with one
 * deterministic choice per instruction (see wasm/simd.h and the table in
 * docs/wasm-engine.md).
 *
 * The proposal lets each relaxed instruction return any of a few results
 * (those of the fast instructions of common hardware).  Tessera picks,
 * for every one, the result of the deterministic 2.0 instruction it
 * relaxes, so a program computes the same bits on the host, in the
 * kernel on riscv64 and in any later compiler tier:
 *   relaxed_swizzle         = i8x16.swizzle (index >= 16 gives 0)
 *   relaxed_trunc*          = the trunc_sat instruction (NaN gives 0,
 *                             out of range saturates)
 *   relaxed_madd/nmadd      = unfused: round(a * b), then round(+- p + c)
 *   relaxed_laneselect      = v128.bitselect (every mask bit selects)
 *   relaxed_min/max         = f32x4/f64x2.min/max (NaN canonical, -0 < +0)
 *   relaxed_q15mulr_s       = i16x8.q15mulr_sat_s (saturating)
 *   relaxed_dot_i8x16_i7x16 = b's lanes signed; i16 pair sums wrap, the
 *                             _add_s form adds the pairs of those i16
 *                             sums (as i32) and then c
 */
#ifndef WASM_SIMD_RELAXED_H
#define WASM_SIMD_RELAXED_H

#include "wasm/simd_float.h"
#include "wasm/simd_lanes.h"
#include "wasm/simd_widen.h"

static inline union wasm_v128 wasm_i8x16_relaxed_swizzle(union wasm_v128 a,
							 union wasm_v128 s)
{
	return wasm_i8x16_swizzle(a, s);
}

static inline union wasm_v128
wasm_i32x4_relaxed_trunc_f32x4_s(union wasm_v128 a)
{
	return wasm_i32x4_trunc_sat_f32x4_s(a);
}

static inline union wasm_v128
wasm_i32x4_relaxed_trunc_f32x4_u(union wasm_v128 a)
{
	return wasm_i32x4_trunc_sat_f32x4_u(a);
}

static inline union wasm_v128
wasm_i32x4_relaxed_trunc_f64x2_s_zero(union wasm_v128 a)
{
	return wasm_i32x4_trunc_sat_f64x2_s_zero(a);
}

static inline union wasm_v128
wasm_i32x4_relaxed_trunc_f64x2_u_zero(union wasm_v128 a)
{
	return wasm_i32x4_trunc_sat_f64x2_u_zero(a);
}

/*
 * madd/nmadd, unfused: the product is rounded in a statement of its own,
 * so that no compiler contracts it with the addition into an fma (clang
 * contracts within one expression by default; gcc does not in ISO C
 * mode, which every build of wasm/ uses).
 */
#define WASM_SIMD_RELAXED_MADD(shape, f)                                       \
	static inline union wasm_v128 wasm_##shape##_relaxed_madd(             \
		union wasm_v128 a, union wasm_v128 b, union wasm_v128 c)       \
	{                                                                      \
		wasm_v##f p = WASM_V128_AS(f, a) * WASM_V128_AS(f, b);         \
		return WASM_V128_FROM(f, p + WASM_V128_AS(f, c));              \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_relaxed_nmadd(            \
		union wasm_v128 a, union wasm_v128 b, union wasm_v128 c)       \
	{                                                                      \
		wasm_v##f p = WASM_V128_AS(f, a) * WASM_V128_AS(f, b);         \
		return WASM_V128_FROM(f, WASM_V128_AS(f, c) - p);              \
	}

WASM_SIMD_RELAXED_MADD(f32x4, f32)
WASM_SIMD_RELAXED_MADD(f64x2, f64)

/* laneselect: every shape is bitselect(a, b, mask). */
#define WASM_SIMD_RELAXED_LANESELECT(shape)                                    \
	static inline union wasm_v128 wasm_##shape##_relaxed_laneselect(       \
		union wasm_v128 a, union wasm_v128 b, union wasm_v128 m)       \
	{                                                                      \
		return wasm_v128_bitselect(a, b, m);                           \
	}

WASM_SIMD_RELAXED_LANESELECT(i8x16)
WASM_SIMD_RELAXED_LANESELECT(i16x8)
WASM_SIMD_RELAXED_LANESELECT(i32x4)
WASM_SIMD_RELAXED_LANESELECT(i64x2)

#define WASM_SIMD_RELAXED_MINMAX(shape)                                        \
	static inline union wasm_v128 wasm_##shape##_relaxed_min(              \
		union wasm_v128 a, union wasm_v128 b)                          \
	{                                                                      \
		return wasm_##shape##_min(a, b);                               \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_relaxed_max(              \
		union wasm_v128 a, union wasm_v128 b)                          \
	{                                                                      \
		return wasm_##shape##_max(a, b);                               \
	}

WASM_SIMD_RELAXED_MINMAX(f32x4)
WASM_SIMD_RELAXED_MINMAX(f64x2)

static inline union wasm_v128 wasm_i16x8_relaxed_q15mulr_s(union wasm_v128 a,
							   union wasm_v128 b)
{
	return wasm_i16x8_q15mulr_sat_s(a, b);
}

/* Adjacent products of signed bytes summed into i16 lanes (wrapping). */
static inline union wasm_v128
wasm_i16x8_relaxed_dot_i8x16_i7x16_s(union wasm_v128 a, union wasm_v128 b)
{
	wasm_vi16x16 x =
		__builtin_convertvector(WASM_V128_AS(i8, a), wasm_vi16x16);
	wasm_vi16x16 y =
		__builtin_convertvector(WASM_V128_AS(i8, b), wasm_vi16x16);
	wasm_vi16x16 p = x * y; /* |p| <= 2^14 */
	wasm_vu16 ev = (wasm_vu16)__builtin_shufflevector(p, p, 0, 2, 4, 6, 8,
							  10, 12, 14);
	wasm_vu16 od = (wasm_vu16)__builtin_shufflevector(p, p, 1, 3, 5, 7, 9,
							  11, 13, 15);
	return WASM_V128_FROM(u16, ev + od);
}

static inline union wasm_v128
wasm_i32x4_relaxed_dot_i8x16_i7x16_add_s(union wasm_v128 a, union wasm_v128 b,
					 union wasm_v128 c)
{
	union wasm_v128 d = wasm_i16x8_relaxed_dot_i8x16_i7x16_s(a, b);
	union wasm_v128 s = wasm_i32x4_extadd_pairwise_i16x8_s(d);
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, s) + WASM_V128_AS(u32, c));
}

#endif /* WASM_SIMD_RELAXED_H */
