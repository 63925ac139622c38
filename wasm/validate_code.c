/*
 * wasm/validate_code.c - type-checking function bodies.
 *
 * This is the spec appendix's validation algorithm: one pass over the body
 * with an operand stack of value types (0 stands for the unknown type that
 * appears after an unconditional branch) and a stack of control frames.
 * Instructions with a fixed stack effect are typed from the signature column
 * of wasm/opcodes.h (below); the rest one by one in validate_special.c.
 * The common instructions go through the fast path first
 * (validate_fast.c), the rest through the instruction reader here.
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_internal.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/opcodes_gc.h"
#include "wasm/validate_stack.h"

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
			    ? wasm_vtable_itype(m, in->a)
			    : wasm_vmem_itype(m, in->mem);
		b = in->imm == WASM_IMM_TABLE_COPY
			    ? wasm_vtable_itype(m, in->b)
			    : wasm_vmem_itype(m, in->mem2);
		s.params[0] = a;
		s.params[1] = b;
		s.params[2] =
			a == WASM_I64 && b == WASM_I64 ? WASM_I64 : WASM_I32;
		break;
	case WASM_IMM_TABLE_INIT:
		s.params[0] = wasm_vtable_itype(m, in->b);
		break;
	case WASM_IMM_TABLE: /* table.size */
		if (s.result)
			s.result = wasm_vtable_itype(m, in->a);
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

/*
 * Grows the operand stack of c to need entries at least, the new ones 0
 * (wasm_vctx): false, stack untouched, if out of memory.
 */
bool wasm_vgrow_vals(struct wasm_vctx *c, size_t need)
{
	size_t old = c->cap_vals;
	if (!wasm_grow_array(c->a, &c->vals, &c->cap_vals, sizeof(*c->vals),
			     need, 64))
		return false;
	memset(c->vals + old, 0, (c->cap_vals - old) * sizeof(*c->vals));
	return true;
}

/* The fast path's local types of fn (type ft) into c->ltypes and
 * c->lfast, 0 past fn's (see wasm_vctx): 0 or WASM_ERR_NOMEM. */
static int fast_locals(struct fv *v, const struct wasm_functype *ft,
		       const struct wasm_func *fn)
{
	struct wasm_vctx *c = v->c;
	size_t n = (size_t)ft->nparams + fn->nlocals;
	wasm_vt *lt = c->lfast;
	if (n > WASM_VFAST_LOCALS) {
		if (!wasm_grow_array(c->a, &c->ltypes_big, &c->cap_ltypes,
				     sizeof(*c->ltypes_big), n, 16))
			return wasm_err(c->err, WASM_ERR_NOMEM, 0,
					"out of memory");
		lt = c->ltypes_big;
	}
	for (uint32_t i = 0; i < ft->nparams; i++) {
		wasm_vt t = wasm_functype_vt(ft, i);
		lt[i] = WASM_VT_CODE(t) == WASM_REF ? 0 : t;
	}
	if (!fn->local_vts) {
		/* All codes (no typed reference): no lookup each. */
		const uint8_t *codes = fn->local_types;
		for (uint32_t i = 0; i < fn->nlocals; i++)
			lt[ft->nparams + i] =
				codes[i] == WASM_REF ? 0 : codes[i];
	} else {
		for (uint32_t i = 0; i < fn->nlocals; i++) {
			wasm_vt t = fn->local_vts[i];
			lt[ft->nparams + i] =
				WASM_VT_CODE(t) == WASM_REF ? 0 : t;
		}
	}
	if (lt != c->lfast) {
		__builtin_memcpy(c->lfast, lt, sizeof(c->lfast));
	} else {
		/* The previous body's beyond n go back to 0 (a few: no
		 * call). */
		size_t was = c->nltypes < WASM_VFAST_LOCALS ? c->nltypes
							    : WASM_VFAST_LOCALS;
		for (size_t i = n; i < was; i++)
			lt[i] = 0;
	}
	c->ltypes = lt;
	c->nltypes = n;
	return 0;
}

/* Starts counting the uses of fn's locals (type ft) when the compiler
 * may need them (wasm/local_uses.h): decided from the declared types
 * alone, before the body says whether it has a loop. */
static void uses_begin(struct wasm_vctx *c, const struct wasm_functype *ft,
		       const struct wasm_func *fn)
{
	c->uses = NULL;
	if (!c->uses_arena || c->general_only)
		return;
	uint32_t n = ft->nparams + fn->nlocals, nint = 0, nfp = 0;
	if (n > WASM_USES_SCAN)
		n = WASM_USES_SCAN;
	if (n <= WASM_USES_INT_REGS)
		return;
	for (uint32_t k = 0; k < n; k++) {
		uint8_t t = k < ft->nparams ? ft->types[k]
					    : fn->local_types[k - ft->nparams];
		nfp += t == WASM_F32 || t == WASM_F64;
		nint += t != WASM_F32 && t != WASM_F64 && t != WASM_V128;
	}
	if (!wasm_uses_wanted(nint, nfp))
		return;
	__builtin_memset(c->uses_buf, 0, n * sizeof(*c->uses_buf));
	wasm_uses_start(&c->uscan);
	c->uses = c->uses_buf;
}

/* Keeps the counts of a body with a loop in the module's arena (without
 * a loop the compiler pins the first locals); out of memory keeps none:
 * the compiler then counts them itself. */
static void uses_end(struct wasm_vctx *c, const struct wasm_functype *ft,
		     struct wasm_func *fn)
{
	if (!c->uses)
		return;
	c->uses = NULL;
	if (!(fn->flags & WASM_FUNC_HAS_LOOPS))
		return;
	uint32_t n = ft->nparams + fn->nlocals;
	if (n > WASM_USES_SCAN)
		n = WASM_USES_SCAN;
	uint32_t *u = wasm_arena_alloc(c->a, c->uses_arena, n * sizeof(*u));
	if (u) {
		__builtin_memcpy(u, c->uses_buf, n * sizeof(*u));
		fn->local_uses = u;
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
	/* The previous body's operand types go back to 0 (wasm_vctx). */
	if (c->vals_dirty)
		memset(c->vals, 0, c->vals_dirty * sizeof(*c->vals));
	c->vals_dirty = 0;
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
	uses_begin(c, ft, fn);
	if ((rc = push_ctrl(&v, WASM_OP_CALL, NULL, 0, ft->vts + ft->nparams,
			    ft->nresults, 0)))
		return rc;

	while (!done) {
		if (!c->general_only) {
			ninstrs += c->uses ? wasm_vfast_run_rec(&v, &p, end, ft,
								fn, &done)
					   : wasm_vfast_run(&v, &p, end, ft, fn,
							    &done);
			if (done)
				break;
		}
		if (p >= end)
			return wasm_err(c->err, WASM_ERR_MALFORMED,
					(size_t)(p - m->bytes),
					"END opcode expected");
		rc = wasm_read_instr_features(&p, end, m->bytes,
					      c->read_features, &in, c->err);
		if (rc)
			return rc;
		v.at = in.pos;
		if (c->uses && !in.prefix)
			wasm_uses_instr(&c->uscan, c->uses, in.op, in.a);
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
				if ((rc = wasm_vspecial(&v, &in, ft, fn,
							&done)))
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
				if ((rc = wasm_vspecial_fc(&v, &in)))
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
	uses_end(c, ft, fn);
	return 0;
}
