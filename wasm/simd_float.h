/*
 * wasm/simd_float.h - the f32x4 and f64x2 lane operations and the
 * conversions between float and integer lanes (see wasm/simd.h).
 *
 * As in wasm/num.h: arithmetic uses the hardware, min/max give the
 * canonical NaN, abs/neg are bit operations, rounding quiets NaNs,
 * pmin/pmax return an operand's exact bits.  The operations of both
 * shapes are written once, as WASM_SIMD_FLOAT_OPS over the shape.
 */
#ifndef WASM_SIMD_FLOAT_H
#define WASM_SIMD_FLOAT_H

#include "wasm/simd_types.h"

/*
 * WASM_SIMD_FLOAT_OPS(shape, u, f, i, P, small, inf, magic, sqrtv, sqrt1)
 * defines the operations of shape (f32x4): u/f/i its unsigned, float and
 * signed integer lane types (u32, f32, i32), P the wasm/num.h constant
 * prefix (WASM_F32_SIGN ...), small the magnitude bits from which every
 * value is integral (2^23), inf those of infinity, magic the float 2^23,
 * sqrtv the x86 SSE2 vector square root and sqrt1 the scalar one.
 *
 * Rounding as in wasm/num.h, lane-parallel: lanes below `small` go
 * through the integer conversion (others are zeroed first so that it is
 * defined), the rest are integral already or NaNs to quiet.
 */
#if defined(__x86_64__) && defined(__SSE2__)
#define WASM_SIMD_SQRT(shape, u, f, sqrtv, sqrt1)                              \
	static inline union wasm_v128 wasm_##shape##_sqrt(union wasm_v128 a)   \
	{                                                                      \
		return WASM_V128_FROM(f, sqrtv(WASM_V128_AS(f, a)));           \
	}
#else
#define WASM_SIMD_SQRT(shape, u, f, sqrtv, sqrt1)                              \
	static inline union wasm_v128 wasm_##shape##_sqrt(union wasm_v128 a)   \
	{                                                                      \
		union wasm_v128 r;                                             \
		for (int k = 0; k < (int)(16 / sizeof(a.f[0])); k++)           \
			r.f[k] = sqrt1(a.f[k]);                                \
		return r;                                                      \
	}
#endif

