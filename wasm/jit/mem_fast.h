/*
 * wasm/jit/mem_fast.h - the commonest load and store in one step, inline
 * in jit_compile_func's fast path (func.c); the rest is mem.c's.
 */
#ifndef WASM_JIT_MEM_FAST_H
#define WASM_JIT_MEM_FAST_H

#include "wasm/jit/internal.h"

/* The integer register holding entry v as it is (a pool register or a
 * pinned local's), or 0. */
static inline int jit_reg_as_is(const struct jit *j, const struct jit_val *v)
{
	if (v->kind == JV_REG && !v->fp)
		return v->reg;
	if (v->kind == JV_LOCAL)
		return jit_local_reg(j, v->local);
	return 0;
}

/*
 * An integer load or store (op) at the address's offset, from registers
 * with guard pages; false, with nothing done, for anything else
 * (jit_mem_access takes it).  The code load and store make (mem_address,
 * then the access and its trap sites) written in one go, with no call:
 * their register saves and the per-word checks of jit_emit were most of
 * an access's cost, and inline in the compiler's loop (whose registers
 * are saved once per function) it needs no frame of its own.  Taken
 * only when nothing can fail or spill: guard pages, an offset within the
 * access's immediate, every operand in an integer register (or the
 * address the constant 0), room for the words and trap sites, a free
 * register for a load's result.
 */
JIT_INLINE bool jit_mem_fast(struct jit *j, unsigned op, uint32_t offset)
{
	struct wasm_jit_module *jm = j->jm;
	if (op == WASM_OP_F32_LOAD || op == WASM_OP_F64_LOAD ||
	    op == WASM_OP_F32_STORE || op == WASM_OP_F64_STORE ||
	    jm->opts.bounds != WASM_JIT_BOUNDS_RESERVED)
		return false;
	const struct jit_access *ac = &jit_accesses[op - WASM_OP_I32_LOAD];
	bool st = op >= WASM_OP_I32_STORE;
	if (offset >= 2048u - ac->size || j->ntraps + 2 > j->traps_cap)
		return false;
	struct jit_val *top = &j->vals[j->height - 1];
	int ra = jit_reg_as_is(j, top - st),
	    rv = st ? jit_reg_as_is(j, top) : 1;
	/* Address 0 (a constant: the data at the offset) is x0, with no
	 * zero extension; nearly every constant address of compiled C. */
	bool zero = !ra && top[-st].kind == JV_CONST && !(uint32_t)top[-st].imm;
	/* emit_lim is NULL after an error: no room then. */
	uint8_t *c = j->emit_cur;
	if ((!ra && !zero) || !rv ||
	    (uintptr_t)c + 16 >= (uintptr_t)j->emit_lim ||
	    (!st && !j->free_regs && top->kind != JV_REG))
		return false;
	struct jit_word *w = (struct jit_word *)(void *)c;
	unsigned n = 0;
	if (!zero) {
		w[0].w = rv_slli(RV_T0, ra, 32);
		w[1].w = rv_srli(RV_T0, RV_T0, 32);
		n = 2;
	}
	w[n++].w = rv_add(RV_T0, zero ? RV_ZERO : RV_T0, JIT_MEM);
	uint32_t pc = jit_pc(j) + 4 * n;
	int32_t imm = (int32_t)offset;
	struct wasm_jit_trap_site *t = &j->traps[j->ntraps];
	t[0] = (struct wasm_jit_trap_site){
		.pc = pc, .func = j->func, .kind = WASM_TRAP_MEMORY_OOB};
	if (!st) {
		jit_pop(j, 1);
		/* jit_alloc with a register known free: no spill, no call
		 * (this function needs no register saves). */
		int k = jit_pool_low[j->free_regs];
		j->free_regs &= ~(1u << k);
		w[n].w = rv_load(ac->f3, jit_reg(k), RV_T0, imm);
		j->emit_cur = c + 4 * (n + 1);
		j->ntraps++;
		jit_push_reg(j, k, ac->f3 != RV_LD && ac->f3 != RV_LWU);
		return true;
	}
	/* A store of more than a byte probes its last byte first
	 * (mem_address). */
	unsigned first = n;
	if (ac->size > 1) {
		w[n++].w = rv_load(RV_LBU, RV_ZERO, RV_T0,
				   imm + (int32_t)ac->size - 1);
		t[1] = (struct wasm_jit_trap_site){
			.pc = pc + 4,
			.func = j->func,
			.kind = WASM_TRAP_MEMORY_OOB};
	}
	w[n++].w = rv_store(ac->f3, RV_T0, rv, imm);
	j->emit_cur = c + 4 * n;
	j->ntraps += n - first;
	jit_pop(j, 2);
	return true;
}

#endif /* WASM_JIT_MEM_FAST_H */
