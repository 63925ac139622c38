/*
 * wasm/runtime/ujit.c - compiled code run in another address space
 * (ujit.h): the data area it reads, the helpers it asks for, the
 * backtrace of its traps.
 *
 * Data area, in order (each part 16-aligned): the state, the context
 * array, one 16-byte cell per type (equal types share the first one's:
 * compiled call_indirect compares these addresses), the functions, the
 * memories, the globals, the tables; then the part that may grow (the
 * embedder's grow hook makes the area larger; the rest keeps its place
 * and contents): a cell per function of another instance a table or
 * global holds (its jit_code NULL: the code calls it through the call
 * helper), then each table's elements.
 */
#include "wasm/runtime/ujit.h"

#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

struct wasm_rt_ujit {
	struct wasm_rt_instance *inst;
	struct wasm_rt_ujit_addrs a;
	uint8_t *data; /* the embedder's view */
	size_t size;
	size_t off_ctx, off_types, off_funcs, off_mems, off_globals, off_tables,
		off_elems;
	uint32_t *elem_cap; /* per table: elements the area holds */
	uint32_t *elem_off; /* per table: offset of its elements */
	/* Per import: whether its ecall may pass its values in registers
	 * (wasm_jit_import_in_regs, decided once: checked on every call). */
	bool *import_regs;
	/* Runs of the code in progress (nested: the instance's code calls
	 * another instance's, which calls this one's again): each one's
	 * call depth to go back to. */
	uint32_t saved_depth[WASM_RT_UJIT_NEST];
	uint32_t nruns;
	/* Functions of other instances with a cell at off_foreign (of
	 * foreign_cap), from the store's allocator. */
	struct wasm_rt_func **foreign;
	uint32_t nforeign, foreign_cap;
	size_t foreign_alloc, off_foreign;
	struct wasm_rt_ujit_hooks hooks;
};

static size_t up16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/* Elements the area holds for a table of size elements (maximum max):
 * room to grow a little (further growth makes a new area). */
static uint32_t elem_room(uint32_t size, uint32_t max)
{
	uint32_t cap = size + size / 2 + 16;
	if (cap > max)
		cap = max > size ? max : size;
	return cap;
}

/* Offsets of the parts for inst (table need_tab sized need_size at
 * least, when it is one; foreign_cap cells of other instances'
 * functions); returns the total size.  Sets uj's offsets (its elem_cap
 * and elem_off when they are allocated). */
static size_t layout(const struct wasm_rt_instance *inst,
		     struct wasm_rt_ujit *uj, uint32_t need_tab,
		     uint32_t need_size, uint32_t foreign_cap)
{
	const struct wasm_module *m = inst->module;
	size_t ctx_n = 1 + (size_t)m->ntypes + m->nfuncs + m->ntables +
		       m->nmemories + m->nglobals;
	size_t o = up16(sizeof(struct wasm_jit_state));
	uj->off_ctx = o;
	o += up16(ctx_n * 8);
	uj->off_types = o;
	o += (size_t)m->ntypes * 16;
	uj->off_funcs = o;
	o += up16((size_t)m->nfuncs * sizeof(struct wasm_rt_func));
	uj->off_mems = o;
	o += up16((size_t)m->nmemories * sizeof(struct wasm_rt_memory));
	uj->off_globals = o;
	o += up16((size_t)m->nglobals * sizeof(struct wasm_rt_global));
	uj->off_tables = o;
	o += up16((size_t)m->ntables * sizeof(struct wasm_rt_table));
	/* The growing part: the foreign cells first (they move only when
	 * there must be more of them), then the elements. */
	uj->off_elems = o;
	uj->off_foreign = o;
	o += (size_t)foreign_cap * sizeof(struct wasm_rt_func);
	for (uint32_t i = 0; i < m->ntables; i++) {
		uint32_t size = inst->tables[i]->size;
		if (i == need_tab && need_size > size)
			size = need_size;
		uint32_t cap = elem_room(size, inst->tables[i]->max);
		if (uj->elem_cap) {
			uj->elem_cap[i] = cap;
			uj->elem_off[i] = (uint32_t)o;
		}
		o += up16((size_t)cap * 8);
	}
	return o;
}

