/*
 * wasm/interp/translate_eh.c - exception handling in the translator:
 * try_table, the legacy try/catch/catch_all/delegate/rethrow, throw and
 * throw_ref (see translate.h; the run-time side is exec_eh.c).
 *
 * A try costs nothing while nothing is thrown: its body is translated as
 * a block's, and its catch clauses become handler records the function's
 * code carries after its cells (interp.h, WASM_INTERP_HCELLS), which only
 * the unwinder reads.  A record names the body's cells, the tag, and a
 * pad: code that starts with the exception's values in the record's slots
 * and branches where the clause says.  try_table's pads follow the body
 * (the body's fall-through jumps over them); a legacy catch's pad is its
 * handler body.  Records are appended when a try's body ends, so inner
 * tries come first and the unwinder's first match is the innermost.
 *
 * A legacy catch body keeps the exception in a hidden slot below its
 * values (rethrow reads it there); the exception is only kept alive
 * (runtime exn.c) when some rethrow names that try.  delegate is a record
 * that sends the search on to the handlers of the try it names (the first
 * try around its label), skipping the tries in between; each try ends its
 * records with a marker so that the skip ends there even when that try
 * has no catch.
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/translate_emit.h"

/* A legacy try's state (tr_label.try_state). */
enum { TRY_BODY, TRY_CATCH, TRY_DONE };

static struct tr_handler *add_handler(struct tr *t, const struct tr_label *l,
				      uint8_t kind)
{
	if (!wasm_tr_grow(t, &t->handlers, &t->handlers_cap,
			  sizeof(*t->handlers), (size_t)t->nhandlers + 1, 8))
		return NULL;
	struct tr_handler *h = &t->handlers[t->nhandlers++];
	h->start = (uint32_t)l->try_start;
	h->end = (uint32_t)l->try_end;
	h->pad = (uint32_t)t->ncode;
	/* The pad is entered from the unwinder: nothing fuses across it. */
	tr_no_peephole(t);
	h->slot = l->base;
	h->tag = 0;
	h->exn_slot = WASM_INTERP_NO_SLOT;
	h->kind = kind;
	h->keep = 0;
	h->try_id = l->try_id;
	return h;
}

/* The payload type of tag x (an interned type: slots known). */
static const struct wasm_rt_functype *tag_type(struct tr *t, uint32_t x)
{
	if (x >= t->m->ntags) {
		t->err = ERR_INVAL;
		return NULL;
	}
	return t->inst->types[t->m->tags[x].type];
}

/* try_table bt catch* and try bt: a block whose body is a try region. */
static void try_begin(struct tr *t, uint8_t op)
{
	struct tr_label *l = wasm_tr_push_label(t, L_TRY);
	if (!l || (t->err = wasm_tr_read_blocktype(t, l)))
		return;
	if (op == WASM_OP_TRY_TABLE) {
		if (tr_read_u32(t, &l->ncatches))
			return;
		l->catches = t->p;
		for (uint32_t i = 0; i < l->ncatches; i++)
			wasm_catch_next(&t->p);
		if (t->p > t->end) {
			t->err = ERR_FORMAT;
			return;
		}
	}
	wasm_tr_enter_label(t, l);
	l->try_id = t->ntries++;
	l->try_start = t->ncode;
	l->try_state = TRY_BODY;
}

/*
 * try_table's pads, after its body: for each clause, the clause's values
 * (tag params, then the exnref of the _ref kinds) stand on the stack at
 * the label's base, where the unwinder puts them, and a branch takes them
 * to the clause's label (counted from outside the try_table).
 */
static void try_table_pads(struct tr *t, struct tr_label *l)
{
	const uint8_t *cur = l->catches;
	for (uint32_t i = 0; i < l->ncatches && !t->err; i++) {
		struct wasm_catch c = wasm_catch_next(&cur);
		struct tr_handler *h = add_handler(t, l, c.kind);
		if (!h)
			return;
		h->tag = c.tag;
		uint32_t n = 0;
		if (c.kind <= WASM_CATCH_REF) {
			const struct wasm_rt_functype *ft = tag_type(t, c.tag);
			if (!ft)
				return;
			for (; n < ft->nparams; n++)
				tr_push(t, ft->types[n]);
		}
		if (c.kind == WASM_CATCH_REF || c.kind == WASM_CATCH_ALL_REF) {
			tr_push(t, WASM_EXNREF);
			n++;
		}
		wasm_tr_emit_branch(t, wasm_tr_label(t, c.label + 1));
		while (n--)
			tr_pop(t);
		tr_no_peephole(t);
	}
}

/*
 * The end of a legacy try's body or catch body (at the next catch or the
 * end): the values go to the label's base and on to its end.  A catch
 * body's values stand one slot higher (above the hidden exception slot),
 * so they are branched with, not only written to their homes.
 */
static void end_part(struct tr *t, struct tr_label *l)
{
	if (l->try_state == TRY_BODY) {
		wasm_tr_close_arm(t, l);
		l->try_end = t->ncode;
		if (!l->unreachable)
			wasm_tr_emit_jump(t, l);
	} else if (!l->unreachable) {
		wasm_tr_emit_branch(t, l);
	}
	l->unreachable = true;
}

/* The end of a try_table or legacy try l (before the common end, which
 * patches the branches to l past the pads). */
void wasm_tr_try_end(struct tr *t, struct tr_label *l)
{
	if (l->try_state == TRY_CATCH) {
		end_part(t, l);
	} else if (l->try_state == TRY_BODY) {
		wasm_tr_close_arm(t, l);
		l->try_end = t->ncode;
		if (l->ncatches) {
			if (!l->unreachable)
				wasm_tr_emit_jump(t, l);
			wasm_tr_reset_stack(t, l, NULL, 0);
			try_table_pads(t, l);
			l->unreachable = true; /* the pads end in branches */
		}
	}
	l->try_state = TRY_DONE;
	add_handler(t, l, WASM_INTERP_H_MARK);
}

