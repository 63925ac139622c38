/*
 * wasm/jit/simd_int.c - integer lane arithmetic and comparisons of v128
 * (simd.h): each lane loaded sign- or zero-extended to 64 bits (as the
 * operation's signedness asks), computed in t0 with the scalar
 * instructions, stored back narrowed; comparisons give all-ones or zero
 * lanes, saturating operations clamp the exact 64-bit result.  Lane-wise
 * operations work in place: lane k is read before it is written.
 */
#include "wasm/jit/simd.h"

enum {
	K_ADD,
	K_SUB,
	K_MUL,
	K_ADDSAT,
	K_SUBSAT,
	K_MIN,
	K_MAX,
	K_AVGR,
	K_Q15,
	K_EQ,
	K_NE,
	K_LT,
	K_GT,
	K_LE,
	K_GE,
};

struct lane_op {
	uint8_t op; /* 0xFD sub-opcode (all below 256) */
	uint8_t w;  /* lane bytes */
	uint8_t kind;
	bool s; /* signed */
};

/* The operations whose opcodes follow a pattern per lane shape: the ten
 * comparisons eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u of i8x16,
 * i16x8, i32x4 from 35 on; add add_sat_s add_sat_u sub sub_sat_s
 * sub_sat_u (0-5) and min_s min_u max_s max_u (8-11) of i8x16 from 110
 * on, of i16x8 from 142 on. */
static bool pattern_op(unsigned op, struct lane_op *o)
{
	static const uint8_t cmp[] = {K_EQ, K_NE, K_LT, K_LT, K_GT,
				      K_GT, K_LE, K_LE, K_GE, K_GE};
	static const uint8_t arith[] = {K_ADD,	  K_ADDSAT, K_ADDSAT, K_SUB,
					K_SUBSAT, K_SUBSAT, 0,	      0,
					K_MIN,	  K_MIN,    K_MAX,    K_MAX};
	if (op >= WASM_OP_FD_I8X16_EQ && op <= WASM_OP_FD_I32X4_GE_U) {
		unsigned k = (op - WASM_OP_FD_I8X16_EQ) % 10;
		*o = (struct lane_op){
			(uint8_t)op,
			(uint8_t)(1u << (op - WASM_OP_FD_I8X16_EQ) / 10),
			cmp[k], k >= 2 && k % 2 == 0};
		return true;
	}
	for (unsigned w = 1; w <= 2; w++) {
		unsigned base =
			w == 1 ? WASM_OP_FD_I8X16_ADD : WASM_OP_FD_I16X8_ADD;
		unsigned k = op - base;
		if (op < base || k >= sizeof(arith) || (k >= 6 && k < 8))
			continue;
		/* Signed: add_sat_s, sub_sat_s, min_s, max_s. */
		*o = (struct lane_op){(uint8_t)op, (uint8_t)w, arith[k],
				      k == 1 || k == 4 || k == 8 || k == 10};
		return true;
	}
	return false;
}

/* The others. */
static const struct lane_op binops[] = {
	{WASM_OP_FD_I32X4_ADD, 4, K_ADD, false},
	{WASM_OP_FD_I32X4_SUB, 4, K_SUB, false},
	{WASM_OP_FD_I32X4_MIN_S, 4, K_MIN, true},
	{WASM_OP_FD_I32X4_MIN_U, 4, K_MIN, false},
	{WASM_OP_FD_I32X4_MAX_S, 4, K_MAX, true},
	{WASM_OP_FD_I32X4_MAX_U, 4, K_MAX, false},
	{WASM_OP_FD_I8X16_AVGR_U, 1, K_AVGR, false},
	{WASM_OP_FD_I16X8_AVGR_U, 2, K_AVGR, false},
	{WASM_OP_FD_I16X8_MUL, 2, K_MUL, false},
	{WASM_OP_FD_I32X4_MUL, 4, K_MUL, false},
	{WASM_OP_FD_I64X2_MUL, 8, K_MUL, false},
	{WASM_OP_FD_I64X2_ADD, 8, K_ADD, false},
	{WASM_OP_FD_I64X2_SUB, 8, K_SUB, false},
	{WASM_OP_FD_I16X8_Q15MULR_SAT_S, 2, K_Q15, true},
	{WASM_OP_FD_I64X2_EQ, 8, K_EQ, false},
	{WASM_OP_FD_I64X2_NE, 8, K_NE, false},
	{WASM_OP_FD_I64X2_LT_S, 8, K_LT, true},
	{WASM_OP_FD_I64X2_GT_S, 8, K_GT, true},
	{WASM_OP_FD_I64X2_LE_S, 8, K_LE, true},
	{WASM_OP_FD_I64X2_GE_S, 8, K_GE, true},
};

