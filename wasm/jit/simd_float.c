/*
 * wasm/jit/simd_float.c - f32x4 and f64x2 lanes (simd.h) with the scalar
 * float semantics of float.c, lane by lane in ft0/ft1: arithmetic and
 * sqrt in the hardware with round-to-nearest-even (NaNs canonical),
 * min/max and rounding through float.c's emitters, abs/neg as bit
 * operations and pmin/pmax as a choice of an operand's bits (NaNs kept,
 * as wasm/simd_float.h does), comparisons to all-ones lanes, and the
 * conversions between lane shapes (saturating truncation: NaN to 0).
 */
#include "wasm/jit/simd.h"

/* fN lane k of the v128 at sp + a. */
static int64_t at(int64_t a, bool d, unsigned k)
{
	return a + (d ? 8 : 4) * (int64_t)k;
}

/* add sub mul div min max pmin pmax (k 0-7): [a, b] -> a op b. */
static void binary(struct jit *j, bool d, unsigned k)
{
	static const uint32_t ar[] = {RV_FADD, RV_FSUB, RV_FMUL, RV_FDIV};
	int64_t a = jit_vtop(j, 2), b = jit_vtop(j, 0);
	for (unsigned i = 0; i < (d ? 2u : 4u); i++) {
		jit_fld(j, d, RV_FT0, RV_SP, at(a, d, i));
		jit_fld(j, d, RV_FT1, RV_SP, at(b, d, i));
		if (k < 4) {
			jit_emit(j, rv_fop(ar[k], d, RV_RNE, RV_FT0, RV_FT0,
					   RV_FT1));
		} else if (k < 6) {
			jit_fminmax(j, d, k == 5);
		} else {
			/* pmin: b < a ? b : a; pmax: a < b ? b : a. */
			jit_emit(j, k == 6 ? rv_fop(RV_FCMP, d, 1, RV_T0,
						    RV_FT1, RV_FT0)
					   : rv_fop(RV_FCMP, d, 1, RV_T0,
						    RV_FT0, RV_FT1));
			jit_emit(j, rv_b(RV_BEQ, RV_T0, RV_ZERO, 8));
			jit_emit(j, rv_fop(RV_FSGNJ, d, 0, RV_FT0, RV_FT1,
					   RV_FT1));
		}
		jit_fst(j, d, RV_FT0, RV_SP, at(a, d, i));
	}
	jit_pop(j, 2);
}

/* eq ne lt gt le ge (k 0-5): lanes of all ones where it holds. */
static void compare(struct jit *j, bool d, unsigned k)
{
	static const uint32_t f3[] = {2, 2, 1, 1, 0, 0};
	bool swap = k == 3 || k == 5;
	int64_t a = jit_vtop(j, 2), b = jit_vtop(j, 0);
	for (unsigned i = 0; i < (d ? 2u : 4u); i++) {
		jit_fld(j, d, RV_FT0, RV_SP, at(a, d, i));
		jit_fld(j, d, RV_FT1, RV_SP, at(b, d, i));
		jit_emit(j, rv_fop(RV_FCMP, d, f3[k], RV_T0,
				   swap ? RV_FT1 : RV_FT0,
				   swap ? RV_FT0 : RV_FT1));
		if (k == 1)
			jit_emit(j, rv_xori(RV_T0, RV_T0, 1));
		jit_emit(j, rv_sub(RV_T0, RV_ZERO, RV_T0));
		jit_st(j, d ? RV_SD : RV_SW, RV_T0, RV_SP, at(a, d, i));
	}
	jit_pop(j, 2);
}

