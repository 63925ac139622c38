/*
 * wasm/runtime/entry.c - calls into WebAssembly: entries (wasm_rt_call and
 * the slot form for host bridges), fuel and interrupts, argument and
 * result values, backtraces and the execution context's accessors.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/runtime/internal.h"

/* The type of f. */
const struct wasm_rt_functype *wasm_rt_func_type(const struct wasm_rt_func *f)
{
	return f->type;
}

/* See runtime.h. */
struct wasm_rt_instance *wasm_rt_func_instance(const struct wasm_rt_func *f)
{
	return f->inst;
}

void wasm_rt_exec_backtrace(struct wasm_rt_exec *ex)
{
	struct wasm_rt_store *s = ex->store;
	if (s->bt_taken)
		return;
	s->bt_taken = true;
	ex->nbacktrace = 0;
	for (uint32_t d = ex->depth;
	     d > 1 && ex->nbacktrace < WASM_RT_BACKTRACE_MAX; d--)
		ex->backtrace[ex->nbacktrace++] = ex->frames[d - 1].func;
}

/*
 * Asks code running in s to stop (sticky); only atomic stores, so any
 * thread or handler may call it.
 */
void wasm_rt_store_interrupt(struct wasm_rt_store *s)
{
	/* The flag first, then the limit: an entry that refills the limit
	 * re-reads the flag afterwards (see start_fuel), so one of the two
	 * sees the other. */
	__atomic_store_n(&s->ex.interrupt, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&s->ex.fuel, 0, __ATOMIC_SEQ_CST);
}

/* Clears an interrupt request; call when no code runs in s. */
void wasm_rt_store_clear_interrupt(struct wasm_rt_store *s)
{
	__atomic_store_n(&s->ex.interrupt, 0, __ATOMIC_SEQ_CST);
}

/* True while an interrupt request is pending. */
bool wasm_rt_store_interrupted(const struct wasm_rt_store *s)
{
	return __atomic_load_n(&s->ex.interrupt, __ATOMIC_SEQ_CST) != 0;
}

/* An outermost entry refills the fuel; returns WASM_TRAP_INTERRUPTED when
 * an interrupt is pending (set before or during the refill). */
static int start_fuel(struct wasm_rt_store *s, struct wasm_rt_exec *ex)
{
	ex->fuel_used = 0;
	ex->fuel_grant = ex->fuel_left = 0; /* the first tick polls */
	__atomic_store_n(&ex->fuel, s->cfg.fuel, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&ex->interrupt, __ATOMIC_SEQ_CST))
		return WASM_TRAP_INTERRUPTED;
	return WASM_TRAP_NONE;
}

/* Writes the n values vals of t's params or results from index first
 * (t->types[first..]) into the slots from base: how arguments, results
 * and exception values lie in frames. */
void wasm_rt_vals_put(union wasm_slot *base, const struct wasm_rt_functype *t,
		      uint32_t first, const struct wasm_rt_val *vals,
		      uint32_t n)
{
	const uint8_t *types = t->types + first;
	uint32_t sl = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (types[i] == WASM_V128) {
			memcpy(base + sl, vals[i].of.v128, 16);
			sl += 2;
		} else if (types[i] == WASM_I32 || types[i] == WASM_F32) {
			base[sl].i64 = 0;
			base[sl++].i32 = vals[i].of.i32;
		} else {
			base[sl++].i64 = vals[i].of.i64;
		}
	}
}

/* Reads n values of t's params or results from index first from the
 * slots from base into vals (typed with the embedder's types). */
void wasm_rt_vals_get(const union wasm_slot *base,
		      const struct wasm_rt_functype *t, uint32_t first,
		      struct wasm_rt_val *vals, uint32_t n)
{
	uint32_t sl = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t ty = t->types[first + i];
		vals[i].type = wasm_rt_functype_val_type(t, first + i);
		memset(&vals[i].of, 0, sizeof(vals[i].of));
		if (ty == WASM_V128) {
			memcpy(vals[i].of.v128, base + sl, 16);
			sl += 2;
		} else if (ty == WASM_I32 || ty == WASM_F32) {
			vals[i].of.i32 = base[sl++].i32;
		} else {
			vals[i].of.i64 = base[sl++].i64;
		}
	}
}

