/*
 * wasm/runtime/ujit_area.c - the data area compiled code run in another
 * address space reads (ujit.h), written from the runtime.
 *
 * In order (each part 16-aligned): the state, the context array, one
 * 16-byte cell per type (equal types share the first one's: compiled
 * call_indirect compares these addresses), the functions, the memories,
 * the globals, the tables; then the part that may grow (the embedder's
 * grow hook makes the area larger; the rest keeps its place and
 * contents): a cell per function of another instance a table or global
 * holds (its jit_code NULL: the code calls it through the call helper),
 * then each table's elements.
 */
#include "wasm/runtime/ujit_internal.h"

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
size_t wasm_rt_ujit_layout(const struct wasm_rt_instance *inst,
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
uint64_t wasm_rt_ujit_ref_out(const struct wasm_rt_ujit *uj, wasm_rt_ref r)
{
	const struct wasm_rt_instance *inst = uj->inst;
	const struct wasm_rt_func *f =
		(const struct wasm_rt_func *)(uintptr_t)r;
	if (!r)
		return 0;
	/* One of the instance's own defined functions, which instantiation
	 * puts in one array in order: found by its place there (the walk
	 * below made filling the tables quadratic).  r is only compared,
	 * never read: it may be no function at all (an externref). */
	uint32_t imp = inst->module->nfunc_imports;
	if (imp < inst->module->nfuncs) {
		uintptr_t base = (uintptr_t)inst->funcs[imp];
		uintptr_t k = ((uintptr_t)r - base) / sizeof(*f);
		if ((uintptr_t)r >= base &&
		    k < inst->module->nfuncs - (uintptr_t)imp &&
		    inst->funcs[imp + k] == f)
			return func_addr(uj, imp + (uint32_t)k);
	}
	for (uint32_t i = 0; i < inst->module->nfuncs; i++)
		if (inst->funcs[i] == f)
			return func_addr(uj, i);
	for (uint32_t i = 0; i < uj->nforeign; i++)
		if (uj->foreign[i] == f)
			return foreign_addr(uj, i);
	return 0;
}

/* The runtime's function for the other side's reference r, or NULL. */
struct wasm_rt_func *wasm_rt_ujit_func_in(const struct wasm_rt_ujit *uj,
					  uint64_t r)
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
bool wasm_rt_ujit_ref_in(const struct wasm_rt_ujit *uj, uint8_t elem,
			 uint64_t r, wasm_rt_ref *out)
{
	if (!r || elem != WASM_FUNCREF) {
		*out = r;
		return true;
	}
	struct wasm_rt_func *f = wasm_rt_ujit_func_in(uj, r);
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
void wasm_rt_ujit_sync_table(struct wasm_rt_ujit *uj, uint32_t i)
{
	const struct wasm_rt_table *t = uj->inst->tables[i];
	struct wasm_rt_table *mt =
		(struct wasm_rt_table *)(uj->data + uj->off_tables) + i;
	uint64_t *e = (uint64_t *)(uj->data + uj->elem_off[i]);
	bool fr = t->type.elem == WASM_FUNCREF;
	for (uint32_t k = 0; k < t->size && k < uj->elem_cap[i]; k++)
		e[k] = fr ? wasm_rt_ujit_ref_out(uj, t->elems[k]) : t->elems[k];
	/* (Only an area that could not grow holds fewer.) */
	mt->size = t->size < uj->elem_cap[i] ? t->size : uj->elem_cap[i];
	mt->cap = uj->elem_cap[i];
	mt->max = uj->elem_cap[i];
	mt->type = t->type;
	mt->elems = (wasm_rt_ref *)(uintptr_t)(uj->a.data + uj->elem_off[i]);
}

/* The function cells and their ctx entries (ctx's type entries set). */
static void fill_funcs(struct wasm_rt_ujit *uj, uint64_t *ctx)
{
	const struct wasm_module *m = uj->inst->module;
	uint64_t uctx = uj->a.data + uj->off_ctx;
	struct wasm_rt_func *mf =
		(struct wasm_rt_func *)(uj->data + uj->off_funcs);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		const struct wasm_rt_func *f = uj->inst->funcs[i];
		/* ctx holds the type cells by type index already (a walk over
		 * the types per function cost ~4 k instructions a spawn). */
		uint32_t ti = m->funcs[i].type;
		uint64_t ta = uj->inst->types[ti] == f->type
				      ? ctx[1 + ti]
				      : type_addr(uj, f->type);
		mf[i].type = (const struct wasm_rt_functype *)(uintptr_t)ta;
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
bool wasm_rt_ujit_add_foreign(struct wasm_rt_ujit *uj, wasm_rt_ref r)
{
	if (!r || wasm_rt_ujit_ref_out(uj, r))
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
			if (!wasm_rt_ujit_add_foreign(uj, t->elems[k]))
				return false;
	}
	for (uint32_t i = 0; i < m->nglobals; i++)
		if (inst->globals[i]->type.type == WASM_FUNCREF &&
		    !wasm_rt_ujit_add_foreign(uj, inst->globals[i]->val.ref))
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
		mg[i].val.ref =
			to_rt ? (wasm_rt_ref)(uintptr_t)wasm_rt_ujit_func_in(uj,
									     r)
			      : wasm_rt_ujit_ref_out(uj, r);
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
		wasm_rt_ujit_sync_table(uj, i);
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
int wasm_rt_ujit_sync_suffix(struct wasm_rt_ujit *uj, uint32_t need_tab,
			     uint32_t need_size)
{
	if (!collect_foreign(uj))
		return WASM_TRAP_OUT_OF_MEMORY;
	if (!suffix_fits(uj, need_tab, need_size)) {
		uint32_t fcap = uj->foreign_cap;
		if (uj->nforeign > fcap)
			fcap = uj->nforeign + uj->nforeign / 2 + 8;
		struct wasm_rt_ujit probe = {0};
		size_t n = wasm_rt_ujit_layout(uj->inst, &probe, need_tab,
					       need_size, fcap);
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
		wasm_rt_ujit_layout(uj->inst, uj, need_tab, need_size, fcap);
		globals_refs(uj, false);
	}
	write_suffix(uj);
	return 0;
}

/* Writes the whole area from the runtime (the state's exit fields kept);
 * as sync_suffix. */
int wasm_rt_ujit_fill(struct wasm_rt_ujit *uj)
{
	const struct wasm_module *m = uj->inst->module;
	struct wasm_rt_instance *inst = uj->inst;
	int rc = wasm_rt_ujit_sync_suffix(uj, UINT32_MAX, 0);
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
			mg[i].val.ref = wasm_rt_ujit_ref_out(uj, mg[i].val.ref);
		ctx[k++] = uj->a.data + uj->off_globals +
			   i * sizeof(struct wasm_rt_global);
	}
	return rc;
}
