/*
 * wasm/validate_code.c - type-checking function bodies.
 *
 * This is the spec appendix's validation algorithm: one pass over the body
 * with an operand stack of value types (0 stands for the unknown type that
 * appears after an unconditional branch) and a stack of control frames.
 * Instructions with a fixed stack effect are typed from the signature column
 * of wasm/opcodes.h; the rest are handled one by one below.
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/opcodes_gc.h"
#include "wasm/validate_internal.h"

#define UNKNOWN 0

static int fail(struct fv *v, const char *msg)
{
	return wasm_err(v->c->err, WASM_ERR_INVALID,
			(size_t)(v->at - v->m->bytes), msg);
}

static int fail_n(struct fv *v, const char *msg, uint64_t n)
{
	return wasm_err_n(v->c->err, WASM_ERR_INVALID,
			  (size_t)(v->at - v->m->bytes), msg, n);
}

static int mismatch(struct fv *v)
{
	return fail(v, "type mismatch");
}

/* A value type naming a type index must name one of the module's. */
static int check_vt(struct fv *v, wasm_vt vt)
{
	return wasm_vcheck_vt(v->c, vt, v->m->ntypes, v->at);
}

/* Makes room for one more element in *arrayp (see wasm_grow_array). */
static int grow(struct fv *v, void *arrayp, size_t *cap, size_t elem)
{
	if (!wasm_grow_array(v->c->a, arrayp, cap, elem, *cap + 1, 64))
		return wasm_err(v->c->err, WASM_ERR_NOMEM,
				(size_t)(v->at - v->m->bytes), "out of memory");
	return 0;
}

