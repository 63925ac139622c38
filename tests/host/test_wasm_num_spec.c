/*
 * tests/host/test_wasm_num_spec.c - checks wasm/num.h and wasm/simd.h
 * against the assertions of the WebAssembly spec suite.
 *
 * Usage: test_wasm_num_spec DIR   (DIR holds the core-2.0 .wast files)
 *
 * Reads every .wast file in DIR.  For each module it finds the exported
 * functions whose body is a single numeric instruction applied to its
 * parameters and constants, e.g.
 *   (func (export "add") (param $x f32) (param $y f32) (result f32)
 *     (f32.add (local.get $x) (local.get $y)))
 * and evaluates every (assert_return (invoke ...)) and (assert_trap
 * (invoke ...)) on such an export directly with the wasm/num.h or
 * wasm/simd.h function of that instruction, honouring nan:canonical and
 * nan:arithmetic result patterns and the trap message.  Everything else in
 * the scripts is ignored (the full spec runner covers it).
 *
 * Prints per-file counts, then "N passed, N failed"; a missing DIR prints
 * "skipped: ..." and "0 passed, 0 failed".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/simd.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum vtype { T_NONE, T_I32, T_I64, T_F32, T_F64, T_V128 };

struct val {
	enum vtype type;
	uint32_t i32; /* i32 and f32 bits */
	uint64_t i64; /* i64 and f64 bits */
	union wasm_v128 v;
};

/* What a result may be: exact bits, or per float lane a NaN class. */
enum nan_kind { NAN_EXACT, NAN_CANONICAL, NAN_ARITHMETIC };

struct expect {
	struct val val;
	int lanes; /* float lanes in a v128 pattern (0 = compare bits) */
	enum nan_kind kind[4];
};

/* ---- the operations ------------------------------------------------------ */

#define AI(k) (a[k].i32)
#define AL(k) (a[k].i64)
#define AF(k) wasm_f32_from_bits(a[k].i32)
#define AD(k) wasm_f64_from_bits(a[k].i64)
#define AV(k) (a[k].v)
#define IMM(k) ((unsigned)imm[k])
#define RI(x) (r->type = T_I32, r->i32 = (uint32_t)(x))
#define RL(x) (r->type = T_I64, r->i64 = (uint64_t)(x))
#define RF(x) (r->type = T_F32, r->i32 = wasm_f32_bits(x))
#define RD(x) (r->type = T_F64, r->i64 = wasm_f64_bits(x))
#define RV(x) (r->type = T_V128, r->v = (x))

#define TRAP_OP(type, fn, x, y, res)                                          \
	do {                                                                  \
		type out_ = 0;                                                \
		enum wasm_num_trap trap_ = fn(x, y, &out_);                   \
		if (trap_ != WASM_NUM_OK)                                     \
			return trap_;                                         \
		res(out_);                                                    \
	} while (0)

#define TRUNC_OP(type, fn, x, why, res)                                       \
	do {                                                                  \
		type out_ = 0;                                                \
		if (!fn(x, &out_))                                            \
			return why(x);                                        \
		res(out_);                                                    \
	} while (0)

struct lanes16 {
	uint8_t b[16];
};

static struct lanes16 lanes16(const int64_t *imm)
{
	struct lanes16 l;
	for (int i = 0; i < 16; i++)
		l.b[i] = (uint8_t)imm[i];
	return l;
}

/* X(identifier, instruction, operand types, immediates, evaluation);
 * operand types: i = i32, I = i64, f = f32, F = f64, v = v128. */
