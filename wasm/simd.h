/*
 * wasm/simd.h - WebAssembly 2.0 SIMD (v128) semantics in portable C.
 *
 * One static inline function per SIMD instruction, named wasm_<instr> with
 * dots replaced by underscores (i8x16.add_sat_s -> wasm_i8x16_add_sat_s).
 * Lane operations are written with the GNU vector extensions (clang, gcc),
 * so that they become SSE instructions on the x86_64 host and straight-line
 * scalar code on riscv64.  Freestanding: no libm, no globals, no libcalls.
 *
 * Lane order is WebAssembly's: lane 0 is the lowest-addressed byte group,
 * which on a little-endian host is also element 0 of each array.
 *
 * Lane indices passed at run time (extract/replace_lane, shuffle, the
 * load/store_lane helpers) are validated immediates; they are masked to the
 * lane count anyway so that a bad index can never reach outside the value.
 *
 * Floating-point lanes follow wasm/num.h: arithmetic uses the hardware,
 * min/max give the canonical NaN, abs/neg are bit operations, rounding
 * quiets NaNs, pmin/pmax return an operand's exact bits.
 *
 * Memory helpers (wasm_v128_load*, wasm_v128_store*) do the lane logic of
 * the load/store instructions on an already bounds-checked byte pointer;
 * they make no alignment assumption.
 */
#ifndef WASM_SIMD_H
#define WASM_SIMD_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/num.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "wasm/simd.h assumes a little-endian host"
#endif

union wasm_v128 {
	uint8_t u8[16];
	int8_t i8[16];
	uint16_t u16[8];
	int16_t i16[8];
	uint32_t u32[4];
	int32_t i32[4];
	uint64_t u64[2];
	int64_t i64[2];
	float f32[4];
	double f64[2];
};

_Static_assert(sizeof(union wasm_v128) == 16, "v128 is 16 bytes");

/*
 * Lane arithmetic uses the GNU vector extensions (clang and gcc): the
 * union is copied into a vector type, so both compilers emit one SSE
 * instruction per operation on x86_64 where one exists, and plain scalar
 * code on riscv64.  Plain loops over the union's arrays vectorise poorly in
 * clang.  WASM_V128_AS(t, v) views v as a vector of lane type t, WASM_V128_FROM
 * goes back; both are register moves once inlined.
 */
typedef uint8_t wasm_vu8 __attribute__((vector_size(16)));
typedef int8_t wasm_vi8 __attribute__((vector_size(16)));
typedef uint16_t wasm_vu16 __attribute__((vector_size(16)));
typedef int16_t wasm_vi16 __attribute__((vector_size(16)));
typedef uint32_t wasm_vu32 __attribute__((vector_size(16)));
typedef int32_t wasm_vi32 __attribute__((vector_size(16)));
typedef uint64_t wasm_vu64 __attribute__((vector_size(16)));
typedef int64_t wasm_vi64 __attribute__((vector_size(16)));
typedef float wasm_vf32 __attribute__((vector_size(16)));
typedef double wasm_vf64 __attribute__((vector_size(16)));
/* Half and double width vectors, only ever used inside a function. */
typedef int8_t wasm_vi8x8 __attribute__((vector_size(8)));
typedef int16_t wasm_vi16x4 __attribute__((vector_size(8)));
typedef int32_t wasm_vi32x2 __attribute__((vector_size(8)));
typedef int16_t wasm_vi16x16 __attribute__((vector_size(32)));
typedef int32_t wasm_vi32x8 __attribute__((vector_size(32)));

#define WASM_V128_VIEW(t)                                                      \
	static inline wasm_v##t wasm_v128_as_##t(union wasm_v128 v)            \
	{                                                                      \
		wasm_v##t r;                                                   \
		__builtin_memcpy(&r, &v, 16);                                  \
		return r;                                                      \
	}                                                                      \
	static inline union wasm_v128 wasm_v128_from_##t(wasm_v##t x)          \
	{                                                                      \
		union wasm_v128 r;                                             \
		__builtin_memcpy(&r, &x, 16);                                  \
		return r;                                                      \
	}
WASM_V128_VIEW(u8)
WASM_V128_VIEW(i8)
WASM_V128_VIEW(u16)
WASM_V128_VIEW(i16)
WASM_V128_VIEW(u32)
WASM_V128_VIEW(i32)
WASM_V128_VIEW(u64)
WASM_V128_VIEW(i64)
WASM_V128_VIEW(f32)
WASM_V128_VIEW(f64)
#undef WASM_V128_VIEW
#define WASM_V128_AS(t, v)   wasm_v128_as_##t(v)
#define WASM_V128_FROM(t, x) wasm_v128_from_##t(x)

/* ---- memory helpers
 * ------------------------------------------------------------------------ */

/*
 * Unaligned little-endian access through aligned(1) types: one load on
 * x86_64, an inline byte sequence on riscv64 (a memcpy here would become a
 * call in the kernel, which is built with -fno-builtin).
 */
typedef uint16_t wasm_unaligned_u16 __attribute__((aligned(1), may_alias));
typedef uint32_t wasm_unaligned_u32 __attribute__((aligned(1), may_alias));
typedef uint64_t wasm_unaligned_u64 __attribute__((aligned(1), may_alias));

static inline uint16_t wasm_load_u16(const uint8_t *p)
{
	return *(const wasm_unaligned_u16 *)p;
}
static inline uint32_t wasm_load_u32(const uint8_t *p)
{
	return *(const wasm_unaligned_u32 *)p;
}
static inline uint64_t wasm_load_u64(const uint8_t *p)
{
	return *(const wasm_unaligned_u64 *)p;
}
static inline void wasm_store_u16(uint8_t *p, uint16_t x)
{
	*(wasm_unaligned_u16 *)p = x;
}
static inline void wasm_store_u32(uint8_t *p, uint32_t x)
{
	*(wasm_unaligned_u32 *)p = x;
}
static inline void wasm_store_u64(uint8_t *p, uint64_t x)
{
	*(wasm_unaligned_u64 *)p = x;
}

static inline union wasm_v128 wasm_v128_load(const uint8_t *p)
{
	union wasm_v128 r;
	r.u64[0] = wasm_load_u64(p);
	r.u64[1] = wasm_load_u64(p + 8);
	return r;
}

/* v128.const: the immediate's 16 bytes, little-endian. */
static inline union wasm_v128 wasm_v128_const(const uint8_t bytes[16])
{
	return wasm_v128_load(bytes);
}

static inline void wasm_v128_store(uint8_t *p, union wasm_v128 v)
{
	wasm_store_u64(p, v.u64[0]);
	wasm_store_u64(p + 8, v.u64[1]);
}

static inline union wasm_v128 wasm_v128_load8x8_s(const uint8_t *p)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = (int8_t)p[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load8x8_u(const uint8_t *p)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = p[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load16x4_s(const uint8_t *p)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = (int16_t)wasm_load_u16(p + 2 * i);
	return r;
}

static inline union wasm_v128 wasm_v128_load16x4_u(const uint8_t *p)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = wasm_load_u16(p + 2 * i);
	return r;
}

static inline union wasm_v128 wasm_v128_load32x2_s(const uint8_t *p)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i64[i] = (int32_t)wasm_load_u32(p + 4 * i);
	return r;
}

static inline union wasm_v128 wasm_v128_load32x2_u(const uint8_t *p)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = wasm_load_u32(p + 4 * i);
	return r;
}

static inline union wasm_v128 wasm_v128_load8_splat(const uint8_t *p)
{
	return WASM_V128_FROM(u8, (wasm_vu8){0} + p[0]);
}

static inline union wasm_v128 wasm_v128_load16_splat(const uint8_t *p)
{
	return WASM_V128_FROM(u16, (wasm_vu16){0} + wasm_load_u16(p));
}

static inline union wasm_v128 wasm_v128_load32_splat(const uint8_t *p)
{
	return WASM_V128_FROM(u32, (wasm_vu32){0} + wasm_load_u32(p));
}

static inline union wasm_v128 wasm_v128_load64_splat(const uint8_t *p)
{
	return WASM_V128_FROM(u64, (wasm_vu64){0} + wasm_load_u64(p));
}

static inline union wasm_v128 wasm_v128_load32_zero(const uint8_t *p)
{
	union wasm_v128 r;
	r.u64[0] = wasm_load_u32(p);
	r.u64[1] = 0;
	return r;
}

