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
#include "wasm/opcodes.h"
#include "wasm/validate_internal.h"

#define UNKNOWN 0

struct sig_desc {
	uint8_t result; /* 0 = none */
	uint8_t nparams;
	uint8_t params[3];
};

static const struct sig_desc sigs[] = {
	[WASM_SIG_0_0] = {0, 0, {0}},
	[WASM_SIG_0_id] = {0, 2, {WASM_I32, WASM_F64}},
	[WASM_SIG_0_if] = {0, 2, {WASM_I32, WASM_F32}},
	[WASM_SIG_0_ii] = {0, 2, {WASM_I32, WASM_I32}},
	[WASM_SIG_0_iii] = {0, 3, {WASM_I32, WASM_I32, WASM_I32}},
	[WASM_SIG_0_il] = {0, 2, {WASM_I32, WASM_I64}},
	[WASM_SIG_0_iv] = {0, 2, {WASM_I32, WASM_V128}},
	[WASM_SIG_d_0] = {WASM_F64, 0, {0}},
	[WASM_SIG_d_d] = {WASM_F64, 1, {WASM_F64}},
	[WASM_SIG_d_dd] = {WASM_F64, 2, {WASM_F64, WASM_F64}},
	[WASM_SIG_d_f] = {WASM_F64, 1, {WASM_F32}},
	[WASM_SIG_d_i] = {WASM_F64, 1, {WASM_I32}},
	[WASM_SIG_d_l] = {WASM_F64, 1, {WASM_I64}},
	[WASM_SIG_d_v] = {WASM_F64, 1, {WASM_V128}},
	[WASM_SIG_f_0] = {WASM_F32, 0, {0}},
	[WASM_SIG_f_d] = {WASM_F32, 1, {WASM_F64}},
	[WASM_SIG_f_f] = {WASM_F32, 1, {WASM_F32}},
	[WASM_SIG_f_ff] = {WASM_F32, 2, {WASM_F32, WASM_F32}},
	[WASM_SIG_f_i] = {WASM_F32, 1, {WASM_I32}},
	[WASM_SIG_f_l] = {WASM_F32, 1, {WASM_I64}},
	[WASM_SIG_f_v] = {WASM_F32, 1, {WASM_V128}},
	[WASM_SIG_i_0] = {WASM_I32, 0, {0}},
	[WASM_SIG_i_d] = {WASM_I32, 1, {WASM_F64}},
	[WASM_SIG_i_dd] = {WASM_I32, 2, {WASM_F64, WASM_F64}},
	[WASM_SIG_i_f] = {WASM_I32, 1, {WASM_F32}},
	[WASM_SIG_i_ff] = {WASM_I32, 2, {WASM_F32, WASM_F32}},
	[WASM_SIG_i_i] = {WASM_I32, 1, {WASM_I32}},
	[WASM_SIG_i_ii] = {WASM_I32, 2, {WASM_I32, WASM_I32}},
	[WASM_SIG_i_l] = {WASM_I32, 1, {WASM_I64}},
	[WASM_SIG_i_ll] = {WASM_I32, 2, {WASM_I64, WASM_I64}},
	[WASM_SIG_i_v] = {WASM_I32, 1, {WASM_V128}},
	[WASM_SIG_l_0] = {WASM_I64, 0, {0}},
	[WASM_SIG_l_d] = {WASM_I64, 1, {WASM_F64}},
	[WASM_SIG_l_f] = {WASM_I64, 1, {WASM_F32}},
	[WASM_SIG_l_i] = {WASM_I64, 1, {WASM_I32}},
	[WASM_SIG_l_l] = {WASM_I64, 1, {WASM_I64}},
	[WASM_SIG_l_ll] = {WASM_I64, 2, {WASM_I64, WASM_I64}},
	[WASM_SIG_l_v] = {WASM_I64, 1, {WASM_V128}},
	[WASM_SIG_special] = {0, 0, {0}},
	[WASM_SIG_v_0] = {WASM_V128, 0, {0}},
	[WASM_SIG_v_d] = {WASM_V128, 1, {WASM_F64}},
	[WASM_SIG_v_f] = {WASM_V128, 1, {WASM_F32}},
	[WASM_SIG_v_i] = {WASM_V128, 1, {WASM_I32}},
	[WASM_SIG_v_iv] = {WASM_V128, 2, {WASM_I32, WASM_V128}},
	[WASM_SIG_v_l] = {WASM_V128, 1, {WASM_I64}},
	[WASM_SIG_v_v] = {WASM_V128, 1, {WASM_V128}},
	[WASM_SIG_v_vd] = {WASM_V128, 2, {WASM_V128, WASM_F64}},
	[WASM_SIG_v_vf] = {WASM_V128, 2, {WASM_V128, WASM_F32}},
	[WASM_SIG_v_vi] = {WASM_V128, 2, {WASM_V128, WASM_I32}},
	[WASM_SIG_v_vl] = {WASM_V128, 2, {WASM_V128, WASM_I64}},
	[WASM_SIG_v_vv] = {WASM_V128, 2, {WASM_V128, WASM_V128}},
	[WASM_SIG_v_vvv] = {WASM_V128, 3, {WASM_V128, WASM_V128, WASM_V128}},
};

