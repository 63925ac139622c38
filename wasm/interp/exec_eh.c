/*
 * wasm/interp/exec_eh.c - exception handling at run time: throw,
 * throw_ref, the legacy rethrow, and the unwinder they share with calls
 * whose callee (a host function, or a function run by a nested
 * wasm_rt_call) ends with an uncaught exception (exec_call.c, op_call_out).
 *
 * Nothing here runs unless something throws, so these handlers are
 * ordinary C functions (they call the unwinder), kept out of the leaf
 * handlers of exec*.c.  The unwinder walks the interpreter's frames, innermost
 * first: in each frame it reads the handler records of the function's
 * code (interp.h, translate_eh.c), then pops the frame, until a record
 * catches or the frame is the entry of this wasm_interp_run (its return
 * is the exit stub): the exception then leaves the run as
 * WASM_TRAP_EXCEPTION with ex->exn set, to be caught further out (a
 * host function that called wasm_rt_call returns the outcome, the
 * interpreter's op_call_out unwinds on from its caller) or to reach the
 * embedder.
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/interp.h"

/* A record's fields (interp.h, WASM_INTERP_HCELLS). */
struct hrec {
	uint32_t start, end, pad, slot, tag, exn_slot, try_id;
	uint8_t kind, keep;
};

static struct hrec hrec_at(const union wasm_cell *c)
{
	struct hrec h = {
		.start = c[0].p.a,
		.end = c[0].p.b,
		.pad = c[1].p.a,
		.slot = c[1].p.b,
		.tag = c[2].p.a,
		.exn_slot = c[2].p.b,
		.kind = (uint8_t)c[3].p.a,
		.keep = (uint8_t)(c[3].p.a >> 8),
		.try_id = c[3].p.b,
	};
	return h;
}

/* Whether h catches e, thrown in instance inst. */
static bool catches(const struct hrec *h, const struct wasm_rt_exn *e,
		    const struct wasm_rt_instance *inst)
{
	switch (h->kind) {
	case WASM_CATCH:
	case WASM_CATCH_REF:
		return inst->tags[h->tag] == e->tag;
	case WASM_CATCH_ALL:
	case WASM_CATCH_ALL_REF:
		return true;
	default:
		return false;
	}
}

/*
 * The record of code c that catches e at cell pc (the cell after the
 * throwing instruction), or NULL.  A delegate sends the search on to the
 * records of the try it names (skipping those of the tries between),
 * or out of the function (its target UINT32_MAX).
 */
static bool find_handler(const struct wasm_interp_code *c, uint32_t pc,
			 const struct wasm_rt_exn *e,
			 const struct wasm_rt_instance *inst, struct hrec *out)
{
	uint32_t skip_to = WASM_INTERP_NO_SLOT; /* a try id, or none */
	bool skipping = false;
	for (uint32_t i = 0; i < c->nhandlers; i++) {
		struct hrec h = hrec_at(
			&c->cells[c->handlers_at + i * WASM_INTERP_HCELLS]);
		if (skipping) {
			if (h.try_id != skip_to)
				continue;
			skipping = false;
		}
		if (pc <= h.start || pc > h.end)
			continue;
		if (h.kind == WASM_INTERP_H_DELEGATE) {
			if (h.tag == UINT32_MAX)
				return false;
			skip_to = h.tag;
			skipping = true;
			continue;
		}
		if (catches(&h, e, inst)) {
			*out = h;
			return true;
		}
	}
	return false;
}

/*
 * Puts e where handler h wants it in frame fp: its values at h's slot,
 * the exception itself (an exnref) after them for the _ref kinds, or in
 * the legacy catch's hidden slot when a rethrow may need it (then handed
 * to the collector: runtime exn.c), else it is freed.
 */
static void deliver(struct wasm_rt_exec *ex, const struct hrec *h,
		    union wasm_slot *fp)
{
	struct wasm_rt_exn *e = ex->exn;
	bool ref = h->kind == WASM_CATCH_REF || h->kind == WASM_CATCH_ALL_REF;
	bool vals = h->kind == WASM_CATCH || h->kind == WASM_CATCH_REF;
	bool keep = ref || (h->exn_slot != WASM_INTERP_NO_SLOT && h->keep);
	if (keep)
		wasm_rt_exn_keep(ex->store, e);
	uint32_t n = vals ? e->nslots : 0;
	for (uint32_t i = 0; i < n; i++)
		fp[h->slot + i] = e->vals[i];
	if (ref)
		fp[h->slot + n].ref = (wasm_rt_ref)(uintptr_t)e;
	if (h->exn_slot != WASM_INTERP_NO_SLOT)
		fp[h->exn_slot].ref = keep ? (wasm_rt_ref)(uintptr_t)e : 0;
	/* Caught: no longer being thrown (freed unless kept). */
	wasm_rt_exn_set(ex, NULL);
}