#define OPS(X) \
	X(i32_clz, "i32.clz", "i", 0, RI(wasm_i32_clz(AI(0))))\
	X(i32_ctz, "i32.ctz", "i", 0, RI(wasm_i32_ctz(AI(0))))\
	X(i32_popcnt, "i32.popcnt", "i", 0, RI(wasm_i32_popcnt(AI(0))))\
	X(i32_extend8_s, "i32.extend8_s", "i", 0, RI(wasm_i32_extend8_s(AI(0))))\
	X(i32_extend16_s, "i32.extend16_s", "i", 0, RI(wasm_i32_extend16_s(AI(0))))\
	X(i32_eqz, "i32.eqz", "i", 0, RI(wasm_i32_eqz(AI(0))))\
	X(i32_add, "i32.add", "ii", 0, RI(wasm_i32_add(AI(0), AI(1))))\
	X(i32_sub, "i32.sub", "ii", 0, RI(wasm_i32_sub(AI(0), AI(1))))\
	X(i32_mul, "i32.mul", "ii", 0, RI(wasm_i32_mul(AI(0), AI(1))))\
	X(i32_and, "i32.and", "ii", 0, RI(wasm_i32_and(AI(0), AI(1))))\
	X(i32_or, "i32.or", "ii", 0, RI(wasm_i32_or(AI(0), AI(1))))\
	X(i32_xor, "i32.xor", "ii", 0, RI(wasm_i32_xor(AI(0), AI(1))))\
	X(i32_shl, "i32.shl", "ii", 0, RI(wasm_i32_shl(AI(0), AI(1))))\
	X(i32_shr_s, "i32.shr_s", "ii", 0, RI(wasm_i32_shr_s(AI(0), AI(1))))\
	X(i32_shr_u, "i32.shr_u", "ii", 0, RI(wasm_i32_shr_u(AI(0), AI(1))))\
	X(i32_rotl, "i32.rotl", "ii", 0, RI(wasm_i32_rotl(AI(0), AI(1))))\
	X(i32_rotr, "i32.rotr", "ii", 0, RI(wasm_i32_rotr(AI(0), AI(1))))\
	X(i32_eq, "i32.eq", "ii", 0, RI(wasm_i32_eq(AI(0), AI(1))))\
	X(i32_ne, "i32.ne", "ii", 0, RI(wasm_i32_ne(AI(0), AI(1))))\
	X(i32_lt_s, "i32.lt_s", "ii", 0, RI(wasm_i32_lt_s(AI(0), AI(1))))\
	X(i32_lt_u, "i32.lt_u", "ii", 0, RI(wasm_i32_lt_u(AI(0), AI(1))))\
	X(i32_gt_s, "i32.gt_s", "ii", 0, RI(wasm_i32_gt_s(AI(0), AI(1))))\
	X(i32_gt_u, "i32.gt_u", "ii", 0, RI(wasm_i32_gt_u(AI(0), AI(1))))\
	X(i32_le_s, "i32.le_s", "ii", 0, RI(wasm_i32_le_s(AI(0), AI(1))))\
	X(i32_le_u, "i32.le_u", "ii", 0, RI(wasm_i32_le_u(AI(0), AI(1))))\
	X(i32_ge_s, "i32.ge_s", "ii", 0, RI(wasm_i32_ge_s(AI(0), AI(1))))\
	X(i32_ge_u, "i32.ge_u", "ii", 0, RI(wasm_i32_ge_u(AI(0), AI(1))))\
	X(i32_div_s, "i32.div_s", "ii", 0, TRAP_OP(int32_t, wasm_i32_div_s, AI(0), AI(1), RI))\
	X(i32_div_u, "i32.div_u", "ii", 0, TRAP_OP(uint32_t, wasm_i32_div_u, AI(0), AI(1), RI))\
	X(i32_rem_s, "i32.rem_s", "ii", 0, TRAP_OP(int32_t, wasm_i32_rem_s, AI(0), AI(1), RI))\
	X(i32_rem_u, "i32.rem_u", "ii", 0, TRAP_OP(uint32_t, wasm_i32_rem_u, AI(0), AI(1), RI))\
	X(i64_clz, "i64.clz", "I", 0, RL(wasm_i64_clz(AL(0))))\
	X(i64_ctz, "i64.ctz", "I", 0, RL(wasm_i64_ctz(AL(0))))\
	X(i64_popcnt, "i64.popcnt", "I", 0, RL(wasm_i64_popcnt(AL(0))))\
	X(i64_extend8_s, "i64.extend8_s", "I", 0, RL(wasm_i64_extend8_s(AL(0))))\
	X(i64_extend16_s, "i64.extend16_s", "I", 0, RL(wasm_i64_extend16_s(AL(0))))\
	X(i64_extend32_s, "i64.extend32_s", "I", 0, RL(wasm_i64_extend32_s(AL(0))))\
	X(i64_eqz, "i64.eqz", "I", 0, RI(wasm_i64_eqz(AL(0))))\
	X(i64_add, "i64.add", "II", 0, RL(wasm_i64_add(AL(0), AL(1))))\
	X(i64_sub, "i64.sub", "II", 0, RL(wasm_i64_sub(AL(0), AL(1))))\
	X(i64_mul, "i64.mul", "II", 0, RL(wasm_i64_mul(AL(0), AL(1))))\
	X(i64_and, "i64.and", "II", 0, RL(wasm_i64_and(AL(0), AL(1))))\
	X(i64_or, "i64.or", "II", 0, RL(wasm_i64_or(AL(0), AL(1))))\
	X(i64_xor, "i64.xor", "II", 0, RL(wasm_i64_xor(AL(0), AL(1))))\
	X(i64_shl, "i64.shl", "II", 0, RL(wasm_i64_shl(AL(0), AL(1))))\
	X(i64_shr_s, "i64.shr_s", "II", 0, RL(wasm_i64_shr_s(AL(0), AL(1))))\
	X(i64_shr_u, "i64.shr_u", "II", 0, RL(wasm_i64_shr_u(AL(0), AL(1))))\
	X(i64_rotl, "i64.rotl", "II", 0, RL(wasm_i64_rotl(AL(0), AL(1))))\
	X(i64_rotr, "i64.rotr", "II", 0, RL(wasm_i64_rotr(AL(0), AL(1))))\
	X(i64_eq, "i64.eq", "II", 0, RI(wasm_i64_eq(AL(0), AL(1))))\
	X(i64_ne, "i64.ne", "II", 0, RI(wasm_i64_ne(AL(0), AL(1))))\
	X(i64_lt_s, "i64.lt_s", "II", 0, RI(wasm_i64_lt_s(AL(0), AL(1))))\
	X(i64_lt_u, "i64.lt_u", "II", 0, RI(wasm_i64_lt_u(AL(0), AL(1))))\
	X(i64_gt_s, "i64.gt_s", "II", 0, RI(wasm_i64_gt_s(AL(0), AL(1))))\
	X(i64_gt_u, "i64.gt_u", "II", 0, RI(wasm_i64_gt_u(AL(0), AL(1))))\
	X(i64_le_s, "i64.le_s", "II", 0, RI(wasm_i64_le_s(AL(0), AL(1))))\
	X(i64_le_u, "i64.le_u", "II", 0, RI(wasm_i64_le_u(AL(0), AL(1))))\
	X(i64_ge_s, "i64.ge_s", "II", 0, RI(wasm_i64_ge_s(AL(0), AL(1))))\
	X(i64_ge_u, "i64.ge_u", "II", 0, RI(wasm_i64_ge_u(AL(0), AL(1))))\
	X(i64_div_s, "i64.div_s", "II", 0, TRAP_OP(int64_t, wasm_i64_div_s, AL(0), AL(1), RL))\
	X(i64_div_u, "i64.div_u", "II", 0, TRAP_OP(uint64_t, wasm_i64_div_u, AL(0), AL(1), RL))\
	X(i64_rem_s, "i64.rem_s", "II", 0, TRAP_OP(int64_t, wasm_i64_rem_s, AL(0), AL(1), RL))\
	X(i64_rem_u, "i64.rem_u", "II", 0, TRAP_OP(uint64_t, wasm_i64_rem_u, AL(0), AL(1), RL))\
	X(f32_abs, "f32.abs", "f", 0, RF(wasm_f32_abs(AF(0))))\
	X(f32_neg, "f32.neg", "f", 0, RF(wasm_f32_neg(AF(0))))\
	X(f32_sqrt, "f32.sqrt", "f", 0, RF(wasm_f32_sqrt(AF(0))))\
	X(f32_ceil, "f32.ceil", "f", 0, RF(wasm_f32_ceil(AF(0))))\
	X(f32_floor, "f32.floor", "f", 0, RF(wasm_f32_floor(AF(0))))\
	X(f32_trunc, "f32.trunc", "f", 0, RF(wasm_f32_trunc(AF(0))))\
	X(f32_nearest, "f32.nearest", "f", 0, RF(wasm_f32_nearest(AF(0))))\
	X(f32_add, "f32.add", "ff", 0, RF(wasm_f32_add(AF(0), AF(1))))\
	X(f32_sub, "f32.sub", "ff", 0, RF(wasm_f32_sub(AF(0), AF(1))))\
	X(f32_mul, "f32.mul", "ff", 0, RF(wasm_f32_mul(AF(0), AF(1))))\
	X(f32_div, "f32.div", "ff", 0, RF(wasm_f32_div(AF(0), AF(1))))\
	X(f32_min, "f32.min", "ff", 0, RF(wasm_f32_min(AF(0), AF(1))))\
	X(f32_max, "f32.max", "ff", 0, RF(wasm_f32_max(AF(0), AF(1))))\
	X(f32_copysign, "f32.copysign", "ff", 0, RF(wasm_f32_copysign(AF(0), AF(1))))\
	X(f32_eq, "f32.eq", "ff", 0, RI(wasm_f32_eq(AF(0), AF(1))))\
	X(f32_ne, "f32.ne", "ff", 0, RI(wasm_f32_ne(AF(0), AF(1))))\
	X(f32_lt, "f32.lt", "ff", 0, RI(wasm_f32_lt(AF(0), AF(1))))\
	X(f32_gt, "f32.gt", "ff", 0, RI(wasm_f32_gt(AF(0), AF(1))))\
	X(f32_le, "f32.le", "ff", 0, RI(wasm_f32_le(AF(0), AF(1))))\
	X(f32_ge, "f32.ge", "ff", 0, RI(wasm_f32_ge(AF(0), AF(1))))\
	X(f64_abs, "f64.abs", "F", 0, RD(wasm_f64_abs(AD(0))))\
	X(f64_neg, "f64.neg", "F", 0, RD(wasm_f64_neg(AD(0))))\
	X(f64_sqrt, "f64.sqrt", "F", 0, RD(wasm_f64_sqrt(AD(0))))\
	X(f64_ceil, "f64.ceil", "F", 0, RD(wasm_f64_ceil(AD(0))))\
	X(f64_floor, "f64.floor", "F", 0, RD(wasm_f64_floor(AD(0))))\
	X(f64_trunc, "f64.trunc", "F", 0, RD(wasm_f64_trunc(AD(0))))\
	X(f64_nearest, "f64.nearest", "F", 0, RD(wasm_f64_nearest(AD(0))))\
	X(f64_add, "f64.add", "FF", 0, RD(wasm_f64_add(AD(0), AD(1))))\
	X(f64_sub, "f64.sub", "FF", 0, RD(wasm_f64_sub(AD(0), AD(1))))\
	X(f64_mul, "f64.mul", "FF", 0, RD(wasm_f64_mul(AD(0), AD(1))))\
	X(f64_div, "f64.div", "FF", 0, RD(wasm_f64_div(AD(0), AD(1))))\
	X(f64_min, "f64.min", "FF", 0, RD(wasm_f64_min(AD(0), AD(1))))\
	X(f64_max, "f64.max", "FF", 0, RD(wasm_f64_max(AD(0), AD(1))))\
	X(f64_copysign, "f64.copysign", "FF", 0, RD(wasm_f64_copysign(AD(0), AD(1))))\
	X(f64_eq, "f64.eq", "FF", 0, RI(wasm_f64_eq(AD(0), AD(1))))\
	X(f64_ne, "f64.ne", "FF", 0, RI(wasm_f64_ne(AD(0), AD(1))))\
	X(f64_lt, "f64.lt", "FF", 0, RI(wasm_f64_lt(AD(0), AD(1))))\
	X(f64_gt, "f64.gt", "FF", 0, RI(wasm_f64_gt(AD(0), AD(1))))\
	X(f64_le, "f64.le", "FF", 0, RI(wasm_f64_le(AD(0), AD(1))))\
	X(f64_ge, "f64.ge", "FF", 0, RI(wasm_f64_ge(AD(0), AD(1))))\
	X(i32_wrap_i64, "i32.wrap_i64", "I", 0, RI(wasm_i32_wrap_i64(AL(0))))\
	X(i64_extend_i32_s, "i64.extend_i32_s", "i", 0, RL(wasm_i64_extend_i32_s(AI(0))))\
	X(i64_extend_i32_u, "i64.extend_i32_u", "i", 0, RL(wasm_i64_extend_i32_u(AI(0))))\
	X(i32_trunc_f32_s, "i32.trunc_f32_s", "f", 0, TRUNC_OP(int32_t, wasm_i32_trunc_f32_s, AF(0), wasm_trunc_f32_trap, RI))\
	X(i32_trunc_sat_f32_s, "i32.trunc_sat_f32_s", "f", 0, RI(wasm_i32_trunc_sat_f32_s(AF(0))))\
	X(f32_convert_i32_s, "f32.convert_i32_s", "i", 0, RF(wasm_f32_convert_i32_s(AI(0))))\
	X(i32_trunc_f32_u, "i32.trunc_f32_u", "f", 0, TRUNC_OP(uint32_t, wasm_i32_trunc_f32_u, AF(0), wasm_trunc_f32_trap, RI))\
	X(i32_trunc_sat_f32_u, "i32.trunc_sat_f32_u", "f", 0, RI(wasm_i32_trunc_sat_f32_u(AF(0))))\
	X(f32_convert_i32_u, "f32.convert_i32_u", "i", 0, RF(wasm_f32_convert_i32_u(AI(0))))\
	X(i32_trunc_f64_s, "i32.trunc_f64_s", "F", 0, TRUNC_OP(int32_t, wasm_i32_trunc_f64_s, AD(0), wasm_trunc_f64_trap, RI))\
	X(i32_trunc_sat_f64_s, "i32.trunc_sat_f64_s", "F", 0, RI(wasm_i32_trunc_sat_f64_s(AD(0))))\
	X(f64_convert_i32_s, "f64.convert_i32_s", "i", 0, RD(wasm_f64_convert_i32_s(AI(0))))\
	X(i32_trunc_f64_u, "i32.trunc_f64_u", "F", 0, TRUNC_OP(uint32_t, wasm_i32_trunc_f64_u, AD(0), wasm_trunc_f64_trap, RI))\
	X(i32_trunc_sat_f64_u, "i32.trunc_sat_f64_u", "F", 0, RI(wasm_i32_trunc_sat_f64_u(AD(0))))\
	X(f64_convert_i32_u, "f64.convert_i32_u", "i", 0, RD(wasm_f64_convert_i32_u(AI(0))))\
	X(i64_trunc_f32_s, "i64.trunc_f32_s", "f", 0, TRUNC_OP(int64_t, wasm_i64_trunc_f32_s, AF(0), wasm_trunc_f32_trap, RL))\
	X(i64_trunc_sat_f32_s, "i64.trunc_sat_f32_s", "f", 0, RL(wasm_i64_trunc_sat_f32_s(AF(0))))\
	X(f32_convert_i64_s, "f32.convert_i64_s", "I", 0, RF(wasm_f32_convert_i64_s(AL(0))))\
	X(i64_trunc_f32_u, "i64.trunc_f32_u", "f", 0, TRUNC_OP(uint64_t, wasm_i64_trunc_f32_u, AF(0), wasm_trunc_f32_trap, RL))\
	X(i64_trunc_sat_f32_u, "i64.trunc_sat_f32_u", "f", 0, RL(wasm_i64_trunc_sat_f32_u(AF(0))))\
	X(f32_convert_i64_u, "f32.convert_i64_u", "I", 0, RF(wasm_f32_convert_i64_u(AL(0))))\
	X(i64_trunc_f64_s, "i64.trunc_f64_s", "F", 0, TRUNC_OP(int64_t, wasm_i64_trunc_f64_s, AD(0), wasm_trunc_f64_trap, RL))\
	X(i64_trunc_sat_f64_s, "i64.trunc_sat_f64_s", "F", 0, RL(wasm_i64_trunc_sat_f64_s(AD(0))))\
	X(f64_convert_i64_s, "f64.convert_i64_s", "I", 0, RD(wasm_f64_convert_i64_s(AL(0))))\
	X(i64_trunc_f64_u, "i64.trunc_f64_u", "F", 0, TRUNC_OP(uint64_t, wasm_i64_trunc_f64_u, AD(0), wasm_trunc_f64_trap, RL))\
	X(i64_trunc_sat_f64_u, "i64.trunc_sat_f64_u", "F", 0, RL(wasm_i64_trunc_sat_f64_u(AD(0))))\
	X(f64_convert_i64_u, "f64.convert_i64_u", "I", 0, RD(wasm_f64_convert_i64_u(AL(0))))\
	X(f32_demote_f64, "f32.demote_f64", "F", 0, RF(wasm_f32_demote_f64(AD(0))))\
	X(f64_promote_f32, "f64.promote_f32", "f", 0, RD(wasm_f64_promote_f32(AF(0))))\
	X(i32_reinterpret_f32, "i32.reinterpret_f32", "f", 0, RI(wasm_i32_reinterpret_f32(AF(0))))\
	X(i64_reinterpret_f64, "i64.reinterpret_f64", "F", 0, RL(wasm_i64_reinterpret_f64(AD(0))))\
	X(f32_reinterpret_i32, "f32.reinterpret_i32", "i", 0, RF(wasm_f32_reinterpret_i32(AI(0))))\
	X(f64_reinterpret_i64, "f64.reinterpret_i64", "I", 0, RD(wasm_f64_reinterpret_i64(AL(0))))\
	X(i8x16_splat, "i8x16.splat", "i", 0, RV(wasm_i8x16_splat(AI(0))))\
	X(i16x8_splat, "i16x8.splat", "i", 0, RV(wasm_i16x8_splat(AI(0))))\
	X(i32x4_splat, "i32x4.splat", "i", 0, RV(wasm_i32x4_splat(AI(0))))\
	X(i64x2_splat, "i64x2.splat", "I", 0, RV(wasm_i64x2_splat(AL(0))))\
	X(f32x4_splat, "f32x4.splat", "f", 0, RV(wasm_f32x4_splat(AF(0))))\
	X(f64x2_splat, "f64x2.splat", "F", 0, RV(wasm_f64x2_splat(AD(0))))\
	X(i8x16_extract_lane_s, "i8x16.extract_lane_s", "v", 1, RI(wasm_i8x16_extract_lane_s(AV(0), IMM(0))))\
	X(i8x16_extract_lane_u, "i8x16.extract_lane_u", "v", 1, RI(wasm_i8x16_extract_lane_u(AV(0), IMM(0))))\
	X(i8x16_replace_lane, "i8x16.replace_lane", "vi", 1, RV(wasm_i8x16_replace_lane(AV(0), IMM(0), AI(1))))\
	X(i16x8_extract_lane_s, "i16x8.extract_lane_s", "v", 1, RI(wasm_i16x8_extract_lane_s(AV(0), IMM(0))))\
	X(i16x8_extract_lane_u, "i16x8.extract_lane_u", "v", 1, RI(wasm_i16x8_extract_lane_u(AV(0), IMM(0))))\
	X(i16x8_replace_lane, "i16x8.replace_lane", "vi", 1, RV(wasm_i16x8_replace_lane(AV(0), IMM(0), AI(1))))\
	X(i32x4_extract_lane, "i32x4.extract_lane", "v", 1, RI(wasm_i32x4_extract_lane(AV(0), IMM(0))))\
	X(i32x4_replace_lane, "i32x4.replace_lane", "vi", 1, RV(wasm_i32x4_replace_lane(AV(0), IMM(0), AI(1))))\
	X(i64x2_extract_lane, "i64x2.extract_lane", "v", 1, RL(wasm_i64x2_extract_lane(AV(0), IMM(0))))\
	X(i64x2_replace_lane, "i64x2.replace_lane", "vI", 1, RV(wasm_i64x2_replace_lane(AV(0), IMM(0), AL(1))))\
	X(f32x4_extract_lane, "f32x4.extract_lane", "v", 1, RF(wasm_f32x4_extract_lane(AV(0), IMM(0))))\
	X(f32x4_replace_lane, "f32x4.replace_lane", "vf", 1, RV(wasm_f32x4_replace_lane(AV(0), IMM(0), AF(1))))\
	X(f64x2_extract_lane, "f64x2.extract_lane", "v", 1, RD(wasm_f64x2_extract_lane(AV(0), IMM(0))))\
	X(f64x2_replace_lane, "f64x2.replace_lane", "vF", 1, RV(wasm_f64x2_replace_lane(AV(0), IMM(0), AD(1))))\
	X(i8x16_shuffle, "i8x16.shuffle", "vv", 16, RV(wasm_i8x16_shuffle(AV(0), AV(1), lanes16(imm).b)))\
	X(i8x16_swizzle, "i8x16.swizzle", "vv", 0, RV(wasm_i8x16_swizzle(AV(0), AV(1))))\
	X(i8x16_eq, "i8x16.eq", "vv", 0, RV(wasm_i8x16_eq(AV(0), AV(1))))\
	X(i8x16_ne, "i8x16.ne", "vv", 0, RV(wasm_i8x16_ne(AV(0), AV(1))))\
	X(i8x16_lt_s, "i8x16.lt_s", "vv", 0, RV(wasm_i8x16_lt_s(AV(0), AV(1))))\
	X(i8x16_lt_u, "i8x16.lt_u", "vv", 0, RV(wasm_i8x16_lt_u(AV(0), AV(1))))\
	X(i8x16_gt_s, "i8x16.gt_s", "vv", 0, RV(wasm_i8x16_gt_s(AV(0), AV(1))))\
	X(i8x16_gt_u, "i8x16.gt_u", "vv", 0, RV(wasm_i8x16_gt_u(AV(0), AV(1))))\
	X(i8x16_le_s, "i8x16.le_s", "vv", 0, RV(wasm_i8x16_le_s(AV(0), AV(1))))\
	X(i8x16_le_u, "i8x16.le_u", "vv", 0, RV(wasm_i8x16_le_u(AV(0), AV(1))))\
	X(i8x16_ge_s, "i8x16.ge_s", "vv", 0, RV(wasm_i8x16_ge_s(AV(0), AV(1))))\
	X(i8x16_ge_u, "i8x16.ge_u", "vv", 0, RV(wasm_i8x16_ge_u(AV(0), AV(1))))\
	X(i16x8_eq, "i16x8.eq", "vv", 0, RV(wasm_i16x8_eq(AV(0), AV(1))))\
	X(i16x8_ne, "i16x8.ne", "vv", 0, RV(wasm_i16x8_ne(AV(0), AV(1))))\
	X(i16x8_lt_s, "i16x8.lt_s", "vv", 0, RV(wasm_i16x8_lt_s(AV(0), AV(1))))\
	X(i16x8_lt_u, "i16x8.lt_u", "vv", 0, RV(wasm_i16x8_lt_u(AV(0), AV(1))))\
	X(i16x8_gt_s, "i16x8.gt_s", "vv", 0, RV(wasm_i16x8_gt_s(AV(0), AV(1))))\
	X(i16x8_gt_u, "i16x8.gt_u", "vv", 0, RV(wasm_i16x8_gt_u(AV(0), AV(1))))\
	X(i16x8_le_s, "i16x8.le_s", "vv", 0, RV(wasm_i16x8_le_s(AV(0), AV(1))))\
	X(i16x8_le_u, "i16x8.le_u", "vv", 0, RV(wasm_i16x8_le_u(AV(0), AV(1))))\
	X(i16x8_ge_s, "i16x8.ge_s", "vv", 0, RV(wasm_i16x8_ge_s(AV(0), AV(1))))\
	X(i16x8_ge_u, "i16x8.ge_u", "vv", 0, RV(wasm_i16x8_ge_u(AV(0), AV(1))))\
	X(i32x4_eq, "i32x4.eq", "vv", 0, RV(wasm_i32x4_eq(AV(0), AV(1))))\
	X(i32x4_ne, "i32x4.ne", "vv", 0, RV(wasm_i32x4_ne(AV(0), AV(1))))\
	X(i32x4_lt_s, "i32x4.lt_s", "vv", 0, RV(wasm_i32x4_lt_s(AV(0), AV(1))))\
	X(i32x4_lt_u, "i32x4.lt_u", "vv", 0, RV(wasm_i32x4_lt_u(AV(0), AV(1))))\
	X(i32x4_gt_s, "i32x4.gt_s", "vv", 0, RV(wasm_i32x4_gt_s(AV(0), AV(1))))\
	X(i32x4_gt_u, "i32x4.gt_u", "vv", 0, RV(wasm_i32x4_gt_u(AV(0), AV(1))))\
	X(i32x4_le_s, "i32x4.le_s", "vv", 0, RV(wasm_i32x4_le_s(AV(0), AV(1))))\
	X(i32x4_le_u, "i32x4.le_u", "vv", 0, RV(wasm_i32x4_le_u(AV(0), AV(1))))\
	X(i32x4_ge_s, "i32x4.ge_s", "vv", 0, RV(wasm_i32x4_ge_s(AV(0), AV(1))))\
	X(i32x4_ge_u, "i32x4.ge_u", "vv", 0, RV(wasm_i32x4_ge_u(AV(0), AV(1))))\
	X(f32x4_eq, "f32x4.eq", "vv", 0, RV(wasm_f32x4_eq(AV(0), AV(1))))\
	X(f32x4_ne, "f32x4.ne", "vv", 0, RV(wasm_f32x4_ne(AV(0), AV(1))))\
	X(f32x4_lt, "f32x4.lt", "vv", 0, RV(wasm_f32x4_lt(AV(0), AV(1))))\
	X(f32x4_gt, "f32x4.gt", "vv", 0, RV(wasm_f32x4_gt(AV(0), AV(1))))\
	X(f32x4_le, "f32x4.le", "vv", 0, RV(wasm_f32x4_le(AV(0), AV(1))))\
	X(f32x4_ge, "f32x4.ge", "vv", 0, RV(wasm_f32x4_ge(AV(0), AV(1))))\
	X(f64x2_eq, "f64x2.eq", "vv", 0, RV(wasm_f64x2_eq(AV(0), AV(1))))\
	X(f64x2_ne, "f64x2.ne", "vv", 0, RV(wasm_f64x2_ne(AV(0), AV(1))))\
	X(f64x2_lt, "f64x2.lt", "vv", 0, RV(wasm_f64x2_lt(AV(0), AV(1))))\
	X(f64x2_gt, "f64x2.gt", "vv", 0, RV(wasm_f64x2_gt(AV(0), AV(1))))\
	X(f64x2_le, "f64x2.le", "vv", 0, RV(wasm_f64x2_le(AV(0), AV(1))))\
	X(f64x2_ge, "f64x2.ge", "vv", 0, RV(wasm_f64x2_ge(AV(0), AV(1))))\
	X(v128_not, "v128.not", "v", 0, RV(wasm_v128_not(AV(0))))\
	X(v128_and, "v128.and", "vv", 0, RV(wasm_v128_and(AV(0), AV(1))))\
	X(v128_andnot, "v128.andnot", "vv", 0, RV(wasm_v128_andnot(AV(0), AV(1))))\
	X(v128_or, "v128.or", "vv", 0, RV(wasm_v128_or(AV(0), AV(1))))\
	X(v128_xor, "v128.xor", "vv", 0, RV(wasm_v128_xor(AV(0), AV(1))))\
	X(v128_bitselect, "v128.bitselect", "vvv", 0, RV(wasm_v128_bitselect(AV(0), AV(1), AV(2))))\
	X(v128_any_true, "v128.any_true", "v", 0, RI(wasm_v128_any_true(AV(0))))\
	X(f32x4_demote_f64x2_zero, "f32x4.demote_f64x2_zero", "v", 0, RV(wasm_f32x4_demote_f64x2_zero(AV(0))))\
	X(f64x2_promote_low_f32x4, "f64x2.promote_low_f32x4", "v", 0, RV(wasm_f64x2_promote_low_f32x4(AV(0))))\
	X(i8x16_abs, "i8x16.abs", "v", 0, RV(wasm_i8x16_abs(AV(0))))\
	X(i8x16_neg, "i8x16.neg", "v", 0, RV(wasm_i8x16_neg(AV(0))))\
	X(i8x16_popcnt, "i8x16.popcnt", "v", 0, RV(wasm_i8x16_popcnt(AV(0))))\
	X(i8x16_all_true, "i8x16.all_true", "v", 0, RI(wasm_i8x16_all_true(AV(0))))\
	X(i8x16_bitmask, "i8x16.bitmask", "v", 0, RI(wasm_i8x16_bitmask(AV(0))))\
	X(i8x16_narrow_i16x8_s, "i8x16.narrow_i16x8_s", "vv", 0, RV(wasm_i8x16_narrow_i16x8_s(AV(0), AV(1))))\
	X(i8x16_narrow_i16x8_u, "i8x16.narrow_i16x8_u", "vv", 0, RV(wasm_i8x16_narrow_i16x8_u(AV(0), AV(1))))\
	X(f32x4_ceil, "f32x4.ceil", "v", 0, RV(wasm_f32x4_ceil(AV(0))))\
	X(f32x4_floor, "f32x4.floor", "v", 0, RV(wasm_f32x4_floor(AV(0))))\
	X(f32x4_trunc, "f32x4.trunc", "v", 0, RV(wasm_f32x4_trunc(AV(0))))\
	X(f32x4_nearest, "f32x4.nearest", "v", 0, RV(wasm_f32x4_nearest(AV(0))))\
	X(i8x16_shl, "i8x16.shl", "vi", 0, RV(wasm_i8x16_shl(AV(0), AI(1))))\
	X(i8x16_shr_s, "i8x16.shr_s", "vi", 0, RV(wasm_i8x16_shr_s(AV(0), AI(1))))\
	X(i8x16_shr_u, "i8x16.shr_u", "vi", 0, RV(wasm_i8x16_shr_u(AV(0), AI(1))))\
	X(i8x16_add, "i8x16.add", "vv", 0, RV(wasm_i8x16_add(AV(0), AV(1))))\
	X(i8x16_add_sat_s, "i8x16.add_sat_s", "vv", 0, RV(wasm_i8x16_add_sat_s(AV(0), AV(1))))\
	X(i8x16_add_sat_u, "i8x16.add_sat_u", "vv", 0, RV(wasm_i8x16_add_sat_u(AV(0), AV(1))))\
	X(i8x16_sub, "i8x16.sub", "vv", 0, RV(wasm_i8x16_sub(AV(0), AV(1))))\
	X(i8x16_sub_sat_s, "i8x16.sub_sat_s", "vv", 0, RV(wasm_i8x16_sub_sat_s(AV(0), AV(1))))\
	X(i8x16_sub_sat_u, "i8x16.sub_sat_u", "vv", 0, RV(wasm_i8x16_sub_sat_u(AV(0), AV(1))))\
	X(f64x2_ceil, "f64x2.ceil", "v", 0, RV(wasm_f64x2_ceil(AV(0))))\
	X(f64x2_floor, "f64x2.floor", "v", 0, RV(wasm_f64x2_floor(AV(0))))\
	X(i8x16_min_s, "i8x16.min_s", "vv", 0, RV(wasm_i8x16_min_s(AV(0), AV(1))))\
	X(i8x16_min_u, "i8x16.min_u", "vv", 0, RV(wasm_i8x16_min_u(AV(0), AV(1))))\
	X(i8x16_max_s, "i8x16.max_s", "vv", 0, RV(wasm_i8x16_max_s(AV(0), AV(1))))\
	X(i8x16_max_u, "i8x16.max_u", "vv", 0, RV(wasm_i8x16_max_u(AV(0), AV(1))))\
	X(f64x2_trunc, "f64x2.trunc", "v", 0, RV(wasm_f64x2_trunc(AV(0))))\
	X(i8x16_avgr_u, "i8x16.avgr_u", "vv", 0, RV(wasm_i8x16_avgr_u(AV(0), AV(1))))\
	X(i16x8_extadd_pairwise_i8x16_s, "i16x8.extadd_pairwise_i8x16_s", "v", 0, RV(wasm_i16x8_extadd_pairwise_i8x16_s(AV(0))))\
	X(i16x8_extadd_pairwise_i8x16_u, "i16x8.extadd_pairwise_i8x16_u", "v", 0, RV(wasm_i16x8_extadd_pairwise_i8x16_u(AV(0))))\
	X(i32x4_extadd_pairwise_i16x8_s, "i32x4.extadd_pairwise_i16x8_s", "v", 0, RV(wasm_i32x4_extadd_pairwise_i16x8_s(AV(0))))\
	X(i32x4_extadd_pairwise_i16x8_u, "i32x4.extadd_pairwise_i16x8_u", "v", 0, RV(wasm_i32x4_extadd_pairwise_i16x8_u(AV(0))))\
	X(i16x8_abs, "i16x8.abs", "v", 0, RV(wasm_i16x8_abs(AV(0))))\
	X(i16x8_neg, "i16x8.neg", "v", 0, RV(wasm_i16x8_neg(AV(0))))\
	X(i16x8_q15mulr_sat_s, "i16x8.q15mulr_sat_s", "vv", 0, RV(wasm_i16x8_q15mulr_sat_s(AV(0), AV(1))))\
	X(i16x8_all_true, "i16x8.all_true", "v", 0, RI(wasm_i16x8_all_true(AV(0))))\
	X(i16x8_bitmask, "i16x8.bitmask", "v", 0, RI(wasm_i16x8_bitmask(AV(0))))\
	X(i16x8_narrow_i32x4_s, "i16x8.narrow_i32x4_s", "vv", 0, RV(wasm_i16x8_narrow_i32x4_s(AV(0), AV(1))))\
	X(i16x8_narrow_i32x4_u, "i16x8.narrow_i32x4_u", "vv", 0, RV(wasm_i16x8_narrow_i32x4_u(AV(0), AV(1))))\
	X(i16x8_extend_low_i8x16_s, "i16x8.extend_low_i8x16_s", "v", 0, RV(wasm_i16x8_extend_low_i8x16_s(AV(0))))\
	X(i16x8_extend_high_i8x16_s, "i16x8.extend_high_i8x16_s", "v", 0, RV(wasm_i16x8_extend_high_i8x16_s(AV(0))))\
	X(i16x8_extend_low_i8x16_u, "i16x8.extend_low_i8x16_u", "v", 0, RV(wasm_i16x8_extend_low_i8x16_u(AV(0))))\
	X(i16x8_extend_high_i8x16_u, "i16x8.extend_high_i8x16_u", "v", 0, RV(wasm_i16x8_extend_high_i8x16_u(AV(0))))\
	X(i16x8_shl, "i16x8.shl", "vi", 0, RV(wasm_i16x8_shl(AV(0), AI(1))))\
	X(i16x8_shr_s, "i16x8.shr_s", "vi", 0, RV(wasm_i16x8_shr_s(AV(0), AI(1))))\
	X(i16x8_shr_u, "i16x8.shr_u", "vi", 0, RV(wasm_i16x8_shr_u(AV(0), AI(1))))\
	X(i16x8_add, "i16x8.add", "vv", 0, RV(wasm_i16x8_add(AV(0), AV(1))))\
	X(i16x8_add_sat_s, "i16x8.add_sat_s", "vv", 0, RV(wasm_i16x8_add_sat_s(AV(0), AV(1))))\
	X(i16x8_add_sat_u, "i16x8.add_sat_u", "vv", 0, RV(wasm_i16x8_add_sat_u(AV(0), AV(1))))\
	X(i16x8_sub, "i16x8.sub", "vv", 0, RV(wasm_i16x8_sub(AV(0), AV(1))))\
	X(i16x8_sub_sat_s, "i16x8.sub_sat_s", "vv", 0, RV(wasm_i16x8_sub_sat_s(AV(0), AV(1))))\
	X(i16x8_sub_sat_u, "i16x8.sub_sat_u", "vv", 0, RV(wasm_i16x8_sub_sat_u(AV(0), AV(1))))\
	X(f64x2_nearest, "f64x2.nearest", "v", 0, RV(wasm_f64x2_nearest(AV(0))))\
	X(i16x8_mul, "i16x8.mul", "vv", 0, RV(wasm_i16x8_mul(AV(0), AV(1))))\
	X(i16x8_min_s, "i16x8.min_s", "vv", 0, RV(wasm_i16x8_min_s(AV(0), AV(1))))\
	X(i16x8_min_u, "i16x8.min_u", "vv", 0, RV(wasm_i16x8_min_u(AV(0), AV(1))))\
	X(i16x8_max_s, "i16x8.max_s", "vv", 0, RV(wasm_i16x8_max_s(AV(0), AV(1))))\
	X(i16x8_max_u, "i16x8.max_u", "vv", 0, RV(wasm_i16x8_max_u(AV(0), AV(1))))\
	X(i16x8_avgr_u, "i16x8.avgr_u", "vv", 0, RV(wasm_i16x8_avgr_u(AV(0), AV(1))))\
	X(i16x8_extmul_low_i8x16_s, "i16x8.extmul_low_i8x16_s", "vv", 0, RV(wasm_i16x8_extmul_low_i8x16_s(AV(0), AV(1))))\
	X(i16x8_extmul_high_i8x16_s, "i16x8.extmul_high_i8x16_s", "vv", 0, RV(wasm_i16x8_extmul_high_i8x16_s(AV(0), AV(1))))\
	X(i16x8_extmul_low_i8x16_u, "i16x8.extmul_low_i8x16_u", "vv", 0, RV(wasm_i16x8_extmul_low_i8x16_u(AV(0), AV(1))))\
	X(i16x8_extmul_high_i8x16_u, "i16x8.extmul_high_i8x16_u", "vv", 0, RV(wasm_i16x8_extmul_high_i8x16_u(AV(0), AV(1))))\
	X(i32x4_abs, "i32x4.abs", "v", 0, RV(wasm_i32x4_abs(AV(0))))\
	X(i32x4_neg, "i32x4.neg", "v", 0, RV(wasm_i32x4_neg(AV(0))))\
	X(i32x4_all_true, "i32x4.all_true", "v", 0, RI(wasm_i32x4_all_true(AV(0))))\
	X(i32x4_bitmask, "i32x4.bitmask", "v", 0, RI(wasm_i32x4_bitmask(AV(0))))\
	X(i32x4_extend_low_i16x8_s, "i32x4.extend_low_i16x8_s", "v", 0, RV(wasm_i32x4_extend_low_i16x8_s(AV(0))))\
	X(i32x4_extend_high_i16x8_s, "i32x4.extend_high_i16x8_s", "v", 0, RV(wasm_i32x4_extend_high_i16x8_s(AV(0))))\
	X(i32x4_extend_low_i16x8_u, "i32x4.extend_low_i16x8_u", "v", 0, RV(wasm_i32x4_extend_low_i16x8_u(AV(0))))\
	X(i32x4_extend_high_i16x8_u, "i32x4.extend_high_i16x8_u", "v", 0, RV(wasm_i32x4_extend_high_i16x8_u(AV(0))))\
	X(i32x4_shl, "i32x4.shl", "vi", 0, RV(wasm_i32x4_shl(AV(0), AI(1))))\
	X(i32x4_shr_s, "i32x4.shr_s", "vi", 0, RV(wasm_i32x4_shr_s(AV(0), AI(1))))\
	X(i32x4_shr_u, "i32x4.shr_u", "vi", 0, RV(wasm_i32x4_shr_u(AV(0), AI(1))))\
	X(i32x4_add, "i32x4.add", "vv", 0, RV(wasm_i32x4_add(AV(0), AV(1))))\
	X(i32x4_sub, "i32x4.sub", "vv", 0, RV(wasm_i32x4_sub(AV(0), AV(1))))\
	X(i32x4_mul, "i32x4.mul", "vv", 0, RV(wasm_i32x4_mul(AV(0), AV(1))))\
	X(i32x4_min_s, "i32x4.min_s", "vv", 0, RV(wasm_i32x4_min_s(AV(0), AV(1))))\
	X(i32x4_min_u, "i32x4.min_u", "vv", 0, RV(wasm_i32x4_min_u(AV(0), AV(1))))\
	X(i32x4_max_s, "i32x4.max_s", "vv", 0, RV(wasm_i32x4_max_s(AV(0), AV(1))))\
	X(i32x4_max_u, "i32x4.max_u", "vv", 0, RV(wasm_i32x4_max_u(AV(0), AV(1))))\
	X(i32x4_dot_i16x8_s, "i32x4.dot_i16x8_s", "vv", 0, RV(wasm_i32x4_dot_i16x8_s(AV(0), AV(1))))\
	X(i32x4_extmul_low_i16x8_s, "i32x4.extmul_low_i16x8_s", "vv", 0, RV(wasm_i32x4_extmul_low_i16x8_s(AV(0), AV(1))))\
	X(i32x4_extmul_high_i16x8_s, "i32x4.extmul_high_i16x8_s", "vv", 0, RV(wasm_i32x4_extmul_high_i16x8_s(AV(0), AV(1))))\
	X(i32x4_extmul_low_i16x8_u, "i32x4.extmul_low_i16x8_u", "vv", 0, RV(wasm_i32x4_extmul_low_i16x8_u(AV(0), AV(1))))\
	X(i32x4_extmul_high_i16x8_u, "i32x4.extmul_high_i16x8_u", "vv", 0, RV(wasm_i32x4_extmul_high_i16x8_u(AV(0), AV(1))))\
	X(i64x2_abs, "i64x2.abs", "v", 0, RV(wasm_i64x2_abs(AV(0))))\
	X(i64x2_neg, "i64x2.neg", "v", 0, RV(wasm_i64x2_neg(AV(0))))\
	X(i64x2_all_true, "i64x2.all_true", "v", 0, RI(wasm_i64x2_all_true(AV(0))))\
	X(i64x2_bitmask, "i64x2.bitmask", "v", 0, RI(wasm_i64x2_bitmask(AV(0))))\
	X(i64x2_extend_low_i32x4_s, "i64x2.extend_low_i32x4_s", "v", 0, RV(wasm_i64x2_extend_low_i32x4_s(AV(0))))\
	X(i64x2_extend_high_i32x4_s, "i64x2.extend_high_i32x4_s", "v", 0, RV(wasm_i64x2_extend_high_i32x4_s(AV(0))))\
	X(i64x2_extend_low_i32x4_u, "i64x2.extend_low_i32x4_u", "v", 0, RV(wasm_i64x2_extend_low_i32x4_u(AV(0))))\
	X(i64x2_extend_high_i32x4_u, "i64x2.extend_high_i32x4_u", "v", 0, RV(wasm_i64x2_extend_high_i32x4_u(AV(0))))\
	X(i64x2_shl, "i64x2.shl", "vi", 0, RV(wasm_i64x2_shl(AV(0), AI(1))))\
	X(i64x2_shr_s, "i64x2.shr_s", "vi", 0, RV(wasm_i64x2_shr_s(AV(0), AI(1))))\
	X(i64x2_shr_u, "i64x2.shr_u", "vi", 0, RV(wasm_i64x2_shr_u(AV(0), AI(1))))\
	X(i64x2_add, "i64x2.add", "vv", 0, RV(wasm_i64x2_add(AV(0), AV(1))))\
	X(i64x2_sub, "i64x2.sub", "vv", 0, RV(wasm_i64x2_sub(AV(0), AV(1))))\
	X(i64x2_mul, "i64x2.mul", "vv", 0, RV(wasm_i64x2_mul(AV(0), AV(1))))\
	X(i64x2_eq, "i64x2.eq", "vv", 0, RV(wasm_i64x2_eq(AV(0), AV(1))))\
	X(i64x2_ne, "i64x2.ne", "vv", 0, RV(wasm_i64x2_ne(AV(0), AV(1))))\
	X(i64x2_lt_s, "i64x2.lt_s", "vv", 0, RV(wasm_i64x2_lt_s(AV(0), AV(1))))\
	X(i64x2_gt_s, "i64x2.gt_s", "vv", 0, RV(wasm_i64x2_gt_s(AV(0), AV(1))))\
	X(i64x2_le_s, "i64x2.le_s", "vv", 0, RV(wasm_i64x2_le_s(AV(0), AV(1))))\
	X(i64x2_ge_s, "i64x2.ge_s", "vv", 0, RV(wasm_i64x2_ge_s(AV(0), AV(1))))\
	X(i64x2_extmul_low_i32x4_s, "i64x2.extmul_low_i32x4_s", "vv", 0, RV(wasm_i64x2_extmul_low_i32x4_s(AV(0), AV(1))))\
	X(i64x2_extmul_high_i32x4_s, "i64x2.extmul_high_i32x4_s", "vv", 0, RV(wasm_i64x2_extmul_high_i32x4_s(AV(0), AV(1))))\
	X(i64x2_extmul_low_i32x4_u, "i64x2.extmul_low_i32x4_u", "vv", 0, RV(wasm_i64x2_extmul_low_i32x4_u(AV(0), AV(1))))\
	X(i64x2_extmul_high_i32x4_u, "i64x2.extmul_high_i32x4_u", "vv", 0, RV(wasm_i64x2_extmul_high_i32x4_u(AV(0), AV(1))))\
	X(f32x4_abs, "f32x4.abs", "v", 0, RV(wasm_f32x4_abs(AV(0))))\
	X(f32x4_neg, "f32x4.neg", "v", 0, RV(wasm_f32x4_neg(AV(0))))\
	X(f32x4_sqrt, "f32x4.sqrt", "v", 0, RV(wasm_f32x4_sqrt(AV(0))))\
	X(f32x4_add, "f32x4.add", "vv", 0, RV(wasm_f32x4_add(AV(0), AV(1))))\
	X(f32x4_sub, "f32x4.sub", "vv", 0, RV(wasm_f32x4_sub(AV(0), AV(1))))\
	X(f32x4_mul, "f32x4.mul", "vv", 0, RV(wasm_f32x4_mul(AV(0), AV(1))))\
	X(f32x4_div, "f32x4.div", "vv", 0, RV(wasm_f32x4_div(AV(0), AV(1))))\
	X(f32x4_min, "f32x4.min", "vv", 0, RV(wasm_f32x4_min(AV(0), AV(1))))\
	X(f32x4_max, "f32x4.max", "vv", 0, RV(wasm_f32x4_max(AV(0), AV(1))))\
	X(f32x4_pmin, "f32x4.pmin", "vv", 0, RV(wasm_f32x4_pmin(AV(0), AV(1))))\
	X(f32x4_pmax, "f32x4.pmax", "vv", 0, RV(wasm_f32x4_pmax(AV(0), AV(1))))\
	X(f64x2_abs, "f64x2.abs", "v", 0, RV(wasm_f64x2_abs(AV(0))))\
	X(f64x2_neg, "f64x2.neg", "v", 0, RV(wasm_f64x2_neg(AV(0))))\
	X(f64x2_sqrt, "f64x2.sqrt", "v", 0, RV(wasm_f64x2_sqrt(AV(0))))\
	X(f64x2_add, "f64x2.add", "vv", 0, RV(wasm_f64x2_add(AV(0), AV(1))))\
	X(f64x2_sub, "f64x2.sub", "vv", 0, RV(wasm_f64x2_sub(AV(0), AV(1))))\
	X(f64x2_mul, "f64x2.mul", "vv", 0, RV(wasm_f64x2_mul(AV(0), AV(1))))\
	X(f64x2_div, "f64x2.div", "vv", 0, RV(wasm_f64x2_div(AV(0), AV(1))))\
	X(f64x2_min, "f64x2.min", "vv", 0, RV(wasm_f64x2_min(AV(0), AV(1))))\
	X(f64x2_max, "f64x2.max", "vv", 0, RV(wasm_f64x2_max(AV(0), AV(1))))\
	X(f64x2_pmin, "f64x2.pmin", "vv", 0, RV(wasm_f64x2_pmin(AV(0), AV(1))))\
	X(f64x2_pmax, "f64x2.pmax", "vv", 0, RV(wasm_f64x2_pmax(AV(0), AV(1))))\
	X(i32x4_trunc_sat_f32x4_s, "i32x4.trunc_sat_f32x4_s", "v", 0, RV(wasm_i32x4_trunc_sat_f32x4_s(AV(0))))\
	X(i32x4_trunc_sat_f32x4_u, "i32x4.trunc_sat_f32x4_u", "v", 0, RV(wasm_i32x4_trunc_sat_f32x4_u(AV(0))))\
	X(f32x4_convert_i32x4_s, "f32x4.convert_i32x4_s", "v", 0, RV(wasm_f32x4_convert_i32x4_s(AV(0))))\
	X(f32x4_convert_i32x4_u, "f32x4.convert_i32x4_u", "v", 0, RV(wasm_f32x4_convert_i32x4_u(AV(0))))\
	X(i32x4_trunc_sat_f64x2_s_zero, "i32x4.trunc_sat_f64x2_s_zero", "v", 0, RV(wasm_i32x4_trunc_sat_f64x2_s_zero(AV(0))))\
	X(i32x4_trunc_sat_f64x2_u_zero, "i32x4.trunc_sat_f64x2_u_zero", "v", 0, RV(wasm_i32x4_trunc_sat_f64x2_u_zero(AV(0))))\
	X(f64x2_convert_low_i32x4_s, "f64x2.convert_low_i32x4_s", "v", 0, RV(wasm_f64x2_convert_low_i32x4_s(AV(0))))\
	X(f64x2_convert_low_i32x4_u, "f64x2.convert_low_i32x4_u", "v", 0, RV(wasm_f64x2_convert_low_i32x4_u(AV(0))))


