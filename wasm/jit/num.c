/*
 * wasm/jit/num.c - integer instructions: constants, comparisons,
 * arithmetic with the division traps RISC-V does not raise, bit counts
 * (Zbb or a branch-free sequence), integer conversions.
 *
 * An i32 lives in the low half of its slot; the upper half is whatever the
 * last store left.  Operands are loaded with lw (sign-extended, as the
 * -w instructions and signed compares want) or lwu where the value must
 * be zero-extended; results are stored with sd.
 */
#include "wasm/jit/internal.h"

/* Pops b into t1 and a into t0 (i32: lw; i64: ld). */
static void load2(struct jit *j, bool w)
{
	int f3 = w ? RV_LW : RV_LD;
	jit_ld(j, f3, RV_T0, RV_SP, jit_top(j, 1));
	jit_ld(j, f3, RV_T1, RV_SP, jit_top(j, 0));
	j->height--;
}

static void load1(struct jit *j, int f3)
{
	jit_ld(j, f3, RV_T0, RV_SP, jit_top(j, 0));
}

static void store_top(struct jit *j, int rs)
{
	jit_st(j, RV_SD, rs, RV_SP, jit_top(j, 0));
}

static void push_const(struct jit *j, int64_t v)
{
	j->height++;
	if (v == 0) {
		store_top(j, RV_ZERO);
		return;
	}
	jit_li(j, RV_T0, v);
	store_top(j, RV_T0);
}

/* t0 = t0 cmp t1; op indexes eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u. */
static void compare(struct jit *j, unsigned op)
{
	bool swap = op == 4 || op == 5 || op == 6 || op == 7;
	bool neg = op >= 6; /* le = !gt, ge = !lt */
	int a = swap ? RV_T1 : RV_T0, b = swap ? RV_T0 : RV_T1;
	switch (op) {
	case 0:
	case 1:
		jit_emit(j, rv_xor(RV_T0, RV_T0, RV_T1));
		jit_emit(j, op == 0 ? rv_sltiu(RV_T0, RV_T0, 1)
				    : rv_sltu(RV_T0, RV_ZERO, RV_T0));
		return;
	case 2:
	case 4:
	case 6:
	case 8:
		jit_emit(j, rv_slt(RV_T0, a, b));
		break;
	default:
		jit_emit(j, rv_sltu(RV_T0, a, b));
		break;
	}
	if (neg)
		jit_emit(j, rv_xori(RV_T0, RV_T0, 1));
}

/* Division and remainder: the traps, then the instruction. */
static void divide(struct jit *j, bool w, bool is_signed, bool rem)
{
	jit_trap_if(j, RV_BEQ, RV_T1, RV_ZERO, WASM_TRAP_DIV_ZERO);
	if (is_signed && !rem) {
		/* INT_MIN / -1 overflows (RISC-V gives INT_MIN). */
		jit_emit(j, rv_addi(RV_T2, RV_ZERO, -1));
		jit_emit(j, rv_b(RV_BNE, RV_T1, RV_T2, 24));
		jit_emit(j, rv_addi(RV_T2, RV_ZERO, 1));
		jit_emit(j, rv_slli(RV_T2, RV_T2, w ? 31 : 63));
		if (w)
			jit_emit(j, rv_addiw(RV_T2, RV_T2, 0));
		else
			jit_emit(j, rv_addi(RV_T2, RV_T2, 0));
		jit_trap_if(j, RV_BEQ, RV_T0, RV_T2, WASM_TRAP_INT_OVERFLOW);
	}
	uint32_t insn;
	if (w)
		insn = rem ? (is_signed ? rv_remw(RV_T0, RV_T0, RV_T1)
					: rv_remuw(RV_T0, RV_T0, RV_T1))
			   : (is_signed ? rv_divw(RV_T0, RV_T0, RV_T1)
					: rv_divuw(RV_T0, RV_T0, RV_T1));
	else
		insn = rem ? (is_signed ? rv_rem(RV_T0, RV_T0, RV_T1)
					: rv_remu(RV_T0, RV_T0, RV_T1))
			   : (is_signed ? rv_div(RV_T0, RV_T0, RV_T1)
					: rv_divu(RV_T0, RV_T0, RV_T1));
	jit_emit(j, insn);
}

