/*
 * wasm/jit/simd_lane.c - v128 lanes as a whole (simd.h): splat,
 * extract_lane and replace_lane (floats as their bits: a scalar's slot
 * holds them), shuffle and swizzle through the scratch v128, the bitwise
 * operations on the two 64-bit halves, and the reductions to an i32
 * (any_true, all_true, bitmask), pushed in a cache register.
 */
#include "wasm/jit/simd.h"

/* iNxM.splat and fNxM.splat: the scalar on top (w bytes) to every lane. */
static void splat(struct jit *j, unsigned w)
{
	jit_ld(j, jit_lane_ld(w, false), RV_T0, RV_SP, jit_top(j, 0));
	jit_pop(j, 1);
	jit_vpush(j);
	for (unsigned k = 0; k < 16 / w; k++)
		jit_st(j, jit_lane_st(w), RV_T0, RV_SP, jit_vtop(j, 0) + w * k);
}

/* extract_lane (s: sign-extended): the lane's bits to the scalar slot
 * that replaces the v128 (its lower one). */
static void extract(struct jit *j, unsigned w, bool s, unsigned lane)
{
	lane &= 16 / w - 1;
	jit_ld(j, jit_lane_ld(w, s), RV_T0, RV_SP, jit_vtop(j, 0) + w * lane);
	jit_st(j, RV_SD, RV_T0, RV_SP, jit_vtop(j, 0));
	jit_pop(j, 1);
}

/* replace_lane: [v, x] -> v with lane = x. */
static void replace(struct jit *j, unsigned w, unsigned lane)
{
	lane &= 16 / w - 1;
	jit_ld(j, jit_lane_ld(w, false), RV_T0, RV_SP, jit_top(j, 0));
	jit_st(j, jit_lane_st(w), RV_T0, RV_SP, jit_vtop(j, 1) + w * lane);
	jit_pop(j, 1);
}

/* i8x16.shuffle: [a, b] -> the bytes of a:b the immediates pick. */
static void shuffle(struct jit *j, const uint8_t *s)
{
	int64_t a = jit_vtop(j, 2), b = jit_vtop(j, 0), t = jit_vtmp(j);
	for (unsigned k = 0; k < 16; k++) {
		unsigned i = s[k] & 31;
		jit_ld(j, RV_LBU, RV_T0, RV_SP, i < 16 ? a + i : b + i - 16);
		jit_st(j, RV_SB, RV_T0, RV_SP, t + k);
	}
	jit_pop(j, 2);
	jit_vcopy(j, jit_vtop(j, 0), t);
}

/* i8x16.swizzle: [a, s] -> a[s[k]], 0 where s[k] >= 16. */
static void swizzle(struct jit *j)
{
	int64_t a = jit_vtop(j, 2), s = jit_vtop(j, 0), t = jit_vtmp(j);
	jit_addi(j, RV_T3, RV_SP, a);
	for (unsigned k = 0; k < 16; k++) {
		jit_ld(j, RV_LBU, RV_T1, RV_SP, s + k);
		jit_emit(j, rv_addi(RV_T0, RV_ZERO, 0));
		jit_emit(j, rv_sltiu(RV_T2, RV_T1, 16));
		jit_emit(j, rv_b(RV_BEQ, RV_T2, RV_ZERO, 12));
		jit_emit(j, rv_add(RV_T1, RV_T1, RV_T3));
		jit_emit(j, rv_load(RV_LBU, RV_T0, RV_T1, 0));
		jit_st(j, RV_SB, RV_T0, RV_SP, t + k);
	}
	jit_pop(j, 2);
	jit_vcopy(j, jit_vtop(j, 0), t);
}

/* not, and, andnot, or, xor (k 0-4) on the halves, into the first. */
static void bitwise(struct jit *j, unsigned k)
{
	int64_t a = jit_vtop(j, k ? 2 : 0), b = jit_vtop(j, 0);
	for (int h = 0; h < 16; h += 8) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, a + h);
		if (k)
			jit_ld(j, RV_LD, RV_T1, RV_SP, b + h);
		if (k == 0 || k == 2)
			jit_emit(j, rv_xori(RV_T0 + (k == 2), RV_T0 + (k == 2),
					    -1));
		jit_emit(j, k <= 2   ? rv_and(RV_T0, RV_T0, k ? RV_T1 : RV_T0)
			    : k == 3 ? rv_or(RV_T0, RV_T0, RV_T1)
				     : rv_xor(RV_T0, RV_T0, RV_T1));
		jit_st(j, RV_SD, RV_T0, RV_SP, a + h);
	}
	if (k)
		jit_pop(j, 2);
}

