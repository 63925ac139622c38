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

/* ---- bit patterns ------------------------------------------------------ */

/* Union punning: defined in C, and a plain register move once inlined. */
static inline uint32_t wasm_f32_bits(float f)
{
	union {
		float f;
		uint32_t u;
	} x = {.f = f};
	return x.u;
}

static inline float wasm_f32_from_bits(uint32_t u)
{
	union {
		uint32_t u;
		float f;
	} x = {.u = u};
	return x.f;
}

static inline uint64_t wasm_f64_bits(double d)
{
	union {
		double d;
		uint64_t u;
	} x = {.d = d};
	return x.u;
}

static inline double wasm_f64_from_bits(uint64_t u)
{
	union {
		uint64_t u;
		double d;
	} x = {.u = u};
	return x.d;
}

static inline bool wasm_f32_is_nan_bits(uint32_t u)
{
	return (u & ~WASM_F32_SIGN) > UINT32_C(0x7f800000);
}

static inline bool wasm_f64_is_nan_bits(uint64_t u)
{
	return (u & ~WASM_F64_SIGN) > UINT64_C(0x7ff0000000000000);
}

/* ---- i32 ---------------------------------------------------------------- */

static inline bool wasm_i32_eqz(uint32_t a)
{
	return a == 0;
}
static inline bool wasm_i32_eq(uint32_t a, uint32_t b)
{
	return a == b;
}
static inline bool wasm_i32_ne(uint32_t a, uint32_t b)
{
	return a != b;
}
static inline bool wasm_i32_lt_s(int32_t a, int32_t b)
{
	return a < b;
}
static inline bool wasm_i32_lt_u(uint32_t a, uint32_t b)
{
	return a < b;
}
static inline bool wasm_i32_gt_s(int32_t a, int32_t b)
{
	return a > b;
}
static inline bool wasm_i32_gt_u(uint32_t a, uint32_t b)
{
	return a > b;
}
static inline bool wasm_i32_le_s(int32_t a, int32_t b)
{
	return a <= b;
}
static inline bool wasm_i32_le_u(uint32_t a, uint32_t b)
{
	return a <= b;
}
static inline bool wasm_i32_ge_s(int32_t a, int32_t b)
{
	return a >= b;
}
static inline bool wasm_i32_ge_u(uint32_t a, uint32_t b)
{
	return a >= b;
}

static inline uint32_t wasm_i32_clz(uint32_t a)
{
	return a ? (uint32_t)__builtin_clz(a) : 32;
}
static inline uint32_t wasm_i32_ctz(uint32_t a)
{
	return a ? (uint32_t)__builtin_ctz(a) : 32;
}
static inline uint32_t wasm_i32_popcnt(uint32_t a)
{
	return (uint32_t)WASM_NUM_POPCNT64(a);
}

static inline uint32_t wasm_i32_add(uint32_t a, uint32_t b)
{
	return a + b;
}
static inline uint32_t wasm_i32_sub(uint32_t a, uint32_t b)
{
	return a - b;
}
static inline uint32_t wasm_i32_mul(uint32_t a, uint32_t b)
{
	return a * b;
}

static inline enum wasm_num_trap wasm_i32_div_s(int32_t a, int32_t b,
						int32_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	if (WASM_NUM_UNLIKELY(a == INT32_MIN && b == -1))
		return WASM_NUM_TRAP_INT_OVERFLOW;
	*out = a / b;
	return WASM_NUM_OK;
}

static inline enum wasm_num_trap wasm_i32_div_u(uint32_t a, uint32_t b,
						uint32_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	*out = a / b;
	return WASM_NUM_OK;
}

static inline enum wasm_num_trap wasm_i32_rem_s(int32_t a, int32_t b,
						int32_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	*out = WASM_NUM_UNLIKELY(b == -1) ? 0 : a % b;
	return WASM_NUM_OK;
}

static inline enum wasm_num_trap wasm_i32_rem_u(uint32_t a, uint32_t b,
						uint32_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	*out = a % b;
	return WASM_NUM_OK;
}

