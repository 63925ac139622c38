/*
 * wasm/spec/spec_link.c - what a script's modules link against: the
 * `spectest` module of the spec interpreter (print functions that do
 * nothing, four globals of 666, a table of 10..20 funcrefs, a memory of
 * 1..2 pages) and the instances a script registered, by name; the runner's
 * lists of names.
 */
#include <string.h>

#include "wasm/spec/spec_internal.h"

static int h_print(void *ctx, struct wasm_rt_exec *ex,
		   const struct wasm_rt_val *args, struct wasm_rt_val *results)
{
	(void)ctx;
	(void)ex;
	(void)args;
	(void)results;
	return 0;
}

static struct wasm_rt_extern *add_def(struct wasm_spec_spectest *st,
				      const char *name, uint8_t kind)
{
	st->defs[st->n].name = name;
	st->defs[st->n].ext.kind = kind;
	return &st->defs[st->n++].ext;
}

static err_t add_print(struct wasm_spec_run *r, const char *name,
		       const uint8_t *params, uint32_t np)
{
	struct wasm_rt_func *f;
	if (wasm_rt_host_func_new(r->store, params, np, NULL, 0, h_print, NULL,
				  name, &f))
		return ERR_NOMEM;
	add_def(&r->spectest, name, WASM_EXTERN_FUNC)->of.func = f;
	return ERR_OK;
}

static err_t add_global(struct wasm_spec_run *r, const char *name, uint8_t type,
			uint64_t bits)
{
	struct wasm_globaltype gt = {.type = type, .mut = false};
	struct wasm_rt_val v = {.type = type};
	struct wasm_rt_global *g;
	v.of.i64 = bits;
	if (wasm_rt_global_new(r->store, &gt, &v, &g))
		return ERR_NOMEM;
	add_def(&r->spectest, name, WASM_EXTERN_GLOBAL)->of.global = g;
	return ERR_OK;
}

static err_t add_table_memory(struct wasm_spec_run *r)
{
	struct wasm_tabletype tt = {
		.elem = WASM_FUNCREF,
		.limits = {.min = 10, .max = 20, .has_max = true}};
	struct wasm_memtype mt = {
		.limits = {.min = 1, .max = 2, .has_max = true}};
	struct wasm_rt_table *t;
	struct wasm_rt_memory *m;
	if (wasm_rt_table_new(r->store, &tt, 0, &t) ||
	    wasm_rt_memory_new(r->store, &mt, &m))
		return ERR_NOMEM;
	add_def(&r->spectest, "table", WASM_EXTERN_TABLE)->of.table = t;
	add_def(&r->spectest, "memory", WASM_EXTERN_MEMORY)->of.memory = m;
	/* table64: the same with an i64 index type (table.wast). */
	tt.limits.is64 = true;
	tt.limits.min64 = 10;
	tt.limits.max64 = 20;
	if (wasm_rt_table_new(r->store, &tt, 0, &t))
		return ERR_NOMEM;
	add_def(&r->spectest, "table64", WASM_EXTERN_TABLE)->of.table = t;
	return ERR_OK;
}

/* See spec_internal.h. */
err_t wasm_spec_spectest_new(struct wasm_spec_run *r)
{
	static const uint8_t i32[] = {WASM_I32}, i64[] = {WASM_I64},
			     f32[] = {WASM_F32}, f64[] = {WASM_F64},
			     i32f32[] = {WASM_I32, WASM_F32},
			     f64f64[] = {WASM_F64, WASM_F64};
	r->spectest.n = 0;
	if (add_print(r, "print", NULL, 0) ||
	    add_print(r, "print_i32", i32, 1) ||
	    add_print(r, "print_i64", i64, 1) ||
	    add_print(r, "print_f32", f32, 1) ||
	    add_print(r, "print_f64", f64, 1) ||
	    add_print(r, "print_i32_f32", i32f32, 2) ||
	    add_print(r, "print_f64_f64", f64f64, 2) ||
	    add_global(r, "global_i32", WASM_I32, 666) ||
	    add_global(r, "global_i64", WASM_I64, 666) ||
	    add_global(r, "global_f32", WASM_F32, 0x4426a666u) || /* 666.6 */
	    add_global(r, "global_f64", WASM_F64, 0x4084d4cccccccccdull))
		return ERR_NOMEM;
	return add_table_memory(r);
}

static bool name_eq(const struct wasm_name *n, const char *s, size_t len)
{
	return len == n->len && memcmp(s, n->ptr, n->len) == 0;
}

/* See spec_internal.h. */
int wasm_spec_resolve(void *ctx, const struct wasm_name *module,
		      const struct wasm_name *name, uint8_t kind,
		      struct wasm_rt_extern *out)
{
	struct wasm_spec_run *r = ctx;
	(void)kind;
	if (name_eq(module, "spectest", 8)) {
		for (size_t i = 0; i < r->spectest.n; i++) {
			const char *s = r->spectest.defs[i].name;
			if (name_eq(name, s, strlen(s))) {
				*out = r->spectest.defs[i].ext;
				return 0;
			}
		}
		return -1;
	}
	for (size_t i = r->regs.n; i > 0; i--) {
		struct wasm_spec_named *n = &r->regs.v[i - 1];
		if (name_eq(module, n->name, n->len))
			return wasm_rt_instance_export(n->inst, name->ptr,
						       name->len, out);
	}
	return -1;
}

/* See spec_internal.h. */
bool wasm_spec_name_add(struct wasm_spec_run *r, struct wasm_spec_names *l,
			const char *name, size_t len,
			struct wasm_rt_instance *inst)
{
	const struct wasm_allocator *a = r->o->alloc;
	if (!wasm_grow_array(a, &l->v, &l->cap, sizeof(*l->v), l->n + 1, 16))
		return false;
	char *s = wasm_alloc(a, len + 1);
	if (!s)
		return false;
	memcpy(s, name, len);
	s[len] = 0;
	l->v[l->n++] = (struct wasm_spec_named){s, len, inst};
	return true;
}

/* See spec_internal.h. */
struct wasm_spec_named *wasm_spec_name_find(const struct wasm_spec_names *l,
					    const char *name)
{
	for (size_t i = l->n; i > 0; i--)
		if (strcmp(l->v[i - 1].name, name) == 0)
			return &l->v[i - 1];
	return NULL;
}

/* See spec_internal.h. */
void wasm_spec_names_free(struct wasm_spec_run *r, struct wasm_spec_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		wasm_free(r->o->alloc, l->v[i].name, l->v[i].len + 1);
	wasm_free(r->o->alloc, l->v, l->cap * sizeof(*l->v));
	*l = (struct wasm_spec_names){0};
}
