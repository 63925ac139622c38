/*
 * wasm/runtime/instance_link.c - the linker: resolving a module's imports
 * through the embedder's resolver, with the spec's type and limits checks
 * (instance.c instantiates).
 */
#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

/* An import of type want matches an object of current size cur and
 * declared limits have: the same index type (memory64, table64), cur at
 * least want's minimum, a maximum within want's. */
static bool limits_match(uint64_t cur, const struct wasm_limits *have,
			 const struct wasm_limits *want)
{
	if (have->is64 != want->is64 || cur < wasm_limits_min(want))
		return false;
	if (want->has_max &&
	    (!have->has_max || wasm_limits_max(have) > wasm_limits_max(want)))
		return false;
	return true;
}

/* An imported table's element type must be the import's (both ways). */
static bool table_type_match(const struct wasm_rt_instance *inst,
			     const struct wasm_rt_table *t,
			     const struct wasm_tabletype *want)
{
	wasm_vt a = wasm_table_vt(&t->type), b = wasm_table_vt(want);
	const struct wasm_rt_functype *fb = wasm_rt_heap_functype(inst, b);
	return wasm_rt_vt_match(a, t->heap_type, b, fb) &&
	       wasm_rt_vt_match(b, fb, a, t->heap_type);
}

/* An imported global: the same mutability; a mutable one the same type,
 * an immutable one a subtype of the import's. */
static bool global_type_match(const struct wasm_rt_instance *inst,
			      const struct wasm_rt_global *g,
			      const struct wasm_globaltype *want)
{
	wasm_vt a = wasm_global_vt(&g->type), b = wasm_global_vt(want);
	const struct wasm_rt_functype *fb = wasm_rt_heap_functype(inst, b);
	if (g->type.mut != want->mut ||
	    !wasm_rt_vt_match(a, g->heap_type, b, fb))
		return false;
	return !want->mut || wasm_rt_vt_match(b, fb, a, g->heap_type);
}

/* See internal.h. */
int wasm_rt_link_imports(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
			 const struct wasm_rt_resolver *r,
			 struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct wasm_import *im = &m->imports[i];
		struct wasm_rt_extern ext;
		if (!r || (r->resolve_index
				   ? r->resolve_index(r->ctx, m, i, &ext)
				   : r->resolve(r->ctx, &im->module, &im->name,
						im->kind, &ext))) {
			wasm_rt_inst_msg(res, WASM_INST_UNLINKABLE, 0,
					 "unknown import", &im->module,
					 &im->name);
			return ERR_NOTFOUND;
		}
		bool ok = ext.kind == im->kind;
		switch (ok ? im->kind : 0xff) {
		case WASM_EXTERN_FUNC:
			ok = ext.of.func && im->desc.func_type < m->ntypes &&
			     wasm_rt_rtt_sub(ext.of.func->type,
					     inst->types[im->desc.func_type]);
			if (ok)
				inst->funcs[im->index] = ext.of.func;
			break;
		case WASM_EXTERN_TABLE: {
			const struct wasm_rt_table *t = ext.of.table;
			ok = t && table_type_match(inst, t, &im->desc.table) &&
			     limits_match(t->size, &t->type.limits,
					  &im->desc.table.limits);
			if (ok)
				inst->tables[im->index] = ext.of.table;
			break;
		}
		case WASM_EXTERN_MEMORY: {
			const struct wasm_rt_memory *mm = ext.of.memory;
			ok = mm && limits_match(mm->pages, &mm->type.limits,
						&im->desc.memory.limits);
			if (ok)
				inst->memories[im->index] = ext.of.memory;
			break;
		}
		case WASM_EXTERN_GLOBAL: {
			const struct wasm_rt_global *g = ext.of.global;
			ok = g && global_type_match(inst, g, &im->desc.global);
			if (ok)
				inst->globals[im->index] = ext.of.global;
			break;
		}
		case WASM_EXTERN_TAG:
			/* Tags match by type (interned: pointers). */
			ok = ext.of.tag && im->desc.tag_type < m->ntypes &&
			     ext.of.tag->type == inst->types[im->desc.tag_type];
			if (ok)
				inst->tags[im->index] = ext.of.tag;
			break;
		default:
			ok = false;
		}
		if (!ok) {
			wasm_rt_inst_msg(res, WASM_INST_UNLINKABLE, 0,
					 "incompatible import type",
					 &im->module, &im->name);
			return ERR_INVAL;
		}
	}
	return 0;
}