/* t0 = t0 if lo <= t0 <= hi, else the bound (t2; simd.h). */
void jit_simd_clamp(struct jit *j, int64_t lo, int64_t hi)
{
	jit_li(j, RV_T2, hi);
	jit_emit(j, rv_b(RV_BGE, RV_T2, RV_T0, 8));
	jit_emit(j, rv_addi(RV_T0, RV_T2, 0));
	jit_li(j, RV_T2, lo);
	jit_emit(j, rv_b(RV_BGE, RV_T0, RV_T2, 8));
	jit_emit(j, rv_addi(RV_T0, RV_T2, 0));
}

/* t0 = t0 op t1 for one lane (both extended as o->s says). */
static void lane(struct jit *j, const struct lane_op *o)
{
	/* The lane's range (saturating operations have lanes of at most
	 * 16 bits). */
	unsigned bits = o->w < 4 ? 8u * o->w : 16;
	int64_t lo = o->s ? -((int64_t)1 << (bits - 1)) : 0;
	int64_t hi = o->s ? ((int64_t)1 << (bits - 1)) - 1
			  : ((int64_t)1 << bits) - 1;
	uint32_t lt = o->s ? RV_BGE : RV_BGEU;
	switch (o->kind) {
	case K_ADD:
	case K_ADDSAT:
	case K_AVGR:
		jit_emit(j, rv_add(RV_T0, RV_T0, RV_T1));
		if (o->kind == K_ADDSAT)
			jit_simd_clamp(j, lo, hi);
		if (o->kind == K_AVGR) {
			jit_emit(j, rv_addi(RV_T0, RV_T0, 1));
			jit_emit(j, rv_srli(RV_T0, RV_T0, 1));
		}
		return;
	case K_SUB:
	case K_SUBSAT:
		jit_emit(j, rv_sub(RV_T0, RV_T0, RV_T1));
		if (o->kind == K_SUBSAT)
			jit_simd_clamp(j, lo, hi);
		return;
	case K_MUL:
		jit_emit(j, rv_mul(RV_T0, RV_T0, RV_T1));
		return;
	case K_Q15:
		/* (a * b + 0x4000) >> 15: only -0x8000 squared overflows. */
		jit_emit(j, rv_mul(RV_T0, RV_T0, RV_T1));
		jit_li(j, RV_T2, 0x4000);
		jit_emit(j, rv_add(RV_T0, RV_T0, RV_T2));
		jit_emit(j, rv_srai(RV_T0, RV_T0, 15));
		jit_simd_clamp(j, lo, hi);
		return;
	case K_MIN:
	case K_MAX:
		/* min: b unless b >= a; max: b unless a >= b. */
		if (o->kind == K_MIN)
			jit_emit(j, rv_b(lt, RV_T1, RV_T0, 8));
		else
			jit_emit(j, rv_b(lt, RV_T0, RV_T1, 8));
		jit_emit(j, rv_addi(RV_T0, RV_T1, 0));
		return;
	case K_EQ:
	case K_NE:
		jit_emit(j, rv_xor(RV_T0, RV_T0, RV_T1));
		jit_emit(j, o->kind == K_EQ ? rv_sltiu(RV_T0, RV_T0, 1)
					    : rv_sltu(RV_T0, RV_ZERO, RV_T0));
		break;
	default: {
		/* lt: a < b; gt: b < a; le: !(b < a); ge: !(a < b). */
		bool swap = o->kind == K_GT || o->kind == K_LE;
		int x = swap ? RV_T1 : RV_T0, y = swap ? RV_T0 : RV_T1;
		jit_emit(j, o->s ? rv_slt(RV_T0, x, y) : rv_sltu(RV_T0, x, y));
		if (o->kind == K_LE || o->kind == K_GE)
			jit_emit(j, rv_xori(RV_T0, RV_T0, 1));
	}
	}
	jit_emit(j, rv_sub(RV_T0, RV_ZERO, RV_T0));
}

/* [a, b] -> a op b, lane by lane into a's place. */
static void binary(struct jit *j, const struct lane_op *o)
{
	int64_t a = jit_vtop(j, 2), b = jit_vtop(j, 0);
	int ld = jit_lane_ld(o->w, o->s), st = jit_lane_st(o->w);
	for (unsigned k = 0; k < 16u / o->w; k++) {
		jit_ld(j, ld, RV_T0, RV_SP, a + o->w * k);
		jit_ld(j, ld, RV_T1, RV_SP, b + o->w * k);
		lane(j, o);
		jit_st(j, st, RV_T0, RV_SP, a + o->w * k);
	}
	jit_pop(j, 2);
}

