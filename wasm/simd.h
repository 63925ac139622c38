/*
 * wasm/simd.h - WebAssembly 2.0 SIMD (v128) semantics in portable C.
 *
 * One static inline function per SIMD instruction, named wasm_<instr> with
 * dots replaced by underscores (i8x16.add_sat_s -> wasm_i8x16_add_sat_s).
 * Lane operations are simple fixed-count loops over union wasm_v128 so that
 * clang and gcc turn them into vector instructions on the host and into
 * straight-line code on riscv64.  Freestanding: no libm, no globals.
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

/* ---- memory helpers -------------------------------------------------------- */

static inline union wasm_v128 wasm_v128_load(const uint8_t *p)
{
	union wasm_v128 r;
	__builtin_memcpy(&r, p, 16);
	return r;
}

/* v128.const: the immediate's 16 bytes, little-endian. */
static inline union wasm_v128 wasm_v128_const(const uint8_t bytes[16])
{
	return wasm_v128_load(bytes);
}

static inline void wasm_v128_store(uint8_t *p, union wasm_v128 v)
{
	__builtin_memcpy(p, &v, 16);
}

static inline union wasm_v128 wasm_v128_load8x8_s(const uint8_t *p)
{
	int8_t s[8];
	union wasm_v128 r;
	__builtin_memcpy(s, p, 8);
	for (int i = 0; i < 8; i++)
		r.i16[i] = s[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load8x8_u(const uint8_t *p)
{
	uint8_t s[8];
	union wasm_v128 r;
	__builtin_memcpy(s, p, 8);
	for (int i = 0; i < 8; i++)
		r.u16[i] = s[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load16x4_s(const uint8_t *p)
{
	int16_t s[4];
	union wasm_v128 r;
	__builtin_memcpy(s, p, 8);
	for (int i = 0; i < 4; i++)
		r.i32[i] = s[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load16x4_u(const uint8_t *p)
{
	uint16_t s[4];
	union wasm_v128 r;
	__builtin_memcpy(s, p, 8);
	for (int i = 0; i < 4; i++)
		r.u32[i] = s[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load32x2_s(const uint8_t *p)
{
	int32_t s[2];
	union wasm_v128 r;
	__builtin_memcpy(s, p, 8);
	for (int i = 0; i < 2; i++)
		r.i64[i] = s[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load32x2_u(const uint8_t *p)
{
	uint32_t s[2];
	union wasm_v128 r;
	__builtin_memcpy(s, p, 8);
	for (int i = 0; i < 2; i++)
		r.u64[i] = s[i];
	return r;
}

static inline union wasm_v128 wasm_v128_load8_splat(const uint8_t *p)
{
	union wasm_v128 r;
	__builtin_memset(&r, p[0], 16);
	return r;
}

static inline union wasm_v128 wasm_v128_load16_splat(const uint8_t *p)
{
	uint16_t x;
	union wasm_v128 r;
	__builtin_memcpy(&x, p, 2);
	for (int i = 0; i < 8; i++)
		r.u16[i] = x;
	return r;
}

static inline union wasm_v128 wasm_v128_load32_splat(const uint8_t *p)
{
	uint32_t x;
	union wasm_v128 r;
	__builtin_memcpy(&x, p, 4);
	for (int i = 0; i < 4; i++)
		r.u32[i] = x;
	return r;
}

static inline union wasm_v128 wasm_v128_load64_splat(const uint8_t *p)
{
	uint64_t x;
	union wasm_v128 r;
	__builtin_memcpy(&x, p, 8);
	r.u64[0] = x;
	r.u64[1] = x;
	return r;
}

static inline union wasm_v128 wasm_v128_load32_zero(const uint8_t *p)
{
	union wasm_v128 r;
	r.u64[0] = 0;
	r.u64[1] = 0;
	__builtin_memcpy(&r.u32[0], p, 4);
	return r;
}

static inline union wasm_v128 wasm_v128_load64_zero(const uint8_t *p)
{
	union wasm_v128 r;
	r.u64[1] = 0;
	__builtin_memcpy(&r.u64[0], p, 8);
	return r;
}

/* load*_lane: v with lane `lane` replaced by the value at p. */
static inline union wasm_v128 wasm_v128_load8_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	v.u8[lane & 15] = p[0];
	return v;
}

static inline union wasm_v128 wasm_v128_load16_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	__builtin_memcpy(&v.u16[lane & 7], p, 2);
	return v;
}

static inline union wasm_v128 wasm_v128_load32_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	__builtin_memcpy(&v.u32[lane & 3], p, 4);
	return v;
}

static inline union wasm_v128 wasm_v128_load64_lane(union wasm_v128 v, const uint8_t *p, unsigned lane)
{
	__builtin_memcpy(&v.u64[lane & 1], p, 8);
	return v;
}

/* store*_lane: writes lane `lane` of v to p. */
static inline void wasm_v128_store8_lane(uint8_t *p, union wasm_v128 v, unsigned lane)
{
	p[0] = v.u8[lane & 15];
}

static inline void wasm_v128_store16_lane(uint8_t *p, union wasm_v128 v, unsigned lane)
{
	__builtin_memcpy(p, &v.u16[lane & 7], 2);
}

static inline void wasm_v128_store32_lane(uint8_t *p, union wasm_v128 v, unsigned lane)
{
	__builtin_memcpy(p, &v.u32[lane & 3], 4);
}

static inline void wasm_v128_store64_lane(uint8_t *p, union wasm_v128 v, unsigned lane)
{
	__builtin_memcpy(p, &v.u64[lane & 1], 8);
}

/* ---- constructing and taking apart ------------------------------------------ */

static inline union wasm_v128 wasm_i8x16_splat(uint32_t x)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)x;
	return r;
}

static inline union wasm_v128 wasm_i16x8_splat(uint32_t x)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)x;
	return r;
}

static inline union wasm_v128 wasm_i32x4_splat(uint32_t x)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = x;
	return r;
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

static inline int32_t wasm_i8x16_extract_lane_s(union wasm_v128 v, unsigned lane) { return v.i8[lane & 15]; }
static inline uint32_t wasm_i8x16_extract_lane_u(union wasm_v128 v, unsigned lane) { return v.u8[lane & 15]; }
static inline int32_t wasm_i16x8_extract_lane_s(union wasm_v128 v, unsigned lane) { return v.i16[lane & 7]; }
static inline uint32_t wasm_i16x8_extract_lane_u(union wasm_v128 v, unsigned lane) { return v.u16[lane & 7]; }
static inline uint32_t wasm_i32x4_extract_lane(union wasm_v128 v, unsigned lane) { return v.u32[lane & 3]; }
static inline uint64_t wasm_i64x2_extract_lane(union wasm_v128 v, unsigned lane) { return v.u64[lane & 1]; }
static inline float wasm_f32x4_extract_lane(union wasm_v128 v, unsigned lane)
{
	return wasm_f32_from_bits(v.u32[lane & 3]);
}
static inline double wasm_f64x2_extract_lane(union wasm_v128 v, unsigned lane)
{
	return wasm_f64_from_bits(v.u64[lane & 1]);
}

static inline union wasm_v128 wasm_i8x16_replace_lane(union wasm_v128 v, unsigned lane, uint32_t x)
{
	v.u8[lane & 15] = (uint8_t)x;
	return v;
}

static inline union wasm_v128 wasm_i16x8_replace_lane(union wasm_v128 v, unsigned lane, uint32_t x)
{
	v.u16[lane & 7] = (uint16_t)x;
	return v;
}

static inline union wasm_v128 wasm_i32x4_replace_lane(union wasm_v128 v, unsigned lane, uint32_t x)
{
	v.u32[lane & 3] = x;
	return v;
}

static inline union wasm_v128 wasm_i64x2_replace_lane(union wasm_v128 v, unsigned lane, uint64_t x)
{
	v.u64[lane & 1] = x;
	return v;
}

static inline union wasm_v128 wasm_f32x4_replace_lane(union wasm_v128 v, unsigned lane, float x)
{
	v.u32[lane & 3] = wasm_f32_bits(x);
	return v;
}

static inline union wasm_v128 wasm_f64x2_replace_lane(union wasm_v128 v, unsigned lane, double x)
{
	v.u64[lane & 1] = wasm_f64_bits(x);
	return v;
}

/* i8x16.shuffle: lanes[i] < 32 picks byte lanes[i] of a:b (a first). */
static inline union wasm_v128 wasm_i8x16_shuffle(union wasm_v128 a, union wasm_v128 b, const uint8_t lanes[16])
{
	uint8_t both[32];
	union wasm_v128 r;
	__builtin_memcpy(both, &a, 16);
	__builtin_memcpy(both + 16, &b, 16);
	for (int i = 0; i < 16; i++)
		r.u8[i] = both[lanes[i] & 31];
	return r;
}

/* i8x16.swizzle: indices >= 16 give 0. */
static inline union wasm_v128 wasm_i8x16_swizzle(union wasm_v128 a, union wasm_v128 s)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = s.u8[i] < 16 ? a.u8[s.u8[i] & 15] : 0;
	return r;
}

/* ---- bitwise ------------------------------------------------------------------- */

static inline union wasm_v128 wasm_v128_not(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = ~a.u64[i];
	return r;
}

static inline union wasm_v128 wasm_v128_and(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] & b.u64[i];
	return r;
}

static inline union wasm_v128 wasm_v128_andnot(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] & ~b.u64[i];
	return r;
}

