/*
 * wasm/validate_stack.h - the validator's operand and control stacks
 * (the spec appendix's algorithm), for the files that type-check bodies
 * (validate_code.c, validate_control.c, validate_eh.c): each returns 0 or
 * an error code with v->c->err filled in (spec wording).  validate_gc.c
 * reaches them through the wasm_v* functions of validate_internal.h.
 */
#ifndef WASM_VALIDATE_STACK_H
#define WASM_VALIDATE_STACK_H

#include "wasm/decode_util.h"
#include "wasm/opcodes.h"
#include "wasm/validate_internal.h"

#define UNKNOWN 0

static inline int fail(struct fv *v, const char *msg)
{
	return wasm_err(v->c->err, WASM_ERR_INVALID,
			(size_t)(v->at - v->m->bytes), msg);
}

static inline int fail_n(struct fv *v, const char *msg, uint64_t n)
{
	return wasm_err_n(v->c->err, WASM_ERR_INVALID,
			  (size_t)(v->at - v->m->bytes), msg, n);
}

static inline int mismatch(struct fv *v)
{
	return fail(v, "type mismatch");
}

/* A value type naming a type index must name one of the module's. */
static inline int check_vt(struct fv *v, wasm_vt vt)
{
	return wasm_vcheck_vt(v->c, vt, v->m->ntypes, v->at);
}

/* Makes room for one more element in *arrayp (see wasm_grow_array). */
static inline int grow(struct fv *v, void *arrayp, size_t *cap, size_t elem)
{
	if (!wasm_grow_array(v->c->a, arrayp, cap, elem, *cap + 1, 64))
		return wasm_err(v->c->err, WASM_ERR_NOMEM,
				(size_t)(v->at - v->m->bytes), "out of memory");
	return 0;
}

static inline int push(struct fv *v, wasm_vt t)
{
	struct wasm_vctx *c = v->c;
	if (c->nvals == c->cap_vals && !wasm_vgrow_vals(c, c->nvals + 1))
		return wasm_err(c->err, WASM_ERR_NOMEM,
				(size_t)(v->at - v->m->bytes), "out of memory");
	c->vals[c->nvals++] = t;
	if (c->nvals > v->max_stack) {
		v->max_stack = (uint32_t)c->nvals;
		if (c->nvals > c->vals_dirty)
			c->vals_dirty = c->nvals;
	}
	return 0;
}

static inline struct wasm_vframe *top(struct fv *v)
{
	return &v->c->ctrls[v->c->nctrls - 1];
}

/* Pops any value into *t (UNKNOWN in unreachable code). */
static inline int pop_any(struct fv *v, wasm_vt *t)
{
	struct wasm_vctx *c = v->c;
	struct wasm_vframe *f = top(v);
	if (c->nvals == f->height) {
		if (f->unreachable) {
			*t = UNKNOWN;
			return 0;
		}
		return mismatch(v);
	}
	*t = c->vals[--c->nvals];
	return 0;
}

static inline int pop(struct fv *v, wasm_vt want)
{
	wasm_vt t = UNKNOWN; /* set by pop_any on success; gcc cannot see it */
	int rc = pop_any(v, &t);
	if (rc)
		return rc;
	if (t != want && t != UNKNOWN && want != UNKNOWN &&
	    !wasm_vt_sub(v->c, t, want))
		return mismatch(v);
	return 0;
}

/* Pops a reference into *t (UNKNOWN in unreachable code). */
static inline int pop_ref(struct fv *v, wasm_vt *t)
{
	int rc = pop_any(v, t);
	if (rc)
		return rc;
	if (*t != UNKNOWN && !wasm_is_reftype(WASM_VT_CODE(*t)))
		return mismatch(v);
	return 0;
}

