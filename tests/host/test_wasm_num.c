/*
 * tests/host/test_wasm_num.c - hand-picked edge cases for wasm/num.h.
 *
 * Every check compares exact bit patterns.  Prints "N passed, N failed".
 */
#include <stdio.h>

#include "wasm/num.h"

static int passed, failed;

static void check_u64(const char *what, int line, uint64_t got, uint64_t want)
{
	if (got == want) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL line %d: %s: got 0x%llx, want 0x%llx\n", line, what,
	       (unsigned long long)got, (unsigned long long)want);
}

#define CHECK(expr, want)                                                      \
	check_u64(#expr, __LINE__, (uint64_t)(expr), (uint64_t)(want))
#define CHECK_F32(expr, want) CHECK(wasm_f32_bits(expr), want)
#define CHECK_F64(expr, want) CHECK(wasm_f64_bits(expr), want)
#define F32(u)		      wasm_f32_from_bits(u)
#define F64(u)		      wasm_f64_from_bits(u)

static void test_int(void)
{
	int32_t s32 = 0;
	uint32_t u32 = 0;
	int64_t s64 = 0;
	uint64_t u64 = 0;

	CHECK(wasm_i32_clz(0), 32);
	CHECK(wasm_i32_clz(1), 31);
	CHECK(wasm_i32_ctz(0), 32);
	CHECK(wasm_i32_ctz(0x80000000u), 31);
	CHECK(wasm_i64_clz(0), 64);
	CHECK(wasm_i64_ctz(0), 64);
	CHECK(wasm_i64_popcnt(UINT64_MAX), 64);
	CHECK(wasm_i32_popcnt(0xaaaaaaaau), 16);
	CHECK(wasm_i32_shl(1, 33), 2);
	CHECK((uint32_t)wasm_i32_shr_s(INT32_MIN, 31), 0xffffffffu);
	CHECK(wasm_i32_shr_u(0x80000000u, 63), 1);
	CHECK(wasm_i32_rotl(0x80000001u, 1), 3);
	CHECK(wasm_i32_rotl(0x12345678u, 0), 0x12345678u);
	CHECK(wasm_i32_rotr(1, 33), 0x80000000u);
	CHECK(wasm_i64_rotl(1, 64), 1);
	CHECK(wasm_i64_rotr(1, 1), UINT64_C(0x8000000000000000));
	CHECK(wasm_i32_div_s(INT32_MIN, -1, &s32), WASM_NUM_TRAP_INT_OVERFLOW);
	CHECK(wasm_i32_div_s(1, 0, &s32), WASM_NUM_TRAP_DIV_ZERO);
	CHECK(wasm_i32_div_s(-7, 2, &s32), WASM_NUM_OK);
	CHECK(s32, -3);
	CHECK(wasm_i32_rem_s(INT32_MIN, -1, &s32), WASM_NUM_OK);
	CHECK(s32, 0);
	CHECK(wasm_i32_rem_s(-7, 2, &s32), WASM_NUM_OK);
	CHECK(s32, -1);
	CHECK(wasm_i32_rem_u(7, 0, &u32), WASM_NUM_TRAP_DIV_ZERO);
	CHECK(wasm_i32_div_u(0xffffffffu, 2, &u32), WASM_NUM_OK);
	CHECK(u32, 0x7fffffffu);
	CHECK(wasm_i64_div_s(INT64_MIN, -1, &s64), WASM_NUM_TRAP_INT_OVERFLOW);
	CHECK(wasm_i64_rem_s(INT64_MIN, -1, &s64), WASM_NUM_OK);
	CHECK(s64, 0);
	CHECK(wasm_i64_div_u(5, 0, &u64), WASM_NUM_TRAP_DIV_ZERO);
	CHECK((uint32_t)wasm_i32_extend8_s(0x80), 0xffffff80u);
	CHECK((uint32_t)wasm_i32_extend16_s(0x17fff), 0x7fffu);
	CHECK((uint64_t)wasm_i64_extend32_s(0x80000000u),
	      UINT64_C(0xffffffff80000000));
	CHECK(wasm_i64_extend_i32_u(0xffffffffu), UINT64_C(0xffffffff));
	CHECK(wasm_i32_wrap_i64(UINT64_C(0x123456789)), 0x23456789u);
}

static void test_float(void)
{
	/* neg/abs/copysign keep signalling NaN payloads. */
	CHECK_F32(wasm_f32_neg(F32(0x7fa00001)), 0xffa00001u);
	CHECK_F32(wasm_f32_abs(F32(0xffa00001)), 0x7fa00001u);
	CHECK_F32(wasm_f32_copysign(F32(0x7f800001), F32(0x80000000)),
		  0xff800001u);
	CHECK_F64(wasm_f64_neg(F64(0x7ff0000000000001)), 0xfff0000000000001u);
	/* min/max: zeros and NaNs */
	CHECK_F32(wasm_f32_min(F32(0x00000000), F32(0x80000000)), 0x80000000u);
	CHECK_F32(wasm_f32_min(F32(0x80000000), F32(0x00000000)), 0x80000000u);
	CHECK_F32(wasm_f32_max(F32(0x80000000), F32(0x00000000)), 0x00000000u);
	CHECK_F32(wasm_f32_max(F32(0x7fa00000), 1.0f), WASM_F32_CANON_NAN);
	CHECK_F64(wasm_f64_min(1.0, F64(0xfff0000000000001)),
		  WASM_F64_CANON_NAN);
	CHECK_F64(wasm_f64_max(F64(0x8000000000000000), F64(0)), 0);
	CHECK_F64(wasm_f64_min(-1.0, 2.0), wasm_f64_bits(-1.0));
	/* rounding */
	CHECK_F32(wasm_f32_nearest(2.5f), wasm_f32_bits(2.0f));
	CHECK_F32(wasm_f32_nearest(3.5f), wasm_f32_bits(4.0f));
	CHECK_F32(wasm_f32_nearest(-0.5f), 0x80000000u);
	CHECK_F32(wasm_f32_nearest(0x1.fffffep22f), wasm_f32_bits(0x1p23f));
	CHECK_F32(wasm_f32_nearest(F32(0x7fa00000)), 0x7fe00000u);
	CHECK_F64(wasm_f64_nearest(-2.5), wasm_f64_bits(-2.0));
	CHECK_F64(wasm_f64_nearest(0x1.fffffffffffffp51),
		  wasm_f64_bits(0x1p52));
	CHECK_F64(wasm_f64_nearest(4503599627370497.0),
		  wasm_f64_bits(4503599627370497.0));
	CHECK_F32(wasm_f32_floor(-0.5f), wasm_f32_bits(-1.0f));
	CHECK_F32(wasm_f32_floor(F32(0x80000000)), 0x80000000u);
	CHECK_F32(wasm_f32_ceil(-0.5f), 0x80000000u);
	CHECK_F32(wasm_f32_ceil(0.25f), wasm_f32_bits(1.0f));
	CHECK_F32(wasm_f32_trunc(-1.75f), wasm_f32_bits(-1.0f));
	CHECK_F64(wasm_f64_floor(-0x1p-1074), wasm_f64_bits(-1.0));
	CHECK_F64(wasm_f64_ceil(0x1p-1074), wasm_f64_bits(1.0));
	CHECK_F64(wasm_f64_ceil(-0.75), UINT64_C(0x8000000000000000));
	CHECK_F64(wasm_f64_trunc(F64(0xfff0000000000001)), 0xfff8000000000001u);
	CHECK_F64(wasm_f64_floor(-0x1.fffffffffffffp51),
		  wasm_f64_bits(-0x1p52));
	/* sqrt */
	CHECK_F64(wasm_f64_sqrt(4.0), wasm_f64_bits(2.0));
	CHECK(wasm_f32_is_nan_bits(wasm_f32_bits(wasm_f32_sqrt(-1.0f))), 1);
	CHECK_F32(wasm_f32_sqrt(F32(0x80000000)), 0x80000000u);
}

static void test_conv(void)
{
	int32_t s32 = 0;
	uint32_t u32 = 0;
	int64_t s64 = 0;
	uint64_t u64 = 0;

	CHECK(wasm_i32_trunc_f32_s(-0x1p31f, &s32), true);
	CHECK((uint32_t)s32, 0x80000000u);
	CHECK(wasm_i32_trunc_f32_s(0x1p31f, &s32), false);
	CHECK(wasm_trunc_f32_trap(0x1p31f), WASM_NUM_TRAP_INT_OVERFLOW);
	CHECK(wasm_trunc_f32_trap(F32(0x7fc00000)), WASM_NUM_TRAP_INVALID_CONV);
	CHECK(wasm_i32_trunc_f64_s(-2147483648.9, &s32), true);
	CHECK((uint32_t)s32, 0x80000000u);
	CHECK(wasm_i32_trunc_f64_s(-2147483649.0, &s32), false);
	CHECK(wasm_i32_trunc_f64_u(-0.99, &u32), true);
	CHECK(u32, 0);
	CHECK(wasm_i32_trunc_f64_u(4294967295.9, &u32), true);
	CHECK(u32, 0xffffffffu);
	CHECK(wasm_i32_trunc_f64_u(4294967296.0, &u32), false);
	CHECK(wasm_i64_trunc_f64_s(0x1p63, &s64), false);
	CHECK(wasm_i64_trunc_f64_s(-0x1p63, &s64), true);
	CHECK((uint64_t)s64, UINT64_C(0x8000000000000000));
	CHECK(wasm_i64_trunc_f32_u(0x1p64f, &u64), false);
	CHECK(wasm_i64_trunc_f64_u(0x1.fffffffffffffp63, &u64), true);
	CHECK(u64, UINT64_C(0xfffffffffffff800));
	CHECK(wasm_trunc_f64_trap(F64(0x7ff0000000000001)),
	      WASM_NUM_TRAP_INVALID_CONV);
	CHECK(wasm_trunc_f64_trap(-1.0 / 0.0), WASM_NUM_TRAP_INT_OVERFLOW);

	CHECK((uint32_t)wasm_i32_trunc_sat_f32_s(F32(0x7fc00000)), 0);
	CHECK((uint32_t)wasm_i32_trunc_sat_f32_s(-1e10f), 0x80000000u);
	CHECK((uint32_t)wasm_i32_trunc_sat_f64_s(1e10), 0x7fffffffu);
	CHECK(wasm_i32_trunc_sat_f32_u(-5.0f), 0);
	CHECK(wasm_i32_trunc_sat_f64_u(1e300), 0xffffffffu);
	CHECK((uint64_t)wasm_i64_trunc_sat_f64_s(-1.0 / 0.0),
	      UINT64_C(0x8000000000000000));
	CHECK(wasm_i64_trunc_sat_f32_u(1.0f / 0.0f), UINT64_MAX);
	CHECK(wasm_i64_trunc_sat_f64_u(F64(0xfff8000000000000)), 0);

	CHECK_F32(wasm_f32_convert_i64_u(UINT64_C(0xffffffffffffffff)),
		  wasm_f32_bits(0x1p64f));
	CHECK_F32(wasm_f32_convert_i64_s(INT64_C(0x20000020000001)),
		  0x5a000001u);
	CHECK_F32(wasm_f32_convert_i64_u(UINT64_C(0x8000008000000001)),
		  0x5f000001u);
	CHECK_F64(wasm_f64_convert_i64_u(UINT64_C(0x8000000000000401)),
		  0x43e0000000000001u);
	CHECK_F32(wasm_f32_convert_i32_u(0xffffffffu), wasm_f32_bits(0x1p32f));
	CHECK_F32(wasm_f32_demote_f64(0x1.fffffefffffffp127), 0x7f7fffffu);
	CHECK_F32(wasm_f32_demote_f64(0x1.ffffffp127), 0x7f800000u);
	CHECK_F64(wasm_f64_promote_f32(F32(0x00000001)),
		  wasm_f64_bits(0x1p-149));
	CHECK(wasm_i32_reinterpret_f32(F32(0x7fa00001)), 0x7fa00001u);
	CHECK_F64(wasm_f64_reinterpret_i64(UINT64_C(0x7ff4000000000001)),
		  0x7ff4000000000001u);
}

int main(void)
{
	test_int();
	test_float();
	test_conv();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
