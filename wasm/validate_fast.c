/*
 * wasm/validate_fast.c - the validator's fast path over function bodies.
 *
 * Most instructions of a body are local and global accesses, constants,
 * calls, numeric operators, loads/stores, simple blocks and branches whose
 * operands are exactly the expected types.  wasm_vfast_run checks runs of
 * those on the bytes, without the instruction reader and with the operand
 * stack in registers; anything else, and every error, goes through the
 * general path (validate_code.c), which then reports it.
 */
#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/validate_internal.h"

enum { FAST_NO, FAST_SIG, FAST_MEM };
/* The numeric operators 0x45..0xc4 (fixed signatures, no immediate; no
 * proposal adds any there) and the plain loads and stores. */
#define FAST_ENTRY(name, code, imm, sig, align, text)                          \
	[code] = WASM_IMM_##imm == WASM_IMM_MEMARG ? FAST_MEM                  \
		 : (code) >= 0x45 && (code) <= 0xc4 &&                         \
				 WASM_IMM_##imm == WASM_IMM_NONE &&            \
				 WASM_SIG_##sig != WASM_SIG_special            \
			 ? FAST_SIG                                            \
			 : FAST_NO,
static const uint8_t fast_kind[256] = {WASM_OPCODES_SINGLE(FAST_ENTRY)};
#undef FAST_ENTRY

/* The fast path reads within FAST_WINDOW bytes of an instruction's start
 * (the general path takes the last ones of a body). */
#define FAST_WINDOW 6

/* The u32 LEB at p, within the window ending at lim: its length, or 0 if
 * it is longer or malformed (the general path then reads it). */
static inline unsigned imm_u32(const uint8_t *p, const uint8_t *lim,
			       uint32_t *v)
{
	const uint8_t *q = p;
	return wasm_leb_u32(&q, lim, v) ? 0 : (unsigned)(q - p);
}

/* The same for the s32 (i32.const) or s64 (i64.const) at p. */
static inline unsigned imm_signed(const uint8_t *p, const uint8_t *lim,
				  bool wide)
{
	const uint8_t *q = p;
	int32_t s32;
	int64_t s64;
	int rc = wide ? wasm_leb_s64(&q, lim, &s64)
		      : wasm_leb_s32(&q, lim, &s32);
	return rc ? 0 : (unsigned)(q - p);
}

/* The operand stack as the fast path keeps it (wasm_vfast_run's registers). */
struct fast_stack {
	wasm_vt *vals;
	size_t n, cap, height; /* height: the top frame's */
	uint32_t max;	       /* the largest n seen */
};

/* True if the top np values (above the frame's height) are exactly
 * params[np]. */
static inline __attribute__((always_inline)) bool
fast_top_is(const struct fast_stack *s, const wasm_vt *params, uint32_t np)
{
	if (s->n - s->height < np)
		return false;
	for (uint32_t i = 0; i < np; i++)
		if (s->vals[s->n - np + i] != params[i])
			return false;
	return true;
}

/* Pops exactly params[np] and pushes results[nr] if the stack has room;
 * false, nothing changed, otherwise. */
static inline __attribute__((always_inline)) bool
fast_take(struct fast_stack *s, const wasm_vt *params, uint32_t np,
	  const wasm_vt *results, uint32_t nr)
{
	if (!fast_top_is(s, params, np) || s->n - np + nr > s->cap)
		return false;
	size_t n = s->n - np;
	for (uint32_t i = 0; i < nr; i++)
		s->vals[n++] = results[i];
	s->n = n;
	if (n > s->max)
		s->max = (uint32_t)n;
	return true;
}

/* fast_take of a numeric operator's or plain access's signature (codes,
 * which are their full types). */
static inline __attribute__((always_inline)) bool
fast_take_sig(struct fast_stack *s, const struct wasm_vsig *sd)
{
	const wasm_vt params[3] = {sd->params[0], sd->params[1], sd->params[2]};
	const wasm_vt result = sd->result;
	return fast_take(s, params, sd->nparams, &result, sd->result != 0);
}

/* block, loop, if with an empty or one-value block type (b): pushes the
 * frame if there is room. */
