/*
 * wasm/interp/translate_fuse.c - super-instructions: the translator's
 * peephole fusions (see translate.h).
 *
 *   - an i32/i64 compare followed by br_if or if becomes one
 *     compare-and-branch (tr_take_cmp in translate_peep.h, used by
 *     translate_ctl.h), and i32.eqz of a compare becomes the negated
 *     compare;
 *   - a scalar load or store whose address is the i32.add just computed
 *     (of two slots, of a slot and an immediate, or a shift-and-add
 *     below) becomes one add-and-load or add-and-store (a store's value
 *     a local or a constant);
 *   - i32.add of a slot and the i32.shl by an immediate just computed (an
 *     array index scaled to bytes) becomes one shift-and-add, and an
 *     i32.add of an immediate to either one more (an address and a
 *     field's offset: op_shl_addi, op_add_shl_addi);
 *   - two copy64 in a row (local.set of a local, a branch's values, the
 *     rotation of a hash's working variables) become one op_copy2
 *     (tr_emit_copy64 in translate_emit.h: inline, every copy asks);
 *   - an i32/i64 add, or subtraction of an immediate (a loop's step, its
 *     result possibly set to a local)
 *     followed by a compare-and-branch of its width (br_if) becomes one
 *     add-and-branch.
 *
 * The handlers are in exec_fuse.c, the fused loads and stores in
 * ops_gen.c (gen_ops.py).
 *
 * Each works on the instruction just emitted, described by the peephole
 * state in struct tr (valid while nothing has been emitted since): the
 * fused instruction overwrites it or replaces its handler.
 */
#include "wasm/interp/translate_peep.h"

/* The opcode of compare index ci. */
static uint8_t cmp_opcode(int ci)
{
	return (uint8_t)(ci < 11 ? WASM_OP_I32_EQZ + ci
				 : WASM_OP_I64_EQZ + (ci - 11));
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
	const struct wasm_interp_load_add *la = &wasm_interp_load_add[op];
	if (!la->rr || !tr_top_is_last(t) || !t->last_is_add)
		return false;
	uint32_t a = t->last_a, b = t->last_b, k = t->last_k;
	uint8_t form = t->last_add_form;
	t->ncode = t->last_start;
	t->step_end = SIZE_MAX;
	tr_pop(t);
	uint32_t d = tr_push_home(t, oi->result);
	union wasm_cell *c = tr_emit_fill(t,
					  form == TR_ADD_RR   ? la->rr
					  : form == TR_ADD_RI ? la->ri
							      : la->shl,
					  4);
	if (!c)
		return true;
	set_pair(&c[1], a, b);
	c[2].u = d;
	set_pair(&c[3], offset, form == TR_ADD_SHL ? k : 0);
	size_t at = t->ncode - 4;
	tr_producer(t, at, at + 2, false, d);
	return true;
}

/* A scalar store (single-byte op, natural hint, memory 0) whose address
 * is the i32.add just emitted and whose value is a local or a constant:
 * emits the fused store (wasm_interp_store_add: the value read in place
 * or as an immediate); false (nothing done) when it does not apply. */
bool wasm_tr_fuse_store_add(struct tr *t, uint8_t op, uint32_t offset)
{
	const struct wasm_interp_store_add *sa = &wasm_interp_store_add[op];
	if (!sa->v_rr || !t->last_is_add || t->last_end != t->ncode ||
	    t->nvals < 2 || t->err)
		return false;
	struct tr_val *v = tr_top(t, 0), *addr = tr_top(t, 1);
	if ((v->kind != K_LOCAL && v->kind != K_CONST) ||
	    addr->kind != K_STACK || addr->home != t->last_dst)
		return false;
	bool c = v->kind == K_CONST;
	uint64_t value = c ? v->c[0] : v->src;
	uint8_t form = t->last_add_form;
	wasm_op_fn fn = form == TR_ADD_RR   ? (c ? sa->c_rr : sa->v_rr)
			: form == TR_ADD_RI ? (c ? sa->c_ri : sa->v_ri)
					    : (c ? sa->c_shl : sa->v_shl);
	uint32_t a = t->last_a, b = t->last_b;
	uint32_t k = form == TR_ADD_SHL ? t->last_k : 0;
	t->ncode = t->last_start;
	t->step_end = SIZE_MAX;
	tr_pop(t);
	tr_pop(t);
	union wasm_cell *cell = tr_emit_fill(t, fn, 4);
	if (!cell)
		return true;
	set_pair(&cell[1], a, b);
	set_pair(&cell[2], offset, k);
	cell[3].u = value;
	tr_no_peephole(t);
	return true;
}

