/*
 * wasm/interp/translate_ctl.h - the helpers of the translator's control
 * flow that translate_ctl.c (labels, blocks) and translate_br.c
 * (branches) share: patching branch offsets, linking a branch to its
 * label, the values a branch carries, and the conditional jump with the
 * condition taken back from the compare just emitted (see translate.h).
 */
#ifndef WASM_INTERP_TRANSLATE_CTL_H
#define WASM_INTERP_TRANSLATE_CTL_H

#include "wasm/interp/translate_peep.h"

/* Points the offset in cell (index + 1; 0: none) at the current end. */
static inline void patch_here(struct tr *t, size_t cell_plus1)
{
	if (!cell_plus1 || t->err)
		return;
	size_t cell = cell_plus1 - 1;
	t->code[cell].i = (int64_t)t->ncode - (int64_t)cell;
}

/* A branch to l is a back edge that counts the fuel tick itself (the
 * loop head's op_fuel then only runs on entry). */
static inline bool back_edge(const struct tr *t, const struct tr_label *l)
{
	return t->fuel && l->kind == L_LOOP;
}

/* Makes cell refer to the branch target of label l; ticks: the branch is
 * a back-edge handler (back_edge()), which jumps past the op_fuel. */
static inline void link_target(struct tr *t, struct tr_label *l, size_t cell,
			       bool ticks)
{
	if (cell == SIZE_MAX || t->err)
		return;
	if (l->kind == L_LOOP) {
		size_t target = l->start + (ticks ? 1 : 0);
		t->code[cell].i = (int64_t)target - (int64_t)cell;
	} else {
		t->code[cell].i = (int64_t)l->fixups;
		l->fixups = cell + 1;
	}
}

/* The label's result types (a single result lives inside the label, which
 * may move when the label stack grows). */
static inline const uint8_t *lab_results(const struct tr_label *l)
{
	return l->results ? l->results : &l->single;
}

static inline uint32_t br_arity(const struct tr_label *l, const uint8_t **types)
{
	if (l->kind == L_LOOP) {
		*types = l->params;
		return l->nparams;
	}
	*types = lab_results(l);
	return l->nresults;
}

/* Target slot of the branch values of l. */
static inline uint32_t br_base(const struct tr_label *l)
{
	return l->kind == L_FUNC ? 0 : l->base;
}

static inline bool needs_copies(struct tr *t, const struct tr_label *l)
{
	const uint8_t *types;
	uint32_t n = br_arity(l, &types);
	uint32_t dst = br_base(l);
	if (l->kind == L_FUNC)
		return true; /* a return */
	for (uint32_t i = 0; i < n; i++) {
		const struct tr_val *v = tr_top(t, n - 1 - i);
		if (v->kind != K_STACK || v->src != dst)
			return true;
		dst += wasm_rt_type_slots(v->type);
	}
	return false;
}

/*
 * Emits a conditional jump, taken when the condition holds (when_true) or
 * fails; the condition has been described by cmp/a/b/imm (cmp >= 0) or is
 * in slot a.  back: a back edge (back_edge(), when_true only).  Returns
 * the cell holding the offset.
 */
TR_INLINE size_t emit_cond_jump(struct tr *t, int cmp, uint32_t a, uint32_t b,
				bool imm, bool when_true, bool back)
{
	const struct wasm_interp_ctl_ops *c = &wasm_interp_ctl;
	wasm_op_fn fn;
	if (cmp == 0) { /* eqz x: invert on x itself */
		when_true = !when_true;
		cmp = -1;
	}
	if (cmp < 0) {
		fn = when_true ? (back ? c->br_if_fuel : c->br_if)
			       : (back ? c->br_unless_fuel : c->br_unless);
	} else if (cmp >= WASM_TR_FCMP) { /* back implies when_true */
		fn = wasm_interp_fuse
			     .fcmp_br[cmp - WASM_TR_FCMP][back ? 2 : when_true];
	} else {
		const struct wasm_interp_cmp_ops *o = &wasm_interp_cmp[cmp];
		fn = when_true ? (imm ? o->br_ri : o->br_rr)
			       : (imm ? o->unless_ri : o->unless_rr);
		if (back)
			fn = imm ? o->br_ri_fuel : o->br_rr_fuel;
	}
	union wasm_cell *cell = tr_emit_fill(t, fn, 3);
	if (!cell)
		return SIZE_MAX;
	if (cmp < 0)
		cell[1].u = a; /* [fn][a][offset] */
	else
		set_pair(&cell[1], a, b);
	cell[2].u = 0; /* the offset: linked or patched by the caller */
	return t->ncode - 1;
}

/* Takes the condition on top: a compare just emitted, fused into the
 * branch (returns its index), or a slot in *a (returns -1). */
TR_INLINE int take_cond(struct tr *t, uint32_t *a, uint32_t *b, bool *imm)
{
	*a = *b = 0;
	*imm = false;
	int cmp = tr_take_cmp(t, a, b, imm);
	if (cmp < 0)
		cmp = tr_take_fcmp(t, a, b);
	if (cmp < 0)
		*a = tr_pop_slot(t);
	return cmp;
}

#endif /* WASM_INTERP_TRANSLATE_CTL_H */