static inline union wasm_v128 wasm_v128_load64_zero(const uint8_t *p)
{
	union wasm_v128 r;
	r.u64[0] = wasm_load_u64(p);
	r.u64[1] = 0;
	return r;
}

/* load*_lane: v with lane `lane` replaced by the value at p. */
static inline union wasm_v128
wasm_v128_load8_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	v.u8[lane & 15] = p[0];
	return v;
}

static inline union wasm_v128
wasm_v128_load16_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	v.u16[lane & 7] = wasm_load_u16(p);
	return v;
}

static inline union wasm_v128
wasm_v128_load32_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	v.u32[lane & 3] = wasm_load_u32(p);
	return v;
}

static inline union wasm_v128
wasm_v128_load64_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	v.u64[lane & 1] = wasm_load_u64(p);
	return v;
}

/* store*_lane: writes lane `lane` of v to p. */
static inline void wasm_v128_store8_lane(uint8_t *p, union wasm_v128 v,
					 unsigned lane)
{
	p[0] = v.u8[lane & 15];
}

static inline void wasm_v128_store16_lane(uint8_t *p, union wasm_v128 v,
					  unsigned lane)
{
	wasm_store_u16(p, v.u16[lane & 7]);
}

static inline void wasm_v128_store32_lane(uint8_t *p, union wasm_v128 v,
					  unsigned lane)
{
	wasm_store_u32(p, v.u32[lane & 3]);
}

static inline void wasm_v128_store64_lane(uint8_t *p, union wasm_v128 v,
					  unsigned lane)
{
	wasm_store_u64(p, v.u64[lane & 1]);
}

/* ---- constructing and taking apart ------------------------------------------
 */

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

static inline union wasm_v128 wasm_v128_and(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) & WASM_V128_AS(u64, b));
}

static inline union wasm_v128 wasm_v128_andnot(union wasm_v128 a,
					       union wasm_v128 b)
{
	return WASM_V128_FROM(u64,
			      WASM_V128_AS(u64, a) & ~WASM_V128_AS(u64, b));
}

static inline union wasm_v128 wasm_v128_or(union wasm_v128 a, union wasm_v128 b)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) | WASM_V128_AS(u64, b));
}

static inline union wasm_v128 wasm_v128_xor(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) ^ WASM_V128_AS(u64, b));
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

/* ---- integer comparisons: all-ones lane when true
 * ---------------------------------- */

static inline union wasm_v128 wasm_i8x16_eq(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(u8, a) == WASM_V128_AS(u8, b)));
}

static inline union wasm_v128 wasm_i8x16_ne(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(u8, a) != WASM_V128_AS(u8, b)));
}

static inline union wasm_v128 wasm_i8x16_lt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(i8, a) < WASM_V128_AS(i8, b)));
}

static inline union wasm_v128 wasm_i8x16_lt_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(u8, a) < WASM_V128_AS(u8, b)));
}

static inline union wasm_v128 wasm_i8x16_gt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(i8, a) > WASM_V128_AS(i8, b)));
}

static inline union wasm_v128 wasm_i8x16_gt_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(u8, a) > WASM_V128_AS(u8, b)));
}

static inline union wasm_v128 wasm_i8x16_le_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(i8, a) <= WASM_V128_AS(i8, b)));
}

static inline union wasm_v128 wasm_i8x16_le_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(u8, a) <= WASM_V128_AS(u8, b)));
}

static inline union wasm_v128 wasm_i8x16_ge_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(i8, a) >= WASM_V128_AS(i8, b)));
}

static inline union wasm_v128 wasm_i8x16_ge_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u8, (wasm_vu8)(WASM_V128_AS(u8, a) >= WASM_V128_AS(u8, b)));
}

static inline union wasm_v128 wasm_i16x8_eq(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(u16, a) == WASM_V128_AS(u16, b)));
}

static inline union wasm_v128 wasm_i16x8_ne(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(u16, a) != WASM_V128_AS(u16, b)));
}

static inline union wasm_v128 wasm_i16x8_lt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(i16, a) < WASM_V128_AS(i16, b)));
}

static inline union wasm_v128 wasm_i16x8_lt_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(u16, a) < WASM_V128_AS(u16, b)));
}

static inline union wasm_v128 wasm_i16x8_gt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(i16, a) > WASM_V128_AS(i16, b)));
}

static inline union wasm_v128 wasm_i16x8_gt_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(u16, a) > WASM_V128_AS(u16, b)));
}

static inline union wasm_v128 wasm_i16x8_le_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(i16, a) <= WASM_V128_AS(i16, b)));
}

static inline union wasm_v128 wasm_i16x8_le_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(u16, a) <= WASM_V128_AS(u16, b)));
}

static inline union wasm_v128 wasm_i16x8_ge_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(i16, a) >= WASM_V128_AS(i16, b)));
}

static inline union wasm_v128 wasm_i16x8_ge_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u16, (wasm_vu16)(WASM_V128_AS(u16, a) >= WASM_V128_AS(u16, b)));
}

static inline union wasm_v128 wasm_i32x4_eq(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(u32, a) == WASM_V128_AS(u32, b)));
}

static inline union wasm_v128 wasm_i32x4_ne(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(u32, a) != WASM_V128_AS(u32, b)));
}

static inline union wasm_v128 wasm_i32x4_lt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(i32, a) < WASM_V128_AS(i32, b)));
}

static inline union wasm_v128 wasm_i32x4_lt_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(u32, a) < WASM_V128_AS(u32, b)));
}

static inline union wasm_v128 wasm_i32x4_gt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(i32, a) > WASM_V128_AS(i32, b)));
}

static inline union wasm_v128 wasm_i32x4_gt_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(u32, a) > WASM_V128_AS(u32, b)));
}

static inline union wasm_v128 wasm_i32x4_le_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(i32, a) <= WASM_V128_AS(i32, b)));
}

static inline union wasm_v128 wasm_i32x4_le_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(u32, a) <= WASM_V128_AS(u32, b)));
}

static inline union wasm_v128 wasm_i32x4_ge_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(i32, a) >= WASM_V128_AS(i32, b)));
}

static inline union wasm_v128 wasm_i32x4_ge_u(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(u32, a) >= WASM_V128_AS(u32, b)));
}

static inline union wasm_v128 wasm_i64x2_eq(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(u64, a) == WASM_V128_AS(u64, b)));
}

static inline union wasm_v128 wasm_i64x2_ne(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(u64, a) != WASM_V128_AS(u64, b)));
}

static inline union wasm_v128 wasm_i64x2_lt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(i64, a) < WASM_V128_AS(i64, b)));
}

static inline union wasm_v128 wasm_i64x2_gt_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(i64, a) > WASM_V128_AS(i64, b)));
}

static inline union wasm_v128 wasm_i64x2_le_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(i64, a) <= WASM_V128_AS(i64, b)));
}

static inline union wasm_v128 wasm_i64x2_ge_s(union wasm_v128 a,
					      union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(i64, a) >= WASM_V128_AS(i64, b)));
}

/* ---- float comparisons
 * ----------------------------------------------------------------- */

static inline union wasm_v128 wasm_f32x4_eq(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(f32, a) == WASM_V128_AS(f32, b)));
}

static inline union wasm_v128 wasm_f32x4_ne(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(f32, a) != WASM_V128_AS(f32, b)));
}

static inline union wasm_v128 wasm_f32x4_lt(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(f32, a) < WASM_V128_AS(f32, b)));
}

static inline union wasm_v128 wasm_f32x4_gt(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(f32, a) > WASM_V128_AS(f32, b)));
}

static inline union wasm_v128 wasm_f32x4_le(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(f32, a) <= WASM_V128_AS(f32, b)));
}

static inline union wasm_v128 wasm_f32x4_ge(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u32, (wasm_vu32)(WASM_V128_AS(f32, a) >= WASM_V128_AS(f32, b)));
}

static inline union wasm_v128 wasm_f64x2_eq(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(f64, a) == WASM_V128_AS(f64, b)));
}

static inline union wasm_v128 wasm_f64x2_ne(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(f64, a) != WASM_V128_AS(f64, b)));
}

static inline union wasm_v128 wasm_f64x2_lt(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(f64, a) < WASM_V128_AS(f64, b)));
}

