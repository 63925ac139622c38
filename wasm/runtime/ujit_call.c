/*
 * wasm/runtime/ujit_call.c - what compiled code run in another address
 * space calls (ujit.h): the helpers, its imports by their ecall, other
 * instances' functions, and the values crossing between the runtime and
 * the other side on the way.
 */
#include "wasm/runtime/ujit_internal.h"

/* Slots of helper h whose immediate names valid objects; else UINT32_MAX. */
uint32_t wasm_rt_ujit_helper_slots(const struct wasm_rt_ujit *uj, unsigned h,
				   uint64_t imm)
{
	const struct wasm_module *m = uj->inst->module;
	if (h == WASM_JIT_H_CALL) { /* every system call: first */
		const struct wasm_rt_func *f = wasm_rt_ujit_func_in(uj, imm);
		/* An import or another instance's function (a table's): the
		 * instance's own have code. */
		if (!f || (f->inst == uj->inst && f->index >= m->nfunc_imports))
			return UINT32_MAX;
		const struct wasm_rt_functype *t = f->type;
		return t->param_slots > t->result_slots ? t->param_slots
							: t->result_slots;
	}
	uint64_t lo = (uint32_t)imm, hi = imm >> 32;
	bool mem = imm < m->nmemories, tab = imm < m->ntables;
	switch (h) {
	case WASM_JIT_H_MEMORY_GROW:
		return mem ? 1 : UINT32_MAX;
	case WASM_JIT_H_MEMORY_FILL:
	case WASM_JIT_H_MEMORY_COPY:
		return mem ? 3 : UINT32_MAX;
	case WASM_JIT_H_MEMORY_INIT:
		return imm < m->ndatas && m->nmemories ? 3 : UINT32_MAX;
	case WASM_JIT_H_DATA_DROP:
		return imm < m->ndatas ? 0 : UINT32_MAX;
	case WASM_JIT_H_TABLE_GET:
	case WASM_JIT_H_TABLE_SIZE:
		return tab ? 1 : UINT32_MAX;
	case WASM_JIT_H_TABLE_SET:
	case WASM_JIT_H_TABLE_GROW:
		return tab ? 2 : UINT32_MAX;
	case WASM_JIT_H_TABLE_FILL:
		return tab ? 3 : UINT32_MAX;
	case WASM_JIT_H_TABLE_COPY:
		return lo < m->ntables && hi < m->ntables ? 3 : UINT32_MAX;
	case WASM_JIT_H_TABLE_INIT:
		return lo < m->ntables && hi < m->nelems ? 3 : UINT32_MAX;
	case WASM_JIT_H_ELEM_DROP:
		return imm < m->nelems ? 0 : UINT32_MAX;
	default:
		return UINT32_MAX;
	}
}

/* Turns the other side's references in slots into the runtime's (and
 * refuses table growth past the area's room); false: not a function of
 * this instance. */
static bool refs_in(struct wasm_rt_ujit *uj, unsigned h, uint64_t *slots,
		    uint64_t imm, bool *refused)
{
	struct wasm_rt_table *t = uj->inst->tables[(uint32_t)imm];
	uint8_t el = t->type.elem;
	wasm_rt_ref r;
	switch (h) {
	case WASM_JIT_H_TABLE_SET:
	case WASM_JIT_H_TABLE_FILL:
		if (!wasm_rt_ujit_ref_in(uj, el, slots[1], &r))
			return false;
		slots[1] = r;
		return true;
	case WASM_JIT_H_TABLE_GROW: {
		if (!wasm_rt_ujit_ref_in(uj, el, slots[0], &r))
			return false;
		slots[0] = r;
		/* Past the area's room (within the table's maximum, else the
		 * runtime refuses): a larger area first. */
		uint64_t want = (uint64_t)t->size + (uint32_t)slots[1];
		if (want > uj->elem_cap[(uint32_t)imm] && want <= t->max)
			*refused =
				wasm_rt_ujit_sync_suffix(uj, (uint32_t)imm,
							 (uint32_t)want) != 0;
		return true;
	}
	default:
		return true;
	}
}

static bool is_table_op(unsigned h)
{
	return h >= WASM_JIT_H_TABLE_GET && h <= WASM_JIT_H_ELEM_DROP &&
	       h != WASM_JIT_H_ELEM_DROP;
}

static int call_foreign(struct wasm_rt_ujit *uj, struct wasm_rt_func *f,
			uint64_t *slots);

