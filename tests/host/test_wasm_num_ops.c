/*
 * tests/host/test_wasm_num_ops.c - the instruction table shared by the spec
 * checks on the host (test_wasm_num_spec.c) and on riscv64
 * (test_wasm_num_rv.c), which #include this file; not a test by itself.
 *
 * Each entry evaluates one WebAssembly numeric or SIMD instruction through
 * wasm/num.h or wasm/simd.h on typed values.  A struct wasm_num_rec is one
 * checked assertion in a byte layout that is the same on every host, so
 * that cases extracted on the host can be replayed on riscv64.
 */
#ifndef TEST_WASM_NUM_OPS_C
#define TEST_WASM_NUM_OPS_C

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

#define AI(k)  (a[k].i32)
#define AL(k)  (a[k].i64)
#define AF(k)  wasm_f32_from_bits(a[k].i32)
#define AD(k)  wasm_f64_from_bits(a[k].i64)
#define AV(k)  (a[k].v)
#define IMM(k) ((unsigned)imm[k])
#define RI(x)  (r->type = T_I32, r->i32 = (uint32_t)(x))
#define RL(x)  (r->type = T_I64, r->i64 = (uint64_t)(x))
#define RF(x)  (r->type = T_F32, r->i32 = wasm_f32_bits(x))
#define RD(x)  (r->type = T_F64, r->i64 = wasm_f64_bits(x))
#define RV(x)  (r->type = T_V128, r->v = (x))

#define TRAP_OP(type, fn, x, y, res)                                           \
	do {                                                                   \
		type out_ = 0;                                                 \
		enum wasm_num_trap trap_ = fn(x, y, &out_);                    \
		if (trap_ != WASM_NUM_OK)                                      \
			return trap_;                                          \
		res(out_);                                                     \
	} while (0)

#define TRUNC_OP(type, fn, x, why, res)                                        \
	do {                                                                   \
		type out_ = 0;                                                 \
		if (!fn(x, &out_))                                             \
			return why(x);                                         \
		res(out_);                                                     \
	} while (0)

struct lanes16 {
	uint8_t b[16];
};

__attribute__((unused)) static inline struct lanes16 lanes16(const int64_t *imm)
{
	struct lanes16 l;
	for (int i = 0; i < 16; i++)
		l.b[i] = (uint8_t)imm[i];
	return l;
}

/* X(identifier, instruction, operand types, immediates, evaluation);
 * operand types: i = i32, I = i64, f = f32, F = f64, v = v128. */
