/*
 * wasm/runtime/instance.c - instantiation: allocation of a module's
 * definitions, segment initialization in the spec's order, the start
 * function.  The linker is in instance_link.c, constant expressions in
 * instance_const.c, export lookup and names in instance_export.c.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/runtime/internal.h"

/* See internal.h. */
void wasm_rt_inst_msg(struct wasm_rt_inst_result *res, int error, int trap,
		      const char *msg, const struct wasm_name *a,
		      const struct wasm_name *b)
{
	if (!res)
		return;
	res->error = error;
	res->trap = trap;
	size_t n = 0, cap = sizeof(res->msg) - 1;
	for (const char *p = msg; *p && n < cap; p++)
		res->msg[n++] = *p;
	const struct wasm_name *names[2] = {a, b};
	for (int k = 0; k < 2; k++) {
		if (!names[k])
			continue;
		const char *sep = k == 0 ? " " : ".";
		for (const char *p = sep; *p && n < cap; p++)
			res->msg[n++] = *p;
		for (uint32_t i = 0; i < names[k]->len && n < cap; i++)
			res->msg[n++] = names[k]->ptr[i];
	}
	res->msg[n] = 0;
}

/* Tables with an initializer (typed references): every element starts
 * as its value (ref.func needs the functions, global.get imports). */
static int init_tables(struct wasm_rt_instance *inst,
		       struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
		uint64_t v[2];
		if (m->tables[i].init.kind == WASM_CONST_NONE)
			continue;
		if (wasm_rt_eval_const(inst, &m->tables[i].init, v)) {
			wasm_rt_inst_msg(res, WASM_INST_INVALID, 0,
					 "bad table initializer", NULL, NULL);
			return ERR_INVAL;
		}
		struct wasm_rt_table *t = inst->tables[i];
		for (uint32_t k = 0; k < t->size; k++)
			t->elems[k] = v[0];
	}
	return 0;
}

#define ALLOC_ARRAY(s, n, type)                                                \
	((type *)wasm_rt_store_alloc((s), (size_t)(n) * sizeof(type) + 1, NULL))

static int fail_nomem(struct wasm_rt_inst_result *res)
{
	wasm_rt_inst_msg(res, WASM_INST_NOMEM, 0, "out of memory", NULL, NULL);
	return ERR_NOMEM;
}

/* Step 1: the instance and its context (internal.h), a GC root from
 * here on, with m's types interned. */
static int new_instance(struct wasm_rt_store *s, const struct wasm_module *m,
			struct wasm_rt_code *code,
			struct wasm_rt_inst_result *res,
			struct wasm_rt_instance **out)
{
	struct wasm_rt_instance *inst;
	inst = wasm_rt_store_alloc(s, sizeof(*inst), NULL);
	if (!inst)
		return fail_nomem(res);
	inst->module = m;
	inst->store = s;
	inst->code = code;
	/* The context (internal.h): the instance, then the arrays. */
	inst->ctx = ALLOC_ARRAY(s,
				(size_t)1 + m->ntypes + m->nfuncs + m->ntables +
					m->nmemories + m->nglobals,
				void *);
	inst->elems = ALLOC_ARRAY(s, m->nelems, struct wasm_rt_elem_seg);
	inst->datas = ALLOC_ARRAY(s, m->ndatas, struct wasm_rt_data_seg);
	inst->tags = ALLOC_ARRAY(s, m->ntags, struct wasm_rt_tag *);
	if (!inst->ctx || !inst->elems || !inst->datas || !inst->tags)
		return fail_nomem(res);
	inst->ctx[0] = inst;
	/* Its globals, tables and segments are GC roots from now on. */
	inst->next_inst = s->insts;
	s->insts = inst;
	inst->types = (const struct wasm_rt_functype **)(inst->ctx + 1);
	inst->funcs = (struct wasm_rt_func **)(inst->types + m->ntypes);
	inst->tables = (struct wasm_rt_table **)(inst->funcs + m->nfuncs);
	inst->memories = (struct wasm_rt_memory **)(inst->tables + m->ntables);
	inst->globals =
		(struct wasm_rt_global **)(inst->memories + m->nmemories);
	if (wasm_rt_intern_module_types(s, inst))
		return fail_nomem(res);
	*out = inst;
	return 0;
}

/* Step 3: the tags defined here. */
static int new_tags(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
		    struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	/* Each tag defined is a new identity. */
	for (uint32_t i = m->ntag_imports; i < m->ntags; i++) {
		struct wasm_rt_tag *t =
			wasm_rt_store_alloc(s, sizeof(*t), NULL);
		if (!t)
			return fail_nomem(res);
		t->type = inst->types[m->tags[i].type];
		inst->tags[i] = t;
	}
	return 0;
}

/* Step 4: the memories and tables defined here; ERR_RANGE past the
 * store's limits. */
