/*
 * wasm/jit/mem.c - loads and stores of linear memory in both bounds modes
 * (jit.h), memory.size, and the instructions left to the runtime's
 * helpers: memory.grow, bulk memory, tables, segments.
 *
 * Floats are loaded into and stored from float registers (flw/fld,
 * fsw/fsd: bit-exact, an f32 NaN-boxed by flw).
 */
#include "base/types.h"
#include "wasm/jit/internal.h"
#include "wasm/runtime/internal.h"

struct access {
	uint8_t f3;   /* RV_L* or RV_S* */
	uint8_t size; /* bytes */
};

/* By opcode - WASM_OP_I32_LOAD (0x28 .. 0x3e). */
static const struct access accesses[] = {
	{RV_LW, 4},  {RV_LD, 8},  {RV_LWU, 4}, {RV_LD, 8},  {RV_LB, 1},
	{RV_LBU, 1}, {RV_LH, 2},  {RV_LHU, 2}, {RV_LB, 1},  {RV_LBU, 1},
	{RV_LH, 2},  {RV_LHU, 2}, {RV_LW, 4},  {RV_LWU, 4}, {RV_SW, 4},
	{RV_SD, 8},  {RV_SW, 4},  {RV_SD, 8},  {RV_SB, 1},  {RV_SH, 2},
	{RV_SB, 1},  {RV_SH, 2},  {RV_SW, 4},
};

/*
 * t0 = base + address (entry i from the top, zero-extended) + offset
 * (internal.h),
 * checked as the mode asks; returns the immediate left for the access.
 * With guard pages a store of more than one byte first loads its last
 * byte into x0 (a trap site): only a store straddling the end of memory
 * can fault part-way, and a misaligned one may be split by firmware and
 * tear, so it must not start unless all of it is in.  Uses t0, t1 (and
 * t6).
 */
__attribute__((always_inline)) static inline int32_t
mem_address(struct jit *j, uint32_t i, uint32_t offset, unsigned size,
	    bool store)
{
	bool explicit_ = j->jm->opts.bounds == WASM_JIT_BOUNDS_EXPLICIT;
	int r = jit_use_u32(j, i, RV_T0);
	int32_t imm = 0;
	if (!explicit_ && (uint64_t)offset + size <= 2048) {
		imm = (int32_t)offset;
	} else if (offset) {
		jit_addi(j, RV_T0, r, offset);
		r = RV_T0;
	}
	if (explicit_) {
		jit_addi(j, RV_T1, r, size);
		jit_trap_if(j, RV_BLTU, JIT_MSZ, RV_T1, WASM_TRAP_MEMORY_OOB);
	}
	jit_emit(j, rv_add(RV_T0, r, JIT_MEM));
	if (!explicit_ && store && size > 1) {
		jit_trap_site(j, jit_pc(j), WASM_TRAP_MEMORY_OOB);
		jit_emit(j, rv_load(RV_LBU, RV_ZERO, RV_T0,
				    imm + (int32_t)size - 1));
	}
	return imm;
}

/* The loads and stores below take mem_address inline: out of line its
 * register saves were a third of its cost per access. */
int32_t jit_mem_address(struct jit *j, uint32_t i, uint32_t offset,
			unsigned size, bool store)
{
	return mem_address(j, i, offset, size, store);
}

/* fp: f32.load or f64.load, into a float cache register. */
static void load(struct jit *j, const struct access *ac, uint32_t offset,
		 bool fp)
{
	int32_t imm = mem_address(j, 0, offset, ac->size, false);
	jit_pop(j, 1);
	int k = fp ? jit_falloc(j) : jit_alloc(j);
	if (j->jm->opts.bounds == WASM_JIT_BOUNDS_RESERVED)
		jit_trap_site(j, jit_pc(j), WASM_TRAP_MEMORY_OOB);
	if (fp) {
		jit_emit(j, ac->size == 8 ? rv_fld(jit_freg(k), RV_T0, imm)
					  : rv_flw(jit_freg(k), RV_T0, imm));
		jit_push_freg(j, k, ac->size == 8);
		return;
	}
	jit_emit(j, rv_load(ac->f3, jit_reg(k), RV_T0, imm));
	/* Every load but ld/lwu leaves a sign-extended 32-bit value. */
	jit_push_reg(j, k, ac->f3 != RV_LD && ac->f3 != RV_LWU);
}