/* Mirrors memory 0's size into the other side's copy (a call may grow
 * it). */
static void sync_mem_size(struct wasm_rt_ujit *uj)
{
	const struct wasm_rt_instance *inst = uj->inst;
	if (inst->module->nmemories) {
		struct wasm_rt_memory *mm =
			(struct wasm_rt_memory *)(uj->data + uj->off_mems);
		mm->size = inst->memories[0]->size;
		mm->pages = inst->memories[0]->pages;
	}
}

/*
 * Host function f called straight on the slots as h_call would (the
 * caller it reports is the instance's first function: neither the helper
 * nor the import ecall tells the runtime a guest pc).  Inline: each of
 * its two callers would otherwise only forward to it.
 */
static inline __attribute__((always_inline)) int
host_call(struct wasm_rt_ujit *uj, struct wasm_rt_func *f, uint64_t *slots,
	  struct wasm_rt_func *caller)
{
	struct wasm_rt_exec *ex = &uj->inst->store->ex;
	if (ex->nest >= WASM_RT_MAX_NEST)
		return WASM_TRAP_STACK_EXHAUSTED;
	int trap = wasm_rt_call_host_slots(ex, f, slots, caller);
	sync_mem_size(uj);
	return trap;
}

/* WASM_JIT_H_CALL: imm must be one of the instance's imports or a foreign
 * cell; a host function goes through host_call, another instance's
 * through call_foreign. */
static int import_call(struct wasm_rt_ujit *uj, uint64_t *slots, uint64_t imm)
{
	struct wasm_rt_instance *inst = uj->inst;
	const struct wasm_module *m = inst->module;
	struct wasm_rt_func *f = wasm_rt_ujit_func_in(uj, imm);
	/* An import or another instance's function (a table's): the
	 * instance's own have code. */
	if (!f || (f->inst == inst && f->index >= m->nfunc_imports))
		return WASM_TRAP_HOST;
	if (!f->host)
		return call_foreign(uj, f, slots);
	return host_call(uj, f, slots, inst->funcs[m->nfunc_imports]);
}

int wasm_rt_ujit_import(struct wasm_rt_ujit *uj, uint64_t fi, uint64_t *slots)
{
	struct wasm_rt_instance *inst = uj->inst;
	const struct wasm_module *m = inst->module;
	/* The guest names the import (t1): only one the compiler would call
	 * this way, whose values are all numbers (a reference slot would be a
	 * forged pointer). */
	if (fi >= m->nfunc_imports || !uj->import_regs[fi])
		return -1;
	struct wasm_rt_func *f = inst->funcs[fi];
	if (!f->host)
		return call_foreign(uj, f, slots);
	return host_call(uj, f, slots, inst->funcs[m->nfunc_imports]);
}

/* Every helper but WASM_JIT_H_CALL: out of line, so that a system call
 * (import_call) keeps a small frame. */
static __attribute__((noinline)) int
other_helper(struct wasm_rt_ujit *uj, unsigned h, uint64_t *slots, uint64_t imm)
{
	struct wasm_rt_instance *inst = uj->inst;
	struct wasm_rt_exec *ex = &inst->store->ex;
	if (h == WASM_JIT_H_TRAP ||
	    wasm_rt_ujit_helper_slots(uj, h, imm) == UINT32_MAX)
		return WASM_TRAP_HOST;
	bool refused = false;
	if (is_table_op(h) && h != WASM_JIT_H_TABLE_COPY &&
	    h != WASM_JIT_H_TABLE_INIT && !refs_in(uj, h, slots, imm, &refused))
		return WASM_TRAP_HOST;
	int trap = 0;
	if (refused)
		slots[0] = (uint32_t)-1;
	else
		trap = wasm_rt_jit_helper(h)(&ex->jit, inst->ctx, slots, imm);
	if (h == WASM_JIT_H_TABLE_GET &&
	    inst->tables[imm]->type.elem == WASM_FUNCREF)
		slots[0] = wasm_rt_ujit_ref_out(uj, slots[0]);
	if (is_table_op(h) && h != WASM_JIT_H_TABLE_GET &&
	    h != WASM_JIT_H_TABLE_SIZE)
		wasm_rt_ujit_sync_table(uj, (uint32_t)imm);
	sync_mem_size(uj);
	return trap;
}

int wasm_rt_ujit_helper(struct wasm_rt_ujit *uj, unsigned h, uint64_t *slots,
			uint64_t imm)
{
	if (h == WASM_JIT_H_CALL)
		return import_call(uj, slots, imm);
	return other_helper(uj, h, slots, imm);
}