static inline union wasm_v128 wasm_v128_or(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] | b.u64[i];
	return r;
}

static inline union wasm_v128 wasm_v128_xor(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] ^ b.u64[i];
	return r;
}

/* v128.bitselect(a, b, c): bits of a where c is 1, of b where c is 0. */
static inline union wasm_v128 wasm_v128_bitselect(union wasm_v128 a, union wasm_v128 b, union wasm_v128 c)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]);
	return r;
}

static inline bool wasm_v128_any_true(union wasm_v128 a)
{
	return (a.u64[0] | a.u64[1]) != 0;
}

/* ---- integer comparisons: all-ones lane when true ---------------------- */

static inline union wasm_v128 wasm_i8x16_eq(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] == b.u8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_ne(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] != b.u8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_lt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.i8[i] < b.i8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_lt_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] < b.u8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_gt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.i8[i] > b.i8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_gt_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] > b.u8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_le_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.i8[i] <= b.i8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_le_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] <= b.u8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_ge_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.i8[i] >= b.i8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i8x16_ge_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] >= b.u8[i] ? 0xff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_eq(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] == b.u16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_ne(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] != b.u16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_lt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.i16[i] < b.i16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_lt_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] < b.u16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_gt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.i16[i] > b.i16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_gt_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] > b.u16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_le_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.i16[i] <= b.i16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_le_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] <= b.u16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_ge_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.i16[i] >= b.i16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i16x8_ge_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] >= b.u16[i] ? 0xffff : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_eq(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] == b.u32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_ne(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] != b.u32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_lt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.i32[i] < b.i32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_lt_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] < b.u32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_gt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.i32[i] > b.i32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_gt_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] > b.u32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_le_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.i32[i] <= b.i32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_le_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] <= b.u32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_ge_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.i32[i] >= b.i32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_ge_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] >= b.u32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_i64x2_eq(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] == b.u64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_i64x2_ne(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] != b.u64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_i64x2_lt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.i64[i] < b.i64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_i64x2_gt_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.i64[i] > b.i64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_i64x2_le_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.i64[i] <= b.i64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_i64x2_ge_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.i64[i] >= b.i64[i] ? UINT64_MAX : 0;
	return r;
}

