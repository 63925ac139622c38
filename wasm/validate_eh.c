/*
 * wasm/validate_eh.c - type-checking exception handling: throw,
 * throw_ref, try_table and its catch clauses, and the legacy try, catch,
 * catch_all, delegate and rethrow.
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/opcodes_gc.h"
#include "wasm/validate_stack.h"

/* The payload type of tag x ("unknown tag x"). */
static int tag_type(struct fv *v, uint32_t x, const struct wasm_functype **t)
{
	if (x >= v->m->ntags || v->m->tags[x].type >= v->m->ntypes)
		return fail_n(v, "unknown tag", x);
	*t = &v->m->types[v->m->tags[x].type];
	return 0;
}

/* The n values types (then a (ref exn) when ref) fit the values label
 * depth takes: the catch clauses' check. */
static int label_takes(struct fv *v, uint32_t depth, const wasm_vt *types,
		       uint32_t n, bool ref)
{
	const wasm_vt *lt;
	uint32_t ln;
	int rc = label(v, depth, &lt, &ln);
	if (rc)
		return rc;
	if (ln != n + ref)
		return mismatch(v);
	for (uint32_t i = 0; i < n; i++)
		if (!wasm_vt_sub(v->c, types[i], lt[i]))
			return mismatch(v);
	if (ref && !wasm_vt_sub(v->c, wasm_vt_ref(false, WASM_HT_EXN), lt[n]))
		return mismatch(v);
	return 0;
}

/* try_table's catch clauses, checked before its frame is pushed: their
 * labels are those around the try_table. */
static int try_table_catches(struct fv *v, const struct wasm_instr *in)
{
	const uint8_t *cur = in->vec;
	const struct wasm_functype *t = NULL; /* set by tag_type on success;
						 gcc cannot see it */
	int rc;
	for (uint32_t i = 0; i < in->a; i++) {
		struct wasm_catch c = wasm_catch_next(&cur);
		bool ref = c.kind == WASM_CATCH_REF ||
			   c.kind == WASM_CATCH_ALL_REF;
		if (c.kind <= WASM_CATCH_REF) {
			if ((rc = tag_type(v, c.tag, &t)) ||
			    (rc = label_takes(v, c.label, t->vts, t->nparams,
					      ref)))
				return rc;
		} else if ((rc = label_takes(v, c.label, NULL, 0, ref))) {
			return rc;
		}
	}
	return 0;
}

/* The legacy try's catch and catch_all: the end of the try (or previous
 * catch) body, then the handler's body with the payload (catch x). */
static int legacy_catch(struct fv *v, const struct wasm_instr *in)
{
	struct wasm_vframe *f = top(v);
	const struct wasm_functype *t = NULL;
	int rc;
	if (f->op != WASM_OP_TRY && f->op != WASM_OP_CATCH)
		return wasm_err(v->c->err, WASM_ERR_MALFORMED,
				(size_t)(v->at - v->m->bytes),
				"END opcode expected");
	if (in->op == WASM_OP_CATCH && (rc = tag_type(v, in->a, &t)))
		return rc;
	if ((rc = end_frame(v)))
		return rc;
	f->op = (uint8_t)in->op;
	f->unreachable = false;
	return t ? push_vals(v, t->vts, t->nparams) : 0;
}

/* delegate l: ends the innermost try, l counted from outside it. */
static int legacy_delegate(struct fv *v, const struct wasm_instr *in)
{
	struct wasm_vframe *f = top(v);
	int rc;
	if (f->op != WASM_OP_TRY)
		return wasm_err(v->c->err, WASM_ERR_MALFORMED,
				(size_t)(v->at - v->m->bytes),
				"END opcode expected");
	if ((rc = end_frame(v)))
		return rc;
	if (in->a >= v->c->nctrls - 1)
		return fail_n(v, "unknown label", in->a);
	wasm_vt one = f->one;
	const wasm_vt *results = f->results ? f->results : &one;
	uint32_t nr = f->nresults;
	v->c->nctrls--;
	return push_vals(v, results, nr);
}

/* Exception handling's instructions (prefix 0). */
int wasm_vspecial_eh(struct fv *v, const struct wasm_instr *in)
{
	const wasm_vt *params, *results;
	const struct wasm_functype *t = NULL; /* as above */
	struct wasm_vframe *f;
	uint32_t np, nr;
	int rc;

	switch (in->op) {
	case WASM_OP_THROW:
		if ((rc = tag_type(v, in->a, &t)) ||
		    (rc = pop_vals(v, t->vts, t->nparams)))
			return rc;
		set_unreachable(v);
		return 0;
	case WASM_OP_THROW_REF:
		if ((rc = pop(v, WASM_EXNREF)))
			return rc;
		set_unreachable(v);
		return 0;
	case WASM_OP_TRY_TABLE:
	case WASM_OP_TRY:
		if ((rc = block_type(v, in, &params, &np, &results, &nr)) ||
		    (in->op == WASM_OP_TRY_TABLE &&
		     (rc = try_table_catches(v, in))) ||
		    (rc = pop_vals(v, params, np)))
			return rc;
		return push_ctrl(v, (uint8_t)in->op, params, np, results, nr,
				 in->vt);
	case WASM_OP_CATCH:
	case WASM_OP_CATCH_ALL:
		return legacy_catch(v, in);
	case WASM_OP_DELEGATE:
		return legacy_delegate(v, in);
	default: /* WASM_OP_RETHROW */
		if (in->a >= v->c->nctrls)
			return fail_n(v, "unknown label", in->a);
		f = &v->c->ctrls[v->c->nctrls - 1 - in->a];
		if (f->op != WASM_OP_CATCH && f->op != WASM_OP_CATCH_ALL)
			return fail(v, "invalid rethrow label");
		set_unreachable(v);
		return 0;
	}
}
