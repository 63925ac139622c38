/*
 * wasm/interp/translate.c - validated function bodies to the interpreter's
 * internal code (see interp.h).
 *
 * The translator walks the body once, keeping a compile-time model of the
 * operand stack.  Every stack position has a fixed home slot in the frame;
 * an entry may also stand for a local or a constant without any code
 * ("lazy" operands): instructions then read the local's slot directly or
 * use an immediate form.  Lazy entries are written to their home slots
 * when their meaning could change (local.set of that local, block
 * boundaries, calls).  The result of an instruction immediately stored by
 * local.set is written straight into the local, and an i32 compare
 * followed by br_if or if becomes one compare-and-branch instruction.
 *
 * The input has been validated, so the translator only guards against
 * running off the body and never re-checks types.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/leb128.h"
#include "wasm/opcodes.h"

enum { K_STACK, K_LOCAL, K_CONST };
enum { L_BLOCK, L_LOOP, L_IF, L_FUNC };

struct tr_val {
	uint8_t type;
	uint8_t kind;
	uint32_t home;
	uint32_t src; /* K_STACK: home; K_LOCAL: the local's slot */
	uint64_t c[2];
};

struct tr_label {
	uint8_t kind;
	bool unreachable;
	uint32_t height; /* entries below the params */
	uint32_t base;	 /* home slot of the first param/result */
	uint32_t nparams, nresults;
	const uint8_t *params, *results;
	uint8_t single;
	size_t start;	 /* loop: first cell of the body */
	size_t fixups;	 /* chain of forward branch cells (index + 1) */
	size_t else_fix; /* if: cell of the false branch (index + 1) */
};

struct tr {
	const struct wasm_module *m;
	struct wasm_rt_instance *inst;
	const struct wasm_allocator *a;
	const uint8_t *p, *end;
	int err;

	union wasm_cell *code;
	size_t ncode, cap;
	struct tr_val *vals;
	uint32_t nvals, vals_cap;
	struct tr_label *labels;
	uint32_t nlabels, labels_cap;

	uint32_t nlocals;
	uint32_t *local_slot;
	uint8_t *local_type;
	uint32_t stack_base, sp, max_slot;
	bool fuel; /* emit fuel checks */

	/* Peephole state: valid while ncode == last_end. */
	size_t last_end;
	size_t last_dst_cell; /* cell holding the last result slot */
	bool last_dst_high;   /* in the high half (else the whole cell) */
	uint32_t last_dst;
	bool last_is_cmp;
	bool last_is_add; /* i32.add of two slots (last_a, last_b) */
	size_t last_start; /* first cell of the last instruction */
	int last_cmp;	   /* 0..21: see wasm_interp_cmp */
	bool last_cmp_imm;
	uint32_t last_a, last_b;
};

/* ---- code buffer --------------------------------------------------------- */

/* Grows the buffer so n more cells fit; false on out of memory (recorded
 * in t->err). */
static bool emit_room(struct tr *t, size_t n)
{
	if (t->err)
		return false;
	if (t->ncode + n > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		while (ncap < t->ncode + n)
			ncap *= 2;
		union wasm_cell *c = wasm_realloc(t->a, t->code,
						  t->cap * sizeof(*c),
						  ncap * sizeof(*c));
		if (!c) {
			t->err = ERR_NOMEM;
			return false;
		}
		t->code = c;
		t->cap = ncap;
	}
	return true;
}

static size_t emit(struct tr *t, size_t n)
{
	if (!emit_room(t, n))
		return SIZE_MAX;
	size_t at = t->ncode;
	t->ncode += n;
	memset(&t->code[at], 0, n * sizeof(union wasm_cell));
	return at;
}

/* Emits an instruction of n cells starting with fn; returns its index or
 * SIZE_MAX (out of memory, recorded in t->err). */
static size_t emit_op(struct tr *t, wasm_op_fn fn, size_t n)
{
	size_t at = emit(t, n);
	if (at != SIZE_MAX)
		t->code[at].fn = fn;
	return at;
}

#define CELL(t, at, k) ((t)->code[(at) + (k)])

static void set_pair(union wasm_cell *c, uint32_t a, uint32_t b)
{
	c->p.a = a;
	c->p.b = b;
}

/* ---- operand stack model ------------------------------------------------- */

static struct tr_val *push(struct tr *t, uint8_t type)
{
	if (t->nvals == t->vals_cap) {
		uint32_t ncap = t->vals_cap ? t->vals_cap * 2 : 64;
		struct tr_val *v = wasm_realloc(t->a, t->vals,
						t->vals_cap * sizeof(*v),
						ncap * sizeof(*v));
		if (!v) {
			t->err = ERR_NOMEM;
			return NULL;
		}
		t->vals = v;
		t->vals_cap = ncap;
	}
	struct tr_val *v = &t->vals[t->nvals++];
	v->type = type;
	v->kind = K_STACK;
	v->home = v->src = t->sp;
	v->c[0] = v->c[1] = 0;
	t->sp += wasm_rt_type_slots(type);
	if (t->sp > t->max_slot)
		t->max_slot = t->sp;
	return v;
}

static struct tr_val pop(struct tr *t)
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

static struct tr_val *top(struct tr *t, uint32_t i)
{
	return &t->vals[t->nvals - 1 - i];
}

/* Writes a lazy value v into slot dst. */
static void emit_move(struct tr *t, const struct tr_val *v, uint32_t dst)
{
	size_t at;
	if (v->kind == K_CONST) {
		if (v->type == WASM_V128) {
			at = emit_op(t, wasm_interp_ctl.const128, 4);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).u = dst;
			CELL(t, at, 2).u = v->c[0];
			CELL(t, at, 3).u = v->c[1];
		} else {
			at = emit_op(t, wasm_interp_ctl.const64, 3);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).u = dst;
			CELL(t, at, 2).u = v->c[0];
		}
		return;
	}
	if (v->src == dst)
		return;
	at = emit_op(t, v->type == WASM_V128 ? wasm_interp_ctl.copy128
					     : wasm_interp_ctl.copy64,
		     2);
	if (at != SIZE_MAX)
		set_pair(&CELL(t, at, 1), v->src, dst);
}

static void materialize(struct tr *t, struct tr_val *v)
{
	if (v->kind == K_STACK)
		return;
	emit_move(t, v, v->home);
	v->kind = K_STACK;
	v->src = v->home;
}

static void materialize_all(struct tr *t)
{
	for (uint32_t i = 0; i < t->nvals; i++)
		materialize(t, &t->vals[i]);
}