/* i32.add of the immediate imm (still on the stack) to the result of the
 * i32.shl by an immediate or the shift-and-add just emitted: emits
 * op_shl_addi [fn][x | d<<32][k | imm<<32] or op_add_shl_addi
 * [fn][x | y<<32][d][k | imm<<32] in its place; false (nothing done)
 * otherwise. */
bool wasm_tr_fuse_add_imm(struct tr *t, uint32_t imm)
{
	if (t->last_end != t->ncode || t->nvals < 2 || t->err)
		return false;
	struct tr_val *v = tr_top(t, 1);
	bool lea2 = t->last_is_add && t->last_add_form == TR_ADD_SHL;
	if (v->kind != K_STACK || v->home != t->last_dst ||
	    (t->last_shift != WASM_OP_I32_SHL && !lea2))
		return false;
	uint32_t x = lea2 ? t->last_b : t->last_a, y = t->last_a;
	uint32_t k = lea2 ? t->last_k : t->last_b & 31;
	t->ncode = t->last_start;
	t->step_end = SIZE_MAX;
	tr_pop(t);
	tr_pop(t);
	uint32_t d = tr_push_home(t, WASM_I32);
	size_t n = lea2 ? 4 : 3;
	union wasm_cell *c = tr_emit_fill(t,
					  lea2 ? wasm_interp_fuse.add_shl_addi
					       : wasm_interp_fuse.shl_addi,
					  n);
	if (!c)
		return true;
	size_t at = t->ncode - n;
	if (lea2) {
		set_pair(&c[1], x, y);
		c[2].u = d;
		set_pair(&c[3], k, imm);
		tr_producer(t, at, at + 2, false, d);
	} else {
		set_pair(&c[1], x, d);
		set_pair(&c[2], k, imm);
		tr_producer(t, at, at + 1, true, d);
	}
	return true;
}

/* The super-instruction of binary op with an operand computed by the
 * instruction just emitted (see wasm_tr_fuse_bin), or NULL. */
static wasm_op_fn bin_fused(const struct tr *t, uint8_t op)
{
	const struct wasm_interp_fuse_ops *c = &wasm_interp_fuse;
	if (op == WASM_OP_I32_ADD && t->last_is_add &&
	    t->last_add_form == TR_ADD_RR)
		return c->add3;
	uint8_t sh = t->last_shift;
	switch (op) {
	case WASM_OP_I32_ADD:
		return sh == WASM_OP_I32_SHL ? c->add_shl : NULL;
	case WASM_OP_I32_XOR:
		return sh == WASM_OP_I32_SHL	 ? c->xor_shl
		       : sh == WASM_OP_I32_SHR_U ? c->xor_shr_u
		       : sh == WASM_OP_I32_ROTL	 ? c->xor_rotl
						 : NULL;
	case WASM_OP_I32_OR:
		return sh == WASM_OP_I32_SHL	 ? c->or_shl
		       : sh == WASM_OP_I32_SHR_U ? c->or_shr_u
						 : NULL;
	default:
		return NULL;
	}
}

/*
 * The binary single-byte op (operands still on the stack, commutative)
 * when one operand is the result of the instruction just emitted (an i32
 * shift or rotate by an immediate, or an i32.add of two slots) and the
 * pair has a super-instruction: emits it in that instruction's place,
 * [fn][x | y<<32][d][z] (exec_fuse.c, SHIFT_OP: d = y op (x shift z); op_add3:
 * d = x + y + z, the three slots), and returns true; false (nothing done)
 * otherwise.  The result just computed is either on top or just below a
 * lazy local, read in place (no code ran between the two).
 */
