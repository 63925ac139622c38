/*
 * wasm/jit/num_fast.h - the integer binary operators of one instruction
 * (a register or immediate form), inline both in num.c's binary and in
 * jit_compile_func's fast path (func.c), whose registers are saved once
 * per function: a call to jit_num_op and its register saves were half
 * the cost of an i32.add.
 */
#ifndef WASM_JIT_NUM_FAST_H
#define WASM_JIT_NUM_FAST_H

#include "wasm/jit/internal.h"

/* Whether binary operator op (offset from i32.add / i64.add) with
 * constant right operand c has a one-instruction immediate form (add sub
 * and or xor shl shr_s shr_u); then *imm is the immediate (c negated for
 * sub). */
JIT_INLINE bool jit_imm_form(unsigned op, int64_t c, int64_t *imm)
{
	if (op == 1)
		c = (int64_t)(0 - (uint64_t)c);
	bool shift = op >= 10 && op <= 12;
	*imm = c;
	return (op <= 1 || (op >= 7 && op <= 9) || shift) &&
	       (shift || wasm_jit_fits12(c));
}

/* rd = a op c (jit_imm_form's immediate). */
JIT_INLINE uint32_t jit_imm_insn(bool w, unsigned op, int rd, int a, int64_t c)
{
	int32_t i = (int32_t)c;
	unsigned sh = (unsigned)c & (w ? 31 : 63);
	switch (op) {
	case 0:
	case 1:
		return w ? rv_addiw(rd, a, i) : rv_addi(rd, a, i);
	case 7:
		return rv_andi(rd, a, i);
	case 8:
		return rv_ori(rd, a, i);
	case 9:
		return rv_xori(rd, a, i);
	case 10:
		return w ? rv_slliw(rd, a, sh) : rv_slli(rd, a, sh);
	case 11:
		return w ? rv_sraiw(rd, a, sh) : rv_srai(rd, a, sh);
	default:
		return w ? rv_srliw(rd, a, sh) : rv_srli(rd, a, sh);
	}
}

/* Whether binary operator op has a one-instruction register form (add
 * sub mul and or xor shl shr_s shr_u; not division, rotates). */
JIT_INLINE bool jit_rr_form(unsigned op)
{
	return op <= 2 || (op >= 7 && op <= 12);
}

/* rd = a op b (jit_rr_form's): a switch, inline (a table of the
 * encoders was an indirect call to an out-of-line copy of each). */
JIT_INLINE uint32_t jit_rr_insn(bool w, unsigned op, int rd, int a, int b)
{
	switch (op) {
	case 0:
		return w ? rv_addw(rd, a, b) : rv_add(rd, a, b);
	case 1:
		return w ? rv_subw(rd, a, b) : rv_sub(rd, a, b);
	case 2:
		return w ? rv_mulw(rd, a, b) : rv_mul(rd, a, b);
	case 7:
		return rv_and(rd, a, b);
	case 8:
		return rv_or(rd, a, b);
	case 9:
		return rv_xor(rd, a, b);
	case 10:
		return w ? rv_sllw(rd, a, b) : rv_sll(rd, a, b);
	case 11:
		return w ? rv_sraw(rd, a, b) : rv_sra(rd, a, b);
	default:
		return w ? rv_srlw(rd, a, b) : rv_srl(rd, a, b);
	}
}

/*
 * Binary integer operator op (offset from i32.add, w, or i64.add) in one
 * instruction: a op constant in its immediate form, else a op b with the
 * operands in registers (jit_use).  False, with nothing done, for the
 * operators that need a sequence (division, rotates: num.c's binary).
 */
JIT_INLINE bool jit_binary_simple(struct jit *j, bool w, unsigned op)
{
	int form = w ? JF_S32 : JF_64;
	int64_t c;
	if (jit_is_const(j, 0, &c) && jit_imm_form(op, c, &c)) {
		int a = jit_use(j, 1, form, RV_T0);
		jit_pop(j, 2);
		int k = jit_alloc(j);
		jit_emit(j, jit_imm_insn(w, op, jit_reg(k), a, c));
		jit_push_reg(j, k, w);
		return true;
	}
	if (!jit_rr_form(op))
		return false;
	int a = jit_use(j, 1, form, RV_T0);
	int b = jit_use(j, 0, form, RV_T1);
	jit_pop(j, 2);
	int k = jit_alloc(j);
	jit_emit(j, jit_rr_insn(w, op, jit_reg(k), a, b));
	jit_push_reg(j, k, w);
	return true;
}

/* jit_binary_simple by opcode: false for any other instruction. */
JIT_INLINE bool jit_binary_fast(struct jit *j, unsigned opcode)
{
	if (opcode >= WASM_OP_I32_ADD && opcode <= WASM_OP_I32_ROTR)
		return jit_binary_simple(j, true, opcode - WASM_OP_I32_ADD);
	if (opcode >= WASM_OP_I64_ADD && opcode <= WASM_OP_I64_ROTR)
		return jit_binary_simple(j, false, opcode - WASM_OP_I64_ADD);
	return false;
}

#endif /* WASM_JIT_NUM_FAST_H */
