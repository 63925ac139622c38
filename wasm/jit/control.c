/*
 * wasm/jit/control.c - structured control flow, branches, calls, locals
 * and globals, and a function's prologue and epilogue.
 *
 * Every value lives in its frame slot (internal.h), so a label's values
 * are moved to the slots where the label expects them (its base) before
 * the jump, and the code after a join finds them there.
 */
#include <string.h>

#include "base/types.h"
#include "wasm/jit/internal.h"
#include "wasm/runtime/internal.h"

static struct jit_ctl *ctl_top(struct jit *j)
{
	return &j->ctls[j->nctls - 1];
}

/* A jal to be patched to target later; returns its pc. */
static uint32_t jal_fwd(struct jit *j)
{
	uint32_t pc = jit_pc(j);
	jit_emit(j, rv_jal(RV_ZERO, 0));
	return pc;
}

static void patch_jal(struct jit *j, uint32_t pc, uint32_t target)
{
	int64_t off = (int64_t)target - pc;
	if (off < -(1 << 20) || off >= (1 << 20)) {
		jit_decline(j, "function code beyond 1 MiB", NULL);
		return;
	}
	jit_patch(j, pc, rv_jal(RV_ZERO, (int32_t)off));
	if (target == jit_pc(j))
		j->land_pc = target;
}

/* Emits "if !(rs1 cond rs2) skip" as an inverted branch over a jal;
 * returns the jal's pc (patch it to where the skip lands). */
static uint32_t skip_unless(struct jit *j, int cond, int rs1, int rs2)
{
	jit_emit(j, rv_b((uint32_t)cond, rs1, rs2, 8));
	return jal_fwd(j);
}

static void chain_add(struct jit *j, uint32_t *head, uint32_t pc)
{
	if (!wasm_grow_array(j->a, &j->fixes, &j->fixes_cap, sizeof(*j->fixes),
			     j->nfixes + 1, 64)) {
		jit_nomem(j);
		return;
	}
	j->fixes[j->nfixes].pc = pc;
	j->fixes[j->nfixes].next = *head;
	*head = (uint32_t)++j->nfixes;
}

static void chain_patch(struct jit *j, uint32_t *head, uint32_t target)
{
	for (uint32_t f = *head; f && !j->err; f = j->fixes[f - 1].next)
		patch_jal(j, j->fixes[f - 1].pc, target);
	*head = 0;
}

/* Copies n slots from src to dst (ascending; dst <= src). */
static void move_slots(struct jit *j, uint32_t dst, uint32_t src, uint32_t n)
{
	if (dst == src)
		return;
	for (uint32_t i = 0; i < n; i++) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, jit_slot(j, src + i));
		jit_st(j, RV_SD, RV_T0, RV_SP, jit_slot(j, dst + i));
	}
}

/* The return sequence: results to the caller's slots, restore, ret. */
static void emit_return(struct jit *j)
{
	int64_t f = j->frame;
	jit_ld(j, RV_LD, RV_A1, RV_SP, f - 24);
	uint32_t first = j->nlocals + j->height - j->nresults;
	for (uint32_t i = 0; i < j->nresults; i++) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, jit_slot(j, first + i));
		jit_st(j, RV_SD, RV_T0, RV_A1, 8 * (int64_t)i);
	}
	for (uint32_t i = 0; i < j->npinned; i++)
		jit_ld(j, RV_LD, jit_pin_base(j) + (int)i, RV_SP,
		       f - 40 - 8 * (int64_t)i);
	for (uint32_t i = 0; i < j->nfpinned; i++)
		jit_fld(j, true, jit_fs(i), RV_SP,
			f - 40 - 8 * (int64_t)(j->npinned + i));
	jit_ld(j, RV_LD, RV_RA, RV_SP, f - 8);
	jit_ld(j, RV_LD, RV_S0, RV_SP, f - 16);
	jit_addi(j, RV_SP, RV_SP, f);
	jit_emit(j, rv_jalr(RV_ZERO, RV_RA, 0));
}

/* A branch to label depth with the values on top of the stack. */
static void emit_br(struct jit *j, uint32_t depth)
{
	struct jit_ctl *c = &j->ctls[j->nctls - 1 - depth];
	if (c->kind == JIT_FUNC) {
		emit_return(j);
		return;
	}
	uint32_t n = c->kind == JIT_LOOP ? c->nparams : c->nresults;
	move_slots(j, j->nlocals + c->base, j->nlocals + j->height - n, n);
	if (c->kind == JIT_LOOP) {
		uint32_t pc = jit_pc(j);
		jit_emit(j, rv_jal(RV_ZERO, 0));
		patch_jal(j, pc, c->loop_pc);
	} else {
		chain_add(j, &c->fix, jal_fwd(j));
	}
}

