/*
 * wasm/validate_fast.c - the validator's fast path over function bodies.
 *
 * Most instructions of a body are local and global accesses, constants,
 * calls, numeric operators, loads/stores, simple blocks and branches whose
 * operands are exactly the expected types.  wasm_vfast_run checks runs of
 * those on the bytes, without the instruction reader, with the operand
 * stack as pointers in registers (top, the top frame's floor, the end of
 * the room, the highest top seen) and the top control frame as a pointer;
 * anything else, and every error, goes through the general path
 * (validate_code.c), which then reports it.  Every check the general path
 * makes for these instructions is made here too: the fast path only ever
 * gives up, it never accepts what the general path would refuse.
 */
#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/validate_internal.h"

/* What the fast path does with each single-byte opcode (FAST_NO: leaves
 * it to the general path). */
enum {
	FAST_NO,
	FAST_NOP,
	FAST_UNREACHABLE,
	FAST_I32_BIN, /* i32 x i32 -> i32 (arithmetic and comparisons) */
	FAST_I32_UN,  /* i32 -> i32 */
	FAST_NUM,     /* any other numeric operator 0x45..0xc4: a fixed
			 signature, no immediate (no proposal adds any there) */
	FAST_LOAD,    /* a plain load: address -> value */
	FAST_STORE,   /* a plain store: address, value -> */
	FAST_LOCAL_GET,
	FAST_LOCAL_SET,
	FAST_LOCAL_TEE,
	FAST_I32_CONST,
	FAST_I64_CONST,
	FAST_F32_CONST,
	FAST_F64_CONST,
	FAST_GLOBAL_GET,
	FAST_GLOBAL_SET,
	FAST_CALL,
	FAST_BLOCK, /* block, loop, if */
	FAST_ELSE,
	FAST_END,
	FAST_BR,
	FAST_BR_IF,
	FAST_RETURN,
	FAST_DROP,
	FAST_SELECT,
};
#define FAST_IS(code, name) ((code) == WASM_OP_##name)
#define FAST_SIG_IS(sig, s) (WASM_SIG_##sig == WASM_SIG_##s)
#define FAST_ENTRY(name, code, imm, sig, align, text)                          \
	[code] = FAST_IS(code, NOP)	      ? FAST_NOP                       \
		 : FAST_IS(code, UNREACHABLE) ? FAST_UNREACHABLE               \
		 : FAST_IS(code, LOCAL_GET)   ? FAST_LOCAL_GET                 \
		 : FAST_IS(code, LOCAL_SET)   ? FAST_LOCAL_SET                 \
		 : FAST_IS(code, LOCAL_TEE)   ? FAST_LOCAL_TEE                 \
		 : FAST_IS(code, I32_CONST)   ? FAST_I32_CONST                 \
		 : FAST_IS(code, I64_CONST)   ? FAST_I64_CONST                 \
		 : FAST_IS(code, F32_CONST)   ? FAST_F32_CONST                 \
		 : FAST_IS(code, F64_CONST)   ? FAST_F64_CONST                 \
		 : FAST_IS(code, GLOBAL_GET)  ? FAST_GLOBAL_GET                \
		 : FAST_IS(code, GLOBAL_SET)  ? FAST_GLOBAL_SET                \
		 : FAST_IS(code, CALL)	      ? FAST_CALL                      \
		 : FAST_IS(code, BLOCK) || FAST_IS(code, LOOP) ||              \
				 FAST_IS(code, IF)                             \
			 ? FAST_BLOCK                                          \
		 : FAST_IS(code, ELSE)	 ? FAST_ELSE                           \
		 : FAST_IS(code, END)	 ? FAST_END                            \
		 : FAST_IS(code, BR)	 ? FAST_BR                             \
		 : FAST_IS(code, BR_IF)	 ? FAST_BR_IF                          \
		 : FAST_IS(code, RETURN) ? FAST_RETURN                         \
		 : FAST_IS(code, DROP)	 ? FAST_DROP                           \
		 : FAST_IS(code, SELECT) ? FAST_SELECT                         \
		 : WASM_IMM_##imm == WASM_IMM_MEMARG &&                        \
				 (FAST_SIG_IS(sig, i_i) ||                     \
				  FAST_SIG_IS(sig, l_i) ||                     \
				  FAST_SIG_IS(sig, f_i) ||                     \
				  FAST_SIG_IS(sig, d_i))                       \
			 ? FAST_LOAD                                           \
		 : WASM_IMM_##imm == WASM_IMM_MEMARG &&                        \
				 (FAST_SIG_IS(sig, 0_ii) ||                    \
				  FAST_SIG_IS(sig, 0_il) ||                    \
				  FAST_SIG_IS(sig, 0_if) ||                    \
				  FAST_SIG_IS(sig, 0_id))                      \
			 ? FAST_STORE                                          \
		 : (code) < 0x45 || (code) > 0xc4 ||                           \
				 WASM_IMM_##imm != WASM_IMM_NONE ||            \
				 FAST_SIG_IS(sig, special)                     \
			 ? FAST_NO                                             \
		 : FAST_SIG_IS(sig, i_ii) ? FAST_I32_BIN                       \
		 : FAST_SIG_IS(sig, i_i)  ? FAST_I32_UN                        \
					  : FAST_NUM,
