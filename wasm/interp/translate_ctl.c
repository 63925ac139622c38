/*
 * wasm/interp/translate_ctl.c - the translator's structured control flow:
 * the label stack and block/loop/if/else/end; branches and skipping the
 * unreachable code after them are in translate_br.c, the helpers both
 * use in translate_ctl.h (see translate.h).
 *
 * Branch values go to the target label's base slot.  A forward branch's
 * offset cell is chained through the label (fixups) until its end patches
 * them all; a loop's target is known when the branch is emitted.  A branch
 * whose values are already in place (needs_copies() false) is a single
 * jump; otherwise the copies and the jump go on a path of their own.
 */
#include "wasm/interp/translate_ctl.h"

/* ---- labels ------------------------------------------------------------- */

static void patch_chain(struct tr *t, size_t chain, size_t target)
{
	while (chain) {
		size_t cell = chain - 1;
		chain = (size_t)t->code[cell].i;
		t->code[cell].i = (int64_t)target - (int64_t)cell;
	}
}

/* wasm_tr_read_blocktype() beyond its one-byte fast path. */
static int read_blocktype_slow(struct tr *t, struct tr_label *l)
{
	int64_t bt;
	if (wasm_leb_s33(&t->p, t->end, &bt))
		return ERR_FORMAT;
	l->nparams = l->nresults = 0;
	l->params = l->results = NULL;
	if (bt == -64)
		return 0;
	if (bt < 0) {
		l->single = (uint8_t)(bt & 0x7f);
		l->results = NULL; /* see lab_results() */
		l->nresults = 1;
		/* A typed reference: its heap type follows (a reference
		 * whatever it is: one slot). */
		if (l->single == WASM_REF || l->single == WASM_REF_NULL)
			return wasm_leb_s33(&t->p, t->end, &bt) ? ERR_FORMAT
								: 0;
		return 0;
	}
	if ((uint64_t)bt >= t->m->ntypes)
		return ERR_INVAL;
	const struct wasm_functype *ft = &t->m->types[bt];
	l->params = ft->types;
	l->nparams = ft->nparams;
	l->results = ft->types + ft->nparams;
	l->nresults = ft->nresults;
	return 0;
}

/* wasm_tr_read_blocktype(), inline for block, loop and if. */
TR_INLINE int read_blocktype(struct tr *t, struct tr_label *l)
{
	/* One byte: empty (0x40) or a value type without a heap type
	 * (inline: every block, loop and if reads one). */
	if (t->p < t->end && *t->p >= 0x40 && *t->p < 0x80 &&
	    *t->p != WASM_REF && *t->p != WASM_REF_NULL) {
		uint8_t b = *t->p++;
		l->nparams = 0;
		l->params = l->results = NULL;
		l->nresults = b != 0x40;
		l->single = b;
		return 0;
	}
	return read_blocktype_slow(t, l);
}

/* The block type at t->p into l's params and results; 0, ERR_FORMAT or
 * ERR_INVAL (a type index out of range). */
int wasm_tr_read_blocktype(struct tr *t, struct tr_label *l)
{
	return read_blocktype(t, l);
}

/* A new innermost label of kind, zeroed; NULL when out of memory. */
TR_INLINE struct tr_label *push_label(struct tr *t, uint8_t kind)
{
	if (t->nlabels == t->labels_cap &&
	    !wasm_tr_grow(t, &t->labels, &t->labels_cap, sizeof(*t->labels),
			  (size_t)t->nlabels + 1, 16))
		return NULL;
	struct tr_label *l = &t->labels[t->nlabels++];
	/* Field by field: __builtin_memset of the 112 bytes was a call of
	 * the kernel's memset (-fno-builtin), ~40 instructions of every
	 * block, loop and if.  A field added to struct tr_label is zeroed
	 * here too. */
	_Static_assert(sizeof(struct tr_label) == 14 * sizeof(uint64_t) ||
			       sizeof(void *) != 8,
		       "every field of struct tr_label is zeroed below");
	l->kind = kind;
	l->unreachable = false;
	l->height = l->base = 0;
	l->nparams = l->nresults = 0;
	l->params = l->results = NULL;
	l->single = 0;
	l->start = l->fixups = l->else_fix = 0;
	l->try_id = 0;
	l->try_start = l->try_end = 0;
	l->try_state = 0;
	l->ncatches = 0;
	l->catches = NULL;
	return l;
}