static inline int pop_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	for (uint32_t i = n; i-- > 0;) {
		int rc = pop(v, types[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static inline int push_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		int rc = push(v, types[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static inline int push_ctrl(struct fv *v, uint8_t op, const wasm_vt *params,
			    uint32_t np, const wasm_vt *results, uint32_t nr,
			    wasm_vt one)
{
	struct wasm_vctx *c = v->c;
	if (c->nctrls == c->cap_ctrls) {
		int rc = grow(v, &c->ctrls, &c->cap_ctrls, sizeof(*c->ctrls));
		if (rc)
			return rc;
	}
	struct wasm_vframe *f = &c->ctrls[c->nctrls++];
	f->op = op;
	f->params = params;
	f->nparams = np;
	f->results = results;
	f->nresults = nr;
	f->one = one;
	f->lundo = (uint32_t)c->nlundo;
	f->height = (uint32_t)c->nvals;
	f->stamp = 0;
	f->unreachable = false;
	if (c->nctrls > v->max_depth)
		v->max_depth = (uint32_t)c->nctrls;
	return push_vals(v, params, np);
}

/* Pops the frame's results and checks the stack is back at its height. */
static inline int end_frame(struct fv *v)
{
	struct wasm_vframe *f = top(v);
	int rc = pop_vals(v, wasm_vframe_results(f), f->nresults);
	if (rc)
		return rc;
	if (v->c->nvals != f->height)
		return mismatch(v);
	/* Locals set inside the frame are unset again after it. */
	struct wasm_vctx *c = v->c;
	while (c->nlundo > f->lundo)
		c->lset[c->lundo[--c->nlundo]] = 0;
	return 0;
}

static inline void set_unreachable(struct fv *v)
{
	struct wasm_vframe *f = top(v);
	v->c->nvals = f->height;
	f->unreachable = true;
}

static inline int label(struct fv *v, uint32_t depth, const wasm_vt **types,
			uint32_t *n)
{
	if (depth >= v->c->nctrls)
		return fail_n(v, "unknown label", depth);
	const struct wasm_vframe *f = &v->c->ctrls[v->c->nctrls - 1 - depth];
	if (f->op == WASM_OP_LOOP) {
		*types = f->params;
		*n = f->nparams;
	} else {
		*types = wasm_vframe_results(f);
		*n = f->nresults;
	}
	return 0;
}

/* A block type: a type index's params and results, or one result
 * (results NULL, the type in in->vt). */
static inline int block_type(struct fv *v, const struct wasm_instr *in,
			     const wasm_vt **params, uint32_t *np,
			     const wasm_vt **results, uint32_t *nr)
{
	int64_t bt = in->bt;
	*params = *results = NULL;
	*np = *nr = 0;
	if (bt == WASM_BLOCKTYPE_EMPTY)
		return 0;
	if (bt < 0) {
		*nr = 1;
		return check_vt(v, in->vt);
	}
	if ((uint64_t)bt >= v->m->ntypes)
		return fail_n(v, "unknown type", (uint64_t)bt);
	if (v->m->typeinfo[bt].kind != WASM_COMP_FUNC)
		return mismatch(v);
	const struct wasm_functype *t = &v->m->types[bt];
	*params = t->vts;
	*np = t->nparams;
	*results = t->vts + t->nparams;
	*nr = t->nresults;
	return 0;
}

static inline bool is_num_or_vec(wasm_vt t)
{
	return t == UNKNOWN || (t >= WASM_V128 && t <= WASM_I32);
}

static inline int need_memory(struct fv *v, uint32_t mem)
{
	v->flags |= WASM_FUNC_USES_MEMORY;
	if (mem >= v->m->nmemories)
		return fail_n(v, "unknown memory", mem);
	return 0;
}

static inline int need_table(struct fv *v, uint32_t t)
{
	v->flags |= WASM_FUNC_USES_TABLES;
	if (t >= v->m->ntables)
		return fail_n(v, "unknown table", t);
	return 0;
}

static inline int need_data(struct fv *v, uint32_t d)
{
	/* With segments present the decoder insisted on a data count
	 * section; without one there are no segments to name. */
	v->c->uses_data_index = true;
	uint32_t n = v->m->has_data_count ? v->m->data_count : v->m->ndatas;
	if (d >= n)
		return fail_n(v, "unknown data segment", d);
	return 0;
}

static inline int need_elem(struct fv *v, uint32_t e)
{
	v->flags |= WASM_FUNC_USES_TABLES;
	if (e >= v->m->nelems)
		return fail_n(v, "unknown elem segment", e);
	return 0;
}

/* The index type of table x of m. */
static inline uint8_t wasm_vtable_itype(const struct wasm_module *m, uint32_t x)
{
	return wasm_limits_index_type(&m->tables[x].type.limits);
}

/* The non-null version of reference type t. */
static inline wasm_vt non_null(wasm_vt t)
{
	return t == UNKNOWN ? UNKNOWN : wasm_vt_ref(false, wasm_vt_heap(t));
}

#endif /* WASM_VALIDATE_STACK_H */