/* t0 = popcount(t0) over 64 bits (SWAR), t1-t2 clobbered. */
static void popcount64(struct jit *j)
{
	static const int64_t m1 = 0x5555555555555555, m2 = 0x3333333333333333,
			     m4 = 0x0f0f0f0f0f0f0f0f, h01 = 0x0101010101010101;
	jit_emit(j, rv_srli(RV_T1, RV_T0, 1));
	jit_li(j, RV_T2, m1);
	jit_emit(j, rv_and(RV_T1, RV_T1, RV_T2));
	jit_emit(j, rv_sub(RV_T0, RV_T0, RV_T1));
	jit_li(j, RV_T2, m2);
	jit_emit(j, rv_and(RV_T1, RV_T0, RV_T2));
	jit_emit(j, rv_srli(RV_T0, RV_T0, 2));
	jit_emit(j, rv_and(RV_T0, RV_T0, RV_T2));
	jit_emit(j, rv_add(RV_T0, RV_T0, RV_T1));
	jit_emit(j, rv_srli(RV_T1, RV_T0, 4));
	jit_emit(j, rv_add(RV_T0, RV_T0, RV_T1));
	jit_li(j, RV_T2, m4);
	jit_emit(j, rv_and(RV_T0, RV_T0, RV_T2));
	jit_li(j, RV_T2, h01);
	jit_emit(j, rv_mul(RV_T0, RV_T0, RV_T2));
	jit_emit(j, rv_srli(RV_T0, RV_T0, 56));
}

/* clz/ctz/popcnt of t0 (loaded zero-extended for i32). */
static void bitcount(struct jit *j, bool w, unsigned which)
{
	if (j->jm->opts.zbb) {
		jit_emit(j, rv_zbb_unary(w, which, RV_T0, RV_T0));
		return;
	}
	if (which == RV_CTZ) {
		/* ctz(x) = popcount(~x & (x - 1)), limited to the width. */
		jit_emit(j, rv_addi(RV_T1, RV_T0, -1));
		jit_emit(j, rv_xori(RV_T0, RV_T0, -1));
		jit_emit(j, rv_and(RV_T0, RV_T0, RV_T1));
		if (w) {
			jit_emit(j, rv_slli(RV_T0, RV_T0, 32));
			jit_emit(j, rv_srli(RV_T0, RV_T0, 32));
		}
	} else if (which == RV_CLZ) {
		/* Smear the top bit right; clz = popcount(~x) - (64 - width).
		 */
		for (unsigned s = 1; s <= 32; s *= 2) {
			jit_emit(j, rv_srli(RV_T1, RV_T0, s));
			jit_emit(j, rv_or(RV_T0, RV_T0, RV_T1));
		}
		jit_emit(j, rv_xori(RV_T0, RV_T0, -1));
	}
	popcount64(j);
	if (which == RV_CLZ && w)
		jit_emit(j, rv_addi(RV_T0, RV_T0, -32));
}

/* Rotates t0 by t1 (modulo the width). */
static void rotate(struct jit *j, bool w, bool right)
{
	if (j->jm->opts.zbb) {
		jit_emit(j, w ? (right ? rv_rorw(RV_T0, RV_T0, RV_T1)
				       : rv_rolw(RV_T0, RV_T0, RV_T1))
			      : (right ? rv_ror(RV_T0, RV_T0, RV_T1)
				       : rv_rol(RV_T0, RV_T0, RV_T1)));
		return;
	}
	jit_emit(j, rv_sub(RV_T2, RV_ZERO, RV_T1));
	if (w) {
		jit_emit(j, right ? rv_srlw(RV_T3, RV_T0, RV_T1)
				  : rv_sllw(RV_T3, RV_T0, RV_T1));
		jit_emit(j, right ? rv_sllw(RV_T0, RV_T0, RV_T2)
				  : rv_srlw(RV_T0, RV_T0, RV_T2));
	} else {
		jit_emit(j, right ? rv_srl(RV_T3, RV_T0, RV_T1)
				  : rv_sll(RV_T3, RV_T0, RV_T1));
		jit_emit(j, right ? rv_sll(RV_T0, RV_T0, RV_T2)
				  : rv_srl(RV_T0, RV_T0, RV_T2));
	}
	jit_emit(j, rv_or(RV_T0, RV_T0, RV_T3));
}

