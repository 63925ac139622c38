/*
 * wasm/jit/num.c - integer instructions: constants, comparisons,
 * arithmetic with the division traps RISC-V does not raise, bit counts
 * (Zbb or a branch-free sequence), integer conversions.
 *
 * An i32 lives in the low half of its slot (the upper half is whatever
 * the last store left) or in a cache register (cache.c).  Operands come
 * sign-extended (JF_S32, as the -w instructions and signed compares want)
 * or zero-extended (JF_U32) as needed; results go to cache registers.
 */
#include "wasm/jit/internal.h"
#include "wasm/jit/num_fast.h"

/* Pops operands a (entry 1) and b (entry 0) into registers. */
__attribute__((always_inline)) static inline void
operands2(struct jit *j, bool w, int *a, int *b)
{
	int form = w ? JF_S32 : JF_64;
	*a = jit_use(j, 1, form, RV_T0);
	*b = jit_use(j, 0, form, RV_T1);
	jit_pop(j, 2);
}

/* Pushes t0 (the result of a longer sequence) in a cache register. */
static void push_t0(struct jit *j, bool w32)
{
	int k = jit_alloc(j);
	jit_mv(j, jit_reg(k), RV_T0);
	jit_push_reg(j, k, w32);
}

/* Records the comparison just emitted from start (rs1 cond rs2, RV_B*)
 * for a br_if or if right after it (jit_take_cmp). */
static void note_cmp(struct jit *j, uint32_t start, int cond, int rs1, int rs2)
{
	j->cmp.start = start;
	j->cmp.end = jit_pc(j);
	j->cmp.cond = (uint8_t)cond;
	j->cmp.rs1 = (uint8_t)rs1;
	j->cmp.rs2 = (uint8_t)rs2;
}

/* The code of compare (a, b already swapped). */
static void compare_code(struct jit *j, unsigned op, int rd, int a, int b,
			 bool neg)
{
	switch (op) {
	case 0:
	case 1:
		jit_emit(j, rv_xor(rd, a, b));
		jit_emit(j, op == 0 ? rv_sltiu(rd, rd, 1)
				    : rv_sltu(rd, RV_ZERO, rd));
		return;
	case 2:
	case 4:
	case 6:
	case 8:
		jit_emit(j, rv_slt(rd, a, b));
		break;
	default:
		jit_emit(j, rv_sltu(rd, a, b));
		break;
	}
	if (neg)
		jit_emit(j, rv_xori(rd, rd, 1));
}

/* rd = a cmp b; op indexes eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u. */
static void compare(struct jit *j, unsigned op, int rd, int a0, int b0)
{
	static const uint8_t conds[] = {RV_BEQ, RV_BNE,	 RV_BLT, RV_BLTU,
					RV_BLT, RV_BLTU, RV_BGE, RV_BGEU,
					RV_BGE, RV_BGEU};
	bool swap = op == 4 || op == 5 || op == 6 || op == 7;
	bool neg = op >= 6; /* le = !gt, ge = !lt */
	int a = swap ? b0 : a0, b = swap ? a0 : b0;
	uint32_t start = jit_pc(j);
	compare_code(j, op, rd, a, b, neg);
	note_cmp(j, start, conds[op], a, b);
}

static bool imm12(int64_t c)
{
	return c >= -2048 && c < 2048;
}

/* a cmp constant c in one or two instructions (eq ne lt_s lt_u ge_s ge_u);
 * false when c or op has no immediate form. */
static bool compare_imm(struct jit *j, bool w, unsigned op)
{
	int64_t c;
	if (!jit_is_const(j, 0, &c) || !imm12(c) ||
	    !(op <= 3 || op == 8 || op == 9))
		return false;
	static const uint8_t conds[] = {RV_BEQ, RV_BNE, RV_BLT, RV_BLTU, 0, 0,
					0,	0,	RV_BGE, RV_BGEU};
	int a = jit_use(j, 1, w ? JF_S32 : JF_64, RV_T0);
	jit_pop(j, 2);
	int k = jit_alloc(j), rd = jit_reg(k);
	uint32_t start = jit_pc(j);
	if (op <= 1) {
		jit_emit(j, rv_xori(rd, a, (int32_t)c));
		jit_emit(j, op == 0 ? rv_sltiu(rd, rd, 1)
				    : rv_sltu(rd, RV_ZERO, rd));
	} else {
		bool u = op == 3 || op == 9;
		jit_emit(j, u ? rv_sltiu(rd, a, (int32_t)c)
			      : rv_slti(rd, a, (int32_t)c));
		if (op >= 8)
			jit_emit(j, rv_xori(rd, rd, 1));
	}
	if (!c)
		note_cmp(j, start, conds[op], a, RV_ZERO);
	jit_push_reg(j, k, true);
	return true;
}