/* ---- float comparisons --------------------------------------------------- */

static inline union wasm_v128 wasm_f32x4_eq(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] == b.f32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_f32x4_ne(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] != b.f32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_f32x4_lt(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] < b.f32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_f32x4_gt(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] > b.f32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_f32x4_le(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] <= b.f32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_f32x4_ge(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] >= b.f32[i] ? 0xffffffffu : 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_eq(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] == b.f64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_ne(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] != b.f64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_lt(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] < b.f64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_gt(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] > b.f64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_le(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] <= b.f64[i] ? UINT64_MAX : 0;
	return r;
}

static inline union wasm_v128 wasm_f64x2_ge(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] >= b.f64[i] ? UINT64_MAX : 0;
	return r;
}

/* ---- integer arithmetic (wrapping) ---------------------------------------- */

static inline union wasm_v128 wasm_i8x16_abs(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.i8[i] < 0 ? (uint8_t)(0 - (uint8_t)a.u8[i]) : a.u8[i];
	return r;
}

static inline union wasm_v128 wasm_i8x16_neg(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(0 - (uint8_t)a.u8[i]);
	return r;
}

static inline union wasm_v128 wasm_i8x16_add(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(a.u8[i] + b.u8[i]);
	return r;
}

static inline union wasm_v128 wasm_i8x16_sub(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(a.u8[i] - b.u8[i]);
	return r;
}

