/*
 * wasm/jit/float.c - f32/f64 instructions with WebAssembly's exact
 * semantics on RISC-V F/D: static round-to-nearest-even everywhere,
 * arithmetic NaNs come out canonical (RISC-V's rule, which wasm allows),
 * min/max propagate NaN (RISC-V's fmin/fmax return the other operand),
 * ceil/floor/trunc/nearest through a conversion of values below 2^23
 * (2^52) with the sign kept and NaNs quieted as wasm/num.h does, trapping
 * conversions check NaN and the range first, saturating ones turn NaN into 0.
 * Reinterpretations are free: slots hold bit patterns.
 */
#include "wasm/jit/internal.h"

static void fload(struct jit *j, bool d, int fr, uint32_t i)
{
	jit_fld(j, d, fr, RV_SP, jit_top(j, i));
}

static void fstore_top(struct jit *j, bool d, int fr)
{
	jit_fst(j, d, fr, RV_SP, jit_top(j, 0));
}

/* fr = the float with bit pattern bits (through t5). */
static void fconst(struct jit *j, bool d, int fr, uint64_t bits)
{
	jit_li(j, RV_T5, d ? (int64_t)bits : (int32_t)(uint32_t)bits);
	jit_emit(j, rv_fop(RV_FMV_FX, d, 0, fr, RV_T5, 0));
}

/* ft0 = NaN-propagating min (max) of ft0 and ft1. */
static void minmax(struct jit *j, bool d, bool max)
{
	jit_emit(j, rv_fop(RV_FCMP, d, 2, RV_T0, RV_FT0, RV_FT0));
	jit_emit(j, rv_fop(RV_FCMP, d, 2, RV_T1, RV_FT1, RV_FT1));
	jit_emit(j, rv_and(RV_T0, RV_T0, RV_T1));
	uint32_t nan = jit_b_fwd(j, RV_BEQ, RV_T0, RV_ZERO);
	jit_emit(j, rv_fop(RV_FMINMAX, d, max, RV_FT0, RV_FT0, RV_FT1));
	uint32_t done = jit_jal_fwd(j);
	jit_land(j, nan);
	jit_emit(j, rv_fop(RV_FADD, d, RV_RNE, RV_FT0, RV_FT0, RV_FT1));
	jit_land(j, done);
}

/* ft0 = ft0 rounded to an integral value with rounding mode rm. */
static void round_int(struct jit *j, bool d, int rm)
{
	jit_emit(j, rv_fop(RV_FCMP, d, 2, RV_T0, RV_FT0, RV_FT0));
	uint32_t nan = jit_b_fwd(j, RV_BEQ, RV_T0, RV_ZERO);
	jit_emit(j, rv_fop(RV_FSGNJ, d, 2, RV_FT1, RV_FT0, RV_FT0));
	fconst(j, d, RV_FT2, d ? 0x4330000000000000ull : 0x4b000000u);
	jit_emit(j, rv_fop(RV_FCMP, d, 1, RV_T0, RV_FT1, RV_FT2));
	uint32_t big = jit_b_fwd(j, RV_BEQ, RV_T0, RV_ZERO);
	jit_emit(j, rv_fop(RV_FCVT_IF, d, (uint32_t)rm, RV_T0, RV_FT0, 2));
	jit_emit(j, rv_fop(RV_FCVT_FI, d, RV_RNE, RV_FT1, RV_T0, 2));
	jit_emit(j, rv_fop(RV_FSGNJ, d, 0, RV_FT0, RV_FT1, RV_FT0));
	uint32_t done = jit_jal_fwd(j);
	/* A NaN is quieted, its payload kept: the interpreter's result
	 * (wasm/num.h), so both tiers store the same bits. */
	jit_land(j, nan);
	jit_emit(j, rv_fop(RV_FMV_XF, d, 0, RV_T0, RV_FT0, 0));
	jit_li(j, RV_T1, d ? (int64_t)1 << 51 : 1 << 22);
	jit_emit(j, rv_or(RV_T0, RV_T0, RV_T1));
	jit_emit(j, rv_fop(RV_FMV_FX, d, 0, RV_FT0, RV_T0, 0));
	jit_land(j, done);
	jit_land(j, big);
}