static inline uint32_t wasm_i32_and(uint32_t a, uint32_t b)
{
	return a & b;
}
static inline uint32_t wasm_i32_or(uint32_t a, uint32_t b)
{
	return a | b;
}
static inline uint32_t wasm_i32_xor(uint32_t a, uint32_t b)
{
	return a ^ b;
}
static inline uint32_t wasm_i32_shl(uint32_t a, uint32_t b)
{
	return a << (b & 31);
}
static inline int32_t wasm_i32_shr_s(int32_t a, uint32_t b)
{
	return a >> (b & 31);
}
static inline uint32_t wasm_i32_shr_u(uint32_t a, uint32_t b)
{
	return a >> (b & 31);
}

static inline uint32_t wasm_i32_rotl(uint32_t a, uint32_t b)
{
	return (a << (b & 31)) | (a >> ((32 - b) & 31));
}

static inline uint32_t wasm_i32_rotr(uint32_t a, uint32_t b)
{
	return (a >> (b & 31)) | (a << ((32 - b) & 31));
}

static inline int32_t wasm_i32_extend8_s(uint32_t a)
{
	return (int8_t)(uint8_t)a;
}
static inline int32_t wasm_i32_extend16_s(uint32_t a)
{
	return (int16_t)(uint16_t)a;
}
static inline uint32_t wasm_i32_wrap_i64(uint64_t a)
{
	return (uint32_t)a;
}

/* ---- i64 ---------------------------------------------------------------- */

static inline bool wasm_i64_eqz(uint64_t a)
{
	return a == 0;
}
static inline bool wasm_i64_eq(uint64_t a, uint64_t b)
{
	return a == b;
}
static inline bool wasm_i64_ne(uint64_t a, uint64_t b)
{
	return a != b;
}
static inline bool wasm_i64_lt_s(int64_t a, int64_t b)
{
	return a < b;
}
static inline bool wasm_i64_lt_u(uint64_t a, uint64_t b)
{
	return a < b;
}
static inline bool wasm_i64_gt_s(int64_t a, int64_t b)
{
	return a > b;
}
static inline bool wasm_i64_gt_u(uint64_t a, uint64_t b)
{
	return a > b;
}
static inline bool wasm_i64_le_s(int64_t a, int64_t b)
{
	return a <= b;
}
static inline bool wasm_i64_le_u(uint64_t a, uint64_t b)
{
	return a <= b;
}
static inline bool wasm_i64_ge_s(int64_t a, int64_t b)
{
	return a >= b;
}
static inline bool wasm_i64_ge_u(uint64_t a, uint64_t b)
{
	return a >= b;
}

static inline uint64_t wasm_i64_clz(uint64_t a)
{
	return a ? (uint64_t)__builtin_clzll(a) : 64;
}
static inline uint64_t wasm_i64_ctz(uint64_t a)
{
	return a ? (uint64_t)__builtin_ctzll(a) : 64;
}
static inline uint64_t wasm_i64_popcnt(uint64_t a)
{
	return (uint64_t)WASM_NUM_POPCNT64(a);
}

static inline uint64_t wasm_i64_add(uint64_t a, uint64_t b)
{
	return a + b;
}
static inline uint64_t wasm_i64_sub(uint64_t a, uint64_t b)
{
	return a - b;
}
static inline uint64_t wasm_i64_mul(uint64_t a, uint64_t b)
{
	return a * b;
}

static inline enum wasm_num_trap wasm_i64_div_s(int64_t a, int64_t b,
						int64_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	if (WASM_NUM_UNLIKELY(a == INT64_MIN && b == -1))
		return WASM_NUM_TRAP_INT_OVERFLOW;
	*out = a / b;
	return WASM_NUM_OK;
}

static inline enum wasm_num_trap wasm_i64_div_u(uint64_t a, uint64_t b,
						uint64_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	*out = a / b;
	return WASM_NUM_OK;
}

static inline enum wasm_num_trap wasm_i64_rem_s(int64_t a, int64_t b,
						int64_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	*out = WASM_NUM_UNLIKELY(b == -1) ? 0 : a % b;
	return WASM_NUM_OK;
}

