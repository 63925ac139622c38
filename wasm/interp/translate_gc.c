/*
 * wasm/interp/translate_gc.c - translating the GC proposal's instructions
 * (cells: exec_gc.c) and recording GC safepoints.
 *
 * Safepoints.  A collection can only start inside an allocating handler,
 * which hands its own cell to the collector, or in a callee, whose caller
 * is then at the call's return cell.  At each of those cells the
 * translator records which frame slots hold references: the reference
 * locals, and the operand stack's entries in their home slots (calls
 * materialize the arguments, allocations all their operands first, which
 * are then roots until copied in).  A lazy local.get needs nothing: its
 * value is in the local; a lazy constant reference is null.  Frames
 * without references record nothing, so 2.0 code costs only the scan of
 * its operand stack at each call.
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/interp/translate_emit.h"
#include "wasm/opcodes_gc.h"

static bool is_ref(uint8_t code)
{
	return wasm_is_reftype(code) || wasm_ht_is_gc_abstract(code);
}

/* Lists the reference locals' slots (false: out of memory). */
bool wasm_tr_gc_begin(struct tr *t)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->nlocals; i++)
		n += is_ref(t->local_type[i]);
	if (!n)
		return true;
	t->gc_locals = wasm_alloc(t->a, n * sizeof(uint32_t));
	if (!t->gc_locals) {
		t->err = ERR_NOMEM;
		return false;
	}
	for (uint32_t i = 0; i < t->nlocals; i++)
		if (is_ref(t->local_type[i]))
			t->gc_locals[t->ngc_locals++] = t->local_slot[i];
	return true;
}

static void add_slot(struct tr *t, uint32_t slot)
{
	if (t->ngc_slots == t->gc_slots_cap &&
	    !wasm_tr_grow(t, &t->gc_slots, &t->gc_slots_cap,
			  sizeof(*t->gc_slots), t->ngc_slots + 1, 16))
		return;
	t->gc_slots[t->ngc_slots++] = slot;
}

/* Snapshots the frame's reference slots as the stack is now (the
 * previous snapshot, if not committed, is dropped). */
void wasm_tr_gc_snapshot(struct tr *t)
{
	if (t->gc_pend_n &&
	    (t->ngc_safe == 0 ||
	     t->gc_safe[t->ngc_safe - 1].first != t->gc_pend_first))
		t->ngc_slots = t->gc_pend_first; /* never committed */
	t->gc_pend_first = (uint32_t)t->ngc_slots;
	t->gc_pend_n = 0;
	for (uint32_t i = 0; i < t->ngc_locals; i++)
		add_slot(t, t->gc_locals[i]);
	for (uint32_t i = 0; i < t->nvals; i++)
		if (t->vals[i].kind == K_STACK && is_ref(t->vals[i].type))
			add_slot(t, t->vals[i].home);
	t->gc_pend_n = (uint32_t)t->ngc_slots - t->gc_pend_first;
}

/* Records the last snapshot as the safepoint of cell offset off: a
 * call's return cell (alloc false) or an allocating cell (see interp.h). */
void wasm_tr_gc_commit(struct tr *t, size_t off, bool alloc)
{
	if (!t->gc_pend_n || t->err)
		return;
	if (t->ngc_safe == t->gc_safe_cap &&
	    !wasm_tr_grow(t, &t->gc_safe, &t->gc_safe_cap, sizeof(*t->gc_safe),
			  t->ngc_safe + 1, 16))
		return;
	struct wasm_gc_safepoint *s = &t->gc_safe[t->ngc_safe++];
	s->off = (uint32_t)(off * 2 + (alloc ? 1 : 0));
	s->first = t->gc_pend_first;
	s->n = t->gc_pend_n;
}

/* Copies the safepoints (in code order: they were recorded so) after
 * r's cells. */
void wasm_tr_gc_finish(struct tr *t, struct wasm_interp_code *r)
{
	struct wasm_gc_safepoint *s =
		(struct wasm_gc_safepoint *)(void *)(r->cells + r->ncells);
	uint32_t *slots = (uint32_t *)(void *)(s + t->ngc_safe);
	if (t->ngc_safe)
		memcpy(s, t->gc_safe, t->ngc_safe * sizeof(*s));
	if (t->ngc_slots)
		memcpy(slots, t->gc_slots, t->ngc_slots * sizeof(*slots));
	r->nsafe = (uint32_t)t->ngc_safe;
	r->nslots = (uint32_t)t->ngc_slots;
	r->safe = s;
	r->slots = slots;
}

