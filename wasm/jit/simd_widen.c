/*
 * wasm/jit/simd_widen.c - the operations between lane widths (simd.h):
 * narrowing with saturation, extension of the low or high half,
 * extended multiplication, pairwise addition and i32x4.dot_i16x8_s.
 * Their lanes cross, so the result is built in the scratch v128 and
 * copied to its place; source lanes are loaded sign- or zero-extended
 * to 64 bits, where every intermediate is exact.
 */
#include "wasm/jit/simd.h"

/* Copies the scratch v128 to the result's place, after pop slots. */
static void finish(struct jit *j, uint32_t pop)
{
	jit_pop(j, pop);
	jit_vcopy(j, jit_vtop(j, 0), jit_vtmp(j));
}

/* narrow from lanes of w bytes to w / 2, saturating (s: signed). */
static void narrow(struct jit *j, unsigned w, bool s)
{
	unsigned bits = 4 * w, n = 16 / w;
	int64_t lo = s ? -((int64_t)1 << (bits - 1)) : 0;
	int64_t hi =
		s ? ((int64_t)1 << (bits - 1)) - 1 : ((int64_t)1 << bits) - 1;
	for (unsigned k = 0; k < 2 * n; k++) {
		int64_t src = (k < n ? jit_vtop(j, 2) : jit_vtop(j, 0)) +
			      (int64_t)(w * (k % n));
		jit_ld(j, jit_lane_ld(w, true), RV_T0, RV_SP, src);
		jit_simd_clamp(j, lo, hi);
		jit_st(j, jit_lane_st(w / 2), RV_T0, RV_SP,
		       jit_vtmp(j) + (int64_t)(w / 2 * k));
	}
	finish(j, 2);
}

/* extend (b < 0) or extmul with the v128 at b: lanes of w bytes from the
 * low or high half, to 2w; the v128 at a is the first operand. */
static void extend(struct jit *j, unsigned w, bool high, bool s, bool mul)
{
	int64_t a = jit_vtop(j, mul ? 2 : 0), b = jit_vtop(j, 0);
	int64_t half = high ? 8 : 0;
	int ld = jit_lane_ld(w, s);
	for (unsigned k = 0; k < 8 / w; k++) {
		jit_ld(j, ld, RV_T0, RV_SP, a + half + w * k);
		if (mul) {
			jit_ld(j, ld, RV_T1, RV_SP, b + half + w * k);
			jit_emit(j, rv_mul(RV_T0, RV_T0, RV_T1));
		}
		jit_st(j, jit_lane_st(2 * w), RV_T0, RV_SP,
		       jit_vtmp(j) + 2 * w * k);
	}
	finish(j, mul ? 2 : 0);
}

/* extadd_pairwise (dot: i32x4.dot_i16x8_s, the products of [a, b]). */
static void pairwise(struct jit *j, unsigned w, bool s, bool dot)
{
	int64_t a = jit_vtop(j, dot ? 2 : 0), b = jit_vtop(j, 0);
	int ld = jit_lane_ld(w, s);
	for (unsigned k = 0; k < 8 / w; k++) {
		for (unsigned h = 0; h < 2; h++) {
			int r = h ? RV_T1 : RV_T0;
			jit_ld(j, ld, r, RV_SP, a + w * (2 * k + h));
			if (dot) {
				jit_ld(j, ld, RV_T2, RV_SP,
				       b + w * (2 * k + h));
				jit_emit(j, rv_mul(r, r, RV_T2));
			}
		}
		jit_emit(j, rv_add(RV_T0, RV_T0, RV_T1));
		jit_st(j, jit_lane_st(2 * w), RV_T0, RV_SP,
		       jit_vtmp(j) + 2 * w * k);
	}
	finish(j, dot ? 2 : 0);
}

/* The operations between lane widths; false for any other. */
bool jit_simd_widen(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	switch (op) {
	case WASM_OP_FD_I8X16_NARROW_I16X8_S:
	case WASM_OP_FD_I8X16_NARROW_I16X8_U:
		narrow(j, 2, op == WASM_OP_FD_I8X16_NARROW_I16X8_S);
		return true;
	case WASM_OP_FD_I16X8_NARROW_I32X4_S:
	case WASM_OP_FD_I16X8_NARROW_I32X4_U:
		narrow(j, 4, op == WASM_OP_FD_I16X8_NARROW_I32X4_S);
		return true;
	case WASM_OP_FD_I16X8_EXTADD_PAIRWISE_I8X16_S:
	case WASM_OP_FD_I16X8_EXTADD_PAIRWISE_I8X16_U:
		pairwise(j, 1, op == WASM_OP_FD_I16X8_EXTADD_PAIRWISE_I8X16_S,
			 false);
		return true;
	case WASM_OP_FD_I32X4_EXTADD_PAIRWISE_I16X8_S:
	case WASM_OP_FD_I32X4_EXTADD_PAIRWISE_I16X8_U:
		pairwise(j, 2, op == WASM_OP_FD_I32X4_EXTADD_PAIRWISE_I16X8_S,
			 false);
		return true;
	case WASM_OP_FD_I32X4_DOT_I16X8_S:
		pairwise(j, 2, true, true);
		return true;
	}
	/* extend low_s high_s low_u high_u, extmul the same, by shape. */
	static const uint16_t ext[] = {
		WASM_OP_FD_I16X8_EXTEND_LOW_I8X16_S,
		WASM_OP_FD_I32X4_EXTEND_LOW_I16X8_S,
		WASM_OP_FD_I64X2_EXTEND_LOW_I32X4_S,
		WASM_OP_FD_I16X8_EXTMUL_LOW_I8X16_S,
		WASM_OP_FD_I32X4_EXTMUL_LOW_I16X8_S,
		WASM_OP_FD_I64X2_EXTMUL_LOW_I32X4_S,
	};
	for (unsigned i = 0; i < 6; i++) {
		if (op < ext[i] || op > ext[i] + 3u)
			continue;
		unsigned k = op - ext[i];
		extend(j, 1u << i % 3, k % 2, k < 2, i >= 3);
		return true;
	}
	return false;
}
