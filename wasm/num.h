/*
 * wasm/num.h - exact WebAssembly 2.0 scalar numeric semantics.
 *
 * One static inline function per numeric instruction, named wasm_<instr>
 * with the dot replaced by an underscore (i32.rotl -> wasm_i32_rotl).  The
 * interpreter calls these in its hot loop, so everything is inline,
 * branch-light and freestanding: no libm, no globals, no errno.  The same
 * code runs on the x86_64 host (clang, gcc) and in the riscv64 kernel.
 *
 * Types.  i32/i64 values are uint32_t/uint64_t; an operation whose name ends
 * in _s takes or yields the signed type.  Comparisons and eqz return bool.
 * f32/f64 values are float/double: on x86_64 (SSE) and riscv64 moving a
 * float through registers never changes its bits, so signalling NaN payloads
 * survive.  Where bits matter (reinterpret, neg, abs, copysign) the work is
 * done on the bit pattern; wasm_f32_bits/wasm_f32_from_bits and the _bits
 * variants let an interpreter that stores raw bit patterns avoid float
 * registers entirely.
 *
 * NaNs.  Arithmetic results follow the spec's rule: when every NaN operand
 * is canonical the result is a canonical NaN, otherwise an arithmetic
 * (quiet) NaN.  add/sub/mul/div/sqrt/demote/promote use the hardware, which
 * satisfies the rule on x86 (payload propagation) and on RISC-V (always
 * canonical).  min/max return the positive canonical NaN; ceil/floor/trunc/
 * nearest quiet the operand's NaN by setting its quiet bit, so results are
 * identical on every host.
 *
 * Rounding mode.  nearest and the int-to-float conversions rely on the FPU
 * being in its default round-to-nearest-even mode (x86 MXCSR.RC = 0, RISC-V
 * fcsr.frm = 0); whoever runs WebAssembly code must not change it.
 *
 * Definitions.  The operations i32 and i64 (f32 and f64) share are
 * written once, as WASM_NUM_INT_OPS (WASM_NUM_FLOAT_OPS) over the type,
 * and instantiated for both; the others, and the conversions, whose range
 * bounds are the point, are spelled out.
 *
 * Traps.  Integer div/rem return an enum wasm_num_trap (WASM_NUM_OK == 0)
 * and write the result through an out-parameter only on success.  Trapping
 * float-to-int conversions return false on trap; wasm_trunc_f32_trap /
 * wasm_trunc_f64_trap then tell "invalid conversion to integer" (NaN) from
 * "integer overflow" (out of range).
 */
#ifndef WASM_NUM_H
#define WASM_NUM_H

#include <stdbool.h>
#include <stdint.h>

_Static_assert(sizeof(float) == 4 && sizeof(double) == 8,
	       "IEEE 754 binary32/64 required");

/* float and double arithmetic must round to their own precision (no x87
 * excess precision): nearest and the rounding helpers depend on it. */
#if defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ != 0
#error "wasm/num.h needs FLT_EVAL_METHOD == 0 (SSE2 on x86)"
#endif

enum wasm_num_trap {
	WASM_NUM_OK = 0,
	WASM_NUM_TRAP_DIV_ZERO,	    /* "integer divide by zero" */
	WASM_NUM_TRAP_INT_OVERFLOW, /* "integer overflow" */
	WASM_NUM_TRAP_INVALID_CONV, /* "invalid conversion to integer" */
};

/* The spec's message for a trap kind ("integer overflow"); never NULL. */
static inline const char *wasm_num_trap_str(enum wasm_num_trap t)
{
	switch (t) {
	case WASM_NUM_TRAP_DIV_ZERO:
		return "integer divide by zero";
	case WASM_NUM_TRAP_INT_OVERFLOW:
		return "integer overflow";
	case WASM_NUM_TRAP_INVALID_CONV:
		return "invalid conversion to integer";
	default:
		return "no trap";
	}
}

#define WASM_F32_CANON_NAN UINT32_C(0x7fc00000)
#define WASM_F64_CANON_NAN UINT64_C(0x7ff8000000000000)
#define WASM_F32_QUIET_BIT UINT32_C(0x00400000)
#define WASM_F64_QUIET_BIT UINT64_C(0x0008000000000000)
#define WASM_F32_SIGN	   UINT32_C(0x80000000)
#define WASM_F64_SIGN	   UINT64_C(0x8000000000000000)