static inline union wasm_v128 wasm_f64x2_gt(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(f64, a) > WASM_V128_AS(f64, b)));
}

static inline union wasm_v128 wasm_f64x2_le(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(f64, a) <= WASM_V128_AS(f64, b)));
}

static inline union wasm_v128 wasm_f64x2_ge(union wasm_v128 a,
					    union wasm_v128 b)
{
	return WASM_V128_FROM(
		u64, (wasm_vu64)(WASM_V128_AS(f64, a) >= WASM_V128_AS(f64, b)));
}

/* ---- integer arithmetic (wrapping)
 * ------------------------------------------------------ */

static inline union wasm_v128 wasm_i8x16_abs(union wasm_v128 a)
{
	wasm_vu8 u = WASM_V128_AS(u8, a);
	wasm_vu8 m = (wasm_vu8)(WASM_V128_AS(i8, a) >> 7);
	return WASM_V128_FROM(u8, (u ^ m) - m);
}

static inline union wasm_v128 wasm_i8x16_neg(union wasm_v128 a)
{
	return WASM_V128_FROM(u8, -WASM_V128_AS(u8, a));
}

static inline union wasm_v128 wasm_i8x16_add(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u8, WASM_V128_AS(u8, a) + WASM_V128_AS(u8, b));
}

static inline union wasm_v128 wasm_i8x16_sub(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u8, WASM_V128_AS(u8, a) - WASM_V128_AS(u8, b));
}

static inline union wasm_v128 wasm_i8x16_shl(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u8, WASM_V128_AS(u8, a) << (n & 7));
}

static inline union wasm_v128 wasm_i8x16_shr_s(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(i8, WASM_V128_AS(i8, a) >> (n & 7));
}

static inline union wasm_v128 wasm_i8x16_shr_u(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u8, WASM_V128_AS(u8, a) >> (n & 7));
}

static inline bool wasm_i8x16_all_true(union wasm_v128 a)
{
	wasm_vu8 z = (wasm_vu8)(WASM_V128_AS(u8, a) == 0);
	union wasm_v128 m = WASM_V128_FROM(u8, z);
	return (m.u64[0] | m.u64[1]) == 0;
}

static inline uint32_t wasm_i8x16_bitmask(union wasm_v128 a)
{
	/* One bit per byte, gathered into the top byte by a multiply: byte i
	 * times 2^(56 - 7i) lands on bit 56 + i and no two products overlap. */
	union wasm_v128 m = WASM_V128_FROM(u8, WASM_V128_AS(u8, a) >> 7);
	uint64_t lo = (m.u64[0] * UINT64_C(0x0102040810204080)) >> 56;
	uint64_t hi = (m.u64[1] * UINT64_C(0x0102040810204080)) >> 56;
	return (uint32_t)(lo | hi << 8);
}

static inline union wasm_v128 wasm_i8x16_min_s(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	wasm_vu8 m = (wasm_vu8)(WASM_V128_AS(i8, a) < WASM_V128_AS(i8, b));
	return WASM_V128_FROM(u8, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i8x16_min_u(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	wasm_vu8 m = (wasm_vu8)(WASM_V128_AS(u8, a) < WASM_V128_AS(u8, b));
	return WASM_V128_FROM(u8, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i8x16_max_s(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	wasm_vu8 m = (wasm_vu8)(WASM_V128_AS(i8, a) > WASM_V128_AS(i8, b));
	return WASM_V128_FROM(u8, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i8x16_max_u(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	wasm_vu8 m = (wasm_vu8)(WASM_V128_AS(u8, a) > WASM_V128_AS(u8, b));
	return WASM_V128_FROM(u8, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i8x16_add_sat_s(union wasm_v128 a,
						   union wasm_v128 b)
{
#if defined(__clang__) /* clang turns the widened clamp into one instruction   \
			*/
	wasm_vi16x16 lo, hi,
		s = __builtin_convertvector(WASM_V128_AS(i8, a), wasm_vi16x16) +
		    __builtin_convertvector(WASM_V128_AS(i8, b), wasm_vi16x16);
	lo = s < -0x7f - 1;
	hi = s > 0x7f;
	s = (s & ~lo) | ((-0x7f - 1) & lo);
	s = (s & ~hi) | (0x7f & hi);
	return WASM_V128_FROM(i8, __builtin_convertvector(s, wasm_vi8));
#else /* gcc does better with the overflow test on the wrapped sum */
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b), r = x + y;
	wasm_vu8 o = (wasm_vu8)((wasm_vi8)((x ^ r) & (y ^ r)) < 0);
	wasm_vu8 sat = (wasm_vu8)(WASM_V128_AS(i8, a) >> 7) ^ 0x7f;
	return WASM_V128_FROM(u8, (r & ~o) | (sat & o));
#endif
}

static inline union wasm_v128 wasm_i8x16_sub_sat_s(union wasm_v128 a,
						   union wasm_v128 b)
{
#if defined(__clang__) /* clang turns the widened clamp into one instruction   \
			*/
	wasm_vi16x16 lo, hi,
		s = __builtin_convertvector(WASM_V128_AS(i8, a), wasm_vi16x16) -
		    __builtin_convertvector(WASM_V128_AS(i8, b), wasm_vi16x16);
	lo = s < -0x7f - 1;
	hi = s > 0x7f;
	s = (s & ~lo) | ((-0x7f - 1) & lo);
	s = (s & ~hi) | (0x7f & hi);
	return WASM_V128_FROM(i8, __builtin_convertvector(s, wasm_vi8));
#else /* gcc does better with the overflow test on the wrapped sum */
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b), r = x - y;
	wasm_vu8 o = (wasm_vu8)((wasm_vi8)((x ^ y) & (x ^ r)) < 0);
	wasm_vu8 sat = (wasm_vu8)(WASM_V128_AS(i8, a) >> 7) ^ 0x7f;
	return WASM_V128_FROM(u8, (r & ~o) | (sat & o));
#endif
}

static inline union wasm_v128 wasm_i8x16_add_sat_u(union wasm_v128 a,
						   union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), r = x + WASM_V128_AS(u8, b);
	return WASM_V128_FROM(u8, r | (wasm_vu8)(r < x));
}

static inline union wasm_v128 wasm_i8x16_sub_sat_u(union wasm_v128 a,
						   union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	return WASM_V128_FROM(u8, (x - y) & (wasm_vu8)(x >= y));
}

static inline union wasm_v128 wasm_i8x16_avgr_u(union wasm_v128 a,
						union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	return WASM_V128_FROM(u8, (x | y) - ((x ^ y) >> 1));
}

static inline union wasm_v128 wasm_i16x8_abs(union wasm_v128 a)
{
	wasm_vu16 u = WASM_V128_AS(u16, a);
	wasm_vu16 m = (wasm_vu16)(WASM_V128_AS(i16, a) >> 15);
	return WASM_V128_FROM(u16, (u ^ m) - m);
}

static inline union wasm_v128 wasm_i16x8_neg(union wasm_v128 a)
{
	return WASM_V128_FROM(u16, -WASM_V128_AS(u16, a));
}

static inline union wasm_v128 wasm_i16x8_add(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u16, WASM_V128_AS(u16, a) + WASM_V128_AS(u16, b));
}

static inline union wasm_v128 wasm_i16x8_sub(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u16, WASM_V128_AS(u16, a) - WASM_V128_AS(u16, b));
}

static inline union wasm_v128 wasm_i16x8_mul(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u16, WASM_V128_AS(u16, a) * WASM_V128_AS(u16, b));
}

static inline union wasm_v128 wasm_i16x8_shl(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u16, WASM_V128_AS(u16, a) << (n & 15));
}

static inline union wasm_v128 wasm_i16x8_shr_s(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(i16, WASM_V128_AS(i16, a) >> (n & 15));
}

static inline union wasm_v128 wasm_i16x8_shr_u(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u16, WASM_V128_AS(u16, a) >> (n & 15));
}

static inline bool wasm_i16x8_all_true(union wasm_v128 a)
{
	wasm_vu16 z = (wasm_vu16)(WASM_V128_AS(u16, a) == 0);
	union wasm_v128 m = WASM_V128_FROM(u16, z);
	return (m.u64[0] | m.u64[1]) == 0;
}

