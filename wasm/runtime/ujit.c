/*
 * wasm/runtime/ujit.c - compiled code run in another address space
 * (ujit.h): the handle, its data area's size, a run's start and end, what
 * the embedder reads of it, the backtrace of its traps.  The data area
 * itself: ujit_area.c; what the code calls: ujit_call.c.
 */
#include "wasm/runtime/ujit_internal.h"

size_t wasm_rt_ujit_data_size(const struct wasm_rt_instance *inst,
			      const char **why)
{
	const struct wasm_module *m = inst->module;
	if (m->nmemories > 1) {
		*why = "more than one memory";
		return 0;
	}
	struct wasm_rt_ujit probe = {0};
	size_t n = wasm_rt_ujit_layout(inst, &probe, UINT32_MAX, 0, 0);
	if (n > UJIT_DATA_MAX) {
		*why = "tables too large for user mode";
		return 0;
	}
	return n;
}

/* Frees what the handle allocated besides itself (at store free). */
static void ujit_fini(struct wasm_rt_store *s, struct wasm_rt_obj *o)
{
	struct wasm_rt_ujit *uj =
		(struct wasm_rt_ujit *)((uint8_t *)o + WASM_RT_OBJ_HDR);
	wasm_free(&s->a, uj->foreign, uj->foreign_alloc * sizeof(*uj->foreign));
}

int wasm_rt_ujit_new(struct wasm_rt_instance *inst,
		     const struct wasm_rt_ujit_addrs *addrs, void *data,
		     size_t size, struct wasm_rt_ujit **out)
{
	const struct wasm_module *m = inst->module;
	struct wasm_rt_ujit *uj = wasm_rt_store_alloc(
		inst->store,
		sizeof(*uj) + 8 * (size_t)m->ntables + m->nfunc_imports,
		ujit_fini);
	if (!uj)
		return ERR_NOMEM;
	uj->elem_cap = (uint32_t *)(uj + 1);
	uj->elem_off = uj->elem_cap + m->ntables;
	uj->import_regs = (bool *)(uj->elem_off + m->ntables);
	for (uint32_t i = 0; i < m->nfunc_imports; i++)
		uj->import_regs[i] =
			wasm_jit_import_in_regs(&m->types[m->funcs[i].type]);
	if (wasm_rt_ujit_layout(inst, uj, UINT32_MAX, 0, 0) != size)
		return ERR_INVAL;
	uj->inst = inst;
	uj->a = *addrs;
	uj->data = data;
	uj->size = size;
	/* Without a grow hook yet, a table of other instances' functions
	 * is copied without them (wasm_rt_ujit_sync_in makes room). */
	if (wasm_rt_ujit_fill(uj) == WASM_TRAP_OUT_OF_MEMORY)
		return ERR_NOMEM;
	*out = uj;
	return 0;
}

uint64_t wasm_rt_ujit_state_addr(const struct wasm_rt_ujit *uj)
{
	return uj->a.data;
}

uint64_t wasm_rt_ujit_ctx_addr(const struct wasm_rt_ujit *uj)
{
	return uj->a.data + uj->off_ctx;
}

uint64_t wasm_rt_ujit_exit_pc(const struct wasm_rt_ujit *uj)
{
	uint64_t pc = __atomic_load_n(
		&((const struct wasm_jit_state *)uj->data)->exit_pc,
		__ATOMIC_RELAXED);
	return pc >= uj->a.code && pc - uj->a.code < uj->a.code_size &&
			       !(pc & 3)
		       ? pc
		       : 0;
}

int wasm_rt_ujit_begin(struct wasm_rt_ujit *uj, struct wasm_rt_func *f)
{
	struct wasm_rt_store *s = uj->inst->store;
	struct wasm_rt_exec *ex = wasm_rt_store_exec(s);
	if (!ex)
		return WASM_TRAP_OUT_OF_MEMORY;
	if (uj->nruns == WASM_RT_UJIT_NEST)
		return WASM_TRAP_STACK_EXHAUSTED;
	s->bt_taken = false;
	ex->nbacktrace = 0;
	uj->saved_depth[uj->nruns++] = ex->depth;
	ex->frames[ex->depth++].func = f;
	ex->jit.user = ex;
	return 0;
}

void wasm_rt_ujit_end(struct wasm_rt_ujit *uj)
{
	if (uj->nruns)
		uj->inst->store->ex.depth = uj->saved_depth[--uj->nruns];
}

const struct wasm_rt_memory *wasm_rt_ujit_memory(const struct wasm_rt_ujit *uj)
{
	return uj->inst->module->nmemories ? uj->inst->memories[0] : NULL;
}

uint64_t wasm_rt_ujit_func_code(const struct wasm_rt_ujit *uj,
				const struct wasm_rt_func *f)
{
	const struct wasm_module *m = uj->inst->module;
	if (f->inst != uj->inst || f->index < m->nfunc_imports ||
	    f->index >= m->nfuncs)
		return 0;
	return __atomic_load_n(&uj->a.func_code[f->index], __ATOMIC_ACQUIRE);
}

void wasm_rt_ujit_func_update(struct wasm_rt_ujit *uj, uint32_t fi)
{
	const struct wasm_module *m = uj->inst->module;
	if (fi < m->nfunc_imports || fi >= m->nfuncs)
		return;
	struct wasm_rt_func *mf =
		(struct wasm_rt_func *)(uj->data + uj->off_funcs);
	mf[fi].jit_code = (const void *)(uintptr_t)wasm_rt_ujit_func_code(
		uj, uj->inst->funcs[fi]);
}

void wasm_rt_ujit_backtrace(struct wasm_rt_ujit *uj, const uint32_t *funcs,
			    uint32_t n)
{
	struct wasm_rt_store *s = uj->inst->store;
	struct wasm_rt_exec *ex = &s->ex;
	if (s->bt_taken)
		return;
	s->bt_taken = true;
	uint32_t k = 0;
	for (uint32_t i = 0; i < n && k < WASM_RT_BACKTRACE_MAX; i++) {
		uint32_t fi = funcs[i];
		if (fi >= uj->inst->module->nfuncs)
			break;
		ex->backtrace[k++] = uj->inst->funcs[fi];
	}
	ex->nbacktrace = k;
}
