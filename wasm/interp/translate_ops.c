/*
 * wasm/interp/translate_ops.c - the instructions the translator emits by
 * hand rather than from the tables of ops_gen.c: calls, select, globals,
 * tables, memory.size/grow, references, the 0xfc prefix (bulk memory and
 * tables; its saturating conversions are table-driven) and v128.const
 * (see translate.h).  Most refer to objects of the instance: by index
 * (resolved at run time through the running instance, interp.h), never by
 * address, so that code does not depend on the instance.
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/translate.h"
#include "wasm/opcodes.h"

/* ---- single-byte instructions -------------------------------------------- */

/* The byte offset of p, an element of an array of the instance's context
 * (struct wasm_rt_instance): the same for every instance of the module. */
static uint64_t ctx_off(const struct tr *t, const void *p)
{
	return (uint64_t)((const char *)p - (const char *)t->inst->ctx);
}

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
static void do_call(struct tr *t)
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
	CELL(t, at, 1).u = ctx_off(t, &t->inst->funcs[x]);
	CELL(t, at, 2).u = base;
	wasm_tr_gc_commit(t, at + 3, false);
	tr_no_peephole(t);
	if (import)
		emit_reload_ctx(t);
}

/* call_indirect x y: [fn][tables[y]][types[x]][index | base<<32] (context
 * offsets). */
static void do_call_indirect(struct tr *t)
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
	CELL(t, at, 1).u = ctx_off(t, &t->inst->tables[y]);
	CELL(t, at, 2).u = ctx_off(t, &t->inst->types[x]);
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
static void do_call_ref(struct tr *t, bool tail)
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
static void do_return_call(struct tr *t, bool indirect)
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
		CELL(t, at, 1).u = ctx_off(t, &t->inst->tables[y]);
		CELL(t, at, 2).u = ctx_off(t, &t->inst->types[x]);
		set_pair(&CELL(t, at, 3), c, base);
		CELL(t, at, 4).u = ft->param_slots;
	} else {
		at = tr_emit_op(
			t, t->fuel ? o->return_call_fuel : o->return_call, 3);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).u = ctx_off(t, &t->inst->funcs[x]);
		set_pair(&CELL(t, at, 2), base, ft->param_slots);
	}
	tr_no_peephole(t);
	wasm_tr_set_unreachable(t);
}

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
	CELL(t, at, 1).u = ctx_off(t, &t->inst->globals[x]);
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

/* The i64 grow delta just popped (slot src) saturated to 2^32 - 1 in its
 * home slot (exec_mem.c, wasm_op_sat32); returns that slot. */
static uint32_t sat_popped(struct tr *t, uint32_t src)
{
	uint32_t home = t->sp;
	size_t at = tr_emit_op(t, wasm_interp_ctl.sat32, 2);
	if (at == SIZE_MAX)
		return src;
	set_pair(&CELL(t, at, 1), src, home);
	tr_no_peephole(t);
	return home;
}

/* The i32 size or grow result in slot d made the i64 of a memory64
 * memory or table64 table (exec_mem.c, wasm_op_widen). */
static void widen(struct tr *t, uint32_t d, bool grow)
{
	size_t at = tr_emit_op(t, wasm_interp_ctl.widen, 3);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = d;
	CELL(t, at, 2).u = grow;
	tr_no_peephole(t);
}