static inline union wasm_v128 wasm_i8x16_shl(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 7;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(a.u8[i] << s);
	return r;
}

static inline union wasm_v128 wasm_i8x16_shr_s(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 7;
	for (int i = 0; i < 16; i++)
		r.i8[i] = (int8_t)(a.i8[i] >> s);
	return r;
}

static inline union wasm_v128 wasm_i8x16_shr_u(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 7;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(a.u8[i] >> s);
	return r;
}

static inline bool wasm_i8x16_all_true(union wasm_v128 a)
{
	bool r = true;
	for (int i = 0; i < 16; i++)
		r &= a.u8[i] != 0;
	return r;
}

static inline uint32_t wasm_i8x16_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 16; i++)
		r |= (uint32_t)(a.u8[i] >> 7) << i;
	return r;
}

static inline union wasm_v128 wasm_i8x16_min_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.i8[i] = a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i];
	return r;
}

static inline union wasm_v128 wasm_i8x16_min_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] < b.u8[i] ? a.u8[i] : b.u8[i];
	return r;
}

static inline union wasm_v128 wasm_i8x16_max_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.i8[i] = a.i8[i] > b.i8[i] ? a.i8[i] : b.i8[i];
	return r;
}

static inline union wasm_v128 wasm_i8x16_max_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i];
	return r;
}