/* catch x (tag true) or catch_all of the innermost legacy try: ends the
 * body (or the previous catch) and starts this handler's body. */
static void legacy_catch(struct tr *t, bool tag)
{
	struct tr_label *l = &t->labels[t->nlabels - 1];
	uint32_t x = 0;
	if (tag && tr_read_u32(t, &x))
		return;
	const struct wasm_rt_functype *ft = tag ? tag_type(t, x) : NULL;
	if (t->err || l->kind != L_TRY) {
		t->err = ERR_INVAL;
		return;
	}
	end_part(t, l);
	l->try_state = TRY_CATCH;
	l->unreachable = false;
	wasm_tr_reset_stack(t, l, NULL, 0);
	/* The hidden exception slot, then the values. */
	tr_push(t, WASM_EXNREF);
	if (ft)
		for (uint32_t i = 0; i < ft->nparams; i++)
			tr_push(t, ft->types[i]);
	struct tr_handler *h =
		add_handler(t, l, tag ? WASM_CATCH : WASM_CATCH_ALL);
	if (!h)
		return;
	h->tag = x;
	h->exn_slot = l->base;
	h->slot = l->base + 1;
	tr_no_peephole(t);
}

/*
 * delegate l: ends the innermost legacy try; what its body throws goes on
 * to the handlers of the first try (in its body) around label l, counted
 * from outside this try, or to the caller when there is none.
 */
static void legacy_delegate(struct tr *t)
{
	uint32_t depth;
	if (tr_read_u32(t, &depth))
		return;
	struct tr_label *l = &t->labels[t->nlabels - 1];
	if (l->kind != L_TRY || l->try_state != TRY_BODY) {
		t->err = ERR_INVAL;
		return;
	}
	wasm_tr_close_arm(t, l);
	l->try_end = t->ncode;
	uint32_t target = UINT32_MAX;
	for (uint32_t d = depth + 1; d < t->nlabels && !t->err; d++) {
		const struct tr_label *o = wasm_tr_label(t, d);
		if (o->kind == L_TRY && o->try_state == TRY_BODY) {
			target = o->try_id;
			break;
		}
	}
	struct tr_handler *h = add_handler(t, l, WASM_INTERP_H_DELEGATE);
	if (!h)
		return;
	h->tag = target;
	l->try_state = TRY_DONE;
	wasm_tr_end(t);
}

/* rethrow l: throw_ref of the legacy catch's hidden slot at label l,
 * whose exception is kept (an exnref) from now on (exec_eh.c). */
static void legacy_rethrow(struct tr *t)
{
	uint32_t depth;
	if (tr_read_u32(t, &depth))
		return;
	const struct tr_label *l = wasm_tr_label(t, depth);
	if (t->err || l->kind != L_TRY || l->try_state != TRY_CATCH) {
		t->err = ERR_INVAL;
		return;
	}
	for (uint32_t i = 0; i < t->nhandlers; i++)
		if (t->handlers[i].try_id == l->try_id)
			t->handlers[i].keep = 1;
	size_t at = tr_emit_op(t, wasm_op_throw_ref, 2);
	if (at != SIZE_MAX)
		CELL(t, at, 1).u = l->base;
	wasm_tr_set_unreachable(t);
}

/*
 * throw x: the values go to consecutive slots, as a call's arguments.
 * Making the exception may collect (runtime exn.c), so the cell is an
 * allocation's safepoint: the values are written home first (lazy
 * local.gets below them are covered by their locals), and they are
 * roots until copied into the exception.
 */
static void do_throw(struct tr *t)
{
	uint32_t x;
	if (tr_read_u32(t, &x))
		return;
	const struct wasm_rt_functype *ft = tag_type(t, x);
	if (!ft)
		return;
	if (ft->nparams > t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	for (uint32_t i = 0; i < ft->nparams; i++)
		tr_materialize(t, tr_top(t, i));
	wasm_tr_gc_snapshot(t);
	uint32_t base = t->sp;
	for (uint32_t i = 0; i < ft->nparams; i++)
		base = tr_pop(t).home;
	size_t at = tr_emit_op(t, wasm_op_throw, 2);
	if (at == SIZE_MAX)
		return;
	wasm_tr_gc_commit(t, at, true);
	set_pair(&CELL(t, at, 1), x, base);
	wasm_tr_set_unreachable(t);
}

/* Exception handling's instructions (op, its immediates at t->p). */
void wasm_tr_eh(struct tr *t, uint8_t op)
{
	uint32_t slot;
	size_t at;
	switch (op) {
	case WASM_OP_TRY:
	case WASM_OP_TRY_TABLE:
		try_begin(t, op);
		return;
	case WASM_OP_CATCH:
	case WASM_OP_CATCH_ALL:
		legacy_catch(t, op == WASM_OP_CATCH);
		return;
	case WASM_OP_DELEGATE:
		legacy_delegate(t);
		return;
	case WASM_OP_RETHROW:
		legacy_rethrow(t);
		return;
	case WASM_OP_THROW:
		do_throw(t);
		return;
	default: /* throw_ref (the operand first: it may emit a move) */
		slot = tr_pop_slot(t);
		at = tr_emit_op(t, wasm_op_throw_ref, 2);
		if (at != SIZE_MAX)
			CELL(t, at, 1).u = slot;
		wasm_tr_set_unreachable(t);
		return;
	}
}