#define WASM_SIMD_FLOAT_OPS(shape, u, f, i, P, small, inf, magic, sqrtv,       \
			    sqrt1)                                             \
	static inline union wasm_v128 wasm_##shape##_abs(union wasm_v128 a)    \
	{                                                                      \
		return WASM_V128_FROM(u, WASM_V128_AS(u, a) & ~P##_SIGN);      \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_neg(union wasm_v128 a)    \
	{                                                                      \
		return WASM_V128_FROM(u, WASM_V128_AS(u, a) ^ P##_SIGN);       \
	}                                                                      \
	WASM_SIMD_BINOP(wasm_##shape##_add, f, +)                              \
	WASM_SIMD_BINOP(wasm_##shape##_sub, f, -)                              \
	WASM_SIMD_BINOP(wasm_##shape##_mul, f, *)                              \
	WASM_SIMD_BINOP(wasm_##shape##_div, f, /)                              \
	WASM_SIMD_SQRT(shape, u, f, sqrtv, sqrt1)                              \
	/* min/max: -0 < +0; any NaN operand gives the canonical NaN */        \
	static inline union wasm_v128 wasm_##shape##_min(union wasm_v128 a,    \
							 union wasm_v128 b)    \
	{                                                                      \
		wasm_v##f x = WASM_V128_AS(f, a), y = WASM_V128_AS(f, b);      \
		wasm_v##u ux = WASM_V128_AS(u, a), uy = WASM_V128_AS(u, b);    \
		wasm_v##u mx = (wasm_v##u)(x < y), my = (wasm_v##u)(y < x);    \
		wasm_v##u nan = (wasm_v##u)(x != x) | (wasm_v##u)(y != y);     \
		wasm_v##u r =                                                  \
			(ux & mx) | (uy & my) | ((ux | uy) & ~(mx | my));      \
		return WASM_V128_FROM(u, (r & ~nan) | (P##_CANON_NAN & nan));  \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_max(union wasm_v128 a,    \
							 union wasm_v128 b)    \
	{                                                                      \
		wasm_v##f x = WASM_V128_AS(f, a), y = WASM_V128_AS(f, b);      \
		wasm_v##u ux = WASM_V128_AS(u, a), uy = WASM_V128_AS(u, b);    \
		wasm_v##u mx = (wasm_v##u)(x > y), my = (wasm_v##u)(y > x);    \
		wasm_v##u nan = (wasm_v##u)(x != x) | (wasm_v##u)(y != y);     \
		wasm_v##u r =                                                  \
			(ux & mx) | (uy & my) | ((ux & uy) & ~(mx | my));      \
		return WASM_V128_FROM(u, (r & ~nan) | (P##_CANON_NAN & nan));  \
	}                                                                      \
	/* pmin/pmax: b < a ? b : a (resp. a < b ? b : a), operand bits kept   \
	 */                                                                    \
	static inline union wasm_v128 wasm_##shape##_pmin(union wasm_v128 a,   \
							  union wasm_v128 b)   \
	{                                                                      \
		wasm_v##f x = WASM_V128_AS(f, a), y = WASM_V128_AS(f, b);      \
		wasm_v##u m = (wasm_v##u)(y < x);                              \
		return WASM_V128_FROM(u, (WASM_V128_AS(u, b) & m) |            \
						 (WASM_V128_AS(u, a) & ~m));   \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_pmax(union wasm_v128 a,   \
							  union wasm_v128 b)   \
	{                                                                      \
		wasm_v##f x = WASM_V128_AS(f, a), y = WASM_V128_AS(f, b);      \
		wasm_v##u m = (wasm_v##u)(x < y);                              \
		return WASM_V128_FROM(u, (WASM_V128_AS(u, b) & m) |            \
						 (WASM_V128_AS(u, a) & ~m));   \
	}                                                                      \
	static inline wasm_v##u wasm_##shape##_trunc_bits(wasm_v##u x,         \
							  wasm_v##u small_)    \
	{                                                                      \
		wasm_v##f in;                                                  \
		wasm_v##u m = x & ~P##_SIGN, t;                                \
		wasm_v##u in_bits = x & small_;                                \
		__builtin_memcpy(&in, &in_bits, 16);                           \
		wasm_v##f fl = __builtin_convertvector(                        \
			__builtin_convertvector(in, wasm_v##i), wasm_v##f);    \
		__builtin_memcpy(&t, &fl, 16);                                 \
		t |= x & P##_SIGN;                                             \
		wasm_v##u nan = (wasm_v##u)(m > (inf));                        \
		return (t & small_) | ((x | (nan & P##_QUIET_BIT)) & ~small_); \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_trunc(union wasm_v128 a)  \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a);                              \
		wasm_v##u s = (wasm_v##u)((x & ~P##_SIGN) < (small));          \
		return WASM_V128_FROM(u, wasm_##shape##_trunc_bits(x, s));     \
	}                                                                      \
	/* floor/ceil: the truncation, one lower/higher where it moved up/down \
	 */                                                                    \
	static inline union wasm_v128 wasm_##shape##_step(union wasm_v128 a,   \
							  bool up)             \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), t, s;                        \
		wasm_v##u sm = (wasm_v##u)((x & ~P##_SIGN) < (small));         \
		wasm_v##f ft, fs, v = WASM_V128_AS(f, a);                      \
		t = wasm_##shape##_trunc_bits(x, sm);                          \
		__builtin_memcpy(&ft, &t, 16);                                 \
		wasm_v##u adj =                                                \
			up ? (wasm_v##u)(ft < v) : (wasm_v##u)(ft > v);        \
		fs = up ? ft + 1 : ft - 1;                                     \
		__builtin_memcpy(&s, &fs, 16);                                 \
		return WASM_V128_FROM(u, (s & adj) | (t & ~adj));              \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_floor(union wasm_v128 a)  \
	{                                                                      \
		return wasm_##shape##_step(a, false);                          \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_ceil(union wasm_v128 a)   \
	{                                                                      \
		return wasm_##shape##_step(a, true);                           \
	}                                                                      \
	/* round half to even: adding and removing 2^23 (2^52) */              \
	static inline union wasm_v128 wasm_##shape##_nearest(                  \
		union wasm_v128 a)                                             \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), m = x & ~P##_SIGN, t;        \
		wasm_v##u sm = (wasm_v##u)(m < (small));                       \
		wasm_v##u nan = (wasm_v##u)(m > (inf));                        \
		wasm_v##f v;                                                   \
		__builtin_memcpy(&v, &m, 16);                                  \
		v = (v + (magic)) - (magic);                                   \
		__builtin_memcpy(&t, &v, 16);                                  \
		t |= x & P##_SIGN;                                             \
		return WASM_V128_FROM(                                         \
			u, (t & sm) | ((x | (nan & P##_QUIET_BIT)) & ~sm));    \
	}                                                                      \
	WASM_SIMD_CMP(wasm_##shape##_eq, u, f, ==)                             \
	WASM_SIMD_CMP(wasm_##shape##_ne, u, f, !=)                             \
	WASM_SIMD_CMP(wasm_##shape##_lt, u, f, <)                              \
	WASM_SIMD_CMP(wasm_##shape##_gt, u, f, >)                              \
	WASM_SIMD_CMP(wasm_##shape##_le, u, f, <=)                             \
	WASM_SIMD_CMP(wasm_##shape##_ge, u, f, >=)

WASM_SIMD_FLOAT_OPS(f32x4, u32, f32, i32, WASM_F32, UINT32_C(0x4b000000),
		    UINT32_C(0x7f800000), 0x1p23f, __builtin_ia32_sqrtps,
		    wasm_f32_sqrt)
WASM_SIMD_FLOAT_OPS(f64x2, u64, f64, i64, WASM_F64,
		    UINT64_C(0x4330000000000000), UINT64_C(0x7ff0000000000000),
		    0x1p52, __builtin_ia32_sqrtpd, wasm_f64_sqrt)

/* ---- conversions
 * ------------------------------------------------------------------------ */

static inline union wasm_v128 wasm_i32x4_trunc_sat_f32x4_s(union wasm_v128 a)
{
	wasm_vf32 x = WASM_V128_AS(f32, a), in;
	wasm_vi32 ok = (x >= -0x1p31f) & (x < 0x1p31f);
	wasm_vi32 in_bits = WASM_V128_AS(i32, a) & ok;
	__builtin_memcpy(&in, &in_bits, 16);
	wasm_vi32 r = __builtin_convertvector(in, wasm_vi32);
	return WASM_V128_FROM(i32, r | ((x >= 0x1p31f) & INT32_MAX) |
					   ((x < -0x1p31f) & INT32_MIN));
}

static inline union wasm_v128 wasm_i32x4_trunc_sat_f32x4_u(union wasm_v128 a)
{
	wasm_vf32 x = WASM_V128_AS(f32, a), in;
	wasm_vu32 ok = (wasm_vu32)((x > -1.0f) & (x < 0x1p32f));
	wasm_vu32 in_bits = WASM_V128_AS(u32, a) & ok;
	__builtin_memcpy(&in, &in_bits, 16);
	wasm_vu32 r = __builtin_convertvector(in, wasm_vu32);
	return WASM_V128_FROM(u32, r | (wasm_vu32)(x >= 0x1p32f));
}

static inline union wasm_v128 wasm_f32x4_convert_i32x4_s(union wasm_v128 a)
{
	return WASM_V128_FROM(
		f32, __builtin_convertvector(WASM_V128_AS(i32, a), wasm_vf32));
}

static inline union wasm_v128 wasm_f32x4_convert_i32x4_u(union wasm_v128 a)
{
	return WASM_V128_FROM(
		f32, __builtin_convertvector(WASM_V128_AS(u32, a), wasm_vf32));
}

static inline union wasm_v128
wasm_i32x4_trunc_sat_f64x2_s_zero(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i32[i] = wasm_i32_trunc_sat_f64_s(a.f64[i]);
	r.u64[1] = 0;
	return r;
}

static inline union wasm_v128
wasm_i32x4_trunc_sat_f64x2_u_zero(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u32[i] = wasm_i32_trunc_sat_f64_u(a.f64[i]);
	r.u64[1] = 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_convert_low_i32x4_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = (double)a.i32[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_convert_low_i32x4_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = (double)a.u32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_demote_f64x2_zero(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f32[i] = (float)a.f64[i];
	r.u64[1] = 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_promote_low_f32x4(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = (double)a.f32[i];
	return r;
}

#endif /* WASM_SIMD_FLOAT_H */
