/*
 * wasm/jit/simd.h - what the compiler's SIMD files (simd*.c) share.
 *
 * A v128 lives in memory only, never in the register cache: on the
 * operand stack in two consecutive 8-byte slots (lane 0 at the lower
 * address, as the runtime's slots hold it), a v128 local in the 16 bytes
 * jit_simd_setup gave it.  Every SIMD instruction starts with the cache
 * flushed (jit_simd), so its operands, v128 or not, are in their slots,
 * and works lane by lane in t0-t3 and ft0-ft2 (unrolled: no V extension).
 * A result the lanes could overwrite before they are read is built in
 * the 16 bytes of scratch at slot j->vtmp and copied to its place.
 */
#ifndef WASM_JIT_SIMD_H
#define WASM_JIT_SIMD_H

#include "wasm/jit/internal.h"

/* Offset from sp of the v128 whose upper slot is d slots below the top
 * (0: the v128 on top). */
static inline int64_t jit_vtop(const struct jit *j, uint32_t d)
{
	return jit_top(j, d + 1);
}

/* Offset from sp of the scratch v128. */
static inline int64_t jit_vtmp(const struct jit *j)
{
	return jit_slot(j, j->vtmp);
}

/* Pushes a v128 (its two slots in memory, the upper one marked). */
static inline void jit_vpush(struct jit *j)
{
	j->vals[j->height++].kind = JV_MEM;
	j->vals[j->height++].kind = JV_V128;
}

/* The load and store (RV_L*, RV_S*) of a lane of w bytes. */
static inline int jit_lane_ld(unsigned w, bool s)
{
	switch (w) {
	case 1:
		return s ? RV_LB : RV_LBU;
	case 2:
		return s ? RV_LH : RV_LHU;
	case 4:
		return s ? RV_LW : RV_LWU;
	}
	return RV_LD;
}
static inline int jit_lane_st(unsigned w)
{
	return w == 1 ? RV_SB : w == 2 ? RV_SH : w == 4 ? RV_SW : RV_SD;
}

/* Copies the 16 bytes at sp + src to sp + dst (t2, t3). */
void jit_vcopy(struct jit *j, int64_t dst, int64_t src);
/* t0 = the value of the last instruction, pushed in a cache register
 * (w32: an i32, sign-extended). */
void jit_simd_push_t0(struct jit *j, bool w32);

/* t0 = t0 clamped to [lo, hi] (signed; t2 clobbered). */
void jit_simd_clamp(struct jit *j, int64_t lo, int64_t hi);

/* The groups (each false when in is not theirs): simd_int.c integer lane
 * arithmetic and comparisons, bitwise operations; simd_lane.c splat,
 * lanes, shuffles, masks; simd_float.c float lanes and conversions;
 * simd_widen.c narrowing, widening and pairwise operations; simd_mem.c
 * loads and stores. */
bool jit_simd_mem(struct jit *j, const struct wasm_instr *in);
bool jit_simd_int(struct jit *j, const struct wasm_instr *in);
bool jit_simd_lane(struct jit *j, const struct wasm_instr *in);
bool jit_simd_float(struct jit *j, const struct wasm_instr *in);
bool jit_simd_widen(struct jit *j, const struct wasm_instr *in);

#endif /* WASM_JIT_SIMD_H */
