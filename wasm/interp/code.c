/*
 * wasm/interp/code.c - translated code shared by the instances of one
 * module (runtime.h, wasm_rt_code_new).  Translated code refers to the
 * running instance's objects through its context register (interp.h), so
 * a translation made in one instance runs in every other; translate.c
 * makes and publishes them (translate_shared), this file owns the table.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"

/*
 * A table of m->nfuncs empty slots (imports keep theirs empty).  Returns
 * 0 or ERR_NOMEM.
 */
int wasm_rt_code_new(const struct wasm_module *m,
		     const struct wasm_allocator *a, bool fuel,
		     struct wasm_rt_code **out)
{
	struct wasm_rt_code *c = wasm_alloc(a, sizeof(*c));
	if (!c)
		return ERR_NOMEM;
	size_t tab = (size_t)m->nfuncs * sizeof(*c->fns) + 1;
	c->fns = wasm_alloc(a, tab);
	if (!c->fns) {
		wasm_free(a, c, sizeof(*c));
		return ERR_NOMEM;
	}
	memset(c->fns, 0, tab);
	c->module = m;
	c->a = *a;
	c->fuel = fuel;
	c->bytes = sizeof(*c) + tab;
	c->jit = NULL;
	c->types = NULL;
	*out = c;
	return 0;
}

/* Frees every published translation, the table and c. */
void wasm_rt_code_free(struct wasm_rt_code *c)
{
	if (!c)
		return;
	struct wasm_allocator a = c->a;
	wasm_rt_jit_code_free(c);
	wasm_rt_code_types_free(c);
	for (uint32_t i = 0; i < c->module->nfuncs; i++) {
		struct wasm_interp_code *r = c->fns[i];
		if (r)
			wasm_free(&a, r, wasm_interp_code_bytes(r));
	}
	wasm_free(&a, c->fns, (size_t)c->module->nfuncs * sizeof(*c->fns) + 1);
	wasm_free(&a, c, sizeof(*c));
}

/* The bytes c holds now (read atomically: translations may be added). */
uint64_t wasm_rt_code_bytes(const struct wasm_rt_code *c)
{
	return __atomic_load_n(&c->bytes, __ATOMIC_RELAXED);
}