static bool fast_block(struct fv *v, struct fast_stack *s, uint8_t op,
		       uint8_t b)
{
	struct wasm_vctx *c = v->c;
	const wasm_vt i32 = WASM_I32;
	if ((b != 0x40 && !(b >= WASM_V128 && b <= WASM_I32)) ||
	    c->nctrls == c->cap_ctrls ||
	    (op == WASM_OP_IF && !fast_top_is(s, &i32, 1)))
		return false;
	if (op == WASM_OP_IF)
		s->n--;
	if (op == WASM_OP_LOOP)
		v->flags |= WASM_FUNC_HAS_LOOPS;
	struct wasm_vframe *f = &c->ctrls[c->nctrls++];
	f->op = op;
	f->params = NULL;
	f->nparams = 0;
	f->results = NULL;
	f->nresults = b != 0x40;
	f->one = b;
	f->lundo = (uint32_t)c->nlundo;
	f->height = (uint32_t)s->n;
	f->stamp = 0;
	f->unreachable = false;
	if (c->nctrls > v->max_depth)
		v->max_depth = (uint32_t)c->nctrls;
	s->height = s->n;
	return true;
}

/* end of a block whose results are exactly on the stack (popping and
 * pushing them back leaves the stack as it is); an if without else must
 * map its params to its results (none here); the function's own end is
 * the general path's. */
static bool fast_end(struct wasm_vctx *c, struct fast_stack *s)
{
	const struct wasm_vframe *f = &c->ctrls[c->nctrls - 1];
	if (c->nctrls < 2 || s->n - s->height != f->nresults ||
	    (f->op == WASM_OP_IF && (f->nparams || f->nresults)) ||
	    !fast_top_is(s, wasm_vframe_results(f), f->nresults))
		return false;
	/* Locals set inside the frame are unset again after it. */
	while (c->nlundo > f->lundo)
		c->lset[c->lundo[--c->nlundo]] = 0;
	c->nctrls--;
	s->height = c->ctrls[c->nctrls - 1].height;
	return true;
}

/* br (br_if when cond) to label depth x whose types are exactly on the
 * stack; br_if leaves them (popped, pushed back), br makes the rest of
 * the block unreachable. */
static bool fast_br(struct wasm_vctx *c, struct fast_stack *s, uint32_t x,
		    bool cond)
{
	const wasm_vt i32 = WASM_I32;
	if (x >= c->nctrls || (cond && !fast_top_is(s, &i32, 1)))
		return false;
	const struct wasm_vframe *f = &c->ctrls[c->nctrls - 1 - x];
	bool loop = f->op == WASM_OP_LOOP;
	s->n -= cond;
	if (!fast_top_is(s, loop ? f->params : wasm_vframe_results(f),
			 loop ? f->nparams : f->nresults)) {
		s->n += cond;
		return false;
	}
	if (!cond) {
		s->n = s->height;
		c->ctrls[c->nctrls - 1].unreachable = true;
	}
	return true;
}

/* A plain load or store with a one-byte alignment (no memory index) and a
 * u32 offset within the window: memory 0, whatever the features (a
 * memory64 offset of this size reads the same).  Its length, or 0. */
static unsigned fast_mem(struct fv *v, struct fast_stack *s, const uint8_t *p,
			 const uint8_t *lim)
{
	const struct wasm_module *m = v->m;
	uint32_t off;
	unsigned len;
	if (p[1] > wasm_vsingle_align[p[0]] || m->nmemories == 0 ||
	    !(len = imm_u32(p + 2, lim, &off)))
		return 0;
	struct wasm_vsig sd = wasm_vsigs[wasm_vsingle_sig[p[0]]];
	sd.params[0] = wasm_vmem_itype(m, 0);
	if (!fast_take_sig(s, &sd))
		return 0;
	v->flags |= WASM_FUNC_USES_MEMORY;
	return 2 + len;
}

/*
 * The fast path: checks instructions from *p on the bytes, as long as
 * each has FAST_WINDOW bytes before end and is one of the common forms with
 * exactly the expected operand types, with the stack in registers; leaves
 * *p at the first it does not take (the general path reads it, and reports
 * any error) and returns how many it took.
 */