#define SIG_ENTRY(name, code, imm, sig, align, text) [code] = WASM_SIG_##sig,
static const uint8_t single_sig[256] = {WASM_OPCODES_SINGLE(SIG_ENTRY)};
static const uint8_t fc_sig[WASM_OP_FC_COUNT] = {WASM_OPCODES_FC(SIG_ENTRY)};
static const uint8_t fd_sig[WASM_OP_FD_COUNT] = {WASM_OPCODES_FD(SIG_ENTRY)};
#undef SIG_ENTRY

#define ALIGN_ENTRY(name, code, imm, sig, align, text) [code] = align,
static const uint8_t single_align[256] = {WASM_OPCODES_SINGLE(ALIGN_ENTRY)};
static const uint8_t fd_align[WASM_OP_FD_COUNT] = {
	WASM_OPCODES_FD(ALIGN_ENTRY)};
#undef ALIGN_ENTRY

/* one_type[t] == t: a stable one-element result list for block types. */
static const uint8_t one_type[256] = {
	[WASM_I32] = WASM_I32,
	[WASM_I64] = WASM_I64,
	[WASM_F32] = WASM_F32,
	[WASM_F64] = WASM_F64,
	[WASM_V128] = WASM_V128,
	[WASM_FUNCREF] = WASM_FUNCREF,
	[WASM_EXTERNREF] = WASM_EXTERNREF,
	[WASM_EXNREF] = WASM_EXNREF,
};

/* Per-body state. */
struct fv {
	struct wasm_vctx *c;
	const struct wasm_module *m;
	const uint8_t *at; /* current instruction, for error offsets */
	uint32_t max_stack;
	uint32_t max_depth;
	uint32_t flags;
};

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

/* Makes room for one more element in *arrayp (see wasm_grow_array). */
static int grow(struct fv *v, void *arrayp, size_t *cap, size_t elem)
{
	if (!wasm_grow_array(v->c->a, arrayp, cap, elem, *cap + 1, 64))
		return wasm_err(v->c->err, WASM_ERR_NOMEM,
				(size_t)(v->at - v->m->bytes), "out of memory");
	return 0;
}