/* abs neg sqrt ceil floor trunc nearest (k 0-6), in place. */
static void unary(struct jit *j, bool d, unsigned k)
{
	static const int rms[] = {RV_RUP, RV_RDN, RV_RTZ, RV_RNE};
	int64_t a = jit_vtop(j, 0);
	unsigned sh = d ? 1 : 33;
	for (unsigned i = 0; i < (d ? 2u : 4u); i++) {
		if (k < 2) {
			/* The sign bit alone changes, NaN payloads kept. */
			jit_ld(j, d ? RV_LD : RV_LWU, RV_T0, RV_SP,
			       at(a, d, i));
			if (k == 0) {
				jit_emit(j, rv_slli(RV_T0, RV_T0, sh));
				jit_emit(j, rv_srli(RV_T0, RV_T0, sh));
			} else {
				jit_emit(j, rv_addi(RV_T1, RV_ZERO, -1));
				jit_emit(j, rv_slli(RV_T1, RV_T1, d ? 63 : 31));
				jit_emit(j, rv_xor(RV_T0, RV_T0, RV_T1));
			}
			jit_st(j, d ? RV_SD : RV_SW, RV_T0, RV_SP, at(a, d, i));
			continue;
		}
		jit_fld(j, d, RV_FT0, RV_SP, at(a, d, i));
		if (k == 2)
			jit_emit(j, rv_fop(RV_FSQRT, d, RV_RNE, RV_FT0, RV_FT0,
					   0));
		else
			jit_fround(j, d, rms[k - 3]);
		jit_fst(j, d, RV_FT0, RV_SP, at(a, d, i));
	}
}

/*
 * The conversions, op the 0xFD sub-opcode: i32x4 <-> f32x4 lane for
 * lane; from f64x2 to the low lanes (the high ones zero); from the low
 * lanes to f64x2 (both read before either is written).
 */
static void convert(struct jit *j, unsigned op)
{
	int64_t a = jit_vtop(j, 0);
	bool u = op & 1;
	switch (op) {
	case WASM_OP_FD_I32X4_TRUNC_SAT_F32X4_S:
	case WASM_OP_FD_I32X4_TRUNC_SAT_F32X4_U:
	case WASM_OP_FD_F32X4_CONVERT_I32X4_S:
	case WASM_OP_FD_F32X4_CONVERT_I32X4_U:
		for (unsigned i = 0; i < 4; i++) {
			if (op >= WASM_OP_FD_F32X4_CONVERT_I32X4_S) {
				jit_ld(j, RV_LW, RV_T0, RV_SP, a + 4 * i);
				jit_emit(j, rv_fop(RV_FCVT_FI, 0, RV_RNE,
						   RV_FT0, RV_T0, u));
				jit_fst(j, false, RV_FT0, RV_SP, a + 4 * i);
				continue;
			}
			jit_fld(j, false, RV_FT0, RV_SP, a + 4 * i);
			jit_ftrunc_sat(j, false, u);
			jit_st(j, RV_SW, RV_T0, RV_SP, a + 4 * i);
		}
		return;
	case WASM_OP_FD_I32X4_TRUNC_SAT_F64X2_S_ZERO:
	case WASM_OP_FD_I32X4_TRUNC_SAT_F64X2_U_ZERO:
		jit_fld(j, true, RV_FT0, RV_SP, a);
		jit_ftrunc_sat(j, true, u);
		jit_emit(j, rv_addi(RV_T3, RV_T0, 0));
		jit_fld(j, true, RV_FT0, RV_SP, a + 8);
		jit_ftrunc_sat(j, true, u);
		jit_st(j, RV_SW, RV_T3, RV_SP, a);
		jit_st(j, RV_SW, RV_T0, RV_SP, a + 4);
		jit_st(j, RV_SD, RV_ZERO, RV_SP, a + 8);
		return;
	case WASM_OP_FD_F32X4_DEMOTE_F64X2_ZERO:
		for (unsigned i = 0; i < 2; i++) {
			jit_fld(j, true, RV_FT0 + (int)i, RV_SP, a + 8 * i);
			jit_emit(j,
				 rv_fop(RV_FCVT_FF, 0, RV_RNE, RV_FT0 + (int)i,
					RV_FT0 + (int)i, 1));
		}
		jit_fst(j, false, RV_FT0, RV_SP, a);
		jit_fst(j, false, RV_FT1, RV_SP, a + 4);
		jit_st(j, RV_SD, RV_ZERO, RV_SP, a + 8);
		return;
	case WASM_OP_FD_F64X2_PROMOTE_LOW_F32X4:
	case WASM_OP_FD_F64X2_CONVERT_LOW_I32X4_S:
	case WASM_OP_FD_F64X2_CONVERT_LOW_I32X4_U:
		for (unsigned i = 0; i < 2; i++) {
			int fr = RV_FT0 + (int)i;
			if (op == WASM_OP_FD_F64X2_PROMOTE_LOW_F32X4) {
				jit_fld(j, false, fr, RV_SP, a + 4 * i);
				jit_emit(j, rv_fop(RV_FCVT_FF, 1, RV_RNE, fr,
						   fr, 0));
				continue;
			}
			jit_ld(j, RV_LW, RV_T0, RV_SP, a + 4 * i);
			jit_emit(j,
				 rv_fop(RV_FCVT_FI, 1, RV_RNE, fr, RV_T0, u));
		}
		jit_fst(j, true, RV_FT0, RV_SP, a);
		jit_fst(j, true, RV_FT1, RV_SP, a + 8);
		return;
	}
}