/* memory.size: [fn][x][d]; memory.grow: [fn][x][a | d<<32] (memory x). */
static void do_memory(struct tr *t, uint8_t op)
{
	uint32_t a = 0, d, x;
	if (tr_read_u32(t, &x))
		return;
	if (x >= t->m->nmemories) {
		t->err = ERR_INVAL;
		return;
	}
	bool grow = op == WASM_OP_MEMORY_GROW, wide = tr_mem64(t, x);
	if (grow)
		a = tr_pop_slot(t);
	if (grow && wide)
		a = sat_popped(t, a);
	d = tr_push_home(t, wide ? WASM_I64 : WASM_I32);
	size_t at = tr_emit_op(t,
			       grow ? wasm_interp_ctl.memory_grow
				    : wasm_interp_ctl.memory_size,
			       3);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = x;
	if (grow)
		set_pair(&CELL(t, at, 2), a, d);
	else
		CELL(t, at, 2).u = d;
	tr_no_peephole(t);
	if (wide)
		widen(t, d, grow);
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
 * The single-byte instructions emitted by hand (other than control flow,
 * locals and constants): calls, select, globals, tables, memory.size/grow
 * and references.
 */
void wasm_tr_hand_op(struct tr *t, uint8_t op)
{
	switch (op) {
	case WASM_OP_CALL:
		do_call(t);
		return;
	case WASM_OP_CALL_INDIRECT:
		do_call_indirect(t);
		return;
	case WASM_OP_RETURN_CALL:
	case WASM_OP_RETURN_CALL_INDIRECT:
		do_return_call(t, op == WASM_OP_RETURN_CALL_INDIRECT);
		return;
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
	case WASM_OP_MEMORY_SIZE:
	case WASM_OP_MEMORY_GROW:
		do_memory(t, op);
		return;
	case WASM_OP_REF_NULL:
	case WASM_OP_REF_IS_NULL:
	case WASM_OP_REF_FUNC:
	case WASM_OP_REF_AS_NON_NULL:
		do_ref(t, op);
		return;
	case WASM_OP_CALL_REF:
	case WASM_OP_RETURN_CALL_REF:
		do_call_ref(t, op == WASM_OP_RETURN_CALL_REF);
		return;
	default:
		t->err = ERR_INVAL;
	}
}

/* ---- 0xfc: saturating conversions, bulk memory and tables --------------- */

/*
 * [fn][x1][x2][a | b<<32][c] (k == 2) or [fn][x1][a | b<<32][c] (k == 1)
 * for the bulk instructions taking three i32 operands a, b, c (x1, x2:
 * indices of the memory, tables or segments they use); bits 0, 1, 2 of
 * narrow: a, b, c are i64 table indices or counts of a table64 table,
 * narrowed first (tr_narrow_popped).
 */
static void emit_bulk_narrow(struct tr *t, wasm_op_fn fn, size_t k, uint32_t x1,
			     uint32_t x2, unsigned narrow)
{
	uint32_t c = tr_pop_slot(t);
	if (narrow & 4)
		c = tr_narrow_popped(t, c, WASM_TRAP_TABLE_OOB);
	uint32_t b = tr_pop_slot(t);
	if (narrow & 2)
		b = tr_narrow_popped(t, b, WASM_TRAP_TABLE_OOB);
	uint32_t a = tr_pop_slot(t);
	if (narrow & 1)
		a = tr_narrow_popped(t, a, WASM_TRAP_TABLE_OOB);
	size_t at = tr_emit_op(t, fn, 3 + k);
	if (at == SIZE_MAX)
		return;
	CELL(t, at, 1).u = x1;
	if (k == 2)
		CELL(t, at, 2).u = x2;
	set_pair(&CELL(t, at, 1 + k), a, b);
	CELL(t, at, 2 + k).u = c;
}

/* emit_bulk_narrow with no i64 operand. */
static void emit_bulk(struct tr *t, wasm_op_fn fn, size_t k, uint32_t x1,
		      uint32_t x2)
{
	emit_bulk_narrow(t, fn, k, x1, x2, 0);
}

/* memory.copy with an i64 memory: [fn][x][y][d | s<<32][n][wide] (exec_mem.c,
 * wasm_op_memory_copy64; n is i64 when both memories are). */
static void emit_copy64(struct tr *t, uint32_t x, uint32_t y)
{
	uint64_t wide = (tr_mem64(t, x) ? 1u : 0u) | (tr_mem64(t, y) ? 2u : 0u);
	if (wide == 3)
		wide |= 4;
	emit_bulk(t, wasm_interp_ctl.memory_copy64, 2, x, y);
	/* One cell more, after the instruction emit_bulk wrote. */
	size_t at = tr_emit(t, 1);
	if (at != SIZE_MAX)
		t->code[at].u = wide;
}

/* [fn][x] (data.drop, elem.drop). */
static void emit_index(struct tr *t, wasm_op_fn fn, uint32_t x)
{
	size_t at = tr_emit_op(t, fn, 2);
	if (at != SIZE_MAX)
		CELL(t, at, 1).u = x;
}

/* Reads a memory index (a reserved zero byte in 2.0) into *x; -1 when it
 * is out of range (err set) or unreadable. */
static int read_memidx(struct tr *t, uint32_t *x)
{
	if (tr_read_u32(t, x))
		return -1;
	if (*x >= t->m->nmemories) {
		t->err = ERR_INVAL;
		return -1;
	}
	return 0;
}

/* The 0xfc prefixed instructions (sub-opcode at t->p). */
void wasm_tr_prefix_fc(struct tr *t)
{
	const struct wasm_module *m = t->m;
	const struct wasm_interp_ctl_ops *o = &wasm_interp_ctl;
	uint32_t sub, x = 0, y = 0, a, b, c;
	size_t at;
	if (tr_read_u32(t, &sub))
		return;
	if (sub < 8) {
		wasm_tr_generic(t, &wasm_interp_ops_fc[sub], false, 0);
		return;
	}
	tr_no_peephole(t);
	switch (sub) {
	case WASM_OP_FC_MEMORY_INIT:
		if (tr_read_u32(t, &x) || read_memidx(t, &y))
			return;
		if (x >= m->ndatas)
			break;
		emit_bulk(t, tr_mem64(t, y) ? o->memory_init64 : o->memory_init,
			  2, y, x);
		return;
	case WASM_OP_FC_DATA_DROP:
		if (tr_read_u32(t, &x))
			return;
		if (x >= m->ndatas)
			break;
		emit_index(t, o->data_drop, x);
		return;
	case WASM_OP_FC_MEMORY_COPY:
		/* Memory 0 to itself in the registers; else by index. */
		if (read_memidx(t, &x) || read_memidx(t, &y))
			return;
		if (tr_mem64(t, x) || tr_mem64(t, y))
			emit_copy64(t, x, y);
		else if (x == 0 && y == 0)
			emit_bulk(t, o->memory_copy, 1, 0, 0);
		else
			emit_bulk(t, o->memory_copy_mm, 2, x, y);
		return;
	case WASM_OP_FC_MEMORY_FILL:
		if (read_memidx(t, &x))
			return;
		emit_bulk(t,
			  tr_mem64(t, x) ? o->memory_fill64
			  : x		 ? o->memory_fill_mm
					 : o->memory_fill,
			  1, x, 0);
		return;
	case WASM_OP_FC_TABLE_INIT:
		if (tr_read_u32(t, &x) || tr_read_u32(t, &y))
			return;
		if (x >= m->nelems || y >= m->ntables)
			break;
		emit_bulk_narrow(t, o->table_init, 2, y, x,
				 tr_table64(t, y) ? 1 : 0);
		return;
	case WASM_OP_FC_ELEM_DROP:
		if (tr_read_u32(t, &x))
			return;
		if (x >= m->nelems)
			break;
		emit_index(t, o->elem_drop, x);
		return;
	case WASM_OP_FC_TABLE_COPY:
		if (tr_read_u32(t, &x) || tr_read_u32(t, &y))
			return;
		if (x >= m->ntables || y >= m->ntables)
			break;
		emit_bulk_narrow(t, o->table_copy, 2, x, y,
				 (tr_table64(t, x) ? 1u : 0u) |
					 (tr_table64(t, y) ? 2u : 0u) |
					 (tr_table64(t, x) && tr_table64(t, y)
						  ? 4u
						  : 0u));
		return;
	case WASM_OP_FC_TABLE_FILL:
		if (tr_read_u32(t, &x))
			return;
		if (x >= m->ntables)
			break;
		emit_bulk_narrow(t, o->table_fill, 1, x, 0,
				 tr_table64(t, x) ? 5 : 0);
		return;
	case WASM_OP_FC_TABLE_GROW:
		if (tr_read_u32(t, &x))
			return;
		if (x >= m->ntables)
			break;
		b = tr_pop_slot(t);
		if (tr_table64(t, x))
			b = sat_popped(t, b);
		a = tr_pop_slot(t);
		c = tr_push_home(t, tr_table64(t, x) ? WASM_I64 : WASM_I32);
		at = tr_emit_op(t, o->table_grow, 4);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).u = x;
		set_pair(&CELL(t, at, 2), a, b);
		CELL(t, at, 3).u = c;
		if (tr_table64(t, x))
			widen(t, c, true);
		return;
	case WASM_OP_FC_TABLE_SIZE:
		if (tr_read_u32(t, &x))
			return;
		if (x >= m->ntables)
			break;
		c = tr_push_home(t, tr_table64(t, x) ? WASM_I64 : WASM_I32);
		at = tr_emit_op(t, o->table_size, 3);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).u = x;
		CELL(t, at, 2).u = c;
		if (tr_table64(t, x))
			widen(t, c, false);
		return;
	default:
		break;
	}
	t->err = ERR_INVAL;
}

/* The 0xfd prefixed (SIMD) instructions (sub-opcode at t->p). */
void wasm_tr_prefix_fd(struct tr *t)
{
	uint32_t sub;
	if (tr_read_u32(t, &sub))
		return;
	if (sub == WASM_OP_FD_V128_CONST) {
		uint64_t c[2];
		const uint8_t *q = tr_read_bytes(t, 16);
		if (!q)
			return;
		memcpy(c, q, 16);
		tr_push_const(t, WASM_V128, c[0], c[1]);
		return;
	}
	if (sub >= WASM_OP_FD_COUNT || !wasm_interp_ops_fd[sub].fn) {
		t->err = ERR_INVAL;
		return;
	}
	wasm_tr_generic(t, &wasm_interp_ops_fd[sub], false, 0);
}
