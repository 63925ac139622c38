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

/* What the fast path does with each single-byte opcode (FAST_NO: leaves
 * it to the general path). */
enum {
	FAST_NO,
	FAST_SIG, /* a numeric operator 0x45..0xc4: fixed signature, no
		     immediate (no proposal adds any there) */
	FAST_MEM, /* a plain load or store */
	FAST_LOCAL_GET,
	FAST_LOCAL_SET,
	FAST_LOCAL_TEE,
	FAST_I32_CONST,
	FAST_I64_CONST,
	FAST_GLOBAL_GET,
	FAST_GLOBAL_SET,
	FAST_CALL,
	FAST_BLOCK, /* block, loop, if */
	FAST_END,
	FAST_BR,
	FAST_BR_IF,
	FAST_DROP,
	FAST_SELECT,
};
#define FAST_ENTRY(name, code, imm, sig, align, text)                          \
	[code] = (code) == WASM_OP_LOCAL_GET	? FAST_LOCAL_GET               \
		 : (code) == WASM_OP_LOCAL_SET	? FAST_LOCAL_SET               \
		 : (code) == WASM_OP_LOCAL_TEE	? FAST_LOCAL_TEE               \
		 : (code) == WASM_OP_I32_CONST	? FAST_I32_CONST               \
		 : (code) == WASM_OP_I64_CONST	? FAST_I64_CONST               \
		 : (code) == WASM_OP_GLOBAL_GET ? FAST_GLOBAL_GET              \
		 : (code) == WASM_OP_GLOBAL_SET ? FAST_GLOBAL_SET              \
		 : (code) == WASM_OP_CALL	? FAST_CALL                    \
		 : (code) == WASM_OP_BLOCK || (code) == WASM_OP_LOOP ||        \
				 (code) == WASM_OP_IF                          \
			 ? FAST_BLOCK                                          \
		 : (code) == WASM_OP_END	     ? FAST_END                \
		 : (code) == WASM_OP_BR		     ? FAST_BR                 \
		 : (code) == WASM_OP_BR_IF	     ? FAST_BR_IF              \
		 : (code) == WASM_OP_DROP	     ? FAST_DROP               \
		 : (code) == WASM_OP_SELECT	     ? FAST_SELECT             \
		 : WASM_IMM_##imm == WASM_IMM_MEMARG ? FAST_MEM                \
		 : (code) >= 0x45 && (code) <= 0xc4 &&                         \
				 WASM_IMM_##imm == WASM_IMM_NONE &&            \
				 WASM_SIG_##sig != WASM_SIG_special            \
			 ? FAST_SIG                                            \
			 : FAST_NO,
static const uint8_t fast_kind[256] = {WASM_OPCODES_SINGLE(FAST_ENTRY)};
#undef FAST_ENTRY

/* The fast path reads within FAST_WINDOW bytes of an instruction's start
 * (the general path takes the last ones of a body): a load or store with
 * a five-byte offset (as linkers pad relocated addresses) fits. */
#define FAST_WINDOW 7

/* The u32 LEB at p, within the window ending at lim: the byte after it,
 * or NULL if it is longer or malformed (the general path then reads it). */
static inline const uint8_t *imm_u32(const uint8_t *p, const uint8_t *lim,
				     uint32_t *v)
{
	return wasm_leb_u32(&p, lim, v) ? NULL : p;
}