#if defined(__GNUC__)
#define WASM_NUM_LIKELY(x)   __builtin_expect(!!(x), 1)
#define WASM_NUM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define WASM_NUM_LIKELY(x)   (x)
#define WASM_NUM_UNLIKELY(x) (x)
#endif

/*
 * Population count.  clang always expands __builtin_popcount inline; gcc
 * calls libgcc's __popcountdi2 unless the target has a popcount
 * instruction, which the kernel cannot link and which is slow, so gcc
 * without one gets the SWAR version.
 */
#if defined(__clang__) || defined(__POPCNT__) || defined(__riscv_zbb)
#define WASM_NUM_POPCNT64(x) __builtin_popcountll(x)
#else
#define WASM_NUM_POPCNT64(x) wasm_num_popcnt64(x)
#endif

static inline unsigned wasm_num_popcnt64(uint64_t x)
{
	x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
	x = (x & UINT64_C(0x3333333333333333)) +
	    ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* name(a, b): a op b for operands of type T, a result of type R. */
#define WASM_NUM_OP2(name, R, T, op)                                           \
	static inline R name(T a, T b)                                         \
	{                                                                      \
		return a op b;                                                 \
	}

/* ---- bit patterns ------------------------------------------------------ */

/*
 * wasm_f32_bits/wasm_f32_from_bits (and f64): union punning, defined in C
 * and a plain register move once inlined; is_nan_bits on the pattern.
 */
#define WASM_NUM_BITS(f, F, U, P, inf)                                         \
	static inline U wasm_##f##_bits(F v)                                   \
	{                                                                      \
		union {                                                        \
			F v;                                                   \
			U u;                                                   \
		} x = {.v = v};                                                \
		return x.u;                                                    \
	}                                                                      \
	static inline F wasm_##f##_from_bits(U u)                              \
	{                                                                      \
		union {                                                        \
			U u;                                                   \
			F v;                                                   \
		} x = {.u = u};                                                \
		return x.v;                                                    \
	}                                                                      \
	static inline bool wasm_##f##_is_nan_bits(U u)                         \
	{                                                                      \
		return (u & ~P##_SIGN) > (inf);                                \
	}

WASM_NUM_BITS(f32, float, uint32_t, WASM_F32, UINT32_C(0x7f800000))
WASM_NUM_BITS(f64, double, uint64_t, WASM_F64, UINT64_C(0x7ff0000000000000))

/* ---- i32 and i64 -------------------------------------------------------- */

/*
 * The operations of integer type i (i32) of `bits` bits: U/S its unsigned
 * and signed C types, SMIN the most negative value, clz/ctz the builtins
 * for U.  Shift and rotate counts are taken modulo the width.
 */
#define WASM_NUM_INT_OPS(i, U, S, bits, SMIN, clz, ctz)                        \
	static inline bool wasm_##i##_eqz(U a)                                 \
	{                                                                      \
		return a == 0;                                                 \
	}                                                                      \
	WASM_NUM_OP2(wasm_##i##_eq, bool, U, ==)                               \
	WASM_NUM_OP2(wasm_##i##_ne, bool, U, !=)                               \
	WASM_NUM_OP2(wasm_##i##_lt_s, bool, S, <)                              \
	WASM_NUM_OP2(wasm_##i##_lt_u, bool, U, <)                              \
	WASM_NUM_OP2(wasm_##i##_gt_s, bool, S, >)                              \
	WASM_NUM_OP2(wasm_##i##_gt_u, bool, U, >)                              \
	WASM_NUM_OP2(wasm_##i##_le_s, bool, S, <=)                             \
	WASM_NUM_OP2(wasm_##i##_le_u, bool, U, <=)                             \
	WASM_NUM_OP2(wasm_##i##_ge_s, bool, S, >=)                             \
	WASM_NUM_OP2(wasm_##i##_ge_u, bool, U, >=)                             \
	static inline U wasm_##i##_clz(U a)                                    \
	{                                                                      \
		return a ? (U)clz(a) : (bits);                                 \
	}                                                                      \
	static inline U wasm_##i##_ctz(U a)                                    \
	{                                                                      \
		return a ? (U)ctz(a) : (bits);                                 \
	}                                                                      \
	static inline U wasm_##i##_popcnt(U a)                                 \
	{                                                                      \
		return (U)WASM_NUM_POPCNT64(a);                                \
	}                                                                      \
	WASM_NUM_OP2(wasm_##i##_add, U, U, +)                                  \
	WASM_NUM_OP2(wasm_##i##_sub, U, U, -)                                  \
	WASM_NUM_OP2(wasm_##i##_mul, U, U, *)                                  \
	static inline enum wasm_num_trap wasm_##i##_div_s(S a, S b, S *out)    \
	{                                                                      \
		if (WASM_NUM_UNLIKELY(b == 0))                                 \
			return WASM_NUM_TRAP_DIV_ZERO;                         \
		if (WASM_NUM_UNLIKELY(a == (SMIN) && b == -1))                 \
			return WASM_NUM_TRAP_INT_OVERFLOW;                     \
		*out = a / b;                                                  \
		return WASM_NUM_OK;                                            \
	}                                                                      \
	static inline enum wasm_num_trap wasm_##i##_div_u(U a, U b, U *out)    \
	{                                                                      \
		if (WASM_NUM_UNLIKELY(b == 0))                                 \
			return WASM_NUM_TRAP_DIV_ZERO;                         \
		*out = a / b;                                                  \
		return WASM_NUM_OK;                                            \
	}                                                                      \
	static inline enum wasm_num_trap wasm_##i##_rem_s(S a, S b, S *out)    \
	{                                                                      \
		if (WASM_NUM_UNLIKELY(b == 0))                                 \
			return WASM_NUM_TRAP_DIV_ZERO;                         \
		*out = WASM_NUM_UNLIKELY(b == -1) ? 0 : a % b;                 \
		return WASM_NUM_OK;                                            \
	}                                                                      \
	static inline enum wasm_num_trap wasm_##i##_rem_u(U a, U b, U *out)    \
	{                                                                      \
		if (WASM_NUM_UNLIKELY(b == 0))                                 \
			return WASM_NUM_TRAP_DIV_ZERO;                         \
		*out = a % b;                                                  \
		return WASM_NUM_OK;                                            \
	}                                                                      \
	WASM_NUM_OP2(wasm_##i##_and, U, U, &)                                  \
	WASM_NUM_OP2(wasm_##i##_or, U, U, |)                                   \
	WASM_NUM_OP2(wasm_##i##_xor, U, U, ^)                                  \
	static inline U wasm_##i##_shl(U a, U b)                               \
	{                                                                      \
		return a << (b & ((bits)-1));                                  \
	}                                                                      \
	static inline S wasm_##i##_shr_s(S a, U b)                             \
	{                                                                      \
		return a >> (b & ((bits)-1));                                  \
	}                                                                      \
	static inline U wasm_##i##_shr_u(U a, U b)                             \
	{                                                                      \
		return a >> (b & ((bits)-1));                                  \
	}                                                                      \
	static inline U wasm_##i##_rotl(U a, U b)                              \
	{                                                                      \
		return (a << (b & ((bits)-1))) |                               \
		       (a >> (((bits)-b) & ((bits)-1)));                       \
	}                                                                      \
	static inline U wasm_##i##_rotr(U a, U b)                              \
	{                                                                      \
		return (a >> (b & ((bits)-1))) |                               \
		       (a << (((bits)-b) & ((bits)-1)));                       \
	}                                                                      \
	static inline S wasm_##i##_extend8_s(U a)                              \
	{                                                                      \
		return (int8_t)(uint8_t)a;                                     \
	}                                                                      \
	static inline S wasm_##i##_extend16_s(U a)                             \
	{                                                                      \
		return (int16_t)(uint16_t)a;                                   \
	}

WASM_NUM_INT_OPS(i32, uint32_t, int32_t, 32, INT32_MIN, __builtin_clz,
		 __builtin_ctz)
WASM_NUM_INT_OPS(i64, uint64_t, int64_t, 64, INT64_MIN, __builtin_clzll,
		 __builtin_ctzll)

static inline uint32_t wasm_i32_wrap_i64(uint64_t a)
{
	return (uint32_t)a;
}
static inline int64_t wasm_i64_extend32_s(uint64_t a)
{
	return (int32_t)(uint32_t)a;
}
static inline int64_t wasm_i64_extend_i32_s(int32_t a)
{
	return a;
}
static inline uint64_t wasm_i64_extend_i32_u(uint32_t a)
{
	return a;
}

/* ---- f32 and f64 -------------------------------------------------------- */

/*
 * Square root: one instruction (sqrtsd, fsqrt.d, ...), which rounds as
 * WebAssembly requires and gives a NaN the NaN rules allow.  That needs
 * -fno-math-errno, which every build of wasm/ sets (FP_FLAGS in the
 * Makefile): with errno, clang and gcc call libm's sqrt for negative
 * operands, and the kernel has no libm.
 */
#ifndef __NO_MATH_ERRNO__
#error "wasm/num.h needs -fno-math-errno (FP_FLAGS in the Makefile)"
#endif

static inline double wasm_f64_sqrt(double a)
{
	return __builtin_sqrt(a);
}

static inline float wasm_f32_sqrt(float a)
{
	return __builtin_sqrtf(a);
}

/*
 * The operations of float type f (f32): F/U/I its float, unsigned and
 * signed integer C types, P the constant prefix (WASM_F32), small the
 * magnitude bits from which every value is integral (2^23), inf those of
 * infinity, magic that magnitude as F.
 *
 * abs/neg/copysign work on the bit pattern (never touching a NaN payload),
 * with _bits variants.  min/max: -0 < +0, and any NaN operand gives the
 * canonical NaN (allowed by the spec whether the operands were canonical
 * or not).
 *
 * Rounding.  Below `small` a value may have a fraction: truncate through
 * the integer conversion (one instruction each way), then step by one for
 * floor/ceil and put the sign back so -0.5 -> -0.  At or above it the
 * value is already integral; a NaN is quieted.  nearest rounds half to
 * even: adding and removing 2^23 (2^52) rounds in the FPU's default
 * round-to-nearest-even mode.
 *
 * Comparisons are false for any NaN operand except ne.  trunc_trap tells
 * why a trapping conversion that returned false trapped: NaN is an
 * invalid conversion, anything else was out of range.
 */
#define WASM_NUM_FLOAT_OPS(f, F, U, I, P, small, inf, magic)                   \
	static inline U wasm_##f##_abs_bits(U a)                               \
	{                                                                      \
		return a & ~P##_SIGN;                                          \
	}                                                                      \
	static inline U wasm_##f##_neg_bits(U a)                               \
	{                                                                      \
		return a ^ P##_SIGN;                                           \
	}                                                                      \
	static inline U wasm_##f##_copysign_bits(U a, U b)                     \
	{                                                                      \
		return (a & ~P##_SIGN) | (b & P##_SIGN);                       \
	}                                                                      \
	static inline F wasm_##f##_abs(F a)                                    \
	{                                                                      \
		return wasm_##f##_from_bits(                                   \
			wasm_##f##_abs_bits(wasm_##f##_bits(a)));              \
	}                                                                      \
	static inline F wasm_##f##_neg(F a)                                    \
	{                                                                      \
		return wasm_##f##_from_bits(                                   \
			wasm_##f##_neg_bits(wasm_##f##_bits(a)));              \
	}                                                                      \
	static inline F wasm_##f##_copysign(F a, F b)                          \
	{                                                                      \
		return wasm_##f##_from_bits(wasm_##f##_copysign_bits(          \
			wasm_##f##_bits(a), wasm_##f##_bits(b)));              \
	}                                                                      \
	WASM_NUM_OP2(wasm_##f##_add, F, F, +)                                  \
	WASM_NUM_OP2(wasm_##f##_sub, F, F, -)                                  \
	WASM_NUM_OP2(wasm_##f##_mul, F, F, *)                                  \
	WASM_NUM_OP2(wasm_##f##_div, F, F, /)                                  \
	static inline F wasm_##f##_min(F a, F b)                               \
	{                                                                      \
		U ua = wasm_##f##_bits(a), ub = wasm_##f##_bits(b);            \
		U r = a < b ? ua : b < a ? ub : (ua | ub);                     \
		if (a != a || b != b)                                          \
			r = P##_CANON_NAN;                                     \
		return wasm_##f##_from_bits(r);                                \
	}                                                                      \
	static inline F wasm_##f##_max(F a, F b)                               \
	{                                                                      \
		U ua = wasm_##f##_bits(a), ub = wasm_##f##_bits(b);            \
		U r = a > b ? ua : b > a ? ub : (ua & ub);                     \
		if (a != a || b != b)                                          \
			r = P##_CANON_NAN;                                     \
		return wasm_##f##_from_bits(r);                                \
	}                                                                      \
	static inline F wasm_##f##_trunc(F a)                                  \
	{                                                                      \
		U u = wasm_##f##_bits(a), m = u & ~P##_SIGN;                   \
		if (WASM_NUM_LIKELY(m < (small))) {                            \
			F t = (F)(I)a;                                         \
			return wasm_##f##_from_bits(wasm_##f##_bits(t) |       \
						    (u & P##_SIGN));           \
		}                                                              \
		return m > (inf) ? wasm_##f##_from_bits(u | P##_QUIET_BIT)     \
				 : a;                                          \
	}                                                                      \
	static inline F wasm_##f##_floor(F a)                                  \
	{                                                                      \
		F t = wasm_##f##_trunc(a);                                     \
		return t > a ? t - (F)1 : t;                                   \
	}                                                                      \
	static inline F wasm_##f##_ceil(F a)                                   \
	{                                                                      \
		F t = wasm_##f##_trunc(a);                                     \
		return t < a ? t + (F)1 : t;                                   \
	}                                                                      \
	static inline F wasm_##f##_nearest(F a)                                \
	{                                                                      \
		U u = wasm_##f##_bits(a), m = u & ~P##_SIGN;                   \
		if (WASM_NUM_LIKELY(m < (small))) {                            \
			F t = (wasm_##f##_from_bits(m) + (magic)) - (magic);   \
			return wasm_##f##_from_bits(wasm_##f##_bits(t) |       \
						    (u & P##_SIGN));           \
		}                                                              \
		return m > (inf) ? wasm_##f##_from_bits(u | P##_QUIET_BIT)     \
				 : a;                                          \
	}                                                                      \
	WASM_NUM_OP2(wasm_##f##_eq, bool, F, ==)                               \
	WASM_NUM_OP2(wasm_##f##_ne, bool, F, !=)                               \
	WASM_NUM_OP2(wasm_##f##_lt, bool, F, <)                                \
	WASM_NUM_OP2(wasm_##f##_gt, bool, F, >)                                \
	WASM_NUM_OP2(wasm_##f##_le, bool, F, <=)                               \
	WASM_NUM_OP2(wasm_##f##_ge, bool, F, >=)                               \
	static inline enum wasm_num_trap wasm_trunc_##f##_trap(F in)           \
	{                                                                      \
		return in != in ? WASM_NUM_TRAP_INVALID_CONV                   \
				: WASM_NUM_TRAP_INT_OVERFLOW;                  \
	}

WASM_NUM_FLOAT_OPS(f32, float, uint32_t, int32_t, WASM_F32,
		   UINT32_C(0x4b000000), UINT32_C(0x7f800000), 0x1p23f)
WASM_NUM_FLOAT_OPS(f64, double, uint64_t, int64_t, WASM_F64,
		   UINT64_C(0x4330000000000000), UINT64_C(0x7ff0000000000000),
		   0x1p52)

/* ---- trapping float -> int conversions ----------------------------------- */

/* The range tests are written so that NaN fails them. */
static inline bool wasm_i32_trunc_f32_s(float in, int32_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in >= -0x1p31f && in < 0x1p31f)))
		return false;
	*out = (int32_t)in;
	return true;
}

static inline bool wasm_i32_trunc_f32_u(float in, uint32_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in > -1.0f && in < 0x1p32f)))
		return false;
	*out = (uint32_t)in;
	return true;
}

static inline bool wasm_i32_trunc_f64_s(double in, int32_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in > -0x1.00000002p31 && in < 0x1p31)))
		return false;
	*out = (int32_t)in;
	return true;
}

static inline bool wasm_i32_trunc_f64_u(double in, uint32_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in > -1.0 && in < 0x1p32)))
		return false;
	*out = (uint32_t)in;
	return true;
}

static inline bool wasm_i64_trunc_f32_s(float in, int64_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in >= -0x1p63f && in < 0x1p63f)))
		return false;
	*out = (int64_t)in;
	return true;
}

static inline bool wasm_i64_trunc_f32_u(float in, uint64_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in > -1.0f && in < 0x1p64f)))
		return false;
	*out = (uint64_t)in;
	return true;
}

static inline bool wasm_i64_trunc_f64_s(double in, int64_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in >= -0x1p63 && in < 0x1p63)))
		return false;
	*out = (int64_t)in;
	return true;
}

static inline bool wasm_i64_trunc_f64_u(double in, uint64_t *out)
{
	if (WASM_NUM_UNLIKELY(!(in > -1.0 && in < 0x1p64)))
		return false;
	*out = (uint64_t)in;
	return true;
}

/* ---- saturating float -> int conversions (NaN -> 0) ---------------------- */

static inline int32_t wasm_i32_trunc_sat_f32_s(float in)
{
	if (in >= -0x1p31f && in < 0x1p31f)
		return (int32_t)in;
	return in != in ? 0 : in < 0 ? INT32_MIN : INT32_MAX;
}

static inline uint32_t wasm_i32_trunc_sat_f32_u(float in)
{
	if (in > -1.0f && in < 0x1p32f)
		return (uint32_t)in;
	return in != in || in < 0 ? 0 : UINT32_MAX;
}

static inline int32_t wasm_i32_trunc_sat_f64_s(double in)
{
	if (in > -0x1.00000002p31 && in < 0x1p31)
		return (int32_t)in;
	return in != in ? 0 : in < 0 ? INT32_MIN : INT32_MAX;
}

static inline uint32_t wasm_i32_trunc_sat_f64_u(double in)
{
	if (in > -1.0 && in < 0x1p32)
		return (uint32_t)in;
	return in != in || in < 0 ? 0 : UINT32_MAX;
}

static inline int64_t wasm_i64_trunc_sat_f32_s(float in)
{
	if (in >= -0x1p63f && in < 0x1p63f)
		return (int64_t)in;
	return in != in ? 0 : in < 0 ? INT64_MIN : INT64_MAX;
}

static inline uint64_t wasm_i64_trunc_sat_f32_u(float in)
{
	if (in > -1.0f && in < 0x1p64f)
		return (uint64_t)in;
	return in != in || in < 0 ? 0 : UINT64_MAX;
}

static inline int64_t wasm_i64_trunc_sat_f64_s(double in)
{
	if (in >= -0x1p63 && in < 0x1p63)
		return (int64_t)in;
	return in != in ? 0 : in < 0 ? INT64_MIN : INT64_MAX;
}

static inline uint64_t wasm_i64_trunc_sat_f64_u(double in)
{
	if (in > -1.0 && in < 0x1p64)
		return (uint64_t)in;
	return in != in || in < 0 ? 0 : UINT64_MAX;
}

/* ---- int -> float, float <-> float, reinterpret ------------------------- */

/* C conversions round to nearest even, as the spec requires; both compilers
 * emit a correctly rounded sequence for the unsigned 64-bit cases. */
static inline float wasm_f32_convert_i32_s(int32_t a)
{
	return (float)a;
}
static inline float wasm_f32_convert_i32_u(uint32_t a)
{
	return (float)a;
}
static inline float wasm_f32_convert_i64_s(int64_t a)
{
	return (float)a;
}
static inline float wasm_f32_convert_i64_u(uint64_t a)
{
	return (float)a;
}
static inline double wasm_f64_convert_i32_s(int32_t a)
{
	return (double)a;
}
static inline double wasm_f64_convert_i32_u(uint32_t a)
{
	return (double)a;
}
static inline double wasm_f64_convert_i64_s(int64_t a)
{
	return (double)a;
}
static inline double wasm_f64_convert_i64_u(uint64_t a)
{
	return (double)a;
}

static inline float wasm_f32_demote_f64(double a)
{
	return (float)a;
}
static inline double wasm_f64_promote_f32(float a)
{
	return (double)a;
}

static inline uint32_t wasm_i32_reinterpret_f32(float a)
{
	return wasm_f32_bits(a);
}
static inline uint64_t wasm_i64_reinterpret_f64(double a)
{
	return wasm_f64_bits(a);
}
static inline float wasm_f32_reinterpret_i32(uint32_t a)
{
	return wasm_f32_from_bits(a);
}
static inline double wasm_f64_reinterpret_i64(uint64_t a)
{
	return wasm_f64_from_bits(a);
}

#endif /* WASM_NUM_H */
