/*
 * wasm/jit/simd.c - v128 values in the compiler (simd.h): their places in
 * the frame, parameters and locals, the marks that tell drop and select a
 * v128 from a scalar, locals, globals, v128.const, and the dispatch of
 * 0xFD instructions to the groups.  An instruction no group compiles
 * declines the function with its name ("v128 is not compiled (op)").
 */
#include "wasm/jit/simd.h"
#include "wasm/runtime/internal.h"

static uint8_t local_type(const struct jit *j, uint32_t k)
{
	return k < j->nparams ? j->ltypes_params[k]
			      : j->ltypes_locals[k - j->nparams];
}

/* Offset from sp of v128 local k. */
static int64_t vlocal(const struct jit *j, uint32_t k)
{
	return jit_slot(j, j->vloc[k]);
}

/*
 * The v128 locals' 16 bytes each after the operand stack (max_stack
 * slots), then the scratch v128; returns the slots they take.  Declines
 * on allocation failure (j->err).
 */
uint32_t jit_simd_setup(struct jit *j, uint32_t max_stack)
{
	if (!wasm_grow_array(j->a, &j->vloc, &j->vloc_cap, sizeof(*j->vloc),
			     j->nlocals + 1, 16)) {
		jit_nomem(j);
		return 0;
	}
	uint32_t next = j->nlocals + max_stack;
	for (uint32_t k = 0; k < j->nlocals; k++) {
		if (local_type(j, k) != WASM_V128)
			continue;
		j->vloc[k] = next;
		next += 2;
	}
	j->vtmp = next;
	return next + 2 - (j->nlocals + max_stack);
}

void jit_vcopy(struct jit *j, int64_t dst, int64_t src)
{
	jit_ld(j, RV_LD, RV_T2, RV_SP, src);
	jit_ld(j, RV_LD, RV_T3, RV_SP, src + 8);
	jit_st(j, RV_SD, RV_T2, RV_SP, dst);
	jit_st(j, RV_SD, RV_T3, RV_SP, dst + 8);
}

void jit_simd_push_t0(struct jit *j, bool w32)
{
	int k = jit_alloc(j);
	jit_emit(j, rv_addi(jit_reg(k), RV_T0, 0));
	jit_push_reg(j, k, w32);
}

/* v128 parameter i: its two slots at a1 + off to its place. */
void jit_simd_param(struct jit *j, uint32_t i, int64_t off)
{
	jit_ld(j, RV_LD, RV_T0, RV_A1, off);
	jit_ld(j, RV_LD, RV_T1, RV_A1, off + 8);
	jit_st(j, RV_SD, RV_T0, RV_SP, vlocal(j, i));
	jit_st(j, RV_SD, RV_T1, RV_SP, vlocal(j, i) + 8);
}

/* The declared v128 locals start at zero: their places follow the v128
 * parameters', up to the scratch v128 (a loop when there are many). */
void jit_simd_zero_locals(struct jit *j)
{
	uint32_t first = j->vtmp;
	for (uint32_t k = j->nlocals; k-- > j->nparams;)
		if (local_type(j, k) == WASM_V128)
			first = j->vloc[k];
	if (j->vtmp - first <= 16) {
		for (uint32_t s = first; s < j->vtmp; s++)
			jit_st(j, RV_SD, RV_ZERO, RV_SP, jit_slot(j, s));
		return;
	}
	jit_addi(j, RV_T0, RV_SP, jit_slot(j, first));
	jit_addi(j, RV_T1, RV_SP, jit_slot(j, j->vtmp));
	jit_emit(j, rv_store(RV_SD, RV_T0, RV_ZERO, 0));
	jit_emit(j, rv_addi(RV_T0, RV_T0, 8));
	jit_emit(j, rv_b(RV_BLTU, RV_T0, RV_T1, -8));
}

/*
 * The n values of types t from operand-stack slot base on are in memory
 * (after a join or a call): each v128's upper slot is marked, every
 * other slot is plain memory (a slot that held a v128's upper half
 * before may hold a scalar now).
 */
void jit_simd_mark(struct jit *j, uint32_t base, const uint8_t *t, uint32_t n)
{
	uint32_t p = base;
	for (uint32_t i = 0; i < n && p < j->height; i++, p++) {
		bool v = t[i] == WASM_V128;
		if (j->vals[p].kind == JV_V128)
			j->vals[p].kind = JV_MEM;
		if (v && p + 1 < j->height)
			j->vals[++p].kind = JV_V128;
	}
}

