/*
 * tests/fuzz/fuzz_engine.c - libFuzzer target over the whole engine:
 * decode, validate, instantiate (every import satisfied by a fresh object
 * of the declared type; host functions return zeros) and a bounded run of
 * every exported function (zero arguments, fuel, small call depth and
 * memory limits).  Any crash, sanitizer report or leak is a bug.
 *
 *   make fuzz-engine FUZZ_SECS=600
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tessera-wasm/host_env.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const struct wasm_module *m;
	struct wasm_rt_store *s;
};

static int zero_host(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *args, struct wasm_rt_val *res)
{
	(void)ctx;
	(void)ex;
	(void)args;
	(void)res; /* results are zeroed by the runtime */
	return 0;
}

static int resolve(void *ctx, const struct wasm_name *module,
		   const struct wasm_name *name, uint8_t kind,
		   struct wasm_rt_extern *out)
{
	struct fz *f = ctx;
	const struct wasm_module *m = f->m;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct wasm_import *im = &m->imports[i];
		if (im->kind != kind || im->module.len != module->len ||
		    im->name.len != name->len ||
		    memcmp(im->module.ptr, module->ptr, module->len) ||
		    memcmp(im->name.ptr, name->ptr, name->len))
			continue;
		out->kind = kind;
		switch (kind) {
		case WASM_EXTERN_FUNC: {
			if (im->desc.func_type >= m->ntypes)
				return -1;
			const struct wasm_functype *t =
				&m->types[im->desc.func_type];
			return wasm_rt_host_func_new(
				f->s, t->types, t->nparams,
				t->types + t->nparams, t->nresults, zero_host,
				NULL, "fuzz-host", &out->of.func);
		}
		case WASM_EXTERN_TABLE:
			return wasm_rt_table_new(f->s, &im->desc.table, 0,
						 &out->of.table);
		case WASM_EXTERN_MEMORY:
			return wasm_rt_memory_new(f->s, &im->desc.memory,
						  &out->of.memory);
		case WASM_EXTERN_GLOBAL: {
			struct wasm_rt_val v;
			memset(&v, 0, sizeof(v));
			v.type = im->desc.global.type;
			return wasm_rt_global_new(f->s, &im->desc.global, &v,
						  &out->of.global);
		}
		case WASM_EXTERN_TAG:
			if (im->desc.tag_type >= m->ntypes)
				return -1;
			return wasm_rt_tag_new(
				f->s, m->types[im->desc.tag_type].types,
				m->types[im->desc.tag_type].nparams,
				&out->of.tag);
		}
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wasm_module *m = NULL;
	struct wasm_error err;
	if (wasm_decode(data, data + size, &host_wasm_allocator, &m, &err))
		return 0;
	if (wasm_validate(m, &host_wasm_allocator, &err))
		goto out_mod;
	struct wasm_rt_config cfg = {.max_memory_pages = 64,
				     .max_table_elems = 100000,
				     .max_call_depth = 200,
				     .stack_slots = 1u << 16,
				     .fuel = 20000};
	struct fz f = {.m = m};
	if (wasm_rt_store_new(&host_wasm_allocator, &host_wasm_env, &cfg, &f.s))
		goto out_mod;
	struct wasm_rt_resolver r = {.resolve = resolve, .ctx = &f};
	struct wasm_rt_inst_result ir;
	struct wasm_rt_instance *inst;
	if (wasm_rt_instantiate(f.s, m, &r, &ir, &inst) == 0) {
		struct wasm_rt_val args[16], res[16];
		for (uint32_t i = 0; i < m->nexports; i++) {
			const struct wasm_export *e = &m->exports[i];
			struct wasm_rt_extern ext;
			if (e->kind != WASM_EXTERN_FUNC ||
			    wasm_rt_instance_export(inst, e->name.ptr,
						    e->name.len, &ext))
				continue;
			const struct wasm_rt_functype *t =
				wasm_rt_func_type(ext.of.func);
			if (t->nparams > 16 || t->nresults > 16)
				continue;
			memset(args, 0, sizeof(args));
			for (uint32_t k = 0; k < t->nparams; k++)
				args[k].type = wasm_rt_functype_val_type(t, k);
			wasm_rt_call(f.s, ext.of.func, args, t->nparams, res,
				     t->nresults);
		}
	}
	wasm_rt_store_free(f.s);
out_mod:
	wasm_module_free(m, &host_wasm_allocator);
	return 0;
}