/* A block's params and results, in slots (a v128 takes two). */
static void block_arity(const struct jit *j, int64_t bt, uint32_t *np,
			uint32_t *nr)
{
	if (bt == WASM_BLOCKTYPE_EMPTY) {
		*np = *nr = 0;
	} else if (bt < 0) {
		*np = 0;
		*nr = bt == WASM_BLOCKTYPE_VAL(WASM_V128) ? 2 : 1;
	} else {
		const struct wasm_functype *t = &j->m->types[bt];
		*np = jit_nslots(t->types, t->nparams);
		*nr = jit_nslots(t->types + t->nparams, t->nresults);
	}
}

/* With v128 values: marks those of a block's params or results, at
 * base, after a join (simd.c). */
static void mark_block(struct jit *j, uint32_t base, int64_t bt, bool results)
{
	if (!j->simd || bt == WASM_BLOCKTYPE_EMPTY)
		return;
	if (bt < 0) {
		uint8_t t = (uint8_t)(bt + 0x80);
		if (results)
			jit_simd_mark(j, base, &t, 1);
		return;
	}
	const struct wasm_functype *t = &j->m->types[bt];
	if (results)
		jit_simd_mark(j, base, t->types + t->nparams, t->nresults);
	else
		jit_simd_mark(j, base, t->types, t->nparams);
}

static struct jit_ctl *push_ctl(struct jit *j, uint8_t kind, int64_t bt)
{
	if (!wasm_grow_array(j->a, &j->ctls, &j->ctls_cap, sizeof(*j->ctls),
			     j->nctls + 1, 16)) {
		jit_nomem(j);
		return NULL;
	}
	struct jit_ctl *c = &j->ctls[j->nctls++];
	__builtin_memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->bt = bt;
	block_arity(j, bt, &c->nparams, &c->nresults);
	c->base = j->height - c->nparams;
	c->loop_pc = jit_pc(j);
	return c;
}

static void do_end(struct jit *j)
{
	struct jit_ctl *c = ctl_top(j);
	uint32_t here = jit_pc(j);
	if (c->kind == JIT_FUNC) {
		if (!j->dead)
			emit_return(j);
		j->nctls--;
		return;
	}
	if (c->kind == JIT_IF)
		chain_patch(j, &c->else_fix, here);
	chain_patch(j, &c->fix, here);
	jit_set_height(j, c->base + c->nresults);
	mark_block(j, c->base, c->bt, true);
	j->dead = false;
	j->nctls--;
}

static void do_else(struct jit *j)
{
	struct jit_ctl *c = ctl_top(j);
	if (!j->dead)
		chain_add(j, &c->fix, jal_fwd(j));
	chain_patch(j, &c->else_fix, jit_pc(j));
	c->kind = JIT_ELSE;
	jit_set_height(j, c->base + c->nparams);
	mark_block(j, c->base, c->bt, false);
	j->dead = false;
}

/* Branch taken when r1 bc r2 (RV_B*; a popped i32 compared with x0 or a
 * comparison taken back, jit_take_cmp): one
 * bne back to a loop head in reach, a beq over a jal when the label's
 * values are already in place, else a skip over the moves and the jump. */
static void do_br_if(struct jit *j, uint32_t depth, int bc, int r1, int r2)
{
	struct jit_ctl *c = &j->ctls[j->nctls - 1 - depth];
	uint32_t n = c->kind == JIT_LOOP ? c->nparams : c->nresults;
	bool in_place = c->kind != JIT_FUNC && (!n || c->base == j->height - n);
	int64_t back = (int64_t)c->loop_pc - jit_pc(j);
	if (in_place && c->kind == JIT_LOOP && back >= -4096) {
		jit_emit(j, rv_b((uint32_t)bc, r1, r2, (int32_t)back));
		return;
	}
	if (in_place && c->kind != JIT_LOOP) {
		jit_emit(j, rv_b((uint32_t)bc ^ 1, r1, r2, 8));
		chain_add(j, &c->fix, jal_fwd(j));
		return;
	}
	uint32_t skip = skip_unless(j, bc, r1, r2);
	emit_br(j, depth);
	patch_jal(j, skip, jit_pc(j));
}

/* A jump table of jals, indexed by the popped i32, to one stub per label. */
__attribute__((noinline)) static void do_br_table(struct jit *j,
						  const struct wasm_instr *in)
{
	uint32_t n = in->a;
	const uint8_t *cur = in->vec;
	jit_ld(j, RV_LWU, RV_T0, RV_SP, jit_top(j, 0));
	jit_pop(j, 1);
	jit_li(j, RV_T1, n);
	uint32_t to_default = skip_unless(j, RV_BLTU, RV_T0, RV_T1);
	jit_emit(j, rv_auipc(RV_T1, 0));
	jit_emit(j, rv_slli(RV_T0, RV_T0, 2));
	jit_emit(j, rv_add(RV_T1, RV_T1, RV_T0));
	jit_emit(j, rv_jalr(RV_ZERO, RV_T1, 16));
	uint32_t table = jit_pc(j);
	for (uint32_t i = 0; i < n; i++)
		jit_emit(j, rv_jal(RV_ZERO, 0));
	for (uint32_t i = 0; i <= n && !j->err; i++) {
		uint32_t depth = wasm_br_table_next(&cur);
		patch_jal(j, i < n ? table + 4 * i : to_default, jit_pc(j));
		emit_br(j, depth);
	}
	j->dead = true;
}