#define UJIT_DATA_MAX (64u << 20)

size_t wasm_rt_ujit_data_size(const struct wasm_rt_instance *inst,
			      const char **why)
{
	const struct wasm_module *m = inst->module;
	if (m->nmemories > 1) {
		*why = "more than one memory";
		return 0;
	}
	struct wasm_rt_ujit probe = {0};
	size_t n = layout(inst, &probe, UINT32_MAX, 0, 0);
	if (n > UJIT_DATA_MAX) {
		*why = "tables too large for user mode";
		return 0;
	}
	return n;
}

/* Other-side address of function i's copy. */
static uint64_t func_addr(const struct wasm_rt_ujit *uj, uint32_t i)
{
	return uj->a.data + uj->off_funcs +
	       (uint64_t)i * sizeof(struct wasm_rt_func);
}

/* Other-side address of foreign function i's cell. */
static uint64_t foreign_addr(const struct wasm_rt_ujit *uj, uint32_t i)
{
	return uj->a.data + uj->off_foreign +
	       (uint64_t)i * sizeof(struct wasm_rt_func);
}

/* Other side's reference for the runtime's funcref r: a function of this
 * instance or one of its imports, or one with a foreign cell; 0 for
 * anything else (sync_suffix gave every function a table or global
 * holds a cell). */
static uint64_t ref_out(const struct wasm_rt_ujit *uj, wasm_rt_ref r)
{
	const struct wasm_rt_instance *inst = uj->inst;
	const struct wasm_rt_func *f =
		(const struct wasm_rt_func *)(uintptr_t)r;
	if (!r)
		return 0;
	for (uint32_t i = 0; i < inst->module->nfuncs; i++)
		if (inst->funcs[i] == f)
			return func_addr(uj, i);
	for (uint32_t i = 0; i < uj->nforeign; i++)
		if (uj->foreign[i] == f)
			return foreign_addr(uj, i);
	return 0;
}

/* The runtime's function for the other side's reference r, or NULL. */
static struct wasm_rt_func *func_in(const struct wasm_rt_ujit *uj, uint64_t r)
{
	uint64_t base = func_addr(uj, 0), sz = sizeof(struct wasm_rt_func);
	uint32_t n = uj->inst->module->nfuncs;
	if (r >= base && r < base + n * sz && !((r - base) % sz))
		return uj->inst->funcs[(r - base) / sz];
	base = foreign_addr(uj, 0);
	if (r >= base && r < base + uj->nforeign * sz && !((r - base) % sz))
		return uj->foreign[(r - base) / sz];
	return NULL;
}

/* The runtime's reference for the other side's r in a table of type
 * elem; false when r is no function of this instance. */
static bool ref_in(const struct wasm_rt_ujit *uj, uint8_t elem, uint64_t r,
		   wasm_rt_ref *out)
{
	if (!r || elem != WASM_FUNCREF) {
		*out = r;
		return true;
	}
	struct wasm_rt_func *f = func_in(uj, r);
	*out = (wasm_rt_ref)(uintptr_t)f;
	return f != NULL;
}

/* The type cell of canonical type t (the first type index with it). */
static uint64_t type_addr(const struct wasm_rt_ujit *uj,
			  const struct wasm_rt_functype *t)
{
	const struct wasm_rt_instance *inst = uj->inst;
	for (uint32_t i = 0; i < inst->module->ntypes; i++)
		if (inst->types[i] == t)
			return uj->a.data + uj->off_types + 16 * (uint64_t)i;
	return 0;
}

/* Copies table i's elements and size to the other side. */
static void sync_table(struct wasm_rt_ujit *uj, uint32_t i)
{
	const struct wasm_rt_table *t = uj->inst->tables[i];
	struct wasm_rt_table *mt =
		(struct wasm_rt_table *)(uj->data + uj->off_tables) + i;
	uint64_t *e = (uint64_t *)(uj->data + uj->elem_off[i]);
	bool fr = t->type.elem == WASM_FUNCREF;
	for (uint32_t k = 0; k < t->size && k < uj->elem_cap[i]; k++)
		e[k] = fr ? ref_out(uj, t->elems[k]) : t->elems[k];
	/* (Only an area that could not grow holds fewer.) */
	mt->size = t->size < uj->elem_cap[i] ? t->size : uj->elem_cap[i];
	mt->cap = uj->elem_cap[i];
	mt->max = uj->elem_cap[i];
	mt->type = t->type;
	mt->elems = (wasm_rt_ref *)(uintptr_t)(uj->a.data + uj->elem_off[i]);
}