static int new_memories_tables(struct wasm_rt_store *s,
			       struct wasm_rt_instance *inst,
			       struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	int err;

	/* Memories and tables first: functions point at memory 0. */
	for (uint32_t i = 0; i < m->nmemories; i++) {
		if (m->memories[i].import != WASM_NO_IMPORT)
			continue;
		err = wasm_rt_memory_new(s, &m->memories[i].type,
					 &inst->memories[i]);
		if (err == ERR_RANGE) {
			wasm_rt_inst_msg(res, WASM_INST_LIMIT, 0,
					 "memory size exceeds the limit", NULL,
					 NULL);
			return err;
		}
		if (err)
			return fail_nomem(res);
	}
	for (uint32_t i = 0; i < m->ntables; i++) {
		if (m->tables[i].import != WASM_NO_IMPORT)
			continue;
		err = wasm_rt_table_new(s, &m->tables[i].type, 0,
					&inst->tables[i]);
		if (err == ERR_RANGE) {
			wasm_rt_inst_msg(res, WASM_INST_LIMIT, 0,
					 "table size exceeds the limit", NULL,
					 NULL);
			return err;
		}
		if (err)
			return fail_nomem(res);
		inst->tables[i]->heap_type = wasm_rt_heap_functype(
			inst, wasm_table_vt(&m->tables[i].type));
	}
	return 0;
}

/* Step 5: the functions defined here. */
static int new_funcs(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
		     struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	struct wasm_rt_memory *mem0 =
		m->nmemories ? inst->memories[0] : &s->empty_mem;
	/* The functions defined here, in one store object (one allocation
	 * per function was ~100 instructions of each, ~8,000 of a spawn of
	 * hello). */
	uint32_t ndefined = m->nfuncs - m->nfunc_imports, next = 0;
	struct wasm_rt_func *defined =
		ALLOC_ARRAY(s, ndefined, struct wasm_rt_func);
	if (!defined)
		return fail_nomem(res);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		if (m->funcs[i].import != WASM_NO_IMPORT)
			continue;
		if (m->funcs[i].type >= m->ntypes || next >= ndefined)
			return ERR_INVAL;
		struct wasm_rt_func *f = &defined[next++];
		f->type = inst->types[m->funcs[i].type];
		f->inst = inst;
		f->mem = mem0;
		f->ctx = inst->ctx;
		f->index = i;
		inst->funcs[i] = f;
	}
	return 0;
}

/* Step 7: the globals defined here, with their initial values. */
static int new_globals(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
		       struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = 0; i < m->nglobals; i++) {
		if (m->globals[i].import != WASM_NO_IMPORT)
			continue;
		uint64_t v[2];
		if (wasm_rt_eval_const(inst, &m->globals[i].init, v)) {
			wasm_rt_inst_msg(res, WASM_INST_INVALID, 0,
					 "bad global initializer", NULL, NULL);
			return ERR_INVAL;
		}
		struct wasm_rt_global *g =
			wasm_rt_store_alloc(s, sizeof(*g), NULL);
		if (!g)
			return fail_nomem(res);
		g->type = m->globals[i].type;
		g->heap_type = wasm_rt_heap_functype(
			inst, wasm_global_vt(&m->globals[i].type));
		memcpy(g->val.slot, v, 16);
		inst->globals[i] = g;
	}
	return 0;
}

/* Step 8: the element segments' references and the data segments. */
static int new_segments(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
			struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	/* Function bodies are translated on their first call
	 * (wasm_interp_prepare): most functions of a libc program never run. */
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];
		struct wasm_rt_elem_seg *seg = &inst->elems[i];
		seg->refs = ALLOC_ARRAY(s, e->count, wasm_rt_ref);
		if (!seg->refs)
			return fail_nomem(res);
		for (uint32_t k = 0; k < e->count; k++) {
			uint64_t v[2];
			if (wasm_rt_eval_const(inst, &e->init[k], v)) {
				wasm_rt_inst_msg(res, WASM_INST_INVALID, 0,
						 "bad element initializer",
						 NULL, NULL);
				return ERR_INVAL;
			}
			seg->refs[k] = v[0];
		}
		seg->count = e->count;
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		inst->datas[i].bytes = m->datas[i].bytes;
		inst->datas[i].size = m->datas[i].size;
	}
	return 0;
}

/* Step 9: active segments copied into their tables and memories (then
 * dropped), declarative ones dropped; a trap is ERR_RANGE. */