static void do_if(struct jit *j, const struct wasm_instr *in, int bc, int r1,
		  int r2)
{
	uint32_t to_else = skip_unless(j, bc, r1, r2);
	struct jit_ctl *c = push_ctl(j, JIT_IF, in->bt);
	if (c)
		chain_add(j, &c->else_fix, to_else);
}

/* After the callee of type t returned: s1 back to ours, memory may have
 * moved, its results (v128s marked) in place of its params. */
static void after_call(struct jit *j, const struct wasm_functype *t)
{
	uint32_t base = j->height - jit_nslots(t->types, t->nparams);
	jit_reload_mem(j);
	jit_set_height(j,
		       base + jit_nslots(t->types + t->nparams, t->nresults));
	if (j->simd)
		jit_simd_mark(j, base, t->types + t->nparams, t->nresults);
}

/*
 * Calls the struct wasm_rt_func in a3 (an import, a table entry): its
 * compiled code directly in its own instance's context, or through the
 * runtime's call helper when it has none (host or interpreted).
 */
static void call_func_a3(struct jit *j, uint32_t np)
{
	int64_t args = jit_slot(j, j->nlocals + j->height - np);
	jit_emit(j, rv_load(RV_LD, RV_T0, RV_A3,
			    (int32_t)offsetof(struct wasm_rt_func, jit_code)));
	uint32_t slow = skip_unless(j, RV_BNE, RV_T0, RV_ZERO);
	jit_emit(j, rv_load(RV_LD, JIT_CTX, RV_A3,
			    (int32_t)offsetof(struct wasm_rt_func, ctx)));
	jit_addi(j, RV_A1, RV_SP, args);
	jit_emit(j, rv_jalr(RV_RA, RV_T0, 0));
	jit_ld(j, RV_LD, JIT_CTX, RV_SP, (int64_t)j->frame - 32);
	uint32_t done = jal_fwd(j);
	patch_jal(j, slow, jit_pc(j));
	jit_call_helper_a3(j, WASM_JIT_H_CALL, args);
	patch_jal(j, done, jit_pc(j));
}

/* auipc+jalr to fi (at offset to, or UINT32_MAX: func_offset[fi] once
 * the whole module is compiled), patched by patch_calls (module.c). */
static void call_direct(struct jit *j, uint32_t fi, uint32_t to)
{
	if (!wasm_grow_array(j->a, &j->calls, &j->calls_cap, sizeof(*j->calls),
			     j->ncalls + 1, 16)) {
		jit_nomem(j);
		return;
	}
	j->calls[j->ncalls].pc = jit_pc(j);
	j->calls[j->ncalls].func = fi;
	j->calls[j->ncalls++].to = to;
	jit_emit(j, rv_auipc(RV_RA, 0));
	jit_emit(j, rv_jalr(RV_RA, RV_RA, 0));
}

/* A function not compiled yet: its address from the call table (the
 * embedder's stub until it is compiled, its code after). */
static void call_through_table(struct jit *j, uint32_t fi)
{
	int64_t off = (int64_t)j->place->table + 8 * (int64_t)fi - jit_pc(j);
	int64_t lo = ((off & 0xfff) ^ 0x800) - 0x800;
	jit_emit(j, rv_auipc(RV_RA, (int32_t)((off - lo) >> 12)));
	jit_emit(j, rv_load(RV_LD, RV_RA, RV_RA, (int32_t)lo));
	jit_emit(j, rv_jalr(RV_RA, RV_RA, 0));
}

/*
 * An import call as the embedder's ecall (options.import_ecall): the
 * argument slots in a0.., the result back from a0; a trap never returns
 * here (the embedder resumes at the exit).
 */
static void call_import_ecall(struct jit *j, uint32_t fi, uint32_t np,
			      uint32_t nr)
{
	int64_t args = jit_slot(j, j->nlocals + j->height - np);
	for (uint32_t i = 0; i < np; i++)
		jit_ld(j, RV_LD, RV_A0 + (int)i, RV_SP, args + 8 * (int64_t)i);
	jit_li(j, RV_T1, fi);
	jit_li(j, RV_T0, j->jm->opts.import_ecall);
	jit_emit(j, rv_ecall());
	if (nr)
		jit_st(j, RV_SD, RV_A0, RV_SP, args);
}

