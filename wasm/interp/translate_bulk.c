/*
 * wasm/interp/translate_bulk.c - the memory and table instructions the
 * translator emits by hand: memory.size/grow and the 0xfc prefix (bulk
 * memory and tables; its saturating conversions are table-driven), with
 * the widening and saturation of memory64 and table64 operands they share;
 * and the 0xfd prefix (table-driven but for v128.const).  Memories, tables
 * and segments are named by index, never by address (see translate.h).
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/translate_emit.h"
#include "wasm/opcodes.h"

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
void wasm_tr_memory(struct tr *t, uint8_t op)
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
