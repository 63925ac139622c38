/*
 * tests/jit-diff/side.c - a module instantiated with one tier, its log
 * imports recorded (side.h).
 */
#include "tests/jit-diff/side.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/jit/jit_env.h"
#include "tools/tessera-wasm/host_env.h"

static const char *const log_names[DIFF_NLOGS] = {
	"log-i32", "log-i64", "log-f32", "log-f64", "log-v128"};
static const uint8_t log_types[DIFF_NLOGS] = {WASM_I32, WASM_I64, WASM_F32,
					      WASM_F64, WASM_V128};

#define HANG_INIT "hangLimitInitializer"

static int h_log(void *ctx, struct wasm_rt_exec *ex,
		 const struct wasm_rt_val *args, struct wasm_rt_val *results)
{
	struct diff_side *d = ctx;
	(void)ex;
	(void)results;
	if (d->nlog == d->log_cap) {
		size_t cap = d->log_cap ? d->log_cap * 2 : 64;
		struct wasm_rt_val *l = realloc(d->log, cap * sizeof(*l));
		if (!l)
			return WASM_TRAP_OUT_OF_MEMORY;
		d->log = l;
		d->log_cap = cap;
	}
	d->log[d->nlog++] = args[0];
	return 0;
}

static bool name_is(const struct wasm_name *n, const char *s)
{
	return strlen(s) == n->len && memcmp(n->ptr, s, n->len) == 0;
}

static int resolve(void *ctx, const struct wasm_name *module,
		   const struct wasm_name *name, uint8_t kind,
		   struct wasm_rt_extern *out)
{
	struct diff_side *d = ctx;
	if (kind != WASM_EXTERN_FUNC || !name_is(module, "fuzzing-support"))
		return -1;
	for (int i = 0; i < DIFF_NLOGS; i++)
		if (name_is(name, log_names[i])) {
			out->kind = WASM_EXTERN_FUNC;
			out->of.func = d->logf[i];
			return 0;
		}
	return -1;
}

void diff_side_new(struct diff_side *d, enum host_tier t,
		   const struct wasm_module *m, struct wasm_rt_inst_result *ir)
{
	struct wasm_rt_config cfg = {.max_call_depth = 10000};
	memset(d, 0, sizeof(*d));
	memset(ir, 0, sizeof(*ir));
	d->mod = m;
	host_tier_configure(t, &cfg);
	/* The compiler's side maps code and gets its faults (one such store
	 * at a time: the fault handler knows one). */
	d->compiled = t == HOST_TIER_JIT;
	if (wasm_rt_store_new(&host_wasm_allocator, jit_env_ops(d->compiled),
			      &cfg, &d->s))
		goto nomem;
	if (d->compiled)
		jit_env_attach(d->s);
	for (int i = 0; i < DIFF_NLOGS; i++)
		if (wasm_rt_host_func_new(d->s, &log_types[i], 1, NULL, 0,
					  h_log, d, log_names[i], &d->logf[i]))
			goto nomem;
	struct wasm_rt_resolver res = {.resolve = resolve, .ctx = d};
	if (wasm_rt_instantiate(d->s, m, &res, ir, &d->inst)) {
		d->inst = NULL;
		return;
	}
	struct wasm_rt_extern e;
	if (!wasm_rt_instance_export(d->inst, HANG_INIT, strlen(HANG_INIT),
				     &e) &&
	    e.kind == WASM_EXTERN_FUNC)
		d->hang_init = e.of.func;
	return;
nomem:
	ir->error = WASM_INST_NOMEM;
	snprintf(ir->msg, sizeof(ir->msg), "out of memory");
}

void diff_side_free(struct diff_side *d)
{
	if (d->compiled)
		jit_env_attach(NULL);
	wasm_rt_store_free(d->s);
	free(d->log);
	memset(d, 0, sizeof(*d));
}

void diff_side_reset_hang(struct diff_side *d)
{
	struct wasm_rt_val none;
	if (d->hang_init && wasm_rt_func_type(d->hang_init)->nparams == 0 &&
	    wasm_rt_func_type(d->hang_init)->nresults == 0)
		wasm_rt_call(d->s, d->hang_init, NULL, 0, &none, 0);
}

int diff_side_call(struct diff_side *d, const struct wasm_export *e,
		   const struct wasm_rt_val *args, uint32_t nargs,
		   struct wasm_rt_val *res, uint32_t nres)
{
	struct wasm_rt_extern x;
	if (wasm_rt_instance_export(d->inst, e->name.ptr, e->name.len, &x) ||
	    x.kind != WASM_EXTERN_FUNC)
		return -1;
	return wasm_rt_call(d->s, x.of.func, args, nargs, res, nres);
}

bool diff_is_hang_init(const struct wasm_export *e)
{
	return name_is(&e->name, HANG_INIT);
}

void diff_global_value(const struct wasm_rt_global *g, struct wasm_rt_val *v)
{
	memset(v, 0, sizeof(*v));
	v->type = g->type.type;
	memcpy(&v->of, &g->val,
	       sizeof(v->of) < sizeof(g->val) ? sizeof(v->of) : sizeof(g->val));
	if (v->type == WASM_I32 || v->type == WASM_F32)
		v->of.i64 &= 0xffffffffu;
}