static const uint8_t fast_kind[256] = {WASM_OPCODES_SINGLE(FAST_ENTRY)};
#undef FAST_ENTRY
#undef FAST_SIG_IS
#undef FAST_IS

/* An instruction with immediates starts before end - (FAST_WINDOW - 1):
 * they are read within FAST_WINDOW bytes of its start without checking
 * the end (the general path takes those of the last bytes): a load or
 * store with a five-byte offset (as linkers pad relocated addresses)
 * fits. */
#define FAST_WINDOW 7

/* A u32 LEB of two bytes or more at p (within the window ending at lim):
 * its length << 32 | its value, or 0 if it is malformed or runs past lim
 * (the general path then reads it and reports it).  Out of line and
 * without pointer arguments, so the loop's state stays in registers. */
static __attribute__((noinline)) uint64_t fast_u32_long(const uint8_t *p,
							const uint8_t *lim)
{
	const uint8_t *q = p;
	uint32_t v;
	if (wasm_leb_u32(&q, lim, &v))
		return 0;
	return (uint64_t)(q - p) << 32 | v;
}

/* The u32 LEB at p (within the window ending at lim) into *v: the byte
 * after it, or NULL (fast_u32_long). */
static inline __attribute__((always_inline)) const uint8_t *
fast_u32(const uint8_t *p, const uint8_t *lim, uint32_t *v)
{
	if (__builtin_expect(!(*p & 0x80), 1)) {
		*v = *p;
		return p + 1;
	}
	uint64_t r = fast_u32_long(p, lim);
	*v = (uint32_t)r;
	return r ? p + (r >> 32) : NULL;
}

/* The s32 (i32.const) or s64 (i64.const) LEB of two bytes or more at p:
 * the byte after it, or NULL (as fast_u32_long). */
static __attribute__((noinline)) const uint8_t *
fast_signed_long(const uint8_t *p, const uint8_t *lim, bool wide)
{
	int32_t s32;
	int64_t s64;
	int rc = wide ? wasm_leb_s64(&p, lim, &s64)
		      : wasm_leb_s32(&p, lim, &s32);
	return rc ? NULL : p;
}

/* The s32 or s64 at p, whose value the validator does not need: the byte
 * after it, or NULL. */
static inline __attribute__((always_inline)) const uint8_t *
fast_signed(const uint8_t *p, const uint8_t *lim, bool wide)
{
	if (__builtin_expect(!(*p & 0x80), 1))
		return p + 1;
	return fast_signed_long(p, lim, wide);
}

/* True if the n values below top (and above the frame's floor) are
 * exactly types[n]. */