static int init_active_segments(struct wasm_rt_instance *inst,
				struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	/* From here on effects are visible to other instances. */
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];
		struct wasm_rt_elem_seg *seg = &inst->elems[i];
		if (e->mode == WASM_SEG_ACTIVE) {
			uint64_t off[2];
			if (e->table >= m->ntables ||
			    wasm_rt_eval_const(inst, &e->offset, off))
				return ERR_INVAL;
			/* table64: an offset beyond 2^32 - 1 is out of
			 * bounds (tables hold fewer entries). */
			int trap =
				off[0] > UINT32_MAX && m->tables[e->table]
							       .type.limits.is64
					? WASM_TRAP_TABLE_OOB
					: wasm_rt_table_init(
						  inst->tables[e->table], seg,
						  (uint32_t)off[0], 0,
						  seg->count);
			if (trap) {
				wasm_rt_inst_msg(res, WASM_INST_TRAP, trap,
						 wasm_rt_trap_msg(trap), NULL,
						 NULL);
				return ERR_RANGE;
			}
		}
		if (e->mode != WASM_SEG_PASSIVE)
			seg->count = 0;
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct wasm_data *d = &m->datas[i];
		if (d->mode != WASM_SEG_ACTIVE)
			continue;
		uint64_t off[2];
		if (d->memory >= m->nmemories ||
		    wasm_rt_eval_const(inst, &d->offset, off))
			return ERR_INVAL;
		/* An i64 memory's offset is u64 (an i32 one is stored
		 * zero-extended). */
		int trap = wasm_rt_memory_init(
			inst->memories[d->memory], &inst->datas[i],
			m->memories[d->memory].type.limits.is64
				? off[0]
				: (uint32_t)off[0],
			0, inst->datas[i].size);
		if (trap) {
			wasm_rt_inst_msg(res, WASM_INST_TRAP, trap,
					 wasm_rt_trap_msg(trap), NULL, NULL);
			return ERR_RANGE;
		}
		inst->datas[i].size = 0;
	}
	return 0;
}

/*
 * Instantiates validated module m in s (imports through r, code shared
 * through code unless NULL), in the spec's order, and runs its start
 * function; 0 and *out, or a negative error with res filled in.  Effects
 * on shared objects stay after a trap.  The steps: 1 the instance, 2 its
 * imports (instance_link.c), 3 tags, 4 memories and tables, 5 functions,
 * 6 the compiled tier and tables' initial values, 7 globals, 8 segments,
 * 9 active segments (from here effects are visible to other instances),
 * 10 the start function.
 */
static int instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
		       struct wasm_rt_code *code,
		       const struct wasm_rt_resolver *r,
		       struct wasm_rt_inst_result *res,
		       struct wasm_rt_instance **out);

int wasm_rt_instantiate_code(struct wasm_rt_store *s,
			     const struct wasm_module *m,
			     struct wasm_rt_code *code,
			     const struct wasm_rt_resolver *r,
			     struct wasm_rt_inst_result *res,
			     struct wasm_rt_instance **out)
{
	/* No collection while constant expressions hold objects. */
	s->gc_off++;
	int rc = instantiate(s, m, code, r, res, out);
	s->gc_off--;
	return rc;
}

static int instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
		       struct wasm_rt_code *code,
		       const struct wasm_rt_resolver *r,
		       struct wasm_rt_inst_result *res,
		       struct wasm_rt_instance **out)
{
	struct wasm_rt_instance *inst;
	int err;

	if (res) {
		res->error = WASM_INST_OK;
		res->trap = 0;
		res->msg[0] = 0;
	}
	if (!m->validated) {
		wasm_rt_inst_msg(res, WASM_INST_INVALID, 0,
				 "module not validated", NULL, NULL);
		return ERR_INVAL;
	}
	/* The code is translated for one module and one fuel setting. */
	if (code && (code->module != m || code->fuel != (s->cfg.fuel != 0))) {
		wasm_rt_inst_msg(
			res, WASM_INST_INVALID, 0,
			"shared code is for another module or fuel setting",
			NULL, NULL);
		return ERR_INVAL;
	}
	if ((err = new_instance(s, m, code, res, &inst)) ||
	    (err = wasm_rt_link_imports(s, inst, r, res)) ||
	    (err = new_tags(s, inst, res)) ||
	    (err = new_memories_tables(s, inst, res)) ||
	    (err = new_funcs(s, inst, res)))
		return err;
	wasm_rt_jit_attach(s, inst); /* step 6 */
	if ((err = init_tables(inst, res)) ||
	    (err = new_globals(s, inst, res)) ||
	    (err = new_segments(s, inst, res)) ||
	    (err = init_active_segments(inst, res)))
		return err;
	if (m->has_start) {
		if (m->start >= m->nfuncs)
			return ERR_INVAL;
		/* The start function may collect: every object is in a
		 * root by now. */
		s->gc_off--;
		int trap = wasm_rt_call(s, inst->funcs[m->start], NULL, 0, NULL,
					0);
		s->gc_off++;
		if (trap) {
			wasm_rt_inst_msg(res, WASM_INST_TRAP, trap,
					 wasm_rt_trap_msg(trap), NULL, NULL);
			return ERR_RANGE;
		}
	}
	*out = inst;
	return 0;
}

/* wasm_rt_instantiate_code without shared code. */
int wasm_rt_instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
			const struct wasm_rt_resolver *r,
			struct wasm_rt_inst_result *res,
			struct wasm_rt_instance **out)
{
	return wasm_rt_instantiate_code(s, m, NULL, r, res, out);
}