/* v128.bitselect: [a, b, c] -> (a & c) | (b & ~c). */
static void bitselect(struct jit *j)
{
	int64_t a = jit_vtop(j, 4), b = jit_vtop(j, 2), c = jit_vtop(j, 0);
	for (int h = 0; h < 16; h += 8) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, a + h);
		jit_ld(j, RV_LD, RV_T1, RV_SP, b + h);
		jit_ld(j, RV_LD, RV_T2, RV_SP, c + h);
		/* b ^ ((a ^ b) & c) */
		jit_emit(j, rv_xor(RV_T0, RV_T0, RV_T1));
		jit_emit(j, rv_and(RV_T0, RV_T0, RV_T2));
		jit_emit(j, rv_xor(RV_T0, RV_T0, RV_T1));
		jit_st(j, RV_SD, RV_T0, RV_SP, a + h);
	}
	jit_pop(j, 4);
}

/* any_true (w 0), all_true and bitmask of lanes of w bytes: t0, then
 * pushed as an i32 in place of the v128. */
static void reduce(struct jit *j, unsigned w, bool mask)
{
	int64_t a = jit_vtop(j, 0);
	if (!w) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, a);
		jit_ld(j, RV_LD, RV_T1, RV_SP, a + 8);
		jit_emit(j, rv_or(RV_T0, RV_T0, RV_T1));
		jit_emit(j, rv_sltu(RV_T0, RV_ZERO, RV_T0));
	} else {
		jit_emit(j, rv_addi(RV_T0, RV_ZERO, mask ? 0 : 1));
		for (unsigned k = 0; k < 16 / w; k++) {
			jit_ld(j, jit_lane_ld(w, true), RV_T1, RV_SP,
			       a + w * k);
			if (mask) {
				jit_emit(j, rv_slt(RV_T1, RV_T1, RV_ZERO));
				jit_emit(j, rv_slli(RV_T1, RV_T1, k));
				jit_emit(j, rv_or(RV_T0, RV_T0, RV_T1));
			} else {
				jit_emit(j, rv_b(RV_BNE, RV_T1, RV_ZERO, 8));
				jit_emit(j, rv_addi(RV_T0, RV_ZERO, 0));
			}
		}
	}
	jit_pop(j, 2);
	jit_simd_push_t0(j, true);
}

/* Lane width in bytes of a splat/extract/replace/all_true/bitmask by
 * opcode; 0 for none. */
static unsigned lanes_w(unsigned op)
{
	switch (op) {
	case WASM_OP_FD_I8X16_ALL_TRUE:
	case WASM_OP_FD_I8X16_BITMASK:
		return 1;
	case WASM_OP_FD_I16X8_ALL_TRUE:
	case WASM_OP_FD_I16X8_BITMASK:
		return 2;
	case WASM_OP_FD_I32X4_ALL_TRUE:
	case WASM_OP_FD_I32X4_BITMASK:
		return 4;
	case WASM_OP_FD_I64X2_ALL_TRUE:
	case WASM_OP_FD_I64X2_BITMASK:
		return 8;
	}
	return 0;
}

/* The lane-shape operations; false for any other. */
bool jit_simd_lane(struct jit *j, const struct wasm_instr *in)
{
	static const uint8_t splat_w[] = {1, 2, 4, 8, 4, 8};
	/* extract_s, extract_u, replace of i8x16 .. f64x2 from 21 on. */
	static const uint8_t lane_w[] = {1, 1, 1, 2, 2, 2, 4,
					 4, 8, 8, 4, 4, 8, 8};
	unsigned op = in->op, lane = (unsigned)in->c;
	if (op >= WASM_OP_FD_I8X16_SPLAT && op <= WASM_OP_FD_F64X2_SPLAT) {
		splat(j, splat_w[op - WASM_OP_FD_I8X16_SPLAT]);
		return true;
	}
	if (op >= WASM_OP_FD_I8X16_EXTRACT_LANE_S &&
	    op <= WASM_OP_FD_F64X2_REPLACE_LANE) {
		unsigned i = op - WASM_OP_FD_I8X16_EXTRACT_LANE_S;
		bool rep = op == WASM_OP_FD_I8X16_REPLACE_LANE ||
			   op == WASM_OP_FD_I16X8_REPLACE_LANE ||
			   (i >= 6 && i % 2 == 1);
		if (rep)
			replace(j, lane_w[i], lane);
		else
			extract(j, lane_w[i], i == 0 || i == 3 || i >= 6, lane);
		return true;
	}
	if (op >= WASM_OP_FD_V128_NOT && op <= WASM_OP_FD_V128_XOR) {
		bitwise(j, op - WASM_OP_FD_V128_NOT);
		return true;
	}
	switch (op) {
	case WASM_OP_FD_I8X16_SHUFFLE:
		shuffle(j, in->vec);
		return true;
	case WASM_OP_FD_I8X16_SWIZZLE:
		swizzle(j);
		return true;
	case WASM_OP_FD_V128_BITSELECT:
		bitselect(j);
		return true;
	case WASM_OP_FD_V128_ANY_TRUE:
		reduce(j, 0, false);
		return true;
	}
	if (!lanes_w(op))
		return false;
	reduce(j, lanes_w(op),
	       op == WASM_OP_FD_I8X16_BITMASK ||
		       op == WASM_OP_FD_I16X8_BITMASK ||
		       op == WASM_OP_FD_I32X4_BITMASK ||
		       op == WASM_OP_FD_I64X2_BITMASK);
	return true;
}