#define X(id, name, sig, nimm, body)                                                      \
	static enum wasm_num_trap op_##id(const struct val *a, const int64_t *imm,            \
					  struct val *r)                                      \
	{                                                                                 \
		body;                                                                     \
		return WASM_NUM_OK;                                                       \
	}
OPS(X)
#undef X

struct op {
	const char *name;
	const char *sig;
	int nimm;
	enum wasm_num_trap (*fn)(const struct val *a, const int64_t *imm, struct val *r);
};

static const struct op ops[] = {
#define X(id, name, sig, nimm, body) {name, sig, nimm, op_##id},
	OPS(X)
#undef X
};

static const struct op *find_op(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		if (strlen(ops[i].name) == len && memcmp(ops[i].name, name, len) == 0)
			return &ops[i];
	return NULL;
}

/* ---- s-expressions --------------------------------------------------------- */

struct node {
	bool list;
	bool string;
	const char *s; /* atom text (string: without quotes, escapes kept) */
	size_t len;
	struct node *kids;
	size_t n;
};

struct parser {
	const char *p, *end;
	int depth;
};

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			ps->p++;
		} else if (c == ';' && ps->p + 1 < ps->end && ps->p[1] == ';') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (c == '(' && ps->p + 1 < ps->end && ps->p[1] == ';') {
			int nest = 0;
			while (ps->p < ps->end) {
				if (ps->p + 1 < ps->end && ps->p[0] == '(' && ps->p[1] == ';') {
					nest++;
					ps->p += 2;
				} else if (ps->p + 1 < ps->end && ps->p[0] == ';' && ps->p[1] == ')') {
					ps->p += 2;
					if (--nest == 0)
						break;
				} else {
					ps->p++;
				}
			}
		} else {
			break;
		}
	}
}