static inline enum wasm_num_trap wasm_i64_rem_u(uint64_t a, uint64_t b,
						uint64_t *out)
{
	if (WASM_NUM_UNLIKELY(b == 0))
		return WASM_NUM_TRAP_DIV_ZERO;
	*out = a % b;
	return WASM_NUM_OK;
}

static inline uint64_t wasm_i64_and(uint64_t a, uint64_t b)
{
	return a & b;
}
static inline uint64_t wasm_i64_or(uint64_t a, uint64_t b)
{
	return a | b;
}
static inline uint64_t wasm_i64_xor(uint64_t a, uint64_t b)
{
	return a ^ b;
}
static inline uint64_t wasm_i64_shl(uint64_t a, uint64_t b)
{
	return a << (b & 63);
}
static inline int64_t wasm_i64_shr_s(int64_t a, uint64_t b)
{
	return a >> (b & 63);
}
static inline uint64_t wasm_i64_shr_u(uint64_t a, uint64_t b)
{
	return a >> (b & 63);
}

static inline uint64_t wasm_i64_rotl(uint64_t a, uint64_t b)
{
	return (a << (b & 63)) | (a >> ((64 - b) & 63));
}

static inline uint64_t wasm_i64_rotr(uint64_t a, uint64_t b)
{
	return (a >> (b & 63)) | (a << ((64 - b) & 63));
}

