/*
 * wasm/interp/translate_peep.h - the peephole record: which instruction
 * produced the top of the stack, the compare, add or shift just emitted,
 * and taking a compare back into the branch that tests it.  The main
 * loop and translate_gen.h note what they emit; translate_ctl.h,
 * translate_br.c, translate_fuse.c and translate_ops.c read it.  Inline
 * for the same reason as translate_emit.h, whose helpers these use.
 */
#ifndef WASM_INTERP_TRANSLATE_PEEP_H
#define WASM_INTERP_TRANSLATE_PEEP_H

#include "wasm/interp/translate_emit.h"

/* Records the instruction at `at` as the producer of slot dst, which is
 * stored in cell `cell` (its high half when high). */
TR_INLINE void tr_producer(struct tr *t, size_t at, size_t cell, bool high,
			   uint32_t dst)
{
	t->last_end = t->ncode;
	t->last_start = at;
	t->last_dst_cell = cell;
	t->last_dst_high = high;
	t->last_dst = dst;
	t->last_is_cmp = false;
	t->last_fcmp = 0;
	t->last_is_add = false;
	t->last_shift = 0;
}

/* True if the top entry is the untouched result of the last instruction. */
TR_INLINE bool tr_top_is_last(struct tr *t)
{
	if (t->last_end != t->ncode || t->nvals == 0 || t->err)
		return false;
	struct tr_val *v = tr_top(t, 0);
	return v->kind == K_STACK && v->home == t->last_dst;
}

/* Redirects the result of the last instruction to slot dst. */
TR_INLINE void tr_retarget_last(struct tr *t, uint32_t dst)
{
	union wasm_cell *c = &t->code[t->last_dst_cell];
	if (t->last_dst_high)
		c->p.b = dst;
	else
		c->u = dst;
}

/* Index into wasm_interp_cmp of a compare opcode, or -1. */
static inline int tr_cmp_index(uint8_t op)
{
	if (op >= WASM_OP_I32_EQZ && op <= WASM_OP_I32_GE_U)
		return op - WASM_OP_I32_EQZ;
	if (op >= WASM_OP_I64_EQZ && op <= WASM_OP_I64_GE_U)
		return 11 + (op - WASM_OP_I64_EQZ);
	return -1;
}

/* Binary compares (not eqz). */
static inline bool tr_is_bin_cmp(int ci)
{
	return ci > 0 && ci != 11;
}

/* Records the compare just emitted (index ci, of a with b or with the
 * immediate b), for translate_fuse.c. */
static inline void tr_note_cmp(struct tr *t, int ci, bool imm, uint32_t a,
			       uint32_t b)
{
	t->last_is_cmp = true;
	t->last_cmp = ci;
	t->last_cmp_imm = imm;
	t->last_a = a;
	t->last_b = b;
}

/*
 * Notes the single-byte instruction op just emitted, reading slots a and b
 * (eqz: b == a), for the fusions: a compare may become part of a branch or
 * be negated, an i32.add part of a load.  i64.eqz fuses as the rr compare
 * of a with itself.
 */
static inline void tr_note_op(struct tr *t, uint8_t op, uint32_t a, uint32_t b)
{
	int ci = tr_cmp_index(op);
	if (ci >= 0) {
		tr_note_cmp(t, ci, false, a, b);
	} else if (op == WASM_OP_I32_ADD) {
		t->last_is_add = true;
		t->last_add_form = TR_ADD_RR;
		t->last_a = a;
		t->last_b = b;
	}
	if (op == WASM_OP_I32_ADD || op == WASM_OP_I64_ADD) {
		t->step_start = t->last_start;
		t->step_end = t->ncode;
	}
	if (op >= WASM_OP_F32_EQ && op <= WASM_OP_F64_GE) {
		t->last_fcmp = (uint8_t)(1 + op - WASM_OP_F32_EQ);
		t->last_a = a;
		t->last_b = b;
	}
}

/* Notes the i32 instruction op of slot a with immediate imm just emitted
 * by emit_bin_imm, for the fusions of translate_fuse.c (inline: it runs for
 * every instruction with an immediate operand). */
static inline void tr_note_imm(struct tr *t, uint8_t op, uint32_t a,
			       uint32_t imm)
{
	if (op == WASM_OP_I32_ADD || op == WASM_OP_I64_ADD ||
	    op == WASM_OP_I32_SUB || op == WASM_OP_I64_SUB) {
		t->step_start = t->last_start;
		t->step_end = t->ncode;
	}
	if (op == WASM_OP_I32_ADD) {
		t->last_is_add = true;
		t->last_add_form = TR_ADD_RI;
	} else if (op == WASM_OP_I32_SHL || op == WASM_OP_I32_SHR_U ||
		   op == WASM_OP_I32_ROTL) {
		t->last_shift = op;
	} else {
		return;
	}
	t->last_a = a;
	t->last_b = imm;
}

/*
 * If the condition on top is the compare just emitted, takes it back: pops
 * the condition, removes the compare's code and returns its index into
 * wasm_interp_cmp with its operands (a, b or the immediate *imm); else -1.
 * Inline: every br_if and if asks (translate_ctl.c).
 */
TR_INLINE int tr_take_cmp(struct tr *t, uint32_t *a, uint32_t *b, bool *imm)
{
	if (!tr_top_is_last(t) || !t->last_is_cmp)
		return -1;
	int c = t->last_cmp;
	*a = t->last_a;
	*b = t->last_b;
	*imm = t->last_cmp_imm;
	t->ncode = t->last_start;
	tr_pop(t);
	/* An add right before the compare stays known: the branch may take
	 * it in (wasm_tr_fuse_step_br). */
	size_t step_end = t->step_end;
	tr_no_peephole(t);
	t->step_end = step_end;
	return c;
}

/* The same for a float compare (the code of which fuses with a branch
 * only): returns WASM_TR_FCMP + its index into wasm_interp_fuse.fcmp_br,
 * or -1. */
TR_INLINE int tr_take_fcmp(struct tr *t, uint32_t *a, uint32_t *b)
{
	if (!tr_top_is_last(t) || !t->last_fcmp)
		return -1;
	int c = WASM_TR_FCMP + t->last_fcmp - 1;
	*a = t->last_a;
	*b = t->last_b;
	t->ncode = t->last_start;
	tr_pop(t);
	tr_no_peephole(t);
	return c;
}

#endif /* WASM_INTERP_TRANSLATE_PEEP_H */
