/*
 * wasm/interp/translate_call.c - the translator's calls: call,
 * call_indirect, call_ref and their return_call forms (exec_call.c runs
 * them).  Functions, tables and types are named by their offset in the
 * instance's context (tr_ctx_off), never by address, so that the code does
 * not depend on the instance (see translate.h).
 */
#include "wasm/interp/translate_emit.h"

static const struct wasm_rt_functype *functype_of(struct tr *t, uint32_t idx)
{
	if (idx >= t->m->ntypes) {
		t->err = ERR_INVAL;
		return NULL;
	}
	return t->inst->types[idx];
}

/* After a call that may switch instances (exec_call.c, CALL_OP). */
static void emit_reload_ctx(struct tr *t)
{
	tr_emit_op(t, wasm_interp_ctl.reload_ctx, 1);
	tr_no_peephole(t);
}

/* call x: [fn][offset of funcs[x] in the context][frame base], then a
 * reload_ctx cell if x is imported. */
void wasm_tr_call(struct tr *t)
{
	uint32_t x;
	if (tr_read_u32(t, &x))
		return;
	if (x >= t->m->nfuncs) {
		t->err = ERR_INVAL;
		return;
	}
	uint32_t base =
		wasm_tr_call_frame(t, t->inst->types[t->m->funcs[x].type]);
	const struct wasm_interp_ctl_ops *o = &wasm_interp_ctl;
	bool import = t->m->funcs[x].import != WASM_NO_IMPORT;
	size_t at = tr_emit_op(
		t,
		import ? (t->fuel ? o->call_import_fuel : o->call_import)
		       : (t->fuel ? o->call_fuel : o->call),
		3);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = tr_ctx_off(t, &t->inst->funcs[x]);
	CELL(t, at, 2).u = base;
	wasm_tr_gc_commit(t, at + 3, false);
	tr_no_peephole(t);
	if (import)
		emit_reload_ctx(t);
}

/* call_indirect x y: [fn][tables[y]][types[x]][index | base<<32] (context
 * offsets). */
void wasm_tr_call_indirect(struct tr *t)
{
	uint32_t x, y;
	if (tr_read_u32(t, &x) || tr_read_u32(t, &y))
		return;
	const struct wasm_rt_functype *ft = functype_of(t, x);
	if (!ft || y >= t->m->ntables) {
		t->err = ERR_INVAL;
		return;
	}
	uint32_t c = tr_pop_slot(t);
	if (tr_table64(t, y))
		c = tr_narrow_popped(t, c, WASM_TRAP_UNDEFINED_ELEM);
	uint32_t base = wasm_tr_call_frame(t, ft);
	size_t at = tr_emit_op(t,
			       t->fuel ? wasm_interp_ctl.call_indirect_fuel
				       : wasm_interp_ctl.call_indirect,
			       4);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = tr_ctx_off(t, &t->inst->tables[y]);
	CELL(t, at, 2).u = tr_ctx_off(t, &t->inst->types[x]);
	set_pair(&CELL(t, at, 3), c, base);
	/* The callee returns to the reload cell or past it. */
	wasm_tr_gc_commit(t, at + 4, false);
	wasm_tr_gc_commit(t, at + 5, false);
	tr_no_peephole(t);
	emit_reload_ctx(t);
}

/*
 * call_ref x: [fn][ref | base<<32] then reload_ctx; return_call_ref x:
 * [fn][ref | base<<32][nparam_slots] (exec_call.c, CALL_REF_OP).
 */
void wasm_tr_call_ref(struct tr *t, bool tail)
{
	uint32_t x;
	if (tr_read_u32(t, &x))
		return;
	const struct wasm_rt_functype *ft = functype_of(t, x);
	if (!ft)
		return;
	uint32_t c = tr_pop_slot(t);
	uint32_t base = wasm_tr_call_frame(t, ft);
	const struct wasm_interp_ctl_ops *o = &wasm_interp_ctl;
	wasm_op_fn fn =
		tail ? (t->fuel ? o->return_call_ref_fuel : o->return_call_ref)
		     : (t->fuel ? o->call_ref_fuel : o->call_ref);
	size_t at = tr_emit_op(t, fn, tail ? 3 : 2);
	if (at == SIZE_MAX)
		return;
	set_pair(&CELL(t, at, 1), c, base);
	tr_no_peephole(t);
	if (tail) {
		CELL(t, at, 2).u = ft->param_slots;
		wasm_tr_set_unreachable(t);
	} else {
		wasm_tr_gc_commit(t, at + 2, false);
		wasm_tr_gc_commit(t, at + 3, false);
		emit_reload_ctx(t);
	}
}

/*
 * return_call x and return_call_indirect x y (exec_call.c, RETURN_CALL_OP):
 * [fn][funcs[x]][base | nparam_slots<<32] and
 * [fn][tables[y]][types[x]][index | base<<32][nparam_slots] (context
 * offsets).  The callee takes over this function's frame; nothing after
 * the call is reachable.
 */
void wasm_tr_return_call(struct tr *t, bool indirect)
{
	uint32_t x, y = 0, c = 0;
	if (tr_read_u32(t, &x) || (indirect && tr_read_u32(t, &y)))
		return;
	const struct wasm_rt_functype *ft;
	if (indirect) {
		ft = functype_of(t, x);
		if (!ft || y >= t->m->ntables) {
			t->err = ERR_INVAL;
			return;
		}
		c = tr_pop_slot(t);
		if (tr_table64(t, y))
			c = tr_narrow_popped(t, c, WASM_TRAP_UNDEFINED_ELEM);
	} else {
		if (x >= t->m->nfuncs) {
			t->err = ERR_INVAL;
			return;
		}
		ft = t->inst->types[t->m->funcs[x].type];
	}
	uint32_t base = wasm_tr_call_frame(t, ft);
	const struct wasm_interp_ctl_ops *o = &wasm_interp_ctl;
	size_t at;
	if (indirect) {
		at = tr_emit_op(t,
				t->fuel ? o->return_call_indirect_fuel
					: o->return_call_indirect,
				5);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).u = tr_ctx_off(t, &t->inst->tables[y]);
		CELL(t, at, 2).u = tr_ctx_off(t, &t->inst->types[x]);
		set_pair(&CELL(t, at, 3), c, base);
		CELL(t, at, 4).u = ft->param_slots;
	} else {
		at = tr_emit_op(
			t, t->fuel ? o->return_call_fuel : o->return_call, 3);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).u = tr_ctx_off(t, &t->inst->funcs[x]);
		set_pair(&CELL(t, at, 2), base, ft->param_slots);
	}
	tr_no_peephole(t);
	wasm_tr_set_unreachable(t);
}
