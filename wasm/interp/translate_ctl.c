/*
 * wasm/interp/translate_ctl.c - the translator's structured control flow:
 * the label stack, block/loop/if/else/end, branches, and skipping the
 * unreachable code after them (see translate.h).
 *
 * Branch values go to the target label's base slot.  A forward branch's
 * offset cell is chained through the label (fixups) until its end patches
 * them all; a loop's target is known when the branch is emitted.  A branch
 * whose values are already in place (needs_copies() false) is a single
 * jump; otherwise the copies and the jump go on a path of their own.
 */
#include "wasm/decode_instr.h"
#include "wasm/interp/translate.h"

/* ---- labels ------------------------------------------------------------- */

/* The label depth levels out (0: the innermost); ERR_INVAL (and the
 * function's label) beyond the outermost. */
struct tr_label *wasm_tr_label(struct tr *t, uint32_t depth)
{
	if (depth >= t->nlabels) {
		t->err = ERR_INVAL;
		return &t->labels[0];
	}
	return &t->labels[t->nlabels - 1 - depth];
}

static void patch_chain(struct tr *t, size_t chain, size_t target)
{
	while (chain) {
		size_t cell = chain - 1;
		chain = (size_t)t->code[cell].i;
		t->code[cell].i = (int64_t)target - (int64_t)cell;
	}
}

/* Points the offset in cell (index + 1; 0: none) at the current end. */
static void patch_here(struct tr *t, size_t cell_plus1)
{
	if (!cell_plus1 || t->err)
		return;
	size_t cell = cell_plus1 - 1;
	t->code[cell].i = (int64_t)t->ncode - (int64_t)cell;
}

/* A branch to l is a back edge that counts the fuel tick itself (the
 * loop head's op_fuel then only runs on entry). */
static bool back_edge(const struct tr *t, const struct tr_label *l)
{
	return t->fuel && l->kind == L_LOOP;
}

/* Makes cell refer to the branch target of label l; ticks: the branch is
 * a back-edge handler (back_edge()), which jumps past the op_fuel. */
static void link_target(struct tr *t, struct tr_label *l, size_t cell,
			bool ticks)
{
	if (cell == SIZE_MAX || t->err)
		return;
	if (l->kind == L_LOOP) {
		size_t target = l->start + (ticks ? 1 : 0);
		t->code[cell].i = (int64_t)target - (int64_t)cell;
	} else {
		t->code[cell].i = (int64_t)l->fixups;
		l->fixups = cell + 1;
	}
}

/* The label's result types (a single result lives inside the label, which
 * may move when the label stack grows). */
static const uint8_t *lab_results(const struct tr_label *l)
{
	return l->results ? l->results : &l->single;
}

static uint32_t br_arity(const struct tr_label *l, const uint8_t **types)
{
	if (l->kind == L_LOOP) {
		*types = l->params;
		return l->nparams;
	}
	*types = lab_results(l);
	return l->nresults;
}

/* Target slot of the branch values of l. */
static uint32_t br_base(const struct tr_label *l)
{
	return l->kind == L_FUNC ? 0 : l->base;
}

static bool needs_copies(struct tr *t, const struct tr_label *l)
{
	const uint8_t *types;
	uint32_t n = br_arity(l, &types);
	uint32_t dst = br_base(l);
	if (l->kind == L_FUNC)
		return true; /* a return */
	for (uint32_t i = 0; i < n; i++) {
		const struct tr_val *v = tr_top(t, n - 1 - i);
		if (v->kind != K_STACK || v->src != dst)
			return true;
		dst += wasm_rt_type_slots(v->type);
	}
	return false;
}

