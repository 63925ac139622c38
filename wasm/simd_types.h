/*
 * wasm/simd_types.h - the v128 value and its lane views (see wasm/simd.h).
 *
 * union wasm_v128 holds a value as the arrays of every lane shape; lane i
 * of a shape is element i of its array (little-endian host).  The GNU
 * vector types and WASM_V128_AS/WASM_V128_FROM below are how the lane
 * operations of the other wasm/simd_*.h headers compute, and
 * WASM_SIMD_BINOP/WASM_SIMD_CMP define the many operations that are one
 * vector operator on some lane type.
 */
#ifndef WASM_SIMD_TYPES_H
#define WASM_SIMD_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/num.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "wasm/simd*.h assume a little-endian host"
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

/* name(a, b): a op b lane-wise, in lane type t (u8 ... f64). */
#define WASM_SIMD_BINOP(name, t, op)                                           \
	static inline union wasm_v128 name(union wasm_v128 a,                  \
					   union wasm_v128 b)                  \
	{                                                                      \
		return WASM_V128_FROM(t, WASM_V128_AS(t, a)                    \
						 op WASM_V128_AS(t, b));       \
	}

/* name(a, b): all-ones lanes (unsigned lane type u) where a op b holds,
 * the lanes compared as type t. */
#define WASM_SIMD_CMP(name, u, t, op)                                          \
	static inline union wasm_v128 name(union wasm_v128 a,                  \
					   union wasm_v128 b)                  \
	{                                                                      \
		return WASM_V128_FROM(                                         \
			u, (wasm_v##u)(WASM_V128_AS(t, a)                      \
					       op WASM_V128_AS(t, b)));        \
	}

#endif /* WASM_SIMD_TYPES_H */