uint32_t wasm_vfast_run(struct fv *v, const uint8_t **pp, const uint8_t *end,
			 const struct wasm_functype *ft,
			 const struct wasm_func *fn)
{
	struct wasm_vctx *c = v->c;
	const struct wasm_module *m = v->m;
	struct fast_stack s = {c->vals, c->nvals, c->cap_vals,
			       c->ctrls[c->nctrls - 1].height, v->max_stack};
	const uint64_t nlocals = (uint64_t)ft->nparams + fn->nlocals;
	const uint8_t *p = *pp;
	uint32_t count = 0, x = 0;
	unsigned len;
	wasm_vt t;

	for (; end - p >= FAST_WINDOW; p += len, count++) {
		const uint8_t *lim = p + FAST_WINDOW;
		uint8_t op = p[0];
		switch (op) {
		case WASM_OP_LOCAL_GET:
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			if (!(len = imm_u32(p + 1, lim, &x)) || x >= nlocals)
				goto out;
			t = wasm_vlocal_type(ft, fn, x);
			/* A non-nullable local's initialization is the general
			 * path's (lset). */
			if (WASM_VT_CODE(t) == WASM_REF)
				goto out;
			if (!(op == WASM_OP_LOCAL_GET
				      ? fast_take(&s, NULL, 0, &t, 1)
			      : op == WASM_OP_LOCAL_SET
				      ? fast_take(&s, &t, 1, NULL, 0)
				      : fast_take(&s, &t, 1, &t, 1)))
				goto out;
			len++;
			continue;
		case WASM_OP_I32_CONST:
		case WASM_OP_I64_CONST:
			t = op == WASM_OP_I32_CONST ? WASM_I32 : WASM_I64;
			if (!(len = imm_signed(p + 1, lim, t == WASM_I64)) ||
			    !fast_take(&s, NULL, 0, &t, 1))
				goto out;
			len++;
			continue;
		case WASM_OP_GLOBAL_GET:
		case WASM_OP_GLOBAL_SET:
			if (!(len = imm_u32(p + 1, lim, &x)) ||
			    x >= m->nglobals)
				goto out;
			t = wasm_global_vt(&m->globals[x].type);
			if (!(op == WASM_OP_GLOBAL_GET
				      ? fast_take(&s, NULL, 0, &t, 1)
				      : m->globals[x].type.mut &&
						fast_take(&s, &t, 1, NULL, 0)))
				goto out;
			len++;
			continue;
		case WASM_OP_CALL: {
			if (!(len = imm_u32(p + 1, lim, &x)) || x >= m->nfuncs)
				goto out;
			const struct wasm_functype *ct =
				wasm_module_func_type(m, x);
			if (!ct->vts ||
			    !fast_take(&s, ct->vts, ct->nparams,
				       ct->vts + ct->nparams, ct->nresults))
				goto out;
			v->flags |= WASM_FUNC_HAS_CALLS;
			len++;
			continue;
		}
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
			if (!fast_block(v, &s, op, p[1]))
				goto out;
			len = 2;
			continue;
		case WASM_OP_END:
			if (!fast_end(c, &s))
				goto out;
			len = 1;
			continue;
		case WASM_OP_BR:
		case WASM_OP_BR_IF:
			if (!(len = imm_u32(p + 1, lim, &x)) ||
			    !fast_br(c, &s, x, op == WASM_OP_BR_IF))
				goto out;
			len++;
			continue;
		case WASM_OP_DROP:
			if (s.n == s.height)
				goto out;
			s.n--;
			len = 1;
			continue;
		default:
			break;
		}
		const struct wasm_vsig *sd = &wasm_vsigs[wasm_vsingle_sig[op]];
		switch (fast_kind[op]) {
		case FAST_SIG:
			if (!fast_take_sig(&s, sd))
				goto out;
			len = 1;
			continue;
		case FAST_MEM:
			if (!(len = fast_mem(v, &s, p, lim)))
				goto out;
			continue;
		default:
			goto out;
		}
	}
out:
	c->nvals = s.n;
	v->max_stack = s.max;
	*pp = p;
	return count;
}