static inline uint32_t wasm_i16x8_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 8; i++)
		r |= (uint32_t)(a.u16[i] >> 15) << i;
	return r;
}

static inline union wasm_v128 wasm_i16x8_min_s(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	wasm_vu16 m = (wasm_vu16)(WASM_V128_AS(i16, a) < WASM_V128_AS(i16, b));
	return WASM_V128_FROM(u16, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i16x8_min_u(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	wasm_vu16 m = (wasm_vu16)(WASM_V128_AS(u16, a) < WASM_V128_AS(u16, b));
	return WASM_V128_FROM(u16, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i16x8_max_s(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	wasm_vu16 m = (wasm_vu16)(WASM_V128_AS(i16, a) > WASM_V128_AS(i16, b));
	return WASM_V128_FROM(u16, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i16x8_max_u(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	wasm_vu16 m = (wasm_vu16)(WASM_V128_AS(u16, a) > WASM_V128_AS(u16, b));
	return WASM_V128_FROM(u16, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i16x8_add_sat_s(union wasm_v128 a,
						   union wasm_v128 b)
{
#if defined(__clang__) /* clang turns the widened clamp into one instruction   \
			*/
	wasm_vi32x8 lo, hi,
		s = __builtin_convertvector(WASM_V128_AS(i16, a), wasm_vi32x8) +
		    __builtin_convertvector(WASM_V128_AS(i16, b), wasm_vi32x8);
	lo = s < -0x7fff - 1;
	hi = s > 0x7fff;
	s = (s & ~lo) | ((-0x7fff - 1) & lo);
	s = (s & ~hi) | (0x7fff & hi);
	return WASM_V128_FROM(i16, __builtin_convertvector(s, wasm_vi16));
#else /* gcc does better with the overflow test on the wrapped sum */
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b), r = x + y;
	wasm_vu16 o = (wasm_vu16)((wasm_vi16)((x ^ r) & (y ^ r)) < 0);
	wasm_vu16 sat = (wasm_vu16)(WASM_V128_AS(i16, a) >> 15) ^ 0x7fff;
	return WASM_V128_FROM(u16, (r & ~o) | (sat & o));
#endif
}

static inline union wasm_v128 wasm_i16x8_sub_sat_s(union wasm_v128 a,
						   union wasm_v128 b)
{
#if defined(__clang__) /* clang turns the widened clamp into one instruction   \
			*/
	wasm_vi32x8 lo, hi,
		s = __builtin_convertvector(WASM_V128_AS(i16, a), wasm_vi32x8) -
		    __builtin_convertvector(WASM_V128_AS(i16, b), wasm_vi32x8);
	lo = s < -0x7fff - 1;
	hi = s > 0x7fff;
	s = (s & ~lo) | ((-0x7fff - 1) & lo);
	s = (s & ~hi) | (0x7fff & hi);
	return WASM_V128_FROM(i16, __builtin_convertvector(s, wasm_vi16));
#else /* gcc does better with the overflow test on the wrapped sum */
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b), r = x - y;
	wasm_vu16 o = (wasm_vu16)((wasm_vi16)((x ^ y) & (x ^ r)) < 0);
	wasm_vu16 sat = (wasm_vu16)(WASM_V128_AS(i16, a) >> 15) ^ 0x7fff;
	return WASM_V128_FROM(u16, (r & ~o) | (sat & o));
#endif
}

static inline union wasm_v128 wasm_i16x8_add_sat_u(union wasm_v128 a,
						   union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), r = x + WASM_V128_AS(u16, b);
	return WASM_V128_FROM(u16, r | (wasm_vu16)(r < x));
}

static inline union wasm_v128 wasm_i16x8_sub_sat_u(union wasm_v128 a,
						   union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	return WASM_V128_FROM(u16, (x - y) & (wasm_vu16)(x >= y));
}

static inline union wasm_v128 wasm_i16x8_avgr_u(union wasm_v128 a,
						union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	return WASM_V128_FROM(u16, (x | y) - ((x ^ y) >> 1));
}

static inline union wasm_v128 wasm_i32x4_abs(union wasm_v128 a)
{
	wasm_vu32 u = WASM_V128_AS(u32, a);
	wasm_vu32 m = (wasm_vu32)(WASM_V128_AS(i32, a) >> 31);
	return WASM_V128_FROM(u32, (u ^ m) - m);
}

static inline union wasm_v128 wasm_i32x4_neg(union wasm_v128 a)
{
	return WASM_V128_FROM(u32, -WASM_V128_AS(u32, a));
}

static inline union wasm_v128 wasm_i32x4_add(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) + WASM_V128_AS(u32, b));
}

static inline union wasm_v128 wasm_i32x4_sub(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) - WASM_V128_AS(u32, b));
}

static inline union wasm_v128 wasm_i32x4_mul(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) * WASM_V128_AS(u32, b));
}

static inline union wasm_v128 wasm_i32x4_shl(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) << (n & 31));
}

static inline union wasm_v128 wasm_i32x4_shr_s(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(i32, WASM_V128_AS(i32, a) >> (n & 31));
}

static inline union wasm_v128 wasm_i32x4_shr_u(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) >> (n & 31));
}

static inline bool wasm_i32x4_all_true(union wasm_v128 a)
{
	wasm_vu32 z = (wasm_vu32)(WASM_V128_AS(u32, a) == 0);
	union wasm_v128 m = WASM_V128_FROM(u32, z);
	return (m.u64[0] | m.u64[1]) == 0;
}

static inline uint32_t wasm_i32x4_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 4; i++)
		r |= (uint32_t)(a.u32[i] >> 31) << i;
	return r;
}

static inline union wasm_v128 wasm_i32x4_min_s(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu32 x = WASM_V128_AS(u32, a), y = WASM_V128_AS(u32, b);
	wasm_vu32 m = (wasm_vu32)(WASM_V128_AS(i32, a) < WASM_V128_AS(i32, b));
	return WASM_V128_FROM(u32, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i32x4_min_u(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu32 x = WASM_V128_AS(u32, a), y = WASM_V128_AS(u32, b);
	wasm_vu32 m = (wasm_vu32)(WASM_V128_AS(u32, a) < WASM_V128_AS(u32, b));
	return WASM_V128_FROM(u32, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i32x4_max_s(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu32 x = WASM_V128_AS(u32, a), y = WASM_V128_AS(u32, b);
	wasm_vu32 m = (wasm_vu32)(WASM_V128_AS(i32, a) > WASM_V128_AS(i32, b));
	return WASM_V128_FROM(u32, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i32x4_max_u(union wasm_v128 a,
					       union wasm_v128 b)
{
	wasm_vu32 x = WASM_V128_AS(u32, a), y = WASM_V128_AS(u32, b);
	wasm_vu32 m = (wasm_vu32)(WASM_V128_AS(u32, a) > WASM_V128_AS(u32, b));
	return WASM_V128_FROM(u32, (x & m) | (y & ~m));
}

static inline union wasm_v128 wasm_i64x2_abs(union wasm_v128 a)
{
	wasm_vu64 u = WASM_V128_AS(u64, a);
	wasm_vu64 m = (wasm_vu64)(WASM_V128_AS(i64, a) >> 63);
	return WASM_V128_FROM(u64, (u ^ m) - m);
}

static inline union wasm_v128 wasm_i64x2_neg(union wasm_v128 a)
{
	return WASM_V128_FROM(u64, -WASM_V128_AS(u64, a));
}

static inline union wasm_v128 wasm_i64x2_add(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) + WASM_V128_AS(u64, b));
}

static inline union wasm_v128 wasm_i64x2_sub(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) - WASM_V128_AS(u64, b));
}

static inline union wasm_v128 wasm_i64x2_mul(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) * WASM_V128_AS(u64, b));
}

static inline union wasm_v128 wasm_i64x2_shl(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) << (n & 63));
}

static inline union wasm_v128 wasm_i64x2_shr_s(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(i64, WASM_V128_AS(i64, a) >> (n & 63));
}

static inline union wasm_v128 wasm_i64x2_shr_u(union wasm_v128 a, uint32_t n)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) >> (n & 63));
}

static inline bool wasm_i64x2_all_true(union wasm_v128 a)
{
	wasm_vu64 z = (wasm_vu64)(WASM_V128_AS(u64, a) == 0);
	union wasm_v128 m = WASM_V128_FROM(u64, z);
	return (m.u64[0] | m.u64[1]) == 0;
}

