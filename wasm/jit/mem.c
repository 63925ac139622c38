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

/* internal.h: by opcode - WASM_OP_I32_LOAD (0x28 .. 0x3e). */
const struct jit_access jit_accesses[] = {
	{RV_LW, 4},  {RV_LD, 8},  {RV_LWU, 4}, {RV_LD, 8},  {RV_LB, 1},
	{RV_LBU, 1}, {RV_LH, 2},  {RV_LHU, 2}, {RV_LB, 1},  {RV_LBU, 1},
	{RV_LH, 2},  {RV_LHU, 2}, {RV_LW, 4},  {RV_LWU, 4}, {RV_SW, 4},
	{RV_SD, 8},  {RV_SW, 4},  {RV_SD, 8},  {RV_SB, 1},  {RV_SH, 2},
	{RV_SB, 1},  {RV_SH, 2},  {RV_SW, 4},
};
_Static_assert(sizeof(jit_accesses) / sizeof(jit_accesses[0]) ==
		       WASM_OP_I64_STORE32 - WASM_OP_I32_LOAD + 1,
	       "an access per load and store");

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
static void load(struct jit *j, const struct jit_access *ac, uint32_t offset,
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
static void store(struct jit *j, const struct jit_access *ac, uint32_t offset,
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
		load(j, &jit_accesses[op - WASM_OP_I32_LOAD], in->b,
		     op == WASM_OP_F32_LOAD || op == WASM_OP_F64_LOAD);
	} else if (op >= WASM_OP_I32_STORE && op <= WASM_OP_I64_STORE32) {
		store(j, &jit_accesses[op - WASM_OP_I32_LOAD], in->b,
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