static inline union wasm_v128 wasm_i8x16_add_sat_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++) {
		int v = a.i8[i] + b.i8[i];
		r.i8[i] = (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i8x16_add_sat_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++) {
		int v = a.u8[i] + b.u8[i];
		r.u8[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i8x16_sub_sat_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++) {
		int v = a.i8[i] - b.i8[i];
		r.i8[i] = (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i8x16_sub_sat_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++) {
		int v = a.u8[i] - b.u8[i];
		r.u8[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i8x16_avgr_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(((uint32_t)a.u8[i] + b.u8[i] + 1) >> 1);
	return r;
}

static inline union wasm_v128 wasm_i16x8_abs(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.i16[i] < 0 ? (uint16_t)(0 - (uint16_t)a.u16[i]) : a.u16[i];
	return r;
}

static inline union wasm_v128 wasm_i16x8_neg(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(0 - (uint16_t)a.u16[i]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_add(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(a.u16[i] + b.u16[i]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_sub(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(a.u16[i] - b.u16[i]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_mul(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)((uint32_t)a.u16[i] * b.u16[i]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_shl(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 15;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(a.u16[i] << s);
	return r;
}

static inline union wasm_v128 wasm_i16x8_shr_s(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 15;
	for (int i = 0; i < 8; i++)
		r.i16[i] = (int16_t)(a.i16[i] >> s);
	return r;
}

static inline union wasm_v128 wasm_i16x8_shr_u(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 15;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(a.u16[i] >> s);
	return r;
}

static inline bool wasm_i16x8_all_true(union wasm_v128 a)
{
	bool r = true;
	for (int i = 0; i < 8; i++)
		r &= a.u16[i] != 0;
	return r;
}

static inline uint32_t wasm_i16x8_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 8; i++)
		r |= (uint32_t)(a.u16[i] >> 15) << i;
	return r;
}

static inline union wasm_v128 wasm_i16x8_min_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = a.i16[i] < b.i16[i] ? a.i16[i] : b.i16[i];
	return r;
}

static inline union wasm_v128 wasm_i16x8_min_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] < b.u16[i] ? a.u16[i] : b.u16[i];
	return r;
}

static inline union wasm_v128 wasm_i16x8_max_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = a.i16[i] > b.i16[i] ? a.i16[i] : b.i16[i];
	return r;
}

static inline union wasm_v128 wasm_i16x8_max_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u16[i] > b.u16[i] ? a.u16[i] : b.u16[i];
	return r;
}

static inline union wasm_v128 wasm_i16x8_add_sat_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++) {
		int v = a.i16[i] + b.i16[i];
		r.i16[i] = (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i16x8_add_sat_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++) {
		int v = a.u16[i] + b.u16[i];
		r.u16[i] = (uint16_t)(v < 0 ? 0 : v > 65535 ? 65535 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i16x8_sub_sat_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++) {
		int v = a.i16[i] - b.i16[i];
		r.i16[i] = (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i16x8_sub_sat_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++) {
		int v = a.u16[i] - b.u16[i];
		r.u16[i] = (uint16_t)(v < 0 ? 0 : v > 65535 ? 65535 : v);
	}
	return r;
}

static inline union wasm_v128 wasm_i16x8_avgr_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(((uint32_t)a.u16[i] + b.u16[i] + 1) >> 1);
	return r;
}

static inline union wasm_v128 wasm_i32x4_abs(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.i32[i] < 0 ? (uint32_t)(0 - (uint32_t)a.u32[i]) : a.u32[i];
	return r;
}

static inline union wasm_v128 wasm_i32x4_neg(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(0 - (uint32_t)a.u32[i]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_add(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(a.u32[i] + b.u32[i]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_sub(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(a.u32[i] - b.u32[i]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_mul(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)((uint32_t)a.u32[i] * b.u32[i]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_shl(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 31;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(a.u32[i] << s);
	return r;
}

static inline union wasm_v128 wasm_i32x4_shr_s(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 31;
	for (int i = 0; i < 4; i++)
		r.i32[i] = (int32_t)(a.i32[i] >> s);
	return r;
}

static inline union wasm_v128 wasm_i32x4_shr_u(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 31;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(a.u32[i] >> s);
	return r;
}

static inline bool wasm_i32x4_all_true(union wasm_v128 a)
{
	bool r = true;
	for (int i = 0; i < 4; i++)
		r &= a.u32[i] != 0;
	return r;
}

static inline uint32_t wasm_i32x4_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 4; i++)
		r |= (uint32_t)(a.u32[i] >> 31) << i;
	return r;
}

static inline union wasm_v128 wasm_i32x4_min_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = a.i32[i] < b.i32[i] ? a.i32[i] : b.i32[i];
	return r;
}

static inline union wasm_v128 wasm_i32x4_min_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] < b.u32[i] ? a.u32[i] : b.u32[i];
	return r;
}

static inline union wasm_v128 wasm_i32x4_max_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = a.i32[i] > b.i32[i] ? a.i32[i] : b.i32[i];
	return r;
}

static inline union wasm_v128 wasm_i32x4_max_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] > b.u32[i] ? a.u32[i] : b.u32[i];
	return r;
}

static inline union wasm_v128 wasm_i64x2_abs(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.i64[i] < 0 ? (uint64_t)(0 - (uint64_t)a.u64[i]) : a.u64[i];
	return r;
}

static inline union wasm_v128 wasm_i64x2_neg(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)(0 - (uint64_t)a.u64[i]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_add(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)(a.u64[i] + b.u64[i]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_sub(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)(a.u64[i] - b.u64[i]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_mul(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)((uint64_t)a.u64[i] * b.u64[i]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_shl(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 63;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)(a.u64[i] << s);
	return r;
}

static inline union wasm_v128 wasm_i64x2_shr_s(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 63;
	for (int i = 0; i < 2; i++)
		r.i64[i] = (int64_t)(a.i64[i] >> s);
	return r;
}

static inline union wasm_v128 wasm_i64x2_shr_u(union wasm_v128 a, uint32_t n)
{
	union wasm_v128 r;
	unsigned s = n & 63;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)(a.u64[i] >> s);
	return r;
}

static inline bool wasm_i64x2_all_true(union wasm_v128 a)
{
	bool r = true;
	for (int i = 0; i < 2; i++)
		r &= a.u64[i] != 0;
	return r;
}

static inline uint32_t wasm_i64x2_bitmask(union wasm_v128 a)
{
	uint32_t r = 0;
	for (int i = 0; i < 2; i++)
		r |= (uint32_t)(a.u64[i] >> 63) << i;
	return r;
}
/* ---- remaining integer operations ------------------------------------------------ */

static inline union wasm_v128 wasm_i8x16_popcnt(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 16; i++) {
		uint8_t x = a.u8[i];
		x = (uint8_t)(x - ((x >> 1) & 0x55));
		x = (uint8_t)((x & 0x33) + ((x >> 2) & 0x33));
		r.u8[i] = (uint8_t)((x + (x >> 4)) & 0x0f);
	}
	return r;
}

/* narrow: lanes of a then of b, saturated (the _u forms read signed input). */
static inline union wasm_v128 wasm_i8x16_narrow_i16x8_s(union wasm_v128 a, union wasm_v128 b)
{
	int16_t in[16];
	union wasm_v128 r;
	__builtin_memcpy(in, &a, 16);
	__builtin_memcpy(in + 8, &b, 16);
	for (int i = 0; i < 16; i++)
		r.i8[i] = (int8_t)(in[i] < -128 ? -128 : in[i] > 127 ? 127 : in[i]);
	return r;
}

static inline union wasm_v128 wasm_i8x16_narrow_i16x8_u(union wasm_v128 a, union wasm_v128 b)
{
	int16_t in[16];
	union wasm_v128 r;
	__builtin_memcpy(in, &a, 16);
	__builtin_memcpy(in + 8, &b, 16);
	for (int i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)(in[i] < 0 ? 0 : in[i] > 255 ? 255 : in[i]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_narrow_i32x4_s(union wasm_v128 a, union wasm_v128 b)
{
	int32_t in[8];
	union wasm_v128 r;
	__builtin_memcpy(in, &a, 16);
	__builtin_memcpy(in + 4, &b, 16);
	for (int i = 0; i < 8; i++)
		r.i16[i] = (int16_t)(in[i] < -32768 ? -32768 : in[i] > 32767 ? 32767 : in[i]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_narrow_i32x4_u(union wasm_v128 a, union wasm_v128 b)
{
	int32_t in[8];
	union wasm_v128 r;
	__builtin_memcpy(in, &a, 16);
	__builtin_memcpy(in + 4, &b, 16);
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(in[i] < 0 ? 0 : in[i] > 65535 ? 65535 : in[i]);
	return r;
}

/* extend: widen the low or high half of the lanes. */
static inline union wasm_v128 wasm_i16x8_extend_low_i8x16_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = a.i8[i + 0];
	return r;
}

static inline union wasm_v128 wasm_i16x8_extend_low_i8x16_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u8[i + 0];
	return r;
}

static inline union wasm_v128 wasm_i16x8_extend_high_i8x16_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = a.i8[i + 8];
	return r;
}

static inline union wasm_v128 wasm_i16x8_extend_high_i8x16_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = a.u8[i + 8];
	return r;
}

static inline union wasm_v128 wasm_i32x4_extend_low_i16x8_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = a.i16[i + 0];
	return r;
}

static inline union wasm_v128 wasm_i32x4_extend_low_i16x8_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u16[i + 0];
	return r;
}

static inline union wasm_v128 wasm_i32x4_extend_high_i16x8_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = a.i16[i + 4];
	return r;
}

static inline union wasm_v128 wasm_i32x4_extend_high_i16x8_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u16[i + 4];
	return r;
}