/* Pops an operand that must be read from a slot; returns the slot. */
static uint32_t pop_slot(struct tr *t)
{
	if (t->nvals == 0) {
		t->err = ERR_INVAL;
		return 0;
	}
	/* Locals are read in place; only constants need a slot. */
	if (top(t, 0)->kind == K_CONST)
		materialize(t, top(t, 0));
	return pop(t).src;
}

static void no_peephole(struct tr *t)
{
	t->last_end = SIZE_MAX;
}

static void producer(struct tr *t, size_t at, size_t cell, bool high,
		     uint32_t dst)
{
	t->last_end = t->ncode;
	t->last_start = at;
	t->last_dst_cell = cell;
	t->last_dst_high = high;
	t->last_dst = dst;
	t->last_is_cmp = false;
	t->last_is_add = false;
}

/* True if the top entry is the untouched result of the last instruction. */
static bool top_is_last(struct tr *t)
{
	if (t->last_end != t->ncode || t->nvals == 0 || t->err)
		return false;
	struct tr_val *v = top(t, 0);
	return v->kind == K_STACK && v->home == t->last_dst;
}

/* ---- labels ---------------------------------------------------------------- */

static struct tr_label *label(struct tr *t, uint32_t depth)
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

/* Makes cell refer to the branch target of label l. */
static void link_target(struct tr *t, struct tr_label *l, size_t cell)
{
	if (cell == SIZE_MAX || t->err)
		return;
	if (l->kind == L_LOOP) {
		t->code[cell].i = (int64_t)l->start - (int64_t)cell;
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
		const struct tr_val *v = top(t, n - 1 - i);
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
	if (l->kind == L_FUNC && n == 1 && top_is_last(t)) {
		/* The last instruction computed the only result: let it
		 * write fp[0] itself (nothing reads its slots afterwards). */
		union wasm_cell *c = &t->code[t->last_dst_cell];
		if (t->last_dst_high)
			c->p.b = 0;
		else
			c->u = 0;
		no_peephole(t);
		return;
	}
	bool via_home = l->kind == L_FUNC && n > 1;
	if (via_home) {
		/* Locals may overlap fp[0..]: stage them in their home slots
		 * (on this path only; the stack model is left alone). */
		for (uint32_t i = 0; i < n; i++) {
			const struct tr_val *v = top(t, i);
			if (v->kind == K_LOCAL)
				emit_move(t, v, v->home);
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		struct tr_val v = *top(t, n - 1 - i);
		if (via_home && v.kind == K_LOCAL) {
			v.kind = K_STACK;
			v.src = v.home;
		}
		emit_move(t, &v, dst);
		dst += wasm_rt_type_slots(v.type);
	}
}

/* Unconditional jump to l (values already in place). */
static void emit_jump(struct tr *t, struct tr_label *l)
{
	if (l->kind == L_FUNC) {
		emit_op(t, wasm_interp_ctl.ret, 1);
		return;
	}
	size_t at = emit_op(t, wasm_interp_ctl.br, 2);
	if (at != SIZE_MAX)
		link_target(t, l, at + 1);
}

static void set_unreachable(struct tr *t)
{
	t->labels[t->nlabels - 1].unreachable = true;
	no_peephole(t);
}

static int read_blocktype(struct tr *t, struct tr_label *l)
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

static struct tr_label *push_label(struct tr *t, uint8_t kind)
{
	if (t->nlabels == t->labels_cap) {
		uint32_t ncap = t->labels_cap ? t->labels_cap * 2 : 16;
		struct tr_label *l = wasm_realloc(t->a, t->labels,
						  t->labels_cap * sizeof(*l),
						  ncap * sizeof(*l));
		if (!l) {
			t->err = ERR_NOMEM;
			return NULL;
		}
		t->labels = l;
		t->labels_cap = ncap;
	}
	struct tr_label *l = &t->labels[t->nlabels++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	return l;
}

/* Enters block/loop/if whose type was read into l: params stay on the
 * stack as the label's first entries. */
static void enter_label(struct tr *t, struct tr_label *l)
{
	materialize_all(t);
	if (l->nparams > t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	l->height = t->nvals - l->nparams;
	l->base = l->nparams ? t->vals[l->height].home : t->sp;
	no_peephole(t);
}

/* Resets the stack to the label's height and pushes types. */
static void reset_stack(struct tr *t, struct tr_label *l, const uint8_t *types,
			uint32_t n)
{
	while (t->nvals > l->height)
		pop(t);
	t->sp = l->base;
	for (uint32_t i = 0; i < n; i++)
		push(t, types[i]);
}

/* ---- branches ----------------------------------------------------------- */

static void do_br(struct tr *t, uint32_t depth)
{
	struct tr_label *l = label(t, depth);
	emit_copies(t, l);
	emit_jump(t, l);
	set_unreachable(t);
}

/* Fused compare info for the condition on top, if any: returns the
 * compare index (0..10) and pops the condition, else -1. */
static int take_cmp(struct tr *t, uint32_t *a, uint32_t *b, bool *imm)
{
	if (!top_is_last(t) || !t->last_is_cmp)
		return -1;
	int c = t->last_cmp;
	*a = t->last_a;
	*b = t->last_b;
	*imm = t->last_cmp_imm;
	t->ncode = t->last_start;
	pop(t);
	no_peephole(t);
	return c;
}

/*
 * Emits a conditional jump, taken when the condition holds (when_true) or
 * fails; the condition has been described by cmp/a/b/imm (cmp >= 0) or is
 * in slot a.  Returns the cell holding the offset.
 */
static size_t emit_cond_jump(struct tr *t, int cmp, uint32_t a, uint32_t b,
			     bool imm, bool when_true)
{
	size_t at;
	if (cmp == 0) { /* eqz x: invert on x itself */
		when_true = !when_true;
		cmp = -1;
	}
	if (cmp < 0) {
		at = emit_op(t, when_true ? wasm_interp_ctl.br_if
					  : wasm_interp_ctl.br_unless,
			     3);
		if (at == SIZE_MAX)
			return SIZE_MAX;
		CELL(t, at, 1).u = a;
		return at + 2;
	}
	const struct wasm_interp_cmp_ops *o = &wasm_interp_cmp[cmp];
	wasm_op_fn fn = when_true ? (imm ? o->br_ri : o->br_rr)
				  : (imm ? o->unless_ri : o->unless_rr);
	at = emit_op(t, fn, 3);
	if (at == SIZE_MAX)
		return SIZE_MAX;
	set_pair(&CELL(t, at, 1), a, b);
	return at + 2;
}

static void do_br_if(struct tr *t, uint32_t depth)
{
	uint32_t a = 0, b = 0;
	bool imm = false;
	int cmp = take_cmp(t, &a, &b, &imm);
	if (cmp < 0)
		a = pop_slot(t);
	struct tr_label *l = label(t, depth);
	if (t->err)
		return;
	if (!needs_copies(t, l)) {
		size_t cell = emit_cond_jump(t, cmp, a, b, imm, true);
		link_target(t, l, cell);
	} else {
		size_t skip = emit_cond_jump(t, cmp, a, b, imm, false);
		emit_copies(t, l);
		emit_jump(t, l);
		if (skip != SIZE_MAX && !t->err)
			t->code[skip].i = (int64_t)t->ncode - (int64_t)skip;
	}
	no_peephole(t);
}

static void do_br_table(struct tr *t)
{
	uint32_t n, depth;
	if (wasm_leb_u32(&t->p, t->end, &n)) {
		t->err = ERR_FORMAT;
		return;
	}
	const uint8_t *targets = t->p;
	for (uint32_t i = 0; i <= n; i++)
		if (wasm_leb_u32(&t->p, t->end, &depth)) {
			t->err = ERR_FORMAT;
			return;
		}
	uint32_t c = pop_slot(t);
	size_t at = emit_op(t, wasm_interp_ctl.br_table, 2 + (size_t)n + 1);
	if (at == SIZE_MAX || t->err)
		return;
	set_pair(&CELL(t, at, 1), c, n);
	const uint8_t *q = targets;
	for (uint32_t i = 0; i <= n; i++) {
		wasm_leb_u32(&q, t->end, &depth);
		struct tr_label *l = label(t, depth);
		if (t->err)
			return;
		size_t cell = at + 2 + i;
		if (!needs_copies(t, l)) {
			link_target(t, l, cell);
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
		t->code[cell].i = (int64_t)t->ncode - (int64_t)cell;
		emit_copies(t, l);
		emit_jump(t, l);
		if (t->err)
			return;
	}
	set_unreachable(t);
}

/* ---- locals, calls --------------------------------------------------------- */

static int read_u32(struct tr *t, uint32_t *v)
{
	if (wasm_leb_u32(&t->p, t->end, v)) {
		t->err = ERR_FORMAT;
		return -1;
	}
	return 0;
}

static void do_local_set(struct tr *t, uint32_t idx, bool tee)
{
	if (idx >= t->nlocals || t->nvals == 0) {
		t->err = ERR_INVAL;
		return;
	}
	uint32_t slot = t->local_slot[idx];
	bool referenced = false;
	for (uint32_t i = 0; i + 1 < t->nvals; i++) {
		struct tr_val *v = &t->vals[i];
		if (v->kind == K_LOCAL && v->src == slot) {
			materialize(t, v);
			referenced = true;
		}
	}
	struct tr_val *v = top(t, 0);
	if (!referenced && top_is_last(t)) {
		/* Retarget the producer's result into the local. */
		union wasm_cell *c = &t->code[t->last_dst_cell];
		if (t->last_dst_high)
			c->p.b = slot;
		else
			c->u = slot;
	} else if (!(v->kind == K_LOCAL && v->src == slot)) {
		emit_move(t, v, slot);
	}
	no_peephole(t);
	if (tee) {
		v->kind = K_LOCAL;
		v->src = slot;
	} else {
		pop(t);
	}
}

static void do_call(struct tr *t, struct wasm_rt_func *f,
		    const struct wasm_rt_functype *ft, size_t at, size_t ncells,
		    uint32_t idx_slot)
{
	(void)f;
	if (ft->nparams > t->nvals) {
		t->err = ERR_INVAL;
		return;
	}
	for (uint32_t i = 0; i < ft->nparams; i++)
		materialize(t, top(t, i));
	for (uint32_t i = 0; i < ft->nparams; i++)
		pop(t);
	uint32_t base = t->sp;
	(void)at;
	(void)ncells;
	(void)idx_slot;
	for (uint32_t i = 0; i < ft->nresults; i++)
		push(t, ft->types[ft->nparams + i]);
	/* The callee's frame starts at base; keep max_slot sane. */
	if (base + ft->param_slots > t->max_slot)
		t->max_slot = base + ft->param_slots;
}

/* ---- generic instructions -------------------------------------------------- */

/* Index into wasm_interp_cmp of a compare opcode, or -1. */
static int cmp_index(uint8_t op)
{
	if (op >= WASM_OP_I32_EQZ && op <= WASM_OP_I32_GE_U)
		return op - WASM_OP_I32_EQZ;
	if (op >= WASM_OP_I64_EQZ && op <= WASM_OP_I64_GE_U)
		return 11 + (op - WASM_OP_I64_EQZ);
	return -1;
}

/* The opcode of compare index ci. */
static uint8_t cmp_opcode(int ci)
{
	return (uint8_t)(ci < 11 ? WASM_OP_I32_EQZ + ci
				 : WASM_OP_I64_EQZ + (ci - 11));
}

/* Binary compares (not eqz). */
static bool is_bin_cmp(int ci)
{
	return ci > 0 && ci != 11;
}

static wasm_op_fn imm_form(uint8_t op)
{
	switch (op) {
	case WASM_OP_I32_ADD:
		return wasm_interp_ctl.add_imm;
	case WASM_OP_I32_SUB:
		return wasm_interp_ctl.sub_imm;
	case WASM_OP_I32_MUL:
		return wasm_interp_ctl.mul_imm;
	case WASM_OP_I32_AND:
		return wasm_interp_ctl.and_imm;
	case WASM_OP_I32_OR:
		return wasm_interp_ctl.or_imm;
	case WASM_OP_I32_XOR:
		return wasm_interp_ctl.xor_imm;
	case WASM_OP_I32_SHL:
		return wasm_interp_ctl.shl_imm;
	case WASM_OP_I32_SHR_S:
		return wasm_interp_ctl.shr_s_imm;
	case WASM_OP_I32_SHR_U:
		return wasm_interp_ctl.shr_u_imm;
	case WASM_OP_I64_ADD:
		return wasm_interp_ctl.add64_imm;
	case WASM_OP_I64_SUB:
		return wasm_interp_ctl.sub64_imm;
	case WASM_OP_I32_ROTL:
		return wasm_interp_ctl.rotl_imm;
	case WASM_OP_I32_ROTR:
		return wasm_interp_ctl.rotr_imm;
	case WASM_OP_I64_MUL:
		return wasm_interp_ctl.mul64_imm;
	case WASM_OP_I64_AND:
		return wasm_interp_ctl.and64_imm;
	case WASM_OP_I64_OR:
		return wasm_interp_ctl.or64_imm;
	case WASM_OP_I64_XOR:
		return wasm_interp_ctl.xor64_imm;
	case WASM_OP_I64_SHL:
		return wasm_interp_ctl.shl64_imm;
	case WASM_OP_I64_SHR_S:
		return wasm_interp_ctl.shr_s64_imm;
	case WASM_OP_I64_SHR_U:
		return wasm_interp_ctl.shr_u64_imm;
	default:
		return NULL;
	}
}

static int read_memarg(struct tr *t, uint32_t *offset)
{
	uint32_t align;
	if (read_u32(t, &align) || read_u32(t, offset))
		return -1;
	return 0;
}

/* Emits a table-driven instruction (prefix 0 single, 0xfd SIMD). */
static void do_generic(struct tr *t, const struct wasm_interp_opinfo *oi,
		       bool single, uint8_t op)
{
	size_t at;
	uint32_t a, b, c, d, off = 0, lane = 0;
	union wasm_v128 lanes;

	switch (oi->enc) {
	case WASM_ENC_UN:
		if (single && op == WASM_OP_I32_EQZ && top_is_last(t) &&
		    t->last_is_cmp && is_bin_cmp(t->last_cmp)) {
			/* eqz of a compare: the negated compare. */
			static const uint8_t neg[11] = {0, 2, 1, 9, 10, 7,
							8, 5,  6, 3, 4};
			int lc = t->last_cmp, base = lc < 11 ? 0 : 11;
			int nc = base + neg[lc - base];
			t->code[t->last_start].fn =
				t->last_cmp_imm
					? wasm_interp_cmp[nc].cmp_ri
					: wasm_interp_ops_single[cmp_opcode(nc)].fn;
			t->last_cmp = nc;
			return;
		}
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 2);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, d);
		producer(t, at, at + 1, true, d);
		if (single && (op == WASM_OP_I32_EQZ || op == WASM_OP_I64_EQZ)) {
			/* i64.eqz fuses as the rr compare of a with itself. */
			t->last_is_cmp = true;
			t->last_cmp = op == WASM_OP_I32_EQZ ? 0 : 11;
			t->last_cmp_imm = false;
			t->last_a = a;
			t->last_b = a;
		}
		return;
	case WASM_ENC_BIN: {
		wasm_op_fn ifn = single ? imm_form(op) : NULL;
		int ci = single ? cmp_index(op) : -1;
		bool imm_ok = ifn || (is_bin_cmp(ci) && ci < 11);
		if (is_bin_cmp(ci) && ci > 11 && top(t, 0)->kind == K_CONST)
			imm_ok = (int64_t)top(t, 0)->c[0] ==
				 (int32_t)top(t, 0)->c[0];
		if (imm_ok && top(t, 0)->kind == K_CONST) {
			struct tr_val k = pop(t);
			a = pop_slot(t);
			d = push(t, oi->result) ? top(t, 0)->home : 0;
			at = emit_op(t, ifn ? ifn : wasm_interp_cmp[ci].cmp_ri,
				     3);
			if (at == SIZE_MAX)
				return;
			set_pair(&CELL(t, at, 1), a, d);
			/* i64 immediates keep all 64 bits. */
			CELL(t, at, 2).u = oi->params[1] == WASM_I64
						   ? k.c[0]
						   : (uint32_t)k.c[0];
			producer(t, at, at + 1, true, d);
			if (is_bin_cmp(ci)) {
				t->last_is_cmp = true;
				t->last_cmp = ci;
				t->last_cmp_imm = true;
				t->last_a = a;
				t->last_b = (uint32_t)k.c[0];
			}
			return;
		}
		b = pop_slot(t);
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 3);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		CELL(t, at, 2).u = d;
		producer(t, at, at + 2, false, d);
		if (is_bin_cmp(ci)) {
			t->last_is_cmp = true;
			t->last_cmp = ci;
			t->last_cmp_imm = false;
			t->last_a = a;
			t->last_b = b;
		}
		if (single && op == WASM_OP_I32_ADD) {
			t->last_is_add = true;
			t->last_a = a;
			t->last_b = b;
		}
		return;
	}
	case WASM_ENC_TERN:
		c = pop_slot(t);
		b = pop_slot(t);
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 3);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		set_pair(&CELL(t, at, 2), c, d);
		producer(t, at, at + 2, true, d);
		return;
	case WASM_ENC_LOAD:
		if (read_memarg(t, &off))
			return;
		if (single && wasm_interp_load_add[op] && top_is_last(t) &&
		    t->last_is_add) {
			/* The address is the i32.add just emitted: fuse. */
			a = t->last_a;
			b = t->last_b;
			t->ncode = t->last_start;
			pop(t);
			d = push(t, oi->result) ? top(t, 0)->home : 0;
			at = emit_op(t, wasm_interp_load_add[op], 4);
			if (at == SIZE_MAX)
				return;
			set_pair(&CELL(t, at, 1), a, b);
			CELL(t, at, 2).u = d;
			CELL(t, at, 3).u = off;
			producer(t, at, at + 2, false, d);
			return;
		}
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 3);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, d);
		CELL(t, at, 2).u = off;
		producer(t, at, at + 1, true, d);
		return;
	case WASM_ENC_STORE:
		if (read_memarg(t, &off))
			return;
		b = pop_slot(t);
		a = pop_slot(t);
		at = emit_op(t, oi->fn, 3);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		CELL(t, at, 2).u = off;
		no_peephole(t);
		return;
	case WASM_ENC_EXTRACT:
		if (t->p >= t->end) {
			t->err = ERR_FORMAT;
			return;
		}
		lane = *t->p++;
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 3);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, d);
		CELL(t, at, 2).u = lane;
		producer(t, at, at + 1, true, d);
		return;
	case WASM_ENC_REPLACE:
		if (t->p >= t->end) {
			t->err = ERR_FORMAT;
			return;
		}
		lane = *t->p++;
		b = pop_slot(t);
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 3);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		set_pair(&CELL(t, at, 2), d, lane);
		producer(t, at, at + 2, false, d);
		t->last_end = SIZE_MAX; /* d shares its cell with lane */
		return;
	case WASM_ENC_LOAD_LANE:
	case WASM_ENC_STORE_LANE:
		if (read_memarg(t, &off))
			return;
		if (t->p >= t->end) {
			t->err = ERR_FORMAT;
			return;
		}
		lane = *t->p++;
		b = pop_slot(t);
		a = pop_slot(t);
		d = 0;
		if (oi->enc == WASM_ENC_LOAD_LANE)
			d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 4);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		CELL(t, at, 2).u = off;
		if (oi->enc == WASM_ENC_LOAD_LANE)
			set_pair(&CELL(t, at, 3), d, lane);
		else
			CELL(t, at, 3).u = lane;
		no_peephole(t);
		return;
	case WASM_ENC_SHUFFLE:
		if (t->end - t->p < 16) {
			t->err = ERR_FORMAT;
			return;
		}
		memcpy(&lanes, t->p, 16);
		t->p += 16;
		b = pop_slot(t);
		a = pop_slot(t);
		d = push(t, oi->result) ? top(t, 0)->home : 0;
		at = emit_op(t, oi->fn, 5);
		if (at == SIZE_MAX)
			return;
		set_pair(&CELL(t, at, 1), a, b);
		CELL(t, at, 2).u = d;
		memcpy(&CELL(t, at, 3), &lanes, 16);
		producer(t, at, at + 2, false, d);
		return;
	default:
		t->err = ERR_INVAL;
	}
}

