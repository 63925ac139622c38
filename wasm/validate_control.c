/*
 * wasm/validate_control.c - type-checking a body's control: blocks and
 * their ends, branches (br_table, br_on_null), calls and tail calls,
 * call_ref, and the locals (non-defaultable ones must be set first).
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/opcodes_gc.h"
#include "wasm/validate_stack.h"

/* A call of type t: pops its params, pushes its results. */
int wasm_vcheck_call(struct fv *v, const struct wasm_functype *t)
{
	int rc = pop_vals(v, t->vts, t->nparams);
	if (rc)
		return rc;
	return push_vals(v, t->vts + t->nparams, t->nresults);
}

/* return_call*: the callee's results must be the caller's (the callee
 * returns to the caller's caller); its parameters are popped, and the
 * rest of the block is unreachable. */
int wasm_vcheck_return_call(struct fv *v, const struct wasm_functype *t,
			    const struct wasm_functype *ft)
{
	if (t->nresults != ft->nresults)
		return mismatch(v);
	for (uint32_t i = 0; i < t->nresults; i++)
		if (!wasm_vt_sub(v->c, t->vts[t->nparams + i],
				 ft->vts[ft->nparams + i]))
			return mismatch(v);
	int rc = pop_vals(v, t->vts, t->nparams);
	if (rc)
		return rc;
	set_unreachable(v);
	return 0;
}

/* Checks, without popping, that the top of the stack matches types[n]. */
static int peek_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	struct wasm_vctx *c = v->c;
	const struct wasm_vframe *f = top(v);
	size_t avail = c->nvals - f->height;
	uint32_t k = n;
	if (avail < n) {
		/* The rest would come from the unknown floor. */
		if (!f->unreachable)
			return mismatch(v);
		k = (uint32_t)avail;
	}
	for (uint32_t i = 0; i < k; i++) {
		wasm_vt have = c->vals[c->nvals - k + i];
		wasm_vt want = types[n - k + i];
		if (!wasm_vt_sub(c, have, want))
			return mismatch(v);
	}
	return 0;
}

int wasm_vbr_table(struct fv *v, const struct wasm_instr *in)
{
	const uint8_t *cur = in->vec;
	const wasm_vt *types, *dtypes;
	uint32_t n, dn;
	int rc;

	if ((rc = pop(v, WASM_I32)) || (rc = label(v, in->b, &dtypes, &dn)))
		return rc;
	/* Each target frame is checked once per br_table, so the cost is
	 * O(labels + frames x arity), whatever the label count. */
	uint32_t stamp = ++v->c->br_table_stamp;
	for (uint32_t i = 0; i < in->a; i++) {
		uint32_t l = wasm_br_table_next(&cur);
		if ((rc = label(v, l, &types, &n)))
			return rc;
		if (n != dn)
			return mismatch(v);
		struct wasm_vframe *f = &v->c->ctrls[v->c->nctrls - 1 - l];
		if (f->stamp == stamp)
			continue;
		f->stamp = stamp;
		if ((rc = peek_vals(v, types, n)))
			return rc;
	}
	if ((rc = pop_vals(v, dtypes, dn)))
		return rc;
	set_unreachable(v);
	return 0;
}

/* br_on_null l and br_on_non_null l (typed function references). */
int wasm_vbr_on_null(struct fv *v, const struct wasm_instr *in)
{
	const wasm_vt *types;
	uint32_t n;
	wasm_vt t = UNKNOWN;
	int rc;
	if ((rc = label(v, in->a, &types, &n)) || (rc = pop_ref(v, &t)))
		return rc;
	if (in->op == WASM_OP_BR_ON_NULL) {
		/* Branches with the label's values, or goes on with the
		 * non-null reference on top of them. */
		if ((rc = pop_vals(v, types, n)) ||
		    (rc = push_vals(v, types, n)))
			return rc;
		return push(v, non_null(t));
	}
	/* br_on_non_null: the label takes the values and the non-null
	 * reference last; what goes on has no reference. */
	if (n == 0 || !wasm_vt_sub(v->c, non_null(t), types[n - 1]))
		return mismatch(v);
	if ((rc = pop_vals(v, types, n - 1)))
		return rc;
	return push_vals(v, types, n - 1);
}

