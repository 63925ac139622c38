/*
 * wasm/interp/translate_fn.c - the translation of one function around the
 * main loop (translate.c): its working arrays in one block, the locals'
 * slots, the final code record with its handler records and safepoints,
 * its publication in an instance's shared code, and the entry points
 * wasm_interp_translate and wasm_interp_prepare (interp.h).
 */
#include "wasm/interp/translate_emit.h"

/*
 * The function's working arrays in one block (t->scratch): the code
 * buffer with room for the usual size (three cells per instruction, not
 * zeroed: tr_emit zeroes the cells it hands out), the operand stack model
 * and the label stack sized from what validation measured (max_stack,
 * max_depth); each still grows past its room, out of the block (see
 * wasm_tr_grow); then the locals' slots and types.  One allocation per
 * function, not two (the code buffer's own allocation and free were ~150
 * instructions of every function translated).  False: out of memory.
 */
static bool scratch_alloc(struct tr *t, const struct wasm_func *mf)
{
	size_t nc = (size_t)mf->ninstrs * 3;
	size_t nv = (size_t)mf->max_stack + 1, nl = (size_t)mf->max_depth + 1;
	size_t code = nc * sizeof(union wasm_cell);
	size_t vals = nv * sizeof(struct tr_val);
	size_t labels = nl * sizeof(struct tr_label);
	size_t slots = (size_t)t->nlocals * sizeof(uint32_t);
	t->scratch_size = code + vals + labels + slots + t->nlocals + 1;
	t->scratch = wasm_alloc(t->a, t->scratch_size);
	if (!t->scratch)
		return false;
	if (nc) {
		t->code = (union wasm_cell *)(void *)t->scratch;
		t->cap = nc;
	}
	t->vals = (struct tr_val *)(void *)(t->scratch + code);
	t->vals_cap = nv;
	t->labels = (struct tr_label *)(void *)(t->scratch + code + vals);
	t->labels_cap = nl;
	t->local_slot = (uint32_t *)(void *)(t->scratch + code + vals + labels);
	t->local_type = t->scratch + code + vals + labels + slots;
	return true;
}

/*
 * Translates defined function funcidx of inst's module (type ft) into a
 * record *out owned by the store (c NULL) or allocated from c's allocator
 * (not yet published).  The code depends on the module and
 * the fuel setting only (interp.h).  Returns 0, ERR_NOMEM, or another
 * error for a body the translator cannot handle (which validation rules
 * out).
 */
static int translate_fn(struct wasm_rt_instance *inst, uint32_t funcidx,
			const struct wasm_rt_functype *ft,
			const struct wasm_rt_code *c,
			struct wasm_interp_code **out)
{
	struct wasm_rt_store *s = inst->store;
	const struct wasm_module *m = inst->module;
	const struct wasm_func *mf = &m->funcs[funcidx];
	struct tr t;
	uint32_t slot = 0;
	int err;