/* Moves the branch values of l into place (the stack model is kept). */
static void emit_copies(struct tr *t, const struct tr_label *l)
{
	const uint8_t *types;
	uint32_t n = br_arity(l, &types);
	uint32_t dst = br_base(l);
	if (l->kind == L_FUNC && n == 1 && tr_top_is_last(t)) {
		/* The last instruction computed the only result: let it
		 * write fp[0] itself (nothing reads its slots afterwards). */
		tr_retarget_last(t, 0);
		tr_no_peephole(t);
		return;
	}
	bool via_home = l->kind == L_FUNC && n > 1;
	if (via_home) {
		/* Locals may overlap fp[0..]: stage them in their home slots
		 * (on this path only; the stack model is left alone). */
		for (uint32_t i = 0; i < n; i++) {
			const struct tr_val *v = tr_top(t, i);
			if (v->kind == K_LOCAL)
				tr_emit_move(t, v, v->home);
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		struct tr_val v = *tr_top(t, n - 1 - i);
		if (via_home && v.kind == K_LOCAL) {
			v.kind = K_STACK;
			v.src = v.home;
		}
		tr_emit_move(t, &v, dst);
		dst += wasm_rt_type_slots(v.type);
	}
}

/* Unconditional jump to l (values already in place). */
void wasm_tr_emit_jump(struct tr *t, struct tr_label *l)
{
	if (l->kind == L_FUNC) {
		tr_emit_op(t, wasm_interp_ctl.ret, 1);
		return;
	}
	bool back = back_edge(t, l);
	union wasm_cell *c = tr_emit_fill(
		t, back ? wasm_interp_ctl.br_fuel : wasm_interp_ctl.br, 2);
	if (!c)
		return;
	c[1].u = 0;
	link_target(t, l, t->ncode - 1, back);
}

/* The copies and the jump of a branch to l. */
void wasm_tr_emit_branch(struct tr *t, struct tr_label *l)
{
	emit_copies(t, l);
	wasm_tr_emit_jump(t, l);
}

/* What follows in the current block is dead (after br, unreachable...). */
void wasm_tr_set_unreachable(struct tr *t)
{
	t->labels[t->nlabels - 1].unreachable = true;
	tr_no_peephole(t);
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
TR_INLINE void enter_label(struct tr *t, struct tr_label *l)
{
	for (uint32_t i = 0; i < t->nvals; i++)
		tr_materialize(t, &t->vals[i]);
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

/* Resets the stack to the label's height and pushes types. */
TR_INLINE void reset_stack(struct tr *t, struct tr_label *l,
			   const uint8_t *types, uint32_t n)
{
	if (t->nvals > l->height)
		t->nvals = l->height;
	t->sp = l->base;
	for (uint32_t i = 0; i < n; i++)
		tr_push(t, types[i]);
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

/*
 * Emits a conditional jump, taken when the condition holds (when_true) or
 * fails; the condition has been described by cmp/a/b/imm (cmp >= 0) or is
 * in slot a.  back: a back edge (back_edge(), when_true only).  Returns
 * the cell holding the offset.
 */
TR_INLINE size_t emit_cond_jump(struct tr *t, int cmp, uint32_t a, uint32_t b,
				bool imm, bool when_true, bool back)
{
	const struct wasm_interp_ctl_ops *c = &wasm_interp_ctl;
	wasm_op_fn fn;
	if (cmp == 0) { /* eqz x: invert on x itself */
		when_true = !when_true;
		cmp = -1;
	}
	if (cmp < 0) {
		fn = when_true ? (back ? c->br_if_fuel : c->br_if)
			       : (back ? c->br_unless_fuel : c->br_unless);
	} else if (cmp >= WASM_TR_FCMP) { /* back implies when_true */
		fn = wasm_interp_fuse.fcmp_br[cmp - WASM_TR_FCMP]
					     [back ? 2 : when_true];
	} else {
		const struct wasm_interp_cmp_ops *o = &wasm_interp_cmp[cmp];
		fn = when_true ? (imm ? o->br_ri : o->br_rr)
			       : (imm ? o->unless_ri : o->unless_rr);
		if (back)
			fn = imm ? o->br_ri_fuel : o->br_rr_fuel;
	}
	union wasm_cell *cell = tr_emit_fill(t, fn, 3);
	if (!cell)
		return SIZE_MAX;
	if (cmp < 0)
		cell[1].u = a; /* [fn][a][offset] */
	else
		set_pair(&cell[1], a, b);
	cell[2].u = 0; /* the offset: linked or patched by the caller */
	return t->ncode - 1;
}

/* Takes the condition on top: a compare just emitted, fused into the
 * branch (returns its index), or a slot in *a (returns -1). */
TR_INLINE int take_cond(struct tr *t, uint32_t *a, uint32_t *b, bool *imm)
{
	*a = *b = 0;
	*imm = false;
	int cmp = tr_take_cmp(t, a, b, imm);
	if (cmp < 0)
		cmp = tr_take_fcmp(t, a, b);
	if (cmp < 0)
		*a = tr_pop_slot(t);
	return cmp;
}

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
	struct tr_label *l =
		push_label(t, op == WASM_OP_BLOCK ? L_BLOCK : L_LOOP);
	if (!l || (t->err = read_blocktype(t, l)))
		return;
	enter_label(t, l);
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
static __attribute__((noinline)) void end_slow(struct tr *t,
					       struct tr_label *l)
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
 * own end returns.  The usual end of a block, loop or if emits no code
 * and calls nothing, so it saves no registers (as one function with the
 * rest it saved twelve, ~30 instructions of every end). */
void wasm_tr_end(struct tr *t)
{
	struct tr_label *l = &t->labels[t->nlabels - 1];
	if (l->kind == L_TRY || l->kind == L_FUNC || !arm_closed(t, l)) {
		end_slow(t, l);
		return;
	}
	patch_here(t, l->else_fix);
	if (!t->err)
		patch_chain(t, l->fixups, t->ncode);
	reset_stack(t, l, lab_results(l), l->nresults);
	t->nlabels--;
	tr_no_peephole(t);
}

/* ---- branches ----------------------------------------------------------- */

/* br depth. */
void wasm_tr_br(struct tr *t, uint32_t depth)
{
	wasm_tr_emit_branch(t, wasm_tr_label(t, depth));
	wasm_tr_set_unreachable(t);
}

/* return: a branch to the function's label. */
void wasm_tr_return(struct tr *t)
{
	wasm_tr_br(t, t->nlabels - 1);
}

/* br_if depth: one compare-and-branch when the values are in place. */
void wasm_tr_br_if(struct tr *t, uint32_t depth)
{
	uint32_t a, b;
	bool imm;
	int cmp = take_cond(t, &a, &b, &imm);
	struct tr_label *l = wasm_tr_label(t, depth);
	if (t->err)
		return;
	if (!needs_copies(t, l)) {
		bool back = back_edge(t, l);
		/* An add right before the compare may join it (a loop's
		 * step and test: translate_fuse.c). */
		size_t cell =
			cmp > 0 && t->step_end == t->ncode
				? wasm_tr_fuse_step_br(t, cmp, a, b, imm, back)
				: SIZE_MAX;
		if (cell == SIZE_MAX)
			cell = emit_cond_jump(t, cmp, a, b, imm, true, back);
		link_target(t, l, cell, back);
	} else {
		size_t skip = emit_cond_jump(t, cmp, a, b, imm, false, false);
		wasm_tr_emit_branch(t, l);
		patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
	}
	tr_no_peephole(t);
}

/*
 * br_table: one offset cell per target; a target whose values must be
 * copied gets a stub (copies and a jump) after the table, shared by the
 * entries with the same depth.
 */
void wasm_tr_br_table(struct tr *t)
{
	uint32_t n, depth;
	if (tr_read_u32(t, &n))
		return;
	const uint8_t *targets = t->p;
	for (uint32_t i = 0; i <= n; i++)
		if (tr_read_u32(t, &depth))
			return;
	uint32_t c = tr_pop_slot(t);
	size_t at = tr_emit_op(t, wasm_interp_ctl.br_table, 2 + (size_t)n + 1);
	if (at == SIZE_MAX || t->err)
		return;
	set_pair(&CELL(t, at, 1), c, n);
	const uint8_t *q = targets;
	for (uint32_t i = 0; i <= n; i++) {
		wasm_leb_u32(&q, t->end, &depth);
		struct tr_label *l = wasm_tr_label(t, depth);
		if (t->err)
			return;
		size_t cell = at + 2 + i;
		if (!needs_copies(t, l)) {
			/* Through the loop head's op_fuel, if any. */
			link_target(t, l, cell, false);
			continue;
		}
		/* A stub shared by earlier entries with the same depth? */
		const uint8_t *r = targets;
		bool shared = false;
		for (uint32_t j = 0; j < i; j++) {
			uint32_t dj = UINT32_MAX;
			wasm_leb_u32(&r, t->end, &dj);
			if (dj == depth) {
				size_t other = at + 2 + j;
				t->code[cell].i = (int64_t)other +
						  t->code[other].i -
						  (int64_t)cell;
				shared = true;
				break;
			}
		}
		if (shared)
			continue;
		patch_here(t, cell + 1);
		wasm_tr_emit_branch(t, l);
		if (t->err)
			return;
	}
	wasm_tr_set_unreachable(t);
}

/*
 * br_on_null depth (on_null) and br_on_non_null depth: the reference on
 * top is tested as a 64-bit value (i64.eqz, fused into the branch).
 * Pending values are written home first, so the reference stays in its
 * home slot on both paths.
 */
void wasm_tr_br_on_null(struct tr *t, uint32_t depth, bool on_null)
{
	int eqz64 = tr_cmp_index(WASM_OP_I64_EQZ);
	wasm_tr_materialize_all(t);
	if (!t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	uint8_t type = tr_top(t, 0)->type;
	uint32_t a = tr_top(t, 0)->home;
	struct tr_label *l;
	if (on_null) {
		tr_pop(t); /* the branch does not take the null */
		l = wasm_tr_label(t, depth);
		if (t->err)
			return;
		if (!needs_copies(t, l)) {
			bool back = back_edge(t, l);
			size_t cell = emit_cond_jump(t, eqz64, a, 0, false,
						     true, back);
			link_target(t, l, cell, back);
		} else {
			size_t skip = emit_cond_jump(t, eqz64, a, 0, false,
						     false, false);
			wasm_tr_emit_branch(t, l);
			patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
		}
		tr_push(t, type); /* back in its home slot */
	} else {
		l = wasm_tr_label(t, depth); /* takes the reference too */
		if (t->err)
			return;
		size_t skip =
			emit_cond_jump(t, eqz64, a, 0, false, true, false);
		wasm_tr_emit_branch(t, l);
		patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
		tr_pop(t);
	}
	tr_no_peephole(t);
}

/* Branches to depth when i32 slot c is non-zero (when_true) or zero; the
 * stack is unchanged (br_on_cast, br_on_cast_fail). */
void wasm_tr_br_on_slot(struct tr *t, uint32_t depth, uint32_t c,
			bool when_true)
{
	struct tr_label *l = wasm_tr_label(t, depth);
	if (t->err)
		return;
	size_t skip = emit_cond_jump(t, -1, c, 0, false, !when_true, false);
	wasm_tr_emit_branch(t, l);
	patch_here(t, skip == SIZE_MAX ? 0 : skip + 1);
	tr_no_peephole(t);
}

/* ---- unreachable code ---------------------------------------------------- */

/*
 * Skips unreachable code up to the else/end that closes the current label;
 * leaves t->p at that opcode.  The body was validated, so the decoder's
 * instruction reader walks it; a failure here means a corrupt body.
 */
void wasm_tr_skip_dead(struct tr *t)
{
	uint32_t nest = 0;
	struct wasm_instr in;
	struct wasm_error err;
	while (t->p < t->end && !t->err) {
		const uint8_t *at = t->p;
		if (wasm_read_instr(&t->p, t->end, at, &in, &err)) {
			t->err = ERR_FORMAT;
			return;
		}
		if (in.prefix)
			continue;
		switch (in.op) {
		case WASM_OP_END:
		case WASM_OP_ELSE:
		case WASM_OP_CATCH:
		case WASM_OP_CATCH_ALL:
		case WASM_OP_DELEGATE:
			if (nest == 0) {
				t->p = at;
				return;
			}
			/* delegate closes its try as end does */
			if (in.op == WASM_OP_END || in.op == WASM_OP_DELEGATE)
				nest--;
			break;
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
		case WASM_OP_TRY:
		case WASM_OP_TRY_TABLE:
			nest++;
			break;
		default:
			break;
		}
	}
}
