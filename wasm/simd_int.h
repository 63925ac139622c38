/*
 * wasm/simd_int.h - the integer lane operations that exist for several
 * lane shapes (see wasm/simd.h): compares, wrapping arithmetic, shifts,
 * all_true, bitmask, min/max, saturating add/sub, avgr_u.
 *
 * Each is written once as a macro over the lane shape and instantiated per
 * shape below; the instantiations list which instructions each shape has.
 * The names are those of the instructions (wasm_i8x16_add_sat_s ...).
 * Parameters: shape (i8x16 ...), u/i its unsigned/signed lane types
 * (u8/i8 ...), bits the lane width.
 */
#ifndef WASM_SIMD_INT_H
#define WASM_SIMD_INT_H

#include "wasm/simd_types.h"

/* ---- compares: all-ones lane when true --------------------------------- */

#define WASM_SIMD_ICMP_EQ(shape, u)                                            \
	WASM_SIMD_CMP(wasm_##shape##_eq, u, u, ==)                             \
	WASM_SIMD_CMP(wasm_##shape##_ne, u, u, !=)

#define WASM_SIMD_ICMP_S(shape, u, i)                                          \
	WASM_SIMD_CMP(wasm_##shape##_lt_s, u, i, <)                            \
	WASM_SIMD_CMP(wasm_##shape##_gt_s, u, i, >)                            \
	WASM_SIMD_CMP(wasm_##shape##_le_s, u, i, <=)                           \
	WASM_SIMD_CMP(wasm_##shape##_ge_s, u, i, >=)

#define WASM_SIMD_ICMP_U(shape, u)                                             \
	WASM_SIMD_CMP(wasm_##shape##_lt_u, u, u, <)                            \
	WASM_SIMD_CMP(wasm_##shape##_gt_u, u, u, >)                            \
	WASM_SIMD_CMP(wasm_##shape##_le_u, u, u, <=)                           \
	WASM_SIMD_CMP(wasm_##shape##_ge_u, u, u, >=)

WASM_SIMD_ICMP_EQ(i8x16, u8)
WASM_SIMD_ICMP_S(i8x16, u8, i8)
WASM_SIMD_ICMP_U(i8x16, u8)
WASM_SIMD_ICMP_EQ(i16x8, u16)
WASM_SIMD_ICMP_S(i16x8, u16, i16)
WASM_SIMD_ICMP_U(i16x8, u16)
WASM_SIMD_ICMP_EQ(i32x4, u32)
WASM_SIMD_ICMP_S(i32x4, u32, i32)
WASM_SIMD_ICMP_U(i32x4, u32)
WASM_SIMD_ICMP_EQ(i64x2, u64)
WASM_SIMD_ICMP_S(i64x2, u64, i64) /* i64x2 has no unsigned compares */

/* ---- abs, neg, add, sub, shifts, all_true (every shape) ------------------ */

#define WASM_SIMD_IARITH(shape, u, i, bits)                                    \
	static inline union wasm_v128 wasm_##shape##_abs(union wasm_v128 a)    \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a);                              \
		wasm_v##u m = (wasm_v##u)(WASM_V128_AS(i, a) >> ((bits)-1));   \
		return WASM_V128_FROM(u, (x ^ m) - m);                         \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_neg(union wasm_v128 a)    \
	{                                                                      \
		return WASM_V128_FROM(u, -WASM_V128_AS(u, a));                 \
	}                                                                      \
	WASM_SIMD_BINOP(wasm_##shape##_add, u, +)                              \
	WASM_SIMD_BINOP(wasm_##shape##_sub, u, -)                              \
	/* shift counts are taken modulo the lane width */                     \
	static inline union wasm_v128 wasm_##shape##_shl(union wasm_v128 a,    \
							 uint32_t n)           \
	{                                                                      \
		return WASM_V128_FROM(u, WASM_V128_AS(u, a)                    \
						 << (n & ((bits)-1)));         \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_shr_s(union wasm_v128 a,  \
							   uint32_t n)         \
	{                                                                      \
		return WASM_V128_FROM(i,                                       \
				      WASM_V128_AS(i, a) >> (n & ((bits)-1))); \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_shr_u(union wasm_v128 a,  \
							   uint32_t n)         \
	{                                                                      \
		return WASM_V128_FROM(u,                                       \
				      WASM_V128_AS(u, a) >> (n & ((bits)-1))); \
	}                                                                      \
	static inline bool wasm_##shape##_all_true(union wasm_v128 a)          \
	{                                                                      \
		wasm_v##u z = (wasm_v##u)(WASM_V128_AS(u, a) == 0);            \
		union wasm_v128 m = WASM_V128_FROM(u, z);                      \
		return (m.u64[0] | m.u64[1]) == 0;                             \
	}

WASM_SIMD_IARITH(i8x16, u8, i8, 8)
WASM_SIMD_IARITH(i16x8, u16, i16, 16)
WASM_SIMD_IARITH(i32x4, u32, i32, 32)
WASM_SIMD_IARITH(i64x2, u64, i64, 64)

/* i8x16 has no mul */
WASM_SIMD_BINOP(wasm_i16x8_mul, u16, *)
WASM_SIMD_BINOP(wasm_i32x4_mul, u32, *)
WASM_SIMD_BINOP(wasm_i64x2_mul, u64, *)

/* ---- bitmask: the lanes' top bits -------------------------------------- */

static inline uint32_t wasm_i8x16_bitmask(union wasm_v128 a)
{
	/* One bit per byte, gathered into the top byte by a multiply: byte i
	 * times 2^(56 - 7i) lands on bit 56 + i and no two products overlap. */
	union wasm_v128 m = WASM_V128_FROM(u8, WASM_V128_AS(u8, a) >> 7);
	uint64_t lo = (m.u64[0] * UINT64_C(0x0102040810204080)) >> 56;
	uint64_t hi = (m.u64[1] * UINT64_C(0x0102040810204080)) >> 56;
	return (uint32_t)(lo | hi << 8);
}

#define WASM_SIMD_BITMASK(shape, u, bits)                                      \
	static inline uint32_t wasm_##shape##_bitmask(union wasm_v128 a)       \
	{                                                                      \
		uint32_t r = 0;                                                \
		for (int k = 0; k < 128 / (bits); k++)                         \
			r |= (uint32_t)(a.u[k] >> ((bits)-1)) << k;            \
		return r;                                                      \
	}

WASM_SIMD_BITMASK(i16x8, u16, 16)
WASM_SIMD_BITMASK(i32x4, u32, 32)
WASM_SIMD_BITMASK(i64x2, u64, 64)

/* ---- min/max (not i64x2) ------------------------------------------------- */

/* name(a, b): a where a op b holds (lanes compared as t), else b. */
#define WASM_SIMD_SELECT(name, u, t, op)                                       \
	static inline union wasm_v128 name(union wasm_v128 a,                  \
					   union wasm_v128 b)                  \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), y = WASM_V128_AS(u, b);      \
		wasm_v##u m =                                                  \
			(wasm_v##u)(WASM_V128_AS(t, a) op WASM_V128_AS(t, b)); \
		return WASM_V128_FROM(u, (x & m) | (y & ~m));                  \
	}

#define WASM_SIMD_MINMAX(shape, u, i)                                          \
	WASM_SIMD_SELECT(wasm_##shape##_min_s, u, i, <)                        \
	WASM_SIMD_SELECT(wasm_##shape##_min_u, u, u, <)                        \
	WASM_SIMD_SELECT(wasm_##shape##_max_s, u, i, >)                        \
	WASM_SIMD_SELECT(wasm_##shape##_max_u, u, u, >)

WASM_SIMD_MINMAX(i8x16, u8, i8)
WASM_SIMD_MINMAX(i16x8, u16, i16)
WASM_SIMD_MINMAX(i32x4, u32, i32)

/* ---- saturating add/sub, avgr_u (i8x16 and i16x8) ------------------------ */

/*
 * Signed: op is + or -; max the lane's largest value; wide a vector type
 * of 16 lanes twice as wide (clang); ovf, an expression of x, y and the
 * wrapped result r, has its sign bit set where the operation overflowed
 * (gcc).
 */
#if defined(__clang__)
/* clang turns the widened clamp into one instruction */
#define WASM_SIMD_SAT_S(name, u, i, bits, wide, op, max, ovf)                  \
	static inline union wasm_v128 name(union wasm_v128 a,                  \
					   union wasm_v128 b)                  \
	{                                                                      \
		wide lo, hi,                                                   \
			s = __builtin_convertvector(WASM_V128_AS(i, a), wide)  \
				op __builtin_convertvector(WASM_V128_AS(i, b), \
							   wide);              \
		lo = s < -(max)-1;                                             \
		hi = s > (max);                                                \
		s = (s & ~lo) | ((-(max)-1) & lo);                             \
		s = (s & ~hi) | ((max)&hi);                                    \
		return WASM_V128_FROM(i,                                       \
				      __builtin_convertvector(s, wasm_v##i));  \
	}
#else
/* gcc does better with the overflow test on the wrapped sum */
#define WASM_SIMD_SAT_S(name, u, i, bits, wide, op, max, ovf)                  \
	static inline union wasm_v128 name(union wasm_v128 a,                  \
					   union wasm_v128 b)                  \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), y = WASM_V128_AS(u, b),      \
			  r = x op y;                                          \
		wasm_v##u o = (wasm_v##u)((wasm_v##i)(ovf) < 0);               \
		wasm_v##u sat =                                                \
			(wasm_v##u)(WASM_V128_AS(i, a) >> ((bits)-1)) ^ (max); \
		return WASM_V128_FROM(u, (r & ~o) | (sat & o));                \
	}
#endif

#define WASM_SIMD_SAT(shape, u, i, bits, wide, max)                            \
	WASM_SIMD_SAT_S(wasm_##shape##_add_sat_s, u, i, bits, wide, +, max,    \
			(x ^ r) & (y ^ r))                                     \
	WASM_SIMD_SAT_S(wasm_##shape##_sub_sat_s, u, i, bits, wide, -, max,    \
			(x ^ y) & (x ^ r))                                     \
	static inline union wasm_v128 wasm_##shape##_add_sat_u(                \
		union wasm_v128 a, union wasm_v128 b)                          \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), r = x + WASM_V128_AS(u, b);  \
		return WASM_V128_FROM(u, r | (wasm_v##u)(r < x));              \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_sub_sat_u(                \
		union wasm_v128 a, union wasm_v128 b)                          \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), y = WASM_V128_AS(u, b);      \
		return WASM_V128_FROM(u, (x - y) & (wasm_v##u)(x >= y));       \
	}                                                                      \
	static inline union wasm_v128 wasm_##shape##_avgr_u(union wasm_v128 a, \
							    union wasm_v128 b) \
	{                                                                      \
		wasm_v##u x = WASM_V128_AS(u, a), y = WASM_V128_AS(u, b);      \
		return WASM_V128_FROM(u, (x | y) - ((x ^ y) >> 1));            \
	}

WASM_SIMD_SAT(i8x16, u8, i8, 8, wasm_vi16x16, 0x7f)
WASM_SIMD_SAT(i16x8, u16, i16, 16, wasm_vi32x8, 0x7fff)

#endif /* WASM_SIMD_INT_H */