static void free_node(struct node *n)
{
	for (size_t i = 0; i < n->n; i++)
		free_node(&n->kids[i]);
	free(n->kids);
	n->kids = NULL;
	n->n = 0;
}

/* Parses one element at ps->p into *out; false on a syntax error. */
static bool parse_node(struct parser *ps, struct node *out)
{
	memset(out, 0, sizeof(*out));
	skip_space(ps);
	if (ps->p >= ps->end)
		return false;
	if (*ps->p == '(') {
		size_t cap = 0;
		if (++ps->depth > 1000)
			return false;
		out->list = true;
		ps->p++;
		for (;;) {
			skip_space(ps);
			if (ps->p >= ps->end)
				return false;
			if (*ps->p == ')') {
				ps->p++;
				break;
			}
			if (out->n == cap) {
				cap = cap ? 2 * cap : 4;
				struct node *k = realloc(out->kids, cap * sizeof(*k));
				if (!k)
					return false;
				out->kids = k;
			}
			if (!parse_node(ps, &out->kids[out->n])) {
				free_node(&out->kids[out->n]);
				return false;
			}
			out->n++;
		}
		ps->depth--;
		return true;
	}
	if (*ps->p == ')')
		return false;
	if (*ps->p == '"') {
		out->string = true;
		out->s = ++ps->p;
		while (ps->p < ps->end && *ps->p != '"') {
			if (*ps->p == '\\' && ps->p + 1 < ps->end)
				ps->p++;
			ps->p++;
		}
		if (ps->p >= ps->end)
			return false;
		out->len = (size_t)(ps->p - out->s);
		ps->p++;
		return true;
	}
	out->s = ps->p;
	while (ps->p < ps->end && !strchr(" \t\r\n()\";", *ps->p))
		ps->p++;
	out->len = (size_t)(ps->p - out->s);
	return true;
}