static inline uint32_t wasm_i64x2_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 2; i++)
		r |= (uint32_t)(a.u64[i] >> 63) << i;
	return r;
}
/* ---- remaining integer operations
 * ------------------------------------------------------ */

static inline union wasm_v128 wasm_i8x16_popcnt(union wasm_v128 a)
{
	wasm_vu8 x = WASM_V128_AS(u8, a);
	x = x - ((x >> 1) & 0x55);
	x = (x & 0x33) + ((x >> 2) & 0x33);
	return WASM_V128_FROM(u8, (x + (x >> 4)) & 0x0f);
}

/* narrow: lanes of a then of b, saturated (the _u forms read signed input). */
static inline union wasm_v128 wasm_i8x16_narrow_i16x8_s(union wasm_v128 a,
							union wasm_v128 b)
{
	wasm_vi16 x = WASM_V128_AS(i16, a), y = WASM_V128_AS(i16, b);
	wasm_vi16 ux = x<-128, ox = x> 127, uy = y<-128, oy = y> 127;
	x = (x & ~(ux | ox)) | (-128 & ux) | (127 & ox);
	y = (y & ~(uy | oy)) | (-128 & uy) | (127 & oy);
	/* clamped: the low half of each lane is the result */
	return WASM_V128_FROM(
		u8, __builtin_shufflevector((wasm_vu8)x, (wasm_vu8)y, 0, 2, 4,
					    6, 8, 10, 12, 14, 16, 18, 20, 22,
					    24, 26, 28, 30));
}

static inline union wasm_v128 wasm_i8x16_narrow_i16x8_u(union wasm_v128 a,
							union wasm_v128 b)
{
	wasm_vi16 x = WASM_V128_AS(i16, a), y = WASM_V128_AS(i16, b);
	wasm_vi16 ux = x<0, ox = x> 255, uy = y<0, oy = y> 255;
	x = (x & ~(ux | ox)) | (0 & ux) | (255 & ox);
	y = (y & ~(uy | oy)) | (0 & uy) | (255 & oy);
	/* clamped: the low half of each lane is the result */
	return WASM_V128_FROM(
		u8, __builtin_shufflevector((wasm_vu8)x, (wasm_vu8)y, 0, 2, 4,
					    6, 8, 10, 12, 14, 16, 18, 20, 22,
					    24, 26, 28, 30));
}

static inline union wasm_v128 wasm_i16x8_narrow_i32x4_s(union wasm_v128 a,
							union wasm_v128 b)
{
	wasm_vi32 x = WASM_V128_AS(i32, a), y = WASM_V128_AS(i32, b);
	wasm_vi32 ux = x<-32768, ox = x> 32767, uy = y<-32768, oy = y> 32767;
	x = (x & ~(ux | ox)) | (-32768 & ux) | (32767 & ox);
	y = (y & ~(uy | oy)) | (-32768 & uy) | (32767 & oy);
	/* clamped: the low half of each lane is the result */
	return WASM_V128_FROM(
		u16, __builtin_shufflevector((wasm_vu16)x, (wasm_vu16)y, 0, 2,
					     4, 6, 8, 10, 12, 14));
}

static inline union wasm_v128 wasm_i16x8_narrow_i32x4_u(union wasm_v128 a,
							union wasm_v128 b)
{
	wasm_vi32 x = WASM_V128_AS(i32, a), y = WASM_V128_AS(i32, b);
	wasm_vi32 ux = x<0, ox = x> 65535, uy = y<0, oy = y> 65535;
	x = (x & ~(ux | ox)) | (0 & ux) | (65535 & ox);
	y = (y & ~(uy | oy)) | (0 & uy) | (65535 & oy);
	/* clamped: the low half of each lane is the result */
	return WASM_V128_FROM(
		u16, __builtin_shufflevector((wasm_vu16)x, (wasm_vu16)y, 0, 2,
					     4, 6, 8, 10, 12, 14));
}

/*
 * Zero extension interleaves with a zero vector: clang 14 miscompiles
 * zero-extending vector conversions for riscv64 without the V extension (the
 * upper half of the result is lost), and on x86 this is one punpckl/h.
 */
/* extend: widen the low or high half of the lanes. */
static inline union wasm_v128 wasm_i16x8_extend_low_i8x16_s(union wasm_v128 a)
{
	wasm_vi8 x = WASM_V128_AS(i8, a);
	wasm_vi8x8 h = __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7);
	return WASM_V128_FROM(i16, __builtin_convertvector(h, wasm_vi16));
}

static inline union wasm_v128 wasm_i16x8_extend_low_i8x16_u(union wasm_v128 a)
{
	wasm_vu8 x = WASM_V128_AS(u8, a);
	return WASM_V128_FROM(u16,
			      (wasm_vu16)__builtin_shufflevector(
				      x, (wasm_vu8){0}, 0, 16, 1, 16, 2, 16, 3,
				      16, 4, 16, 5, 16, 6, 16, 7, 16));
}

static inline union wasm_v128 wasm_i16x8_extend_high_i8x16_s(union wasm_v128 a)
{
	wasm_vi8 x = WASM_V128_AS(i8, a);
	wasm_vi8x8 h =
		__builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15);
	return WASM_V128_FROM(i16, __builtin_convertvector(h, wasm_vi16));
}

static inline union wasm_v128 wasm_i16x8_extend_high_i8x16_u(union wasm_v128 a)
{
	wasm_vu8 x = WASM_V128_AS(u8, a);
	return WASM_V128_FROM(u16,
			      (wasm_vu16)__builtin_shufflevector(
				      x, (wasm_vu8){0}, 8, 16, 9, 16, 10, 16,
				      11, 16, 12, 16, 13, 16, 14, 16, 15, 16));
}

static inline union wasm_v128 wasm_i32x4_extend_low_i16x8_s(union wasm_v128 a)
{
	wasm_vi16 x = WASM_V128_AS(i16, a);
	wasm_vi16x4 h = __builtin_shufflevector(x, x, 0, 1, 2, 3);
	return WASM_V128_FROM(i32, __builtin_convertvector(h, wasm_vi32));
}

static inline union wasm_v128 wasm_i32x4_extend_low_i16x8_u(union wasm_v128 a)
{
	wasm_vu16 x = WASM_V128_AS(u16, a);
	return WASM_V128_FROM(
		u32, (wasm_vu32)__builtin_shufflevector(x, (wasm_vu16){0}, 0, 8,
							1, 8, 2, 8, 3, 8));
}

static inline union wasm_v128 wasm_i32x4_extend_high_i16x8_s(union wasm_v128 a)
{
	wasm_vi16 x = WASM_V128_AS(i16, a);
	wasm_vi16x4 h = __builtin_shufflevector(x, x, 4, 5, 6, 7);
	return WASM_V128_FROM(i32, __builtin_convertvector(h, wasm_vi32));
}

static inline union wasm_v128 wasm_i32x4_extend_high_i16x8_u(union wasm_v128 a)
{
	wasm_vu16 x = WASM_V128_AS(u16, a);
	return WASM_V128_FROM(
		u32, (wasm_vu32)__builtin_shufflevector(x, (wasm_vu16){0}, 4, 8,
							5, 8, 6, 8, 7, 8));
}

static inline union wasm_v128 wasm_i64x2_extend_low_i32x4_s(union wasm_v128 a)
{
	wasm_vi32 x = WASM_V128_AS(i32, a);
	wasm_vi32x2 h = __builtin_shufflevector(x, x, 0, 1);
	return WASM_V128_FROM(i64, __builtin_convertvector(h, wasm_vi64));
}

static inline union wasm_v128 wasm_i64x2_extend_low_i32x4_u(union wasm_v128 a)
{
	wasm_vu32 x = WASM_V128_AS(u32, a);
	return WASM_V128_FROM(u64, (wasm_vu64)__builtin_shufflevector(
					   x, (wasm_vu32){0}, 0, 4, 1, 4));
}

static inline union wasm_v128 wasm_i64x2_extend_high_i32x4_s(union wasm_v128 a)
{
	wasm_vi32 x = WASM_V128_AS(i32, a);
	wasm_vi32x2 h = __builtin_shufflevector(x, x, 2, 3);
	return WASM_V128_FROM(i64, __builtin_convertvector(h, wasm_vi64));
}

