/*
 * wasm/interp/exec_super.c - the super-instructions of the translator's
 * first set: operations with an immediate (exec.c's handler table refers
 * to them) and compare-and-branch over i32 and i64 (their own table,
 * wasm_interp_cmp).  Built like exec.c (no frame records in the kernel,
 * see docs/wasm-engine.md).
 */
#include "wasm/interp/interp_ops.h"
#include "wasm/num.h"

/* This file's own (static) out-of-line poll of BACK_EDGE(2). */
JUMP_POLL_OP(2)

/* Operations with an immediate: [fn][a | d<<32][imm]. */
#define IMM_OP32(name, expr)                                                   \
	EXT_OP(name)                                                           \
	{                                                                      \
		uint32_t a = fp[ip[1].p.a].i32, b = (uint32_t)ip[2].u;         \
		fp[ip[1].p.b].i32 = (expr);                                    \
		NEXT(3);                                                       \
	}
IMM_OP32(wasm_op_add_imm, a + b)
IMM_OP32(wasm_op_sub_imm, a - b)
IMM_OP32(wasm_op_mul_imm, a *b)
IMM_OP32(wasm_op_and_imm, a &b)
IMM_OP32(wasm_op_or_imm, a | b)
IMM_OP32(wasm_op_xor_imm, a ^ b)
IMM_OP32(wasm_op_shl_imm, a << (b & 31))
IMM_OP32(wasm_op_shr_s_imm, (uint32_t)((int32_t)a >> (b & 31)))
IMM_OP32(wasm_op_shr_u_imm, a >> (b & 31))
IMM_OP32(wasm_op_rotl_imm, wasm_i32_rotl(a, b))
IMM_OP32(wasm_op_rotr_imm, wasm_i32_rotr(a, b))

#define IMM_OP64(name, expr)                                                   \
	EXT_OP(name)                                                           \
	{                                                                      \
		uint64_t a = fp[ip[1].p.a].i64, b = ip[2].u;                   \
		fp[ip[1].p.b].i64 = (expr);                                    \
		NEXT(3);                                                       \
	}
IMM_OP64(wasm_op_mul64_imm, a *b)
IMM_OP64(wasm_op_and64_imm, a &b)
IMM_OP64(wasm_op_or64_imm, a | b)
IMM_OP64(wasm_op_xor64_imm, a ^ b)
IMM_OP64(wasm_op_shl64_imm, a << (b & 63))
IMM_OP64(wasm_op_shr_s64_imm, (uint64_t)((int64_t)a >> (b & 63)))
IMM_OP64(wasm_op_shr_u64_imm, a >> (b & 63))

IMM_OP64(wasm_op_add64_imm, a + b)
IMM_OP64(wasm_op_sub64_imm, a - b)

/*
 * Compare-and-branch super-instructions over T (slot field f, signed type
 * S); imm widens the 32-bit immediate of the _ri forms (i64 immediates are
 * sign-extended).
 */
#define CMP_OPS(sfx, n, T, f, imm, cmp)                                        \
	OP(op_br_rr##sfx##_##n)                                                \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = fp[ip[1].p.b].f;                    \
		if (cmp)                                                       \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_br_ri##sfx##_##n)                                                \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = imm(ip[1].p.b);                     \
		if (cmp)                                                       \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_br_rr_fuel##sfx##_##n)                                           \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = fp[ip[1].p.b].f;                    \
		if (cmp)                                                       \
			BACK_EDGE(2);                                          \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_br_ri_fuel##sfx##_##n)                                           \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = imm(ip[1].p.b);                     \
		if (cmp)                                                       \
			BACK_EDGE(2);                                          \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_unless_rr##sfx##_##n)                                            \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = fp[ip[1].p.b].f;                    \
		if (!(cmp))                                                    \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_unless_ri##sfx##_##n)                                            \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = imm(ip[1].p.b);                     \
		if (!(cmp))                                                    \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_cmp_ri##sfx##_##n)                                               \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = (T)ip[2].u;                         \
		fp[ip[1].p.b].i32 = (cmp);                                     \
		NEXT(3);                                                       \
	}

#define CMP_ALL(sfx, T, S, f, imm)                                             \
	CMP_OPS(sfx, eqz, T, f, imm, a == 0 && (b | 1))                        \
	WASM_INTERP_INT_RELS(CMP_OPS, sfx, T, S, f, imm)

CMP_ALL(, uint32_t, int32_t, i32, (uint32_t))
CMP_ALL(64, uint64_t, int64_t, i64, WASM_INTERP_SEXT32)

#define CMP_ROW(n)                                                             \
	{                                                                      \
		op_br_rr_##n, op_br_ri_##n, op_unless_rr_##n,                  \
			op_unless_ri_##n, op_cmp_ri_##n, op_br_rr_fuel_##n,    \
			op_br_ri_fuel_##n                                      \
	}
#define CMP64_ROW(n)                                                           \
	{                                                                      \
		op_br_rr64_##n, op_br_ri64_##n, op_unless_rr64_##n,            \
			op_unless_ri64_##n, op_cmp_ri64_##n,                   \
			op_br_rr_fuel64_##n, op_br_ri_fuel64_##n               \
	}

const struct wasm_interp_cmp_ops wasm_interp_cmp[22] = {
	CMP_ROW(eqz),	 CMP_ROW(eq),	  CMP_ROW(ne),	   CMP_ROW(lt_s),
	CMP_ROW(lt_u),	 CMP_ROW(gt_s),	  CMP_ROW(gt_u),   CMP_ROW(le_s),
	CMP_ROW(le_u),	 CMP_ROW(ge_s),	  CMP_ROW(ge_u),   CMP64_ROW(eqz),
	CMP64_ROW(eq),	 CMP64_ROW(ne),	  CMP64_ROW(lt_s), CMP64_ROW(lt_u),
	CMP64_ROW(gt_s), CMP64_ROW(gt_u), CMP64_ROW(le_s), CMP64_ROW(le_u),
	CMP64_ROW(ge_s), CMP64_ROW(ge_u),
};