#define OPS(X)                                                                 \
	X(i32_clz, "i32.clz", "i", 0, RI(wasm_i32_clz(AI(0))))                 \
	X(i32_ctz, "i32.ctz", "i", 0, RI(wasm_i32_ctz(AI(0))))                 \
	X(i32_popcnt, "i32.popcnt", "i", 0, RI(wasm_i32_popcnt(AI(0))))        \
	X(i32_extend8_s, "i32.extend8_s", "i", 0,                              \
	  RI(wasm_i32_extend8_s(AI(0))))                                       \
	X(i32_extend16_s, "i32.extend16_s", "i", 0,                            \
	  RI(wasm_i32_extend16_s(AI(0))))                                      \
	X(i32_eqz, "i32.eqz", "i", 0, RI(wasm_i32_eqz(AI(0))))                 \
	X(i32_add, "i32.add", "ii", 0, RI(wasm_i32_add(AI(0), AI(1))))         \
	X(i32_sub, "i32.sub", "ii", 0, RI(wasm_i32_sub(AI(0), AI(1))))         \
	X(i32_mul, "i32.mul", "ii", 0, RI(wasm_i32_mul(AI(0), AI(1))))         \
	X(i32_and, "i32.and", "ii", 0, RI(wasm_i32_and(AI(0), AI(1))))         \
	X(i32_or, "i32.or", "ii", 0, RI(wasm_i32_or(AI(0), AI(1))))            \
	X(i32_xor, "i32.xor", "ii", 0, RI(wasm_i32_xor(AI(0), AI(1))))         \
	X(i32_shl, "i32.shl", "ii", 0, RI(wasm_i32_shl(AI(0), AI(1))))         \
	X(i32_shr_s, "i32.shr_s", "ii", 0, RI(wasm_i32_shr_s(AI(0), AI(1))))   \
	X(i32_shr_u, "i32.shr_u", "ii", 0, RI(wasm_i32_shr_u(AI(0), AI(1))))   \
	X(i32_rotl, "i32.rotl", "ii", 0, RI(wasm_i32_rotl(AI(0), AI(1))))      \
	X(i32_rotr, "i32.rotr", "ii", 0, RI(wasm_i32_rotr(AI(0), AI(1))))      \
	X(i32_eq, "i32.eq", "ii", 0, RI(wasm_i32_eq(AI(0), AI(1))))            \
	X(i32_ne, "i32.ne", "ii", 0, RI(wasm_i32_ne(AI(0), AI(1))))            \
	X(i32_lt_s, "i32.lt_s", "ii", 0, RI(wasm_i32_lt_s(AI(0), AI(1))))      \
	X(i32_lt_u, "i32.lt_u", "ii", 0, RI(wasm_i32_lt_u(AI(0), AI(1))))      \
	X(i32_gt_s, "i32.gt_s", "ii", 0, RI(wasm_i32_gt_s(AI(0), AI(1))))      \
	X(i32_gt_u, "i32.gt_u", "ii", 0, RI(wasm_i32_gt_u(AI(0), AI(1))))      \
	X(i32_le_s, "i32.le_s", "ii", 0, RI(wasm_i32_le_s(AI(0), AI(1))))      \
	X(i32_le_u, "i32.le_u", "ii", 0, RI(wasm_i32_le_u(AI(0), AI(1))))      \
	X(i32_ge_s, "i32.ge_s", "ii", 0, RI(wasm_i32_ge_s(AI(0), AI(1))))      \
	X(i32_ge_u, "i32.ge_u", "ii", 0, RI(wasm_i32_ge_u(AI(0), AI(1))))      \
	X(i32_div_s, "i32.div_s", "ii", 0,                                     \
	  TRAP_OP(int32_t, wasm_i32_div_s, AI(0), AI(1), RI))                  \
	X(i32_div_u, "i32.div_u", "ii", 0,                                     \
	  TRAP_OP(uint32_t, wasm_i32_div_u, AI(0), AI(1), RI))                 \
	X(i32_rem_s, "i32.rem_s", "ii", 0,                                     \
	  TRAP_OP(int32_t, wasm_i32_rem_s, AI(0), AI(1), RI))                  \
	X(i32_rem_u, "i32.rem_u", "ii", 0,                                     \
	  TRAP_OP(uint32_t, wasm_i32_rem_u, AI(0), AI(1), RI))                 \
	X(i64_clz, "i64.clz", "I", 0, RL(wasm_i64_clz(AL(0))))                 \
	X(i64_ctz, "i64.ctz", "I", 0, RL(wasm_i64_ctz(AL(0))))                 \
	X(i64_popcnt, "i64.popcnt", "I", 0, RL(wasm_i64_popcnt(AL(0))))        \
	X(i64_extend8_s, "i64.extend8_s", "I", 0,                              \
	  RL(wasm_i64_extend8_s(AL(0))))                                       \
	X(i64_extend16_s, "i64.extend16_s", "I", 0,                            \
	  RL(wasm_i64_extend16_s(AL(0))))                                      \
	X(i64_extend32_s, "i64.extend32_s", "I", 0,                            \
	  RL(wasm_i64_extend32_s(AL(0))))                                      \
	X(i64_eqz, "i64.eqz", "I", 0, RI(wasm_i64_eqz(AL(0))))                 \
	X(i64_add, "i64.add", "II", 0, RL(wasm_i64_add(AL(0), AL(1))))         \
	X(i64_sub, "i64.sub", "II", 0, RL(wasm_i64_sub(AL(0), AL(1))))         \
	X(i64_mul, "i64.mul", "II", 0, RL(wasm_i64_mul(AL(0), AL(1))))         \
	X(i64_and, "i64.and", "II", 0, RL(wasm_i64_and(AL(0), AL(1))))         \
	X(i64_or, "i64.or", "II", 0, RL(wasm_i64_or(AL(0), AL(1))))            \
	X(i64_xor, "i64.xor", "II", 0, RL(wasm_i64_xor(AL(0), AL(1))))         \
	X(i64_shl, "i64.shl", "II", 0, RL(wasm_i64_shl(AL(0), AL(1))))         \
	X(i64_shr_s, "i64.shr_s", "II", 0, RL(wasm_i64_shr_s(AL(0), AL(1))))   \
	X(i64_shr_u, "i64.shr_u", "II", 0, RL(wasm_i64_shr_u(AL(0), AL(1))))   \
	X(i64_rotl, "i64.rotl", "II", 0, RL(wasm_i64_rotl(AL(0), AL(1))))      \
	X(i64_rotr, "i64.rotr", "II", 0, RL(wasm_i64_rotr(AL(0), AL(1))))      \
	X(i64_eq, "i64.eq", "II", 0, RI(wasm_i64_eq(AL(0), AL(1))))            \
	X(i64_ne, "i64.ne", "II", 0, RI(wasm_i64_ne(AL(0), AL(1))))            \
	X(i64_lt_s, "i64.lt_s", "II", 0, RI(wasm_i64_lt_s(AL(0), AL(1))))      \
	X(i64_lt_u, "i64.lt_u", "II", 0, RI(wasm_i64_lt_u(AL(0), AL(1))))      \
	X(i64_gt_s, "i64.gt_s", "II", 0, RI(wasm_i64_gt_s(AL(0), AL(1))))      \
	X(i64_gt_u, "i64.gt_u", "II", 0, RI(wasm_i64_gt_u(AL(0), AL(1))))      \
	X(i64_le_s, "i64.le_s", "II", 0, RI(wasm_i64_le_s(AL(0), AL(1))))      \
	X(i64_le_u, "i64.le_u", "II", 0, RI(wasm_i64_le_u(AL(0), AL(1))))      \
	X(i64_ge_s, "i64.ge_s", "II", 0, RI(wasm_i64_ge_s(AL(0), AL(1))))      \
	X(i64_ge_u, "i64.ge_u", "II", 0, RI(wasm_i64_ge_u(AL(0), AL(1))))      \
	X(i64_div_s, "i64.div_s", "II", 0,                                     \
	  TRAP_OP(int64_t, wasm_i64_div_s, AL(0), AL(1), RL))                  \
	X(i64_div_u, "i64.div_u", "II", 0,                                     \
	  TRAP_OP(uint64_t, wasm_i64_div_u, AL(0), AL(1), RL))                 \
	X(i64_rem_s, "i64.rem_s", "II", 0,                                     \
	  TRAP_OP(int64_t, wasm_i64_rem_s, AL(0), AL(1), RL))                  \
	X(i64_rem_u, "i64.rem_u", "II", 0,                                     \
	  TRAP_OP(uint64_t, wasm_i64_rem_u, AL(0), AL(1), RL))                 \
	X(f32_abs, "f32.abs", "f", 0, RF(wasm_f32_abs(AF(0))))                 \
	X(f32_neg, "f32.neg", "f", 0, RF(wasm_f32_neg(AF(0))))                 \
	X(f32_sqrt, "f32.sqrt", "f", 0, RF(wasm_f32_sqrt(AF(0))))              \
	X(f32_ceil, "f32.ceil", "f", 0, RF(wasm_f32_ceil(AF(0))))              \
	X(f32_floor, "f32.floor", "f", 0, RF(wasm_f32_floor(AF(0))))           \
	X(f32_trunc, "f32.trunc", "f", 0, RF(wasm_f32_trunc(AF(0))))           \
	X(f32_nearest, "f32.nearest", "f", 0, RF(wasm_f32_nearest(AF(0))))     \
	X(f32_add, "f32.add", "ff", 0, RF(wasm_f32_add(AF(0), AF(1))))         \
	X(f32_sub, "f32.sub", "ff", 0, RF(wasm_f32_sub(AF(0), AF(1))))         \
	X(f32_mul, "f32.mul", "ff", 0, RF(wasm_f32_mul(AF(0), AF(1))))         \
	X(f32_div, "f32.div", "ff", 0, RF(wasm_f32_div(AF(0), AF(1))))         \
	X(f32_min, "f32.min", "ff", 0, RF(wasm_f32_min(AF(0), AF(1))))         \
	X(f32_max, "f32.max", "ff", 0, RF(wasm_f32_max(AF(0), AF(1))))         \
	X(f32_copysign, "f32.copysign", "ff", 0,                               \
	  RF(wasm_f32_copysign(AF(0), AF(1))))                                 \
	X(f32_eq, "f32.eq", "ff", 0, RI(wasm_f32_eq(AF(0), AF(1))))            \
	X(f32_ne, "f32.ne", "ff", 0, RI(wasm_f32_ne(AF(0), AF(1))))            \
	X(f32_lt, "f32.lt", "ff", 0, RI(wasm_f32_lt(AF(0), AF(1))))            \
	X(f32_gt, "f32.gt", "ff", 0, RI(wasm_f32_gt(AF(0), AF(1))))            \
	X(f32_le, "f32.le", "ff", 0, RI(wasm_f32_le(AF(0), AF(1))))            \
	X(f32_ge, "f32.ge", "ff", 0, RI(wasm_f32_ge(AF(0), AF(1))))            \
	X(f64_abs, "f64.abs", "F", 0, RD(wasm_f64_abs(AD(0))))                 \
	X(f64_neg, "f64.neg", "F", 0, RD(wasm_f64_neg(AD(0))))                 \
	X(f64_sqrt, "f64.sqrt", "F", 0, RD(wasm_f64_sqrt(AD(0))))              \
	X(f64_ceil, "f64.ceil", "F", 0, RD(wasm_f64_ceil(AD(0))))              \
	X(f64_floor, "f64.floor", "F", 0, RD(wasm_f64_floor(AD(0))))           \
	X(f64_trunc, "f64.trunc", "F", 0, RD(wasm_f64_trunc(AD(0))))           \
	X(f64_nearest, "f64.nearest", "F", 0, RD(wasm_f64_nearest(AD(0))))     \
	X(f64_add, "f64.add", "FF", 0, RD(wasm_f64_add(AD(0), AD(1))))         \
	X(f64_sub, "f64.sub", "FF", 0, RD(wasm_f64_sub(AD(0), AD(1))))         \
	X(f64_mul, "f64.mul", "FF", 0, RD(wasm_f64_mul(AD(0), AD(1))))         \
	X(f64_div, "f64.div", "FF", 0, RD(wasm_f64_div(AD(0), AD(1))))         \
	X(f64_min, "f64.min", "FF", 0, RD(wasm_f64_min(AD(0), AD(1))))         \
	X(f64_max, "f64.max", "FF", 0, RD(wasm_f64_max(AD(0), AD(1))))         \
	X(f64_copysign, "f64.copysign", "FF", 0,                               \
	  RD(wasm_f64_copysign(AD(0), AD(1))))                                 \
	X(f64_eq, "f64.eq", "FF", 0, RI(wasm_f64_eq(AD(0), AD(1))))            \
	X(f64_ne, "f64.ne", "FF", 0, RI(wasm_f64_ne(AD(0), AD(1))))            \
	X(f64_lt, "f64.lt", "FF", 0, RI(wasm_f64_lt(AD(0), AD(1))))            \
	X(f64_gt, "f64.gt", "FF", 0, RI(wasm_f64_gt(AD(0), AD(1))))            \
	X(f64_le, "f64.le", "FF", 0, RI(wasm_f64_le(AD(0), AD(1))))            \
	X(f64_ge, "f64.ge", "FF", 0, RI(wasm_f64_ge(AD(0), AD(1))))            \
	X(i32_wrap_i64, "i32.wrap_i64", "I", 0, RI(wasm_i32_wrap_i64(AL(0))))  \
	X(i64_extend_i32_s, "i64.extend_i32_s", "i", 0,                        \
	  RL(wasm_i64_extend_i32_s(AI(0))))                                    \
	X(i64_extend_i32_u, "i64.extend_i32_u", "i", 0,                        \
	  RL(wasm_i64_extend_i32_u(AI(0))))                                    \
	X(i32_trunc_f32_s, "i32.trunc_f32_s", "f", 0,                          \
	  TRUNC_OP(int32_t, wasm_i32_trunc_f32_s, AF(0), wasm_trunc_f32_trap,  \
		   RI))                                                        \
	X(i32_trunc_sat_f32_s, "i32.trunc_sat_f32_s", "f", 0,                  \
	  RI(wasm_i32_trunc_sat_f32_s(AF(0))))                                 \
	X(f32_convert_i32_s, "f32.convert_i32_s", "i", 0,                      \
	  RF(wasm_f32_convert_i32_s(AI(0))))                                   \
	X(i32_trunc_f32_u, "i32.trunc_f32_u", "f", 0,                          \
	  TRUNC_OP(uint32_t, wasm_i32_trunc_f32_u, AF(0), wasm_trunc_f32_trap, \
		   RI))                                                        \
	X(i32_trunc_sat_f32_u, "i32.trunc_sat_f32_u", "f", 0,                  \
	  RI(wasm_i32_trunc_sat_f32_u(AF(0))))                                 \
	X(f32_convert_i32_u, "f32.convert_i32_u", "i", 0,                      \
	  RF(wasm_f32_convert_i32_u(AI(0))))                                   \
	X(i32_trunc_f64_s, "i32.trunc_f64_s", "F", 0,                          \
	  TRUNC_OP(int32_t, wasm_i32_trunc_f64_s, AD(0), wasm_trunc_f64_trap,  \
		   RI))                                                        \
	X(i32_trunc_sat_f64_s, "i32.trunc_sat_f64_s", "F", 0,                  \
	  RI(wasm_i32_trunc_sat_f64_s(AD(0))))                                 \
	X(f64_convert_i32_s, "f64.convert_i32_s", "i", 0,                      \
	  RD(wasm_f64_convert_i32_s(AI(0))))                                   \
	X(i32_trunc_f64_u, "i32.trunc_f64_u", "F", 0,                          \
	  TRUNC_OP(uint32_t, wasm_i32_trunc_f64_u, AD(0), wasm_trunc_f64_trap, \
		   RI))                                                        \
	X(i32_trunc_sat_f64_u, "i32.trunc_sat_f64_u", "F", 0,                  \
	  RI(wasm_i32_trunc_sat_f64_u(AD(0))))                                 \
	X(f64_convert_i32_u, "f64.convert_i32_u", "i", 0,                      \
	  RD(wasm_f64_convert_i32_u(AI(0))))                                   \
	X(i64_trunc_f32_s, "i64.trunc_f32_s", "f", 0,                          \
	  TRUNC_OP(int64_t, wasm_i64_trunc_f32_s, AF(0), wasm_trunc_f32_trap,  \
		   RL))                                                        \
	X(i64_trunc_sat_f32_s, "i64.trunc_sat_f32_s", "f", 0,                  \
	  RL(wasm_i64_trunc_sat_f32_s(AF(0))))                                 \
	X(f32_convert_i64_s, "f32.convert_i64_s", "I", 0,                      \
	  RF(wasm_f32_convert_i64_s(AL(0))))                                   \
	X(i64_trunc_f32_u, "i64.trunc_f32_u", "f", 0,                          \
	  TRUNC_OP(uint64_t, wasm_i64_trunc_f32_u, AF(0), wasm_trunc_f32_trap, \
		   RL))                                                        \
	X(i64_trunc_sat_f32_u, "i64.trunc_sat_f32_u", "f", 0,                  \
	  RL(wasm_i64_trunc_sat_f32_u(AF(0))))                                 \
	X(f32_convert_i64_u, "f32.convert_i64_u", "I", 0,                      \
	  RF(wasm_f32_convert_i64_u(AL(0))))                                   \
	X(i64_trunc_f64_s, "i64.trunc_f64_s", "F", 0,                          \
	  TRUNC_OP(int64_t, wasm_i64_trunc_f64_s, AD(0), wasm_trunc_f64_trap,  \
		   RL))                                                        \
	X(i64_trunc_sat_f64_s, "i64.trunc_sat_f64_s", "F", 0,                  \
	  RL(wasm_i64_trunc_sat_f64_s(AD(0))))                                 \
	X(f64_convert_i64_s, "f64.convert_i64_s", "I", 0,                      \
	  RD(wasm_f64_convert_i64_s(AL(0))))                                   \
	X(i64_trunc_f64_u, "i64.trunc_f64_u", "F", 0,                          \
	  TRUNC_OP(uint64_t, wasm_i64_trunc_f64_u, AD(0), wasm_trunc_f64_trap, \
		   RL))                                                        \
	X(i64_trunc_sat_f64_u, "i64.trunc_sat_f64_u", "F", 0,                  \
	  RL(wasm_i64_trunc_sat_f64_u(AD(0))))                                 \
	X(f64_convert_i64_u, "f64.convert_i64_u", "I", 0,                      \
	  RD(wasm_f64_convert_i64_u(AL(0))))                                   \
	X(f32_demote_f64, "f32.demote_f64", "F", 0,                            \
	  RF(wasm_f32_demote_f64(AD(0))))                                      \
	X(f64_promote_f32, "f64.promote_f32", "f", 0,                          \
	  RD(wasm_f64_promote_f32(AF(0))))                                     \
	X(i32_reinterpret_f32, "i32.reinterpret_f32", "f", 0,                  \
	  RI(wasm_i32_reinterpret_f32(AF(0))))                                 \
	X(i64_reinterpret_f64, "i64.reinterpret_f64", "F", 0,                  \
	  RL(wasm_i64_reinterpret_f64(AD(0))))                                 \
	X(f32_reinterpret_i32, "f32.reinterpret_i32", "i", 0,                  \
	  RF(wasm_f32_reinterpret_i32(AI(0))))                                 \
	X(f64_reinterpret_i64, "f64.reinterpret_i64", "I", 0,                  \
	  RD(wasm_f64_reinterpret_i64(AL(0))))                                 \
	X(i8x16_splat, "i8x16.splat", "i", 0, RV(wasm_i8x16_splat(AI(0))))     \
	X(i16x8_splat, "i16x8.splat", "i", 0, RV(wasm_i16x8_splat(AI(0))))     \
	X(i32x4_splat, "i32x4.splat", "i", 0, RV(wasm_i32x4_splat(AI(0))))     \
	X(i64x2_splat, "i64x2.splat", "I", 0, RV(wasm_i64x2_splat(AL(0))))     \
	X(f32x4_splat, "f32x4.splat", "f", 0, RV(wasm_f32x4_splat(AF(0))))     \
	X(f64x2_splat, "f64x2.splat", "F", 0, RV(wasm_f64x2_splat(AD(0))))     \
	X(i8x16_extract_lane_s, "i8x16.extract_lane_s", "v", 1,                \
	  RI(wasm_i8x16_extract_lane_s(AV(0), IMM(0))))                        \
	X(i8x16_extract_lane_u, "i8x16.extract_lane_u", "v", 1,                \
	  RI(wasm_i8x16_extract_lane_u(AV(0), IMM(0))))                        \
	X(i8x16_replace_lane, "i8x16.replace_lane", "vi", 1,                   \
	  RV(wasm_i8x16_replace_lane(AV(0), IMM(0), AI(1))))                   \
	X(i16x8_extract_lane_s, "i16x8.extract_lane_s", "v", 1,                \
	  RI(wasm_i16x8_extract_lane_s(AV(0), IMM(0))))                        \
	X(i16x8_extract_lane_u, "i16x8.extract_lane_u", "v", 1,                \
	  RI(wasm_i16x8_extract_lane_u(AV(0), IMM(0))))                        \
	X(i16x8_replace_lane, "i16x8.replace_lane", "vi", 1,                   \
	  RV(wasm_i16x8_replace_lane(AV(0), IMM(0), AI(1))))                   \
	X(i32x4_extract_lane, "i32x4.extract_lane", "v", 1,                    \
	  RI(wasm_i32x4_extract_lane(AV(0), IMM(0))))                          \
	X(i32x4_replace_lane, "i32x4.replace_lane", "vi", 1,                   \
	  RV(wasm_i32x4_replace_lane(AV(0), IMM(0), AI(1))))                   \
	X(i64x2_extract_lane, "i64x2.extract_lane", "v", 1,                    \
	  RL(wasm_i64x2_extract_lane(AV(0), IMM(0))))                          \
	X(i64x2_replace_lane, "i64x2.replace_lane", "vI", 1,                   \
	  RV(wasm_i64x2_replace_lane(AV(0), IMM(0), AL(1))))                   \
	X(f32x4_extract_lane, "f32x4.extract_lane", "v", 1,                    \
	  RF(wasm_f32x4_extract_lane(AV(0), IMM(0))))                          \
	X(f32x4_replace_lane, "f32x4.replace_lane", "vf", 1,                   \
	  RV(wasm_f32x4_replace_lane(AV(0), IMM(0), AF(1))))                   \
	X(f64x2_extract_lane, "f64x2.extract_lane", "v", 1,                    \
	  RD(wasm_f64x2_extract_lane(AV(0), IMM(0))))                          \
	X(f64x2_replace_lane, "f64x2.replace_lane", "vF", 1,                   \
	  RV(wasm_f64x2_replace_lane(AV(0), IMM(0), AD(1))))                   \
	X(i8x16_shuffle, "i8x16.shuffle", "vv", 16,                            \
	  RV(wasm_i8x16_shuffle(AV(0), AV(1), lanes16(imm).b)))                \
	X(i8x16_swizzle, "i8x16.swizzle", "vv", 0,                             \
	  RV(wasm_i8x16_swizzle(AV(0), AV(1))))                                \
	X(i8x16_eq, "i8x16.eq", "vv", 0, RV(wasm_i8x16_eq(AV(0), AV(1))))      \
	X(i8x16_ne, "i8x16.ne", "vv", 0, RV(wasm_i8x16_ne(AV(0), AV(1))))      \
	X(i8x16_lt_s, "i8x16.lt_s", "vv", 0,                                   \
	  RV(wasm_i8x16_lt_s(AV(0), AV(1))))                                   \
	X(i8x16_lt_u, "i8x16.lt_u", "vv", 0,                                   \
	  RV(wasm_i8x16_lt_u(AV(0), AV(1))))                                   \
	X(i8x16_gt_s, "i8x16.gt_s", "vv", 0,                                   \
	  RV(wasm_i8x16_gt_s(AV(0), AV(1))))                                   \
	X(i8x16_gt_u, "i8x16.gt_u", "vv", 0,                                   \
	  RV(wasm_i8x16_gt_u(AV(0), AV(1))))                                   \
	X(i8x16_le_s, "i8x16.le_s", "vv", 0,                                   \
	  RV(wasm_i8x16_le_s(AV(0), AV(1))))                                   \
	X(i8x16_le_u, "i8x16.le_u", "vv", 0,                                   \
	  RV(wasm_i8x16_le_u(AV(0), AV(1))))                                   \
	X(i8x16_ge_s, "i8x16.ge_s", "vv", 0,                                   \
	  RV(wasm_i8x16_ge_s(AV(0), AV(1))))                                   \
	X(i8x16_ge_u, "i8x16.ge_u", "vv", 0,                                   \
	  RV(wasm_i8x16_ge_u(AV(0), AV(1))))                                   \
	X(i16x8_eq, "i16x8.eq", "vv", 0, RV(wasm_i16x8_eq(AV(0), AV(1))))      \
	X(i16x8_ne, "i16x8.ne", "vv", 0, RV(wasm_i16x8_ne(AV(0), AV(1))))      \
	X(i16x8_lt_s, "i16x8.lt_s", "vv", 0,                                   \
	  RV(wasm_i16x8_lt_s(AV(0), AV(1))))                                   \
	X(i16x8_lt_u, "i16x8.lt_u", "vv", 0,                                   \
	  RV(wasm_i16x8_lt_u(AV(0), AV(1))))                                   \
	X(i16x8_gt_s, "i16x8.gt_s", "vv", 0,                                   \
	  RV(wasm_i16x8_gt_s(AV(0), AV(1))))                                   \
	X(i16x8_gt_u, "i16x8.gt_u", "vv", 0,                                   \
	  RV(wasm_i16x8_gt_u(AV(0), AV(1))))                                   \
	X(i16x8_le_s, "i16x8.le_s", "vv", 0,                                   \
	  RV(wasm_i16x8_le_s(AV(0), AV(1))))                                   \
	X(i16x8_le_u, "i16x8.le_u", "vv", 0,                                   \
	  RV(wasm_i16x8_le_u(AV(0), AV(1))))                                   \
	X(i16x8_ge_s, "i16x8.ge_s", "vv", 0,                                   \
	  RV(wasm_i16x8_ge_s(AV(0), AV(1))))                                   \
	X(i16x8_ge_u, "i16x8.ge_u", "vv", 0,                                   \
	  RV(wasm_i16x8_ge_u(AV(0), AV(1))))                                   \
	X(i32x4_eq, "i32x4.eq", "vv", 0, RV(wasm_i32x4_eq(AV(0), AV(1))))      \
	X(i32x4_ne, "i32x4.ne", "vv", 0, RV(wasm_i32x4_ne(AV(0), AV(1))))      \
	X(i32x4_lt_s, "i32x4.lt_s", "vv", 0,                                   \
	  RV(wasm_i32x4_lt_s(AV(0), AV(1))))                                   \
	X(i32x4_lt_u, "i32x4.lt_u", "vv", 0,                                   \
	  RV(wasm_i32x4_lt_u(AV(0), AV(1))))                                   \
	X(i32x4_gt_s, "i32x4.gt_s", "vv", 0,                                   \
	  RV(wasm_i32x4_gt_s(AV(0), AV(1))))                                   \
	X(i32x4_gt_u, "i32x4.gt_u", "vv", 0,                                   \
	  RV(wasm_i32x4_gt_u(AV(0), AV(1))))                                   \
	X(i32x4_le_s, "i32x4.le_s", "vv", 0,                                   \
	  RV(wasm_i32x4_le_s(AV(0), AV(1))))                                   \
	X(i32x4_le_u, "i32x4.le_u", "vv", 0,                                   \
	  RV(wasm_i32x4_le_u(AV(0), AV(1))))                                   \
	X(i32x4_ge_s, "i32x4.ge_s", "vv", 0,                                   \
	  RV(wasm_i32x4_ge_s(AV(0), AV(1))))                                   \
	X(i32x4_ge_u, "i32x4.ge_u", "vv", 0,                                   \
	  RV(wasm_i32x4_ge_u(AV(0), AV(1))))                                   \
	X(f32x4_eq, "f32x4.eq", "vv", 0, RV(wasm_f32x4_eq(AV(0), AV(1))))      \
	X(f32x4_ne, "f32x4.ne", "vv", 0, RV(wasm_f32x4_ne(AV(0), AV(1))))      \
	X(f32x4_lt, "f32x4.lt", "vv", 0, RV(wasm_f32x4_lt(AV(0), AV(1))))      \
	X(f32x4_gt, "f32x4.gt", "vv", 0, RV(wasm_f32x4_gt(AV(0), AV(1))))      \
	X(f32x4_le, "f32x4.le", "vv", 0, RV(wasm_f32x4_le(AV(0), AV(1))))      \
	X(f32x4_ge, "f32x4.ge", "vv", 0, RV(wasm_f32x4_ge(AV(0), AV(1))))      \
	X(f64x2_eq, "f64x2.eq", "vv", 0, RV(wasm_f64x2_eq(AV(0), AV(1))))      \
	X(f64x2_ne, "f64x2.ne", "vv", 0, RV(wasm_f64x2_ne(AV(0), AV(1))))      \
	X(f64x2_lt, "f64x2.lt", "vv", 0, RV(wasm_f64x2_lt(AV(0), AV(1))))      \
	X(f64x2_gt, "f64x2.gt", "vv", 0, RV(wasm_f64x2_gt(AV(0), AV(1))))      \
	X(f64x2_le, "f64x2.le", "vv", 0, RV(wasm_f64x2_le(AV(0), AV(1))))      \
	X(f64x2_ge, "f64x2.ge", "vv", 0, RV(wasm_f64x2_ge(AV(0), AV(1))))      \
	X(v128_not, "v128.not", "v", 0, RV(wasm_v128_not(AV(0))))              \
	X(v128_and, "v128.and", "vv", 0, RV(wasm_v128_and(AV(0), AV(1))))      \
	X(v128_andnot, "v128.andnot", "vv", 0,                                 \
	  RV(wasm_v128_andnot(AV(0), AV(1))))                                  \
	X(v128_or, "v128.or", "vv", 0, RV(wasm_v128_or(AV(0), AV(1))))         \
	X(v128_xor, "v128.xor", "vv", 0, RV(wasm_v128_xor(AV(0), AV(1))))      \
	X(v128_bitselect, "v128.bitselect", "vvv", 0,                          \
	  RV(wasm_v128_bitselect(AV(0), AV(1), AV(2))))                        \
	X(v128_any_true, "v128.any_true", "v", 0,                              \
	  RI(wasm_v128_any_true(AV(0))))                                       \
	X(f32x4_demote_f64x2_zero, "f32x4.demote_f64x2_zero", "v", 0,          \
	  RV(wasm_f32x4_demote_f64x2_zero(AV(0))))                             \
	X(f64x2_promote_low_f32x4, "f64x2.promote_low_f32x4", "v", 0,          \
	  RV(wasm_f64x2_promote_low_f32x4(AV(0))))                             \
	X(i8x16_abs, "i8x16.abs", "v", 0, RV(wasm_i8x16_abs(AV(0))))           \
	X(i8x16_neg, "i8x16.neg", "v", 0, RV(wasm_i8x16_neg(AV(0))))           \
	X(i8x16_popcnt, "i8x16.popcnt", "v", 0, RV(wasm_i8x16_popcnt(AV(0))))  \
	X(i8x16_all_true, "i8x16.all_true", "v", 0,                            \
	  RI(wasm_i8x16_all_true(AV(0))))                                      \
	X(i8x16_bitmask, "i8x16.bitmask", "v", 0,                              \
	  RI(wasm_i8x16_bitmask(AV(0))))                                       \
	X(i8x16_narrow_i16x8_s, "i8x16.narrow_i16x8_s", "vv", 0,               \
	  RV(wasm_i8x16_narrow_i16x8_s(AV(0), AV(1))))                         \
	X(i8x16_narrow_i16x8_u, "i8x16.narrow_i16x8_u", "vv", 0,               \
	  RV(wasm_i8x16_narrow_i16x8_u(AV(0), AV(1))))                         \
	X(f32x4_ceil, "f32x4.ceil", "v", 0, RV(wasm_f32x4_ceil(AV(0))))        \
	X(f32x4_floor, "f32x4.floor", "v", 0, RV(wasm_f32x4_floor(AV(0))))     \
	X(f32x4_trunc, "f32x4.trunc", "v", 0, RV(wasm_f32x4_trunc(AV(0))))     \
	X(f32x4_nearest, "f32x4.nearest", "v", 0,                              \
	  RV(wasm_f32x4_nearest(AV(0))))                                       \
	X(i8x16_shl, "i8x16.shl", "vi", 0, RV(wasm_i8x16_shl(AV(0), AI(1))))   \
	X(i8x16_shr_s, "i8x16.shr_s", "vi", 0,                                 \
	  RV(wasm_i8x16_shr_s(AV(0), AI(1))))                                  \
	X(i8x16_shr_u, "i8x16.shr_u", "vi", 0,                                 \
	  RV(wasm_i8x16_shr_u(AV(0), AI(1))))                                  \
	X(i8x16_add, "i8x16.add", "vv", 0, RV(wasm_i8x16_add(AV(0), AV(1))))   \
	X(i8x16_add_sat_s, "i8x16.add_sat_s", "vv", 0,                         \
	  RV(wasm_i8x16_add_sat_s(AV(0), AV(1))))                              \
	X(i8x16_add_sat_u, "i8x16.add_sat_u", "vv", 0,                         \
	  RV(wasm_i8x16_add_sat_u(AV(0), AV(1))))                              \
	X(i8x16_sub, "i8x16.sub", "vv", 0, RV(wasm_i8x16_sub(AV(0), AV(1))))   \
	X(i8x16_sub_sat_s, "i8x16.sub_sat_s", "vv", 0,                         \
	  RV(wasm_i8x16_sub_sat_s(AV(0), AV(1))))                              \
	X(i8x16_sub_sat_u, "i8x16.sub_sat_u", "vv", 0,                         \
	  RV(wasm_i8x16_sub_sat_u(AV(0), AV(1))))                              \
	X(f64x2_ceil, "f64x2.ceil", "v", 0, RV(wasm_f64x2_ceil(AV(0))))        \
	X(f64x2_floor, "f64x2.floor", "v", 0, RV(wasm_f64x2_floor(AV(0))))     \
	X(i8x16_min_s, "i8x16.min_s", "vv", 0,                                 \
	  RV(wasm_i8x16_min_s(AV(0), AV(1))))                                  \
	X(i8x16_min_u, "i8x16.min_u", "vv", 0,                                 \
	  RV(wasm_i8x16_min_u(AV(0), AV(1))))                                  \
	X(i8x16_max_s, "i8x16.max_s", "vv", 0,                                 \
	  RV(wasm_i8x16_max_s(AV(0), AV(1))))                                  \
	X(i8x16_max_u, "i8x16.max_u", "vv", 0,                                 \
	  RV(wasm_i8x16_max_u(AV(0), AV(1))))                                  \
	X(f64x2_trunc, "f64x2.trunc", "v", 0, RV(wasm_f64x2_trunc(AV(0))))     \
	X(i8x16_avgr_u, "i8x16.avgr_u", "vv", 0,                               \
	  RV(wasm_i8x16_avgr_u(AV(0), AV(1))))                                 \
	X(i16x8_extadd_pairwise_i8x16_s, "i16x8.extadd_pairwise_i8x16_s", "v", \
	  0, RV(wasm_i16x8_extadd_pairwise_i8x16_s(AV(0))))                    \
	X(i16x8_extadd_pairwise_i8x16_u, "i16x8.extadd_pairwise_i8x16_u", "v", \
	  0, RV(wasm_i16x8_extadd_pairwise_i8x16_u(AV(0))))                    \
	X(i32x4_extadd_pairwise_i16x8_s, "i32x4.extadd_pairwise_i16x8_s", "v", \
	  0, RV(wasm_i32x4_extadd_pairwise_i16x8_s(AV(0))))                    \
	X(i32x4_extadd_pairwise_i16x8_u, "i32x4.extadd_pairwise_i16x8_u", "v", \
	  0, RV(wasm_i32x4_extadd_pairwise_i16x8_u(AV(0))))                    \
	X(i16x8_abs, "i16x8.abs", "v", 0, RV(wasm_i16x8_abs(AV(0))))           \
	X(i16x8_neg, "i16x8.neg", "v", 0, RV(wasm_i16x8_neg(AV(0))))           \
	X(i16x8_q15mulr_sat_s, "i16x8.q15mulr_sat_s", "vv", 0,                 \
	  RV(wasm_i16x8_q15mulr_sat_s(AV(0), AV(1))))                          \
	X(i16x8_all_true, "i16x8.all_true", "v", 0,                            \
	  RI(wasm_i16x8_all_true(AV(0))))                                      \
	X(i16x8_bitmask, "i16x8.bitmask", "v", 0,                              \
	  RI(wasm_i16x8_bitmask(AV(0))))                                       \
	X(i16x8_narrow_i32x4_s, "i16x8.narrow_i32x4_s", "vv", 0,               \
	  RV(wasm_i16x8_narrow_i32x4_s(AV(0), AV(1))))                         \
	X(i16x8_narrow_i32x4_u, "i16x8.narrow_i32x4_u", "vv", 0,               \
	  RV(wasm_i16x8_narrow_i32x4_u(AV(0), AV(1))))                         \
	X(i16x8_extend_low_i8x16_s, "i16x8.extend_low_i8x16_s", "v", 0,        \
	  RV(wasm_i16x8_extend_low_i8x16_s(AV(0))))                            \
	X(i16x8_extend_high_i8x16_s, "i16x8.extend_high_i8x16_s", "v", 0,      \
	  RV(wasm_i16x8_extend_high_i8x16_s(AV(0))))                           \
	X(i16x8_extend_low_i8x16_u, "i16x8.extend_low_i8x16_u", "v", 0,        \
	  RV(wasm_i16x8_extend_low_i8x16_u(AV(0))))                            \
	X(i16x8_extend_high_i8x16_u, "i16x8.extend_high_i8x16_u", "v", 0,      \
	  RV(wasm_i16x8_extend_high_i8x16_u(AV(0))))                           \
	X(i16x8_shl, "i16x8.shl", "vi", 0, RV(wasm_i16x8_shl(AV(0), AI(1))))   \
	X(i16x8_shr_s, "i16x8.shr_s", "vi", 0,                                 \
	  RV(wasm_i16x8_shr_s(AV(0), AI(1))))                                  \
	X(i16x8_shr_u, "i16x8.shr_u", "vi", 0,                                 \
	  RV(wasm_i16x8_shr_u(AV(0), AI(1))))                                  \
	X(i16x8_add, "i16x8.add", "vv", 0, RV(wasm_i16x8_add(AV(0), AV(1))))   \
	X(i16x8_add_sat_s, "i16x8.add_sat_s", "vv", 0,                         \
	  RV(wasm_i16x8_add_sat_s(AV(0), AV(1))))                              \
	X(i16x8_add_sat_u, "i16x8.add_sat_u", "vv", 0,                         \
	  RV(wasm_i16x8_add_sat_u(AV(0), AV(1))))                              \
	X(i16x8_sub, "i16x8.sub", "vv", 0, RV(wasm_i16x8_sub(AV(0), AV(1))))   \
	X(i16x8_sub_sat_s, "i16x8.sub_sat_s", "vv", 0,                         \
	  RV(wasm_i16x8_sub_sat_s(AV(0), AV(1))))                              \
	X(i16x8_sub_sat_u, "i16x8.sub_sat_u", "vv", 0,                         \
	  RV(wasm_i16x8_sub_sat_u(AV(0), AV(1))))                              \
	X(f64x2_nearest, "f64x2.nearest", "v", 0,                              \
	  RV(wasm_f64x2_nearest(AV(0))))                                       \
	X(i16x8_mul, "i16x8.mul", "vv", 0, RV(wasm_i16x8_mul(AV(0), AV(1))))   \
	X(i16x8_min_s, "i16x8.min_s", "vv", 0,                                 \
	  RV(wasm_i16x8_min_s(AV(0), AV(1))))                                  \
	X(i16x8_min_u, "i16x8.min_u", "vv", 0,                                 \
	  RV(wasm_i16x8_min_u(AV(0), AV(1))))                                  \
	X(i16x8_max_s, "i16x8.max_s", "vv", 0,                                 \
	  RV(wasm_i16x8_max_s(AV(0), AV(1))))                                  \
	X(i16x8_max_u, "i16x8.max_u", "vv", 0,                                 \
	  RV(wasm_i16x8_max_u(AV(0), AV(1))))                                  \
	X(i16x8_avgr_u, "i16x8.avgr_u", "vv", 0,                               \
	  RV(wasm_i16x8_avgr_u(AV(0), AV(1))))                                 \
	X(i16x8_extmul_low_i8x16_s, "i16x8.extmul_low_i8x16_s", "vv", 0,       \
	  RV(wasm_i16x8_extmul_low_i8x16_s(AV(0), AV(1))))                     \
	X(i16x8_extmul_high_i8x16_s, "i16x8.extmul_high_i8x16_s", "vv", 0,     \
	  RV(wasm_i16x8_extmul_high_i8x16_s(AV(0), AV(1))))                    \
	X(i16x8_extmul_low_i8x16_u, "i16x8.extmul_low_i8x16_u", "vv", 0,       \
	  RV(wasm_i16x8_extmul_low_i8x16_u(AV(0), AV(1))))                     \
	X(i16x8_extmul_high_i8x16_u, "i16x8.extmul_high_i8x16_u", "vv", 0,     \
	  RV(wasm_i16x8_extmul_high_i8x16_u(AV(0), AV(1))))                    \
	X(i32x4_abs, "i32x4.abs", "v", 0, RV(wasm_i32x4_abs(AV(0))))           \
	X(i32x4_neg, "i32x4.neg", "v", 0, RV(wasm_i32x4_neg(AV(0))))           \
	X(i32x4_all_true, "i32x4.all_true", "v", 0,                            \
	  RI(wasm_i32x4_all_true(AV(0))))                                      \
	X(i32x4_bitmask, "i32x4.bitmask", "v", 0,                              \
	  RI(wasm_i32x4_bitmask(AV(0))))                                       \
	X(i32x4_extend_low_i16x8_s, "i32x4.extend_low_i16x8_s", "v", 0,        \
	  RV(wasm_i32x4_extend_low_i16x8_s(AV(0))))                            \
	X(i32x4_extend_high_i16x8_s, "i32x4.extend_high_i16x8_s", "v", 0,      \
	  RV(wasm_i32x4_extend_high_i16x8_s(AV(0))))                           \
	X(i32x4_extend_low_i16x8_u, "i32x4.extend_low_i16x8_u", "v", 0,        \
	  RV(wasm_i32x4_extend_low_i16x8_u(AV(0))))                            \
	X(i32x4_extend_high_i16x8_u, "i32x4.extend_high_i16x8_u", "v", 0,      \
	  RV(wasm_i32x4_extend_high_i16x8_u(AV(0))))                           \
	X(i32x4_shl, "i32x4.shl", "vi", 0, RV(wasm_i32x4_shl(AV(0), AI(1))))   \
	X(i32x4_shr_s, "i32x4.shr_s", "vi", 0,                                 \
	  RV(wasm_i32x4_shr_s(AV(0), AI(1))))                                  \
	X(i32x4_shr_u, "i32x4.shr_u", "vi", 0,                                 \
	  RV(wasm_i32x4_shr_u(AV(0), AI(1))))                                  \
	X(i32x4_add, "i32x4.add", "vv", 0, RV(wasm_i32x4_add(AV(0), AV(1))))   \
	X(i32x4_sub, "i32x4.sub", "vv", 0, RV(wasm_i32x4_sub(AV(0), AV(1))))   \
	X(i32x4_mul, "i32x4.mul", "vv", 0, RV(wasm_i32x4_mul(AV(0), AV(1))))   \
	X(i32x4_min_s, "i32x4.min_s", "vv", 0,                                 \
	  RV(wasm_i32x4_min_s(AV(0), AV(1))))                                  \
	X(i32x4_min_u, "i32x4.min_u", "vv", 0,                                 \
	  RV(wasm_i32x4_min_u(AV(0), AV(1))))                                  \
	X(i32x4_max_s, "i32x4.max_s", "vv", 0,                                 \
	  RV(wasm_i32x4_max_s(AV(0), AV(1))))                                  \
	X(i32x4_max_u, "i32x4.max_u", "vv", 0,                                 \
	  RV(wasm_i32x4_max_u(AV(0), AV(1))))                                  \
	X(i32x4_dot_i16x8_s, "i32x4.dot_i16x8_s", "vv", 0,                     \
	  RV(wasm_i32x4_dot_i16x8_s(AV(0), AV(1))))                            \
	X(i32x4_extmul_low_i16x8_s, "i32x4.extmul_low_i16x8_s", "vv", 0,       \
	  RV(wasm_i32x4_extmul_low_i16x8_s(AV(0), AV(1))))                     \
	X(i32x4_extmul_high_i16x8_s, "i32x4.extmul_high_i16x8_s", "vv", 0,     \
	  RV(wasm_i32x4_extmul_high_i16x8_s(AV(0), AV(1))))                    \
	X(i32x4_extmul_low_i16x8_u, "i32x4.extmul_low_i16x8_u", "vv", 0,       \
	  RV(wasm_i32x4_extmul_low_i16x8_u(AV(0), AV(1))))                     \
	X(i32x4_extmul_high_i16x8_u, "i32x4.extmul_high_i16x8_u", "vv", 0,     \
	  RV(wasm_i32x4_extmul_high_i16x8_u(AV(0), AV(1))))                    \
	X(i64x2_abs, "i64x2.abs", "v", 0, RV(wasm_i64x2_abs(AV(0))))           \
	X(i64x2_neg, "i64x2.neg", "v", 0, RV(wasm_i64x2_neg(AV(0))))           \
	X(i64x2_all_true, "i64x2.all_true", "v", 0,                            \
	  RI(wasm_i64x2_all_true(AV(0))))                                      \
	X(i64x2_bitmask, "i64x2.bitmask", "v", 0,                              \
	  RI(wasm_i64x2_bitmask(AV(0))))                                       \
	X(i64x2_extend_low_i32x4_s, "i64x2.extend_low_i32x4_s", "v", 0,        \
	  RV(wasm_i64x2_extend_low_i32x4_s(AV(0))))                            \
	X(i64x2_extend_high_i32x4_s, "i64x2.extend_high_i32x4_s", "v", 0,      \
	  RV(wasm_i64x2_extend_high_i32x4_s(AV(0))))                           \
	X(i64x2_extend_low_i32x4_u, "i64x2.extend_low_i32x4_u", "v", 0,        \
	  RV(wasm_i64x2_extend_low_i32x4_u(AV(0))))                            \
	X(i64x2_extend_high_i32x4_u, "i64x2.extend_high_i32x4_u", "v", 0,      \
	  RV(wasm_i64x2_extend_high_i32x4_u(AV(0))))                           \
	X(i64x2_shl, "i64x2.shl", "vi", 0, RV(wasm_i64x2_shl(AV(0), AI(1))))   \
	X(i64x2_shr_s, "i64x2.shr_s", "vi", 0,                                 \
	  RV(wasm_i64x2_shr_s(AV(0), AI(1))))                                  \
	X(i64x2_shr_u, "i64x2.shr_u", "vi", 0,                                 \
	  RV(wasm_i64x2_shr_u(AV(0), AI(1))))                                  \
	X(i64x2_add, "i64x2.add", "vv", 0, RV(wasm_i64x2_add(AV(0), AV(1))))   \
	X(i64x2_sub, "i64x2.sub", "vv", 0, RV(wasm_i64x2_sub(AV(0), AV(1))))   \
	X(i64x2_mul, "i64x2.mul", "vv", 0, RV(wasm_i64x2_mul(AV(0), AV(1))))   \
	X(i64x2_eq, "i64x2.eq", "vv", 0, RV(wasm_i64x2_eq(AV(0), AV(1))))      \
	X(i64x2_ne, "i64x2.ne", "vv", 0, RV(wasm_i64x2_ne(AV(0), AV(1))))      \
	X(i64x2_lt_s, "i64x2.lt_s", "vv", 0,                                   \
	  RV(wasm_i64x2_lt_s(AV(0), AV(1))))                                   \
	X(i64x2_gt_s, "i64x2.gt_s", "vv", 0,                                   \
	  RV(wasm_i64x2_gt_s(AV(0), AV(1))))                                   \
	X(i64x2_le_s, "i64x2.le_s", "vv", 0,                                   \
	  RV(wasm_i64x2_le_s(AV(0), AV(1))))                                   \
	X(i64x2_ge_s, "i64x2.ge_s", "vv", 0,                                   \
	  RV(wasm_i64x2_ge_s(AV(0), AV(1))))                                   \
	X(i64x2_extmul_low_i32x4_s, "i64x2.extmul_low_i32x4_s", "vv", 0,       \
	  RV(wasm_i64x2_extmul_low_i32x4_s(AV(0), AV(1))))                     \
	X(i64x2_extmul_high_i32x4_s, "i64x2.extmul_high_i32x4_s", "vv", 0,     \
	  RV(wasm_i64x2_extmul_high_i32x4_s(AV(0), AV(1))))                    \
	X(i64x2_extmul_low_i32x4_u, "i64x2.extmul_low_i32x4_u", "vv", 0,       \
	  RV(wasm_i64x2_extmul_low_i32x4_u(AV(0), AV(1))))                     \
	X(i64x2_extmul_high_i32x4_u, "i64x2.extmul_high_i32x4_u", "vv", 0,     \
	  RV(wasm_i64x2_extmul_high_i32x4_u(AV(0), AV(1))))                    \
	X(f32x4_abs, "f32x4.abs", "v", 0, RV(wasm_f32x4_abs(AV(0))))           \
	X(f32x4_neg, "f32x4.neg", "v", 0, RV(wasm_f32x4_neg(AV(0))))           \
	X(f32x4_sqrt, "f32x4.sqrt", "v", 0, RV(wasm_f32x4_sqrt(AV(0))))        \
	X(f32x4_add, "f32x4.add", "vv", 0, RV(wasm_f32x4_add(AV(0), AV(1))))   \
	X(f32x4_sub, "f32x4.sub", "vv", 0, RV(wasm_f32x4_sub(AV(0), AV(1))))   \
	X(f32x4_mul, "f32x4.mul", "vv", 0, RV(wasm_f32x4_mul(AV(0), AV(1))))   \
	X(f32x4_div, "f32x4.div", "vv", 0, RV(wasm_f32x4_div(AV(0), AV(1))))   \
	X(f32x4_min, "f32x4.min", "vv", 0, RV(wasm_f32x4_min(AV(0), AV(1))))   \
	X(f32x4_max, "f32x4.max", "vv", 0, RV(wasm_f32x4_max(AV(0), AV(1))))   \
	X(f32x4_pmin, "f32x4.pmin", "vv", 0,                                   \
	  RV(wasm_f32x4_pmin(AV(0), AV(1))))                                   \
	X(f32x4_pmax, "f32x4.pmax", "vv", 0,                                   \
	  RV(wasm_f32x4_pmax(AV(0), AV(1))))                                   \
	X(f64x2_abs, "f64x2.abs", "v", 0, RV(wasm_f64x2_abs(AV(0))))           \
	X(f64x2_neg, "f64x2.neg", "v", 0, RV(wasm_f64x2_neg(AV(0))))           \
	X(f64x2_sqrt, "f64x2.sqrt", "v", 0, RV(wasm_f64x2_sqrt(AV(0))))        \
	X(f64x2_add, "f64x2.add", "vv", 0, RV(wasm_f64x2_add(AV(0), AV(1))))   \
	X(f64x2_sub, "f64x2.sub", "vv", 0, RV(wasm_f64x2_sub(AV(0), AV(1))))   \
	X(f64x2_mul, "f64x2.mul", "vv", 0, RV(wasm_f64x2_mul(AV(0), AV(1))))   \
	X(f64x2_div, "f64x2.div", "vv", 0, RV(wasm_f64x2_div(AV(0), AV(1))))   \
	X(f64x2_min, "f64x2.min", "vv", 0, RV(wasm_f64x2_min(AV(0), AV(1))))   \
	X(f64x2_max, "f64x2.max", "vv", 0, RV(wasm_f64x2_max(AV(0), AV(1))))   \
	X(f64x2_pmin, "f64x2.pmin", "vv", 0,                                   \
	  RV(wasm_f64x2_pmin(AV(0), AV(1))))                                   \
	X(f64x2_pmax, "f64x2.pmax", "vv", 0,                                   \
	  RV(wasm_f64x2_pmax(AV(0), AV(1))))                                   \
	X(i32x4_trunc_sat_f32x4_s, "i32x4.trunc_sat_f32x4_s", "v", 0,          \
	  RV(wasm_i32x4_trunc_sat_f32x4_s(AV(0))))                             \
	X(i32x4_trunc_sat_f32x4_u, "i32x4.trunc_sat_f32x4_u", "v", 0,          \
	  RV(wasm_i32x4_trunc_sat_f32x4_u(AV(0))))                             \
	X(f32x4_convert_i32x4_s, "f32x4.convert_i32x4_s", "v", 0,              \
	  RV(wasm_f32x4_convert_i32x4_s(AV(0))))                               \
	X(f32x4_convert_i32x4_u, "f32x4.convert_i32x4_u", "v", 0,              \
	  RV(wasm_f32x4_convert_i32x4_u(AV(0))))                               \
	X(i32x4_trunc_sat_f64x2_s_zero, "i32x4.trunc_sat_f64x2_s_zero", "v",   \
	  0, RV(wasm_i32x4_trunc_sat_f64x2_s_zero(AV(0))))                     \
	X(i32x4_trunc_sat_f64x2_u_zero, "i32x4.trunc_sat_f64x2_u_zero", "v",   \
	  0, RV(wasm_i32x4_trunc_sat_f64x2_u_zero(AV(0))))                     \
	X(f64x2_convert_low_i32x4_s, "f64x2.convert_low_i32x4_s", "v", 0,      \
	  RV(wasm_f64x2_convert_low_i32x4_s(AV(0))))                           \
	X(f64x2_convert_low_i32x4_u, "f64x2.convert_low_i32x4_u", "v", 0,      \
	  RV(wasm_f64x2_convert_low_i32x4_u(AV(0))))