static bool is_atom(const struct node *n, const char *s)
{
	return !n->list && !n->string && n->len == strlen(s) && memcmp(n->s, s, n->len) == 0;
}

static bool is_form(const struct node *n, const char *head)
{
	return n->list && n->n > 0 && is_atom(&n->kids[0], head);
}

/* ---- literals ---------------------------------------------------------------- */

/* Copies an atom without underscores into buf (NUL-terminated). */
static bool atom_text(const struct node *n, char *buf, size_t size)
{
	size_t j = 0;
	if (n->list || n->string)
		return false;
	for (size_t i = 0; i < n->len; i++) {
		if (n->s[i] == '_')
			continue;
		if (j + 1 >= size)
			return false;
		buf[j++] = n->s[i];
	}
	buf[j] = 0;
	return j > 0;
}

/* Integer literal of the given width (signed or unsigned spelling). */
static bool parse_int(const struct node *n, int bits, uint64_t *out)
{
	char buf[128], *p = buf, *end;
	bool neg = false;
	if (!atom_text(n, buf, sizeof(buf)))
		return false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		return false;
	uint64_t v = strtoull(p, &end, p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10);
	if (*end)
		return false;
	if (neg)
		v = 0 - v;
	*out = bits == 64 ? v : v & ((UINT64_C(1) << bits) - 1);
	return true;
}

