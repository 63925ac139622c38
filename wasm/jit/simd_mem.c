/*
 * wasm/jit/simd_mem.c - the v128 loads and stores (simd.h), with the
 * bounds discipline of the scalar ones (jit_mem_address): the whole
 * access checked in explicit mode, every access a trap site with guard
 * pages, a store's last byte probed before any byte is written.  Lane
 * indices are validated immediates, masked anyway.
 */
#include "wasm/jit/simd.h"

/* Records the next instruction as a memory access that may fault. */
static void site(struct jit *j)
{
	if (j->jm->opts.bounds == WASM_JIT_BOUNDS_RESERVED)
		jit_trap_site(j, jit_pc(j), WASM_TRAP_MEMORY_OOB);
}

/* t1 = the lane of w bytes at t0 + imm (f3 its load). */
static void mem_ld(struct jit *j, int f3, int rd, int32_t imm)
{
	site(j);
	jit_emit(j, rv_load(f3, rd, RV_T0, imm));
}

/* v128.load: 16 bytes. */
static void load128(struct jit *j, uint32_t offset)
{
	int32_t imm = jit_mem_address(j, 0, offset, 16, false);
	mem_ld(j, RV_LD, RV_T1, imm);
	mem_ld(j, RV_LD, RV_T2, imm + 8);
	jit_pop(j, 1);
	jit_vpush(j);
	jit_st(j, RV_SD, RV_T1, RV_SP, jit_vtop(j, 0));
	jit_st(j, RV_SD, RV_T2, RV_SP, jit_vtop(j, 0) + 8);
}

/* v128.loadNxM_s/u: 8 bytes, M lanes of N bits widened to 2N. */
static void load_extend(struct jit *j, uint32_t offset, unsigned w, bool s)
{
	int32_t imm = jit_mem_address(j, 0, offset, 8, false);
	jit_pop(j, 1);
	jit_vpush(j);
	for (unsigned k = 0; k < 8 / w; k++) {
		mem_ld(j, jit_lane_ld(w, s), RV_T1, imm + (int32_t)(w * k));
		jit_st(j, jit_lane_st(2 * w), RV_T1, RV_SP,
		       jit_vtop(j, 0) + 2 * w * k);
	}
}

/* v128.loadN_splat, v128.load32_zero / load64_zero (zero: the rest 0). */
static void load_one(struct jit *j, uint32_t offset, unsigned w, bool zero)
{
	int32_t imm = jit_mem_address(j, 0, offset, w, false);
	mem_ld(j, jit_lane_ld(w, false), RV_T1, imm);
	jit_pop(j, 1);
	jit_vpush(j);
	for (unsigned k = 0; k < 16 / w; k++)
		jit_st(j, jit_lane_st(w), zero && k ? RV_ZERO : RV_T1, RV_SP,
		       jit_vtop(j, 0) + w * k);
}

/* v128.loadN_lane: [address, v] -> v with lane replaced; v moves down a
 * slot, to where the address was. */
static void load_lane(struct jit *j, uint32_t offset, unsigned w, unsigned lane)
{
	lane &= 16 / w - 1;
	int32_t imm = jit_mem_address(j, 2, offset, w, false);
	mem_ld(j, jit_lane_ld(w, false), RV_T1, imm);
	jit_ld(j, RV_LD, RV_T2, RV_SP, jit_vtop(j, 0));
	jit_ld(j, RV_LD, RV_T3, RV_SP, jit_vtop(j, 0) + 8);
	jit_pop(j, 1);
	j->vals[j->height - 1].kind = JV_V128;
	jit_st(j, RV_SD, RV_T2, RV_SP, jit_vtop(j, 0));
	jit_st(j, RV_SD, RV_T3, RV_SP, jit_vtop(j, 0) + 8);
	jit_st(j, jit_lane_st(w), RV_T1, RV_SP, jit_vtop(j, 0) + w * lane);
}

/* v128.store (w 16) and v128.storeN_lane: [address, v] -> nothing. */
static void store(struct jit *j, uint32_t offset, unsigned w, unsigned lane)
{
	int32_t imm = jit_mem_address(j, 2, offset, w, true);
	if (w == 16) {
		jit_ld(j, RV_LD, RV_T1, RV_SP, jit_vtop(j, 0));
		jit_ld(j, RV_LD, RV_T2, RV_SP, jit_vtop(j, 0) + 8);
		site(j);
		jit_emit(j, rv_store(RV_SD, RV_T0, RV_T1, imm));
		site(j);
		jit_emit(j, rv_store(RV_SD, RV_T0, RV_T2, imm + 8));
	} else {
		lane &= 16 / w - 1;
		jit_ld(j, jit_lane_ld(w, false), RV_T1, RV_SP,
		       jit_vtop(j, 0) + w * lane);
		site(j);
		jit_emit(j, rv_store(jit_lane_st(w), RV_T0, RV_T1, imm));
	}
	jit_pop(j, 3);
}

/* The loads and stores of v128 (0xFD 0-11, 84-93); false for others. */
bool jit_simd_mem(struct jit *j, const struct wasm_instr *in)
{
	uint32_t off = in->b;
	unsigned op = in->op, lane = (unsigned)in->c;
	switch (op) {
	case WASM_OP_FD_V128_LOAD:
		load128(j, off);
		return true;
	case WASM_OP_FD_V128_LOAD8X8_S:
	case WASM_OP_FD_V128_LOAD8X8_U:
	case WASM_OP_FD_V128_LOAD16X4_S:
	case WASM_OP_FD_V128_LOAD16X4_U:
	case WASM_OP_FD_V128_LOAD32X2_S:
	case WASM_OP_FD_V128_LOAD32X2_U:
		load_extend(j, off, 1u << (op - 1) / 2, op % 2);
		return true;
	case WASM_OP_FD_V128_LOAD8_SPLAT:
	case WASM_OP_FD_V128_LOAD16_SPLAT:
	case WASM_OP_FD_V128_LOAD32_SPLAT:
	case WASM_OP_FD_V128_LOAD64_SPLAT:
		load_one(j, off, 1u << (op - WASM_OP_FD_V128_LOAD8_SPLAT),
			 false);
		return true;
	case WASM_OP_FD_V128_LOAD32_ZERO:
	case WASM_OP_FD_V128_LOAD64_ZERO:
		load_one(j, off, op == WASM_OP_FD_V128_LOAD32_ZERO ? 4 : 8,
			 true);
		return true;
	case WASM_OP_FD_V128_STORE:
		store(j, off, 16, 0);
		return true;
	case WASM_OP_FD_V128_LOAD8_LANE:
	case WASM_OP_FD_V128_LOAD16_LANE:
	case WASM_OP_FD_V128_LOAD32_LANE:
	case WASM_OP_FD_V128_LOAD64_LANE:
		load_lane(j, off, 1u << (op - WASM_OP_FD_V128_LOAD8_LANE),
			  lane);
		return true;
	case WASM_OP_FD_V128_STORE8_LANE:
	case WASM_OP_FD_V128_STORE16_LANE:
	case WASM_OP_FD_V128_STORE32_LANE:
	case WASM_OP_FD_V128_STORE64_LANE:
		store(j, off, 1u << (op - WASM_OP_FD_V128_STORE8_LANE), lane);
		return true;
	}
	return false;
}