static bool unary(struct jit *j, bool d, unsigned k)
{
	static const int rms[] = {RV_RUP, RV_RDN, RV_RTZ, RV_RNE};
	fload(j, d, RV_FT0, 0);
	switch (k) {
	case 0: /* abs */
		jit_emit(j, rv_fop(RV_FSGNJ, d, 2, RV_FT0, RV_FT0, RV_FT0));
		break;
	case 1: /* neg */
		jit_emit(j, rv_fop(RV_FSGNJ, d, 1, RV_FT0, RV_FT0, RV_FT0));
		break;
	case 2:
	case 3:
	case 4:
	case 5: /* ceil floor trunc nearest */
		round_int(j, d, rms[k - 2]);
		break;
	case 6:
		jit_emit(j, rv_fop(RV_FSQRT, d, RV_RNE, RV_FT0, RV_FT0, 0));
		break;
	}
	fstore_top(j, d, RV_FT0);
	return true;
}

static bool binary(struct jit *j, bool d, unsigned k)
{
	static const uint32_t ar[] = {RV_FADD, RV_FSUB, RV_FMUL, RV_FDIV};
	fload(j, d, RV_FT0, 1);
	fload(j, d, RV_FT1, 0);
	j->height--;
	if (k < 4)
		jit_emit(j, rv_fop(ar[k], d, RV_RNE, RV_FT0, RV_FT0, RV_FT1));
	else if (k < 6)
		minmax(j, d, k == 5);
	else
		jit_emit(j, rv_fop(RV_FSGNJ, d, 0, RV_FT0, RV_FT0, RV_FT1));
	fstore_top(j, d, RV_FT0);
	return true;
}

/* eq ne lt gt le ge. */
static bool compare(struct jit *j, bool d, unsigned k)
{
	static const uint32_t f3[] = {2, 2, 1, 1, 0, 0};
	bool swap = k == 3 || k == 5;
	fload(j, d, RV_FT0, 1);
	fload(j, d, RV_FT1, 0);
	j->height--;
	jit_emit(j, rv_fop(RV_FCMP, d, f3[k], RV_T0, swap ? RV_FT1 : RV_FT0,
			   swap ? RV_FT0 : RV_FT1));
	if (k == 1)
		jit_emit(j, rv_xori(RV_T0, RV_T0, 1));
	jit_st(j, RV_SD, RV_T0, RV_SP, jit_top(j, 0));
	return true;
}

/* Trapping float->int: (source double?, result 64?, signed?). */
static void truncate(struct jit *j, bool d, bool l, bool s, bool sat)
{
	/* Lower bound (inclusive when exact), upper bound (exclusive). */
	uint64_t lo, hi;
	bool lo_incl = s && !(d && !l);
	if (!s)
		lo = d ? 0xbff0000000000000ull : 0xbf800000u;
	else if (!l)
		lo = d ? 0xc1e0000000200000ull : 0xcf000000u;
	else
		lo = d ? 0xc3e0000000000000ull : 0xdf000000u;
	if (!l)
		hi = s ? (d ? 0x41e0000000000000ull : 0x4f000000u)
		       : (d ? 0x41f0000000000000ull : 0x4f800000u);
	else
		hi = s ? (d ? 0x43e0000000000000ull : 0x5f000000u)
		       : (d ? 0x43f0000000000000ull : 0x5f800000u);
	fload(j, d, RV_FT0, 0);
	uint32_t kind = (l ? 2 : 0) + (s ? 0 : 1);
	if (sat) {
		jit_emit(j, rv_fop(RV_FCVT_IF, d, RV_RTZ, RV_T0, RV_FT0,
				   (int)kind));
		jit_emit(j, rv_fop(RV_FCMP, d, 2, RV_T1, RV_FT0, RV_FT0));
		jit_emit(j, rv_sub(RV_T1, RV_ZERO, RV_T1));
		jit_emit(j, rv_and(RV_T0, RV_T0, RV_T1));
		jit_st(j, RV_SD, RV_T0, RV_SP, jit_top(j, 0));
		return;
	}
	jit_emit(j, rv_fop(RV_FCMP, d, 2, RV_T0, RV_FT0, RV_FT0));
	jit_trap_if(j, RV_BEQ, RV_T0, RV_ZERO, WASM_TRAP_INVALID_CONV);
	fconst(j, d, RV_FT1, lo);
	fconst(j, d, RV_FT2, hi);
	jit_emit(j, rv_fop(RV_FCMP, d, lo_incl ? 0 : 1, RV_T0, RV_FT1, RV_FT0));
	jit_trap_if(j, RV_BEQ, RV_T0, RV_ZERO, WASM_TRAP_INT_OVERFLOW);
	jit_emit(j, rv_fop(RV_FCMP, d, 1, RV_T0, RV_FT0, RV_FT2));
	jit_trap_if(j, RV_BEQ, RV_T0, RV_ZERO, WASM_TRAP_INT_OVERFLOW);
	jit_emit(j, rv_fop(RV_FCVT_IF, d, RV_RTZ, RV_T0, RV_FT0, (int)kind));
	jit_st(j, RV_SD, RV_T0, RV_SP, jit_top(j, 0));
}

