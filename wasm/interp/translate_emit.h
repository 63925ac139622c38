/*
 * wasm/interp/translate_emit.h - the translator's inline helpers every
 * instruction uses: appending cells, the compile-time stack model (push,
 * pop, writing lazy entries out), reading immediates, addressing the
 * instance context.  Split from translate.h (the state and the files'
 * entry points) so that header stays a map of the translator; the
 * peephole record the fusions read is translate_peep.h.  Inline because
 * translation time is part of every program start.
 */
#ifndef WASM_INTERP_TRANSLATE_EMIT_H
#define WASM_INTERP_TRANSLATE_EMIT_H

#include "wasm/interp/translate.h"

/* The helpers every instruction uses are forced inline: as calls (the
 * compiler's choice in the larger translator files) their register saves
 * cost more than their bodies. */
#define TR_INLINE static inline __attribute__((always_inline))

static inline void set_pair(union wasm_cell *c, uint32_t a, uint32_t b)
{
	c->p.a = a;
	c->p.b = b;
}

/* Appends n zeroed cells; returns the first one's index or SIZE_MAX (out of
 * memory, recorded in t->err, or an earlier error). */
TR_INLINE size_t tr_emit(struct tr *t, size_t n)
{
	if (t->err)
		return SIZE_MAX;
	if (t->ncode + n > t->cap &&
	    !wasm_tr_grow(t, &t->code, &t->cap, sizeof(*t->code), t->ncode + n,
			  256))
		return SIZE_MAX;
	size_t at = t->ncode;
	t->ncode += n;
	/* Stores, not memset: n is a small constant at almost every call
	 * site, and the kernel (-fno-builtin) would call memset.  Through a
	 * local pointer: a cell's store may alias t->code, which would be
	 * loaded again for every cell. */
	union wasm_cell *c = t->code + at;
	for (size_t i = 0; i < n; i++)
		c[i].u = 0;
	return at;
}

/* Emits an instruction of n cells starting with fn; returns its index or
 * SIZE_MAX. */
TR_INLINE size_t tr_emit_op(struct tr *t, wasm_op_fn fn, size_t n)
{
	size_t at = tr_emit(t, n);
	if (at != SIZE_MAX)
		t->code[at].fn = fn;
	return at;
}

/*
 * Emits an instruction of n cells starting with fn whose other cells the
 * caller then writes, every one of them whole (they are not zeroed);
 * returns its first cell, whose index is t->ncode - n, or NULL (out of
 * memory, recorded in t->err, or an earlier error).  The hot emitters
 * use it: tr_emit's zeroing and the reloads of t->code around each cell
 * stored through it (a cell may alias t's fields) were ~15 instructions
 * of every instruction emitted.
 */
TR_INLINE union wasm_cell *tr_emit_fill(struct tr *t, wasm_op_fn fn, size_t n)
{
	_Static_assert(sizeof(wasm_op_fn) == sizeof(union wasm_cell),
		       "a handler pointer fills its cell");
	if (t->err)
		return NULL;
	if (t->ncode + n > t->cap &&
	    !wasm_tr_grow(t, &t->code, &t->cap, sizeof(*t->code), t->ncode + n,
			  256))
		return NULL;
	union wasm_cell *c = t->code + t->ncode;
	t->ncode += n;
	c->fn = fn;
	return c;
}

/* tr_push() when the stack model has room for the entry (t->nvals <
 * t->vals_cap). */
TR_INLINE struct tr_val *tr_push_room(struct tr *t, uint8_t type)
{
	/* t's fields first, then the entry's: a store to the entry may
	 * alias them, which would load them again. */
	struct tr_val *v = &t->vals[t->nvals++];
	uint32_t sp = t->sp, next = sp + wasm_rt_type_slots(type);
	t->sp = next;
	if (next > t->max_slot)
		t->max_slot = next;
	v->type = type;
	v->kind = K_STACK;
	v->home = v->src = sp;
	/* c is read for K_CONST entries only (tr_push_const sets it). */
	return v;
}

/* Pushes a stack entry of type; NULL on out of memory. */
TR_INLINE struct tr_val *tr_push(struct tr *t, uint8_t type)
{
	if (t->nvals == t->vals_cap &&
	    !wasm_tr_grow(t, &t->vals, &t->vals_cap, sizeof(*t->vals),
			  (size_t)t->nvals + 1, 64))
		return NULL;
	return tr_push_room(t, type);
}

/* Pushes the result of an instruction; returns its slot. */
TR_INLINE uint32_t tr_push_home(struct tr *t, uint8_t type)
{
	struct tr_val *v = tr_push(t, type);
	return v ? v->home : 0;
}

TR_INLINE void tr_push_const(struct tr *t, uint8_t type, uint64_t lo,
			     uint64_t hi)
{
	struct tr_val *v = tr_push(t, type);
	if (!v)
		return;
	v->kind = K_CONST;
	v->c[0] = lo;
	v->c[1] = hi;
}

TR_INLINE struct tr_val tr_pop(struct tr *t)
{
	struct tr_val v = {0};
	if (t->nvals == 0) {
		t->err = ERR_INVAL;
		return v;
	}
	v = t->vals[--t->nvals];
	t->sp = v.home;
	return v;
}

/* The entry i below the top (0: the top). */
TR_INLINE struct tr_val *tr_top(struct tr *t, uint32_t i)
{
	return &t->vals[t->nvals - 1 - i];
}

/* A copy64 of slot src to dst: joins the copy64 just emitted (one
 * op_copy2 [fn][src1 | dst1<<32][src2 | dst2<<32], in order) when there
 * is one, else emits a copy64 [fn][src | dst<<32]. */
