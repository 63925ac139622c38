/*
 * wasm/interp/translate.c - validated function bodies to the interpreter's
 * internal code (see interp.h): the main loop over a body and the
 * instructions translated most often, inlined into it (locals, constants,
 * and the table-driven ones of ops_gen.c, whose cells follow the layouts
 * of enum wasm_enc, with their immediate forms and memargs: those in
 * translate_gen.h).  The out-of-line parts of memory accesses are in
 * translate_mem.c, the per-function set-up and the entry points in
 * translate_fn.c; the rest of the translator is described in
 * translate.h.
 *
 * Operands are popped as slots (a lazy local is read in place, a constant
 * is materialized), the result gets the next home slot.  An instruction
 * whose result slot sits in a cell of its own is recorded as the producer
 * of that slot, so local.set or a return can retarget it and
 * translate_fuse.c can fuse it.
 *
 * The input has been validated, so the translator only guards against
 * running off the body and never re-checks types.
 */
#include "wasm/interp/translate_gen.h"
#include "wasm/opcodes_gc.h"
#include "wasm/opcodes.h"

/* local.get x: pushes a lazy entry reading the local in place. */
static inline __attribute__((always_inline)) void local_get(struct tr *t,
							    uint32_t idx)
{
	if (idx >= t->nlocals) {
		t->err = ERR_INVAL;
		return;
	}
	/* Both read before the push writes the entry (which may alias
	 * them). */
	uint8_t type = t->local_type[idx];
	uint32_t src = t->local_slot[idx];
	struct tr_val *v = tr_push(t, type);
	if (!v)
		return;
	v->kind = K_LOCAL;
	v->src = src;
}

/*
 * local.set / local.tee x: lazy entries reading the local are written out
 * first; a result computed just before is retargeted into the local.
 */
static inline __attribute__((always_inline)) void
local_set(struct tr *t, uint32_t idx, bool tee)
{
	if (idx >= t->nlocals || t->nvals == 0) {
		t->err = ERR_INVAL;
		return;
	}
	uint32_t slot = t->local_slot[idx];
	bool referenced = false;
	for (uint32_t i = 0; i + 1 < t->nvals; i++) {
		struct tr_val *v = &t->vals[i];
		if (v->kind == K_LOCAL && v->src == slot) {
			tr_materialize(t, v);
			referenced = true;
		}
	}
	struct tr_val *v = tr_top(t, 0);
	if (!referenced && tr_top_is_last(t))
		tr_retarget_last(t, slot);
	else if (!(v->kind == K_LOCAL && v->src == slot))
		tr_emit_move(t, v, slot);
	/* Not tr_no_peephole: a copy just emitted may still join the next
	 * one (translate_fuse.c). */
	t->last_end = SIZE_MAX;
	if (tee) {
		v->kind = K_LOCAL;
		v->src = slot;
	} else {
		tr_pop(t);
	}
}

/* generic() for the other translator files (0xFC/0xFD prefixes):
 * translate.h. */
void wasm_tr_generic(struct tr *t, const struct wasm_interp_opinfo *oi,
		     bool single, uint8_t op)
{
	generic(t, oi, single, op);
}

/* i32/i64/f32/f64.const: lazy constants, no code. */
static inline __attribute__((always_inline)) void do_const(struct tr *t,
							   uint8_t op)
{
	int32_t k32;
	int64_t k64;
	const uint8_t *q;
	uint32_t f32;
	uint64_t f64;
	switch (op) {
	case WASM_OP_I32_CONST:
		if (wasm_leb_s32(&t->p, t->end, &k32))
			break;
		tr_push_const(t, WASM_I32, (uint32_t)k32, 0);
		return;
	case WASM_OP_I64_CONST:
		if (wasm_leb_s64(&t->p, t->end, &k64))
			break;
		tr_push_const(t, WASM_I64, (uint64_t)k64, 0);
		return;
	case WASM_OP_F32_CONST:
		if (!(q = tr_read_bytes(t, 4)))
			return;
		__builtin_memcpy(&f32, q, 4);
		tr_push_const(t, WASM_F32, f32, 0);
		return;
	default: /* f64.const */
		if (!(q = tr_read_bytes(t, 8)))
			return;
		__builtin_memcpy(&f64, q, 8);
		tr_push_const(t, WASM_F64, f64, 0);
		return;
	}
	t->err = ERR_FORMAT;
}

/*
 * An instruction whose result is its operand's bits, or their low half
 * (i32.wrap_i64, the reinterpretations): no code, the top entry only
 * changes type.  An i32 or f32 is the low half of its slot and every
 * reader ignores the high half (the slot of an i64 read as i32 is its
 * wrap); an i32 constant is kept zero-extended.
 */
static void retype(struct tr *t, uint8_t type)
{
	if (t->nvals == 0) {
		t->err = ERR_INVAL;
		return;
	}
	struct tr_val *v = tr_top(t, 0);
	v->type = type;
	if (v->kind == K_CONST && type == WASM_I32)
		v->c[0] = (uint32_t)v->c[0];
	tr_no_peephole(t);
}

/* Translates one instruction (at t->p, reachable).  Returns false for the
 * plain instructions (locals, constants, the table-driven ones, drop...),
 * after which the current label is still reachable and open: the main
 * loop then skips its checks of the label stack. */
