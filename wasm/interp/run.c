/*
 * wasm/interp/run.c - entering and leaving the handlers: the interpreter's
 * entry (which keeps a frame record, see docs/wasm-engine.md: the handlers
 * in exec.c and ops_gen.c are built without) and calls out to host
 * functions.
 */
#include "wasm/interp/interp.h"

/*
 * Calls host function f with its arguments in the slots at fp (results
 * written back there); returns WASM_TRAP_NONE, the host function's trap,
 * or WASM_TRAP_OUT_OF_MEMORY when the value arrays (over 8 values) cannot
 * be allocated.
 */
int wasm_interp_call_host(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			  union wasm_slot *fp)
{
	const struct wasm_rt_functype *t = f->type;
	struct wasm_rt_val small_args[8], small_res[8];
	struct wasm_rt_val *args = small_args, *res = small_res;
	const struct wasm_allocator *a = &ex->store->a;
	int trap = WASM_TRAP_NONE;
	/* f may re-enter wasm, which may move the stack: indices. */
	size_t fp_i = (size_t)(fp - ex->stack);
	size_t sp_i = (size_t)(ex->sp - ex->stack);
	size_t asz = sizeof(*args) * t->nparams;
	size_t rsz = sizeof(*res) * t->nresults;
	uint32_t s = 0;

	if (t->nparams > 8)
		args = wasm_alloc(a, asz);
	if (t->nresults > 8)
		res = wasm_alloc(a, rsz);
	if (!args || !res) {
		trap = WASM_TRAP_OUT_OF_MEMORY;
		goto out;
	}
	for (uint32_t i = 0; i < t->nparams; i++) {
		args[i].type = t->types[i];
		if (t->types[i] == WASM_V128) {
			__builtin_memcpy(args[i].of.v128, fp + s, 16);
			s += 2;
		} else {
			args[i].of.i64 = fp[s++].i64;
		}
	}
	/* Not memset: the kernel's is a call and a loop set-up (-fno-builtin)
	 * for what is one or two values. */
	for (uint32_t i = 0; i < t->nresults; i++)
		res[i] = (struct wasm_rt_val){0};
	s = t->param_slots > t->result_slots ? t->param_slots : t->result_slots;
	ex->sp = fp + s;
	trap = f->host(f->host_ctx, ex, args, res);
	ex->sp = ex->stack + sp_i;
	fp = ex->stack + fp_i;
	if (trap)
		goto out;
	s = 0;
	for (uint32_t i = 0; i < t->nresults; i++) {
		uint8_t ty = t->types[t->nparams + i];
		if (ty == WASM_V128) {
			__builtin_memcpy(fp + s, res[i].of.v128, 16);
			s += 2;
		} else if (ty == WASM_I32 || ty == WASM_F32) {
			fp[s].i64 = 0;
			fp[s++].i32 = res[i].of.i32;
		} else {
			fp[s++].i64 = res[i].of.i64;
		}
	}
out:
	if (args && args != small_args)
		wasm_free(a, args, asz);
	if (res && res != small_res)
		wasm_free(a, res, rsz);
	return trap;
}

/*
 * Runs code from ip with frame fp until the frame stack unwinds to the
 * exit stub; returns WASM_TRAP_NONE or the trap kind.
 */
int wasm_interp_run(struct wasm_rt_exec *ex, const union wasm_cell *ip,
		    union wasm_slot *fp)
{
	const struct wasm_rt_func *f = ex->frames[ex->depth - 1].func;
	struct wasm_rt_memory *m = f->mem;
	ex->trap = WASM_TRAP_NONE;
	ex->ctx = f->ctx;
#ifdef WASM_TAILCALL
	ip->fn(ip, fp, ex, m->base, m->size,
	       ex->fuel_left WASM_CX_ARG(ex->ctx));
#else
	ex->fp = fp;
	ex->mem = m->base;
	ex->msize = m->size;
	while (ip)
		ip = ip->fn(ip, ex->fp, ex, ex->mem, ex->msize,
			    ex->fuel_left WASM_CX_ARG(ex->ctx));
#endif
	return ex->trap;
}

/*
 * Slow path of a fuel tick (op_fuel, op_call_fuel): the grant is used up.  The
 * limit is read atomically: wasm_rt_store_interrupt() sets it to 0 from any
 * thread, and the next poll, at most WASM_INTERP_FUEL_BATCH ticks later,
 * sees it.
 */
int wasm_interp_fuel_poll(struct wasm_rt_exec *ex)
{
	uint64_t used = ex->fuel_used + (uint64_t)ex->fuel_grant + 1;
	uint64_t limit = __atomic_load_n(&ex->fuel, __ATOMIC_SEQ_CST);
	if (used >= limit) {
		/* Nothing of this tick was granted. */
		ex->fuel_used = used - 1;
		ex->fuel_grant = ex->fuel_left = 0;
		return __atomic_load_n(&ex->interrupt, __ATOMIC_SEQ_CST)
			       ? WASM_TRAP_INTERRUPTED
			       : WASM_TRAP_OUT_OF_FUEL;
	}
	/* Ticks used + 1 .. limit - 1 may run. */
	uint64_t left = limit - used - 1;
	ex->fuel_used = used;
	ex->fuel_grant = ex->fuel_left = left < WASM_INTERP_FUEL_BATCH
						 ? (int64_t)left
						 : WASM_INTERP_FUEL_BATCH;
	return WASM_TRAP_NONE;
}
