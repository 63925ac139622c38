/*
 * wasm/interp/translate_fuse.c - super-instructions: the translator's
 * peephole fusions (see translate.h).
 *
 *   - an i32/i64 compare followed by br_if or if becomes one
 *     compare-and-branch (wasm_tr_take_cmp, used by translate_ctl.c), and
 *     i32.eqz of a compare becomes the negated compare;
 *   - a scalar load whose address is the i32.add just computed becomes one
 *     add-and-load.
 *
 * Each works on the instruction just emitted, described by the peephole
 * state in struct tr (valid while nothing has been emitted since): the
 * fused instruction overwrites it or replaces its handler.
 */
#include "wasm/interp/translate.h"

/* The opcode of compare index ci. */
static uint8_t cmp_opcode(int ci)
{
	return (uint8_t)(ci < 11 ? WASM_OP_I32_EQZ + ci
				 : WASM_OP_I64_EQZ + (ci - 11));
}

/*
 * If the condition on top is the compare just emitted, takes it back: pops
 * the condition, removes the compare's code and returns its index into
 * wasm_interp_cmp with its operands (a, b or the immediate *imm); else -1.
 */
int wasm_tr_take_cmp(struct tr *t, uint32_t *a, uint32_t *b, bool *imm)
{
	if (!tr_top_is_last(t) || !t->last_is_cmp)
		return -1;
	int c = t->last_cmp;
	*a = t->last_a;
	*b = t->last_b;
	*imm = t->last_cmp_imm;
	t->ncode = t->last_start;
	tr_pop(t);
	tr_no_peephole(t);
	return c;
}

/* i32.eqz of the compare just emitted: negates that compare instead;
 * false when the top is not such a compare. */
bool wasm_tr_fuse_eqz(struct tr *t)
{
	/* The negation of each compare, by index within i32 or i64. */
	static const uint8_t neg[11] = {0, 2, 1, 9, 10, 7, 8, 5, 6, 3, 4};
	if (!tr_top_is_last(t) || !t->last_is_cmp ||
	    !tr_is_bin_cmp(t->last_cmp))
		return false;
	int lc = t->last_cmp, base = lc < 11 ? 0 : 11;
	int nc = base + neg[lc - base];
	t->code[t->last_start].fn =
		t->last_cmp_imm ? wasm_interp_cmp[nc].cmp_ri
				: wasm_interp_ops_single[cmp_opcode(nc)].fn;
	t->last_cmp = nc;
	return true;
}

/* A scalar load (single-byte op) whose address is the i32.add just
 * emitted: emits the fused load; false when it does not apply. */
bool wasm_tr_fuse_load_add(struct tr *t, const struct wasm_interp_opinfo *oi,
			   uint8_t op, uint32_t offset)
{
	if (!wasm_interp_load_add[op] || !tr_top_is_last(t) || !t->last_is_add)
		return false;
	uint32_t a = t->last_a, b = t->last_b;
	t->ncode = t->last_start;
	tr_pop(t);
	uint32_t d = tr_push_home(t, oi->result);
	size_t at = tr_emit_op(t, wasm_interp_load_add[op], 4);
	if (at == SIZE_MAX)
		return true;
	set_pair(&CELL(t, at, 1), a, b);
	CELL(t, at, 2).u = d;
	CELL(t, at, 3).u = offset;
	tr_producer(t, at, at + 2, false, d);
	return true;
}