static inline union wasm_v128 wasm_i64x2_extend_high_i32x4_u(union wasm_v128 a)
{
	wasm_vu32 x = WASM_V128_AS(u32, a);
	return WASM_V128_FROM(u64, (wasm_vu64)__builtin_shufflevector(
					   x, (wasm_vu32){0}, 2, 4, 3, 4));
}

/* extmul: widening multiply of the low or high halves (cannot overflow). */
static inline union wasm_v128 wasm_i16x8_extmul_low_i8x16_s(union wasm_v128 a,
							    union wasm_v128 b)
{
	wasm_vi8 x = WASM_V128_AS(i8, a), y = WASM_V128_AS(i8, b);
	wasm_vi8x8 hx = __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7);
	wasm_vi8x8 hy = __builtin_shufflevector(y, y, 0, 1, 2, 3, 4, 5, 6, 7);
	wasm_vu16 p = (wasm_vu16) __builtin_convertvector(hx, wasm_vi16) *
		      (wasm_vu16) __builtin_convertvector(hy, wasm_vi16);
	return WASM_V128_FROM(u16, p);
}

static inline union wasm_v128 wasm_i16x8_extmul_low_i8x16_u(union wasm_v128 a,
							    union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	return WASM_V128_FROM(
		u16, (wasm_vu16)__builtin_shufflevector(
			     x, (wasm_vu8){0}, 0, 16, 1, 16, 2, 16, 3, 16, 4,
			     16, 5, 16, 6, 16, 7, 16) *
			     (wasm_vu16)__builtin_shufflevector(
				     y, (wasm_vu8){0}, 0, 16, 1, 16, 2, 16, 3,
				     16, 4, 16, 5, 16, 6, 16, 7, 16));
}

static inline union wasm_v128 wasm_i16x8_extmul_high_i8x16_s(union wasm_v128 a,
							     union wasm_v128 b)
{
	wasm_vi8 x = WASM_V128_AS(i8, a), y = WASM_V128_AS(i8, b);
	wasm_vi8x8 hx =
		__builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15);
	wasm_vi8x8 hy =
		__builtin_shufflevector(y, y, 8, 9, 10, 11, 12, 13, 14, 15);
	wasm_vu16 p = (wasm_vu16) __builtin_convertvector(hx, wasm_vi16) *
		      (wasm_vu16) __builtin_convertvector(hy, wasm_vi16);
	return WASM_V128_FROM(u16, p);
}

static inline union wasm_v128 wasm_i16x8_extmul_high_i8x16_u(union wasm_v128 a,
							     union wasm_v128 b)
{
	wasm_vu8 x = WASM_V128_AS(u8, a), y = WASM_V128_AS(u8, b);
	return WASM_V128_FROM(
		u16, (wasm_vu16)__builtin_shufflevector(
			     x, (wasm_vu8){0}, 8, 16, 9, 16, 10, 16, 11, 16, 12,
			     16, 13, 16, 14, 16, 15, 16) *
			     (wasm_vu16)__builtin_shufflevector(
				     y, (wasm_vu8){0}, 8, 16, 9, 16, 10, 16, 11,
				     16, 12, 16, 13, 16, 14, 16, 15, 16));
}

static inline union wasm_v128 wasm_i32x4_extmul_low_i16x8_s(union wasm_v128 a,
							    union wasm_v128 b)
{
	wasm_vi16 x = WASM_V128_AS(i16, a), y = WASM_V128_AS(i16, b);
	wasm_vi16x4 hx = __builtin_shufflevector(x, x, 0, 1, 2, 3);
	wasm_vi16x4 hy = __builtin_shufflevector(y, y, 0, 1, 2, 3);
	wasm_vu32 p = (wasm_vu32) __builtin_convertvector(hx, wasm_vi32) *
		      (wasm_vu32) __builtin_convertvector(hy, wasm_vi32);
	return WASM_V128_FROM(u32, p);
}

static inline union wasm_v128 wasm_i32x4_extmul_low_i16x8_u(union wasm_v128 a,
							    union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	return WASM_V128_FROM(
		u32,
		(wasm_vu32)__builtin_shufflevector(x, (wasm_vu16){0}, 0, 8, 1,
						   8, 2, 8, 3, 8) *
			(wasm_vu32)__builtin_shufflevector(
				y, (wasm_vu16){0}, 0, 8, 1, 8, 2, 8, 3, 8));
}

static inline union wasm_v128 wasm_i32x4_extmul_high_i16x8_s(union wasm_v128 a,
							     union wasm_v128 b)
{
	wasm_vi16 x = WASM_V128_AS(i16, a), y = WASM_V128_AS(i16, b);
	wasm_vi16x4 hx = __builtin_shufflevector(x, x, 4, 5, 6, 7);
	wasm_vi16x4 hy = __builtin_shufflevector(y, y, 4, 5, 6, 7);
	wasm_vu32 p = (wasm_vu32) __builtin_convertvector(hx, wasm_vi32) *
		      (wasm_vu32) __builtin_convertvector(hy, wasm_vi32);
	return WASM_V128_FROM(u32, p);
}

static inline union wasm_v128 wasm_i32x4_extmul_high_i16x8_u(union wasm_v128 a,
							     union wasm_v128 b)
{
	wasm_vu16 x = WASM_V128_AS(u16, a), y = WASM_V128_AS(u16, b);
	return WASM_V128_FROM(
		u32,
		(wasm_vu32)__builtin_shufflevector(x, (wasm_vu16){0}, 4, 8, 5,
						   8, 6, 8, 7, 8) *
			(wasm_vu32)__builtin_shufflevector(
				y, (wasm_vu16){0}, 4, 8, 5, 8, 6, 8, 7, 8));
}

static inline union wasm_v128 wasm_i64x2_extmul_low_i32x4_s(union wasm_v128 a,
							    union wasm_v128 b)
{
	wasm_vi32 x = WASM_V128_AS(i32, a), y = WASM_V128_AS(i32, b);
	wasm_vi32x2 hx = __builtin_shufflevector(x, x, 0, 1);
	wasm_vi32x2 hy = __builtin_shufflevector(y, y, 0, 1);
	wasm_vu64 p = (wasm_vu64) __builtin_convertvector(hx, wasm_vi64) *
		      (wasm_vu64) __builtin_convertvector(hy, wasm_vi64);
	return WASM_V128_FROM(u64, p);
}

static inline union wasm_v128 wasm_i64x2_extmul_low_i32x4_u(union wasm_v128 a,
							    union wasm_v128 b)
{
	wasm_vu32 x = WASM_V128_AS(u32, a), y = WASM_V128_AS(u32, b);
	return WASM_V128_FROM(
		u64, (wasm_vu64)__builtin_shufflevector(x, (wasm_vu32){0}, 0, 4,
							1, 4) *
			     (wasm_vu64)__builtin_shufflevector(
				     y, (wasm_vu32){0}, 0, 4, 1, 4));
}

static inline union wasm_v128 wasm_i64x2_extmul_high_i32x4_s(union wasm_v128 a,
							     union wasm_v128 b)
{
	wasm_vi32 x = WASM_V128_AS(i32, a), y = WASM_V128_AS(i32, b);
	wasm_vi32x2 hx = __builtin_shufflevector(x, x, 2, 3);
	wasm_vi32x2 hy = __builtin_shufflevector(y, y, 2, 3);
	wasm_vu64 p = (wasm_vu64) __builtin_convertvector(hx, wasm_vi64) *
		      (wasm_vu64) __builtin_convertvector(hy, wasm_vi64);
	return WASM_V128_FROM(u64, p);
}

static inline union wasm_v128 wasm_i64x2_extmul_high_i32x4_u(union wasm_v128 a,
							     union wasm_v128 b)
{
	wasm_vu32 x = WASM_V128_AS(u32, a), y = WASM_V128_AS(u32, b);
	return WASM_V128_FROM(
		u64, (wasm_vu64)__builtin_shufflevector(x, (wasm_vu32){0}, 2, 4,
							3, 4) *
			     (wasm_vu64)__builtin_shufflevector(
				     y, (wasm_vu32){0}, 2, 4, 3, 4));
}