static inline int push(struct fv *v, wasm_vt t)
{
	struct wasm_vctx *c = v->c;
	if (c->nvals == c->cap_vals) {
		int rc = grow(v, &c->vals, &c->cap_vals, sizeof(*c->vals));
		if (rc)
			return rc;
	}
	c->vals[c->nvals++] = t;
	if (c->nvals > v->max_stack)
		v->max_stack = (uint32_t)c->nvals;
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
static int pop_ref(struct fv *v, wasm_vt *t)
{
	int rc = pop_any(v, t);
	if (rc)
		return rc;
	if (*t != UNKNOWN && !wasm_is_reftype(WASM_VT_CODE(*t)))
		return mismatch(v);
	return 0;
}

static int pop_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	for (uint32_t i = n; i-- > 0;) {
		int rc = pop(v, types[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int push_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		int rc = push(v, types[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int push_ctrl(struct fv *v, uint8_t op, const wasm_vt *params,
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
static int end_frame(struct fv *v)
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

static void set_unreachable(struct fv *v)
{
	struct wasm_vframe *f = top(v);
	v->c->nvals = f->height;
	f->unreachable = true;
}

static int label(struct fv *v, uint32_t depth, const wasm_vt **types,
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
static int block_type(struct fv *v, const struct wasm_instr *in,
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

static bool is_num_or_vec(wasm_vt t)
{
	return t == UNKNOWN || (t >= WASM_V128 && t <= WASM_I32);
}

static int need_memory(struct fv *v, uint32_t mem)
{
	v->flags |= WASM_FUNC_USES_MEMORY;
	if (mem >= v->m->nmemories)
		return fail_n(v, "unknown memory", mem);
	return 0;
}

static int need_table(struct fv *v, uint32_t t)
{
	v->flags |= WASM_FUNC_USES_TABLES;
	if (t >= v->m->ntables)
		return fail_n(v, "unknown table", t);
	return 0;
}

static int need_data(struct fv *v, uint32_t d)
{
	/* With segments present the decoder insisted on a data count
	 * section; without one there are no segments to name. */
	v->c->uses_data_index = true;
	uint32_t n = v->m->has_data_count ? v->m->data_count : v->m->ndatas;
	if (d >= n)
		return fail_n(v, "unknown data segment", d);
	return 0;
}

static int need_elem(struct fv *v, uint32_t e)
{
	v->flags |= WASM_FUNC_USES_TABLES;
	if (e >= v->m->nelems)
		return fail_n(v, "unknown elem segment", e);
	return 0;
}

/* Lanes of the shape of an extract/replace_lane instruction. */
static unsigned lane_count(uint16_t op)
{
	if (op <= WASM_OP_FD_I8X16_REPLACE_LANE)
		return 16;
	if (op <= WASM_OP_FD_I16X8_REPLACE_LANE)
		return 8;
	if (op <= WASM_OP_FD_I32X4_REPLACE_LANE)
		return 4;
	if (op <= WASM_OP_FD_I64X2_REPLACE_LANE)
		return 2;
	if (op <= WASM_OP_FD_F32X4_REPLACE_LANE)
		return 4;
	return 2;
}

/* Checks the immediates of an instruction with a fixed signature. */
static int check_imm(struct fv *v, const struct wasm_instr *in)
{
	const struct wasm_module *m = v->m;
	unsigned natural;
	int rc;

	switch (in->imm) {
	case WASM_IMM_MEMARG:
	case WASM_IMM_MEMARG_LANE:
		if ((rc = need_memory(v, in->mem)))
			return rc;
		natural = in->prefix ? wasm_vfd_align[in->op]
				     : wasm_vsingle_align[in->op];
		if (in->a > natural)
			return fail(v, "alignment must not be larger than "
				       "natural");
		if (in->offset > UINT32_MAX &&
		    !m->memories[in->mem].type.limits.is64)
			return fail(v, "offset out of range");
		if (in->imm == WASM_IMM_MEMARG_LANE &&
		    in->c >= (16u >> natural))
			return fail(v, "invalid lane index");
		return 0;
	case WASM_IMM_MEMORY:
		return need_memory(v, in->mem);
	case WASM_IMM_MEMORY_COPY:
		if ((rc = need_memory(v, in->mem)))
			return rc;
		return need_memory(v, in->mem2);
	case WASM_IMM_MEMORY_INIT:
		if ((rc = need_memory(v, in->mem)))
			return rc;
		return need_data(v, in->a);
	case WASM_IMM_DATA:
		return need_data(v, in->a);
	case WASM_IMM_TABLE:
		return need_table(v, in->a);
	case WASM_IMM_ELEM:
		return need_elem(v, in->a);
	case WASM_IMM_TABLE_INIT:
		/* Binary order: element index, then table index. */
		if ((rc = need_table(v, in->b)) || (rc = need_elem(v, in->a)))
			return rc;
		if (!wasm_vt_sub(v->c, m->elems[in->a].vt,
				 wasm_table_vt(&m->tables[in->b].type)))
			return mismatch(v);
		return 0;
	case WASM_IMM_TABLE_COPY: /* the source's elements fit the dest */
		if ((rc = need_table(v, in->a)) || (rc = need_table(v, in->b)))
			return rc;
		if (!wasm_vt_sub(v->c, wasm_table_vt(&m->tables[in->b].type),
				 wasm_table_vt(&m->tables[in->a].type)))
			return mismatch(v);
		return 0;
	case WASM_IMM_LANE:
		if (in->c >= lane_count(in->op))
			return fail(v, "invalid lane index");
		return 0;
	case WASM_IMM_SHUFFLE:
		for (int i = 0; i < 16; i++)
			if (in->vec[i] >= 32)
				return fail(v, "invalid lane index");
		return 0;
	default:
		return 0;
	}
}

static uint8_t table_itype(const struct wasm_module *m, uint32_t x)
{
	return wasm_limits_index_type(&m->tables[x].type.limits);
}

/*
 * The signature of a fixed-signature instruction, with the i32 addresses,
 * indices and sizes of memory64 memories and table64 tables made i64
 * (the instruction's immediates are checked already).
 */
static struct wasm_vsig indexed_sig(const struct wasm_module *m,
				    const struct wasm_instr *in, uint8_t sig)
{
	struct wasm_vsig s = wasm_vsigs[sig];
	uint8_t a, b;
	switch (in->imm) {
	case WASM_IMM_MEMARG:
	case WASM_IMM_MEMARG_LANE: /* the address comes first */
		s.params[0] = wasm_vmem_itype(m, in->mem);
		break;
	case WASM_IMM_MEMORY: /* memory.size, memory.grow, memory.fill */
		a = wasm_vmem_itype(m, in->mem);
		if (s.result)
			s.result = a;
		if (s.nparams == 1)
			s.params[0] = a;
		else if (s.nparams == 3)
			s.params[0] = s.params[2] = a;
		break;
	case WASM_IMM_MEMORY_INIT:
		s.params[0] = wasm_vmem_itype(m, in->mem);
		break;
	case WASM_IMM_MEMORY_COPY:
	case WASM_IMM_TABLE_COPY:
		a = in->imm == WASM_IMM_TABLE_COPY
			    ? table_itype(m, in->a)
			    : wasm_vmem_itype(m, in->mem);
		b = in->imm == WASM_IMM_TABLE_COPY
			    ? table_itype(m, in->b)
			    : wasm_vmem_itype(m, in->mem2);
		s.params[0] = a;
		s.params[1] = b;
		s.params[2] =
			a == WASM_I64 && b == WASM_I64 ? WASM_I64 : WASM_I32;
		break;
	case WASM_IMM_TABLE_INIT:
		s.params[0] = table_itype(m, in->b);
		break;
	case WASM_IMM_TABLE: /* table.size */
		if (s.result)
			s.result = table_itype(m, in->a);
		break;
	default:
		break;
	}
	return s;
}

static int apply_sig(struct fv *v, const struct wasm_instr *in, uint8_t sig)
{
	const struct wasm_vsig s = indexed_sig(v->m, in, sig);
	for (uint32_t i = s.nparams; i-- > 0;) {
		int rc = pop(v, s.params[i]);
		if (rc)
			return rc;
	}
	return s.result ? push(v, s.result) : 0;
}

static int check_call(struct fv *v, const struct wasm_functype *t)
{
	int rc = pop_vals(v, t->vts, t->nparams);
	if (rc)
		return rc;
	return push_vals(v, t->vts + t->nparams, t->nresults);
}

/* return_call*: the callee's results must be the caller's (the callee
 * returns to the caller's caller); its parameters are popped, and the
 * rest of the block is unreachable. */
static int check_return_call(struct fv *v, const struct wasm_functype *t,
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

static int br_table(struct fv *v, const struct wasm_instr *in)
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

/* The non-null version of reference type t. */
static wasm_vt non_null(wasm_vt t)
{
	return t == UNKNOWN ? UNKNOWN : wasm_vt_ref(false, wasm_vt_heap(t));
}

/* br_on_null l and br_on_non_null l (typed function references). */
static int br_on_null(struct fv *v, const struct wasm_instr *in)
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
static int call_ref(struct fv *v, const struct wasm_instr *in,
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
		return check_return_call(v, &v->m->types[in->a], ft);
	return check_call(v, &v->m->types[in->a]);
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

static int local_op(struct fv *v, const struct wasm_instr *in,
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
static int structured(struct fv *v, const struct wasm_instr *in, bool *done)
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

/* ---- exception handling -------------------------------------------------- */

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
static int special_eh(struct fv *v, const struct wasm_instr *in)
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

/* ---- the helpers validate_gc.c uses (validate_internal.h) ------------- */

int wasm_vpush(struct fv *v, wasm_vt t)
{
	return push(v, t);
}

int wasm_vpop(struct fv *v, wasm_vt want)
{
	return pop(v, want);
}

int wasm_vpop_any(struct fv *v, wasm_vt *t)
{
	return pop_any(v, t);
}

int wasm_vpop_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	return pop_vals(v, types, n);
}

int wasm_vpush_vals(struct fv *v, const wasm_vt *types, uint32_t n)
{
	return push_vals(v, types, n);
}

int wasm_vlabel(struct fv *v, uint32_t depth, const wasm_vt **types,
		uint32_t *n)
{
	return label(v, depth, types, n);
}

int wasm_vfail(struct fv *v, const char *msg)
{
	return fail(v, msg);
}

int wasm_vcheck(struct fv *v, wasm_vt vt)
{
	return check_vt(v, vt);
}

int wasm_vneed_data(struct fv *v, uint32_t d)
{
	return need_data(v, d);
}

int wasm_vneed_elem(struct fv *v, uint32_t e)
{
	return need_elem(v, e);
}

/* Handles the instructions without a fixed signature (prefix 0). */
static int special(struct fv *v, const struct wasm_instr *in,
		   const struct wasm_functype *ft, const struct wasm_func *fn,
		   bool *done)
{
	const struct wasm_module *m = v->m;
	const wasm_vt *types;
	uint32_t n;
	wasm_vt t = UNKNOWN,
		t2 = UNKNOWN; /* set by pop_any; gcc cannot see it */
	int rc;

	switch (in->op) {
	case WASM_OP_UNREACHABLE:
		set_unreachable(v);
		return 0;
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
	case WASM_OP_ELSE:
	case WASM_OP_END:
		return structured(v, in, done);
	case WASM_OP_BR:
		if ((rc = label(v, in->a, &types, &n)) ||
		    (rc = pop_vals(v, types, n)))
			return rc;
		set_unreachable(v);
		return 0;
	case WASM_OP_BR_IF:
		if ((rc = pop(v, WASM_I32)) ||
		    (rc = label(v, in->a, &types, &n)) ||
		    (rc = pop_vals(v, types, n)))
			return rc;
		return push_vals(v, types, n);
	case WASM_OP_BR_TABLE:
		return br_table(v, in);
	case WASM_OP_BR_ON_NULL:
	case WASM_OP_BR_ON_NON_NULL:
		return br_on_null(v, in);
	case WASM_OP_RETURN:
		if ((rc = pop_vals(v, ft->vts + ft->nparams, ft->nresults)))
			return rc;
		set_unreachable(v);
		return 0;
	case WASM_OP_CALL:
		v->flags |= WASM_FUNC_HAS_CALLS;
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		return check_call(v, wasm_module_func_type(m, in->a));
	case WASM_OP_CALL_INDIRECT:
	case WASM_OP_RETURN_CALL_INDIRECT:
		v->flags |= WASM_FUNC_HAS_CALLS;
		if ((rc = need_table(v, in->b)))
			return rc;
		if (!wasm_vt_sub(v->c, wasm_table_vt(&m->tables[in->b].type),
				 WASM_FUNCREF))
			return mismatch(v);
		if (in->a >= m->ntypes)
			return fail_n(v, "unknown type", in->a);
		if (m->typeinfo[in->a].kind != WASM_COMP_FUNC)
			return mismatch(v);
		if ((rc = pop(v, table_itype(m, in->b))))
			return rc;
		if (in->op == WASM_OP_RETURN_CALL_INDIRECT)
			return check_return_call(v, &m->types[in->a], ft);
		return check_call(v, &m->types[in->a]);
	case WASM_OP_RETURN_CALL:
		v->flags |= WASM_FUNC_HAS_CALLS;
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		return check_return_call(v, wasm_module_func_type(m, in->a),
					 ft);
	case WASM_OP_CALL_REF:
	case WASM_OP_RETURN_CALL_REF:
		return call_ref(v, in, ft);
	case WASM_OP_DROP:
		return pop_any(v, &t);
	case WASM_OP_SELECT:
		if ((rc = pop(v, WASM_I32)) || (rc = pop_any(v, &t)) ||
		    (rc = pop_any(v, &t2)))
			return rc;
		if (!is_num_or_vec(t) || !is_num_or_vec(t2))
			return mismatch(v);
		if (t != UNKNOWN && t2 != UNKNOWN && t != t2)
			return mismatch(v);
		return push(v, t == UNKNOWN ? t2 : t);
	case WASM_OP_SELECT_T:
		if (in->a != 1)
			return fail(v, "invalid result arity");
		t = in->vt;
		if ((rc = check_vt(v, t)) || (rc = pop(v, WASM_I32)) ||
		    (rc = pop(v, t)) || (rc = pop(v, t)))
			return rc;
		return push(v, t);
	case WASM_OP_LOCAL_GET:
	case WASM_OP_LOCAL_SET:
	case WASM_OP_LOCAL_TEE:
		return local_op(v, in, ft, fn);
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_GLOBAL_SET:
		if (in->a >= m->nglobals)
			return fail_n(v, "unknown global", in->a);
		t = wasm_global_vt(&m->globals[in->a].type);
		if (in->op == WASM_OP_GLOBAL_GET)
			return push(v, t);
		if (!m->globals[in->a].type.mut)
			return fail(v, "global is immutable");
		return pop(v, t);
	case WASM_OP_TABLE_GET:
		if ((rc = need_table(v, in->a)) ||
		    (rc = pop(v, table_itype(m, in->a))))
			return rc;
		return push(v, wasm_table_vt(&m->tables[in->a].type));
	case WASM_OP_TABLE_SET:
		if ((rc = need_table(v, in->a)) ||
		    (rc = pop(v, wasm_table_vt(&m->tables[in->a].type))))
			return rc;
		return pop(v, table_itype(m, in->a));
	case WASM_OP_REF_NULL:
		if ((rc = check_vt(v, in->vt)))
			return rc;
		return push(v, in->vt);
	case WASM_OP_REF_IS_NULL:
		if ((rc = pop_ref(v, &t)))
			return rc;
		return push(v, WASM_I32);
	case WASM_OP_REF_AS_NON_NULL:
		if ((rc = pop_ref(v, &t)))
			return rc;
		return push(v, non_null(t));
	case WASM_OP_REF_EQ:
		return wasm_validate_gc(v, in);
	case WASM_OP_REF_FUNC:
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		if (!v->c->declared[in->a])
			return fail(v, "undeclared function reference");
		/* 3.0: (ref $t) of the function's type; funcref in 2.0. */
		if (!(m->features & WASM_FEATURE_FUNC_REFS))
			return push(v, WASM_FUNCREF);
		return push(v,
			    wasm_vt_ref(false,
					WASM_HT_INDEX0 + m->funcs[in->a].type));
	case WASM_OP_THROW:
	case WASM_OP_THROW_REF:
	case WASM_OP_TRY_TABLE:
	case WASM_OP_TRY:
	case WASM_OP_CATCH:
	case WASM_OP_CATCH_ALL:
	case WASM_OP_DELEGATE:
	case WASM_OP_RETHROW:
		return special_eh(v, in);
	default:
		/* Only reached for opcodes the tables mark special but that
		 * have no case above: a bug, reported rather than ignored. */
		return fail(v, "unsupported instruction");
	}
}

static int special_fc(struct fv *v, const struct wasm_instr *in)
{
	const struct wasm_module *m = v->m;
	int rc;

	if ((rc = need_table(v, in->a)))
		return rc;
	wasm_vt et = wasm_table_vt(&m->tables[in->a].type);
	uint8_t it = table_itype(m, in->a);
	switch (in->op) {
	case WASM_OP_FC_TABLE_GROW:
		if ((rc = pop(v, it)) || (rc = pop(v, et)))
			return rc;
		return push(v, it);
	case WASM_OP_FC_TABLE_FILL:
		if ((rc = pop(v, it)) || (rc = pop(v, et)))
			return rc;
		return pop(v, it);
	default:
		return fail(v, "unsupported instruction");
	}
}

/* The fast path's local types of fn (type ft) into c->ltypes: 0 or
 * WASM_ERR_NOMEM. */
static int fast_locals(struct fv *v, const struct wasm_functype *ft,
		       const struct wasm_func *fn)
{
	struct wasm_vctx *c = v->c;
	size_t n = (size_t)ft->nparams + fn->nlocals;
	if (n > c->cap_ltypes &&
	    !wasm_grow_array(c->a, &c->ltypes, &c->cap_ltypes,
			     sizeof(*c->ltypes), n, 16))
		return wasm_err(c->err, WASM_ERR_NOMEM, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		wasm_vt t = wasm_vlocal_type(ft, fn, (uint32_t)i);
		c->ltypes[i] = WASM_VT_CODE(t) == WASM_REF ? 0 : t;
	}
	return 0;
}

/*
 * Validates the body of defined function funcidx and records its facts;
 * 0, or an error code with ctx->err filled in.
 */
int wasm_validate_func(struct wasm_vctx *c, uint32_t funcidx)
{
	const struct wasm_module *m = c->m;
	struct wasm_func *fn = &m->funcs[funcidx];
	struct fv v = {.c = c, .m = m, .at = fn->body};
	const struct wasm_functype *ft;
	struct wasm_instr in;
	const uint8_t *p = fn->body, *end = fn->body_end;
	uint32_t ninstrs = 0;
	bool done = false;
	int rc;

	if (fn->type >= m->ntypes)
		return fail_n(&v, "unknown type", fn->type);
	ft = &m->types[fn->type];
	c->nvals = 0;
	c->nctrls = 0;
	c->nlundo = 0;
	if (fn->local_vts) {
		/* Typed locals: their types must exist; lset tracks the
		 * non-nullable ones. */
		if (c->cap_lset < fn->nlocals) {
			wasm_free(c->a, c->lset, c->cap_lset);
			c->cap_lset = 0;
			c->lset = wasm_alloc(c->a, fn->nlocals);
			if (!c->lset)
				return wasm_err(c->err, WASM_ERR_NOMEM, 0,
						"out of memory");
			c->cap_lset = fn->nlocals;
		}
		if (fn->nlocals) /* a typed group of 0 locals: no lset */
			memset(c->lset, 0, fn->nlocals);
		for (uint32_t i = 0; i < fn->nlocals; i++)
			if ((rc = check_vt(&v, fn->local_vts[i])))
				return rc;
	}
	if (!c->general_only && (rc = fast_locals(&v, ft, fn)))
		return rc;
	if ((rc = push_ctrl(&v, WASM_OP_CALL, NULL, 0, ft->vts + ft->nparams,
			    ft->nresults, 0)))
		return rc;

	while (!done) {
		if (!c->general_only)
			ninstrs += wasm_vfast_run(&v, &p, end, ft, fn);
		if (p >= end)
			return wasm_err(c->err, WASM_ERR_MALFORMED,
					(size_t)(p - m->bytes),
					"END opcode expected");
		rc = wasm_read_instr_features(&p, end, m->bytes,
					      c->read_features, &in, c->err);
		if (rc)
			return rc;
		v.at = in.pos;
		/* An instruction of a proposal not allowed does not exist
		 * (as in the decoder's walk of the body). */
		uint32_t feature = wasm_instr_feature(in.prefix, in.op);
		if (feature & ~c->read_features)
			return wasm_err(c->err, WASM_ERR_MALFORMED,
					(size_t)(in.pos - m->bytes),
					"illegal opcode");
		c->features_used |= feature;
		if (in.mem || in.mem2)
			c->features_used |= WASM_FEATURE_MULTI_MEMORY;
		ninstrs++;
		uint8_t sig;
		if (in.prefix == 0) {
			sig = wasm_vsingle_sig[in.op];
			if (sig == WASM_SIG_special) {
				if ((rc = special(&v, &in, ft, fn, &done)))
					return rc;
				continue;
			}
		} else if (in.prefix == WASM_PREFIX_FB) {
			if ((rc = wasm_validate_gc(&v, &in)))
				return rc;
			continue;
		} else if (in.prefix == WASM_PREFIX_FC) {
			sig = wasm_vfc_sig[in.op];
			if (sig == WASM_SIG_special) {
				if ((rc = special_fc(&v, &in)))
					return rc;
				continue;
			}
		} else {
			v.flags |= WASM_FUNC_USES_SIMD;
			sig = wasm_vfd_sig[in.op];
		}
		if ((rc = check_imm(&v, &in)) || (rc = apply_sig(&v, &in, sig)))
			return rc;
	}
	if (p != end)
		return wasm_err(c->err, WASM_ERR_MALFORMED,
				(size_t)(p - m->bytes),
				"section size mismatch");
	fn->max_stack = v.max_stack;
	fn->max_depth = v.max_depth;
	fn->ninstrs = ninstrs;
	fn->flags = v.flags;
	return 0;
}