__attribute__((noinline)) static void do_call(struct jit *j, uint32_t fi)
{
	const struct wasm_functype *t = &j->m->types[j->m->funcs[fi].type];
	if (j->m->funcs[fi].import != WASM_NO_IMPORT &&
	    j->jm->opts.import_ecall && wasm_jit_import_in_regs(t)) {
		call_import_ecall(j, fi, t->nparams, t->nresults);
	} else if (j->m->funcs[fi].import != WASM_NO_IMPORT) {
		jit_ld(j, RV_LD, RV_A3, JIT_CTX, jit_ctx_func(j, fi));
		call_func_a3(j, jit_nslots(t->types, t->nparams));
	} else {
		/* Lazily: fi itself, placed code, or the call table. */
		uint32_t to = UINT32_MAX;
		if (j->place)
			to = fi == j->func
				     ? j->base
				     : __atomic_load_n(&j->place->placed[fi],
						       __ATOMIC_ACQUIRE);
		jit_addi(j, RV_A1, RV_SP,
			 jit_slot(j, j->nlocals + j->height -
					     jit_nslots(t->types, t->nparams)));
		if (j->place && to == UINT32_MAX)
			call_through_table(j, fi);
		else
			call_direct(j, fi, to);
	}
	after_call(j, t);
}

__attribute__((noinline)) static void
do_call_indirect(struct jit *j, const struct wasm_instr *in)
{
	const struct wasm_functype *t = &j->m->types[in->a];
	jit_ld(j, RV_LWU, RV_T0, RV_SP, jit_top(j, 0));
	jit_pop(j, 1);
	jit_ld(j, RV_LD, RV_T1, JIT_CTX, jit_ctx_table(j, in->b));
	jit_emit(j, rv_load(RV_LWU, RV_T2, RV_T1,
			    (int32_t)offsetof(struct wasm_rt_table, size)));
	jit_trap_if(j, RV_BGEU, RV_T0, RV_T2, WASM_TRAP_UNDEFINED_ELEM);
	jit_emit(j, rv_load(RV_LD, RV_T1, RV_T1,
			    (int32_t)offsetof(struct wasm_rt_table, elems)));
	jit_emit(j, rv_slli(RV_T0, RV_T0, 3));
	jit_emit(j, rv_add(RV_T1, RV_T1, RV_T0));
	jit_emit(j, rv_load(RV_LD, RV_A3, RV_T1, 0));
	jit_trap_if(j, RV_BEQ, RV_A3, RV_ZERO, WASM_TRAP_UNINIT_ELEM);
	jit_emit(j, rv_load(RV_LD, RV_T0, RV_A3,
			    (int32_t)offsetof(struct wasm_rt_func, type)));
	jit_ld(j, RV_LD, RV_T1, JIT_CTX, jit_ctx_type(j, in->a));
	jit_trap_if(j, RV_BNE, RV_T0, RV_T1, WASM_TRAP_INDIRECT_TYPE);
	call_func_a3(j, jit_nslots(t->types, t->nparams));
	after_call(j, t);
}

static void mv(struct jit *j, int rd, int rs)
{
	if (rd != rs)
		jit_emit(j, rv_addi(rd, rs, 0));
}

/* local.set / local.tee: copies of the local on the stack first. */
static void set_local(struct jit *j, uint32_t local, bool tee)
{
	jit_spill_local(j, local);
	int r = jit_local_reg(j, local), fr = jit_local_freg(j, local);
	/* The instruction that made the value writes the local's register
	 * (an i32 local takes only a sign-extended value as it is); a tee
	 * leaves a copy of the local. */
	if ((fr && jit_retarget(j, fr, true, false)) ||
	    (r && jit_retarget(j, r, false, j->pin_w32[local]))) {
		jit_pop(j, 1);
		if (tee)
			jit_push_local(j, local);
		return;
	}
	if (fr) {
		bool d = !j->pin_w32[local];
		int v = jit_use_f(j, 0, d, RV_FT0);
		if (v != fr)
			jit_emit(j, rv_fop(RV_FSGNJ, d, 0, fr, v, v));
	} else if (r) {
		mv(j, r,
		   jit_use(j, 0, j->pin_w32[local] ? JF_S32 : JF_64, RV_T0));
	} else {
		int v = jit_use(j, 0, JF_64, RV_T0);
		jit_st(j, RV_SD, v, RV_SP, jit_slot(j, local));
	}
	if (!tee)
		jit_pop(j, 1);
}

/* select: a if c else b, in a new register. */
static void do_select(struct jit *j)
{
	bool w32 = jit_is_w32(j, 1) && jit_is_w32(j, 2);
	int c = jit_use(j, 0, JF_S32, RV_T0);
	int b = jit_use(j, 1, JF_64, RV_T1);
	int a = jit_use(j, 2, JF_64, RV_T2);
	jit_pop(j, 3);
	mv(j, RV_T3, a);
	jit_emit(j, rv_b(RV_BNE, c, RV_ZERO, 8));
	jit_emit(j, rv_addi(RV_T3, b, 0));
	int k = jit_alloc(j);
	mv(j, jit_reg(k), RV_T3);
	jit_push_reg(j, k, w32);
}

/* rd (a new cache register) = the pointer at ctx offset off. */
static void push_ctx_load(struct jit *j, int64_t off, bool deref)
{
	int k = jit_alloc(j), rd = jit_reg(k);
	jit_ld(j, RV_LD, rd, JIT_CTX, off);
	if (deref)
		jit_emit(j, rv_load(RV_LD, rd, rd, 0));
	jit_push_reg(j, k, false);
}