/* The float lane operations; false for any other. */
bool jit_simd_float(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	if (op >= WASM_OP_FD_F32X4_ADD && op <= WASM_OP_FD_F32X4_PMAX)
		binary(j, false, op - WASM_OP_FD_F32X4_ADD);
	else if (op >= WASM_OP_FD_F64X2_ADD && op <= WASM_OP_FD_F64X2_PMAX)
		binary(j, true, op - WASM_OP_FD_F64X2_ADD);
	else if (op >= WASM_OP_FD_F32X4_EQ && op <= WASM_OP_FD_F32X4_GE)
		compare(j, false, op - WASM_OP_FD_F32X4_EQ);
	else if (op >= WASM_OP_FD_F64X2_EQ && op <= WASM_OP_FD_F64X2_GE)
		compare(j, true, op - WASM_OP_FD_F64X2_EQ);
	else if (op == WASM_OP_FD_F32X4_ABS || op == WASM_OP_FD_F32X4_NEG ||
		 op == WASM_OP_FD_F32X4_SQRT)
		unary(j, false, op - WASM_OP_FD_F32X4_ABS - (op > 225));
	else if (op == WASM_OP_FD_F64X2_ABS || op == WASM_OP_FD_F64X2_NEG ||
		 op == WASM_OP_FD_F64X2_SQRT)
		unary(j, true, op - WASM_OP_FD_F64X2_ABS - (op > 237));
	else if (op >= WASM_OP_FD_F32X4_CEIL && op <= WASM_OP_FD_F32X4_NEAREST)
		unary(j, false, 3 + op - WASM_OP_FD_F32X4_CEIL);
	else if (op == WASM_OP_FD_F64X2_CEIL || op == WASM_OP_FD_F64X2_FLOOR)
		unary(j, true, 3 + op - WASM_OP_FD_F64X2_CEIL);
	else if (op == WASM_OP_FD_F64X2_TRUNC)
		unary(j, true, 5);
	else if (op == WASM_OP_FD_F64X2_NEAREST)
		unary(j, true, 6);
	else if ((op >= WASM_OP_FD_I32X4_TRUNC_SAT_F32X4_S &&
		  op <= WASM_OP_FD_F64X2_CONVERT_LOW_I32X4_U) ||
		 op == WASM_OP_FD_F32X4_DEMOTE_F64X2_ZERO ||
		 op == WASM_OP_FD_F64X2_PROMOTE_LOW_F32X4)
		convert(j, op);
	else
		return false;
	return true;
}