	memset(&t, 0, sizeof(t));
	t.m = m;
	t.inst = inst;
	t.a = &s->a;
	t.p = mf->body;
	t.end = mf->body_end;
	tr_no_peephole(&t);
	t.fuel = s->cfg.fuel != 0;
	t.mem0_64 = m->nmemories && tr_mem64(&t, 0);
	t.nlocals = ft->nparams + mf->nlocals;
	if (!scratch_alloc(&t, mf)) {
		err = ERR_NOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < t.nlocals; i++) {
		uint8_t ty = i < ft->nparams ? ft->types[i]
					     : mf->local_types[i - ft->nparams];
		t.local_type[i] = ty;
		t.local_slot[i] = slot;
		slot += wasm_rt_type_slots(ty);
	}
	t.stack_base = t.sp = t.max_slot = slot;
	if (!wasm_tr_gc_begin(&t)) {
		err = t.err;
		goto out;
	}
	wasm_tr_body(&t, ft);
	err = t.err;
	if (!err && t.nlabels)
		err = ERR_FORMAT;
	if (!err && t.ncode > UINT32_MAX)
		err = ERR_UNSUPPORTED;
	if (err)
		goto out;
	size_t nh = (size_t)t.nhandlers * WASM_INTERP_HCELLS;
	if (t.ncode + nh > UINT32_MAX) {
		err = ERR_UNSUPPORTED;
		goto out;
	}
	size_t size =
		wasm_interp_code_size(t.ncode + nh, t.ngc_safe, t.ngc_slots);
	struct wasm_interp_code *r = c ? wasm_alloc(&c->a, size)
				       : wasm_rt_store_alloc(s, size, NULL);
	if (!r) {
		err = ERR_NOMEM;
		goto out;
	}
	memcpy(r->cells, t.code, t.ncode * sizeof(union wasm_cell));
	r->ncells = (uint32_t)(t.ncode + nh);
	r->handlers_at = (uint32_t)t.ncode;
	r->nhandlers = t.nhandlers;
	for (uint32_t i = 0; i < t.nhandlers; i++) {
		const struct tr_handler *h = &t.handlers[i];
		union wasm_cell *hc =
			&r->cells[t.ncode + i * WASM_INTERP_HCELLS];
		set_pair(&hc[0], h->start, h->end);
		set_pair(&hc[1], h->pad, h->slot);
		set_pair(&hc[2], h->tag, h->exn_slot);
		set_pair(&hc[3], h->kind | (uint32_t)h->keep << 8, h->try_id);
	}
	/* The safepoints go after every cell, handler records included. */
	wasm_tr_gc_finish(&t, r);
	r->nparam_slots = ft->param_slots;
	r->nlocal_slots = t.stack_base - ft->param_slots;
	/* Results may exceed params at the frame base; leave 2 spare slots
	 * for v128 temporaries. */
	r->frame_slots = t.max_slot + 2;
	if (r->frame_slots < ft->result_slots)
		r->frame_slots = ft->result_slots;
	*out = r;
out:
	wasm_tr_gc_free(&t);
	if (!wasm_tr_in_scratch(&t, t.code))
		wasm_free(t.a, t.code, t.cap * sizeof(union wasm_cell));
	if (!wasm_tr_in_scratch(&t, t.vals))
		wasm_free(t.a, t.vals, t.vals_cap * sizeof(struct tr_val));
	if (!wasm_tr_in_scratch(&t, t.labels))
		wasm_free(t.a, t.labels,
			  t.labels_cap * sizeof(struct tr_label));
	wasm_free(t.a, t.scratch, t.scratch_size);
	wasm_free(t.a, t.handlers, t.handlers_cap * sizeof(struct tr_handler));
	return err;
}

/*
 * The translation of f from its instance's shared code (interp.h,
 * wasm_rt_code): the published one, or a new one published now.  Two
 * threads translating the same function at once both translate; the
 * first to publish wins and the other frees its own.
 */
static int translate_shared(struct wasm_rt_func *f, struct wasm_rt_code *c,
			    struct wasm_interp_code **out)
{
	struct wasm_interp_code **slot = &c->fns[f->index];
	struct wasm_interp_code *r = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	if (r) {
		*out = r;
		return 0;
	}
	int err = translate_fn(f->inst, f->index, f->type, c, &r);
	if (err)
		return err;
	struct wasm_interp_code *seen = NULL;
	if (__atomic_compare_exchange_n(slot, &seen, r, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		__atomic_add_fetch(&c->bytes, wasm_interp_code_bytes(r),
				   __ATOMIC_RELAXED);
		*out = r;
	} else {
		wasm_free(&c->a, r, wasm_interp_code_bytes(r));
		*out = seen;
	}
	return 0;
}

/*
 * Gives f (a defined function of its instance) its code: the shared
 * translation when the instance has shared code, else one owned by the
 * store.  Returns 0, ERR_NOMEM, or another error for a body the translator
 * cannot handle.
 */
int wasm_interp_translate(struct wasm_rt_func *f)
{
	struct wasm_rt_code *c = f->inst->code;
	struct wasm_interp_code *r;
	int err = c ? translate_shared(f, c, &r)
		    : translate_fn(f->inst, f->index, f->type, NULL, &r);
	if (err)
		return err;
	f->nparam_slots = r->nparam_slots;
	f->nlocal_slots = r->nlocal_slots;
	f->frame_slots = r->frame_slots;
	f->code = r->cells;
	return 0;
}

/*
 * Translates f on its first call (see interp.h): WASM_TRAP_NONE,
 * WASM_TRAP_OUT_OF_MEMORY or WASM_TRAP_UNCOMPILABLE.
 */
int wasm_interp_prepare(struct wasm_rt_func *f)
{
	if (f->code)
		return WASM_TRAP_NONE;
	int err = wasm_interp_translate(f);
	if (err == ERR_NOMEM)
		return WASM_TRAP_OUT_OF_MEMORY;
	return err ? WASM_TRAP_UNCOMPILABLE : WASM_TRAP_NONE;
}