static inline int push(struct fv *v, uint8_t t)
{
	struct wasm_vctx *c = v->c;
	if (c->nvals == c->cap_vals) {
		int rc = grow(v, &c->vals, &c->cap_vals, 1);
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
static inline int pop_any(struct fv *v, uint8_t *t)
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

static inline int pop(struct fv *v, uint8_t want)
{
	uint8_t t = UNKNOWN; /* set by pop_any on success; gcc cannot see it */
	int rc = pop_any(v, &t);
	if (rc)
		return rc;
	if (t != want && t != UNKNOWN && want != UNKNOWN)
		return mismatch(v);
	return 0;
}

static int pop_vals(struct fv *v, const uint8_t *types, uint32_t n)
{
	for (uint32_t i = n; i-- > 0;) {
		int rc = pop(v, types[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int push_vals(struct fv *v, const uint8_t *types, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		int rc = push(v, types[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int push_ctrl(struct fv *v, uint8_t op, const uint8_t *params,
		     uint32_t np, const uint8_t *results, uint32_t nr)
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
	int rc = pop_vals(v, f->results, f->nresults);
	if (rc)
		return rc;
	if (v->c->nvals != f->height)
		return mismatch(v);
	return 0;
}

static void set_unreachable(struct fv *v)
{
	struct wasm_vframe *f = top(v);
	v->c->nvals = f->height;
	f->unreachable = true;
}

static int label(struct fv *v, uint32_t depth, const uint8_t **types,
		 uint32_t *n)
{
	if (depth >= v->c->nctrls)
		return fail_n(v, "unknown label", depth);
	const struct wasm_vframe *f = &v->c->ctrls[v->c->nctrls - 1 - depth];
	if (f->op == WASM_OP_LOOP) {
		*types = f->params;
		*n = f->nparams;
	} else {
		*types = f->results;
		*n = f->nresults;
	}
	return 0;
}

static int block_type(struct fv *v, int64_t bt, const uint8_t **params,
		      uint32_t *np, const uint8_t **results, uint32_t *nr)
{
	*params = *results = NULL;
	*np = *nr = 0;
	if (bt == WASM_BLOCKTYPE_EMPTY)
		return 0;
	if (bt < 0) {
		*results = &one_type[(uint8_t)(bt + 0x80)];
		*nr = 1;
		return 0;
	}
	if ((uint64_t)bt >= v->m->ntypes)
		return fail_n(v, "unknown type", (uint64_t)bt);
	const struct wasm_functype *t = &v->m->types[bt];
	*params = wasm_functype_params(t);
	*np = t->nparams;
	*results = wasm_functype_results(t);
	*nr = t->nresults;
	return 0;
}

static bool is_num_or_vec(uint8_t t)
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
		natural = in->prefix ? fd_align[in->op] : single_align[in->op];
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
		if (m->elems[in->a].type != m->tables[in->b].type.elem)
			return mismatch(v);
		return 0;
	case WASM_IMM_TABLE_COPY:
		if ((rc = need_table(v, in->a)) || (rc = need_table(v, in->b)))
			return rc;
		if (m->tables[in->a].type.elem != m->tables[in->b].type.elem)
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

static uint8_t mem_itype(const struct wasm_module *m, uint32_t x)
{
	return wasm_limits_index_type(&m->memories[x].type.limits);
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
static struct sig_desc indexed_sig(const struct wasm_module *m,
				   const struct wasm_instr *in, uint8_t sig)
{
	struct sig_desc s = sigs[sig];
	uint8_t a, b;
	switch (in->imm) {
	case WASM_IMM_MEMARG:
	case WASM_IMM_MEMARG_LANE: /* the address comes first */
		s.params[0] = mem_itype(m, in->mem);
		break;
	case WASM_IMM_MEMORY: /* memory.size, memory.grow, memory.fill */
		a = mem_itype(m, in->mem);
		if (s.result)
			s.result = a;
		if (s.nparams == 1)
			s.params[0] = a;
		else if (s.nparams == 3)
			s.params[0] = s.params[2] = a;
		break;
	case WASM_IMM_MEMORY_INIT:
		s.params[0] = mem_itype(m, in->mem);
		break;
	case WASM_IMM_MEMORY_COPY:
	case WASM_IMM_TABLE_COPY:
		a = in->imm == WASM_IMM_TABLE_COPY ? table_itype(m, in->a)
						   : mem_itype(m, in->mem);
		b = in->imm == WASM_IMM_TABLE_COPY ? table_itype(m, in->b)
						   : mem_itype(m, in->mem2);
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
	const struct sig_desc s = indexed_sig(v->m, in, sig);
	int rc = pop_vals(v, s.params, s.nparams);
	if (rc)
		return rc;
	return s.result ? push(v, s.result) : 0;
}

static uint8_t local_type(const struct wasm_functype *ft,
			  const struct wasm_func *f, uint32_t idx)
{
	if (idx < ft->nparams)
		return ft->types[idx];
	return f->local_types[idx - ft->nparams];
}

static int check_call(struct fv *v, const struct wasm_functype *t)
{
	int rc = pop_vals(v, wasm_functype_params(t), t->nparams);
	if (rc)
		return rc;
	return push_vals(v, wasm_functype_results(t), t->nresults);
}

/* return_call*: the callee's results are the caller's (the callee returns
 * to the caller's caller); its parameters are popped, and the rest of the
 * block is unreachable. */
static int check_return_call(struct fv *v, const struct wasm_functype *t,
			     const struct wasm_functype *ft)
{
	if (t->nresults != ft->nresults ||
	    memcmp(wasm_functype_results(t), wasm_functype_results(ft),
		   t->nresults) != 0)
		return mismatch(v);
	int rc = pop_vals(v, wasm_functype_params(t), t->nparams);
	if (rc)
		return rc;
	set_unreachable(v);
	return 0;
}

/* Checks, without popping, that the top of the stack matches types[n]. */
static int peek_vals(struct fv *v, const uint8_t *types, uint32_t n)
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
		uint8_t have = c->vals[c->nvals - k + i];
		uint8_t want = types[n - k + i];
		if (have != want && have != UNKNOWN)
			return mismatch(v);
	}
	return 0;
}

static int br_table(struct fv *v, const struct wasm_instr *in)
{
	const uint8_t *cur = in->vec, *types, *dtypes;
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

/* ---- exception handling -------------------------------------------------- */

/* The payload type of tag x ("unknown tag x"). */
static int tag_type(struct fv *v, uint32_t x, const struct wasm_functype **t)
{
	if (x >= v->m->ntags || v->m->tags[x].type >= v->m->ntypes)
		return fail_n(v, "unknown tag", x);
	*t = &v->m->types[v->m->tags[x].type];
	return 0;
}

/* The values label depth takes equal n types (the catch clauses'
 * check; no subtyping among these types). */
static int label_is(struct fv *v, uint32_t depth, const uint8_t *types,
		    uint32_t n, bool ref)
{
	const uint8_t *lt;
	uint32_t ln;
	int rc = label(v, depth, &lt, &ln);
	if (rc)
		return rc;
	if (ln != n + ref || (n && memcmp(lt, types, n)) ||
	    (ref && lt[n] != WASM_EXNREF))
		return mismatch(v);
	return 0;
}

/* try_table's catch clauses, checked before its frame is pushed: their
 * labels are those around the try_table. */
static int try_table_catches(struct fv *v, const struct wasm_instr *in)
{
	const uint8_t *cur = in->vec;
	const struct wasm_functype *t;
	int rc;
	for (uint32_t i = 0; i < in->a; i++) {
		struct wasm_catch c = wasm_catch_next(&cur);
		bool ref = c.kind == WASM_CATCH_REF ||
			   c.kind == WASM_CATCH_ALL_REF;
		if (c.kind <= WASM_CATCH_REF) {
			if ((rc = tag_type(v, c.tag, &t)) ||
			    (rc = label_is(v, c.label, wasm_functype_params(t),
					   t->nparams, ref)))
				return rc;
		} else if ((rc = label_is(v, c.label, NULL, 0, ref))) {
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
	return t ? push_vals(v, wasm_functype_params(t), t->nparams) : 0;
}

/* Exception handling's instructions (prefix 0); *done as special(). */
static int special_eh(struct fv *v, const struct wasm_instr *in)
{
	const uint8_t *params, *results;
	const struct wasm_functype *t;
	struct wasm_vframe *f;
	uint32_t np, nr;
	int rc;

	switch (in->op) {
	case WASM_OP_THROW:
		if ((rc = tag_type(v, in->a, &t)) ||
		    (rc = pop_vals(v, wasm_functype_params(t), t->nparams)))
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
		if ((rc = block_type(v, in->bt, &params, &np, &results, &nr)) ||
		    (in->op == WASM_OP_TRY_TABLE &&
		     (rc = try_table_catches(v, in))) ||
		    (rc = pop_vals(v, params, np)))
			return rc;
		return push_ctrl(v, (uint8_t)in->op, params, np, results, nr);
	case WASM_OP_CATCH:
	case WASM_OP_CATCH_ALL:
		return legacy_catch(v, in);
	case WASM_OP_DELEGATE:
		f = top(v);
		if (f->op != WASM_OP_TRY)
			return wasm_err(v->c->err, WASM_ERR_MALFORMED,
					(size_t)(v->at - v->m->bytes),
					"END opcode expected");
		if ((rc = end_frame(v)))
			return rc;
		/* The label is counted from outside the try. */
		if (in->a >= v->c->nctrls - 1)
			return fail_n(v, "unknown label", in->a);
		results = f->results;
		nr = f->nresults;
		v->c->nctrls--;
		return push_vals(v, results, nr);
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

/* Handles the instructions without a fixed signature (prefix 0). */
static int special(struct fv *v, const struct wasm_instr *in,
		   const struct wasm_functype *ft, const struct wasm_func *fn,
		   bool *done)
{
	const struct wasm_module *m = v->m;
	struct wasm_vframe *f;
	const uint8_t *params, *results, *types;
	uint32_t np, nr, n;
	uint8_t t = UNKNOWN,
		t2 = UNKNOWN; /* set by pop_any; gcc cannot see it */
	int rc;

	switch (in->op) {
	case WASM_OP_UNREACHABLE:
		set_unreachable(v);
		return 0;
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		if (in->op == WASM_OP_LOOP)
			v->flags |= WASM_FUNC_HAS_LOOPS;
		if ((rc = block_type(v, in->bt, &params, &np, &results, &nr)))
			return rc;
		if (in->op == WASM_OP_IF && (rc = pop(v, WASM_I32)))
			return rc;
		if ((rc = pop_vals(v, params, np)))
			return rc;
		return push_ctrl(v, (uint8_t)in->op, params, np, results, nr);
	case WASM_OP_ELSE:
		f = top(v);
		if (f->op != WASM_OP_IF)
			return wasm_err(v->c->err, WASM_ERR_MALFORMED,
					(size_t)(v->at - m->bytes),
					"END opcode expected");
		if ((rc = end_frame(v)))
			return rc;
		f->op = WASM_OP_ELSE;
		f->unreachable = false;
		return push_vals(v, f->params, f->nparams);
	case WASM_OP_END:
		f = top(v);
		if ((rc = end_frame(v)))
			return rc;
		if (f->op == WASM_OP_IF) {
			/* No else: the empty else branch must map the
			 * params to the results. */
			if (f->nparams != f->nresults ||
			    (f->nparams &&
			     memcmp(f->params, f->results, f->nparams)))
				return mismatch(v);
		}
		results = f->results;
		nr = f->nresults;
		v->c->nctrls--;
		if (v->c->nctrls == 0) {
			*done = true;
			return 0;
		}
		return push_vals(v, results, nr);
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
	case WASM_OP_RETURN:
		if ((rc = pop_vals(v, wasm_functype_results(ft), ft->nresults)))
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
		if (m->tables[in->b].type.elem != WASM_FUNCREF)
			return mismatch(v);
		if (in->a >= m->ntypes)
			return fail_n(v, "unknown type", in->a);
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
		t = in->vec[0];
		if ((rc = pop(v, WASM_I32)) || (rc = pop(v, t)) ||
		    (rc = pop(v, t)))
			return rc;
		return push(v, t);
	case WASM_OP_LOCAL_GET:
	case WASM_OP_LOCAL_SET:
	case WASM_OP_LOCAL_TEE:
		if ((uint64_t)in->a >= (uint64_t)ft->nparams + fn->nlocals)
			return fail_n(v, "unknown local", in->a);
		t = local_type(ft, fn, in->a);
		if (in->op == WASM_OP_LOCAL_GET)
			return push(v, t);
		if ((rc = pop(v, t)))
			return rc;
		return in->op == WASM_OP_LOCAL_TEE ? push(v, t) : 0;
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_GLOBAL_SET:
		if (in->a >= m->nglobals)
			return fail_n(v, "unknown global", in->a);
		t = m->globals[in->a].type.type;
		if (in->op == WASM_OP_GLOBAL_GET)
			return push(v, t);
		if (!m->globals[in->a].type.mut)
			return fail(v, "global is immutable");
		return pop(v, t);
	case WASM_OP_TABLE_GET:
		if ((rc = need_table(v, in->a)) ||
		    (rc = pop(v, table_itype(m, in->a))))
			return rc;
		return push(v, m->tables[in->a].type.elem);
	case WASM_OP_TABLE_SET:
		if ((rc = need_table(v, in->a)) ||
		    (rc = pop(v, m->tables[in->a].type.elem)))
			return rc;
		return pop(v, table_itype(m, in->a));
	case WASM_OP_REF_NULL:
		return push(v, (uint8_t)in->a);
	case WASM_OP_REF_IS_NULL:
		if ((rc = pop_any(v, &t)))
			return rc;
		if (t != UNKNOWN && !wasm_is_reftype(t))
			return mismatch(v);
		return push(v, WASM_I32);
	case WASM_OP_REF_FUNC:
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		if (!v->c->declared[in->a])
			return fail(v, "undeclared function reference");
		return push(v, WASM_FUNCREF);
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
	uint8_t et = m->tables[in->a].type.elem, it = table_itype(m, in->a);
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
	if ((rc = push_ctrl(&v, WASM_OP_CALL, NULL, 0,
			    wasm_functype_results(ft), ft->nresults)))
		return rc;

	while (!done) {
		if (p >= end)
			return wasm_err(c->err, WASM_ERR_MALFORMED,
					(size_t)(p - m->bytes),
					"END opcode expected");
		rc = wasm_read_instr(&p, end, m->bytes, &in, c->err);
		if (rc)
			return rc;
		v.at = in.pos;
		ninstrs++;
		uint8_t sig;
		if (in.prefix == 0) {
			sig = single_sig[in.op];
			if (sig == WASM_SIG_special) {
				if ((rc = special(&v, &in, ft, fn, &done)))
					return rc;
				continue;
			}
		} else if (in.prefix == WASM_PREFIX_FC) {
			sig = fc_sig[in.op];
			if (sig == WASM_SIG_special) {
				if ((rc = special_fc(&v, &in)))
					return rc;
				continue;
			}
		} else {
			v.flags |= WASM_FUNC_USES_SIMD;
			sig = fd_sig[in.op];
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