/* extadd_pairwise: sum of adjacent lanes, widened. */
static inline union wasm_v128
wasm_i16x8_extadd_pairwise_i8x16_s(union wasm_v128 a)
{
	/* in 16-bit lanes: the low byte sign-extended plus the high byte */
	wasm_vi16 x = WASM_V128_AS(i16, a);
	return WASM_V128_FROM(i16,
			      ((wasm_vi16)((wasm_vu16)x << 8) >> 8) + (x >> 8));
}

static inline union wasm_v128
wasm_i16x8_extadd_pairwise_i8x16_u(union wasm_v128 a)
{
	wasm_vu16 x = WASM_V128_AS(u16, a);
	return WASM_V128_FROM(u16, (x & 0xff) + (x >> 8));
}

static inline union wasm_v128
wasm_i32x4_extadd_pairwise_i16x8_s(union wasm_v128 a)
{
	wasm_vi32 x = WASM_V128_AS(i32, a);
	return WASM_V128_FROM(i32, ((wasm_vi32)((wasm_vu32)x << 16) >> 16) +
					   (x >> 16));
}

static inline union wasm_v128
wasm_i32x4_extadd_pairwise_i16x8_u(union wasm_v128 a)
{
	wasm_vu32 x = WASM_V128_AS(u32, a);
	return WASM_V128_FROM(u32, (x & 0xffff) + (x >> 16));
}

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

/* ---- floating point
 * --------------------------------------------------------------------- */

static inline union wasm_v128 wasm_f32x4_abs(union wasm_v128 a)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) & ~WASM_F32_SIGN);
}

static inline union wasm_v128 wasm_f32x4_neg(union wasm_v128 a)
{
	return WASM_V128_FROM(u32, WASM_V128_AS(u32, a) ^ WASM_F32_SIGN);
}

static inline union wasm_v128 wasm_f64x2_abs(union wasm_v128 a)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) & ~WASM_F64_SIGN);
}

static inline union wasm_v128 wasm_f64x2_neg(union wasm_v128 a)
{
	return WASM_V128_FROM(u64, WASM_V128_AS(u64, a) ^ WASM_F64_SIGN);
}

static inline union wasm_v128 wasm_f32x4_add(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f32, WASM_V128_AS(f32, a) + WASM_V128_AS(f32, b));
}

static inline union wasm_v128 wasm_f32x4_sub(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f32, WASM_V128_AS(f32, a) - WASM_V128_AS(f32, b));
}

static inline union wasm_v128 wasm_f32x4_mul(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f32, WASM_V128_AS(f32, a) * WASM_V128_AS(f32, b));
}

static inline union wasm_v128 wasm_f32x4_div(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f32, WASM_V128_AS(f32, a) / WASM_V128_AS(f32, b));
}

static inline union wasm_v128 wasm_f32x4_sqrt(union wasm_v128 a)
{
#if defined(__x86_64__) && defined(__SSE2__)
	return WASM_V128_FROM(f32, __builtin_ia32_sqrtps(WASM_V128_AS(f32, a)));
#else
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_sqrt(a.f32[i]);
	return r;
#endif
}

static inline union wasm_v128 wasm_f32x4_min(union wasm_v128 a,
					     union wasm_v128 b)
{
	wasm_vf32 x = WASM_V128_AS(f32, a), y = WASM_V128_AS(f32, b);
	wasm_vu32 ux = WASM_V128_AS(u32, a), uy = WASM_V128_AS(u32, b);
	wasm_vu32 mx = (wasm_vu32)(x < y), my = (wasm_vu32)(y < x);
	wasm_vu32 nan = (wasm_vu32)(x != x) | (wasm_vu32)(y != y);
	wasm_vu32 r = (ux & mx) | (uy & my) | ((ux | uy) & ~(mx | my));
	return WASM_V128_FROM(u32, (r & ~nan) | (WASM_F32_CANON_NAN & nan));
}

static inline union wasm_v128 wasm_f32x4_max(union wasm_v128 a,
					     union wasm_v128 b)
{
	wasm_vf32 x = WASM_V128_AS(f32, a), y = WASM_V128_AS(f32, b);
	wasm_vu32 ux = WASM_V128_AS(u32, a), uy = WASM_V128_AS(u32, b);
	wasm_vu32 mx = (wasm_vu32)(x > y), my = (wasm_vu32)(y > x);
	wasm_vu32 nan = (wasm_vu32)(x != x) | (wasm_vu32)(y != y);
	wasm_vu32 r = (ux & mx) | (uy & my) | ((ux & uy) & ~(mx | my));
	return WASM_V128_FROM(u32, (r & ~nan) | (WASM_F32_CANON_NAN & nan));
}

/* pmin/pmax: b < a ? b : a (resp. a < b ? b : a), operand bits kept exactly. */
static inline union wasm_v128 wasm_f32x4_pmin(union wasm_v128 a,
					      union wasm_v128 b)
{
	wasm_vf32 x = WASM_V128_AS(f32, a), y = WASM_V128_AS(f32, b);
	wasm_vu32 m = (wasm_vu32)(y < x);
	return WASM_V128_FROM(u32, (WASM_V128_AS(u32, b) & m) |
					   (WASM_V128_AS(u32, a) & ~m));
}

static inline union wasm_v128 wasm_f32x4_pmax(union wasm_v128 a,
					      union wasm_v128 b)
{
	wasm_vf32 x = WASM_V128_AS(f32, a), y = WASM_V128_AS(f32, b);
	wasm_vu32 m = (wasm_vu32)(x < y);
	return WASM_V128_FROM(u32, (WASM_V128_AS(u32, b) & m) |
					   (WASM_V128_AS(u32, a) & ~m));
}

/* Rounding as in wasm/num.h, lane-parallel: lanes below 2^23 go through
 * the integer conversion (others are zeroed first so that it is defined),
 * the rest are integral already or NaNs to quiet. */
static inline wasm_vu32 wasm_f32x4_trunc_bits(wasm_vu32 u, wasm_vu32 small)
{
	wasm_vf32 in;
	wasm_vu32 m = u & ~WASM_F32_SIGN, t;
	wasm_vu32 in_bits = u & small;
	__builtin_memcpy(&in, &in_bits, 16);
	wasm_vf32 f = __builtin_convertvector(
		__builtin_convertvector(in, wasm_vi32), wasm_vf32);
	__builtin_memcpy(&t, &f, 16);
	t |= u & WASM_F32_SIGN;
	wasm_vu32 nan = (wasm_vu32)(m > UINT32_C(0x7f800000));
	return (t & small) | ((u | (nan & WASM_F32_QUIET_BIT)) & ~small);
}

static inline union wasm_v128 wasm_f32x4_trunc(union wasm_v128 a)
{
	wasm_vu32 u = WASM_V128_AS(u32, a);
	wasm_vu32 small =
		(wasm_vu32)((u & ~WASM_F32_SIGN) < UINT32_C(0x4b000000));
	return WASM_V128_FROM(u32, wasm_f32x4_trunc_bits(u, small));
}

static inline union wasm_v128 wasm_f32x4_floor(union wasm_v128 a)
{
	wasm_vu32 u = WASM_V128_AS(u32, a), t, s;
	wasm_vu32 small =
		(wasm_vu32)((u & ~WASM_F32_SIGN) < UINT32_C(0x4b000000));
	wasm_vf32 ft, fs, x = WASM_V128_AS(f32, a);
	t = wasm_f32x4_trunc_bits(u, small);
	__builtin_memcpy(&ft, &t, 16);
	wasm_vu32 adj = (wasm_vu32)(ft > x);
	fs = ft - 1;
	__builtin_memcpy(&s, &fs, 16);
	return WASM_V128_FROM(u32, (s & adj) | (t & ~adj));
}

static inline union wasm_v128 wasm_f32x4_ceil(union wasm_v128 a)
{
	wasm_vu32 u = WASM_V128_AS(u32, a), t, s;
	wasm_vu32 small =
		(wasm_vu32)((u & ~WASM_F32_SIGN) < UINT32_C(0x4b000000));
	wasm_vf32 ft, fs, x = WASM_V128_AS(f32, a);
	t = wasm_f32x4_trunc_bits(u, small);
	__builtin_memcpy(&ft, &t, 16);
	wasm_vu32 adj = (wasm_vu32)(ft < x);
	fs = ft + 1;
	__builtin_memcpy(&s, &fs, 16);
	return WASM_V128_FROM(u32, (s & adj) | (t & ~adj));
}