/* ---- immediates of skipped (unreachable) code -------------------------- */

#define IMM_ROW(name, code, imm, sig, align, text) [code] = WASM_IMM_##imm + 1,
static const uint8_t imm_single[256] = {WASM_OPCODES_SINGLE(IMM_ROW)};
static const uint8_t imm_fc[32] = {WASM_OPCODES_FC(IMM_ROW)};
static const uint8_t imm_fd[256] = {WASM_OPCODES_FD(IMM_ROW)};
#undef IMM_ROW

static int skip_imm(struct tr *t, int kind)
{
	uint32_t v, n;
	switch (kind - 1) {
	case WASM_IMM_NONE:
		return 0;
	case WASM_IMM_BLOCKTYPE: {
		int64_t bt;
		return wasm_leb_s33(&t->p, t->end, &bt) ? -1 : 0;
	}
	case WASM_IMM_LABEL:
	case WASM_IMM_FUNC:
	case WASM_IMM_LOCAL:
	case WASM_IMM_GLOBAL:
	case WASM_IMM_TABLE:
	case WASM_IMM_DATA:
	case WASM_IMM_ELEM:
		return read_u32(t, &v);
	case WASM_IMM_I32:
	case WASM_IMM_I64: {
		int64_t s64;
		return wasm_leb_s64(&t->p, t->end, &s64) ? -1 : 0;
	}
	case WASM_IMM_BR_TABLE:
		if (read_u32(t, &n))
			return -1;
		for (uint32_t i = 0; i <= n; i++)
			if (read_u32(t, &v))
				return -1;
		return 0;
	case WASM_IMM_CALL_INDIRECT:
	case WASM_IMM_MEMARG:
	case WASM_IMM_TABLE_INIT:
	case WASM_IMM_TABLE_COPY:
		return read_u32(t, &v) || read_u32(t, &v) ? -1 : 0;
	case WASM_IMM_MEMORY:
	case WASM_IMM_REFTYPE:
	case WASM_IMM_LANE:
		n = 1;
		break;
	case WASM_IMM_F32:
		n = 4;
		break;
	case WASM_IMM_F64:
		n = 8;
		break;
	case WASM_IMM_SELECT_T:
		if (read_u32(t, &n))
			return -1;
		break;
	case WASM_IMM_MEMORY_INIT:
		if (read_u32(t, &v))
			return -1;
		n = 1;
		break;
	case WASM_IMM_MEMORY_COPY:
		n = 2;
		break;
	case WASM_IMM_V128:
	case WASM_IMM_SHUFFLE:
		n = 16;
		break;
	case WASM_IMM_MEMARG_LANE:
		if (read_u32(t, &v) || read_u32(t, &v))
			return -1;
		n = 1;
		break;
	default:
		return -1;
	}
	if ((size_t)(t->end - t->p) < n)
		return -1;
	t->p += n;
	return 0;
}