#define X(id, name, sig, nimm, body)                                           \
	static enum wasm_num_trap op_##id(const struct val *a,                 \
					  const int64_t *imm, struct val *r)   \
	{                                                                      \
		body;                                                          \
		return WASM_NUM_OK;                                            \
	}
OPS(X)
#undef X

struct op {
	const char *name;
	const char *sig;
	int nimm;
	enum wasm_num_trap (*fn)(const struct val *a, const int64_t *imm,
				 struct val *r);
};

__attribute__((unused)) static const struct op ops[] = {
#define X(id, name, sig, nimm, body) {name, sig, nimm, op_##id},
	OPS(X)
#undef X
};

/* ---- checking results
 * -------------------------------------------------------------- */

__attribute__((unused)) static inline bool lane_ok(uint64_t got, uint64_t want,
						   enum nan_kind kind, int bits)
{
	uint64_t sign = bits == 32 ? WASM_F32_SIGN : WASM_F64_SIGN;
	uint64_t canon = bits == 32 ? WASM_F32_CANON_NAN : WASM_F64_CANON_NAN;
	uint64_t quiet = bits == 32 ? WASM_F32_QUIET_BIT : WASM_F64_QUIET_BIT;
	uint64_t inf = bits == 32 ? UINT64_C(0x7f800000)
				  : UINT64_C(0x7ff0000000000000);
	switch (kind) {
	case NAN_CANONICAL:
		return (got & ~sign) == canon;
	case NAN_ARITHMETIC:
		return (got & inf) == inf && (got & quiet);
	default:
		return got == want;
	}
}