static inline int64_t wasm_i64_extend8_s(uint64_t a)
{
	return (int8_t)(uint8_t)a;
}
static inline int64_t wasm_i64_extend16_s(uint64_t a)
{
	return (int16_t)(uint16_t)a;
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

/* ---- f32/f64 bit operations (never touch the NaN payload) --------------- */

static inline uint32_t wasm_f32_abs_bits(uint32_t a)
{
	return a & ~WASM_F32_SIGN;
}
static inline uint32_t wasm_f32_neg_bits(uint32_t a)
{
	return a ^ WASM_F32_SIGN;
}
static inline uint32_t wasm_f32_copysign_bits(uint32_t a, uint32_t b)
{
	return (a & ~WASM_F32_SIGN) | (b & WASM_F32_SIGN);
}
static inline uint64_t wasm_f64_abs_bits(uint64_t a)
{
	return a & ~WASM_F64_SIGN;
}
static inline uint64_t wasm_f64_neg_bits(uint64_t a)
{
	return a ^ WASM_F64_SIGN;
}
static inline uint64_t wasm_f64_copysign_bits(uint64_t a, uint64_t b)
{
	return (a & ~WASM_F64_SIGN) | (b & WASM_F64_SIGN);
}

static inline float wasm_f32_abs(float a)
{
	return wasm_f32_from_bits(wasm_f32_abs_bits(wasm_f32_bits(a)));
}
static inline float wasm_f32_neg(float a)
{
	return wasm_f32_from_bits(wasm_f32_neg_bits(wasm_f32_bits(a)));
}
static inline float wasm_f32_copysign(float a, float b)
{
	return wasm_f32_from_bits(
		wasm_f32_copysign_bits(wasm_f32_bits(a), wasm_f32_bits(b)));
}
static inline double wasm_f64_abs(double a)
{
	return wasm_f64_from_bits(wasm_f64_abs_bits(wasm_f64_bits(a)));
}
static inline double wasm_f64_neg(double a)
{
	return wasm_f64_from_bits(wasm_f64_neg_bits(wasm_f64_bits(a)));
}
static inline double wasm_f64_copysign(double a, double b)
{
	return wasm_f64_from_bits(
		wasm_f64_copysign_bits(wasm_f64_bits(a), wasm_f64_bits(b)));
}

/* ---- f32/f64 arithmetic -------------------------------------------------- */

static inline float wasm_f32_add(float a, float b)
{
	return a + b;
}
static inline float wasm_f32_sub(float a, float b)
{
	return a - b;
}
static inline float wasm_f32_mul(float a, float b)
{
	return a * b;
}
static inline float wasm_f32_div(float a, float b)
{
	return a / b;
}
static inline double wasm_f64_add(double a, double b)
{
	return a + b;
}
static inline double wasm_f64_sub(double a, double b)
{
	return a - b;
}
static inline double wasm_f64_mul(double a, double b)
{
	return a * b;
}
static inline double wasm_f64_div(double a, double b)
{
	return a / b;
}

/*
 * Square root as one instruction.  __builtin_sqrt is not usable: with
 * -fmath-errno (the default) clang and gcc keep a call to libm's sqrt for
 * negative operands, and the kernel has no libm.
 */
static inline double wasm_f64_sqrt(double a)
{
#if defined(__x86_64__) && defined(__SSE2__)
	__asm__("sqrtsd %1, %0" : "=x"(a) : "x"(a));
#elif defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 64
	__asm__("fsqrt.d %0, %1" : "=f"(a) : "f"(a));
#elif defined(__aarch64__)
	__asm__("fsqrt %d0, %d1" : "=w"(a) : "w"(a));
#else
#error "wasm/num.h: no square root instruction known for this target"
#endif
	return a;
}

static inline float wasm_f32_sqrt(float a)
{
#if defined(__x86_64__) && defined(__SSE2__)
	__asm__("sqrtss %1, %0" : "=x"(a) : "x"(a));
#elif defined(__riscv) && defined(__riscv_flen)
	__asm__("fsqrt.s %0, %1" : "=f"(a) : "f"(a));
#elif defined(__aarch64__)
	__asm__("fsqrt %s0, %s1" : "=w"(a) : "w"(a));
#else
#error "wasm/num.h: no square root instruction known for this target"
#endif
	return a;
}

/*
 * min/max: -0 < +0, and any NaN operand gives the canonical NaN (allowed by
 * the spec whether the operands were canonical or not).
 */
static inline float wasm_f32_min(float a, float b)
{
	uint32_t ua = wasm_f32_bits(a), ub = wasm_f32_bits(b);
	uint32_t r = a < b ? ua : b < a ? ub : (ua | ub);
	if (a != a || b != b)
		r = WASM_F32_CANON_NAN;
	return wasm_f32_from_bits(r);
}

static inline float wasm_f32_max(float a, float b)
{
	uint32_t ua = wasm_f32_bits(a), ub = wasm_f32_bits(b);
	uint32_t r = a > b ? ua : b > a ? ub : (ua & ub);
	if (a != a || b != b)
		r = WASM_F32_CANON_NAN;
	return wasm_f32_from_bits(r);
}

static inline double wasm_f64_min(double a, double b)
{
	uint64_t ua = wasm_f64_bits(a), ub = wasm_f64_bits(b);
	uint64_t r = a < b ? ua : b < a ? ub : (ua | ub);
	if (a != a || b != b)
		r = WASM_F64_CANON_NAN;
	return wasm_f64_from_bits(r);
}

static inline double wasm_f64_max(double a, double b)
{
	uint64_t ua = wasm_f64_bits(a), ub = wasm_f64_bits(b);
	uint64_t r = a > b ? ua : b > a ? ub : (ua & ub);
	if (a != a || b != b)
		r = WASM_F64_CANON_NAN;
	return wasm_f64_from_bits(r);
}

/*
 * Rounding.  Below 2^23 (f32) / 2^52 (f64) a value may have a fraction:
 * truncate through the integer conversion (one instruction each way), then
 * step by one for floor/ceil and put the sign back so -0.5 -> -0.  At or
 * above that magnitude the value is already integral; a NaN is quieted.
 */
static inline float wasm_f32_trunc(float a)
{
	uint32_t u = wasm_f32_bits(a), m = u & ~WASM_F32_SIGN;
	if (WASM_NUM_LIKELY(m < UINT32_C(0x4b000000))) {
		float t = (float)(int32_t)a;
		return wasm_f32_from_bits(wasm_f32_bits(t) |
					  (u & WASM_F32_SIGN));
	}
	return m > UINT32_C(0x7f800000)
		       ? wasm_f32_from_bits(u | WASM_F32_QUIET_BIT)
		       : a;
}

static inline float wasm_f32_floor(float a)
{
	float t = wasm_f32_trunc(a);
	return t > a ? t - 1.0f : t;
}

static inline float wasm_f32_ceil(float a)
{
	float t = wasm_f32_trunc(a);
	return t < a ? t + 1.0f : t;
}

/* Round half to even: adding and removing 2^23 rounds in the FPU's
 * default round-to-nearest-even mode. */
static inline float wasm_f32_nearest(float a)
{
	uint32_t u = wasm_f32_bits(a), m = u & ~WASM_F32_SIGN;
	if (WASM_NUM_LIKELY(m < UINT32_C(0x4b000000))) {
		float t = (wasm_f32_from_bits(m) + 0x1p23f) - 0x1p23f;
		return wasm_f32_from_bits(wasm_f32_bits(t) |
					  (u & WASM_F32_SIGN));
	}
	return m > UINT32_C(0x7f800000)
		       ? wasm_f32_from_bits(u | WASM_F32_QUIET_BIT)
		       : a;
}

static inline double wasm_f64_trunc(double a)
{
	uint64_t u = wasm_f64_bits(a), m = u & ~WASM_F64_SIGN;
	if (WASM_NUM_LIKELY(m < UINT64_C(0x4330000000000000))) {
		double t = (double)(int64_t)a;
		return wasm_f64_from_bits(wasm_f64_bits(t) |
					  (u & WASM_F64_SIGN));
	}
	return m > UINT64_C(0x7ff0000000000000)
		       ? wasm_f64_from_bits(u | WASM_F64_QUIET_BIT)
		       : a;
}

static inline double wasm_f64_floor(double a)
{
	double t = wasm_f64_trunc(a);
	return t > a ? t - 1.0 : t;
}

static inline double wasm_f64_ceil(double a)
{
	double t = wasm_f64_trunc(a);
	return t < a ? t + 1.0 : t;
}

static inline double wasm_f64_nearest(double a)
{
	uint64_t u = wasm_f64_bits(a), m = u & ~WASM_F64_SIGN;
	if (WASM_NUM_LIKELY(m < UINT64_C(0x4330000000000000))) {
		double t = (wasm_f64_from_bits(m) + 0x1p52) - 0x1p52;
		return wasm_f64_from_bits(wasm_f64_bits(t) |
					  (u & WASM_F64_SIGN));
	}
	return m > UINT64_C(0x7ff0000000000000)
		       ? wasm_f64_from_bits(u | WASM_F64_QUIET_BIT)
		       : a;
}

/* ---- float comparisons (false for any NaN operand except ne) ------------ */

static inline bool wasm_f32_eq(float a, float b)
{
	return a == b;
}
static inline bool wasm_f32_ne(float a, float b)
{
	return a != b;
}
static inline bool wasm_f32_lt(float a, float b)
{
	return a < b;
}
static inline bool wasm_f32_gt(float a, float b)
{
	return a > b;
}
static inline bool wasm_f32_le(float a, float b)
{
	return a <= b;
}
static inline bool wasm_f32_ge(float a, float b)
{
	return a >= b;
}
static inline bool wasm_f64_eq(double a, double b)
{
	return a == b;
}
static inline bool wasm_f64_ne(double a, double b)
{
	return a != b;
}
static inline bool wasm_f64_lt(double a, double b)
{
	return a < b;
}
static inline bool wasm_f64_gt(double a, double b)
{
	return a > b;
}
static inline bool wasm_f64_le(double a, double b)
{
	return a <= b;
}
static inline bool wasm_f64_ge(double a, double b)
{
	return a >= b;
}

/* ---- trapping float -> int conversions ----------------------------------- */

/* Why a trunc that returned false trapped: NaN is an invalid conversion,
 * anything else was out of range. */
static inline enum wasm_num_trap wasm_trunc_f32_trap(float in)
{
	return in != in ? WASM_NUM_TRAP_INVALID_CONV
			: WASM_NUM_TRAP_INT_OVERFLOW;
}

static inline enum wasm_num_trap wasm_trunc_f64_trap(double in)
{
	return in != in ? WASM_NUM_TRAP_INVALID_CONV
			: WASM_NUM_TRAP_INT_OVERFLOW;
}

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

/* ---- int -> float, float <-> float, reinterpret ---------------------------
 */

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