TR_INLINE void tr_emit_copy64(struct tr *t, uint32_t src, uint32_t dst)
{
	if (t->copy_end == t->ncode && !t->err) {
		/* The copy64 [fn][pair] just emitted becomes op_copy2 with
		 * this pair as its third cell. */
		union wasm_cell *c = tr_emit_fill(t, wasm_interp_fuse.copy2, 1);
		if (!c)
			return;
		c[-2].fn = wasm_interp_fuse.copy2;
		set_pair(&c[0], src, dst);
		t->copy_end = SIZE_MAX;
		return;
	}
	union wasm_cell *c = tr_emit_fill(t, wasm_interp_ctl.copy64, 2);
	if (!c)
		return;
	set_pair(&c[1], src, dst);
	t->copy_end = t->ncode;
}

/* wasm_tr_emit_move() with its usual cases inline: a scalar constant, a
 * scalar copy. */
TR_INLINE void tr_emit_move(struct tr *t, const struct tr_val *v, uint32_t dst)
{
	if (v->kind == K_CONST && v->type != WASM_V128) {
		uint64_t k = v->c[0];
		union wasm_cell *c =
			tr_emit_fill(t, wasm_interp_ctl.const64, 3);
		if (!c)
			return;
		c[1].u = dst;
		c[2].u = k;
		return;
	}
	if (v->kind != K_CONST && v->src == dst)
		return;
	if (v->kind != K_CONST && v->type != WASM_V128)
		tr_emit_copy64(t, v->src, dst);
	else
		wasm_tr_emit_move(t, v, dst);
}

TR_INLINE void tr_materialize(struct tr *t, struct tr_val *v)
{
	if (v->kind == K_STACK)
		return;
	tr_emit_move(t, v, v->home);
	v->kind = K_STACK;
	v->src = v->home;
}

/* Pops an operand that must be read from a slot; returns the slot. */
TR_INLINE uint32_t tr_pop_slot(struct tr *t)
{
	if (t->nvals == 0) {
		t->err = ERR_INVAL;
		return 0;
	}
	/* Locals are read in place; only constants need a slot. */
	if (tr_top(t, 0)->kind == K_CONST)
		tr_materialize(t, tr_top(t, 0));
	return tr_pop(t).src;
}

/*
 * tr_pop_slot() then tr_push_home(t, type) in one: the result takes the
 * popped operand's entry and home slot.  Returns the result's slot; the
 * operand's slot in *a.
 */
TR_INLINE uint32_t tr_replace_top(struct tr *t, uint8_t type, uint32_t *a)
{
	if (t->nvals == 0) {
		t->err = ERR_INVAL;
		*a = 0;
		return 0;
	}
	struct tr_val *v = &t->vals[t->nvals - 1];
	if (v->kind == K_CONST)
		tr_materialize(t, v);
	uint32_t home = v->home, next = home + wasm_rt_type_slots(type);
	*a = v->src;
	t->sp = next;
	if (next > t->max_slot)
		t->max_slot = next;
	v->type = type;
	v->kind = K_STACK;
	v->src = home;
	return home;
}

/* Forgets the last instruction: nothing may be fused with it. */
TR_INLINE void tr_no_peephole(struct tr *t)
{
	t->last_end = SIZE_MAX;
	t->copy_end = SIZE_MAX;
	t->step_end = SIZE_MAX;
}

TR_INLINE int tr_read_u32(struct tr *t, uint32_t *v)
{
	if (wasm_leb_u32(&t->p, t->end, v)) {
		t->err = ERR_FORMAT;
		return -1;
	}
	return 0;
}

static inline int tr_read_u64(struct tr *t, uint64_t *v)
{
	if (wasm_leb_u64(&t->p, t->end, v)) {
		t->err = ERR_FORMAT;
		return -1;
	}
	return 0;
}

/* The byte offset of p, an element of an array of the instance's context
 * (struct wasm_rt_instance): the same for every instance of the module. */
static inline uint64_t tr_ctx_off(const struct tr *t, const void *p)
{
	return (uint64_t)((const char *)p - (const char *)t->inst->ctx);
}

/* Whether memory (table) x of the module has i64 addresses (indices). */
static inline bool tr_mem64(const struct tr *t, uint32_t x)
{
	return t->m->memories[x].type.limits.is64;
}

static inline bool tr_table64(const struct tr *t, uint32_t x)
{
	return t->m->tables[x].type.limits.is64;
}

/*
 * The i64 operand just popped, whose slot is src, made an i32 for a
 * handler of i32 indices (exec_mem.c, wasm_op_narrow64: beyond 2^32 - 1 it
 * traps with trap): written to the operand's home slot (where t->sp now
 * points), which nothing else uses; returns that slot.
 */
static inline uint32_t tr_narrow_popped(struct tr *t, uint32_t src, int trap)
{
	uint32_t home = t->sp;
	size_t at = tr_emit_op(t, wasm_interp_ctl.narrow64, 3);
	if (at == SIZE_MAX)
		return src;
	set_pair(&CELL(t, at, 1), src, home);
	CELL(t, at, 2).u = (uint64_t)trap;
	tr_no_peephole(t);
	return home;
}

/* Reads n immediate bytes; NULL (ERR_FORMAT) if the body ends first. */
static inline const uint8_t *tr_read_bytes(struct tr *t, size_t n)
{
	if ((size_t)(t->end - t->p) < n) {
		t->err = ERR_FORMAT;
		return NULL;
	}
	const uint8_t *q = t->p;
	t->p += n;
	return q;
}

#endif /* WASM_INTERP_TRANSLATE_EMIT_H */