static void fill_funcs(struct wasm_rt_ujit *uj, uint64_t *ctx)
{
	const struct wasm_module *m = uj->inst->module;
	uint64_t uctx = uj->a.data + uj->off_ctx;
	struct wasm_rt_func *mf =
		(struct wasm_rt_func *)(uj->data + uj->off_funcs);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		const struct wasm_rt_func *f = uj->inst->funcs[i];
		mf[i].type =
			(const struct wasm_rt_functype *)(uintptr_t)type_addr(
				uj, f->type);
		mf[i].index = i;
		if (i >= m->nfunc_imports) {
			mf[i].jit_code =
				(const void *)(uintptr_t)wasm_rt_ujit_func_code(
					uj, uj->inst->funcs[i]);
			mf[i].ctx = (void *const *)(uintptr_t)uctx;
		}
		ctx[1 + m->ntypes + i] = func_addr(uj, i);
	}
}

/* Writes the cell of foreign function i: its type, no code (calls go
 * through the call helper). */
static void fill_foreign(struct wasm_rt_ujit *uj, uint32_t i)
{
	struct wasm_rt_func *mf =
		(struct wasm_rt_func *)(uj->data + uj->off_foreign) + i;
	__builtin_memset(mf, 0, sizeof(*mf));
	mf->type = (const struct wasm_rt_functype *)(uintptr_t)type_addr(
		uj, uj->foreign[i]->type);
	mf->index = UINT32_MAX;
}

/* Gives funcref r a foreign cell if it needs one and has none; false
 * when out of memory. */
static bool add_foreign(struct wasm_rt_ujit *uj, wasm_rt_ref r)
{
	if (!r || ref_out(uj, r))
		return true;
	const struct wasm_allocator *a = &uj->inst->store->a;
	if (!wasm_grow_array(a, &uj->foreign, &uj->foreign_alloc,
			     sizeof(*uj->foreign), uj->nforeign + 1, 16))
		return false;
	uj->foreign[uj->nforeign++] = (struct wasm_rt_func *)(uintptr_t)r;
	return true;
}

/* Every function of another instance the instance's tables and funcref
 * globals hold gets a foreign cell; false when out of memory. */
static bool collect_foreign(struct wasm_rt_ujit *uj)
{
	const struct wasm_rt_instance *inst = uj->inst;
	const struct wasm_module *m = inst->module;
	for (uint32_t i = 0; i < m->ntables; i++) {
		const struct wasm_rt_table *t = inst->tables[i];
		for (uint32_t k = 0;
		     t->type.elem == WASM_FUNCREF && k < t->size; k++)
			if (!add_foreign(uj, t->elems[k]))
				return false;
	}
	for (uint32_t i = 0; i < m->nglobals; i++)
		if (inst->globals[i]->type.type == WASM_FUNCREF &&
		    !add_foreign(uj, inst->globals[i]->val.ref))
			return false;
	return true;
}

/* Turns the area's funcref globals into the runtime's form (to_rt) or
 * back (a value no function's: null). */
static void globals_refs(struct wasm_rt_ujit *uj, bool to_rt)
{
	const struct wasm_module *m = uj->inst->module;
	struct wasm_rt_global *mg =
		(struct wasm_rt_global *)(uj->data + uj->off_globals);
	for (uint32_t i = 0; i < m->nglobals; i++) {
		if (uj->inst->globals[i]->type.type != WASM_FUNCREF)
			continue;
		uint64_t r = mg[i].val.ref;
		mg[i].val.ref = to_rt ? (wasm_rt_ref)(uintptr_t)func_in(uj, r)
				      : ref_out(uj, r);
	}
}

/* Whether the area's growing part holds the tables (table need_tab of
 * need_size elements) and the foreign cells as it is laid out. */