/* Binary integer operator op (offset from i32.add / i64.add). */
static void binary(struct jit *j, bool w, unsigned op)
{
	typedef uint32_t (*rr)(int, int, int);
	static const rr plain64[] = {rv_add, rv_sub, rv_mul},
			plain32[] = {rv_addw, rv_subw, rv_mulw},
			logic[] = {rv_and, rv_or, rv_xor},
			shift64[] = {rv_sll, rv_sra, rv_srl},
			shift32[] = {rv_sllw, rv_sraw, rv_srlw};
	load2(j, w);
	if (op <= 2)
		jit_emit(j, (w ? plain32 : plain64)[op](RV_T0, RV_T0, RV_T1));
	else if (op <= 6)
		divide(j, w, op == 3 || op == 5, op >= 5);
	else if (op <= 9)
		jit_emit(j, logic[op - 7](RV_T0, RV_T0, RV_T1));
	else if (op <= 12)
		jit_emit(j,
			 (w ? shift32 : shift64)[op - 10](RV_T0, RV_T0, RV_T1));
	else
		rotate(j, w, op == 14);
	store_top(j, RV_T0);
}

/* Sign extension of the low `bits` bits of t0 to 64. */
static void sext(struct jit *j, unsigned bits)
{
	jit_emit(j, rv_slli(RV_T0, RV_T0, 64 - bits));
	jit_emit(j, rv_srai(RV_T0, RV_T0, 64 - bits));
}

static bool conversions(struct jit *j, unsigned op)
{
	switch (op) {
	case WASM_OP_I32_WRAP_I64:
	case WASM_OP_I64_EXTEND_I32_S:
		load1(j, RV_LW);
		break;
	case WASM_OP_I64_EXTEND_I32_U:
		load1(j, RV_LWU);
		break;
	case WASM_OP_I32_EXTEND8_S:
	case WASM_OP_I64_EXTEND8_S:
		load1(j, RV_LD);
		sext(j, 8);
		break;
	case WASM_OP_I32_EXTEND16_S:
	case WASM_OP_I64_EXTEND16_S:
		load1(j, RV_LD);
		sext(j, 16);
		break;
	case WASM_OP_I64_EXTEND32_S:
		load1(j, RV_LW);
		break;
	default:
		return false;
	}
	store_top(j, RV_T0);
	return true;
}

/*
 * Integer instructions (plain opcodes); false when in is not one.
 */
bool jit_num(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	if (in->prefix)
		return false;
	if (op == WASM_OP_I32_CONST) {
		push_const(j, (int32_t)(uint32_t)in->c);
	} else if (op == WASM_OP_I64_CONST) {
		push_const(j, (int64_t)in->c);
	} else if (op == WASM_OP_I32_EQZ || op == WASM_OP_I64_EQZ) {
		load1(j, op == WASM_OP_I32_EQZ ? RV_LW : RV_LD);
		jit_emit(j, rv_sltiu(RV_T0, RV_T0, 1));
		store_top(j, RV_T0);
	} else if (op >= WASM_OP_I32_EQ && op <= WASM_OP_I32_GE_U) {
		load2(j, true);
		compare(j, op - WASM_OP_I32_EQ);
		store_top(j, RV_T0);
	} else if (op >= WASM_OP_I64_EQ && op <= WASM_OP_I64_GE_U) {
		load2(j, false);
		compare(j, op - WASM_OP_I64_EQ);
		store_top(j, RV_T0);
	} else if (op >= WASM_OP_I32_CLZ && op <= WASM_OP_I32_POPCNT) {
		load1(j, RV_LWU);
		bitcount(j, true, op - WASM_OP_I32_CLZ);
		store_top(j, RV_T0);
	} else if (op >= WASM_OP_I64_CLZ && op <= WASM_OP_I64_POPCNT) {
		load1(j, RV_LD);
		bitcount(j, false, op - WASM_OP_I64_CLZ);
		store_top(j, RV_T0);
	} else if (op >= WASM_OP_I32_ADD && op <= WASM_OP_I32_ROTR) {
		binary(j, true, op - WASM_OP_I32_ADD);
	} else if (op >= WASM_OP_I64_ADD && op <= WASM_OP_I64_ROTR) {
		binary(j, false, op - WASM_OP_I64_ADD);
	} else {
		return conversions(j, op);
	}
	return true;
}
