/*
 * wasm/interp/translate_stack.c - the translator's code buffer and operand
 * stack model: growing arrays, writing lazy operands out, locals and the
 * stack effect of calls (see translate.h).
 */
#include "wasm/interp/translate_emit.h"

/*
 * Grows the array *arrayp of *cap elements of elem bytes so that need fit
 * (see wasm_grow_array); false on out of memory, recorded in t->err, or
 * after an earlier error.
 */
bool wasm_tr_grow(struct tr *t, void *arrayp, size_t *cap, size_t elem,
		  size_t need, size_t first)
{
	if (t->err)
		return false;
	void *old, *fresh = NULL;
	size_t fcap = 0;
	__builtin_memcpy(&old, arrayp, sizeof(old));
	if (!wasm_tr_in_scratch(t, old)) {
		if (!wasm_grow_array(t->a, arrayp, cap, elem, need, first))
			goto nomem;
		return true;
	}
	/* Out of the scratch block: a new array, the old one left. */
	if (!wasm_grow_array(t->a, &fresh, &fcap, elem,
			     need > *cap * 2 ? need : *cap * 2, first))
		goto nomem;
	memcpy(fresh, old, *cap * elem);
	__builtin_memcpy(arrayp, &fresh, sizeof(fresh));
	*cap = fcap;
	return true;
nomem:
	t->err = ERR_NOMEM;
	return false;
}

/* Emits the code that writes the value v stands for into slot dst. */
void wasm_tr_emit_move(struct tr *t, const struct tr_val *v, uint32_t dst)
{
	size_t at;
	if (v->kind == K_CONST) {
		if (v->type == WASM_V128) {
			at = tr_emit_op(t, wasm_interp_ctl.const128, 4);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 3).u = v->c[1];
		} else {
			at = tr_emit_op(t, wasm_interp_ctl.const64, 3);
			if (at == SIZE_MAX)
				return;
		}
		CELL(t, at, 1).u = dst;
		CELL(t, at, 2).u = v->c[0];
		return;
	}
	if (v->src == dst)
		return;
	if (v->type != WASM_V128) {
		tr_emit_copy64(t, v->src, dst);
		return;
	}
	at = tr_emit_op(t, wasm_interp_ctl.copy128, 2);
	if (at != SIZE_MAX)
		set_pair(&CELL(t, at, 1), v->src, dst);
}

/* Writes every lazy entry of the stack model into its home slot. */
void wasm_tr_materialize_all(struct tr *t)
{
	for (uint32_t i = 0; i < t->nvals; i++)
		tr_materialize(t, &t->vals[i]);
}

/*
 * The stack effect of a call of type ft: materializes and pops the
 * arguments, pushes the results; returns the slot of the callee's frame
 * (where the arguments were and the results will be).
 */
uint32_t wasm_tr_call_frame(struct tr *t, const struct wasm_rt_functype *ft)
{
	if (ft->nparams > t->nvals) {
		t->err = ERR_INVAL;
		return 0;
	}
	for (uint32_t i = 0; i < ft->nparams; i++)
		tr_materialize(t, tr_top(t, i));
	/* Popped at once: the stack pointer goes to the first one's home. */
	if (ft->nparams) {
		t->nvals -= ft->nparams;
		t->sp = t->vals[t->nvals].home;
	}
	/* What the caller's frame holds across the call (GC roots). */
	wasm_tr_gc_snapshot(t);
	uint32_t base = t->sp;
	for (uint32_t i = 0; i < ft->nresults; i++)
		tr_push(t, ft->types[ft->nparams + i]);
	/* The callee's frame starts at base; keep max_slot sane. */
	if (base + ft->param_slots > t->max_slot)
		t->max_slot = base + ft->param_slots;
	return base;
}