static inline __attribute__((always_inline)) bool translate_instr(struct tr *t)
{
	uint8_t op = *t->p++;
	uint32_t x;
	switch (op) {
	case WASM_OP_UNREACHABLE:
		tr_emit_op(t, wasm_interp_ctl.unreachable, 1);
		wasm_tr_set_unreachable(t);
		return true;
	case WASM_OP_NOP:
		return false;
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		wasm_tr_block(t, op);
		return true;
	case WASM_OP_ELSE:
		wasm_tr_else(t);
		return true;
	case WASM_OP_TRY:
	case WASM_OP_TRY_TABLE:
	case WASM_OP_CATCH:
	case WASM_OP_CATCH_ALL:
	case WASM_OP_DELEGATE:
	case WASM_OP_THROW:
	case WASM_OP_THROW_REF:
	case WASM_OP_RETHROW:
		wasm_tr_eh(t, op);
		return true;
	case WASM_OP_END:
		wasm_tr_end(t);
		return true;
	case WASM_OP_BR:
	case WASM_OP_BR_IF:
		if (tr_read_u32(t, &x))
			return true;
		if (op == WASM_OP_BR)
			wasm_tr_br(t, x);
		else
			wasm_tr_br_if(t, x);
		return true;
	case WASM_OP_BR_TABLE:
		wasm_tr_br_table(t);
		return true;
	case WASM_OP_RETURN:
		wasm_tr_return(t);
		return true;
	case WASM_OP_CALL:
		wasm_tr_call(t);
		return true;
	case WASM_OP_CALL_INDIRECT:
		wasm_tr_call_indirect(t);
		return true;
	case WASM_OP_RETURN_CALL:
	case WASM_OP_RETURN_CALL_INDIRECT:
		wasm_tr_return_call(t, op == WASM_OP_RETURN_CALL_INDIRECT);
		return true;
	case WASM_OP_CALL_REF:
	case WASM_OP_RETURN_CALL_REF:
		wasm_tr_call_ref(t, op == WASM_OP_RETURN_CALL_REF);
		return true;
	case WASM_OP_MEMORY_SIZE:
	case WASM_OP_MEMORY_GROW:
		wasm_tr_memory(t, op);
		return true;
	case WASM_OP_SELECT:
	case WASM_OP_SELECT_T:
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_GLOBAL_SET:
	case WASM_OP_TABLE_GET:
	case WASM_OP_TABLE_SET:
	case WASM_OP_REF_NULL:
	case WASM_OP_REF_IS_NULL:
	case WASM_OP_REF_FUNC:
	case WASM_OP_REF_AS_NON_NULL:
		wasm_tr_hand_op(t, op);
		return true;
	case WASM_OP_BR_ON_NULL:
	case WASM_OP_BR_ON_NON_NULL:
		if (tr_read_u32(t, &x))
			return true;
		wasm_tr_br_on_null(t, x, op == WASM_OP_BR_ON_NULL);
		return true;
	case WASM_OP_DROP:
		tr_pop(t);
		return false;
	case WASM_OP_LOCAL_GET:
	case WASM_OP_LOCAL_SET:
	case WASM_OP_LOCAL_TEE:
		if (tr_read_u32(t, &x))
			return false;
		if (op == WASM_OP_LOCAL_GET)
			local_get(t, x);
		else
			local_set(t, x, op == WASM_OP_LOCAL_TEE);
		return false;
	case WASM_OP_I32_CONST:
	case WASM_OP_I64_CONST:
	case WASM_OP_F32_CONST:
	case WASM_OP_F64_CONST:
		do_const(t, op);
		return false;
	case WASM_OP_I32_WRAP_I64:
	case WASM_OP_I32_REINTERPRET_F32:
	case WASM_OP_I64_REINTERPRET_F64:
	case WASM_OP_F32_REINTERPRET_I32:
	case WASM_OP_F64_REINTERPRET_I64:
		retype(t, wasm_interp_ops_single[op].result);
		return false;
	case WASM_PREFIX_FC:
		wasm_tr_prefix_fc(t);
		return true;
	case WASM_PREFIX_FB:
	case WASM_OP_REF_EQ:
		wasm_tr_gc_op(t, op);
		return true;
	case WASM_PREFIX_FD:
		wasm_tr_prefix_fd(t);
		return true;
	case 0xfe: /* no instruction; named so that the switch covers */
	case 0xff: /* every byte (no range check before its jump table) */
		t->err = ERR_INVAL;
		return false;
	default:
		if (!wasm_interp_ops_single[op].fn) {
			t->err = ERR_INVAL;
			return false;
		}
		generic(t, &wasm_interp_ops_single[op], true, op);
		return false;
	}
}

/* The main loop: every instruction of the usual kinds is translated
 * inline here (calls to the helpers above cost a first spawn of hello
 * ~180 k instructions when the compiler chose not to inline them).
 * translate.h. */
__attribute__((noinline)) void wasm_tr_body(struct tr *t,
					    const struct wasm_rt_functype *ft)
{
	wasm_tr_enter_func(t, ft);
	while (!t->err) {
		/* After a control instruction: the label stack's checks. */
		if (t->nlabels == 0)
			return;
		if (t->labels[t->nlabels - 1].unreachable) {
			wasm_tr_skip_dead(t);
			if (t->err)
				return;
		}
		/* Plain instructions leave the current label open and
		 * reachable: they go round this loop only. */
		do {
			/* t made opaque each time round: the compiler then
			 * addresses its fields from t rather than hoisting
			 * their addresses out of the loop into stack slots (a
			 * load more per access). */
			__asm__("" : "+r"(t));
			if (t->p >= t->end) {
				t->err = ERR_FORMAT;
				return;
			}
		} while (!translate_instr(t) && !t->err);
	}
}
