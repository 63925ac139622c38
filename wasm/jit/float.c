/*
 * wasm/jit/float.c - f32/f64 instructions with WebAssembly's exact
 * semantics on RISC-V F/D: static round-to-nearest-even everywhere,
 * arithmetic NaNs come out canonical (RISC-V's rule, which wasm allows),
 * min/max propagate NaN (RISC-V's fmin/fmax return the other operand),
 * ceil/floor/trunc/nearest through a conversion of values below 2^23
 * (2^52) with the sign kept and NaNs quieted as wasm/num.h does, trapping
 * conversions check NaN and the range first, saturating ones turn NaN into 0.
 * Operands come from the register cache (jit_use_f: a float register,
 * loaded from its slot, moved from an integer register or built from a
 * constant), results go to float cache registers (comparisons and
 * truncations to integer ones).  Reinterpretations are free: an entry is
 * a bit pattern wherever it lives.
 */
#include "wasm/jit/internal.h"

/* fd = fs (the width's sign-injection: bit-exact, NaNs kept). */
static void fmove(struct jit *j, bool d, int fd, int fs)
{
	if (fd != fs)
		jit_emit(j, rv_fop(RV_FSGNJ, d, 0, fd, fs, fs));
}

/* Pushes float register fr (a scratch result) in a float cache register. */
static void push_f(struct jit *j, bool d, int fr)
{
	int k = jit_falloc(j);
	fmove(j, d, jit_freg(k), fr);
	jit_push_freg(j, k, d);
}

/* Pushes t0 (an integer result) in a cache register. */
static void push_t0(struct jit *j, bool w32)
{
	int k = jit_alloc(j);
	jit_emit(j, rv_addi(jit_reg(k), RV_T0, 0));
	jit_push_reg(j, k, w32);
}

/* fr = the float with bit pattern bits (through t5). */
static void fconst(struct jit *j, bool d, int fr, uint64_t bits)
{
	jit_li(j, RV_T5, d ? (int64_t)bits : (int32_t)(uint32_t)bits);
	jit_emit(j, rv_fop(RV_FMV_FX, d, 0, fr, RV_T5, 0));
}

/* ft0 = NaN-propagating min (max) of ft0 and ft1 (internal.h). */
void jit_fminmax(struct jit *j, bool d, bool max)
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

/* ft0 = ft0 rounded to an integral value with rounding mode rm
 * (internal.h). */
void jit_fround(struct jit *j, bool d, int rm)
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
	int a = jit_use_f(j, 0, d, RV_FT0);
	jit_pop(j, 1);
	if (k >= 2 && k <= 5) { /* ceil floor trunc nearest */
		fmove(j, d, RV_FT0, a);
		jit_fround(j, d, rms[k - 2]);
		push_f(j, d, RV_FT0);
		return true;
	}
	int r = jit_falloc(j), rd = jit_freg(r);
	if (k == 0) /* abs */
		jit_emit(j, rv_fop(RV_FSGNJ, d, 2, rd, a, a));
	else if (k == 1) /* neg */
		jit_emit(j, rv_fop(RV_FSGNJ, d, 1, rd, a, a));
	else
		jit_emit(j, rv_fop(RV_FSQRT, d, RV_RNE, rd, a, 0));
	jit_push_freg(j, r, d);
	return true;
}

static bool binary(struct jit *j, bool d, unsigned k)
{
	static const uint32_t ar[] = {RV_FADD, RV_FSUB, RV_FMUL, RV_FDIV};
	int a = jit_use_f(j, 1, d, RV_FT0);
	int b = jit_use_f(j, 0, d, RV_FT1);
	jit_pop(j, 2);
	if (k == 4 || k == 5) {
		fmove(j, d, RV_FT0, a);
		fmove(j, d, RV_FT1, b);
		jit_fminmax(j, d, k == 5);
		push_f(j, d, RV_FT0);
		return true;
	}
	int r = jit_falloc(j), rd = jit_freg(r);
	if (k < 4)
		jit_emit(j, rv_fop(ar[k], d, RV_RNE, rd, a, b));
	else
		jit_emit(j, rv_fop(RV_FSGNJ, d, 0, rd, a, b));
	jit_push_freg(j, r, d);
	return true;
}

/* eq ne lt gt le ge. */
static bool compare(struct jit *j, bool d, unsigned k)
{
	static const uint32_t f3[] = {2, 2, 1, 1, 0, 0};
	bool swap = k == 3 || k == 5;
	int a = jit_use_f(j, 1, d, RV_FT0);
	int b = jit_use_f(j, 0, d, RV_FT1);
	jit_pop(j, 2);
	int r = jit_alloc(j), rd = jit_reg(r);
	jit_emit(j, rv_fop(RV_FCMP, d, f3[k], rd, swap ? b : a, swap ? a : b));
	if (k == 1)
		jit_emit(j, rv_xori(rd, rd, 1));
	jit_push_reg(j, r, true);
	return true;
}

/* t0 = ft0 truncated, saturating, NaN to 0 (internal.h). */
void jit_ftrunc_sat(struct jit *j, bool d, unsigned kind)
{
	/* RISC-V's fcvt saturates but makes NaN the maximum. */
	jit_emit(j, rv_fop(RV_FCVT_IF, d, RV_RTZ, RV_T0, RV_FT0, (int)kind));
	jit_emit(j, rv_fop(RV_FCMP, d, 2, RV_T1, RV_FT0, RV_FT0));
	jit_emit(j, rv_sub(RV_T1, RV_ZERO, RV_T1));
	jit_emit(j, rv_and(RV_T0, RV_T0, RV_T1));
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
	fmove(j, d, RV_FT0, jit_use_f(j, 0, d, RV_FT0));
	jit_pop(j, 1);
	uint32_t kind = (l ? 2 : 0) + (s ? 0 : 1);
	if (sat) {
		jit_ftrunc_sat(j, d, kind);
		push_t0(j, !l);
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
	push_t0(j, !l);
}

/* int->float: (result double?, source 64?, signed?). */
static void convert(struct jit *j, bool d, bool l, bool s)
{
	int a = jit_use(j, 0, l ? JF_64 : JF_S32, RV_T0);
	jit_pop(j, 1);
	int r = jit_falloc(j);
	jit_emit(j, rv_fop(RV_FCVT_FI, d, RV_RNE, jit_freg(r), a,
			   (l ? 2 : 0) + (s ? 0 : 1)));
	jit_push_freg(j, r, d);
}

/* f32.demote_f64 (d: the source is an f64) and f64.promote_f32. */
static void demote_promote(struct jit *j, bool from_d)
{
	int a = jit_use_f(j, 0, from_d, RV_FT0);
	jit_pop(j, 1);
	int r = jit_falloc(j);
	jit_emit(j, rv_fop(RV_FCVT_FF, !from_d, RV_RNE, jit_freg(r), a,
			   from_d ? 1 : 0));
	jit_push_freg(j, r, !from_d);
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
		demote_promote(j, true);
	} else if (op == WASM_OP_F64_PROMOTE_F32) {
		demote_promote(j, false);
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
		jit_push_const(j, op == WASM_OP_F64_CONST
					  ? (int64_t)in->c
					  : (int32_t)(uint32_t)in->c);
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