/* Float literal; NaN patterns set *kind.  bits is 32 or 64. */
static bool parse_float(const struct node *n, int bits, uint64_t *out, enum nan_kind *kind)
{
	char buf[256], *p = buf, *end;
	bool neg = false;
	uint64_t sign = bits == 32 ? WASM_F32_SIGN : WASM_F64_SIGN;
	uint64_t inf = bits == 32 ? UINT64_C(0x7f800000) : UINT64_C(0x7ff0000000000000);
	uint64_t quiet = bits == 32 ? WASM_F32_QUIET_BIT : WASM_F64_QUIET_BIT;
	*kind = NAN_EXACT;
	if (!atom_text(n, buf, sizeof(buf)))
		return false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (strcmp(p, "inf") == 0) {
		*out = inf;
	} else if (strcmp(p, "nan") == 0) {
		*out = inf | quiet;
	} else if (strcmp(p, "nan:canonical") == 0) {
		*out = inf | quiet;
		*kind = NAN_CANONICAL;
	} else if (strcmp(p, "nan:arithmetic") == 0) {
		*out = inf | quiet;
		*kind = NAN_ARITHMETIC;
	} else if (strncmp(p, "nan:0x", 6) == 0) {
		uint64_t payload = strtoull(p + 6, &end, 16);
		if (*end || payload == 0 || payload > 2 * quiet - 1)
			return false;
		*out = inf | payload;
	} else {
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return false;
		if (bits == 32)
			*out = wasm_f32_bits(strtof(p, &end));
		else
			*out = wasm_f64_bits(strtod(p, &end));
		if (*end)
			return false;
	}
	if (neg)
		*out |= sign;
	return true;
}