/* ---- the main loop ---------------------------------------------------------- */

static void do_end(struct tr *t)
{
	struct tr_label *l = &t->labels[t->nlabels - 1];
	if (l->kind == L_FUNC) {
		if (!l->unreachable) {
			emit_copies(t, l);
			emit_op(t, wasm_interp_ctl.ret, 1);
		}
		t->nlabels--;
		return;
	}
	if (!l->unreachable) {
		for (uint32_t i = l->height; i < t->nvals; i++)
			materialize(t, &t->vals[i]);
	}
	if (l->else_fix && !t->err) {
		size_t cell = l->else_fix - 1;
		t->code[cell].i = (int64_t)t->ncode - (int64_t)cell;
	}
	if (!t->err)
		patch_chain(t, l->fixups, t->ncode);
	reset_stack(t, l, lab_results(l), l->nresults);
	t->nlabels--;
	no_peephole(t);
}

static void do_else(struct tr *t)
{
	struct tr_label *l = &t->labels[t->nlabels - 1];
	if (!l->unreachable) {
		for (uint32_t i = l->height; i < t->nvals; i++)
			materialize(t, &t->vals[i]);
		emit_jump(t, l);
	}
	if (l->else_fix && !t->err) {
		size_t cell = l->else_fix - 1;
		t->code[cell].i = (int64_t)t->ncode - (int64_t)cell;
	}
	l->else_fix = 0;
	l->unreachable = false;
	reset_stack(t, l, l->params, l->nparams);
	no_peephole(t);
}