/*
 * Runs f with its arguments at base (a host function in its caller's
 * frame, a wasm function in a new frame returning to the exit stub);
 * 0 or a trap kind, with the backtrace recorded and the depth back at
 * entry_depth.
 */
static int run_entry(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		     union wasm_slot *base, uint32_t entry_depth)
{
	int trap;
	if (f->host) {
		ex->depth++;
		ex->frames[ex->depth - 1].func = f;
		ex->frames[ex->depth - 1].ret_ip = NULL;
		ex->frames[ex->depth - 1].fp = NULL;
		/* The host sees the caller's memory: the frame below. */
		ex->depth--;
		trap = wasm_interp_call_host(ex, f, base);
		if (trap) {
			ex->depth++;
			wasm_rt_exec_backtrace(ex);
			ex->depth--;
		}
		return trap;
	}
	if (f->jit_code)
		return wasm_rt_jit_run(ex, f, base, entry_depth);
	struct wasm_rt_frame *fr = &ex->frames[ex->depth++];
	fr->ret_ip = wasm_interp_exit_stub();
	fr->fp = base;
	fr->func = f;
	if (f->nlocal_slots)
		memset(base + f->nparam_slots, 0,
		       (size_t)f->nlocal_slots * sizeof(*base));
	trap = wasm_interp_run(ex, f->code, base);
	if (trap) {
		wasm_rt_exec_backtrace(ex);
		ex->depth = entry_depth;
	}
	return trap;
}

/*
 * Calls f with nargs typed args (ERR_INVAL on a type mismatch) and stores
 * nresults results; 0, or a trap kind (> 0) with the backtrace recorded.
 * Re-entrant from host functions.
 */
int wasm_rt_call(struct wasm_rt_store *s, struct wasm_rt_func *f,
		 const struct wasm_rt_val *args, uint32_t nargs,
		 struct wasm_rt_val *results, uint32_t nresults)
{
	const struct wasm_rt_functype *t = f->type;
	struct wasm_rt_exec *ex = wasm_rt_store_exec(s);
	int trap = WASM_TRAP_NONE;

	if (nargs != t->nparams || nresults != t->nresults)
		return ERR_INVAL;
	for (uint32_t i = 0; i < nargs; i++)
		if (!wasm_rt_arg_fits(t, i, &args[i]))
			return ERR_INVAL;
	if (!ex)
		return WASM_TRAP_OUT_OF_MEMORY;
	uint32_t entry_depth = ex->depth;
	if (entry_depth == 1) {
		s->bt_taken = false;
		ex->nbacktrace = 0;
		if ((trap = start_fuel(s, ex)))
			return trap;
	} else if (__atomic_load_n(&ex->interrupt, __ATOMIC_SEQ_CST)) {
		return WASM_TRAP_INTERRUPTED;
	}
	/* Functions are translated on their first call. */
	if (!f->host && !f->jit_code && !f->code &&
	    (trap = wasm_interp_prepare(f)))
		return trap;
	uint32_t need = t->param_slots > t->result_slots ? t->param_slots
							 : t->result_slots;
	if (!f->host && !f->jit_code && f->frame_slots > need)
		need = f->frame_slots;
	/* The stack may move while f runs (it grows): keep an index. */
	size_t base_i = (size_t)(ex->sp - ex->stack);
	if (ex->nest >= WASM_RT_MAX_NEST)
		trap = WASM_TRAP_STACK_EXHAUSTED;
	else if (!wasm_rt_exec_fits(ex, base_i + need))
		trap = wasm_rt_exec_grow(ex, base_i + need, ex->depth);
	if (trap) {
		ex->depth++; /* so the backtrace shows f */
		ex->frames[ex->depth - 1].func = f;
		wasm_rt_exec_backtrace(ex);
		ex->depth--;
		return trap;
	}
	union wasm_slot *base = ex->stack + base_i;
	wasm_rt_vals_put(base, t, 0, args, nargs);
	ex->nest++;
	trap = run_entry(ex, f, base, entry_depth);
	ex->nest--;
	base = ex->stack + base_i;
	ex->sp = base;
	if (trap)
		return trap;
	wasm_rt_vals_get(base, t, t->nparams, results, nresults);
	return 0;
}