static bool suffix_fits(const struct wasm_rt_ujit *uj, uint32_t need_tab,
			uint32_t need_size)
{
	const struct wasm_rt_instance *inst = uj->inst;
	if (uj->nforeign > uj->foreign_cap)
		return false;
	for (uint32_t i = 0; i < inst->module->ntables; i++)
		if (inst->tables[i]->size > uj->elem_cap[i] ||
		    (i == need_tab && need_size > uj->elem_cap[i]))
			return false;
	return true;
}

static void write_suffix(struct wasm_rt_ujit *uj)
{
	for (uint32_t i = 0; i < uj->inst->module->ntables; i++)
		sync_table(uj, i);
	for (uint32_t i = 0; i < uj->nforeign; i++)
		fill_foreign(uj, i);
}

/*
 * Rewrites the growing part of the area (tables' elements and sizes, the
 * foreign cells) from the runtime, first laying it out again, larger,
 * when it does not hold them (table need_tab to hold need_size elements
 * too).  0, 1 when the area cannot grow that far (no grow hook, the
 * size limit), or WASM_TRAP_OUT_OF_MEMORY.
 */
static int sync_suffix(struct wasm_rt_ujit *uj, uint32_t need_tab,
		       uint32_t need_size)
{
	if (!collect_foreign(uj))
		return WASM_TRAP_OUT_OF_MEMORY;
	if (!suffix_fits(uj, need_tab, need_size)) {
		uint32_t fcap = uj->foreign_cap;
		if (uj->nforeign > fcap)
			fcap = uj->nforeign + uj->nforeign / 2 + 8;
		struct wasm_rt_ujit probe = {0};
		size_t n = layout(uj->inst, &probe, need_tab, need_size, fcap);
		if (n > UJIT_DATA_MAX || (n > uj->size && !uj->hooks.grow)) {
			/* What fits: the cells there are room for. */
			if (uj->nforeign > uj->foreign_cap)
				uj->nforeign = uj->foreign_cap;
			write_suffix(uj);
			return 1;
		}
		if (n > uj->size) {
			void *nd =
				uj->hooks.grow(uj->hooks.ctx, n, uj->off_elems);
			if (!nd)
				return WASM_TRAP_OUT_OF_MEMORY;
			uj->data = nd;
			uj->size = n;
		}
		/* Foreign cells may move: the area's funcref globals (the
		 * live ones during a run) go through the runtime's form. */
		globals_refs(uj, true);
		uj->foreign_cap = fcap;
		layout(uj->inst, uj, need_tab, need_size, fcap);
		globals_refs(uj, false);
	}
	write_suffix(uj);
	return 0;
}

/* Writes the whole area from the runtime (the state's exit fields kept);
 * as sync_suffix. */