/* Skips unreachable code up to the else/end that closes the current label;
 * leaves t->p at that opcode. */
static void skip_dead(struct tr *t)
{
	uint32_t nest = 0;
	while (t->p < t->end && !t->err) {
		const uint8_t *at = t->p;
		uint8_t op = *t->p++;
		int kind;
		if (op == WASM_OP_END || op == WASM_OP_ELSE) {
			if (nest == 0) {
				t->p = at;
				return;
			}
			if (op == WASM_OP_END)
				nest--;
			continue;
		}
		if (op == WASM_OP_BLOCK || op == WASM_OP_LOOP ||
		    op == WASM_OP_IF)
			nest++;
		if (op == WASM_PREFIX_FC || op == WASM_PREFIX_FD) {
			uint32_t sub;
			if (read_u32(t, &sub))
				return;
			kind = op == WASM_PREFIX_FC ? (sub < 32 ? imm_fc[sub] : 0)
						    : (sub < 256 ? imm_fd[sub] : 0);
		} else {
			kind = imm_single[op];
		}
		if (!kind || skip_imm(t, kind)) {
			t->err = ERR_FORMAT;
			return;
		}
	}
}

static void push_const(struct tr *t, uint8_t type, uint64_t lo, uint64_t hi)
{
	struct tr_val *v = push(t, type);
	if (!v)
		return;
	v->kind = K_CONST;
	v->c[0] = lo;
	v->c[1] = hi;
}

static const struct wasm_rt_functype *functype_of(struct tr *t, uint32_t idx)
{
	if (idx >= t->m->ntypes) {
		t->err = ERR_INVAL;
		return NULL;
	}
	return t->inst->types[idx];
}