__attribute__((unused)) static inline bool result_ok(const struct val *got,
						     const struct expect *e)
{
	if (got->type != e->val.type)
		return false;
	switch (got->type) {
	case T_I32:
		return got->i32 == e->val.i32;
	case T_I64:
		return got->i64 == e->val.i64;
	case T_F32:
		return lane_ok(got->i32, e->val.i32, e->kind[0], 32);
	case T_F64:
		return lane_ok(got->i64, e->val.i64, e->kind[0], 64);
	case T_V128:
		if (e->lanes == 4) {
			for (int l = 0; l < 4; l++)
				if (!lane_ok(got->v.u32[l], e->val.v.u32[l],
					     e->kind[l], 32))
					return false;
			return true;
		}
		if (e->lanes == 2)
			return lane_ok(got->v.u64[0], e->val.v.u64[0],
				       e->kind[0], 64) &&
			       lane_ok(got->v.u64[1], e->val.v.u64[1],
				       e->kind[1], 64);
		return got->v.u64[0] == e->val.v.u64[0] &&
		       got->v.u64[1] == e->val.v.u64[1];
	default:
		return false;
	}
}

__attribute__((unused)) static inline const char *
trap_message(enum wasm_num_trap t)
{
	return wasm_num_trap_str(t);
}

/* ---- records: one assertion, host independent
 * ---------------------------------------- */

