/*
 * wasm/interp/translate_br.c - the translator's branches: a branch's
 * copies and jump, br, br_if, br_table, return, br_on_null/br_on_non_null
 * and the branches of br_on_cast, and skipping the unreachable code after
 * them (labels and blocks are in translate_ctl.c; see translate.h).
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/translate_ctl.h"

/* The label depth levels out (0: the innermost); ERR_INVAL (and the
 * function's label) beyond the outermost. */
struct tr_label *wasm_tr_label(struct tr *t, uint32_t depth)
{
	if (depth >= t->nlabels) {
		t->err = ERR_INVAL;
		return &t->labels[0];
	}
	return &t->labels[t->nlabels - 1 - depth];
}

/* Moves the branch values of l into place (the stack model is kept). */
static void emit_copies(struct tr *t, const struct tr_label *l)
{
	const uint8_t *types;
	uint32_t n = br_arity(l, &types);
	uint32_t dst = br_base(l);
	if (l->kind == L_FUNC && n == 1 && tr_top_is_last(t)) {
		/* The last instruction computed the only result: let it
		 * write fp[0] itself (nothing reads its slots afterwards). */
		tr_retarget_last(t, 0);
		tr_no_peephole(t);
		return;
	}
	bool via_home = l->kind == L_FUNC && n > 1;
	if (via_home) {
		/* Locals may overlap fp[0..]: stage them in their home slots
		 * (on this path only; the stack model is left alone). */
		for (uint32_t i = 0; i < n; i++) {
			const struct tr_val *v = tr_top(t, i);
			if (v->kind == K_LOCAL)
				tr_emit_move(t, v, v->home);
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		struct tr_val v = *tr_top(t, n - 1 - i);
		if (via_home && v.kind == K_LOCAL) {
			v.kind = K_STACK;
			v.src = v.home;
		}
		tr_emit_move(t, &v, dst);
		dst += wasm_rt_type_slots(v.type);
	}
}

/* Unconditional jump to l (values already in place). */
void wasm_tr_emit_jump(struct tr *t, struct tr_label *l)
{
	if (l->kind == L_FUNC) {
		tr_emit_op(t, wasm_interp_ctl.ret, 1);
		return;
	}
	bool back = back_edge(t, l);
	union wasm_cell *c = tr_emit_fill(
		t, back ? wasm_interp_ctl.br_fuel : wasm_interp_ctl.br, 2);
	if (!c)
		return;
	c[1].u = 0;
	link_target(t, l, t->ncode - 1, back);
}

/* The copies and the jump of a branch to l. */
void wasm_tr_emit_branch(struct tr *t, struct tr_label *l)
{
	emit_copies(t, l);
	wasm_tr_emit_jump(t, l);
}

/* What follows in the current block is dead (after br, unreachable...). */
void wasm_tr_set_unreachable(struct tr *t)
{
	t->labels[t->nlabels - 1].unreachable = true;
	tr_no_peephole(t);
}

/* ---- branches ----------------------------------------------------------- */

/* br depth. */
void wasm_tr_br(struct tr *t, uint32_t depth)
{
	wasm_tr_emit_branch(t, wasm_tr_label(t, depth));
	wasm_tr_set_unreachable(t);
}

/* return: a branch to the function's label. */
void wasm_tr_return(struct tr *t)
{
	wasm_tr_br(t, t->nlabels - 1);
}

/* br_if depth: one compare-and-branch when the values are in place. */
void wasm_tr_br_if(struct tr *t, uint32_t depth)
{
	uint32_t a, b;
	bool imm;
	int cmp = take_cond(t, &a, &b, &imm);
	struct tr_label *l = wasm_tr_label(t, depth);
	if (t->err)
		return;
	if (!needs_copies(t, l)) {
		bool back = back_edge(t, l);
		/* An add right before the compare may join it (a loop's
		 * step and test: translate_fuse.c). */
		size_t cell =
			cmp > 0 && t->step_end == t->ncode
				? wasm_tr_fuse_step_br(t, cmp, a, b, imm, back)
				: SIZE_MAX;
		if (cell == SIZE_MAX)
			cell = emit_cond_jump(t, cmp, a, b, imm, true, back);
		link_target(t, l, cell, back);
	} else {
		size_t skip = emit_cond_jump(t, cmp, a, b, imm, false, false);
		wasm_tr_emit_branch(t, l);
		patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
	}
	tr_no_peephole(t);
}

/*
 * br_table: one offset cell per target; a target whose values must be
 * copied gets a stub (copies and a jump) after the table, shared by the
 * entries with the same depth.
 */
void wasm_tr_br_table(struct tr *t)
{
	uint32_t n, depth;
	if (tr_read_u32(t, &n))
		return;
	const uint8_t *targets = t->p;
	for (uint32_t i = 0; i <= n; i++)
		if (tr_read_u32(t, &depth))
			return;
	uint32_t c = tr_pop_slot(t);
	size_t at = tr_emit_op(t, wasm_interp_ctl.br_table, 2 + (size_t)n + 1);
	if (at == SIZE_MAX || t->err)
		return;
	set_pair(&CELL(t, at, 1), c, n);
	const uint8_t *q = targets;
	for (uint32_t i = 0; i <= n; i++) {
		wasm_leb_u32(&q, t->end, &depth);
		struct tr_label *l = wasm_tr_label(t, depth);
		if (t->err)
			return;
		size_t cell = at + 2 + i;
		if (!needs_copies(t, l)) {
			/* Through the loop head's op_fuel, if any. */
			link_target(t, l, cell, false);
			continue;
		}
		/* A stub shared by earlier entries with the same depth? */
		const uint8_t *r = targets;
		bool shared = false;
		for (uint32_t j = 0; j < i; j++) {
			uint32_t dj = UINT32_MAX;
			wasm_leb_u32(&r, t->end, &dj);
			if (dj == depth) {
				size_t other = at + 2 + j;
				t->code[cell].i = (int64_t)other +
						  t->code[other].i -
						  (int64_t)cell;
				shared = true;
				break;
			}
		}
		if (shared)
			continue;
		patch_here(t, cell + 1);
		wasm_tr_emit_branch(t, l);
		if (t->err)
			return;
	}
	wasm_tr_set_unreachable(t);
}

/*
 * br_on_null depth (on_null) and br_on_non_null depth: the reference on
 * top is tested as a 64-bit value (i64.eqz, fused into the branch).
 * Pending values are written home first, so the reference stays in its
 * home slot on both paths.
 */
void wasm_tr_br_on_null(struct tr *t, uint32_t depth, bool on_null)
{
	int eqz64 = tr_cmp_index(WASM_OP_I64_EQZ);
	wasm_tr_materialize_all(t);
	if (!t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	uint8_t type = tr_top(t, 0)->type;
	uint32_t a = tr_top(t, 0)->home;
	struct tr_label *l;
	if (on_null) {
		tr_pop(t); /* the branch does not take the null */
		l = wasm_tr_label(t, depth);
		if (t->err)
			return;
		if (!needs_copies(t, l)) {
			bool back = back_edge(t, l);
			size_t cell = emit_cond_jump(t, eqz64, a, 0, false,
						     true, back);
			link_target(t, l, cell, back);
		} else {
			size_t skip = emit_cond_jump(t, eqz64, a, 0, false,
						     false, false);
			wasm_tr_emit_branch(t, l);
			patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
		}
		tr_push(t, type); /* back in its home slot */
	} else {
		l = wasm_tr_label(t, depth); /* takes the reference too */
		if (t->err)
			return;
		size_t skip =
			emit_cond_jump(t, eqz64, a, 0, false, true, false);
		wasm_tr_emit_branch(t, l);
		patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
		tr_pop(t);
	}
	tr_no_peephole(t);
}

/* Branches to depth when i32 slot c is non-zero (when_true) or zero; the
 * stack is unchanged (br_on_cast, br_on_cast_fail). */
void wasm_tr_br_on_slot(struct tr *t, uint32_t depth, uint32_t c,
			bool when_true)
{
	struct tr_label *l = wasm_tr_label(t, depth);
	if (t->err)
		return;
	size_t skip = emit_cond_jump(t, -1, c, 0, false, !when_true, false);
	wasm_tr_emit_branch(t, l);
	patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
	tr_no_peephole(t);
}

/* ---- unreachable code ---------------------------------------------------- */

/*
 * Skips unreachable code up to the else/end that closes the current label;
 * leaves t->p at that opcode.  The body was validated, so the decoder's
 * instruction reader walks it; a failure here means a corrupt body.
 */
void wasm_tr_skip_dead(struct tr *t)
{
	uint32_t nest = 0;
	struct wasm_instr in;
	struct wasm_error err;
	while (t->p < t->end && !t->err) {
		const uint8_t *at = t->p;
		if (wasm_read_instr(&t->p, t->end, at, &in, &err)) {
			t->err = ERR_FORMAT;
			return;
		}
		if (in.prefix)
			continue;
		switch (in.op) {
		case WASM_OP_END:
		case WASM_OP_ELSE:
		case WASM_OP_CATCH:
		case WASM_OP_CATCH_ALL:
		case WASM_OP_DELEGATE:
			if (nest == 0) {
				t->p = at;
				return;
			}
			/* delegate closes its try as end does */
			if (in.op == WASM_OP_END || in.op == WASM_OP_DELEGATE)
				nest--;
			break;
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
		case WASM_OP_TRY:
		case WASM_OP_TRY_TABLE:
			nest++;
			break;
		default:
			break;
		}
	}
}