/* (T.const ...) starting at kids[0] = "T.const"; fills e (val and NaN kinds). */
static bool parse_const(const struct node *k, size_t n, struct expect *e)
{
	uint64_t x;
	enum nan_kind kind;
	memset(e, 0, sizeof(*e));
	if (n == 2 && is_atom(&k[0], "i32.const") && parse_int(&k[1], 32, &x)) {
		e->val.type = T_I32;
		e->val.i32 = (uint32_t)x;
		return true;
	}
	if (n == 2 && is_atom(&k[0], "i64.const") && parse_int(&k[1], 64, &x)) {
		e->val.type = T_I64;
		e->val.i64 = x;
		return true;
	}
	if (n == 2 && is_atom(&k[0], "f32.const") && parse_float(&k[1], 32, &x, &kind)) {
		e->val.type = T_F32;
		e->val.i32 = (uint32_t)x;
		e->lanes = 1;
		e->kind[0] = kind;
		return true;
	}
	if (n == 2 && is_atom(&k[0], "f64.const") && parse_float(&k[1], 64, &x, &kind)) {
		e->val.type = T_F64;
		e->val.i64 = x;
		e->lanes = 1;
		e->kind[0] = kind;
		return true;
	}
	if (n >= 2 && is_atom(&k[0], "v128.const")) {
		static const struct {
			const char *shape;
			int lanes, bits;
			bool flt;
		} shapes[] = {{"i8x16", 16, 8, false},	{"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
			      {"i64x2", 2, 64, false},	{"f32x4", 4, 32, true},	 {"f64x2", 2, 64, true}};
		for (size_t s = 0; s < ARRAY_LEN(shapes); s++) {
			if (!is_atom(&k[1], shapes[s].shape))
				continue;
			if (n != (size_t)shapes[s].lanes + 2)
				return false;
			e->val.type = T_V128;
			e->lanes = shapes[s].flt ? shapes[s].lanes : 0;
			for (int l = 0; l < shapes[s].lanes; l++) {
				const struct node *a = &k[l + 2];
				bool ok = shapes[s].flt ? parse_float(a, shapes[s].bits, &x, &e->kind[l])
							: parse_int(a, shapes[s].bits, &x);
				if (!ok)
					return false;
				switch (shapes[s].bits) {
				case 8: e->val.v.u8[l] = (uint8_t)x; break;
				case 16: e->val.v.u16[l] = (uint16_t)x; break;
				case 32: e->val.v.u32[l] = (uint32_t)x; break;
				default: e->val.v.u64[l] = x; break;
				}
			}
			return true;
		}
	}
	return false;
}

static char sig_char(enum vtype t)
{
	switch (t) {
	case T_I32: return 'i';
	case T_I64: return 'I';
	case T_F32: return 'f';
	case T_F64: return 'F';
	case T_V128: return 'v';
	default: return '?';
	}
}

static enum vtype type_of(const struct node *n)
{
	static const char *const names[] = {"i32", "i64", "f32", "f64", "v128"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (is_atom(n, names[i]))
			return (enum vtype)(T_I32 + i);
	return T_NONE;
}

/* ---- modules: exports that are one instruction ---------------------------------- */

#define MAX_OPERANDS 3

struct operand {
	int param;	  /* parameter index, or -1 for a constant */
	struct val konst; /* the constant */
};

struct export_fn {
	char name[128];
	const struct op *op;
	int nparams;
	enum vtype params[8];
	enum vtype result;
	int noperands;
	struct operand operands[MAX_OPERANDS];
	int64_t imm[16];
};

struct module {
	struct export_fn *fns;
	size_t n, cap;
};

/* A local.get operand naming parameter 0..np-1 by index or $name. */
static int param_ref(const struct node *ref, const struct node *names[], int np)
{
	uint64_t idx;
	if (ref->len > 0 && ref->s[0] == '$') {
		for (int i = 0; i < np; i++)
			if (names[i] && names[i]->len == ref->len && memcmp(names[i]->s, ref->s, ref->len) == 0)
				return i;
		return -1;
	}
	if (parse_int(ref, 32, &idx) && idx < (uint64_t)np)
		return (int)idx;
	return -1;
}

static bool operand_from(const struct node *k, size_t n, const struct node *names[], int np,
			 struct operand *o)
{
	struct expect e;
	if (n == 2 && is_atom(&k[0], "local.get")) {
		o->param = param_ref(&k[1], names, np);
		return o->param >= 0;
	}
	if (!parse_const(k, n, &e))
		return false;
	for (int l = 0; l < 4; l++)
		if (e.kind[l] != NAN_EXACT)
			return false;
	o->param = -1;
	o->konst = e.val;
	return true;
}

/* Length of the flat-form operand starting at k[0] (local.get x, T.const ...). */
static size_t flat_len(const struct node *k, size_t n)
{
	if (n >= 2 && (is_atom(&k[0], "local.get") || is_atom(&k[0], "i32.const") ||
		       is_atom(&k[0], "i64.const") || is_atom(&k[0], "f32.const") || is_atom(&k[0], "f64.const")))
		return 2;
	if (n >= 2 && is_atom(&k[0], "v128.const")) {
		static const char *const sh[] = {"i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"};
		static const size_t lanes[] = {16, 8, 4, 2, 4, 2};
		for (size_t s = 0; s < ARRAY_LEN(sh); s++)
			if (is_atom(&k[1], sh[s]) && n >= lanes[s] + 2)
				return lanes[s] + 2;
	}
	return 0;
}

/* Recognises (func (export "n") (param ...) (result t) BODY) with BODY one
 * instruction of the op table over parameters and constants. */
static void add_func(struct module *m, const struct node *f)
{
	struct export_fn fn;
	const struct node *names[8] = {0};
	const struct node *export = NULL;
	size_t i = 1;
	int nresults = 0;

	memset(&fn, 0, sizeof(fn));
	if (i < f->n && !f->kids[i].list && !f->kids[i].string && f->kids[i].len && f->kids[i].s[0] == '$')
		i++;
	for (; i < f->n && f->kids[i].list; i++) {
		const struct node *k = &f->kids[i];
		if (is_form(k, "export") && k->n == 2 && k->kids[1].string && !export) {
			export = &k->kids[1];
		} else if (is_form(k, "param")) {
			size_t j = 1;
			const struct node *pname = NULL;
			if (j < k->n && k->kids[j].len && k->kids[j].s[0] == '$')
				pname = &k->kids[j++];
			for (; j < k->n; j++) {
				if (fn.nparams >= 8 || type_of(&k->kids[j]) == T_NONE)
					return;
				names[fn.nparams] = pname;
				fn.params[fn.nparams++] = type_of(&k->kids[j]);
			}
		} else if (is_form(k, "result")) {
			for (size_t j = 1; j < k->n; j++) {
				fn.result = type_of(&k->kids[j]);
				nresults++;
			}
		} else if (is_form(k, "local") || is_form(k, "type") || is_form(k, "import")) {
			return;
		} else {
			break;
		}
	}
	if (!export || nresults != 1 || export->len >= sizeof(fn.name))
		return;
	memcpy(fn.name, export->s, export->len);

	const struct node *body = &f->kids[i];
	size_t nbody = f->n - i;
	const struct node *opname, *rest;
	size_t nrest;
	int nimm = 0;
	if (nbody == 1 && body[0].list && body[0].n > 0) { /* folded */
		opname = &body[0].kids[0];
		rest = &body[0].kids[1];
		nrest = body[0].n - 1;
		while (nrest > 0 && !rest->list) {
			uint64_t x;
			if (nimm >= 16 || !parse_int(rest, 64, &x))
				return;
			fn.imm[nimm++] = (int64_t)x;
			rest++;
			nrest--;
		}
		for (size_t j = 0; j < nrest; j++) {
			if (!rest[j].list || fn.noperands >= MAX_OPERANDS ||
			    !operand_from(rest[j].kids, rest[j].n, names, fn.nparams, &fn.operands[fn.noperands++]))
				return;
		}
	} else { /* flat: operands, then the instruction and its immediates */
		size_t j = 0, len;
		while (j < nbody && (len = flat_len(&body[j], nbody - j)) > 0) {
			if (fn.noperands >= MAX_OPERANDS)
				return;
			for (size_t q = 0; q < len; q++)
				if (body[j + q].list)
					return;
			if (!operand_from(&body[j], len, names, fn.nparams, &fn.operands[fn.noperands++]))
				return;
			j += len;
		}
		if (j >= nbody || body[j].list)
			return;
		opname = &body[j++];
		for (; j < nbody; j++) {
			uint64_t x;
			if (body[j].list || nimm >= 16 || !parse_int(&body[j], 64, &x))
				return;
			fn.imm[nimm++] = (int64_t)x;
		}
	}
	if (opname->list || opname->string)
		return;
	fn.op = find_op(opname->s, opname->len);
	if (!fn.op || fn.op->nimm != nimm || (int)strlen(fn.op->sig) != fn.noperands)
		return;
	for (int j = 0; j < fn.noperands; j++) {
		const struct operand *o = &fn.operands[j];
		enum vtype t = o->param >= 0 ? fn.params[o->param] : o->konst.type;
		if (sig_char(t) != fn.op->sig[j])
			return;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct export_fn *p = realloc(m->fns, cap * sizeof(*p));
		if (!p)
			return;
		m->fns = p;
		m->cap = cap;
	}
	m->fns[m->n++] = fn;
}

static void load_module(struct module *m, const struct node *mod)
{
	m->n = 0;
	for (size_t i = 1; i < mod->n; i++)
		if (is_form(&mod->kids[i], "func"))
			add_func(m, &mod->kids[i]);
}

/* ---- assertions ---------------------------------------------------------------------- */

struct counts {
	int passed, failed;
	int *per_op; /* checks per entry of ops[] */
};

static bool lane_ok(uint64_t got, uint64_t want, enum nan_kind kind, int bits)
{
	uint64_t sign = bits == 32 ? WASM_F32_SIGN : WASM_F64_SIGN;
	uint64_t canon = bits == 32 ? WASM_F32_CANON_NAN : WASM_F64_CANON_NAN;
	uint64_t quiet = bits == 32 ? WASM_F32_QUIET_BIT : WASM_F64_QUIET_BIT;
	uint64_t inf = bits == 32 ? UINT64_C(0x7f800000) : UINT64_C(0x7ff0000000000000);
	switch (kind) {
	case NAN_CANONICAL: return (got & ~sign) == canon;
	case NAN_ARITHMETIC: return (got & inf) == inf && (got & quiet);
	default: return got == want;
	}
}

static bool result_ok(const struct val *got, const struct expect *e)
{
	if (got->type != e->val.type)
		return false;
	switch (got->type) {
	case T_I32: return got->i32 == e->val.i32;
	case T_I64: return got->i64 == e->val.i64;
	case T_F32: return lane_ok(got->i32, e->val.i32, e->kind[0], 32);
	case T_F64: return lane_ok(got->i64, e->val.i64, e->kind[0], 64);
	case T_V128:
		if (e->lanes == 4) {
			for (int l = 0; l < 4; l++)
				if (!lane_ok(got->v.u32[l], e->val.v.u32[l], e->kind[l], 32))
					return false;
			return true;
		}
		if (e->lanes == 2)
			return lane_ok(got->v.u64[0], e->val.v.u64[0], e->kind[0], 64) &&
			       lane_ok(got->v.u64[1], e->val.v.u64[1], e->kind[1], 64);
		return memcmp(&got->v, &e->val.v, 16) == 0;
	default: return false;
	}
}

static void print_val(const struct val *v)
{
	switch (v->type) {
	case T_I32:
	case T_F32: printf("0x%08x", v->i32); break;
	case T_I64:
	case T_F64: printf("0x%016llx", (unsigned long long)v->i64); break;
	case T_V128:
		printf("v128 %08x %08x %08x %08x", v->v.u32[0], v->v.u32[1], v->v.u32[2], v->v.u32[3]);
		break;
	default: printf("(none)"); break;
	}
}

static const char *trap_message(enum wasm_num_trap t)
{
	switch (t) {
	case WASM_NUM_TRAP_DIV_ZERO: return "integer divide by zero";
	case WASM_NUM_TRAP_INT_OVERFLOW: return "integer overflow";
	case WASM_NUM_TRAP_INVALID_CONV: return "invalid conversion to integer";
	default: return "no trap";
	}
}

/* Runs one assert_return / assert_trap if its invoke names a recognised export. */
static void run_assert(const struct module *m, const struct node *a, const char *file, int line,
		       struct counts *c)
{
	const struct node *inv = &a->kids[1];
	const struct export_fn *fn = NULL;
	struct val args[MAX_OPERANDS], params[8], got;
	struct expect want;
	bool is_trap = is_form(a, "assert_trap");
	if (!is_form(inv, "invoke") || inv->n < 2 || !inv->kids[1].string)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->fns[i].name) == inv->kids[1].len &&
		    memcmp(m->fns[i].name, inv->kids[1].s, inv->kids[1].len) == 0)
			fn = &m->fns[i];
	if (!fn || inv->n - 2 != (size_t)fn->nparams)
		return;
	for (int i = 0; i < fn->nparams; i++) {
		const struct node *k = &inv->kids[i + 2];
		struct expect e;
		if (!k->list || !parse_const(k->kids, k->n, &e) || e.val.type != fn->params[i])
			return;
		params[i] = e.val;
	}
	if (is_trap) {
		if (a->n != 3 || !a->kids[2].string)
			return;
	} else {
		if (a->n != 3 || !a->kids[2].list || !parse_const(a->kids[2].kids, a->kids[2].n, &want) ||
		    want.val.type != fn->result)
			return;
	}
	for (int i = 0; i < fn->noperands; i++)
		args[i] = fn->operands[i].param >= 0 ? params[fn->operands[i].param] : fn->operands[i].konst;
	memset(&got, 0, sizeof(got));
	enum wasm_num_trap trap = fn->op->fn(args, fn->imm, &got);
	c->per_op[fn->op - ops]++;
	bool ok;
	if (is_trap) {
		const char *msg = trap_message(trap);
		ok = trap != WASM_NUM_OK && a->kids[2].len >= strlen(msg) &&
		     memcmp(a->kids[2].s, msg, strlen(msg)) == 0;
	} else {
		ok = trap == WASM_NUM_OK && result_ok(&got, &want);
	}
	if (ok) {
		c->passed++;
		return;
	}
	c->failed++;
	printf("FAIL %s:%d: %s (%s): ", file, line, fn->name, fn->op->name);
	if (trap != WASM_NUM_OK)
		printf("trapped: %s", trap_message(trap));
	else
		print_val(&got);
	if (is_trap)
		printf(", want trap \"%.*s\"\n", (int)a->kids[2].len, a->kids[2].s);
	else {
		printf(", want ");
		print_val(&want.val);
		printf("\n");
	}
}