/* abs, neg (w bytes) and i8x16.popcnt (w 0), in place. */
static void unary(struct jit *j, unsigned w, bool neg)
{
	int64_t a = jit_vtop(j, 0);
	unsigned lw = w ? w : 1;
	for (unsigned k = 0; k < 16 / lw; k++) {
		jit_ld(j, jit_lane_ld(lw, w != 0), RV_T0, RV_SP, a + lw * k);
		if (!w) {
			/* Clears the lowest set bit until none is left. */
			jit_emit(j, rv_addi(RV_T1, RV_ZERO, 0));
			jit_emit(j, rv_b(RV_BEQ, RV_T0, RV_ZERO, 20));
			jit_emit(j, rv_addi(RV_T2, RV_T0, -1));
			jit_emit(j, rv_and(RV_T0, RV_T0, RV_T2));
			jit_emit(j, rv_addi(RV_T1, RV_T1, 1));
			jit_emit(j, rv_jal(RV_ZERO, -16));
			jit_emit(j, rv_addi(RV_T0, RV_T1, 0));
		} else {
			if (!neg)
				jit_emit(j, rv_b(RV_BGE, RV_T0, RV_ZERO, 8));
			jit_emit(j, rv_sub(RV_T0, RV_ZERO, RV_T0));
		}
		jit_st(j, jit_lane_st(lw), RV_T0, RV_SP, a + lw * k);
	}
}

/* shl, shr_s, shr_u (k 0-2) by the i32 on top, modulo the lane bits. */
static void shift(struct jit *j, unsigned w, unsigned k)
{
	int64_t a = jit_vtop(j, 1);
	jit_ld(j, RV_LW, RV_T1, RV_SP, jit_top(j, 0));
	jit_emit(j, rv_andi(RV_T1, RV_T1, (int32_t)(8 * w - 1)));
	for (unsigned i = 0; i < 16 / w; i++) {
		jit_ld(j, jit_lane_ld(w, k == 1), RV_T0, RV_SP, a + w * i);
		jit_emit(j, k == 0   ? rv_sll(RV_T0, RV_T0, RV_T1)
			    : k == 1 ? rv_sra(RV_T0, RV_T0, RV_T1)
				     : rv_srl(RV_T0, RV_T0, RV_T1));
		jit_st(j, jit_lane_st(w), RV_T0, RV_SP, a + w * i);
	}
	jit_pop(j, 1);
}

/* The integer lane operations; false for any other. */
bool jit_simd_int(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	struct lane_op o;
	if (pattern_op(op, &o)) {
		binary(j, &o);
		return true;
	}
	for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
		if (binops[i].op == op) {
			binary(j, &binops[i]);
			return true;
		}
	switch (op) {
	case WASM_OP_FD_I8X16_ABS:
	case WASM_OP_FD_I8X16_NEG:
		unary(j, 1, op == WASM_OP_FD_I8X16_NEG);
		return true;
	case WASM_OP_FD_I16X8_ABS:
	case WASM_OP_FD_I16X8_NEG:
		unary(j, 2, op == WASM_OP_FD_I16X8_NEG);
		return true;
	case WASM_OP_FD_I32X4_ABS:
	case WASM_OP_FD_I32X4_NEG:
		unary(j, 4, op == WASM_OP_FD_I32X4_NEG);
		return true;
	case WASM_OP_FD_I64X2_ABS:
	case WASM_OP_FD_I64X2_NEG:
		unary(j, 8, op == WASM_OP_FD_I64X2_NEG);
		return true;
	case WASM_OP_FD_I8X16_POPCNT:
		unary(j, 0, false);
		return true;
	}
	if (op >= WASM_OP_FD_I8X16_SHL && op <= WASM_OP_FD_I8X16_SHR_U)
		shift(j, 1, op - WASM_OP_FD_I8X16_SHL);
	else if (op >= WASM_OP_FD_I16X8_SHL && op <= WASM_OP_FD_I16X8_SHR_U)
		shift(j, 2, op - WASM_OP_FD_I16X8_SHL);
	else if (op >= WASM_OP_FD_I32X4_SHL && op <= WASM_OP_FD_I32X4_SHR_U)
		shift(j, 4, op - WASM_OP_FD_I32X4_SHL);
	else if (op >= WASM_OP_FD_I64X2_SHL && op <= WASM_OP_FD_I64X2_SHR_U)
		shift(j, 8, op - WASM_OP_FD_I64X2_SHL);
	else
		return false;
	return true;
}