static void translate_fc(struct tr *t)
{
	uint32_t sub, x, y, a, b, c;
	size_t at;
	struct wasm_rt_instance *in = t->inst;
	if (read_u32(t, &sub))
		return;
	if (sub < 8) {
		const struct wasm_interp_opinfo *oi = &wasm_interp_ops_fc[sub];
		do_generic(t, oi, false, 0);
		return;
	}
	no_peephole(t);
	switch (sub) {
	case WASM_OP_FC_MEMORY_INIT:
		if (read_u32(t, &x) || t->p >= t->end)
			break;
		t->p++;
		if (x >= t->m->ndatas || !t->m->nmemories)
			goto bad;
		c = pop_slot(t);
		b = pop_slot(t);
		a = pop_slot(t);
		at = emit_op(t, wasm_interp_ctl.memory_init, 5);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->memories[0];
		CELL(t, at, 2).ptr = &in->datas[x];
		set_pair(&CELL(t, at, 3), a, b);
		CELL(t, at, 4).u = c;
		return;
	case WASM_OP_FC_DATA_DROP:
		if (read_u32(t, &x))
			break;
		if (x >= t->m->ndatas)
			goto bad;
		at = emit_op(t, wasm_interp_ctl.data_drop, 2);
		if (at != SIZE_MAX)
			CELL(t, at, 1).ptr = &in->datas[x];
		return;
	case WASM_OP_FC_MEMORY_COPY:
	case WASM_OP_FC_MEMORY_FILL:
		y = sub == WASM_OP_FC_MEMORY_COPY ? 2 : 1;
		if ((size_t)(t->end - t->p) < y)
			break;
		t->p += y;
		if (!t->m->nmemories)
			goto bad;
		c = pop_slot(t);
		b = pop_slot(t);
		a = pop_slot(t);
		at = emit_op(t,
			     sub == WASM_OP_FC_MEMORY_COPY
				     ? wasm_interp_ctl.memory_copy
				     : wasm_interp_ctl.memory_fill,
			     4);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->memories[0];
		set_pair(&CELL(t, at, 2), a, b);
		CELL(t, at, 3).u = c;
		return;
	case WASM_OP_FC_TABLE_INIT:
		if (read_u32(t, &x) || read_u32(t, &y))
			break;
		if (x >= t->m->nelems || y >= t->m->ntables)
			goto bad;
		c = pop_slot(t);
		b = pop_slot(t);
		a = pop_slot(t);
		at = emit_op(t, wasm_interp_ctl.table_init, 5);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->tables[y];
		CELL(t, at, 2).ptr = &in->elems[x];
		set_pair(&CELL(t, at, 3), a, b);
		CELL(t, at, 4).u = c;
		return;
	case WASM_OP_FC_ELEM_DROP:
		if (read_u32(t, &x))
			break;
		if (x >= t->m->nelems)
			goto bad;
		at = emit_op(t, wasm_interp_ctl.elem_drop, 2);
		if (at != SIZE_MAX)
			CELL(t, at, 1).ptr = &in->elems[x];
		return;
	case WASM_OP_FC_TABLE_COPY:
		if (read_u32(t, &x) || read_u32(t, &y))
			break;
		if (x >= t->m->ntables || y >= t->m->ntables)
			goto bad;
		c = pop_slot(t);
		b = pop_slot(t);
		a = pop_slot(t);
		at = emit_op(t, wasm_interp_ctl.table_copy, 5);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->tables[x];
		CELL(t, at, 2).ptr = in->tables[y];
		set_pair(&CELL(t, at, 3), a, b);
		CELL(t, at, 4).u = c;
		return;
	case WASM_OP_FC_TABLE_GROW:
		if (read_u32(t, &x))
			break;
		if (x >= t->m->ntables)
			goto bad;
		b = pop_slot(t);
		a = pop_slot(t);
		c = push(t, WASM_I32) ? top(t, 0)->home : 0;
		at = emit_op(t, wasm_interp_ctl.table_grow, 4);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->tables[x];
		set_pair(&CELL(t, at, 2), a, b);
		CELL(t, at, 3).u = c;
		return;
	case WASM_OP_FC_TABLE_SIZE:
		if (read_u32(t, &x))
			break;
		if (x >= t->m->ntables)
			goto bad;
		c = push(t, WASM_I32) ? top(t, 0)->home : 0;
		at = emit_op(t, wasm_interp_ctl.table_size, 3);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->tables[x];
		CELL(t, at, 2).u = c;
		return;
	case WASM_OP_FC_TABLE_FILL:
		if (read_u32(t, &x))
			break;
		if (x >= t->m->ntables)
			goto bad;
		c = pop_slot(t);
		b = pop_slot(t);
		a = pop_slot(t);
		at = emit_op(t, wasm_interp_ctl.table_fill, 4);
		if (at == SIZE_MAX)
			return;
		CELL(t, at, 1).ptr = in->tables[x];
		set_pair(&CELL(t, at, 2), a, b);
		CELL(t, at, 3).u = c;
		return;
	default:
		goto bad;
	}
	t->err = ERR_FORMAT;
	return;
bad:
	t->err = ERR_INVAL;
}

static void translate_fd(struct tr *t)
{
	uint32_t sub;
	if (read_u32(t, &sub))
		return;
	if (sub == WASM_OP_FD_V128_CONST) {
		uint64_t c[2];
		if (t->end - t->p < 16) {
			t->err = ERR_FORMAT;
			return;
		}
		memcpy(c, t->p, 16);
		t->p += 16;
		push_const(t, WASM_V128, c[0], c[1]);
		return;
	}
	if (sub >= 256 || !wasm_interp_ops_fd[sub].fn) {
		t->err = ERR_INVAL;
		return;
	}
	do_generic(t, &wasm_interp_ops_fd[sub], false, 0);
}