/* fp: f32.store or f64.store, from a float register. */
static void store(struct jit *j, const struct access *ac, uint32_t offset,
		  bool fp)
{
	int v = fp ? jit_use_f(j, 0, ac->size == 8, RV_FT0)
		   : jit_use(j, 0, JF_64, RV_T2);
	int32_t imm = mem_address(j, 1, offset, ac->size, true);
	if (j->jm->opts.bounds == WASM_JIT_BOUNDS_RESERVED)
		jit_trap_site(j, jit_pc(j), WASM_TRAP_MEMORY_OOB);
	if (fp)
		jit_emit(j, ac->size == 8 ? rv_fsd(RV_T0, v, imm)
					  : rv_fsw(RV_T0, v, imm));
	else
		jit_emit(j, rv_store(ac->f3, RV_T0, v, imm));
	jit_pop(j, 2);
}

/* The integer register holding entry v as it is (a pool register or a
 * pinned local's), or 0. */
static inline int reg_as_is(const struct jit *j, const struct jit_val *v)
{
	if (v->kind == JV_REG && !v->fp)
		return v->reg;
	if (v->kind == JV_LOCAL)
		return jit_local_reg(j, v->local);
	return 0;
}

/*
 * internal.h.  The code load and store make (mem_address, then the
 * access and its trap sites) written in one go, with no call: their
 * register saves and the per-word checks of jit_emit were most of an
 * access's cost.  Taken only when nothing can fail or spill: guard pages,
 * an offset within the access's immediate, every operand in an integer
 * register, room for the words and trap sites, a free register for a
 * load's result.
 */
bool jit_mem_fast(struct jit *j, unsigned op, uint32_t offset)
{
	struct wasm_jit_module *jm = j->jm;
	if (op == WASM_OP_F32_LOAD || op == WASM_OP_F64_LOAD ||
	    op == WASM_OP_F32_STORE || op == WASM_OP_F64_STORE ||
	    jm->opts.bounds != WASM_JIT_BOUNDS_RESERVED)
		return false;
	const struct access *ac = &accesses[op - WASM_OP_I32_LOAD];
	bool st = op >= WASM_OP_I32_STORE;
	if (offset >= 2048 - ac->size || jm->ntraps + 2 > jm->traps_cap)
		return false;
	struct jit_val *top = &j->vals[j->height - 1];
	int ra = reg_as_is(j, top - st), rv = st ? reg_as_is(j, top) : 1;
	/* emit_lim is NULL after an error: no room then. */
	uint8_t *c = j->emit_cur;
	if (!ra || !rv || (uintptr_t)c + 16 >= (uintptr_t)j->emit_lim ||
	    (!st && !j->free_regs && top->kind != JV_REG))
		return false;
	struct jit_word *w = (struct jit_word *)(void *)c;
	uint32_t pc = jit_pc(j) + 12;
	int32_t imm = (int32_t)offset;
	w[0].w = rv_slli(RV_T0, ra, 32);
	w[1].w = rv_srli(RV_T0, RV_T0, 32);
	w[2].w = rv_add(RV_T0, RV_T0, JIT_MEM);
	struct wasm_jit_trap_site *t = &jm->traps[jm->ntraps];
	t[0] = (struct wasm_jit_trap_site){
		.pc = pc, .func = j->func, .kind = WASM_TRAP_MEMORY_OOB};
	if (!st) {
		jit_pop(j, 1);
		/* jit_alloc with a register known free: no spill, no call
		 * (this function needs no register saves). */
		int k = jit_pool_low[j->free_regs];
		j->free_regs &= ~(1u << k);
		w[3].w = rv_load(ac->f3, jit_reg(k), RV_T0, imm);
		j->emit_cur = c + 16;
		jm->ntraps++;
		jit_push_reg(j, k, ac->f3 != RV_LD && ac->f3 != RV_LWU);
		return true;
	}
	/* A store of more than a byte probes its last byte first
	 * (mem_address). */
	unsigned n = 3;
	if (ac->size > 1) {
		w[n++].w = rv_load(RV_LBU, RV_ZERO, RV_T0,
				   imm + (int32_t)ac->size - 1);
		t[1] = (struct wasm_jit_trap_site){
			.pc = pc + 4, .func = j->func,
			.kind = WASM_TRAP_MEMORY_OOB};
	}
	w[n++].w = rv_store(ac->f3, RV_T0, rv, imm);
	j->emit_cur = c + 4 * n;
	jm->ntraps += n - 3;
	jit_pop(j, 2);
	return true;
}

/*
 * Loads, stores and memory.size, which know the register cache; false
 * when in is not one.
 */
