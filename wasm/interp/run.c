/*
 * wasm/interp/run.c - entering and leaving the handlers: the interpreter's
 * entry (which keeps a frame record, see docs/wasm-engine.md: the handlers
 * in exec*.c and ops_gen.c are built without) and calls out to host
 * functions.
 */
#include "wasm/interp/interp.h"

/* Unpacks f's arguments from the slots at in into args, typed. */
static inline void host_args(const struct wasm_rt_functype *t,
			     const union wasm_slot *in,
			     struct wasm_rt_val *args)
{
	/* Locals: stores to args[i].type (a byte) may alias anything, and
	 * the loop would reload t's fields after each. */
	const uint8_t *types = t->types;
	uint32_t n = t->nparams;
	if (t->param_slots == n) { /* no v128: one slot each */
		for (uint32_t i = 0; i < n; i++) {
			uint64_t v = in[i].i64;
			args[i].type = types[i];
			args[i].of.i64 = v;
		}
		return;
	}
	for (uint32_t i = 0, k = 0; i < n; i++) {
		args[i].type = types[i];
		if (types[i] == WASM_V128) {
			__builtin_memcpy(args[i].of.v128, in + k, 16);
			k += 2;
		} else {
			args[i].of.i64 = in[k++].i64;
		}
	}
}

/* Packs the results res into the slots at out (an i32 or f32 zero-extended
 * to its slot). */
static inline void host_results(const struct wasm_rt_functype *t,
				const struct wasm_rt_val *res,
				union wasm_slot *out)
{
	const uint8_t *types = t->types + t->nparams;
	uint32_t n = t->nresults;
	for (uint32_t i = 0, k = 0; i < n; i++) {
		uint8_t ty = types[i];
		if (ty == WASM_V128) {
			__builtin_memcpy(out + k, res[i].of.v128, 16);
			k += 2;
		} else if (ty == WASM_I32 || ty == WASM_F32) {
			out[k++].i64 = res[i].of.i32;
		} else {
			out[k++].i64 = res[i].of.i64;
		}
	}
}

/* Where a host call's arguments are: in the operand stack (on_stack: the
 * host's re-entrant calls start above them, and they are found again by
 * index after the call, the stack may have moved), or in the caller's own
 * array (the stack is left as it is). */
struct host_frame {
	union wasm_slot *fp;
	size_t fp_i, sp_i;
	bool on_stack;
};

/* Calls f with args and res (room for its values, res zeroed) and writes
 * its results to the slots at hf->fp. */
static int host_invoke(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		       struct host_frame *hf, struct wasm_rt_val *args,
		       struct wasm_rt_val *res)
{
	const struct wasm_rt_functype *t = f->type;
	host_args(t, hf->fp, args);
	/* Not memset: the kernel's is a call and a loop set-up (-fno-builtin)
	 * for what is one or two values. */
	for (uint32_t i = 0; i < t->nresults; i++)
		res[i] = (struct wasm_rt_val){.type = t->types[t->nparams + i]};
	/* The arguments and results are GC roots while f runs (it may hold
	 * them across a call back into WebAssembly); so is every scope f
	 * pushes, popped for it here. */
	struct wasm_rt_store *st = ex->store;
	struct wasm_rt_roots *outer = st->roots, ra, rr;
	wasm_rt_roots_push(st, &ra, args, t->nparams);
	wasm_rt_roots_push(st, &rr, res, t->nresults);
	int trap = f->host(f->host_ctx, ex, args, res);
	st->roots = outer;
	if (hf->on_stack) {
		ex->sp = ex->stack + hf->sp_i;
		hf->fp = ex->stack + hf->fp_i;
	}
	if (!trap)
		host_results(t, res, hf->fp);
	return trap;
}

