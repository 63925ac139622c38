/*
 * wasm/interp/exec_fuse.c - the handlers of the translator's newer
 * super-instructions (translate_fuse.c): two copies, an i32 operation of
 * a shift or rotate, two i32.add, an add followed by a compare-and-branch,
 * and float compare-and-branch.  Each does exactly what its instructions did
 * one after the other; none of them traps.
 */
#include "wasm/interp/interp_ops.h"
#include "wasm/num.h"

/* This file's own (static) out-of-line polls of BACK_EDGE(2) and (4). */
JUMP_POLL_OP(2)
JUMP_POLL_OP(4)

/* [fn][src1 | dst1<<32][src2 | dst2<<32]: two copy64, in order. */
OP(op_copy2)
{
	fp[ip[1].p.b] = fp[ip[1].p.a];
	fp[ip[2].p.b] = fp[ip[2].p.a];
	NEXT(3);
}

/*
 * A binary i32 operation of a slot and a shift or rotate by an immediate:
 * [fn][x | y<<32][d][k], d = y op (x sh k).  op_add3 reads k as a third
 * slot: d = x + y + z.
 */
#define SHIFT_OP(name, expr)                                                   \
	OP(name)                                                               \
	{                                                                      \
		uint32_t x = fp[ip[1].p.a].i32, y = fp[ip[1].p.b].i32;         \
		uint32_t k = (uint32_t)ip[3].u;                                \
		fp[ip[2].u].i32 = (expr);                                      \
		NEXT(4);                                                       \
	}
SHIFT_OP(op_add_shl, y + (x << k))
SHIFT_OP(op_xor_shl, y ^ (x << k))
SHIFT_OP(op_xor_shr_u, y ^ (x >> k))
SHIFT_OP(op_xor_rotl, y ^ wasm_i32_rotl(x, k))
SHIFT_OP(op_or_shl, y | (x << k))
SHIFT_OP(op_or_shr_u, y | (x >> k))
SHIFT_OP(op_add3, x + y + fp[k].i32)

/* [fn][x | d<<32][k | imm<<32]: d = (x << k) + imm, i32.shl and i32.add
 * of immediates in one (an index scaled and offset). */
OP(op_shl_addi)
{
	fp[ip[1].p.b].i32 = (fp[ip[1].p.a].i32 << (ip[2].p.a & 31)) + ip[2].p.b;
	NEXT(3);
}

/* [fn][x | y<<32][d][k | imm<<32]: d = y + (x << k) + imm, op_add_shl and
 * an i32.add of an immediate in one. */
OP(op_add_shl_addi)
{
	fp[ip[2].u].i32 = fp[ip[1].p.b].i32 +
			  (fp[ip[1].p.a].i32 << (ip[3].p.a & 31)) + ip[3].p.b;
	NEXT(4);
}

/*
 * An add (i32 or i64, of a slot and an immediate or of two slots: a loop's
 * step) and then a compare-and-branch of the same width (of two slots or
 * a slot and an immediate, branching when true; _fuel: a back edge with
 * its fuel tick):
 * [fn][s | d<<32][x: immediate or slot][a | b<<32][rel], fp[d] = fp[s] +
 * x, then the branch by rel (relative to that cell) if a cmp b.
 */
#define STEP_BR(name, T, f, x, bv, cmp, take)                                  \
	OP(name)                                                               \
	{                                                                      \
		fp[ip[1].p.b].f = (T)(fp[ip[1].p.a].f + (x));                  \
		T a = fp[ip[3].p.a].f, b = (bv);                               \
		if (cmp)                                                       \
			take(4);                                               \
		NEXT(5);                                                       \
	}

#define STEP_BR_ALL(sfx, n, T, f, imm, cmp)                                    \
	STEP_BR(op_stepi_br_rr##sfx##_##n, T, f, (T)ip[2].u, fp[ip[3].p.b].f,  \
		cmp, JUMP)                                                     \
	STEP_BR(op_stepi_br_ri##sfx##_##n, T, f, (T)ip[2].u, imm(ip[3].p.b),   \
		cmp, JUMP)                                                     \
	STEP_BR(op_stepr_br_rr##sfx##_##n, T, f, fp[ip[2].u].f,                \
		fp[ip[3].p.b].f, cmp, JUMP)                                    \
	STEP_BR(op_stepr_br_ri##sfx##_##n, T, f, fp[ip[2].u].f,                \
		imm(ip[3].p.b), cmp, JUMP)                                     \
	STEP_BR(op_stepi_br_rr_fuel##sfx##_##n, T, f, (T)ip[2].u,              \
		fp[ip[3].p.b].f, cmp, BACK_EDGE)                               \
	STEP_BR(op_stepi_br_ri_fuel##sfx##_##n, T, f, (T)ip[2].u,              \
		imm(ip[3].p.b), cmp, BACK_EDGE)                                \
	STEP_BR(op_stepr_br_rr_fuel##sfx##_##n, T, f, fp[ip[2].u].f,           \
		fp[ip[3].p.b].f, cmp, BACK_EDGE)                               \
	STEP_BR(op_stepr_br_ri_fuel##sfx##_##n, T, f, fp[ip[2].u].f,           \
		imm(ip[3].p.b), cmp, BACK_EDGE)