static void translate_body(struct tr *t, const struct wasm_rt_functype *ft)
{
	struct wasm_rt_instance *in = t->inst;
	struct tr_label *fl = push_label(t, L_FUNC);
	if (!fl)
		return;
	fl->results = ft->types + ft->nparams;
	fl->nresults = ft->nresults;
	fl->base = t->stack_base;
	if (t->fuel)
		emit_op(t, wasm_interp_ctl.fuel, 1);

	while (!t->err && t->nlabels > 0) {
		if (t->labels[t->nlabels - 1].unreachable)
			skip_dead(t);
		if (t->err)
			return;
		if (t->p >= t->end) {
			t->err = ERR_FORMAT;
			return;
		}
		uint8_t op = *t->p++;
		uint32_t x = 0, y = 0, a = 0, b = 0, c = 0, d = 0;
		size_t at;
		struct tr_label *l;
		struct tr_val v;

		switch (op) {
		case WASM_OP_UNREACHABLE:
			emit_op(t, wasm_interp_ctl.unreachable, 1);
			set_unreachable(t);
			break;
		case WASM_OP_NOP:
			break;
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
			l = push_label(t, op == WASM_OP_BLOCK ? L_BLOCK : L_LOOP);
			if (!l)
				return;
			if ((t->err = read_blocktype(t, l)))
				return;
			enter_label(t, l);
			l->start = t->ncode;
			if (op == WASM_OP_LOOP && t->fuel)
				emit_op(t, wasm_interp_ctl.fuel, 1);
			break;
		case WASM_OP_IF: {
			struct tr_label tmp;
			if ((t->err = read_blocktype(t, &tmp)))
				return;
			bool imm = false;
			int cmp = take_cmp(t, &a, &b, &imm);
			if (cmp < 0)
				a = pop_slot(t);
			l = push_label(t, L_IF);
			if (!l)
				return;
			l->nparams = tmp.nparams;
			l->nresults = tmp.nresults;
			l->params = tmp.params;
			l->single = tmp.single;
			l->results = tmp.results;
			enter_label(t, l);
			at = emit_cond_jump(t, cmp, a, b, imm, false);
			l->else_fix = at == SIZE_MAX ? 0 : at + 1;
			break;
		}
		case WASM_OP_ELSE:
			do_else(t);
			break;
		case WASM_OP_END:
			do_end(t);
			break;
		case WASM_OP_BR:
			if (read_u32(t, &x))
				return;
			do_br(t, x);
			break;
		case WASM_OP_BR_IF:
			if (read_u32(t, &x))
				return;
			do_br_if(t, x);
			break;
		case WASM_OP_BR_TABLE:
			do_br_table(t);
			break;
		case WASM_OP_RETURN:
			do_br(t, t->nlabels - 1);
			break;
		case WASM_OP_CALL: {
			if (read_u32(t, &x))
				return;
			if (x >= t->m->nfuncs) {
				t->err = ERR_INVAL;
				return;
			}
			struct wasm_rt_func *f = in->funcs[x];
			const struct wasm_rt_functype *cft =
				in->types[t->m->funcs[x].type];
			do_call(t, f, cft, 0, 0, 0);
			uint32_t base = t->sp;
			for (uint32_t i = 0; i < cft->nresults; i++)
				base -= wasm_rt_type_slots(
					cft->types[cft->nparams + i]);
			at = emit_op(t, wasm_interp_ctl.call, 3);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).ptr = f;
			CELL(t, at, 2).u = base;
			no_peephole(t);
			break;
		}
		case WASM_OP_CALL_INDIRECT: {
			if (read_u32(t, &x) || read_u32(t, &y))
				return;
			const struct wasm_rt_functype *cft = functype_of(t, x);
			if (!cft || y >= t->m->ntables) {
				t->err = ERR_INVAL;
				return;
			}
			c = pop_slot(t);
			do_call(t, NULL, cft, 0, 0, 0);
			uint32_t base = t->sp;
			for (uint32_t i = 0; i < cft->nresults; i++)
				base -= wasm_rt_type_slots(
					cft->types[cft->nparams + i]);
			at = emit_op(t, wasm_interp_ctl.call_indirect, 4);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).ptr = in->tables[y];
			CELL(t, at, 2).ptr = cft;
			set_pair(&CELL(t, at, 3), c, base);
			no_peephole(t);
			break;
		}
		case WASM_OP_DROP:
			pop(t);
			break;
		case WASM_OP_SELECT:
		case WASM_OP_SELECT_T: {
			if (op == WASM_OP_SELECT_T) {
				if (read_u32(t, &x))
					return;
				for (uint32_t i = 0; i < x; i++)
					if (t->p < t->end)
						t->p++;
			}
			c = pop_slot(t);
			b = pop_slot(t);
			uint8_t ty = t->nvals ? top(t, 0)->type : WASM_I32;
			a = pop_slot(t);
			d = push(t, ty) ? top(t, 0)->home : 0;
			at = emit_op(t,
				     ty == WASM_V128 ? wasm_interp_ctl.select128
						     : wasm_interp_ctl.select64,
				     3);
			if (at == SIZE_MAX)
				return;
			set_pair(&CELL(t, at, 1), a, b);
			set_pair(&CELL(t, at, 2), c, d);
			producer(t, at, at + 2, true, d);
			break;
		}
		case WASM_OP_LOCAL_GET: {
			if (read_u32(t, &x))
				return;
			if (x >= t->nlocals) {
				t->err = ERR_INVAL;
				return;
			}
			struct tr_val *nv = push(t, t->local_type[x]);
			if (!nv)
				return;
			nv->kind = K_LOCAL;
			nv->src = t->local_slot[x];
			break;
		}
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			if (read_u32(t, &x))
				return;
			do_local_set(t, x, op == WASM_OP_LOCAL_TEE);
			break;
		case WASM_OP_GLOBAL_GET: {
			if (read_u32(t, &x))
				return;
			if (x >= t->m->nglobals) {
				t->err = ERR_INVAL;
				return;
			}
			struct wasm_rt_global *g = in->globals[x];
			d = push(t, g->type.type) ? top(t, 0)->home : 0;
			at = emit_op(t,
				     g->type.type == WASM_V128
					     ? wasm_interp_ctl.global_get128
					     : wasm_interp_ctl.global_get64,
				     3);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).ptr = g;
			CELL(t, at, 2).u = d;
			producer(t, at, at + 2, false, d);
			break;
		}
		case WASM_OP_GLOBAL_SET: {
			if (read_u32(t, &x))
				return;
			if (x >= t->m->nglobals) {
				t->err = ERR_INVAL;
				return;
			}
			struct wasm_rt_global *g = in->globals[x];
			a = pop_slot(t);
			at = emit_op(t,
				     g->type.type == WASM_V128
					     ? wasm_interp_ctl.global_set128
					     : wasm_interp_ctl.global_set64,
				     3);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).ptr = g;
			CELL(t, at, 2).u = a;
			no_peephole(t);
			break;
		}
		case WASM_OP_TABLE_GET:
		case WASM_OP_TABLE_SET:
			if (read_u32(t, &x))
				return;
			if (x >= t->m->ntables) {
				t->err = ERR_INVAL;
				return;
			}
			if (op == WASM_OP_TABLE_GET) {
				a = pop_slot(t);
				d = push(t, in->tables[x]->type.elem)
					    ? top(t, 0)->home
					    : 0;
			} else {
				d = pop_slot(t);
				a = pop_slot(t);
			}
			at = emit_op(t,
				     op == WASM_OP_TABLE_GET
					     ? wasm_interp_ctl.table_get
					     : wasm_interp_ctl.table_set,
				     3);
			if (at == SIZE_MAX)
				return;
			CELL(t, at, 1).ptr = in->tables[x];
			set_pair(&CELL(t, at, 2), a, d);
			no_peephole(t);
			break;
		case WASM_OP_MEMORY_SIZE:
		case WASM_OP_MEMORY_GROW:
			if (t->p >= t->end)
				return (void)(t->err = ERR_FORMAT);
			t->p++;
			if (!t->m->nmemories)
				return (void)(t->err = ERR_INVAL);
			if (op == WASM_OP_MEMORY_SIZE) {
				d = push(t, WASM_I32) ? top(t, 0)->home : 0;
				at = emit_op(t, wasm_interp_ctl.memory_size, 3);
				if (at == SIZE_MAX)
					return;
				CELL(t, at, 2).u = d;
			} else {
				a = pop_slot(t);
				d = push(t, WASM_I32) ? top(t, 0)->home : 0;
				at = emit_op(t, wasm_interp_ctl.memory_grow, 3);
				if (at == SIZE_MAX)
					return;
				set_pair(&CELL(t, at, 2), a, d);
			}
			CELL(t, at, 1).ptr = in->memories[0];
			no_peephole(t);
			break;
		case WASM_OP_I32_CONST: {
			int32_t k;
			if (wasm_leb_s32(&t->p, t->end, &k))
				return (void)(t->err = ERR_FORMAT);
			push_const(t, WASM_I32, (uint32_t)k, 0);
			break;
		}
		case WASM_OP_I64_CONST: {
			int64_t k;
			if (wasm_leb_s64(&t->p, t->end, &k))
				return (void)(t->err = ERR_FORMAT);
			push_const(t, WASM_I64, (uint64_t)k, 0);
			break;
		}
		case WASM_OP_F32_CONST: {
			uint32_t k;
			if (t->end - t->p < 4)
				return (void)(t->err = ERR_FORMAT);
			memcpy(&k, t->p, 4);
			t->p += 4;
			push_const(t, WASM_F32, k, 0);
			break;
		}
		case WASM_OP_F64_CONST: {
			uint64_t k;
			if (t->end - t->p < 8)
				return (void)(t->err = ERR_FORMAT);
			memcpy(&k, t->p, 8);
			t->p += 8;
			push_const(t, WASM_F64, k, 0);
			break;
		}
		case WASM_OP_REF_NULL:
			if (t->p >= t->end)
				return (void)(t->err = ERR_FORMAT);
			push_const(t, *t->p++, 0, 0);
			break;
		case WASM_OP_REF_IS_NULL:
			a = pop_slot(t);
			d = push(t, WASM_I32) ? top(t, 0)->home : 0;
			at = emit_op(t, wasm_interp_ctl.ref_is_null, 2);
			if (at == SIZE_MAX)
				return;
			set_pair(&CELL(t, at, 1), a, d);
			producer(t, at, at + 1, true, d);
			break;
		case WASM_OP_REF_FUNC:
			if (read_u32(t, &x))
				return;
			if (x >= t->m->nfuncs)
				return (void)(t->err = ERR_INVAL);
			push_const(t, WASM_FUNCREF, (uintptr_t)in->funcs[x], 0);
			break;
		case WASM_PREFIX_FC:
			translate_fc(t);
			break;
		case WASM_PREFIX_FD:
			translate_fd(t);
			break;
		default:
			if (!wasm_interp_ops_single[op].fn) {
				t->err = ERR_INVAL;
				return;
			}
			do_generic(t, &wasm_interp_ops_single[op], true, op);
			break;
		}
		(void)v;
	}
}