void wasm_tr_gc_free(struct tr *t)
{
	wasm_free(t->a, t->gc_locals, t->ngc_locals * sizeof(uint32_t));
	wasm_free(t->a, t->gc_slots, t->gc_slots_cap * sizeof(*t->gc_slots));
	wasm_free(t->a, t->gc_safe, t->gc_safe_cap * sizeof(*t->gc_safe));
}

/* ---- instructions -------------------------------------------------------- */

static uint64_t rtt_off(const struct tr *t, uint32_t x)
{
	return (uint64_t)((const char *)&t->inst->types[x] -
			  (const char *)t->inst->ctx);
}

static const struct wasm_typeinfo *info(struct tr *t, uint32_t x)
{
	if (x >= t->m->ntypes) {
		t->err = ERR_INVAL;
		return NULL;
	}
	return &t->m->typeinfo[x];
}

static uint8_t field_code(const struct wasm_typeinfo *ti, uint32_t i)
{
	return WASM_VT_CODE(ti->fields[i].type);
}

/* The code of the value a storage type reads as. */
static uint8_t unpacked(uint8_t code)
{
	return code == WASM_I8 || code == WASM_I16 ? WASM_I32 : code;
}

/* Writes every pending entry home and snapshots the frame before an
 * allocation at the next cell (its operands are still on the stack). */
static void before_alloc(struct tr *t)
{
	wasm_tr_materialize_all(t);
	wasm_tr_gc_snapshot(t);
}

/* Pops n entries, returning the home slot of the deepest (materialized:
 * they are consecutive). */
static uint32_t pop_n(struct tr *t, uint32_t n)
{
	uint32_t base = t->sp;
	for (uint32_t i = 0; i < n; i++)
		base = tr_pop(t).home;
	return base;
}

static void struct_new(struct tr *t, uint8_t op, uint32_t x)
{
	const struct wasm_typeinfo *ti = info(t, x);
	if (!ti)
		return;
	before_alloc(t);
	bool dflt = op == WASM_OP_FB_STRUCT_NEW_DEFAULT;
	uint32_t base = dflt ? t->sp : pop_n(t, ti->nfields);
	uint32_t d = tr_push_home(t, WASM_REF);
	size_t at = tr_emit_op(t,
			       dflt ? wasm_interp_gc.struct_new_default
				    : wasm_interp_gc.struct_new,
			       3);
	if (at == SIZE_MAX)
		return;
	wasm_tr_gc_commit(t, at, true);
	CELL(t, at, 1).u = rtt_off(t, x);
	if (dflt)
		CELL(t, at, 2).u = d;
	else
		set_pair(&CELL(t, at, 2), base, d);
}

static void struct_access(struct tr *t, uint8_t op, uint32_t x, uint32_t y)
{
	const struct wasm_typeinfo *ti = info(t, x);
	if (!ti || y >= ti->nfields) {
		t->err = ERR_INVAL;
		return;
	}
	size_t at;
	if (op == WASM_OP_FB_STRUCT_SET) {
		wasm_tr_materialize_all(t);
		uint32_t v = tr_pop_slot(t), o = tr_pop_slot(t);
		if ((at = tr_emit_op(t, wasm_interp_gc.struct_set, 3)) ==
		    SIZE_MAX)
			return;
		CELL(t, at, 1).u = y;
		set_pair(&CELL(t, at, 2), o, v);
	} else {
		uint32_t o = tr_pop_slot(t);
		uint32_t d = tr_push_home(t, unpacked(field_code(ti, y)));
		if ((at = tr_emit_op(t, wasm_interp_gc.struct_get, 3)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), y,
			 op == WASM_OP_FB_STRUCT_GET_S	 ? 1
			 : op == WASM_OP_FB_STRUCT_GET_U ? 2
							 : 0);
		set_pair(&CELL(t, at, 2), o, d);
	}
	tr_no_peephole(t);
}