static int fill(struct wasm_rt_ujit *uj)
{
	const struct wasm_module *m = uj->inst->module;
	struct wasm_rt_instance *inst = uj->inst;
	int rc = sync_suffix(uj, UINT32_MAX, 0);
	struct wasm_jit_state *st = (struct wasm_jit_state *)uj->data;
	st->stack_limit = uj->a.stack_limit;
	for (unsigned h = 0; h < WASM_JIT_H_COUNT; h++)
		st->helpers[h] =
			(wasm_jit_helper_fn)(uintptr_t)(uj->a.stubs +
							WASM_RT_UJIT_STUB_BYTES *
								h);
	uint64_t *ctx = (uint64_t *)(uj->data + uj->off_ctx);
	uint32_t k = 1;
	for (uint32_t i = 0; i < m->ntypes; i++)
		ctx[k++] = type_addr(uj, inst->types[i]);
	fill_funcs(uj, ctx);
	k += m->nfuncs;
	for (uint32_t i = 0; i < m->ntables; i++) {
		ctx[k++] = uj->a.data + uj->off_tables +
			   i * sizeof(struct wasm_rt_table);
	}
	struct wasm_rt_memory *mm =
		(struct wasm_rt_memory *)(uj->data + uj->off_mems);
	for (uint32_t i = 0; i < m->nmemories; i++) {
		mm[i] = *inst->memories[i];
		mm[i].base = (uint8_t *)(uintptr_t)uj->a.mem;
		ctx[k++] = uj->a.data + uj->off_mems +
			   i * sizeof(struct wasm_rt_memory);
	}
	struct wasm_rt_global *mg =
		(struct wasm_rt_global *)(uj->data + uj->off_globals);
	for (uint32_t i = 0; i < m->nglobals; i++) {
		mg[i] = *inst->globals[i];
		if (mg[i].type.type == WASM_FUNCREF)
			mg[i].val.ref = ref_out(uj, mg[i].val.ref);
		ctx[k++] = uj->a.data + uj->off_globals +
			   i * sizeof(struct wasm_rt_global);
	}
	return rc;
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
	if (layout(inst, uj, UINT32_MAX, 0, 0) != size)
		return ERR_INVAL;
	uj->inst = inst;
	uj->a = *addrs;
	uj->data = data;
	uj->size = size;
	/* Without a grow hook yet, a table of other instances' functions
	 * is copied without them (wasm_rt_ujit_sync_in makes room). */
	if (fill(uj) == WASM_TRAP_OUT_OF_MEMORY)
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

/* Slots of helper h whose immediate names valid objects; else UINT32_MAX. */
uint32_t wasm_rt_ujit_helper_slots(const struct wasm_rt_ujit *uj, unsigned h,
				   uint64_t imm)
{
	const struct wasm_module *m = uj->inst->module;
	if (h == WASM_JIT_H_CALL) { /* every system call: first */
		const struct wasm_rt_func *f = func_in(uj, imm);
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
		if (!ref_in(uj, el, slots[1], &r))
			return false;
		slots[1] = r;
		return true;
	case WASM_JIT_H_TABLE_GROW: {
		if (!ref_in(uj, el, slots[0], &r))
			return false;
		slots[0] = r;
		/* Past the area's room (within the table's maximum, else the
		 * runtime refuses): a larger area first. */
		uint64_t want = (uint64_t)t->size + (uint32_t)slots[1];
		if (want > uj->elem_cap[(uint32_t)imm] && want <= t->max)
			*refused = sync_suffix(uj, (uint32_t)imm,
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
 * WASM_JIT_H_CALL, a system call's common case: imm must be one of the
 * instance's imports or a foreign cell; a host function is called
 * straight on the slots as h_call would (the caller it reports is the
 * instance's first function: the helper has no guest pc), another
 * instance's through call_foreign.
 */
static int host_call(struct wasm_rt_ujit *uj, struct wasm_rt_func *f,
		     uint64_t *slots, struct wasm_rt_func *caller)
{
	struct wasm_rt_exec *ex = &uj->inst->store->ex;
	if (ex->nest >= WASM_RT_MAX_NEST)
		return WASM_TRAP_STACK_EXHAUSTED;
	int trap = wasm_rt_call_host_slots(ex, f, slots, caller);
	sync_mem_size(uj);
	return trap;
}

static int import_call(struct wasm_rt_ujit *uj, uint64_t *slots, uint64_t imm)
{
	struct wasm_rt_instance *inst = uj->inst;
	const struct wasm_module *m = inst->module;
	struct wasm_rt_func *f = func_in(uj, imm);
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
		slots[0] = ref_out(uj, slots[0]);
	if (is_table_op(h) && h != WASM_JIT_H_TABLE_GET &&
	    h != WASM_JIT_H_TABLE_SIZE)
		sync_table(uj, (uint32_t)imm);
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
	(void)add_foreign(uj, (wasm_rt_ref)*slot);
}

static void slot_out(struct wasm_rt_ujit *uj, uint64_t *slot)
{
	*slot = ref_out(uj, (wasm_rt_ref)*slot);
}

static void slot_in(struct wasm_rt_ujit *uj, uint64_t *slot)
{
	*slot = (uint64_t)(uintptr_t)func_in(uj, *slot);
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
	int rc = fill(uj);
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
			g->val.ref = (wasm_rt_ref)(uintptr_t)func_in(
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
	int rc = fill(uj);
	if (!trap)
		call_refs(uj, f->type, slots, true, slot_out);
	return trap ? trap : rc == WASM_TRAP_OUT_OF_MEMORY ? rc : 0;
}