int wasm_interp_translate(struct wasm_rt_instance *inst, uint32_t funcidx,
			  struct wasm_rt_func *f)
{
	struct wasm_rt_store *s = inst->store;
	const struct wasm_module *m = inst->module;
	const struct wasm_func *mf = &m->funcs[funcidx];
	const struct wasm_rt_functype *ft = f->type;
	struct tr t;
	uint32_t slot = 0;
	int err;

	memset(&t, 0, sizeof(t));
	t.m = m;
	t.inst = inst;
	t.a = &s->a;
	t.p = mf->body;
	t.end = mf->body_end;
	t.last_end = SIZE_MAX;
	t.fuel = s->cfg.fuel != 0;
	t.nlocals = ft->nparams + mf->nlocals;
	t.local_slot = wasm_alloc(t.a, (size_t)t.nlocals * sizeof(uint32_t) + 1);
	t.local_type = wasm_alloc(t.a, (size_t)t.nlocals + 1);
	if (!t.local_slot || !t.local_type) {
		err = ERR_NOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < t.nlocals; i++) {
		uint8_t ty = i < ft->nparams ? ft->types[i]
					     : mf->local_types[i - ft->nparams];
		t.local_type[i] = ty;
		t.local_slot[i] = slot;
		slot += wasm_rt_type_slots(ty);
	}
	t.stack_base = t.sp = t.max_slot = slot;
	/* Room for the usual size, without zeroing it: emit() zeroes the
	 * cells it hands out. */
	if (mf->ninstrs)
		emit_room(&t, (size_t)mf->ninstrs * 3);
	translate_body(&t, ft);
	err = t.err;
	if (!err && t.nlabels)
		err = ERR_FORMAT;
	if (err)
		goto out;
	union wasm_cell *code = wasm_rt_store_alloc(
		s, t.ncode * sizeof(union wasm_cell), NULL);
	if (!code) {
		err = ERR_NOMEM;
		goto out;
	}
	memcpy(code, t.code, t.ncode * sizeof(union wasm_cell));
	f->code = code;
	f->nparam_slots = ft->param_slots;
	f->nlocal_slots = t.stack_base - ft->param_slots;
	/* Results may exceed params at the frame base; leave 2 spare slots
	 * for v128 temporaries. */
	f->frame_slots = t.max_slot + 2;
	if (f->frame_slots < ft->result_slots)
		f->frame_slots = ft->result_slots;
out:
	wasm_free(t.a, t.local_slot, (size_t)t.nlocals * sizeof(uint32_t) + 1);
	wasm_free(t.a, t.local_type, (size_t)t.nlocals + 1);
	wasm_free(t.a, t.code, t.cap * sizeof(union wasm_cell));
	wasm_free(t.a, t.vals, t.vals_cap * sizeof(struct tr_val));
	wasm_free(t.a, t.labels, t.labels_cap * sizeof(struct tr_label));
	return err;
}

int wasm_interp_prepare(struct wasm_rt_func *f)
{
	if (f->code)
		return WASM_TRAP_NONE;
	int err = wasm_interp_translate(f->inst, f->index, f);
	if (err == ERR_NOMEM)
		return WASM_TRAP_OUT_OF_MEMORY;
	return err ? WASM_TRAP_UNCOMPILABLE : WASM_TRAP_NONE;
}