/* Globals, select, drop, references (the locals: do_instr), through
 * the cache. */
static bool do_var(struct jit *j, const struct wasm_instr *in)
{
	switch (in->op) {
	case WASM_OP_GLOBAL_GET:
		push_ctx_load(j, jit_ctx_global(j, in->a), true);
		return true;
	case WASM_OP_GLOBAL_SET: {
		int v = jit_use(j, 0, JF_64, RV_T0);
		jit_ld(j, RV_LD, RV_T1, JIT_CTX, jit_ctx_global(j, in->a));
		jit_emit(j, rv_store(RV_SD, RV_T1, v, 0));
		jit_pop(j, 1);
		return true;
	}
	case WASM_OP_DROP:
		jit_pop(j, 1);
		return true;
	case WASM_OP_SELECT:
	case WASM_OP_SELECT_T:
		do_select(j);
		return true;
	case WASM_OP_REF_NULL:
		jit_push_const(j, 0);
		return true;
	case WASM_OP_REF_IS_NULL: {
		int a = jit_use(j, 0, JF_64, RV_T0);
		jit_pop(j, 1);
		int k = jit_alloc(j);
		jit_emit(j, rv_sltiu(jit_reg(k), a, 1));
		jit_push_reg(j, k, true);
		return true;
	}
	case WASM_OP_REF_FUNC:
		push_ctx_load(j, jit_ctx_func(j, in->a), false);
		return true;
	}
	return false;
}

/* Control instructions; false when in is not one. */
static bool do_control(struct jit *j, const struct wasm_instr *in)
{
	int bc = RV_BNE, r1 = RV_ZERO, r2 = RV_ZERO;
	switch (in->op) {
	case WASM_OP_BR_IF:
	case WASM_OP_IF:
		/* The condition stays in its register (or the comparison
		 * that made it becomes the branch); the rest goes to memory,
		 * where every label expects it. */
		if (!jit_take_cmp(j, &bc, &r1, &r2)) {
			r1 = jit_use(j, 0, JF_S32, RV_T0);
			jit_pop(j, 1);
		}
		jit_flush(j);
		break;
	case WASM_OP_UNREACHABLE:
	case WASM_OP_NOP:
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_ELSE:
	case WASM_OP_END:
	case WASM_OP_BR:
	case WASM_OP_BR_TABLE:
	case WASM_OP_RETURN:
	case WASM_OP_CALL:
	case WASM_OP_CALL_INDIRECT:
		if (in->op != WASM_OP_NOP)
			jit_flush(j);
		break;
	default:
		return false;
	}
	switch (in->op) {
	case WASM_OP_UNREACHABLE:
		jit_trap(j, WASM_TRAP_UNREACHABLE);
		j->dead = true;
		return true;
	case WASM_OP_NOP:
		return true;
	case WASM_OP_BLOCK:
		push_ctl(j, JIT_BLOCK, in->bt);
		return true;
	case WASM_OP_LOOP:
		push_ctl(j, JIT_LOOP, in->bt);
		return true;
	case WASM_OP_IF:
		do_if(j, in, bc, r1, r2);
		return true;
	case WASM_OP_ELSE:
		do_else(j);
		return true;
	case WASM_OP_END:
		do_end(j);
		return true;
	case WASM_OP_BR:
		emit_br(j, in->a);
		j->dead = true;
		return true;
	case WASM_OP_BR_IF:
		do_br_if(j, in->a, bc, r1, r2);
		return true;
	case WASM_OP_BR_TABLE:
		do_br_table(j, in);
		return true;
	case WASM_OP_RETURN:
		emit_return(j);
		j->dead = true;
		return true;
	case WASM_OP_CALL:
		do_call(j, in->a);
		return true;
	case WASM_OP_CALL_INDIRECT:
		do_call_indirect(j, in);
		return true;
	}
	return false;
}

/* In dead code only the nesting matters. */
static void dead_instr(struct jit *j, const struct wasm_instr *in)
{
	struct jit_ctl *c = ctl_top(j);
	if (in->prefix)
		return;
	switch (in->op) {
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		c->dead_skip++;
		return;
	case WASM_OP_ELSE:
		if (!c->dead_skip)
			do_else(j);
		return;
	case WASM_OP_END:
		if (c->dead_skip)
			c->dead_skip--;
		else
			do_end(j);
		return;
	}
}

/* Whether the module has a function type or a global of type v128 (a
 * function without a v128 local or instruction may still call one that
 * takes or returns v128s, or read such a global); found once (j->mod_v128:
 * 0 not yet, 1 no, 2 yes). */