static inline union wasm_v128 wasm_f32x4_nearest(union wasm_v128 a)
{
	wasm_vu32 u = WASM_V128_AS(u32, a), m = u & ~WASM_F32_SIGN, t;
	wasm_vu32 small = (wasm_vu32)(m < UINT32_C(0x4b000000));
	wasm_vu32 nan = (wasm_vu32)(m > UINT32_C(0x7f800000));
	wasm_vf32 f;
	__builtin_memcpy(&f, &m, 16);
	f = (f + 0x1p23f) - 0x1p23f;
	__builtin_memcpy(&t, &f, 16);
	t |= u & WASM_F32_SIGN;
	return WASM_V128_FROM(
		u32, (t & small) | ((u | (nan & WASM_F32_QUIET_BIT)) & ~small));
}

static inline union wasm_v128 wasm_f64x2_add(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f64, WASM_V128_AS(f64, a) + WASM_V128_AS(f64, b));
}

static inline union wasm_v128 wasm_f64x2_sub(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f64, WASM_V128_AS(f64, a) - WASM_V128_AS(f64, b));
}

static inline union wasm_v128 wasm_f64x2_mul(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f64, WASM_V128_AS(f64, a) * WASM_V128_AS(f64, b));
}

static inline union wasm_v128 wasm_f64x2_div(union wasm_v128 a,
					     union wasm_v128 b)
{
	return WASM_V128_FROM(f64, WASM_V128_AS(f64, a) / WASM_V128_AS(f64, b));
}

static inline union wasm_v128 wasm_f64x2_sqrt(union wasm_v128 a)
{
#if defined(__x86_64__) && defined(__SSE2__)
	return WASM_V128_FROM(f64, __builtin_ia32_sqrtpd(WASM_V128_AS(f64, a)));
#else
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_sqrt(a.f64[i]);
	return r;
#endif
}

static inline union wasm_v128 wasm_f64x2_min(union wasm_v128 a,
					     union wasm_v128 b)
{
	wasm_vf64 x = WASM_V128_AS(f64, a), y = WASM_V128_AS(f64, b);
	wasm_vu64 ux = WASM_V128_AS(u64, a), uy = WASM_V128_AS(u64, b);
	wasm_vu64 mx = (wasm_vu64)(x < y), my = (wasm_vu64)(y < x);
	wasm_vu64 nan = (wasm_vu64)(x != x) | (wasm_vu64)(y != y);
	wasm_vu64 r = (ux & mx) | (uy & my) | ((ux | uy) & ~(mx | my));
	return WASM_V128_FROM(u64, (r & ~nan) | (WASM_F64_CANON_NAN & nan));
}

static inline union wasm_v128 wasm_f64x2_max(union wasm_v128 a,
					     union wasm_v128 b)
{
	wasm_vf64 x = WASM_V128_AS(f64, a), y = WASM_V128_AS(f64, b);
	wasm_vu64 ux = WASM_V128_AS(u64, a), uy = WASM_V128_AS(u64, b);
	wasm_vu64 mx = (wasm_vu64)(x > y), my = (wasm_vu64)(y > x);
	wasm_vu64 nan = (wasm_vu64)(x != x) | (wasm_vu64)(y != y);
	wasm_vu64 r = (ux & mx) | (uy & my) | ((ux & uy) & ~(mx | my));
	return WASM_V128_FROM(u64, (r & ~nan) | (WASM_F64_CANON_NAN & nan));
}

/* pmin/pmax: b < a ? b : a (resp. a < b ? b : a), operand bits kept exactly. */
static inline union wasm_v128 wasm_f64x2_pmin(union wasm_v128 a,
					      union wasm_v128 b)
{
	wasm_vf64 x = WASM_V128_AS(f64, a), y = WASM_V128_AS(f64, b);
	wasm_vu64 m = (wasm_vu64)(y < x);
	return WASM_V128_FROM(u64, (WASM_V128_AS(u64, b) & m) |
					   (WASM_V128_AS(u64, a) & ~m));
}

static inline union wasm_v128 wasm_f64x2_pmax(union wasm_v128 a,
					      union wasm_v128 b)
{
	wasm_vf64 x = WASM_V128_AS(f64, a), y = WASM_V128_AS(f64, b);
	wasm_vu64 m = (wasm_vu64)(x < y);
	return WASM_V128_FROM(u64, (WASM_V128_AS(u64, b) & m) |
					   (WASM_V128_AS(u64, a) & ~m));
}

/* Rounding as in wasm/num.h, lane-parallel: lanes below 2^52 go through
 * the integer conversion (others are zeroed first so that it is defined),
 * the rest are integral already or NaNs to quiet. */
static inline wasm_vu64 wasm_f64x2_trunc_bits(wasm_vu64 u, wasm_vu64 small)
{
	wasm_vf64 in;
	wasm_vu64 m = u & ~WASM_F64_SIGN, t;
	wasm_vu64 in_bits = u & small;
	__builtin_memcpy(&in, &in_bits, 16);
	wasm_vf64 f = __builtin_convertvector(
		__builtin_convertvector(in, wasm_vi64), wasm_vf64);
	__builtin_memcpy(&t, &f, 16);
	t |= u & WASM_F64_SIGN;
	wasm_vu64 nan = (wasm_vu64)(m > UINT64_C(0x7ff0000000000000));
	return (t & small) | ((u | (nan & WASM_F64_QUIET_BIT)) & ~small);
}

static inline union wasm_v128 wasm_f64x2_trunc(union wasm_v128 a)
{
	wasm_vu64 u = WASM_V128_AS(u64, a);
	wasm_vu64 small = (wasm_vu64)((u & ~WASM_F64_SIGN) <
				      UINT64_C(0x4330000000000000));
	return WASM_V128_FROM(u64, wasm_f64x2_trunc_bits(u, small));
}

static inline union wasm_v128 wasm_f64x2_floor(union wasm_v128 a)
{
	wasm_vu64 u = WASM_V128_AS(u64, a), t, s;
	wasm_vu64 small = (wasm_vu64)((u & ~WASM_F64_SIGN) <
				      UINT64_C(0x4330000000000000));
	wasm_vf64 ft, fs, x = WASM_V128_AS(f64, a);
	t = wasm_f64x2_trunc_bits(u, small);
	__builtin_memcpy(&ft, &t, 16);
	wasm_vu64 adj = (wasm_vu64)(ft > x);
	fs = ft - 1;
	__builtin_memcpy(&s, &fs, 16);
	return WASM_V128_FROM(u64, (s & adj) | (t & ~adj));
}

static inline union wasm_v128 wasm_f64x2_ceil(union wasm_v128 a)
{
	wasm_vu64 u = WASM_V128_AS(u64, a), t, s;
	wasm_vu64 small = (wasm_vu64)((u & ~WASM_F64_SIGN) <
				      UINT64_C(0x4330000000000000));
	wasm_vf64 ft, fs, x = WASM_V128_AS(f64, a);
	t = wasm_f64x2_trunc_bits(u, small);
	__builtin_memcpy(&ft, &t, 16);
	wasm_vu64 adj = (wasm_vu64)(ft < x);
	fs = ft + 1;
	__builtin_memcpy(&s, &fs, 16);
	return WASM_V128_FROM(u64, (s & adj) | (t & ~adj));
}

static inline union wasm_v128 wasm_f64x2_nearest(union wasm_v128 a)
{
	wasm_vu64 u = WASM_V128_AS(u64, a), m = u & ~WASM_F64_SIGN, t;
	wasm_vu64 small = (wasm_vu64)(m < UINT64_C(0x4330000000000000));
	wasm_vu64 nan = (wasm_vu64)(m > UINT64_C(0x7ff0000000000000));
	wasm_vf64 f;
	__builtin_memcpy(&f, &m, 16);
	f = (f + 0x1p52) - 0x1p52;
	__builtin_memcpy(&t, &f, 16);
	t |= u & WASM_F64_SIGN;
	return WASM_V128_FROM(
		u64, (t & small) | ((u | (nan & WASM_F64_QUIET_BIT)) & ~small));
}

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

#endif /* WASM_SIMD_H */