static inline union wasm_v128 wasm_i64x2_extend_low_i32x4_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i64[i] = a.i32[i + 0];
	return r;
}

static inline union wasm_v128 wasm_i64x2_extend_low_i32x4_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u32[i + 0];
	return r;
}

static inline union wasm_v128 wasm_i64x2_extend_high_i32x4_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i64[i] = a.i32[i + 2];
	return r;
}

static inline union wasm_v128 wasm_i64x2_extend_high_i32x4_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u32[i + 2];
	return r;
}

/* extmul: widening multiply of the low or high halves. */
static inline union wasm_v128 wasm_i16x8_extmul_low_i8x16_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = (int16_t)((int16_t)a.i8[i + 0] * b.i8[i + 0]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_extmul_low_i8x16_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)((uint16_t)a.u8[i + 0] * b.u8[i + 0]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_extmul_high_i8x16_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = (int16_t)((int16_t)a.i8[i + 8] * b.i8[i + 8]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_extmul_high_i8x16_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)((uint16_t)a.u8[i + 8] * b.u8[i + 8]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_extmul_low_i16x8_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = (int32_t)((int32_t)a.i16[i + 0] * b.i16[i + 0]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_extmul_low_i16x8_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)((uint32_t)a.u16[i + 0] * b.u16[i + 0]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_extmul_high_i16x8_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = (int32_t)((int32_t)a.i16[i + 4] * b.i16[i + 4]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_extmul_high_i16x8_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)((uint32_t)a.u16[i + 4] * b.u16[i + 4]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_extmul_low_i32x4_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i64[i] = (int64_t)((int64_t)a.i32[i + 0] * b.i32[i + 0]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_extmul_low_i32x4_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)((uint64_t)a.u32[i + 0] * b.u32[i + 0]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_extmul_high_i32x4_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i64[i] = (int64_t)((int64_t)a.i32[i + 2] * b.i32[i + 2]);
	return r;
}

static inline union wasm_v128 wasm_i64x2_extmul_high_i32x4_u(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = (uint64_t)((uint64_t)a.u32[i + 2] * b.u32[i + 2]);
	return r;
}

/* extadd_pairwise: sum of adjacent lanes, widened. */
static inline union wasm_v128 wasm_i16x8_extadd_pairwise_i8x16_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.i16[i] = (int16_t)(a.i8[2 * i] + a.i8[2 * i + 1]);
	return r;
}

static inline union wasm_v128 wasm_i16x8_extadd_pairwise_i8x16_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++)
		r.u16[i] = (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_extadd_pairwise_i16x8_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = (int32_t)(a.i16[2 * i] + a.i16[2 * i + 1]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_extadd_pairwise_i16x8_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(a.u16[2 * i] + a.u16[2 * i + 1]);
	return r;
}

/* Q15 rounding multiply; only -32768 * -32768 saturates. */
static inline union wasm_v128 wasm_i16x8_q15mulr_sat_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 8; i++) {
		int32_t v = (a.i16[i] * b.i16[i] + 0x4000) >> 15;
		r.i16[i] = (int16_t)(v > 32767 ? 32767 : v);
	}
	return r;
}

/* Sum of adjacent products; the sum may wrap (2 * -32768 * -32768). */
static inline union wasm_v128 wasm_i32x4_dot_i16x8_s(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]);
	return r;
}