/*
 * Unwinds ex->exn from the instruction before cell at in the running
 * function, frame *fpp (interp.h): the handler's code with *fpp its frame,
 * or NULL with *trap set to WASM_TRAP_EXCEPTION (no frame of this run
 * catches it).  Pops the frames it leaves.
 */
const union wasm_cell *wasm_interp_unwind(struct wasm_rt_exec *ex,
					  const union wasm_cell *at,
					  union wasm_slot **fpp, int *trap)
{
	union wasm_slot *fp = *fpp;
	const union wasm_cell *exit = wasm_interp_exit_stub();
	*trap = WASM_TRAP_EXCEPTION;
	for (;;) {
		struct wasm_rt_frame *fr = &ex->frames[ex->depth - 1];
		const struct wasm_rt_func *f = fr->func;
		/* A frame whose return is not in its caller's code (a
		 * tail call that left the instance returns through a stub)
		 * has no handler there. */
		const struct wasm_interp_code *c =
			f->code ? wasm_interp_code_of(f->code) : NULL;
		struct hrec h;
		if (c && at > f->code && at <= f->code + c->handlers_at &&
		    find_handler(c, (uint32_t)(at - f->code), ex->exn, f->inst,
				 &h)) {
			deliver(ex, &h, fp);
			/* A nested run that the exception left set the
			 * trap this run would end with. */
			ex->trap = WASM_TRAP_NONE;
			*fpp = fp;
			return f->code + h.pad;
		}
		if (fr->ret_ip == exit)
			return NULL;
		at = fr->ret_ip;
		fp = fr->fp;
		ex->depth--;
	}
}

/* Continues at the handler of ex->exn thrown before cell at, or leaves
 * the run with the exception. */
#define UNWIND(at)                                                             \
	do {                                                                   \
		int t_;                                                        \
		ip = wasm_interp_unwind(ex, (at), &fp, &t_);                   \
		if (!ip)                                                       \
			TRAP(t_);                                              \
		const struct wasm_rt_func *f_ =                                \
			ex->frames[ex->depth - 1].func;                        \
		load_mem(f_->mem, &mem, &msize);                               \
		WASM_SET_CX(f_->ctx);                                          \
		SYNC_STATE();                                                  \
		DISPATCH();                                                    \
	} while (0)

/* [fn][tag | base<<32]: a new exception of the running instance's tag
 * with the values at fp[base..].  The cell is a safepoint (translate_eh.c:
 * the values are still roots), so a collection may run first. */
EXT_OP(wasm_op_throw)
{
	const struct wasm_rt_tag *tag = INST()->tags[ip[1].p.a];
	ex->fuel_left = fuel;
	SYNC_STATE();
	struct wasm_rt_exn *e = wasm_rt_exn_new(ex, tag, ip, fp);
	if (!e)
		TRAP(WASM_TRAP_OUT_OF_MEMORY);
	for (uint32_t i = 0; i < e->nslots; i++)
		e->vals[i] = fp[ip[1].p.b + i];
	wasm_rt_exn_set(ex, e);
	UNWIND(ip + 1);
}

/* [fn][slot]: throws the exnref in fp[slot] again: throw_ref (a null
 * traps), and the legacy rethrow, whose slot is the catch's hidden one
 * (the translator keeps every exception a rethrow names, so a null there
 * would be its bug, reported as the same trap rather than followed). */
EXT_OP(wasm_op_throw_ref)
{
	struct wasm_rt_exn *e =
		(struct wasm_rt_exn *)(uintptr_t)fp[ip[1].u].ref;
	if (!e)
		TRAP(WASM_TRAP_NULL_EXNREF);
	wasm_rt_exn_set(ex, e);
	UNWIND(ip + 1);
}

/* op_call_out's callee ended with an uncaught exception: unwinds from the
 * caller's frame fp, the call returning to rip. */
const union wasm_cell *wasm_interp_call_threw(WASM_OP_PARAMS)
{
	UNWIND(ip);
}