static void array_new(struct tr *t, uint8_t op, uint32_t x, uint32_t y)
{
	if (!info(t, x))
		return;
	before_alloc(t);
	size_t at;
	uint32_t d;
	switch (op) {
	case WASM_OP_FB_ARRAY_NEW:
	case WASM_OP_FB_ARRAY_NEW_DEFAULT: {
		uint32_t n = tr_pop_slot(t);
		uint32_t v = op == WASM_OP_FB_ARRAY_NEW ? tr_pop_slot(t)
							: UINT32_MAX;
		d = tr_push_home(t, WASM_REF);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_new, 4)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 2), v, n);
		CELL(t, at, 3).u = d;
		break;
	}
	case WASM_OP_FB_ARRAY_NEW_FIXED: {
		uint32_t base = pop_n(t, y);
		d = tr_push_home(t, WASM_REF);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_new_fixed, 4)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 2), base, d);
		CELL(t, at, 3).u = y;
		break;
	}
	default: { /* array.new_data, array.new_elem */
		uint32_t n = tr_pop_slot(t), s = tr_pop_slot(t);
		d = tr_push_home(t, WASM_REF);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_new_seg, 5)) ==
		    SIZE_MAX)
			return;
		CELL(t, at, 2).u = y;
		set_pair(&CELL(t, at, 3), s, n);
		CELL(t, at, 4).u = d;
	}
	}
	wasm_tr_gc_commit(t, at, true);
	CELL(t, at, 1).u = rtt_off(t, x);
	tr_no_peephole(t);
}

static void array_op(struct tr *t, uint8_t op, uint32_t x, uint32_t y)
{
	size_t at = SIZE_MAX;
	uint32_t a, b, c, d, e;
	const struct wasm_typeinfo *ti;
	switch (op) {
	case WASM_OP_FB_ARRAY_GET:
	case WASM_OP_FB_ARRAY_GET_S:
	case WASM_OP_FB_ARRAY_GET_U:
		if (!(ti = info(t, x)))
			return;
		b = tr_pop_slot(t);
		a = tr_pop_slot(t);
		d = tr_push_home(t, unpacked(field_code(ti, 0)));
		if ((at = tr_emit_op(t, wasm_interp_gc.array_get, 4)) ==
		    SIZE_MAX)
			return;
		CELL(t, at, 1).u = op == WASM_OP_FB_ARRAY_GET_S	  ? 1
				   : op == WASM_OP_FB_ARRAY_GET_U ? 2
								  : 0;
		set_pair(&CELL(t, at, 2), a, b);
		CELL(t, at, 3).u = d;
		break;
	case WASM_OP_FB_ARRAY_SET:
		wasm_tr_materialize_all(t);
		c = tr_pop_slot(t);
		b = tr_pop_slot(t);
		a = tr_pop_slot(t);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_set, 3)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		CELL(t, at, 2).u = c;
		break;
	case WASM_OP_FB_ARRAY_LEN:
		a = tr_pop_slot(t);
		d = tr_push_home(t, WASM_I32);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_len, 2)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, d);
		break;
	case WASM_OP_FB_ARRAY_FILL:
		wasm_tr_materialize_all(t);
		d = tr_pop_slot(t); /* n */
		c = tr_pop_slot(t); /* value */
		b = tr_pop_slot(t); /* offset */
		a = tr_pop_slot(t);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_fill, 3)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		set_pair(&CELL(t, at, 2), c, d);
		break;
	case WASM_OP_FB_ARRAY_COPY:
		e = tr_pop_slot(t); /* n */
		d = tr_pop_slot(t); /* source offset */
		c = tr_pop_slot(t); /* source */
		b = tr_pop_slot(t); /* destination offset */
		a = tr_pop_slot(t);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_copy, 4)) ==
		    SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		set_pair(&CELL(t, at, 2), c, d);
		CELL(t, at, 3).u = e;
		break;
	default:		    /* array.init_data, array.init_elem */
		e = tr_pop_slot(t); /* n */
		d = tr_pop_slot(t); /* source offset */
		b = tr_pop_slot(t); /* destination offset */
		a = tr_pop_slot(t);
		if ((at = tr_emit_op(t, wasm_interp_gc.array_init_seg, 4)) ==
		    SIZE_MAX)
			return;
		CELL(t, at, 1).u = y;
		set_pair(&CELL(t, at, 2), a, b);
		set_pair(&CELL(t, at, 3), d, e);
		break;
	}
	tr_no_peephole(t);
}

/* A ref.test/ref.cast cell testing slot a into slot d (see exec_gc.c). */
static void emit_ref_cast(struct tr *t, wasm_vt target, bool trap, uint32_t a,
			  uint32_t d)
{
	size_t at = tr_emit_op(t, wasm_interp_gc.ref_test, 4);
	if (at == SIZE_MAX)
		return;
	uint32_t ht = wasm_vt_heap(target);
	uint64_t flags =
		(wasm_vt_nullable(target) ? 1u : 0u) | (trap ? 4u : 0u);
	if (wasm_ht_is_index(ht)) {
		flags |= 2u;
		CELL(t, at, 1).u = rtt_off(t, ht - WASM_HT_INDEX0);
	} else {
		CELL(t, at, 1).u = ht;
	}
	set_pair(&CELL(t, at, 2), a, d);
	CELL(t, at, 3).u = flags;
	tr_no_peephole(t);
}