static bool module_v128(struct jit *j)
{
	if (!j->mod_v128) {
		const struct wasm_module *m = j->m;
		bool v = false;
		for (uint32_t i = 0; i < m->ntypes && !v; i++)
			v = jit_nslots(m->types[i].types,
				       m->types[i].nparams +
					       m->types[i].nresults) !=
			    m->types[i].nparams + m->types[i].nresults;
		for (uint32_t i = 0; i < m->nglobals && !v; i++)
			v = m->globals[i].type.type == WASM_V128;
		j->mod_v128 = v ? 2 : 1;
	}
	return j->mod_v128 == 2;
}

static bool uses_v128(struct jit *j, const struct wasm_func *f)
{
	if (f->flags & WASM_FUNC_USES_SIMD || module_v128(j))
		return true;
	for (uint32_t i = 0; i < f->nlocals; i++)
		if (f->local_types[i] == WASM_V128)
			return true;
	return false;
}

/* Whether defined function fi is one the compiler takes (every one: an
 * instruction not compiled declines it as it comes); sets j->simd. */
bool jit_func_ok(struct jit *j, uint32_t fi)
{
	const struct wasm_func *f = &j->m->funcs[fi];
	j->func = fi;
	j->simd = uses_v128(j, f);
	return true;
}

/* The opcodes (all below 64) count_uses looks at, as a bit set. */
#define COUNTED                                                                \
	(1ull << WASM_OP_BLOCK | 1ull << WASM_OP_LOOP | 1ull << WASM_OP_IF |   \
	 1ull << WASM_OP_END | 1ull << WASM_OP_LOCAL_GET |                     \
	 1ull << WASM_OP_LOCAL_SET | 1ull << WASM_OP_LOCAL_TEE)

/* The one-byte instructions (no immediate, opcodes.h), which count_uses
 * and the code pass take without the reader: nearly half of a body's. */
#define JIT_BARE_ENTRY(name, code, imm, sig, align, text)                      \
	[code] = WASM_IMM_##imm == WASM_IMM_NONE,
static const bool jit_bare[256] = {WASM_OPCODES_SINGLE(JIT_BARE_ENTRY)};

/* Uses of each local among the first JIT_PIN_SCAN (local.get, set, tee),
 * weighted by loop depth: 8 times per loop around (capped).  Reads with
 * wasm_scan_instr, one-byte instructions with no call: only opcodes and
 * local indices matter here (a full read made this pass a tenth of a
 * first spawn). */
static void count_uses(struct jit *j, const struct wasm_func *f, uint32_t *uses)
{
	/* Bit k of loops: the block at depth k (below 64) is a loop. */
	uint64_t loops = 0;
	uint32_t depth = 0, ldepth = 0;
	const uint8_t *p = f->body, *end = f->body_end, *bytes = j->m->bytes;
	struct wasm_scan in = {0};
	struct wasm_error err;
	while (p < end) {
		unsigned op = *p;
		if (jit_bare[op]) {
			p++;
		} else {
			if (wasm_scan_instr(&p, end, bytes, &in, &err))
				return;
			if (in.prefix)
				continue;
			op = in.op;
		}
		/* One test for the instructions that do not matter here. */
		if (op >= 64 || !(COUNTED >> op & 1))
			continue;
		switch (op) {
		case WASM_OP_BLOCK:
		case WASM_OP_IF:
		case WASM_OP_LOOP:
			if (depth < 64 && op == WASM_OP_LOOP) {
				loops |= 1ull << depth;
				ldepth++;
			}
			depth++;
			break;
		case WASM_OP_END:
			if (depth && --depth < 64 && loops >> depth & 1) {
				loops &= ~(1ull << depth);
				ldepth--;
			}
			break;
		case WASM_OP_LOCAL_GET:
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			if (in.a < JIT_PIN_SCAN)
				uses[in.a] += 1u
					      << (ldepth < 5 ? 3 * ldepth : 15);
			break;
		}
	}
}

/* Pins local k (of type t) in the next register of its class. */
static void pin_local(struct jit *j, uint32_t k, uint8_t t)
{
	j->pin_w32[k] = t == WASM_I32 || t == WASM_F32;
	if (t == WASM_F32 || t == WASM_F64)
		j->fpin[k] = (uint8_t)jit_fs(j->nfpinned++);
	else
		j->pin[k] = (uint8_t)(jit_pin_base(j) + (int)j->npinned++);
}

/* Pins the most used integer or reference locals among the first
 * JIT_PIN_SCAN in s4/s5-s11 (jit_npin), the most used float ones in
 * fs0-fs11 (JIT_NFPIN); locals used nowhere stay in their slots.  When
 * all fit or the function has no loop, the first ones are pinned, in
 * one walk; else the most used first (the lowest index among equals),
 * each class until it is full. */
