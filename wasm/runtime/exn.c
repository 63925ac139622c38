/*
 * wasm/runtime/exn.c - exception handling's runtime objects: tags and
 * exceptions (internal.h, struct wasm_rt_exn), and the embedder's side of
 * throwing and of an exception no handler caught.
 *
 * The interpreter unwinds (wasm/interp/exec_eh.c); this file owns the
 * memory.  An exception lives in ex->exn while it is thrown.  Caught by a
 * plain catch clause, it is freed at once (its values were copied into
 * the catching frame), so code that only throws and catches does not
 * feed the collector.  Caught by catch_ref/catch_all_ref (or a legacy
 * catch a rethrow names) it becomes an exnref, which may be stored
 * anywhere: it is handed to the collector (gc.c), which frees it when no
 * root reaches it.  Every exception has a heap object's header from the
 * start, so keeping one allocates nothing.
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

/* A tag of type (params) -> () in s; 0 or ERR_NOMEM. */
int wasm_rt_tag_new(struct wasm_rt_store *s, const uint8_t *params, uint32_t np,
		    struct wasm_rt_tag **out)
{
	struct wasm_rt_tag *t = wasm_rt_store_alloc(s, sizeof(*t), NULL);
	if (!t)
		return ERR_NOMEM;
	t->type = wasm_rt_intern_type(s, params, np, NULL, 0);
	if (!t->type)
		return ERR_NOMEM;
	*out = t;
	return 0;
}

/* Bytes of an exception of n slots. */
static size_t exn_size(uint32_t n)
{
	return sizeof(struct wasm_rt_exn) + (size_t)n * sizeof(union wasm_slot);
}

/* A new exception of tag (values unset), or NULL: out of memory.  With
 * ip, a collection may run first (internal.h). */
struct wasm_rt_exn *wasm_rt_exn_new(struct wasm_rt_exec *ex,
				    const struct wasm_rt_tag *tag,
				    const union wasm_cell *ip,
				    union wasm_slot *fp)
{
	uint32_t n = tag->type->param_slots;
	size_t bytes = exn_size(n);
	struct wasm_rt_exn *e = wasm_rt_gc_raw(ex->store, bytes, ex, ip, fp);
	if (!e)
		return NULL;
	memset(&e->h, 0, sizeof(e->h));
	e->h.magic = WASM_GC_MAGIC;
	e->h.kind = WASM_GC_EXN;
	e->h.bytes = bytes;
	e->tag = tag;
	e->nslots = n;
	e->kept = false;
	return e;
}

/* Frees e unless it is kept (an exnref, the collector's). */
void wasm_rt_exn_drop(struct wasm_rt_store *s, struct wasm_rt_exn *e)
{
	if (e && !e->kept)
		wasm_free(&s->a, e, e->h.bytes);
}

/* Makes e the exception being thrown; the previous one is dropped. */
void wasm_rt_exn_set(struct wasm_rt_exec *ex, struct wasm_rt_exn *e)
{
	if (ex->exn != e)
		wasm_rt_exn_drop(ex->store, ex->exn);
	ex->exn = e;
}

/* Hands e to the collector (it became an exnref): from now on it lives
 * while some root reaches it. */
void wasm_rt_exn_keep(struct wasm_rt_store *s, struct wasm_rt_exn *e)
{
	if (e->kept)
		return;
	e->kept = true;
	wasm_rt_gc_adopt(s, &e->h);
}

/* Frees the exception being thrown, unless kept (at store free, before
 * the heap, which frees the kept ones). */
void wasm_rt_exn_free_thrown(struct wasm_rt_store *s)
{
	if (s->ex_ready)
		wasm_rt_exn_drop(s, s->ex.exn);
	s->ex.exn = NULL;
}

/*
 * For host functions: throws an exception of tag with nargs values args
 * into the calling code; returns WASM_TRAP_EXCEPTION (the host function
 * returns it), WASM_TRAP_OUT_OF_MEMORY, or ERR_INVAL (negative) when the
 * values do not match the tag's type.
 */
int wasm_rt_exec_throw(struct wasm_rt_exec *ex, struct wasm_rt_tag *tag,
		       const struct wasm_rt_val *args, uint32_t nargs)
{
	const struct wasm_rt_functype *t = tag->type;
	if (nargs != t->nparams)
		return ERR_INVAL;
	for (uint32_t i = 0; i < nargs; i++)
		if (!wasm_rt_arg_fits(t, i, &args[i]))
			return ERR_INVAL;
	/* No collection here: a host function's caller is at no safepoint
	 * of its own (the next allocating or throwing cell collects). */
	struct wasm_rt_exn *e = wasm_rt_exn_new(ex, tag, NULL, NULL);
	if (!e)
		return WASM_TRAP_OUT_OF_MEMORY;
	wasm_rt_vals_put(e->vals, t, 0, args, nargs);
	wasm_rt_exn_set(ex, e);
	return WASM_TRAP_EXCEPTION;
}

/*
 * The exception of the last WASM_TRAP_EXCEPTION in s: its tag in *tag and
 * up to max of its values in vals; returns how many values it has (0 and
 * *tag NULL: none).
 */
uint32_t wasm_rt_last_exception(const struct wasm_rt_store *s,
				struct wasm_rt_tag **tag,
				struct wasm_rt_val *vals, uint32_t max)
{
	const struct wasm_rt_exn *e = s->ex_ready ? s->ex.exn : NULL;
	*tag = NULL;
	if (!e)
		return 0;
	*tag = (struct wasm_rt_tag *)(uintptr_t)e->tag;
	const struct wasm_rt_functype *t = e->tag->type;
	wasm_rt_vals_get(e->vals, t, 0, vals,
			 t->nparams < max ? t->nparams : max);
	return t->nparams;
}