/* int->float: (result double?, source 64?, signed?). */
static void convert(struct jit *j, bool d, bool l, bool s)
{
	jit_ld(j, l ? RV_LD : RV_LW, RV_T0, RV_SP, jit_top(j, 0));
	jit_emit(j, rv_fop(RV_FCVT_FI, d, RV_RNE, RV_FT0, RV_T0,
			   (l ? 2 : 0) + (s ? 0 : 1)));
	fstore_top(j, d, RV_FT0);
}

static bool conversions(struct jit *j, unsigned op)
{
	if (op >= WASM_OP_I32_TRUNC_F32_S && op <= WASM_OP_I32_TRUNC_F64_U) {
		unsigned k = op - WASM_OP_I32_TRUNC_F32_S;
		truncate(j, k >= 2, false, !(k & 1), false);
	} else if (op >= WASM_OP_I64_TRUNC_F32_S &&
		   op <= WASM_OP_I64_TRUNC_F64_U) {
		unsigned k = op - WASM_OP_I64_TRUNC_F32_S;
		truncate(j, k >= 2, true, !(k & 1), false);
	} else if (op >= WASM_OP_F32_CONVERT_I32_S &&
		   op <= WASM_OP_F32_CONVERT_I64_U) {
		unsigned k = op - WASM_OP_F32_CONVERT_I32_S;
		convert(j, false, k >= 2, !(k & 1));
	} else if (op >= WASM_OP_F64_CONVERT_I32_S &&
		   op <= WASM_OP_F64_CONVERT_I64_U) {
		unsigned k = op - WASM_OP_F64_CONVERT_I32_S;
		convert(j, true, k >= 2, !(k & 1));
	} else if (op == WASM_OP_F32_DEMOTE_F64) {
		fload(j, true, RV_FT0, 0);
		jit_emit(j, rv_fop(RV_FCVT_FF, 0, RV_RNE, RV_FT0, RV_FT0, 1));
		fstore_top(j, false, RV_FT0);
	} else if (op == WASM_OP_F64_PROMOTE_F32) {
		fload(j, false, RV_FT0, 0);
		jit_emit(j, rv_fop(RV_FCVT_FF, 1, RV_RNE, RV_FT0, RV_FT0, 0));
		fstore_top(j, true, RV_FT0);
	} else if (op < WASM_OP_I32_REINTERPRET_F32 ||
		   op > WASM_OP_F64_REINTERPRET_I64) {
		return false;
	}
	return true;
}

/* Saturating truncations (0xFC 0-7). */
static bool trunc_sat(struct jit *j, unsigned op)
{
	if (op > 7)
		return false;
	truncate(j, (op & 2) != 0, op >= 4, !(op & 1), true);
	return true;
}

/*
 * Float instructions; false when in is not one.
 */
bool jit_float(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	if (in->prefix == WASM_PREFIX_FC)
		return trunc_sat(j, op);
	if (in->prefix)
		return false;
	if (op == WASM_OP_F32_CONST || op == WASM_OP_F64_CONST) {
		j->height++;
		jit_li(j, RV_T0,
		       op == WASM_OP_F64_CONST ? (int64_t)in->c
					       : (int32_t)(uint32_t)in->c);
		jit_st(j, RV_SD, RV_T0, RV_SP, jit_top(j, 0));
		return true;
	}
	if (op >= WASM_OP_F32_EQ && op <= WASM_OP_F32_GE)
		return compare(j, false, op - WASM_OP_F32_EQ);
	if (op >= WASM_OP_F64_EQ && op <= WASM_OP_F64_GE)
		return compare(j, true, op - WASM_OP_F64_EQ);
	if (op >= WASM_OP_F32_ABS && op <= WASM_OP_F32_SQRT)
		return unary(j, false, op - WASM_OP_F32_ABS);
	if (op >= WASM_OP_F32_ADD && op <= WASM_OP_F32_COPYSIGN)
		return binary(j, false, op - WASM_OP_F32_ADD);
	if (op >= WASM_OP_F64_ABS && op <= WASM_OP_F64_SQRT)
		return unary(j, true, op - WASM_OP_F64_ABS);
	if (op >= WASM_OP_F64_ADD && op <= WASM_OP_F64_COPYSIGN)
		return binary(j, true, op - WASM_OP_F64_ADD);
	return conversions(j, op);
}