/* The same for the s32 (i32.const) or s64 (i64.const) at p. */
static inline const uint8_t *imm_signed(const uint8_t *p, const uint8_t *lim,
					bool wide)
{
	int32_t s32;
	int64_t s64;
	int rc = wide ? wasm_leb_s64(&p, lim, &s64)
		      : wasm_leb_s32(&p, lim, &s32);
	return rc ? NULL : p;
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
 * u32 offset within the window: memory 0 (address type at, 0 without a
 * memory), whatever the features (a memory64 offset of this size reads
 * the same).  The byte after it, or NULL. */
static const uint8_t *fast_mem(struct fv *v, struct fast_stack *s,
			       const uint8_t *p, const uint8_t *lim, wasm_vt at)
{
	uint32_t off;
	const uint8_t *q;
	if (p[1] > wasm_vsingle_align[p[0]] || !at ||
	    !(q = imm_u32(p + 2, lim, &off)))
		return NULL;
	struct wasm_vsig sd = wasm_vsigs[wasm_vsingle_sig[p[0]]];
	sd.params[0] = (uint8_t)at;
	if (!fast_take_sig(s, &sd))
		return NULL;
	v->flags |= WASM_FUNC_USES_MEMORY;
	return q;
}

/* A numeric operator of signature sd (one or two operands, at most one
 * result: never above the stack's height). */
static inline __attribute__((always_inline)) bool
fast_numeric(struct fast_stack *s, const struct wasm_vsig *sd)
{
	uint32_t np = sd->nparams;
	if (np - 1 > 1 || s->n - s->height < np ||
	    s->vals[s->n - 1] != sd->params[np - 1] ||
	    (np == 2 && s->vals[s->n - 2] != sd->params[0]))
		return false;
	s->n -= np;
	if (sd->result)
		s->vals[s->n++] = sd->result;
	return true;
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
	const wasm_vt *ltypes = c->ltypes;
	const wasm_vt at = m->nmemories ? wasm_vmem_itype(m, 0) : 0;
	const uint8_t *p = *pp, *q;
	uint32_t count = 0, x = 0;
	wasm_vt t;

	if (end - p < FAST_WINDOW)
		return 0;
	/* Instructions starting before last have FAST_WINDOW bytes. */
	const uint8_t *last = end - (FAST_WINDOW - 1);
	for (; p < last; p = q, count++) {
		const uint8_t *lim = p + FAST_WINDOW;
		const uint8_t op = p[0];
		switch (fast_kind[op]) {
		case FAST_LOCAL_GET:
			/* ltypes: 0 for a non-nullable local, whose
			 * initialization is the general path's (lset). */
			if (!(q = imm_u32(p + 1, lim, &x)) || x >= nlocals ||
			    !(t = ltypes[x]) || !fast_take(&s, NULL, 0, &t, 1))
				goto out;
			continue;
		case FAST_LOCAL_SET:
			if (!(q = imm_u32(p + 1, lim, &x)) || x >= nlocals ||
			    !(t = ltypes[x]) || !fast_take(&s, &t, 1, NULL, 0))
				goto out;
			continue;
		case FAST_LOCAL_TEE:
			if (!(q = imm_u32(p + 1, lim, &x)) || x >= nlocals ||
			    !(t = ltypes[x]) || !fast_take(&s, &t, 1, &t, 1))
				goto out;
			continue;
		case FAST_I32_CONST:
			t = WASM_I32;
			if (!(q = imm_signed(p + 1, lim, false)) ||
			    !fast_take(&s, NULL, 0, &t, 1))
				goto out;
			continue;
		case FAST_I64_CONST:
			t = WASM_I64;
			if (!(q = imm_signed(p + 1, lim, true)) ||
			    !fast_take(&s, NULL, 0, &t, 1))
				goto out;
			continue;
		case FAST_GLOBAL_GET:
			if (!(q = imm_u32(p + 1, lim, &x)) || x >= m->nglobals)
				goto out;
			t = wasm_global_vt(&m->globals[x].type);
			if (!fast_take(&s, NULL, 0, &t, 1))
				goto out;
			continue;
		case FAST_GLOBAL_SET:
			if (!(q = imm_u32(p + 1, lim, &x)) ||
			    x >= m->nglobals || !m->globals[x].type.mut)
				goto out;
			t = wasm_global_vt(&m->globals[x].type);
			if (!fast_take(&s, &t, 1, NULL, 0))
				goto out;
			continue;
		case FAST_CALL: {
			if (!(q = imm_u32(p + 1, lim, &x)) || x >= m->nfuncs)
				goto out;
			const struct wasm_functype *ct =
				wasm_module_func_type(m, x);
			if (!ct->vts ||
			    !fast_take(&s, ct->vts, ct->nparams,
				       ct->vts + ct->nparams, ct->nresults))
				goto out;
			v->flags |= WASM_FUNC_HAS_CALLS;
			continue;
		}
		case FAST_BLOCK:
			if (!fast_block(v, &s, op, p[1]))
				goto out;
			q = p + 2;
			continue;
		case FAST_END:
			if (!fast_end(c, &s))
				goto out;
			q = p + 1;
			continue;
		case FAST_BR:
		case FAST_BR_IF:
			if (!(q = imm_u32(p + 1, lim, &x)) ||
			    !fast_br(c, &s, x, op == WASM_OP_BR_IF))
				goto out;
			continue;
		case FAST_DROP:
			if (s.n == s.height)
				goto out;
			s.n--;
			q = p + 1;
			continue;
		case FAST_SELECT:
			/* Untyped select: two operands of one numeric or
			 * vector type (full type = code) and an i32. */
			if (s.n - s.height < 3 || s.vals[s.n - 1] != WASM_I32 ||
			    s.vals[s.n - 2] != s.vals[s.n - 3] ||
			    s.vals[s.n - 2] < WASM_V128 ||
			    s.vals[s.n - 2] > WASM_I32)
				goto out;
			s.n -= 2;
			q = p + 1;
			continue;
		case FAST_SIG:
			if (!fast_numeric(&s,
					  &wasm_vsigs[wasm_vsingle_sig[op]]))
				goto out;
			q = p + 1;
			continue;
		case FAST_MEM:
			if (!(q = fast_mem(v, &s, p, lim, at)))
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