bool jit_mem_access(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	if (in->prefix)
		return false;
	if (op >= WASM_OP_I32_LOAD && op <= WASM_OP_I64_LOAD32_U) {
		load(j, &accesses[op - WASM_OP_I32_LOAD], in->b,
		     op == WASM_OP_F32_LOAD || op == WASM_OP_F64_LOAD);
	} else if (op >= WASM_OP_I32_STORE && op <= WASM_OP_I64_STORE32) {
		store(j, &accesses[op - WASM_OP_I32_LOAD], in->b,
		      op == WASM_OP_F32_STORE || op == WASM_OP_F64_STORE);
	} else if (op == WASM_OP_MEMORY_SIZE) {
		int k = jit_alloc(j);
		int rd = jit_reg(k), sz = JIT_MSZ;
		if (!jit_msz(j)) {
			/* With guard pages s4 holds a local: the size is
			 * the memory's. */
			jit_ld(j, RV_LD, rd, JIT_CTX, jit_ctx_memory(j, 0));
			jit_emit(j,
				 rv_load(RV_LD, rd, rd,
					 (int32_t)offsetof(
						 struct wasm_rt_memory, size)));
			sz = rd;
		}
		jit_emit(j, rv_srli(rd, sz, 16));
		jit_push_reg(j, k, true);
	} else {
		return false;
	}
	return true;
}

/* Bulk memory and segments: operands from entry `first` from the top. */
static void helper(struct jit *j, int h, uint32_t first, uint32_t pop,
		   uint64_t imm)
{
	jit_call_helper(j, h, jit_top(j, first), imm);
	j->height -= pop;
}

/*
 * Bulk memory and memory.grow (the cache flushed); false when in is not
 * one.
 */
bool jit_mem(struct jit *j, const struct wasm_instr *in)
{
	unsigned op = in->op;
	if (in->prefix == WASM_PREFIX_FC) {
		switch (op) {
		case WASM_OP_FC_MEMORY_INIT:
			helper(j, WASM_JIT_H_MEMORY_INIT, 2, 3, in->a);
			return true;
		case WASM_OP_FC_DATA_DROP:
			jit_call_helper(j, WASM_JIT_H_DATA_DROP, 0, in->a);
			return true;
		case WASM_OP_FC_MEMORY_COPY:
			helper(j, WASM_JIT_H_MEMORY_COPY, 2, 3, 0);
			return true;
		case WASM_OP_FC_MEMORY_FILL:
			helper(j, WASM_JIT_H_MEMORY_FILL, 2, 3, 0);
			return true;
		}
		return false;
	}
	if (in->prefix)
		return false;
	if (op == WASM_OP_MEMORY_GROW) {
		helper(j, WASM_JIT_H_MEMORY_GROW, 0, 0, 0);
	} else {
		return false;
	}
	return true;
}

/*
 * Table instructions (all through helpers); false when in is not one.
 */
bool jit_table(struct jit *j, const struct wasm_instr *in)
{
	if (!in->prefix && in->op == WASM_OP_TABLE_GET) {
		helper(j, WASM_JIT_H_TABLE_GET, 0, 0, in->a);
		return true;
	}
	if (!in->prefix && in->op == WASM_OP_TABLE_SET) {
		helper(j, WASM_JIT_H_TABLE_SET, 1, 2, in->a);
		return true;
	}
	if (in->prefix != WASM_PREFIX_FC)
		return false;
	switch (in->op) {
	case WASM_OP_FC_TABLE_SIZE:
		j->height++;
		helper(j, WASM_JIT_H_TABLE_SIZE, 0, 0, in->a);
		return true;
	case WASM_OP_FC_TABLE_GROW:
		helper(j, WASM_JIT_H_TABLE_GROW, 1, 1, in->a);
		return true;
	case WASM_OP_FC_TABLE_FILL:
		helper(j, WASM_JIT_H_TABLE_FILL, 2, 3, in->a);
		return true;
	case WASM_OP_FC_TABLE_COPY:
		helper(j, WASM_JIT_H_TABLE_COPY, 2, 3,
		       in->a | (uint64_t)in->b << 32);
		return true;
	case WASM_OP_FC_TABLE_INIT:
		helper(j, WASM_JIT_H_TABLE_INIT, 2, 3,
		       in->b | (uint64_t)in->a << 32);
		return true;
	case WASM_OP_FC_ELEM_DROP:
		jit_call_helper(j, WASM_JIT_H_ELEM_DROP, 0, in->a);
		return true;
	}
	return false;
}