/* See internal.h. */
void wasm_rt_host_trap_backtrace(struct wasm_rt_exec *ex,
				 struct wasm_rt_func *f)
{
	ex->frames[ex->depth].func = f;
	ex->frames[ex->depth].ret_ip = NULL;
	ex->frames[ex->depth].fp = NULL;
	ex->depth++;
	wasm_rt_exec_backtrace(ex);
	ex->depth--;
}

/* See internal.h. */
int wasm_rt_host_values_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			      uint64_t *slots)
{
	return wasm_interp_call_host_slots(ex, f, (union wasm_slot *)slots);
}

/*
 * Calls f for compiled code (internal.h): as wasm_rt_call, with untyped
 * slots and the host seeing the caller's memory.
 */
int wasm_rt_call_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		       uint64_t *slots, struct wasm_rt_func *caller)
{
	const struct wasm_rt_functype *t = f->type;
	int trap = WASM_TRAP_NONE;
	if (ex->nest >= WASM_RT_MAX_NEST)
		return WASM_TRAP_STACK_EXHAUSTED;
	if (f->host)
		return wasm_rt_call_host_slots(ex, f, slots, caller);
	if (!f->jit_code && !f->code && (trap = wasm_interp_prepare(f)))
		return trap;
	uint32_t need = t->param_slots > t->result_slots ? t->param_slots
							 : t->result_slots;
	if (!f->jit_code && f->frame_slots > need)
		need = f->frame_slots;
	size_t base_i = (size_t)(ex->sp - ex->stack);
	if (!wasm_rt_exec_fits(ex, base_i + need) &&
	    (trap = wasm_rt_exec_grow(ex, base_i + need, ex->depth)))
		return trap;
	union wasm_slot *base = ex->stack + base_i;
	/* Slot loops, not memcpy: a host call passes a few slots, and the
	 * kernel's memcpy is a call with alignment checks (-fno-builtin). */
	for (uint32_t i = 0; i < t->param_slots; i++)
		base[i].i64 = slots[i];
	/* A host function sees its caller's memory, and a backtrace its
	 * caller: the frame below it (the compiled entry's) stands for the
	 * compiled caller meanwhile. */
	struct wasm_rt_frame *below = &ex->frames[ex->depth - 1];
	struct wasm_rt_func *was = below->func;
	below->func = caller;
	ex->nest++;
	trap = run_entry(ex, f, base, ex->depth);
	ex->nest--;
	ex->frames[ex->depth - 1].func = was;
	base = ex->stack + base_i;
	ex->sp = base;
	if (!trap)
		for (uint32_t i = 0; i < t->result_slots; i++)
			slots[i] = base[i].i64;
	return trap;
}

/*
 * The functions on the stack at the last trap, innermost first (at most
 * max); returns how many.
 */
uint32_t wasm_rt_last_backtrace(const struct wasm_rt_store *s,
				struct wasm_rt_func **funcs, uint32_t max)
{
	uint32_t n = s->ex_ready ? s->ex.nbacktrace : 0;
	if (n > max)
		n = max;
	for (uint32_t i = 0; i < n; i++)
		funcs[i] = s->ex.backtrace[i];
	return n;
}

/* For host functions: the calling instance's default memory, or NULL. */
struct wasm_rt_memory *wasm_rt_exec_memory(struct wasm_rt_exec *ex)
{
	struct wasm_rt_memory *m = ex->frames[ex->depth - 1].func->mem;
	return m == &ex->store->empty_mem ? NULL : m;
}

/* For host functions: the store they run in. */
struct wasm_rt_store *wasm_rt_exec_store(struct wasm_rt_exec *ex)
{
	return ex->store;
}

/*
 * For host functions: records an exit status (then return
 * WASM_TRAP_EXIT).
 */
void wasm_rt_exec_set_exit(struct wasm_rt_exec *ex, int status)
{
	ex->exit_status = status;
}

/* The status recorded by the last WASM_TRAP_EXIT. */
int wasm_rt_exit_status(const struct wasm_rt_store *s)
{
	return s->ex.exit_status;
}