static inline __attribute__((always_inline)) bool
fast_top_is(const wasm_vt *top, const wasm_vt *floor, const wasm_vt *types,
	    uint32_t n)
{
	if ((size_t)(top - floor) < n)
		return false;
	top -= n;
	for (uint32_t i = 0; i < n; i++)
		if (top[i] != types[i])
			return false;
	return true;
}

/* The label types of frame f (a loop's params, else its results). */
static inline __attribute__((always_inline)) const wasm_vt *
fast_label(const struct wasm_vframe *f, uint32_t *n)
{
	if (f->op == WASM_OP_LOOP) {
		*n = f->nparams;
		return f->params;
	}
	*n = f->nresults;
	return wasm_vframe_results(f);
}

/* The operand stack and the top control frame, kept in registers by
 * wasm_vfast_run (the helpers below are inlined); the rest of the state
 * (the number of frames, the locals to unset, the deepest nesting) stays
 * in the context, used by the rarer instructions. */
struct fast {
	wasm_vt *vals, *sp, *floor, *room, *hi; /* hi: the highest sp */
	struct wasm_vframe *f;			/* the top frame */
	uint32_t flags;
};

/* block, loop, if with an empty or one-value block type (b): pushes the
 * frame if there is room. */
static inline __attribute__((always_inline)) bool
fast_block(struct fast *s, struct fv *v, uint8_t op, uint8_t b)
{
	struct wasm_vctx *c = v->c;
	if ((b != 0x40 && (b < WASM_V128 || b > WASM_I32)) ||
	    c->nctrls == c->cap_ctrls)
		return false;
	if (op == WASM_OP_IF) {
		if (s->sp == s->floor || s->sp[-1] != WASM_I32)
			return false;
		s->sp--;
	} else if (op == WASM_OP_LOOP) {
		s->flags |= WASM_FUNC_HAS_LOOPS;
	}
	struct wasm_vframe *f = ++s->f;
	f->op = op;
	f->params = NULL;
	f->nparams = 0;
	f->results = NULL;
	f->nresults = b != 0x40;
	f->one = b;
	f->lundo = (uint32_t)c->nlundo;
	f->height = (uint32_t)(s->sp - s->vals);
	f->stamp = 0;
	f->unreachable = false;
	if (++c->nctrls > v->max_depth)
		v->max_depth = (uint32_t)c->nctrls;
	s->floor = s->sp;
	return true;
}

/* The end of the top frame's instructions (end, else) with its results
 * exactly on the stack: locals set inside it are unset again.  An if
 * without else must map its params to its results (both none here). */
static inline __attribute__((always_inline)) bool
fast_close(struct fast *s, struct wasm_vctx *c, bool is_end)
{
	const struct wasm_vframe *f = s->f;
	if ((size_t)(s->sp - s->floor) != f->nresults ||
	    !fast_top_is(s->sp, s->floor, wasm_vframe_results(f),
			 f->nresults) ||
	    (f->op == WASM_OP_IF && is_end && (f->nparams || f->nresults)))
		return false;
	while (c->nlundo > f->lundo)
		c->lset[c->lundo[--c->nlundo]] = 0;
	return true;
}

/* br (br_if when cond) to label depth x (< nctrls) whose types are
 * exactly on the stack; br_if leaves them (popped, pushed back), br makes
 * the rest of the block unreachable. */
static inline __attribute__((always_inline)) bool fast_br(struct fast *s,
							  uint32_t x, bool cond)
{
	wasm_vt *top = s->sp;
	uint32_t n;
	if (cond) {
		if (top == s->floor || top[-1] != WASM_I32)
			return false;
		top--;
	}
	const wasm_vt *types = fast_label(s->f - x, &n);
	if (!fast_top_is(top, s->floor, types, n))
		return false;
	if (cond) {
		s->sp = top;
	} else {
		s->sp = s->floor;
		s->f->unreachable = true;
	}
	return true;
}