WASM_INTERP_INT_RELS(STEP_BR_ALL, , uint32_t, int32_t, i32, (uint32_t))
WASM_INTERP_INT_RELS(STEP_BR_ALL, 64, uint64_t, int64_t, i64,
		     WASM_INTERP_SEXT32)

/*
 * A float compare and a branch on it: [fn][a | b<<32][rel], branching by
 * rel (relative to that cell) when the compare is true (br; _fuel: a back
 * edge with its tick) or false (unless), as wasm/num.h compares: a NaN
 * makes every compare but ne false.
 */
#define FCMP_BR(t, n)                                                          \
	OP(op_fbr_##t##_##n)                                                   \
	{                                                                      \
		if (wasm_##t##_##n(fp[ip[1].p.a].t, fp[ip[1].p.b].t))          \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_fbr_fuel_##t##_##n)                                              \
	{                                                                      \
		if (wasm_##t##_##n(fp[ip[1].p.a].t, fp[ip[1].p.b].t))          \
			BACK_EDGE(2);                                          \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_funless_##t##_##n)                                               \
	{                                                                      \
		if (!wasm_##t##_##n(fp[ip[1].p.a].t, fp[ip[1].p.b].t))         \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}
#define FCMP_BR_ALL(t)                                                         \
	FCMP_BR(t, eq)                                                         \
	FCMP_BR(t, ne)                                                         \
	FCMP_BR(t, lt) FCMP_BR(t, gt) FCMP_BR(t, le) FCMP_BR(t, ge)
FCMP_BR_ALL(f32)
FCMP_BR_ALL(f64)
#define FCMP_ROW(t, n)                                                         \
	{                                                                      \
		op_funless_##t##_##n, op_fbr_##t##_##n, op_fbr_fuel_##t##_##n  \
	}
#define FCMP_ROWS(t)                                                           \
	FCMP_ROW(t, eq), FCMP_ROW(t, ne), FCMP_ROW(t, lt), FCMP_ROW(t, gt),    \
		FCMP_ROW(t, le), FCMP_ROW(t, ge)

#define STEP_ROW(sfx, n)                                                       \
	{                                                                      \
		{{op_stepi_br_rr##sfx##_##n, op_stepi_br_rr_fuel##sfx##_##n},  \
		 {op_stepi_br_ri##sfx##_##n, op_stepi_br_ri_fuel##sfx##_##n}}, \
		{                                                              \
			{op_stepr_br_rr##sfx##_##n,                            \
			 op_stepr_br_rr_fuel##sfx##_##n},                      \
			{                                                      \
				op_stepr_br_ri##sfx##_##n,                     \
					op_stepr_br_ri_fuel##sfx##_##n         \
			}                                                      \
		}                                                              \
	}
#define STEP_ROWS(sfx)                                                         \
	{{{0}}}, STEP_ROW(sfx, eq), STEP_ROW(sfx, ne), STEP_ROW(sfx, lt_s),    \
		STEP_ROW(sfx, lt_u), STEP_ROW(sfx, gt_s), STEP_ROW(sfx, gt_u), \
		STEP_ROW(sfx, le_s), STEP_ROW(sfx, le_u), STEP_ROW(sfx, ge_s), \
		STEP_ROW(sfx, ge_u)

const struct wasm_interp_fuse_ops wasm_interp_fuse = {
	.copy2 = op_copy2,
	.add_shl = op_add_shl,
	.xor_shl = op_xor_shl,
	.xor_shr_u = op_xor_shr_u,
	.xor_rotl = op_xor_rotl,
	.or_shl = op_or_shl,
	.or_shr_u = op_or_shr_u,
	.add3 = op_add3,
	.shl_addi = op_shl_addi,
	.add_shl_addi = op_add_shl_addi,
	.step_br = {STEP_ROWS(), STEP_ROWS(64)},
	.fcmp_br = {FCMP_ROWS(f32), FCMP_ROWS(f64)},
};