struct wasm_num_rec {
	uint8_t op[2]; /* index into ops[], little-endian */
	uint8_t nimm, nargs;
	uint8_t trap;	  /* expected trap (enum wasm_num_trap), or 0 */
	uint8_t lanes;	  /* struct expect lanes */
	uint8_t kind[4];  /* struct expect kind[] */
	uint8_t types[4]; /* argument types, then the result type */
	uint8_t imm[16];
	uint8_t args[3][16]; /* values, little-endian */
	uint8_t want[16];
};

__attribute__((unused)) static inline void rec_put(uint8_t *dst,
						   const struct val *v)
{
	for (int i = 0; i < 16; i++)
		dst[i] = v->type == T_V128 ? v->v.u8[i]
			 : v->type == T_I32 || v->type == T_F32
				 ? (i < 4 ? (uint8_t)(v->i32 >> (8 * i)) : 0)
				 : (i < 8 ? (uint8_t)(v->i64 >> (8 * i)) : 0);
}

__attribute__((unused)) static inline void
rec_get(struct val *v, enum vtype type, const uint8_t *src)
{
	v->type = type;
	v->i32 = 0;
	v->i64 = 0;
	for (int i = 0; i < 16; i++)
		v->v.u8[i] = src[i];
	for (int i = 0; i < 8; i++)
		v->i64 |= (uint64_t)src[i] << (8 * i);
	v->i32 = (uint32_t)v->i64;
}