/* push_label() for translate_eh.c (translate.h). */
struct tr_label *wasm_tr_push_label(struct tr *t, uint8_t kind)
{
	return push_label(t, kind);
}

/* Enters block/loop/if whose type was read into l: params stay on the
 * stack as the label's first entries. */
TR_INLINE void enter_settled(struct tr *t, struct tr_label *l);

TR_INLINE void enter_label(struct tr *t, struct tr_label *l)
{
	for (uint32_t i = 0; i < t->nvals; i++)
		tr_materialize(t, &t->vals[i]);
	enter_settled(t, l);
}

/* Whether every entry of the stack model is in its home slot (K_STACK):
 * entering a label then emits nothing. */
TR_INLINE bool stack_settled(const struct tr *t)
{
	for (uint32_t i = 0; i < t->nvals; i++)
		if (t->vals[i].kind != K_STACK)
			return false;
	return true;
}

/* enter_label() once every entry is in its home slot. */
TR_INLINE void enter_settled(struct tr *t, struct tr_label *l)
{
	if (l->nparams > t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	l->height = t->nvals - l->nparams;
	l->base = l->nparams ? t->vals[l->height].home : t->sp;
	tr_no_peephole(t);
}

/* enter_label() for translate_eh.c (translate.h). */
void wasm_tr_enter_label(struct tr *t, struct tr_label *l)
{
	enter_label(t, l);
}

/* Resets the stack to the label's height and pushes types; room: the
 * stack model is known to have room for them (no growing). */
TR_INLINE void reset_stack_to(struct tr *t, struct tr_label *l,
			      const uint8_t *types, uint32_t n, bool room)
{
	if (t->nvals > l->height)
		t->nvals = l->height;
	t->sp = l->base;
	for (uint32_t i = 0; i < n; i++)
		if (room)
			tr_push_room(t, types[i]);
		else
			tr_push(t, types[i]);
}

/* Resets the stack to the label's height and pushes types. */
TR_INLINE void reset_stack(struct tr *t, struct tr_label *l,
			   const uint8_t *types, uint32_t n)
{
	reset_stack_to(t, l, types, n, false);
}

/* reset_stack() for translate_eh.c (translate.h). */
void wasm_tr_reset_stack(struct tr *t, struct tr_label *l, const uint8_t *types,
			 uint32_t n)
{
	reset_stack(t, l, types, n);
}

/* Opens the function's own label (results of ft, returned at slot 0). */
void wasm_tr_enter_func(struct tr *t, const struct wasm_rt_functype *ft)
{
	struct tr_label *fl = push_label(t, L_FUNC);
	if (!fl)
		return;
	fl->results = ft->types + ft->nparams;
	fl->nresults = ft->nresults;
	fl->base = t->stack_base;
	/* With fuel, calls tick (op_call_fuel), not function entries. */
}

/* ---- blocks ------------------------------------------------------------- */

/* block, loop, if (op) with its block type at t->p. */
/* if: the condition's compare taken back into a conditional jump to the
 * else arm (or the end).  Out of line: inlined into wasm_tr_block, its
 * registers were saved and restored around every block and loop too. */
static __attribute__((noinline)) void tr_if(struct tr *t)
{
	uint32_t a = 0, b = 0;
	bool imm = false;
	struct tr_label *l = push_label(t, L_IF);
	if (!l || (t->err = read_blocktype(t, l)))
		return;
	int cmp = take_cond(t, &a, &b, &imm);
	enter_label(t, l);
	size_t at = emit_cond_jump(t, cmp, a, b, imm, false, false);
	l->else_fix = at == SIZE_MAX ? 0 : at + 1;
}

void wasm_tr_block(struct tr *t, uint8_t op)
{
	if (op == WASM_OP_IF) {
		tr_if(t);
		return;
	}
	/* Lazy entries written out by a call: the usual block or loop
	 * then emits nothing before its fuel cell and saves fewer
	 * registers (~10 instructions of every block and loop). */
	if (!stack_settled(t))
		wasm_tr_materialize_all(t);
	struct tr_label *l =
		push_label(t, op == WASM_OP_BLOCK ? L_BLOCK : L_LOOP);
	if (!l || (t->err = read_blocktype(t, l)))
		return;
	enter_settled(t, l);
	l->start = t->ncode;
	if (op == WASM_OP_LOOP && t->fuel)
		tr_emit_op(t, wasm_interp_ctl.fuel, 1);
}

/* Writes the live entries of the innermost label out, if it is reachable:
 * the code after it expects them in their home slots. */
TR_INLINE void close_arm(struct tr *t, struct tr_label *l)
{
	if (l->unreachable)
		return;
	for (uint32_t i = l->height; i < t->nvals; i++)
		tr_materialize(t, &t->vals[i]);
}

/* close_arm() for translate_eh.c (translate.h). */
void wasm_tr_close_arm(struct tr *t, struct tr_label *l)
{
	close_arm(t, l);
}

/* else of the innermost label (an if). */
void wasm_tr_else(struct tr *t)
{
	struct tr_label *l = &t->labels[t->nlabels - 1];
	close_arm(t, l);
	if (!l->unreachable)
		wasm_tr_emit_jump(t, l);
	patch_here(t, l->else_fix);
	l->else_fix = 0;
	l->unreachable = false;
	reset_stack(t, l, l->params, l->nparams);
	tr_no_peephole(t);
}

/* Whether the innermost label l's arm needs no code to close
 * (close_arm): unreachable, or no lazy entry above its height. */
TR_INLINE bool arm_closed(const struct tr *t, const struct tr_label *l)
{
	if (l->unreachable)
		return true;
	for (uint32_t i = l->height; i < t->nvals; i++)
		if (t->vals[i].kind != K_STACK)
			return false;
	return true;
}

/* wasm_tr_end() of a try or the function's label, or of an arm that
 * still has lazy entries to write out. */
static __attribute__((noinline)) void end_slow(struct tr *t, struct tr_label *l)
{
	if (l->kind == L_TRY)
		wasm_tr_try_end(t, l);
	if (l->kind == L_FUNC) {
		if (!l->unreachable)
			wasm_tr_emit_branch(t, l);
		t->nlabels--;
		return;
	}
	close_arm(t, l);
	patch_here(t, l->else_fix);
	if (!t->err)
		patch_chain(t, l->fixups, t->ncode);
	reset_stack(t, l, lab_results(l), l->nresults);
	t->nlabels--;
	tr_no_peephole(t);
}

/* end of the innermost label: patches the branches to it; the function's
 * own end returns.  The usual end of a block, loop or if (no lazy entry
 * to write out, room for its results) emits no code and calls nothing,
 * so it saves fewer registers (as one function with the rest it saved
 * twelve, ~30 instructions of every end). */
void wasm_tr_end(struct tr *t)
{
	struct tr_label *l = &t->labels[t->nlabels - 1];
	if (l->kind == L_TRY || l->kind == L_FUNC || !arm_closed(t, l) ||
	    (size_t)l->height + l->nresults > t->vals_cap) {
		end_slow(t, l);
		return;
	}
	patch_here(t, l->else_fix);
	if (!t->err)
		patch_chain(t, l->fixups, t->ncode);
	reset_stack_to(t, l, lab_results(l), l->nresults, true);
	t->nlabels--;
	tr_no_peephole(t);
}