__attribute__((noinline)) static void choose_pins(struct jit *j,
						  const struct wasm_func *f)
{
	uint32_t uses[JIT_PIN_SCAN];
	uint8_t types[JIT_PIN_SCAN];
	__builtin_memset(j->pin, 0, sizeof(j->pin));
	__builtin_memset(j->fpin, 0, sizeof(j->fpin));
	__builtin_memset(j->pin_w32, 0, sizeof(j->pin_w32));
	j->npinned = j->nfpinned = 0;
	uint32_t n = j->nlocals < JIT_PIN_SCAN ? j->nlocals : JIT_PIN_SCAN;
	uint32_t nint = 0, nfp = 0;
	for (uint32_t k = 0; k < n; k++) {
		uint8_t t = k < j->nparams ? j->ltypes_params[k]
					   : j->ltypes_locals[k - j->nparams];
		types[k] = t;
		nfp += t == WASM_F32 || t == WASM_F64;
		nint += t != WASM_F32 && t != WASM_F64 && t != WASM_V128;
	}
	/* Counting costs a pass over the body: only when they do not all
	 * fit and loops make some count more (else the first ones win). */
	if ((nint <= jit_npin(j) && nfp <= JIT_NFPIN) ||
	    !(f->flags & WASM_FUNC_HAS_LOOPS)) {
		for (uint32_t k = 0; k < n; k++) {
			uint8_t t = types[k];
			bool fp = t == WASM_F32 || t == WASM_F64;
			if (t != WASM_V128 && (fp ? j->nfpinned < JIT_NFPIN
						  : j->npinned < jit_npin(j)))
				pin_local(j, k, t);
		}
		return;
	}
	__builtin_memset(uses, 0, sizeof(uses));
	count_uses(j, f, uses);
	for (;;) {
		bool int_full = j->npinned == jit_npin(j);
		bool fp_full = j->nfpinned == JIT_NFPIN;
		uint32_t best = n, most = 0;
		for (uint32_t k = 0; k < n && !(int_full && fp_full); k++) {
			uint8_t t = types[k];
			bool fp = t == WASM_F32 || t == WASM_F64;
			if (uses[k] <= most || t == WASM_V128 ||
			    (fp ? fp_full : int_full))
				continue;
			best = k;
			most = uses[k];
		}
		if (best == n)
			return;
		uses[best] = 0;
		pin_local(j, best, types[best]);
	}
}

/* Stack check, frame, parameters to their slots or registers, locals
 * zeroed. */
__attribute__((noinline)) static void prologue(struct jit *j)
{
	int64_t f = j->frame;
	jit_addi(j, RV_T0, RV_SP, -f);
	jit_emit(j, rv_load(RV_LD, RV_T1, JIT_ST, WASM_JIT_ST_STACK_LIMIT));
	jit_trap_if(j, RV_BLTU, RV_T0, RV_T1, WASM_TRAP_STACK_EXHAUSTED);
	jit_emit(j, rv_addi(RV_SP, RV_T0, 0));
	jit_st(j, RV_SD, RV_RA, RV_SP, f - 8);
	jit_st(j, RV_SD, RV_S0, RV_SP, f - 16);
	jit_st(j, RV_SD, RV_A1, RV_SP, f - 24);
	jit_st(j, RV_SD, JIT_CTX, RV_SP, f - 32);
	for (uint32_t i = 0; i < j->npinned; i++)
		jit_st(j, RV_SD, jit_pin_base(j) + (int)i, RV_SP,
		       f - 40 - 8 * (int64_t)i);
	for (uint32_t i = 0; i < j->nfpinned; i++)
		jit_fst(j, true, jit_fs(i), RV_SP,
			f - 40 - 8 * (int64_t)(j->npinned + i));
	jit_addi(j, RV_S0, RV_SP, f);
	/* Parameter i's slot in a1's: a v128 takes two. */
	int64_t off = 0;
	for (uint32_t i = 0; i < j->nparams; off += 8, i++) {
		int r = jit_local_reg(j, i);
		if (r) {
			jit_ld(j, j->pin_w32[i] ? RV_LW : RV_LD, r, RV_A1, off);
			continue;
		}
		if (jit_local_freg(j, i)) {
			jit_fld(j, !j->pin_w32[i], jit_local_freg(j, i), RV_A1,
				off);
			continue;
		}
		if (j->ltypes_params[i] == WASM_V128) {
			jit_simd_param(j, i, off);
			off += 8;
			continue;
		}
		jit_ld(j, RV_LD, RV_T0, RV_A1, off);
		jit_st(j, RV_SD, RV_T0, RV_SP, jit_slot(j, i));
	}
	for (uint32_t i = j->nparams; i < j->nlocals && i < JIT_PIN_SCAN; i++)
		if (jit_local_reg(j, i))
			mv(j, jit_local_reg(j, i), RV_ZERO);
		else if (jit_local_freg(j, i))
			jit_emit(j, rv_fop(RV_FMV_FX, !j->pin_w32[i], 0,
					   jit_local_freg(j, i), RV_ZERO, 0));
	if (j->simd)
		jit_simd_zero_locals(j);
	uint32_t nl = j->nlocals - j->nparams;
	if (nl <= 16) {
		for (uint32_t i = j->nparams; i < j->nlocals; i++)
			jit_st(j, RV_SD, RV_ZERO, RV_SP, jit_slot(j, i));
		return;
	}
	/* t0 walks the declared locals' slots, t1 is their end. */
	jit_addi(j, RV_T0, RV_SP, jit_slot(j, j->nparams));
	jit_addi(j, RV_T1, RV_SP, jit_slot(j, j->nlocals));
	jit_emit(j, rv_store(RV_SD, RV_T0, RV_ZERO, 0));
	jit_emit(j, rv_addi(RV_T0, RV_T0, 8));
	jit_emit(j, rv_b(RV_BLTU, RV_T0, RV_T1, -8));
}