/* call_ref x and return_call_ref x: a (ref null x) on top. */
int wasm_vcall_ref(struct fv *v, const struct wasm_instr *in,
		   const struct wasm_functype *ft)
{
	v->flags |= WASM_FUNC_HAS_CALLS;
	if (in->a >= v->m->ntypes)
		return fail_n(v, "unknown type", in->a);
	if (v->m->typeinfo[in->a].kind != WASM_COMP_FUNC)
		return mismatch(v);
	int rc = pop(v, wasm_vt_ref(true, WASM_HT_INDEX0 + in->a));
	if (rc)
		return rc;
	if (in->op == WASM_OP_RETURN_CALL_REF)
		return wasm_vcheck_return_call(v, &v->m->types[in->a], ft);
	return wasm_vcheck_call(v, &v->m->types[in->a]);
}

/* Whether local x needs a local.set before a local.get (a non-nullable
 * reference has no default value) and has none on every path here. */
static bool local_unset(struct fv *v, uint32_t x, wasm_vt t, uint32_t np)
{
	return x >= np && !wasm_vt_nullable(t) && !v->c->lset[x - np];
}

/* Records that local x (a non-defaultable one) is set from here on, until
 * the end of the innermost frame. */
static int local_mark_set(struct fv *v, uint32_t x, wasm_vt t, uint32_t np)
{
	struct wasm_vctx *c = v->c;
	if (!local_unset(v, x, t, np))
		return 0;
	if (c->nlundo == c->cap_lundo) {
		int rc = grow(v, &c->lundo, &c->cap_lundo, sizeof(*c->lundo));
		if (rc)
			return rc;
	}
	c->lset[x - np] = 1;
	c->lundo[c->nlundo++] = x - np;
	return 0;
}

/* local.get, local.set, local.tee of a declared local. */
int wasm_vlocal_op(struct fv *v, const struct wasm_instr *in,
		   const struct wasm_functype *ft, const struct wasm_func *fn)
{
	if ((uint64_t)in->a >= (uint64_t)ft->nparams + fn->nlocals)
		return fail_n(v, "unknown local", in->a);
	wasm_vt t = wasm_vlocal_type(ft, fn, in->a);
	int rc;
	if (in->op == WASM_OP_LOCAL_GET) {
		if (local_unset(v, in->a, t, ft->nparams))
			return fail(v, "uninitialized local");
		return push(v, t);
	}
	if ((rc = pop(v, t)) || (rc = local_mark_set(v, in->a, t, ft->nparams)))
		return rc;
	return in->op == WASM_OP_LOCAL_TEE ? push(v, t) : 0;
}

/* block, loop, if, else and end. */
int wasm_vstructured(struct fv *v, const struct wasm_instr *in, bool *done)
{
	const wasm_vt *params, *results;
	uint32_t np, nr;
	struct wasm_vframe *f;
	int rc;

	switch (in->op) {
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		if (in->op == WASM_OP_LOOP)
			v->flags |= WASM_FUNC_HAS_LOOPS;
		if ((rc = block_type(v, in, &params, &np, &results, &nr)))
			return rc;
		if (in->op == WASM_OP_IF && (rc = pop(v, WASM_I32)))
			return rc;
		if ((rc = pop_vals(v, params, np)))
			return rc;
		return push_ctrl(v, (uint8_t)in->op, params, np, results, nr,
				 in->vt);
	case WASM_OP_ELSE:
		f = top(v);
		if (f->op != WASM_OP_IF)
			return wasm_err(v->c->err, WASM_ERR_MALFORMED,
					(size_t)(v->at - v->m->bytes),
					"END opcode expected");
		if ((rc = end_frame(v)))
			return rc;
		f->op = WASM_OP_ELSE;
		f->unreachable = false;
		return push_vals(v, f->params, f->nparams);
	default: /* end */
		f = top(v);
		if ((rc = end_frame(v)))
			return rc;
		if (f->op == WASM_OP_IF) {
			/* No else: the empty else branch must map the
			 * params to the results. */
			if (f->nparams != f->nresults)
				return mismatch(v);
			for (uint32_t i = 0; i < f->nparams; i++)
				if (!wasm_vt_sub(v->c, f->params[i],
						 wasm_vframe_results(f)[i]))
					return mismatch(v);
		}
		wasm_vt one = f->one;
		results = f->results ? f->results : &one;
		nr = f->nresults;
		v->c->nctrls--;
		if (v->c->nctrls == 0) {
			*done = true;
			return 0;
		}
		return push_vals(v, results, nr);
	}
}
