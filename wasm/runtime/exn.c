/*
 * wasm/runtime/exn.c - exception handling's runtime objects: tags and
 * exceptions (internal.h, struct wasm_rt_exn), and the embedder's side of
 * throwing and of an exception no handler caught.
 *
 * The interpreter unwinds (wasm/interp/exec_eh.c); this file owns the
 * memory.  An exception lives in ex->exn while it is thrown.  Caught by a
 * plain catch clause, it is freed (its values were copied into the
 * catching frame), so code that only throws and catches runs in bounded
 * memory.  Caught by catch_ref/catch_all_ref it becomes an exnref, which
 * may be stored anywhere (locals, globals, tables): with no collector,
 * such exceptions are kept until the store is freed.
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

/* A new exception of tag (values unset), or NULL: out of memory. */
struct wasm_rt_exn *wasm_rt_exn_new(struct wasm_rt_exec *ex,
				    const struct wasm_rt_tag *tag)
{
	uint32_t n = tag->type->param_slots;
	struct wasm_rt_exn *e = wasm_alloc(&ex->store->a, exn_size(n));
	if (!e)
		return NULL;
	e->tag = tag;
	e->nslots = n;
	e->kept = false;
	return e;
}

/* Frees e unless it is kept (an exnref, owned by the store). */
void wasm_rt_exn_drop(struct wasm_rt_store *s, struct wasm_rt_exn *e)
{
	if (e && !e->kept)
		wasm_free(&s->a, e, exn_size(e->nslots));
}

/* Makes e the exception being thrown; the previous one is dropped. */
void wasm_rt_exn_set(struct wasm_rt_exec *ex, struct wasm_rt_exn *e)
{
	if (ex->exn != e)
		wasm_rt_exn_drop(ex->store, ex->exn);
	ex->exn = e;
}

/* Keeps e until the store is freed (it became an exnref); false when out
 * of memory. */
bool wasm_rt_exn_keep(struct wasm_rt_store *s, struct wasm_rt_exn *e)
{
	if (e->kept)
		return true;
	if (!wasm_grow_array(&s->a, &s->kept, &s->kept_cap, sizeof(*s->kept),
			     s->nkept + 1, 16))
		return false;
	s->kept[s->nkept++] = e;
	e->kept = true;
	return true;
}

/* Frees every exception of s (at store free). */
void wasm_rt_exn_free_all(struct wasm_rt_store *s)
{
	if (s->ex_ready)
		wasm_rt_exn_drop(s, s->ex.exn);
	s->ex.exn = NULL;
	for (size_t i = 0; i < s->nkept; i++)
		wasm_free(&s->a, s->kept[i], exn_size(s->kept[i]->nslots));
	wasm_free(&s->a, s->kept, s->kept_cap * sizeof(*s->kept));
	s->kept = NULL;
	s->nkept = s->kept_cap = 0;
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
	struct wasm_rt_exn *e = wasm_rt_exn_new(ex, tag);
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
