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
 *
 * The definitions are in one header per family, all included here:
 *   wasm/simd_types.h  union wasm_v128, lane views, definition macros
 *   wasm/simd_mem.h    loads and stores
 *   wasm/simd_lanes.h  splat, extract/replace_lane, shuffle, swizzle,
 *                      bitwise operations
 *   wasm/simd_int.h    integer compares and arithmetic, per lane shape
 *   wasm/simd_widen.h  narrow, extend, extmul, extadd, q15mulr, dot, popcnt
 *   wasm/simd_float.h  f32x4/f64x2 operations, int/float conversions
 *   wasm/simd_relaxed.h  relaxed SIMD (3.0), one deterministic choice each
 * Operations that exist for several lane shapes are defined once, as a
 * macro over the shape (see each header); the function names are the
 * instructions' all the same.
 */
#ifndef WASM_SIMD_H
#define WASM_SIMD_H

#include "wasm/simd_types.h"

#include "wasm/simd_float.h"
#include "wasm/simd_int.h"
#include "wasm/simd_lanes.h"
#include "wasm/simd_mem.h"
#include "wasm/simd_relaxed.h"
#include "wasm/simd_widen.h"

#endif /* WASM_SIMD_H */
