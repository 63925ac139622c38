/*
 * wasm/jit/call.c - calls (direct, through the call table, imports as
 * the embedder's ecall, indirect through a table) and the variable
 * instructions other than the locals' (func.c): globals, select, drop
 * and references.
 */
#include <string.h>

#include "base/types.h"
#include "wasm/jit/internal.h"
#include "wasm/runtime/internal.h"

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
	uint32_t slow = jit_skip_unless(j, RV_BNE, RV_T0, RV_ZERO);
	jit_emit(j, rv_load(RV_LD, JIT_CTX, RV_A3,
			    (int32_t)offsetof(struct wasm_rt_func, ctx)));
	jit_addi(j, RV_A1, RV_SP, args);
	jit_emit(j, rv_jalr(RV_RA, RV_T0, 0));
	jit_ld(j, RV_LD, JIT_CTX, RV_SP, (int64_t)j->frame - 32);
	uint32_t done = jit_jal_fwd(j);
	jit_patch_jal(j, slow, jit_pc(j));
	jit_call_helper_a3(j, WASM_JIT_H_CALL, args);
	jit_patch_jal(j, done, jit_pc(j));
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

/*
 * call fi: an import as the embedder's ecall or through its struct
 * wasm_rt_func, a defined function directly (or through the call table
 * when lazily compiled); the cache must be flushed (jit_control).
 */
void jit_call(struct jit *j, uint32_t fi)
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

/*
 * call_indirect: traps on an index out of the table, a null entry or a
 * type that differs; else calls the entry (call_func_a3).
 */
void jit_call_indirect(struct jit *j, const struct wasm_instr *in)
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

/* select: a if c else b, in a new register. */
static void do_select(struct jit *j)
{
	bool w32 = jit_is_w32(j, 1) && jit_is_w32(j, 2);
	int c = jit_use(j, 0, JF_S32, RV_T0);
	int b = jit_use(j, 1, JF_64, RV_T1);
	int a = jit_use(j, 2, JF_64, RV_T2);
	jit_pop(j, 3);
	jit_mv(j, RV_T3, a);
	jit_emit(j, rv_b(RV_BNE, c, RV_ZERO, 8));
	jit_emit(j, rv_addi(RV_T3, b, 0));
	int k = jit_alloc(j);
	jit_mv(j, jit_reg(k), RV_T3);
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

/*
 * Globals, select, drop, references (the locals: do_instr, func.c),
 * through the cache; false when in is not one of them.
 */
bool jit_var(struct jit *j, const struct wasm_instr *in)
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