bool wasm_tr_fuse_bin(struct tr *t, uint8_t op)
{
	if (t->last_end != t->ncode || t->nvals < 2 || t->err)
		return false;
	wasm_op_fn fn = bin_fused(t, op);
	if (!fn)
		return false;
	struct tr_val *top = tr_top(t, 0), *below = tr_top(t, 1);
	uint32_t other;
	if (top->kind == K_STACK && top->home == t->last_dst &&
	    below->kind != K_CONST)
		other = below->src;
	else if (below->kind == K_STACK && below->home == t->last_dst &&
		 top->kind == K_LOCAL)
		other = top->src;
	else
		return false;
	bool shl = fn == wasm_interp_fuse.add_shl;
	uint32_t x = t->last_a, y = other, z = t->last_b;
	if (fn == wasm_interp_fuse.add3) {
		y = t->last_b;
		z = other;
	} else {
		z &= 31;
	}
	t->ncode = t->last_start;
	t->step_end = SIZE_MAX;
	tr_pop(t);
	tr_pop(t);
	uint32_t d = tr_push_home(t, WASM_I32);
	union wasm_cell *c = tr_emit_fill(t, fn, 4);
	if (!c)
		return true;
	set_pair(&c[1], x, y);
	c[2].u = d;
	c[3].u = z;
	size_t at = t->ncode - 4;
	tr_producer(t, at, at + 2, false, d);
	if (shl) {
		/* a + (x << k): an address the next load may take in. */
		t->last_is_add = true;
		t->last_add_form = TR_ADD_SHL;
		t->last_a = y;
		t->last_b = x;
		t->last_k = z;
	}
	return true;
}

/*
 * br_if of compare index cmp (a binary i32/i64 compare of slots a and b,
 * or of a and the immediate b when imm, just taken back by
 * tr_take_cmp) right after an add of the same width (the add's cells
 * end where the compare's began): emits [fn][s | d<<32][x][a | b<<32][rel]
 * (exec_fuse.c, STEP_BR) in the add's place and returns the cell of rel
 * (back: a back edge with its fuel tick); SIZE_MAX (nothing done) when it
 * does not apply.  The add's cells are read as they are now, after any
 * local.set/local.tee redirected its result.
 */
size_t wasm_tr_fuse_step_br(struct tr *t, int cmp, uint32_t a, uint32_t b,
			    bool imm, bool back)
{
	if (t->step_end != t->ncode || t->err || !tr_is_bin_cmp(cmp) ||
	    cmp >= WASM_TR_FCMP)
		return SIZE_MAX;
	size_t at = t->step_start;
	wasm_op_fn fn = CELL(t, at, 0).fn;
	bool wide = cmp >= 11;
	int form; /* 0: add of an immediate, 1: of a slot */
	bool sub = fn ==
		   (wide ? wasm_interp_ctl.sub64_imm : wasm_interp_ctl.sub_imm);
	if (sub ||
	    fn == (wide ? wasm_interp_ctl.add64_imm : wasm_interp_ctl.add_imm))
		form = 0;
	else if (fn == wasm_interp_ops_single[wide ? WASM_OP_I64_ADD
						   : WASM_OP_I32_ADD]
			       .fn)
		form = 1;
	else
		return SIZE_MAX;
	/* imm: [fn][s | d<<32][imm]; slots: [fn][s | x<<32][d]. */
	uint32_t s = CELL(t, at, 1).p.a;
	uint32_t d = form ? (uint32_t)CELL(t, at, 2).u : CELL(t, at, 1).p.b;
	uint64_t x = form ? CELL(t, at, 1).p.b : CELL(t, at, 2).u;
	if (sub) /* x - imm is x + (-imm), modulo 2^32 or 2^64 */
		x = wide ? (uint64_t)0 - x : (uint32_t)(0u - (uint32_t)x);
	t->ncode = at;
	t->step_end = SIZE_MAX;
	union wasm_cell *c = tr_emit_fill(
		t, wasm_interp_fuse.step_br[cmp][form][imm][back], 5);
	if (!c)
		return SIZE_MAX;
	set_pair(&c[1], s, d);
	c[2].u = x;
	set_pair(&c[3], a, b);
	c[4].u = 0; /* the offset: linked by the caller */
	return t->ncode - 1;
}