/* Evaluates a record; *got and *trap receive what happened.  False when the
 * record is malformed (unknown op, bad counts). */
__attribute__((unused)) static inline bool
rec_eval(const struct wasm_num_rec *rc, struct val *got,
	 enum wasm_num_trap *trap)
{
	unsigned op = rc->op[0] | (unsigned)rc->op[1] << 8;
	struct val args[3];
	int64_t imm[16];
	if (op >= ARRAY_LEN(ops) || rc->nargs > 3 || rc->nimm > 16)
		return false;
	for (int i = 0; i < rc->nargs; i++)
		rec_get(&args[i], (enum vtype)rc->types[i], rc->args[i]);
	for (int i = 0; i < rc->nimm; i++)
		imm[i] = rc->imm[i];
	*got = (struct val){T_NONE, 0, 0, {{0}}};
	*trap = ops[op].fn(args, imm, got);
	return true;
}

__attribute__((unused)) static inline bool rec_ok(const struct wasm_num_rec *rc,
						  const struct val *got,
						  enum wasm_num_trap trap)
{
	struct expect e;
	if (rc->trap != WASM_NUM_OK)
		return trap == (enum wasm_num_trap)rc->trap;
	if (trap != WASM_NUM_OK)
		return false;
	rec_get(&e.val, (enum vtype)rc->types[3], rc->want);
	e.lanes = rc->lanes;
	for (int i = 0; i < 4; i++)
		e.kind[i] = (enum nan_kind)rc->kind[i];
	return result_ok(got, &e);
}

#endif /* TEST_WASM_NUM_OPS_C */