/* Pushes t if there is room. */
static inline __attribute__((always_inline)) bool fast_push(struct fast *s,
							    wasm_vt t)
{
	if (s->sp == s->room)
		return false;
	*s->sp++ = t;
	if (s->sp > s->hi)
		s->hi = s->sp;
	return true;
}

/* A call of function type ct whose params are exactly on the stack:
 * pops them and pushes its results if there is room. */
static inline __attribute__((always_inline)) bool
fast_call(struct fast *s, const struct wasm_functype *ct)
{
	uint32_t np = ct->nparams, nr = ct->nresults;
	if (!ct->vts || !fast_top_is(s->sp, s->floor, ct->vts, np) ||
	    (size_t)(s->room - (s->sp - np)) < nr)
		return false;
	s->sp -= np;
	for (uint32_t i = 0; i < nr; i++)
		*s->sp++ = ct->vts[np + i];
	if (s->sp > s->hi)
		s->hi = s->sp;
	s->flags |= WASM_FUNC_HAS_CALLS;
	return true;
}

/* A numeric operator of signature sd (one or two operands, one result:
 * never above the stack's floor). */
static inline __attribute__((always_inline)) bool
fast_numeric(struct fast *s, const struct wasm_vsig *sd)
{
	wasm_vt *sp = s->sp;
	if (sd->nparams == 1) {
		if (sp == s->floor || sp[-1] != sd->params[0])
			return false;
		sp[-1] = sd->result;
		return true;
	}
	if (sd->nparams != 2 || sp - s->floor < 2 || sp[-1] != sd->params[1] ||
	    sp[-2] != sd->params[0])
		return false;
	sp[-2] = sd->result;
	s->sp = sp - 1;
	return true;
}

/* The address type of memory 0 of m (0: no memory). */
static inline wasm_vt fast_mem0(const struct wasm_module *m)
{
	return m->nmemories ? wasm_vmem_itype(m, 0) : 0;
}

/* A plain load or store at p (the opcode): a one-byte alignment (no
 * memory index) no larger than natural, a u32 offset within the window,
 * memory 0, whatever the features (a memory64 offset of this size reads
 * the same).  The byte after it, or NULL. */
static inline __attribute__((always_inline)) const uint8_t *
fast_mem(struct fast *s, const struct wasm_module *m, const uint8_t *p,
	 bool store)
{
	uint32_t off;
	const uint8_t *q;
	if (p[1] > wasm_vsingle_align[p[0]] ||
	    !(q = fast_u32(p + 2, p + FAST_WINDOW, &off)))
		return NULL;
	const struct wasm_vsig *sd = &wasm_vsigs[wasm_vsingle_sig[p[0]]];
	wasm_vt *sp = s->sp;
	if (store) {
		if (sp - s->floor < 2 || sp[-1] != sd->params[1])
			return NULL;
		sp -= 2;
	} else {
		if (sp == s->floor)
			return NULL;
		sp--;
	}
	/* The address; fast_mem0 is 0 without a memory. */
	if (*sp != fast_mem0(m))
		return NULL;
	if (!store)
		*sp++ = sd->result;
	s->sp = sp;
	s->flags |= WASM_FUNC_USES_MEMORY;
	return q;
}

/* Untyped select: two operands of one numeric or vector type (full type
 * = code) and an i32. */
static inline __attribute__((always_inline)) bool fast_select(struct fast *s)
{
	wasm_vt *sp = s->sp;
	if (sp - s->floor < 3 || sp[-1] != WASM_I32 || sp[-2] != sp[-3] ||
	    sp[-2] < WASM_V128 || sp[-2] > WASM_I32)
		return false;
	s->sp = sp - 2;
	return true;
}

/* A local index at p (after local.get/set/tee): its type in *t (0 for a
 * local the general path must check: unknown, or a non-nullable
 * reference) and the byte after it, or NULL.  ltypes has
 * WASM_VFAST_LOCALS entries at least, 0 past the body's locals, so a
 * one-byte index needs no bound. */