/*
 * Calls ref_fn on the funcref values of t's parameters (results) in slots,
 * in slot order (a v128 takes two).
 */
static void call_refs(struct wasm_rt_ujit *uj, const struct wasm_rt_functype *t,
		      uint64_t *slots, bool results,
		      void (*ref_fn)(struct wasm_rt_ujit *uj, uint64_t *slot))
{
	uint32_t first = results ? t->nparams : 0;
	uint32_t n = results ? t->nresults : t->nparams;
	for (uint32_t i = 0, k = 0; i < n; i++) {
		uint8_t vt = wasm_rt_functype_val_type(t, first + i);
		if (vt == WASM_FUNCREF)
			ref_fn(uj, &slots[k]);
		k += vt == WASM_V128 ? 2 : 1;
	}
}

static void slot_add_foreign(struct wasm_rt_ujit *uj, uint64_t *slot)
{
	/* Out of memory: ref_out then gives null for it (a wrong value, not
	 * a wrong address). */
	(void)wasm_rt_ujit_add_foreign(uj, (wasm_rt_ref)*slot);
}

static void slot_out(struct wasm_rt_ujit *uj, uint64_t *slot)
{
	*slot = wasm_rt_ujit_ref_out(uj, (wasm_rt_ref)*slot);
}

static void slot_in(struct wasm_rt_ujit *uj, uint64_t *slot)
{
	*slot = (uint64_t)(uintptr_t)wasm_rt_ujit_func_in(uj, *slot);
}

/* See ujit.h. */
void wasm_rt_ujit_set_hooks(struct wasm_rt_ujit *uj,
			    const struct wasm_rt_ujit_hooks *h)
{
	uj->hooks = *h;
}

/* See ujit.h. */
int wasm_rt_ujit_sync_in(struct wasm_rt_ujit *uj,
			 const struct wasm_rt_functype *t, uint64_t *slots)
{
	if (t)
		call_refs(uj, t, slots, false, slot_add_foreign);
	int rc = wasm_rt_ujit_fill(uj);
	if (!rc && t)
		call_refs(uj, t, slots, false, slot_out);
	return rc;
}

/* See ujit.h. */
void wasm_rt_ujit_sync_out(struct wasm_rt_ujit *uj,
			   const struct wasm_rt_functype *t, uint64_t *slots)
{
	const struct wasm_module *m = uj->inst->module;
	const struct wasm_rt_global *mg =
		(const struct wasm_rt_global *)(uj->data + uj->off_globals);
	for (uint32_t i = 0; i < m->nglobals; i++) {
		struct wasm_rt_global *g = uj->inst->globals[i];
		if (!g->type.mut)
			continue;
		if (g->type.type != WASM_FUNCREF)
			__builtin_memcpy(&g->val, &mg[i].val, sizeof(g->val));
		else
			g->val.ref =
				(wasm_rt_ref)(uintptr_t)wasm_rt_ujit_func_in(
					uj, mg[i].val.ref);
	}
	if (t)
		call_refs(uj, t, slots, true, slot_in);
}

/*
 * The call helper for f, a function of another instance (not host): its
 * instance may change what this one shares with it (globals, tables,
 * memory), so the area's globals go back to the runtime first and the
 * whole area is written again after.  The embedder's call hook runs it,
 * or the runtime (the interpreter).
 */
static int call_foreign(struct wasm_rt_ujit *uj, struct wasm_rt_func *f,
			uint64_t *slots)
{
	struct wasm_rt_exec *ex = &uj->inst->store->ex;
	wasm_rt_ujit_sync_out(uj, NULL, NULL);
	call_refs(uj, f->type, slots, false, slot_in);
	int trap = uj->hooks.call
			   ? uj->hooks.call(uj->hooks.ctx, f->inst, f, slots)
			   : -1;
	if (trap < 0)
		trap = wasm_rt_jit_helper(WASM_JIT_H_CALL)(
			&ex->jit, uj->inst->ctx, slots, (uint64_t)(uintptr_t)f);
	if (!trap)
		call_refs(uj, f->type, slots, true, slot_add_foreign);
	int rc = wasm_rt_ujit_fill(uj);
	if (!trap)
		call_refs(uj, f->type, slots, true, slot_out);
	return trap ? trap : rc == WASM_TRAP_OUT_OF_MEMORY ? rc : 0;
}