/* host_invoke with value arrays allocated: over 8 parameters or results. */
static __attribute__((noinline)) int host_invoke_big(struct wasm_rt_exec *ex,
						     struct wasm_rt_func *f,
						     struct host_frame *hf)
{
	const struct wasm_rt_functype *t = f->type;
	const struct wasm_allocator *a = &ex->store->a;
	size_t asz = sizeof(struct wasm_rt_val) * t->nparams;
	size_t rsz = sizeof(struct wasm_rt_val) * t->nresults;
	struct wasm_rt_val small[8];
	struct wasm_rt_val *args = t->nparams > 8 ? wasm_alloc(a, asz) : small;
	struct wasm_rt_val *res = t->nresults > 8 ? wasm_alloc(a, rsz) : small;
	int trap = WASM_TRAP_OUT_OF_MEMORY;
	if (args && res)
		trap = host_invoke(ex, f, hf, args, res);
	else if (hf->on_stack)
		ex->sp = ex->stack + hf->sp_i;
	if (args && args != small)
		wasm_free(a, args, asz);
	if (res && res != small)
		wasm_free(a, res, rsz);
	return trap;
}

/* A slot-form host function (runtime.h): called on the caller's own
 * array as it is; arguments in the operand stack are copied to the
 * C stack first, since the stack may move should the function re-enter
 * wasm. */
static int host_invoke_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			     struct host_frame *hf)
{
	/* Its values are numbers (wasm_rt_host_func_new_slots): no roots of
	 * its own, but the scopes it leaves pushed are popped here too. */
	struct wasm_rt_store *st = ex->store;
	struct wasm_rt_roots *outer = st->roots;
	int trap;
	if (!hf->on_stack) {
		trap = f->host_slots(f->host_ctx, ex, &hf->fp->i64);
		st->roots = outer;
		return trap;
	}
	const struct wasm_rt_functype *t = f->type;
	uint64_t slots[WASM_RT_HOST_SLOTS_MAX];
	for (uint32_t i = 0; i < t->param_slots; i++)
		slots[i] = hf->fp[i].i64;
	trap = f->host_slots(f->host_ctx, ex, slots);
	st->roots = outer;
	ex->sp = ex->stack + hf->sp_i;
	union wasm_slot *fp = ex->stack + hf->fp_i;
	if (!trap)
		for (uint32_t i = 0; i < t->result_slots; i++)
			fp[i].i64 = slots[i];
	return trap;
}

/* Calls host function f with its arguments in the slots at fp, results
 * written back there. */
static inline __attribute__((always_inline)) int
call_host(struct wasm_rt_exec *ex, struct wasm_rt_func *f, union wasm_slot *fp,
	  bool on_stack)
{
	const struct wasm_rt_functype *t = f->type;
	struct host_frame hf = {.fp = fp, .on_stack = on_stack};
	if (on_stack) {
		hf.fp_i = (size_t)(fp - ex->stack);
		hf.sp_i = (size_t)(ex->sp - ex->stack);
		uint32_t s = t->param_slots > t->result_slots ? t->param_slots
							      : t->result_slots;
		ex->sp = fp + s;
	}
	if (f->host_slots)
		return host_invoke_slots(ex, f, &hf);
	if (__builtin_expect(t->nparams > 8 || t->nresults > 8, 0))
		return host_invoke_big(ex, f, &hf);
	struct wasm_rt_val args[8], res[8];
	return host_invoke(ex, f, &hf, args, res);
}

/*
 * Calls host function f with its arguments in the slots at fp, in ex's
 * operand stack (results written back there); returns WASM_TRAP_NONE,
 * the host function's trap, or WASM_TRAP_OUT_OF_MEMORY when the value
 * arrays (over 8 values) cannot be allocated.
 */
int wasm_interp_call_host(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			  union wasm_slot *fp)
{
	return call_host(ex, f, fp, true);
}

/*
 * The same with the arguments in slots, an array of the caller's outside
 * the operand stack (compiled code's helper slots: no copy to the stack
 * and back).
 */
int wasm_interp_call_host_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
				union wasm_slot *slots)
{
	return call_host(ex, f, slots, false);
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
