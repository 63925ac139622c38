/*
 * wasm/runtime/store.c - the store: object ownership, interned function
 * types, memories, tables, globals, host functions and calls into
 * WebAssembly.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/runtime/internal.h"

/* Store objects carry this header; 32 bytes keeps payloads 16-aligned. */
#define OBJ_HDR WASM_RT_OBJ_HDR
_Static_assert(sizeof(struct wasm_rt_obj) <= OBJ_HDR, "object header");

static const char *const trap_msgs[WASM_TRAP_COUNT] = {
	[WASM_TRAP_NONE] = "no trap",
	[WASM_TRAP_UNREACHABLE] = "unreachable",
	[WASM_TRAP_MEMORY_OOB] = "out of bounds memory access",
	[WASM_TRAP_TABLE_OOB] = "out of bounds table access",
	[WASM_TRAP_UNDEFINED_ELEM] = "undefined element",
	[WASM_TRAP_UNINIT_ELEM] = "uninitialized element",
	[WASM_TRAP_INDIRECT_TYPE] = "indirect call type mismatch",
	[WASM_TRAP_DIV_ZERO] = "integer divide by zero",
	[WASM_TRAP_INT_OVERFLOW] = "integer overflow",
	[WASM_TRAP_INVALID_CONV] = "invalid conversion to integer",
	[WASM_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
	[WASM_TRAP_OUT_OF_MEMORY] = "out of memory",
	[WASM_TRAP_HOST] = "host function failed",
	[WASM_TRAP_EXIT] = "exit",
	[WASM_TRAP_OUT_OF_FUEL] = "out of fuel",
	[WASM_TRAP_INTERRUPTED] = "interrupted",
	[WASM_TRAP_UNCOMPILABLE] = "function cannot be compiled",
	[WASM_TRAP_NULL_REF] = "null reference",
	[WASM_TRAP_NULL_FUNC_REF] = "null function reference",
	[WASM_TRAP_NULL_STRUCT] = "null structure reference",
	[WASM_TRAP_NULL_ARRAY] = "null array reference",
	[WASM_TRAP_NULL_I31] = "null i31 reference",
	[WASM_TRAP_CAST] = "cast failure",
	[WASM_TRAP_ARRAY_OOB] = "out of bounds array access",
	[WASM_TRAP_EXCEPTION] = "uncaught exception",
	[WASM_TRAP_NULL_EXNREF] = "null exception reference",
};

/* The spec's message for a trap kind; "unknown trap" out of range. */
const char *wasm_rt_trap_msg(int trap)
{
	if (trap < 0 || trap >= WASM_TRAP_COUNT)
		return "unknown trap";
	return trap_msgs[trap];
}

/*
 * A zeroed object of size bytes owned by s (freed with it, after fini);
 * NULL on out of memory.
 */
void *wasm_rt_store_alloc(struct wasm_rt_store *s, size_t size,
			  void (*fini)(struct wasm_rt_store *,
				       struct wasm_rt_obj *))
{
	if (size > SIZE_MAX - OBJ_HDR)
		return NULL;
	uint8_t *p = wasm_alloc(&s->a, OBJ_HDR + size);
	if (!p)
		return NULL;
	memset(p, 0, OBJ_HDR + size);
	struct wasm_rt_obj *o = (struct wasm_rt_obj *)p;
	o->size = size;
	o->fini = fini;
	o->next = s->objs;
	s->objs = o;
	return p + OBJ_HDR;
}

static void *obj_payload(struct wasm_rt_obj *o)
{
	return (uint8_t *)o + OBJ_HDR;
}

/* Creates a store (cfg NULL: defaults); 0 and *out, or ERR_NOMEM. */
int wasm_rt_store_new(const struct wasm_allocator *a,
		      const struct wasm_rt_env_ops *env,
		      const struct wasm_rt_config *cfg,
		      struct wasm_rt_store **out)
{
	struct wasm_rt_store *s = wasm_alloc(a, sizeof(*s));
	if (!s)
		return ERR_NOMEM;
	memset(s, 0, sizeof(*s));
	s->a = *a;
	s->env = *env;
	if (cfg)
		s->cfg = *cfg;
	if (!s->cfg.max_memory_pages ||
	    s->cfg.max_memory_pages > WASM_MAX_PAGES)
		s->cfg.max_memory_pages = WASM_MAX_PAGES;
	if (!s->cfg.max_table_elems)
		s->cfg.max_table_elems = 10000000;
	if (!s->cfg.max_call_depth)
		s->cfg.max_call_depth = 10000;
	if (s->cfg.max_call_depth > WASM_RT_CALL_DEPTH_MAX)
		s->cfg.max_call_depth = WASM_RT_CALL_DEPTH_MAX;
	if (!s->cfg.stack_slots)
		s->cfg.stack_slots = 1u << 20;
	s->sentinel.mem = &s->empty_mem;
	s->sentinel.host_name = "<host>";
	*out = s;
	return 0;
}

/* Bytes of an interned function type of n value types, in one block:
 * the record, its n heap types when it has them, then the n type codes
 * and a spare byte (one allocation, not three: a spawn of hello interns
 * ~12 types). */
#define FUNCTYPE_HDR (((sizeof(struct wasm_rt_functype) + 7) / 8) * 8)
static size_t functype_bytes(size_t n, bool heaps)
{
	return FUNCTYPE_HDR + (heaps ? n * sizeof(uint64_t) : 0) + n + 1;
}

/* Frees s and every object in it (each after its finalizer); s may be
 * NULL. */
void wasm_rt_store_free(struct wasm_rt_store *s)
{
	if (!s)
		return;
	/* The exception being thrown first: a kept one is the heap's. */
	wasm_rt_exn_free_thrown(s);
	struct wasm_rt_obj *o = s->objs;
	while (o) {
		struct wasm_rt_obj *next = o->next;
		if (o->fini)
			o->fini(s, o);
		wasm_free(&s->a, o, OBJ_HDR + o->size);
		o = next;
	}
	wasm_rt_gc_free(s);
	for (uint32_t i = 0; i < s->ntypes; i++) {
		struct wasm_rt_functype *t = s->types[i];
		wasm_free(&s->a, t,
			  functype_bytes((size_t)t->nparams + t->nresults,
					 t->heaps != NULL));
	}
	wasm_free(&s->a, s->types, s->types_cap * sizeof(*s->types));
	wasm_rt_store_exec_free(s);
	struct wasm_allocator a = s->a;
	wasm_free(&a, s, sizeof(*s));
}

static bool same_type(const struct wasm_rt_functype *t, const uint8_t *types,
		      const uint64_t *heaps, uint32_t np, uint32_t nr)
{
	size_t n = (size_t)np + nr;
	if (t->nparams != np || t->nresults != nr ||
	    (n && memcmp(t->types, types, n) != 0))
		return false;
	if (!heaps || !t->heaps)
		return !heaps && !t->heaps;
	return memcmp(t->heaps, heaps, n * sizeof(*heaps)) == 0;
}

/*
 * The interned function type of nparams + nresults types (codes) and,
 * with typed references, their canonical heap types (heaps, NULL when
 * none is a typed reference; WASM_RT_HEAP_SELF for a reference to the
 * type itself).  NULL when out of memory.
 */
const struct wasm_rt_functype *
wasm_rt_intern_type_heaps(struct wasm_rt_store *s, const uint8_t *types,
			  const uint64_t *heaps, uint32_t nparams,
			  uint32_t nresults)
{
	size_t n = (size_t)nparams + nresults;
	for (uint32_t i = 0; i < s->ntypes; i++)
		if (same_type(s->types[i], types, heaps, nparams, nresults))
			return s->types[i];
	if (s->ntypes == s->types_cap) {
		uint32_t ncap = s->types_cap ? s->types_cap * 2 : 16;
		struct wasm_rt_functype **nt = wasm_realloc(
			&s->a, s->types, s->types_cap * sizeof(*nt),
			ncap * sizeof(*nt));
		if (!nt)
			return NULL;
		s->types = nt;
		s->types_cap = ncap;
	}
	uint8_t *block = wasm_alloc(&s->a, functype_bytes(n, heaps != NULL));
	if (!block)
		return NULL;
	struct wasm_rt_functype *t = (struct wasm_rt_functype *)(void *)block;
	uint64_t *hs =
		heaps ? (uint64_t *)(void *)(block + FUNCTYPE_HDR) : NULL;
	uint8_t *ty = block + FUNCTYPE_HDR + (heaps ? n * sizeof(*hs) : 0);
	if (n)
		memcpy(ty, types, n);
	if (hs)
		memcpy(hs, heaps, n * sizeof(*hs));
	memset(t, 0, sizeof(*t));
	t->types = ty;
	t->heaps = hs;
	t->kind = WASM_COMP_FUNC;
	t->self = t;
	t->supers = &t->self; /* depth 0 */
	t->nparams = nparams;
	t->nresults = nresults;
	t->param_slots = t->result_slots = 0;
	for (uint32_t i = 0; i < nparams; i++)
		t->param_slots += wasm_rt_type_slots(types[i]);
	for (uint32_t i = 0; i < nresults; i++)
		t->result_slots += wasm_rt_type_slots(types[nparams + i]);
	s->types[s->ntypes++] = t;
	return t;
}

const struct wasm_rt_functype *
wasm_rt_intern_type(struct wasm_rt_store *s, const uint8_t *params,
		    uint32_t nparams, const uint8_t *results, uint32_t nresults)
{
	uint8_t small[16];
	size_t n = (size_t)nparams + nresults;
	uint8_t *buf = n <= sizeof(small) ? small : wasm_alloc(&s->a, n);
	if (!buf)
		return NULL;
	if (nparams)
		memcpy(buf, params, nparams);
	if (nresults)
		memcpy(buf + nparams, results, nresults);
	const struct wasm_rt_functype *t =
		wasm_rt_intern_type_heaps(s, buf, NULL, nparams, nresults);
	if (buf != small)
		wasm_free(&s->a, buf, n);
	return t;
}

/*
 * Creates host function fn (ctx, name) of type (params, results) in s;
 * 0 and *out, or ERR_NOMEM.
 */
int wasm_rt_host_func_new(struct wasm_rt_store *s, const uint8_t *params,
			  uint32_t nparams, const uint8_t *results,
			  uint32_t nresults, wasm_rt_host_fn fn, void *ctx,
			  const char *name, struct wasm_rt_func **out)
{
	const struct wasm_rt_functype *t =
		wasm_rt_intern_type(s, params, nparams, results, nresults);
	if (!t)
		return ERR_NOMEM;
	struct wasm_rt_func *f = wasm_rt_store_alloc(s, sizeof(*f), NULL);
	if (!f)
		return ERR_NOMEM;
	f->type = t;
	f->mem = &s->empty_mem;
	f->host = fn;
	f->host_ctx = ctx;
	f->host_name = name;
	*out = f;
	return 0;
}

/* f->host of a slot-form host function, so that f->host alone still says
 * "a host function": the one caller of f->host (wasm/interp/run.c) calls
 * f->host_slots for these, never this. */
static int host_by_slots(void *ctx, struct wasm_rt_exec *ex,
			 const struct wasm_rt_val *args,
			 struct wasm_rt_val *results)
{
	(void)ctx;
	(void)ex;
	(void)args;
	(void)results;
	return WASM_TRAP_HOST;
}

int wasm_rt_host_func_new_slots(struct wasm_rt_store *s, const uint8_t *params,
				uint32_t nparams, const uint8_t *results,
				uint32_t nresults, wasm_rt_host_slots_fn fn,
				void *ctx, const char *name,
				struct wasm_rt_func **out)
{
	/* Its slots are no GC roots: numbers only. */
	for (uint32_t i = 0; i < nparams; i++)
		if (wasm_is_reftype(params[i]))
			return ERR_INVAL;
	for (uint32_t i = 0; i < nresults; i++)
		if (wasm_is_reftype(results[i]))
			return ERR_INVAL;
	struct wasm_rt_func *f;
	int rc = wasm_rt_host_func_new(s, params, nparams, results, nresults,
				       host_by_slots, ctx, name, &f);
	if (rc)
		return rc;
	if (f->type->param_slots > WASM_RT_HOST_SLOTS_MAX ||
	    f->type->result_slots > WASM_RT_HOST_SLOTS_MAX)
		return ERR_INVAL; /* f stays the store's, unused */
	f->host_slots = fn;
	*out = f;
	return 0;
}

static void memory_fini(struct wasm_rt_store *s, struct wasm_rt_obj *o)
{
	struct wasm_rt_memory *m = obj_payload(o);
	if (m->base)
		s->env.mem_release(s->env.ctx, m->base, m->size,
				   m->reserved_max);
}

/*
 * Creates a memory of type t through the embedder's env ops; 0 and *out,
 * ERR_RANGE when its minimum exceeds its (store-capped) maximum, or
 * ERR_NOMEM when the reservation is refused or out of memory.
 */
int wasm_rt_memory_new(struct wasm_rt_store *s, const struct wasm_memtype *t,
		       struct wasm_rt_memory **out)
{
	uint32_t max = t->limits.has_max ? t->limits.max : WASM_MAX_PAGES;
	if (max > s->cfg.max_memory_pages)
		max = s->cfg.max_memory_pages;
	if (t->limits.min > max || t->limits.min > WASM_MAX_PAGES)
		return ERR_RANGE;
	struct wasm_rt_memory *m =
		wasm_rt_store_alloc(s, sizeof(*m), memory_fini);
	if (!m)
		return ERR_NOMEM;
	m->type = *t;
	m->max_pages = max;
	m->reserved_max = (uint64_t)max * WASM_PAGE_SIZE;
	m->size = (uint64_t)t->limits.min * WASM_PAGE_SIZE;
	m->base = s->env.mem_reserve(s->env.ctx, m->size, m->reserved_max);
	if (!m->base) {
		m->size = 0;
		return ERR_NOMEM;
	}
	m->pages = t->limits.min;
	*out = m;
	return 0;
}

/*
 * Grows m by delta pages; the old page count, or -1 (m unchanged) beyond
 * its maximum or when the embedder refuses.
 */
int64_t wasm_rt_memory_grow(struct wasm_rt_store *s, struct wasm_rt_memory *m,
			    uint32_t delta)
{
	uint32_t old = m->pages;
	if (delta == 0)
		return old;
	if ((uint64_t)old + delta > m->max_pages)
		return -1;
	uint64_t nsize = ((uint64_t)old + delta) * WASM_PAGE_SIZE;
	void *base = s->env.mem_grow(s->env.ctx, m->base, m->size, nsize,
				     m->reserved_max);
	if (!base)
		return -1;
	m->base = base;
	m->size = nsize;
	m->pages = old + delta;
	return old;
}

static void table_fini(struct wasm_rt_store *s, struct wasm_rt_obj *o)
{
	struct wasm_rt_table *t = obj_payload(o);
	wasm_free(&s->a, t->elems, (size_t)t->cap * sizeof(wasm_rt_ref));
}

/*
 * Creates a table of type t filled with init; 0 and *out, ERR_RANGE when
 * its minimum exceeds its (store-capped) maximum, or ERR_NOMEM.
 */
int wasm_rt_table_new(struct wasm_rt_store *s, const struct wasm_tabletype *t,
		      wasm_rt_ref init, struct wasm_rt_table **out)
{
	uint32_t max = t->limits.has_max ? t->limits.max : UINT32_MAX;
	if (max > s->cfg.max_table_elems)
		max = s->cfg.max_table_elems;
	if (t->limits.min > max)
		return ERR_RANGE;
	struct wasm_rt_table *tab =
		wasm_rt_store_alloc(s, sizeof(*tab), table_fini);
	if (!tab)
		return ERR_NOMEM;
	tab->type = *t;
	tab->max = max;
	if (t->limits.min) {
		tab->elems = wasm_alloc(&s->a, (size_t)t->limits.min *
						       sizeof(wasm_rt_ref));
		if (!tab->elems)
			return ERR_NOMEM;
		tab->cap = t->limits.min;
		for (uint32_t i = 0; i < t->limits.min; i++)
			tab->elems[i] = init;
	}
	tab->size = t->limits.min;
	*out = tab;
	return 0;
}

/*
 * Grows t by delta entries set to init; the old size, or -1 (t
 * unchanged) beyond its maximum or out of memory.
 */
int64_t wasm_rt_table_grow(struct wasm_rt_store *s, struct wasm_rt_table *t,
			   uint32_t delta, wasm_rt_ref init)
{
	uint32_t old = t->size;
	if ((uint64_t)old + delta > t->max)
		return -1;
	uint32_t nsize = old + delta;
	if (nsize > t->cap) {
		uint64_t ncap = (uint64_t)t->cap * 2;
		if (ncap < nsize)
			ncap = nsize;
		if (ncap > t->max)
			ncap = t->max;
		wasm_rt_ref *e = wasm_realloc(&s->a, t->elems,
					      (size_t)t->cap * sizeof(*e),
					      (size_t)ncap * sizeof(*e));
		if (!e)
			return -1;
		t->elems = e;
		t->cap = (uint32_t)ncap;
	}
	for (uint32_t i = old; i < nsize; i++)
		t->elems[i] = init;
	t->size = nsize;
	return old;
}

/* Creates a global of type t with value init; 0 and *out, or ERR_NOMEM. */
int wasm_rt_global_new(struct wasm_rt_store *s, const struct wasm_globaltype *t,
		       const struct wasm_rt_val *init,
		       struct wasm_rt_global **out)
{
	struct wasm_rt_global *g = wasm_rt_store_alloc(s, sizeof(*g), NULL);
	if (!g)
		return ERR_NOMEM;
	g->type = *t;
	if (init)
		memcpy(&g->val, &init->of, sizeof(init->of));
	*out = g;
	return 0;
}

/*
 * table.init: copies n references of seg from src to t at dst; a trap
 * kind (WASM_TRAP_TABLE_OOB when either range is out of bounds).
 */
int wasm_rt_table_init(struct wasm_rt_table *t, struct wasm_rt_elem_seg *seg,
		       uint32_t dst, uint32_t src, uint32_t n)
{
	if ((uint64_t)src + n > seg->count || (uint64_t)dst + n > t->size)
		return WASM_TRAP_TABLE_OOB;
	if (n)
		memcpy(t->elems + dst, seg->refs + src,
		       n * sizeof(wasm_rt_ref));
	return 0;
}

/*
 * memory.init: copies n bytes of seg from src to m at dst; a trap kind
 * (WASM_TRAP_MEMORY_OOB when either range is out of bounds).
 */
int wasm_rt_memory_init(struct wasm_rt_memory *m, struct wasm_rt_data_seg *seg,
			uint64_t dst, uint32_t src, uint32_t n)
{
	/* dst is u64 (memory64): no overflow in the check. */
	if ((uint64_t)src + n > seg->size || dst > m->size || n > m->size - dst)
		return WASM_TRAP_MEMORY_OOB;
	if (n)
		memcpy(m->base + dst, seg->bytes + src, n);
	return 0;
}

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