/* ---- floating point ------------------------------------------------------------------ */

static inline union wasm_v128 wasm_f32x4_abs(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] & ~WASM_F32_SIGN;
	return r;
}

static inline union wasm_v128 wasm_f32x4_neg(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.u32[i] ^ WASM_F32_SIGN;
	return r;
}

static inline union wasm_v128 wasm_f64x2_abs(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] & ~WASM_F64_SIGN;
	return r;
}

static inline union wasm_v128 wasm_f64x2_neg(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.u64[i] ^ WASM_F64_SIGN;
	return r;
}

static inline union wasm_v128 wasm_f32x4_add(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = a.f32[i] + b.f32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_sub(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = a.f32[i] - b.f32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_mul(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = a.f32[i] * b.f32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_div(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = a.f32[i] / b.f32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_sqrt(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_sqrt(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f32x4_min(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_min(a.f32[i], b.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f32x4_max(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_max(a.f32[i], b.f32[i]);
	return r;
}

/* pmin/pmax: b < a ? b : a (resp. a < b ? b : a), operand bits kept exactly. */
static inline union wasm_v128 wasm_f32x4_pmin(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = b.f32[i] < a.f32[i] ? b.u32[i] : a.u32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_pmax(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = a.f32[i] < b.f32[i] ? b.u32[i] : a.u32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_ceil(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_ceil(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f32x4_floor(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_floor(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f32x4_trunc(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_trunc(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f32x4_nearest(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = wasm_f32_nearest(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f64x2_add(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = a.f64[i] + b.f64[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_sub(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = a.f64[i] - b.f64[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_mul(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = a.f64[i] * b.f64[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_div(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = a.f64[i] / b.f64[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_sqrt(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_sqrt(a.f64[i]);
	return r;
}

static inline union wasm_v128 wasm_f64x2_min(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_min(a.f64[i], b.f64[i]);
	return r;
}

static inline union wasm_v128 wasm_f64x2_max(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_max(a.f64[i], b.f64[i]);
	return r;
}

/* pmin/pmax: b < a ? b : a (resp. a < b ? b : a), operand bits kept exactly. */
static inline union wasm_v128 wasm_f64x2_pmin(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = b.f64[i] < a.f64[i] ? b.u64[i] : a.u64[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_pmax(union wasm_v128 a, union wasm_v128 b)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.u64[i] = a.f64[i] < b.f64[i] ? b.u64[i] : a.u64[i];
	return r;
}

static inline union wasm_v128 wasm_f64x2_ceil(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_ceil(a.f64[i]);
	return r;
}

static inline union wasm_v128 wasm_f64x2_floor(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_floor(a.f64[i]);
	return r;
}

static inline union wasm_v128 wasm_f64x2_trunc(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_trunc(a.f64[i]);
	return r;
}

static inline union wasm_v128 wasm_f64x2_nearest(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.f64[i] = wasm_f64_nearest(a.f64[i]);
	return r;
}

/* ---- conversions ----------------------------------------------------------------- */

static inline union wasm_v128 wasm_i32x4_trunc_sat_f32x4_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.i32[i] = wasm_i32_trunc_sat_f32_s(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_i32x4_trunc_sat_f32x4_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.u32[i] = wasm_i32_trunc_sat_f32_u(a.f32[i]);
	return r;
}

static inline union wasm_v128 wasm_f32x4_convert_i32x4_s(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = (float)a.i32[i];
	return r;
}

static inline union wasm_v128 wasm_f32x4_convert_i32x4_u(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 4; i++)
		r.f32[i] = (float)a.u32[i];
	return r;
}

static inline union wasm_v128 wasm_i32x4_trunc_sat_f64x2_s_zero(union wasm_v128 a)
{
	union wasm_v128 r;
	for (int i = 0; i < 2; i++)
		r.i32[i] = wasm_i32_trunc_sat_f64_s(a.f64[i]);
	r.u64[1] = 0;
	return r;
}

static inline union wasm_v128 wasm_i32x4_trunc_sat_f64x2_u_zero(union wasm_v128 a)
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
