/*
 * wasm/simd_mem.h - the lane logic of the v128 loads and stores (see
 * wasm/simd.h) on an already bounds-checked byte pointer, with no
 * alignment assumption, and the unaligned scalar accesses they use.
 */
#ifndef WASM_SIMD_MEM_H
#define WASM_SIMD_MEM_H

#include "wasm/simd_types.h"

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

#endif /* WASM_SIMD_MEM_H */