/* Whether the top entry is a v128's upper slot. */
static bool top_is_v128(const struct jit *j, uint32_t i)
{
	return j->height > i && j->vals[j->height - 1 - i].kind == JV_V128;
}

/* select of two v128s: the first unless the condition is 0. */
static void select_v128(struct jit *j)
{
	jit_flush(j);
	jit_ld(j, RV_LW, RV_T0, RV_SP, jit_top(j, 0));
	jit_pop(j, 1);
	uint32_t keep = jit_b_fwd(j, RV_BNE, RV_T0, RV_ZERO);
	jit_vcopy(j, jit_vtop(j, 2), jit_vtop(j, 0));
	jit_land(j, keep);
	jit_pop(j, 2);
}

/* Locals, globals, drop and select of a v128; false for any other. */
bool jit_simd_var(struct jit *j, const struct wasm_instr *in)
{
	switch (in->op) {
	case WASM_OP_LOCAL_GET:
		if (local_type(j, in->a) != WASM_V128)
			return false;
		jit_vpush(j);
		jit_vcopy(j, jit_vtop(j, 0), vlocal(j, in->a));
		return true;
	case WASM_OP_LOCAL_SET:
	case WASM_OP_LOCAL_TEE:
		if (local_type(j, in->a) != WASM_V128)
			return false;
		jit_vcopy(j, vlocal(j, in->a), jit_vtop(j, 0));
		if (in->op == WASM_OP_LOCAL_SET)
			jit_pop(j, 2);
		return true;
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_GLOBAL_SET:
		if (j->m->globals[in->a].type.type != WASM_V128)
			return false;
		if (in->op == WASM_OP_GLOBAL_GET)
			jit_vpush(j);
		jit_ld(j, RV_LD, RV_T0, JIT_CTX, jit_ctx_global(j, in->a));
		for (int h = 0; h < 2; h++) {
			int64_t s = jit_vtop(j, 0) + 8 * h;
			if (in->op == WASM_OP_GLOBAL_GET) {
				jit_emit(j,
					 rv_load(RV_LD, RV_T1, RV_T0, 8 * h));
				jit_st(j, RV_SD, RV_T1, RV_SP, s);
			} else {
				jit_ld(j, RV_LD, RV_T1, RV_SP, s);
				jit_emit(j,
					 rv_store(RV_SD, RV_T0, RV_T1, 8 * h));
			}
		}
		if (in->op == WASM_OP_GLOBAL_SET)
			jit_pop(j, 2);
		return true;
	case WASM_OP_DROP:
		if (!top_is_v128(j, 0))
			return false;
		jit_pop(j, 2);
		return true;
	case WASM_OP_SELECT:
	case WASM_OP_SELECT_T:
		if (!top_is_v128(j, 1))
			return false;
		select_v128(j);
		return true;
	}
	return false;
}

/* v128.const: its 16 bytes, 8 at a time. */
static void v128_const(struct jit *j, const uint8_t *c)
{
	jit_vpush(j);
	for (int h = 0; h < 2; h++) {
		uint64_t v;
		__builtin_memcpy(&v, c + 8 * h, 8);
		int r = RV_ZERO;
		if (v) {
			jit_li(j, RV_T0, (int64_t)v);
			r = RV_T0;
		}
		jit_st(j, RV_SD, r, RV_SP, jit_vtop(j, 0) + 8 * h);
	}
}

/*
 * A 0xFD instruction, with the cache flushed; one no group compiles yet
 * declines the function (the reason names it).  Always true: the
 * instruction is dealt with either way.
 */
bool jit_simd(struct jit *j, const struct wasm_instr *in)
{
	jit_flush(j);
	if (in->op == WASM_OP_FD_V128_CONST) {
		v128_const(j, in->vec);
		return true;
	}
	if (jit_simd_mem(j, in) || jit_simd_int(j, in) ||
	    jit_simd_lane(j, in) || jit_simd_float(j, in) ||
	    jit_simd_widen(j, in))
		return true;
	jit_decline(j, "v128 is not compiled", in);
	return true;
}
