/*
 * wasm/validate_fast.h - the steps of the validator's fast path
 * (validate_fast.c): immediates read on the bytes within a window, and
 * the operand stack, the top control frame and the facts of a run kept
 * in a struct fast the loop holds in registers (everything here is
 * inlined).  Each step returns false (or NULL) without changing anything
 * when the instruction is not the common form with exactly the expected
 * operand types: the general path then takes it.
 */
#ifndef WASM_VALIDATE_FAST_H
#define WASM_VALIDATE_FAST_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/leb128.h"
#include "wasm/opcodes.h"
#include "wasm/validate_internal.h"

/* An instruction with immediates starts before end - (FAST_WINDOW - 1):
 * they are read within FAST_WINDOW bytes of its start without checking
 * the end (the general path takes those of the last bytes): a load or
 * store with a five-byte offset (as linkers pad relocated addresses)
 * fits. */
#define FAST_WINDOW 7

/* A u32 LEB of two bytes or more at p, whose five bytes are all within
 * the window (readable): its length << 32 | its value, or 0 if it is
 * malformed (the general path then reads it and reports it).  Common:
 * linkers pad relocated indices, addresses and offsets to five bytes. */
static inline __attribute__((always_inline)) uint64_t
fast_u32_long(const uint8_t *p)
{
	uint32_t v = 0;
	unsigned n = wasm_leb_u32_window(p, &v);
	return n ? (uint64_t)n << 32 | v : 0;
}

/* The u32 LEB at p (five bytes readable) into *v: the byte after it, or
 * NULL (fast_u32_long). */
static inline __attribute__((always_inline)) const uint8_t *
fast_u32(const uint8_t *p, uint32_t *v)
{
	if (__builtin_expect(!(*p & 0x80), 1)) {
		*v = *p;
		return p + 1;
	}
	uint64_t r = fast_u32_long(p);
	*v = (uint32_t)r;
	return r ? p + (r >> 32) : NULL;
}

/* The s32 (i32.const) or s64 (i64.const) LEB of two bytes or more at p
 * (six bytes readable): the byte after it, or NULL if it is malformed or
 * longer (as fast_u32_long).  Up to six bytes an s64 has no unused
 * bits. */
static inline __attribute__((always_inline)) const uint8_t *
fast_signed_long(const uint8_t *p, bool wide)
{
	int32_t v;
	if (!wide) {
		unsigned n = wasm_leb_s32_window(p, &v);
		return n ? p + n : NULL;
	}
	for (unsigned i = 0; i < 6; i++)
		if (!(p[i] & 0x80))
			return p + i + 1;
	return NULL;
}

/* The s32 or s64 at p (six bytes readable), whose value the validator
 * does not need: the byte after it, or NULL. */
static inline __attribute__((always_inline)) const uint8_t *
fast_signed(const uint8_t *p, bool wide)
{
	if (__builtin_expect(!(*p & 0x80), 1))
		return p + 1;
	return fast_signed_long(p, wide);
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
	wasm_vt *sp, *floor, *room; /* the stack's base is the context's
				       vals; how high it goes, fast_run
				       finds at the end (wasm_vctx) */
	struct wasm_vframe *f;	    /* the top frame */
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
	f->height = (uint32_t)(s->sp - c->vals);
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
	uint32_t nr = f->nresults;
	/* Exactly the results: none or one (most), else each. */
	if ((size_t)(s->sp - s->floor) != nr)
		return false;
	if (nr == 1) {
		if (s->sp[-1] != *wasm_vframe_results(f))
			return false;
	} else if (nr &&
		   !fast_top_is(s->sp, s->floor, wasm_vframe_results(f), nr)) {
		return false;
	}
	if (f->op == WASM_OP_IF && is_end && (f->nparams || nr))
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

/* Pushes t (a known type, not 0: see wasm_vctx): the run keeps room for a
 * value per byte (fast_run). */
static inline __attribute__((always_inline)) void fast_push(struct fast *s,
							    wasm_vt t)
{
	*s->sp++ = t;
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

/* What fast_mem0 gives for a module without memory: no operand's type.
 * Not 0, which is the unknown operand of unreachable code: a load there
 * would then pass as an access to a memory the module lacks. */
#define FAST_NO_MEMORY 0xffffffffu

/* The address type of memory 0 of m (FAST_NO_MEMORY: none, so that every
 * access falls to the general path, which reports it). */
static inline wasm_vt fast_mem0(const struct wasm_module *m)
{
	return m->nmemories ? wasm_vmem_itype(m, 0) : FAST_NO_MEMORY;
}

/* What a plain load or store takes from its opcode: the log2 of its
 * natural alignment, and the type it loads (a load) or stores (a
 * store). */
struct fast_mem_op {
	uint8_t align;
	uint8_t vt;
};

/* A plain load or store at p (the opcode, described by d): a one-byte
 * alignment (no memory index) no larger than natural, a u32 offset within
 * the window, memory 0 (whose address type is mem0, FAST_NO_MEMORY without
 * one), whatever the features (a memory64 offset of this size reads the same).
 * The byte after it, or NULL. */
static inline __attribute__((always_inline)) const uint8_t *
fast_mem(struct fast *s, wasm_vt mem0, const uint8_t *p,
	 const struct fast_mem_op *d, bool store)
{
	uint32_t off;
	const uint8_t *q;
	if (p[1] > d->align || !(q = fast_u32(p + 2, &off)))
		return NULL;
	wasm_vt *sp = s->sp;
	if (store) {
		if (sp - s->floor < 2 || sp[-1] != d->vt)
			return NULL;
		sp -= 2;
	} else {
		if (sp == s->floor)
			return NULL;
		sp--;
	}
	/* The address. */
	if (*sp != mem0)
		return NULL;
	if (!store)
		*sp++ = d->vt;
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
 * reference), the index in *x and the byte after it, or NULL.  ltypes has
 * WASM_VFAST_LOCALS entries at least, 0 past the body's locals, so a
 * one-byte index needs no bound. */
static inline __attribute__((always_inline)) const uint8_t *
fast_local(const uint8_t *p, const wasm_vt *ltypes, uint64_t nlocals,
	   wasm_vt *t, uint32_t *x)
{
	if (__builtin_expect(!(*p & 0x80), 1)) {
		*x = *p;
		*t = ltypes[*p];
		return p + 1;
	}
	uint64_t r = fast_u32_long(p);
	if (!r || (uint32_t)r >= nlocals)
		return NULL;
	*x = (uint32_t)r;
	*t = ltypes[(uint32_t)r];
	return p + (r >> 32);
}

#endif /* WASM_VALIDATE_FAST_H */