static bool do_instr(struct jit *j, const struct wasm_instr *in)
{
	if (in->prefix == WASM_PREFIX_FD)
		return jit_simd(j, in);
	/* A v128 local, global or select first: it keeps its two slots. */
	if (!in->prefix && j->simd && jit_simd_var(j, in))
		return true;
	/* The commonest instructions make no code, only a stack entry: no
	 * call for them. */
	if (!in->prefix) {
		switch (in->op) {
		case WASM_OP_LOCAL_GET:
			jit_push_local(j, in->a);
			return true;
		case WASM_OP_I32_CONST:
			jit_push_const(j, (int32_t)(uint32_t)in->c);
			return true;
		case WASM_OP_I64_CONST:
			jit_push_const(j, (int64_t)in->c);
			return true;
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			set_local(j, in->a, in->op == WASM_OP_LOCAL_TEE);
			return true;
		}
	}
	/* Loads, stores and integer operations, most of a body, go straight
	 * to their group (each takes none of the others' opcodes). */
	if (!in->prefix && in->op >= WASM_OP_I32_LOAD &&
	    in->op <= WASM_OP_I64_STORE32 && jit_mem_access(j, in))
		return true;
	if (!in->prefix && in->op >= WASM_OP_I32_CONST &&
	    in->op <= WASM_OP_I64_ROTR && jit_num(j, in))
		return true;
	if (!in->prefix && (do_control(j, in) || do_var(j, in)))
		return true;
	if (jit_num(j, in) || jit_float(j, in) || jit_mem_access(j, in))
		return true;
	jit_flush(j);
	return jit_mem(j, in) || jit_table(j, in);
}

/*
 * Compiles defined function fi at the end of the code.  Declines a
 * function with an instruction not compiled (the module then runs in the
 * interpreter).
 */
void jit_compile_func(struct jit *j, uint32_t fi)
{
	const struct wasm_func *f = &j->m->funcs[fi];
	const struct wasm_functype *t = &j->m->types[f->type];
	j->func = fi;
	if (!jit_func_ok(j, fi))
		return;
	j->nparams = t->nparams;
	/* In slots, as emit_return copies them. */
	j->nresults = jit_nslots(t->types + t->nparams, t->nresults);
	j->ltypes_params = t->types;
	j->ltypes_locals = f->local_types;
	j->nlocals = t->nparams + f->nlocals;
	j->height = 0;
	j->dead = false;
	/* With v128 values a slot per value is not enough: two each, and
	 * the v128 locals' places (jit_simd_setup). */
	uint32_t max_stack = j->simd ? 2 * f->max_stack : f->max_stack;
	uint32_t extra = j->simd ? jit_simd_setup(j, max_stack) : 0;
	if (j->err || !jit_cache_init(j, max_stack))
		return;
	j->nctls = 0;
	j->nfixes = 0;
	choose_pins(j, f);
	uint64_t slots = (uint64_t)j->nlocals + max_stack + extra;
	j->frame = (uint32_t)((JIT_FRAME_HDR +
			       8 * (j->npinned + j->nfpinned + slots) + 15) &
			      ~15ull);
	if (j->jm->func_offset)
		j->jm->func_offset[fi] = jit_pc(j);
	prologue(j);
	j->land_pc = jit_pc(j);
	j->cmp.end = 0;
	push_ctl(j, JIT_FUNC, WASM_BLOCKTYPE_EMPTY);
	if (j->ctls) {
		j->ctls[0].nresults = j->nresults;
		j->ctls[0].base = 0;
	}
	/* A one-byte instruction (no immediate: nearly half of a body) as
	 * it is; the others through wasm_read_instr_features straight
	 * (wasm_read_instr would be one call more), with the body's end and
	 * the module's bytes in locals. */
	const uint8_t *p = f->body, *end = f->body_end, *bytes = j->m->bytes;
	struct wasm_instr in = {0};
	struct wasm_error err;
	while (p < end && j->nctls && !j->err) {
		if (jit_bare[*p]) {
			in.pos = p;
			in.prefix = 0;
			in.imm = WASM_IMM_NONE;
			in.op = *p++;
			in.a = in.b = 0;
			in.c = 0;
		} else if (wasm_read_instr_features(&p, end, bytes,
						    WASM_FEATURES_SUPPORTED,
						    &in, &err)) {
			jit_decline(j, "malformed body", NULL);
			return;
		}
		if (j->dead)
			dead_instr(j, &in);
		else if (!do_instr(j, &in))
			jit_decline(j, "instruction not compiled", &in);
	}
	jit_trap_stubs(j);
}