static int line_of(const char *start, const char *at)
{
	int line = 1;
	for (const char *p = start; p < at; p++)
		line += *p == '\n';
	return line;
}

static void run_file(const char *dir, const char *name, struct counts *total)
{
	char path[4096];
	struct counts c = {0, 0, total->per_op};
	struct module m = {0};
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("FAIL %s: cannot open\n", path);
		total->failed++;
		return;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = malloc(size > 0 ? (size_t)size : 1);
	if (!text || size < 0 || fread(text, 1, (size_t)size, f) != (size_t)size) {
		printf("FAIL %s: cannot read\n", path);
		total->failed++;
		free(text);
		fclose(f);
		return;
	}
	fclose(f);

	struct parser ps = {text, text + size, 0};
	for (;;) {
		struct node n;
		const char *at;
		skip_space(&ps);
		if (ps.p >= ps.end)
			break;
		at = ps.p;
		if (!parse_node(&ps, &n)) {
			printf("FAIL %s:%d: syntax error\n", name, line_of(text, ps.p));
			c.failed++;
			free_node(&n);
			break;
		}
		if (is_form(&n, "module")) {
			bool plain = !(n.n > 1 && (is_atom(&n.kids[1], "binary") || is_atom(&n.kids[1], "quote") ||
						  (n.n > 2 && (is_atom(&n.kids[2], "binary") || is_atom(&n.kids[2], "quote")))));
			if (plain)
				load_module(&m, &n);
			else
				m.n = 0;
		} else if ((is_form(&n, "assert_return") || is_form(&n, "assert_trap")) && n.n >= 2) {
			run_assert(&m, &n, name, line_of(text, at), &c);
		}
		free_node(&n);
	}
	free(m.fns);
	free(text);
	if (c.passed || c.failed)
		printf("%-40s %5d passed, %d failed\n", name, c.passed, c.failed);
	total->passed += c.passed;
	total->failed += c.failed;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("WASM_TESTSUITE");
	static int per_op[ARRAY_LEN(ops)];
	struct counts total = {0, 0, per_op};
	char **names = NULL;
	size_t n = 0;
	DIR *d = dir ? opendir(dir) : NULL;
	if (!d) {
		printf("skipped: no spec test directory (%s)\n0 passed, 0 failed\n", dir ? dir : "none given");
		return 0;
	}
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".wast") != 0)
			continue;
		char **p = realloc(names, (n + 1) * sizeof(*p));
		if (!p)
			break;
		names = p;
		names[n] = malloc(len + 1);
		if (names[n]) {
			memcpy(names[n], e->d_name, len + 1);
			n++;
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_file(dir, names[i], &total);
		free(names[i]);
	}
	free(names);
	if (n == 0)
		printf("skipped: no .wast files in %s\n", dir);
	int unchecked = 0;
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		unchecked += per_op[i] == 0;
	printf("%zu instructions, %d without a spec check here:", ARRAY_LEN(ops), unchecked);
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		if (per_op[i] == 0)
			printf(" %s", ops[i].name);
	printf("\n");
	printf("%d passed, %d failed\n", total.passed, total.failed);
	return total.failed != 0;
}
