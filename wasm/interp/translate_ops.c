/*
 * wasm/interp/translate_ops.c - the single-byte instructions the translator
 * emits by hand rather than from the tables of ops_gen.c, other than
 * control flow, locals, constants, calls (translate_call.c) and
 * memory.size/grow (translate_bulk.c): select, globals, tables and
 * references.  Most refer to objects of the instance: by index (resolved
 * at run time through the running instance, interp.h), never by address,
 * so that code does not depend on the instance (see translate.h).
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/translate_peep.h"
#include "wasm/opcodes.h"

/* Skips a value type immediate (with its heap type, if any). */
static void skip_valtype(struct tr *t)
{
	wasm_vt vt;
	if (wasm_read_valtype(&t->p, t->end, t->p, WASM_FEATURES_SUPPORTED, &vt,
			      NULL))
		t->err = ERR_FORMAT;
}

/* select and select t (whose types are skipped: the operands tell). */
static void do_select(struct tr *t, uint8_t op)
{
	uint32_t n;
	if (op == WASM_OP_SELECT_T) {
		if (tr_read_u32(t, &n))
			return;
		for (uint32_t i = 0; i < n && !t->err; i++)
			skip_valtype(t);
	}
	uint32_t c = tr_pop_slot(t);
	uint32_t b = tr_pop_slot(t);
	uint8_t ty = t->nvals ? tr_top(t, 0)->type : WASM_I32;
	uint32_t a = tr_pop_slot(t);
	uint32_t d = tr_push_home(t, ty);
	size_t at = tr_emit_op(t,
			       ty == WASM_V128 ? wasm_interp_ctl.select128
					       : wasm_interp_ctl.select64,
			       3);
	if (at == SIZE_MAX)
		return;
	set_pair(&CELL(t, at, 1), a, b);
	set_pair(&CELL(t, at, 2), c, d);
	tr_producer(t, at, at + 2, true, d);
}

/* global.get / global.set x: [fn][offset of globals[x]][slot]. */
static void do_global(struct tr *t, uint8_t op)
{
	uint32_t x, s;
	if (tr_read_u32(t, &x))
		return;
	if (x >= t->m->nglobals) {
		t->err = ERR_INVAL;
		return;
	}
	struct wasm_rt_global *g = t->inst->globals[x];
	bool wide = g->type.type == WASM_V128;
	bool get = op == WASM_OP_GLOBAL_GET;
	const struct wasm_interp_ctl_ops *o = &wasm_interp_ctl;
	s = get ? tr_push_home(t, g->type.type) : tr_pop_slot(t);
	size_t at =
		tr_emit_op(t,
			   get ? (wide ? o->global_get128 : o->global_get64)
			       : (wide ? o->global_set128 : o->global_set64),
			   3);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = tr_ctx_off(t, &t->inst->globals[x]);
	CELL(t, at, 2).u = s;
	if (get)
		tr_producer(t, at, at + 2, false, s);
	else
		tr_no_peephole(t);
}

/* table.get / table.set x: [fn][x][index | value<<32]. */
static void do_table(struct tr *t, uint8_t op)
{
	uint32_t x, a, d;
	if (tr_read_u32(t, &x))
		return;
	if (x >= t->m->ntables) {
		t->err = ERR_INVAL;
		return;
	}
	struct wasm_rt_table *tab = t->inst->tables[x];
	bool wide = tr_table64(t, x);
	if (op == WASM_OP_TABLE_GET) {
		a = tr_pop_slot(t);
		if (wide)
			a = tr_narrow_popped(t, a, WASM_TRAP_TABLE_OOB);
		d = tr_push_home(t, tab->type.elem);
	} else {
		d = tr_pop_slot(t);
		a = tr_pop_slot(t);
		if (wide)
			a = tr_narrow_popped(t, a, WASM_TRAP_TABLE_OOB);
	}
	size_t at =
		tr_emit_op(t,
			   op == WASM_OP_TABLE_GET ? wasm_interp_ctl.table_get
						   : wasm_interp_ctl.table_set,
			   3);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = x;
	set_pair(&CELL(t, at, 2), a, d);
	tr_no_peephole(t);
}

/* ref.null t, ref.is_null, ref.func x. */
static void do_ref(struct tr *t, uint8_t op)
{
	const uint8_t *q;
	uint32_t x;
	if (op == WASM_OP_REF_NULL) {
		/* Null is 0 whatever the heap type; any reference code
		 * gives the value its one slot. */
		q = t->p;
		uint32_t ht;
		if (wasm_read_heaptype(&t->p, t->end, q,
				       WASM_FEATURES_SUPPORTED, &ht, NULL)) {
			t->err = ERR_FORMAT;
			return;
		}
		tr_push_const(t, WASM_REF_NULL, 0, 0);
	} else if (op == WASM_OP_REF_AS_NON_NULL) {
		uint32_t a = tr_pop_slot(t);
		uint32_t d = tr_push_home(t, WASM_REF);
		size_t at = tr_emit_op(t, wasm_interp_ctl.ref_as_non_null, 2);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, d);
		tr_no_peephole(t);
	} else if (op == WASM_OP_REF_FUNC) {
		if (tr_read_u32(t, &x))
			return;
		if (x >= t->m->nfuncs) {
			t->err = ERR_INVAL;
			return;
		}
		uint32_t d = tr_push_home(t, WASM_FUNCREF);
		size_t at = tr_emit_op(t, wasm_interp_ctl.ref_func, 3);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).u = x;
		CELL(t, at, 2).u = d;
		tr_producer(t, at, at + 2, false, d);
	} else {
		uint32_t a = tr_pop_slot(t);
		uint32_t d = tr_push_home(t, WASM_I32);
		size_t at = tr_emit_op(t, wasm_interp_ctl.ref_is_null, 2);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, d);
		tr_producer(t, at, at + 1, true, d);
	}
}

/*
 * The single-byte instructions emitted by hand here: select, globals,
 * tables and references.
 */
void wasm_tr_hand_op(struct tr *t, uint8_t op)
{
	switch (op) {
	case WASM_OP_SELECT:
	case WASM_OP_SELECT_T:
		do_select(t, op);
		return;
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_GLOBAL_SET:
		do_global(t, op);
		return;
	case WASM_OP_TABLE_GET:
	case WASM_OP_TABLE_SET:
		do_table(t, op);
		return;
	case WASM_OP_REF_NULL:
	case WASM_OP_REF_IS_NULL:
	case WASM_OP_REF_FUNC:
	case WASM_OP_REF_AS_NON_NULL:
		do_ref(t, op);
		return;
	default:
		t->err = ERR_INVAL;
	}
}
