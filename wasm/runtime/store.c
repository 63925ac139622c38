/*
 * wasm/runtime/store.c - the store: object ownership, trap messages,
 * interned function types and host functions.  Memories, tables and
 * globals are in objects.c, calls into WebAssembly in entry.c.
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
	/* Not the first nshared: a module's code owns those. */
	for (uint32_t i = s->nshared; i < s->ntypes; i++)
		wasm_rt_functype_free(&s->a, s->types[i]);
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

/* See internal.h. */
struct wasm_rt_functype *
wasm_rt_functype_find(struct wasm_rt_functype *const *arr, uint32_t n,
		      const uint8_t *types, const uint64_t *heaps,
		      uint32_t nparams, uint32_t nresults)
{
	for (uint32_t i = 0; i < n; i++)
		if (same_type(arr[i], types, heaps, nparams, nresults))
			return arr[i];
	return NULL;
}

/* See internal.h. */
struct wasm_rt_functype *
wasm_rt_functype_new(const struct wasm_allocator *a, const uint8_t *types,
		     const uint64_t *heaps, uint32_t nparams, uint32_t nresults)
{
	size_t n = (size_t)nparams + nresults;
	uint8_t *block = wasm_alloc(a, functype_bytes(n, heaps != NULL));
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
	return t;
}

/* See internal.h. */
void wasm_rt_functype_free(const struct wasm_allocator *a,
			   struct wasm_rt_functype *t)
{
	wasm_free(a, t,
		  functype_bytes((size_t)t->nparams + t->nresults,
				 t->heaps != NULL));
}

/* See internal.h. */
bool wasm_rt_store_types_room(struct wasm_rt_store *s, uint32_t n)
{
	if (n <= s->types_cap)
		return true;
	uint32_t ncap = s->types_cap ? s->types_cap : 16;
	while (ncap < n)
		ncap *= 2;
	struct wasm_rt_functype **nt =
		wasm_realloc(&s->a, s->types, s->types_cap * sizeof(*nt),
			     ncap * sizeof(*nt));
	if (!nt)
		return false;
	s->types = nt;
	s->types_cap = ncap;
	return true;
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
	struct wasm_rt_functype *t = wasm_rt_functype_find(
		s->types, s->ntypes, types, heaps, nparams, nresults);
	if (t)
		return t;
	if (!wasm_rt_store_types_room(s, s->ntypes + 1))
		return NULL;
	t = wasm_rt_functype_new(&s->a, types, heaps, nparams, nresults);
	if (!t)
		return NULL;
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