/* br_on_cast(_fail) l rt1 rt2: the test into a scratch slot above the
 * stack, then a branch on it with the reference in place. */
static void br_on_cast(struct tr *t, uint8_t op, const struct wasm_instr *in)
{
	wasm_tr_materialize_all(t);
	if (!t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	uint32_t a = tr_top(t, 0)->home, c = t->sp;
	if (c + 1 > t->max_slot)
		t->max_slot = c + 1;
	emit_ref_cast(t, in->vt, false, a, c);
	wasm_tr_br_on_slot(t, in->a, c, op == WASM_OP_FB_BR_ON_CAST);
}

/* The operand and result of a one-operand instruction: [fn][a | d<<32]
 * plus extra cells; returns the first cell or SIZE_MAX. */
static size_t unary(struct tr *t, wasm_op_fn fn, uint8_t type, size_t n)
{
	uint32_t a = tr_pop_slot(t), d = tr_push_home(t, type);
	size_t at = tr_emit_op(t, fn, n);
	if (at != SIZE_MAX)
		set_pair(&CELL(t, at, 1), a, d);
	tr_no_peephole(t);
	return at;
}

/* A GC instruction: 0xFB prefixed (op the prefix), or ref.eq. */
void wasm_tr_gc_op(struct tr *t, uint8_t op)
{
	struct wasm_instr in;
	struct wasm_error err;
	const uint8_t *p = t->p - 1;
	if (wasm_read_instr(&p, t->end, p, &in, &err)) {
		t->err = ERR_FORMAT;
		return;
	}
	t->p = p;
	if (op == WASM_OP_REF_EQ) {
		uint32_t b = tr_pop_slot(t), a = tr_pop_slot(t);
		uint32_t d = tr_push_home(t, WASM_I32);
		size_t at = tr_emit_op(t, wasm_interp_gc.ref_eq, 3);
		if (at != SIZE_MAX) {
			set_pair(&CELL(t, at, 1), a, b);
			CELL(t, at, 2).u = d;
		}
		tr_no_peephole(t);
		return;
	}
	size_t at;
	switch (in.op) {
	case WASM_OP_FB_STRUCT_NEW:
	case WASM_OP_FB_STRUCT_NEW_DEFAULT:
		struct_new(t, (uint8_t)in.op, in.a);
		return;
	case WASM_OP_FB_STRUCT_GET:
	case WASM_OP_FB_STRUCT_GET_S:
	case WASM_OP_FB_STRUCT_GET_U:
	case WASM_OP_FB_STRUCT_SET:
		struct_access(t, (uint8_t)in.op, in.a, in.b);
		return;
	case WASM_OP_FB_ARRAY_NEW:
	case WASM_OP_FB_ARRAY_NEW_DEFAULT:
	case WASM_OP_FB_ARRAY_NEW_FIXED:
	case WASM_OP_FB_ARRAY_NEW_DATA:
	case WASM_OP_FB_ARRAY_NEW_ELEM:
		array_new(t, (uint8_t)in.op, in.a, in.b);
		return;
	case WASM_OP_FB_REF_TEST:
	case WASM_OP_FB_REF_TEST_NULL:
	case WASM_OP_FB_REF_CAST:
	case WASM_OP_FB_REF_CAST_NULL: {
		bool cast = in.op >= WASM_OP_FB_REF_CAST;
		uint32_t a = tr_pop_slot(t);
		uint32_t d = tr_push_home(t, cast ? WASM_REF : WASM_I32);
		emit_ref_cast(t, in.vt, cast, a, d);
		return;
	}
	case WASM_OP_FB_BR_ON_CAST:
	case WASM_OP_FB_BR_ON_CAST_FAIL:
		br_on_cast(t, (uint8_t)in.op, &in);
		return;
	case WASM_OP_FB_ANY_CONVERT_EXTERN:
	case WASM_OP_FB_EXTERN_CONVERT_ANY:
		return; /* the same bits (runtime.h) */
	case WASM_OP_FB_REF_I31:
		unary(t, wasm_interp_gc.ref_i31, WASM_REF, 2);
		return;
	case WASM_OP_FB_I31_GET_S:
	case WASM_OP_FB_I31_GET_U:
		at = unary(t, wasm_interp_gc.i31_get, WASM_I32, 3);
		if (at != SIZE_MAX)
			CELL(t, at, 2).u = in.op == WASM_OP_FB_I31_GET_S;
		return;
	default:
		array_op(t, (uint8_t)in.op, in.a, in.b);
	}
}