/* Comparison op (eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u); true. */
JIT_INLINE bool compare_op(struct jit *j, bool w, unsigned op)
{
	if (compare_imm(j, w, op))
		return true;
	int a, b;
	operands2(j, w, &a, &b);
	int k = jit_alloc(j);
	compare(j, op, jit_reg(k), a, b);
	jit_push_reg(j, k, true);
	return true;
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

/* Binary integer operator op (offset from i32.add / i64.add); true. */
__attribute__((noinline)) static bool binary(struct jit *j, bool w, unsigned op)
{
	if (jit_binary_simple(j, w, op))
		return true;
	int a, b;
	operands2(j, w, &a, &b);
	/* Division and rotates: sequences on t0, t1. */
	jit_mv(j, RV_T0, a);
	jit_mv(j, RV_T1, b);
	if (op <= 6)
		divide(j, w, op == 3 || op == 5, op >= 5);
	else
		rotate(j, w, op == 14);
	push_t0(j, w);
	return true;
}

/* Integer conversions: one operand in the form given, one result. */
__attribute__((noinline)) static bool conversions(struct jit *j, unsigned op)
{
	int form = JF_64;
	unsigned ext = 0; /* sign-extend from this many bits */
	switch (op) {
	case WASM_OP_I32_WRAP_I64:
	case WASM_OP_I64_EXTEND_I32_S:
	case WASM_OP_I64_EXTEND32_S:
		form = JF_S32;
		break;
	case WASM_OP_I64_EXTEND_I32_U:
		form = JF_U32;
		break;
	case WASM_OP_I32_EXTEND8_S:
	case WASM_OP_I64_EXTEND8_S:
		ext = 8;
		break;
	case WASM_OP_I32_EXTEND16_S:
	case WASM_OP_I64_EXTEND16_S:
		ext = 16;
		break;
	default:
		return false;
	}
	int a = jit_use(j, 0, form, RV_T0);
	jit_pop(j, 1);
	int k = jit_alloc(j), rd = jit_reg(k);
	if (op == WASM_OP_I32_WRAP_I64) {
		jit_emit(j, rv_addiw(rd, a, 0));
	} else if (ext) {
		jit_emit(j, rv_slli(rd, a, 64 - ext));
		jit_emit(j, rv_srai(rd, rd, 64 - ext));
	} else {
		jit_mv(j, rd, a);
	}
	jit_push_reg(j, k, form != JF_U32);
	return true;
}

/* i32.eqz / i64.eqz: a comparison with zero (j->cmp notes it). */
JIT_INLINE bool eqz(struct jit *j, bool w)
{
	int a = jit_use(j, 0, w ? JF_S32 : JF_64, RV_T0);
	jit_pop(j, 1);
	int k = jit_alloc(j);
	uint32_t start = jit_pc(j);
	jit_emit(j, rv_sltiu(jit_reg(k), a, 1));
	note_cmp(j, start, RV_BEQ, a, RV_ZERO);
	jit_push_reg(j, k, true);
	return true;
}

/* clz, ctz, popcnt (which: 0, 1, 2) of the top entry. */
__attribute__((noinline)) static bool count_bits(struct jit *j, bool w,
						 unsigned which)
{
	jit_mv(j, RV_T0, jit_use(j, 0, w ? JF_U32 : JF_64, RV_T0));
	jit_pop(j, 1);
	bitcount(j, w, which);
	push_t0(j, w);
	return true;
}

/*
 * Integer instructions (plain opcodes; the constants are do_instr's,
 * control.c); false when in is not one.  Commonest first; the
 * comparisons and eqz are inlined in jit_num_op (their calls could not be
 * tail calls, clang knowing they return true, and two frames cost more
 * than one larger); binary, whose one-instruction forms the compiler's
 * loop takes itself (num_fast.h), and the rarer groups are calls.
 */
bool jit_num(struct jit *j, const struct wasm_instr *in)
{
	return !in->prefix && jit_num_op(j, in->op);
}

/* internal.h: jit_num by plain opcode. */
bool jit_num_op(struct jit *j, unsigned op)
{
	if (op >= WASM_OP_I32_ADD && op <= WASM_OP_I32_ROTR)
		return binary(j, true, op - WASM_OP_I32_ADD);
	if (op >= WASM_OP_I64_ADD && op <= WASM_OP_I64_ROTR)
		return binary(j, false, op - WASM_OP_I64_ADD);
	if (op >= WASM_OP_I32_EQ && op <= WASM_OP_I32_GE_U)
		return compare_op(j, true, op - WASM_OP_I32_EQ);
	if (op >= WASM_OP_I64_EQ && op <= WASM_OP_I64_GE_U)
		return compare_op(j, false, op - WASM_OP_I64_EQ);
	if (op == WASM_OP_I32_EQZ || op == WASM_OP_I64_EQZ)
		return eqz(j, op == WASM_OP_I32_EQZ);
	if (op >= WASM_OP_I32_CLZ && op <= WASM_OP_I32_POPCNT)
		return count_bits(j, true, op - WASM_OP_I32_CLZ);
	if (op >= WASM_OP_I64_CLZ && op <= WASM_OP_I64_POPCNT)
		return count_bits(j, false, op - WASM_OP_I64_CLZ);
	return conversions(j, op);
}