static inline __attribute__((always_inline)) const uint8_t *
fast_local(const uint8_t *p, const wasm_vt *ltypes, uint64_t nlocals,
	   wasm_vt *t)
{
	if (__builtin_expect(!(*p & 0x80), 1)) {
		*t = ltypes[*p];
		return p + 1;
	}
	uint64_t r = fast_u32_long(p, p + FAST_WINDOW - 1);
	if (!r || (uint32_t)r >= nlocals)
		return NULL;
	*t = ltypes[(uint32_t)r];
	return p + (r >> 32);
}

/*
 * The fast path: checks instructions from *pp on, as long as each is one
 * of the common forms with exactly the expected operand types (those
 * with immediates starting FAST_WINDOW bytes before end at least), with
 * the operand stack in registers; leaves *pp at the first it does not
 * take (the general path reads it, and reports any error) and returns how
 * many it took.  Sets *done when it took the function's own end.
 */
uint32_t wasm_vfast_run(struct fv *v, const uint8_t **pp, const uint8_t *end,
			const struct wasm_functype *ft,
			const struct wasm_func *fn, bool *done)
{
	struct wasm_vctx *c = v->c;
	const struct wasm_module *m = v->m;
	/* Before the first push the general path allocates. */
	if (!c->vals || !c->nctrls)
		return 0;
	struct fast s = {
		.vals = c->vals,
		.sp = c->vals + c->nvals,
		.floor = c->vals + c->ctrls[c->nctrls - 1].height,
		.room = c->vals + c->cap_vals,
		.hi = c->vals + v->max_stack,
		.f = c->ctrls + c->nctrls - 1,
		.flags = v->flags,
	};
	const uint64_t nlocals = (uint64_t)ft->nparams + fn->nlocals;
	const wasm_vt *ltypes = c->ltypes;
	const uint8_t *p = *pp, *q;
	/* Instructions with immediates start before last. */
	const uint8_t *last = end - (FAST_WINDOW - 1);
	if (end - p < FAST_WINDOW)
		last = p;
	uint32_t count = 0, x = 0;
	wasm_vt t = 0;

	for (; p < end; count++) {
		const uint8_t op = p[0];
		switch (fast_kind[op]) {
		case FAST_LOCAL_GET:
			if (p >= last ||
			    !(q = fast_local(p + 1, ltypes, nlocals, &t)) ||
			    !t || !fast_push(&s, t))
				goto out;
			p = q;
			continue;
		case FAST_LOCAL_SET:
			if (p >= last ||
			    !(q = fast_local(p + 1, ltypes, nlocals, &t)) ||
			    !t || s.sp == s.floor || s.sp[-1] != t)
				goto out;
			s.sp--;
			p = q;
			continue;
		case FAST_LOCAL_TEE:
			if (p >= last ||
			    !(q = fast_local(p + 1, ltypes, nlocals, &t)) ||
			    !t || s.sp == s.floor || s.sp[-1] != t)
				goto out;
			p = q;
			continue;
		case FAST_I32_CONST:
			if (p >= last ||
			    !(q = fast_signed(p + 1, p + FAST_WINDOW, false)) ||
			    !fast_push(&s, WASM_I32))
				goto out;
			p = q;
			continue;
		case FAST_I64_CONST:
			if (p >= last ||
			    !(q = fast_signed(p + 1, p + FAST_WINDOW, true)) ||
			    !fast_push(&s, WASM_I64))
				goto out;
			p = q;
			continue;
		case FAST_F32_CONST:
			if (end - p < 5 || !fast_push(&s, WASM_F32))
				goto out;
			p += 5;
			continue;
		case FAST_F64_CONST:
			if (end - p < 9 || !fast_push(&s, WASM_F64))
				goto out;
			p += 9;
			continue;
		case FAST_I32_BIN:
			if (s.sp - s.floor < 2 || s.sp[-1] != WASM_I32 ||
			    s.sp[-2] != WASM_I32)
				goto out;
			s.sp--;
			p++;
			continue;
		case FAST_I32_UN:
			if (s.sp == s.floor || s.sp[-1] != WASM_I32)
				goto out;
			p++;
			continue;
		case FAST_NUM:
			if (!fast_numeric(&s,
					  &wasm_vsigs[wasm_vsingle_sig[op]]))
				goto out;
			p++;
			continue;
		case FAST_LOAD:
			if (p >= last || !(q = fast_mem(&s, m, p, false)))
				goto out;
			p = q;
			continue;
		case FAST_STORE:
			if (p >= last || !(q = fast_mem(&s, m, p, true)))
				goto out;
			p = q;
			continue;
		case FAST_GLOBAL_GET:
			if (p >= last ||
			    !(q = fast_u32(p + 1, p + FAST_WINDOW, &x)) ||
			    x >= m->nglobals ||
			    !fast_push(&s, wasm_global_vt(&m->globals[x].type)))
				goto out;
			p = q;
			continue;
		case FAST_GLOBAL_SET:
			if (p >= last ||
			    !(q = fast_u32(p + 1, p + FAST_WINDOW, &x)) ||
			    x >= m->nglobals || !m->globals[x].type.mut ||
			    s.sp == s.floor ||
			    s.sp[-1] != wasm_global_vt(&m->globals[x].type))
				goto out;
			s.sp--;
			p = q;
			continue;
		case FAST_CALL:
			if (p >= last ||
			    !(q = fast_u32(p + 1, p + FAST_WINDOW, &x)) ||
			    x >= m->nfuncs ||
			    !fast_call(&s, wasm_module_func_type(m, x)))
				goto out;
			p = q;
			continue;
		case FAST_BLOCK:
			if (p >= last || !fast_block(&s, v, op, p[1]))
				goto out;
			p += 2;
			continue;
		case FAST_BR:
		case FAST_BR_IF:
			if (p >= last ||
			    !(q = fast_u32(p + 1, p + FAST_WINDOW, &x)) ||
			    x >= c->nctrls ||
			    !fast_br(&s, x, op == WASM_OP_BR_IF))
				goto out;
			p = q;
			continue;
		case FAST_ELSE:
			/* An if's else (any other is malformed: the general
			 * path's); its params (none here) start the else. */
			if (s.f->op != WASM_OP_IF || s.f->nparams ||
			    !fast_close(&s, c, false))
				goto out;
			s.sp = s.floor;
			s.f->op = WASM_OP_ELSE;
			s.f->unreachable = false;
			p++;
			continue;
		case FAST_END:
			/* The results stay on the stack for the frame
			 * below. */
			if (!fast_close(&s, c, true))
				goto out;
			p++;
			if (--c->nctrls == 0) {
				/* The function's own end. */
				*done = true;
				s.sp = s.floor;
				count++;
				goto out;
			}
			s.f--;
			s.floor = s.vals + s.f->height;
			continue;
		case FAST_RETURN:
			if (!fast_top_is(s.sp, s.floor,
					 wasm_vframe_results(c->ctrls),
					 c->ctrls->nresults))
				goto out;
			s.sp = s.floor;
			s.f->unreachable = true;
			p++;
			continue;
		case FAST_UNREACHABLE:
			s.sp = s.floor;
			s.f->unreachable = true;
			p++;
			continue;
		case FAST_NOP:
			p++;
			continue;
		case FAST_DROP:
			if (s.sp == s.floor)
				goto out;
			s.sp--;
			p++;
			continue;
		case FAST_SELECT:
			if (!fast_select(&s))
				goto out;
			p++;
			continue;
		case FAST_NO:
			goto out;
		default:
			__builtin_unreachable();
		}
	}
out:
	c->nvals = (size_t)(s.sp - s.vals);
	v->max_stack = (uint32_t)(s.hi - s.vals);
	v->flags = s.flags;
	*pp = p;
	return count;
}
