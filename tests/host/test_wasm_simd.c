/*
 * tests/host/test_wasm_simd.c - hand-picked edge cases for wasm/simd.h.
 *
 * Prints "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "wasm/simd.h"

static int passed, failed;

static union wasm_v128 v_u32(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	union wasm_v128 r;
	r.u32[0] = a;
	r.u32[1] = b;
	r.u32[2] = c;
	r.u32[3] = d;
	return r;
}

static void check_v(const char *what, int line, union wasm_v128 got, union wasm_v128 want)
{
	if (memcmp(&got, &want, 16) == 0) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL line %d: %s: got %08x %08x %08x %08x, want %08x %08x %08x %08x\n", line, what,
	       got.u32[0], got.u32[1], got.u32[2], got.u32[3], want.u32[0], want.u32[1], want.u32[2],
	       want.u32[3]);
}

#define CHECK_V(expr, want) check_v(#expr, __LINE__, (expr), (want))

int main(void)
{
	union wasm_v128 a = v_u32(0x80ff7f01, 0x00010203, 0xfffefdfc, 0x7fff8000);
	CHECK_V(wasm_i8x16_add_sat_s(a, a), v_u32(0x80fe7f02, 0x00020406, 0xfefcfaf8, 0x7ffe8000));
	CHECK_V(wasm_i8x16_abs(a), v_u32(0x80017f01, 0x00010203, 0x01020304, 0x7f018000));
	CHECK_V(wasm_i16x8_q15mulr_sat_s(v_u32(0x80008000, 0, 0, 0), v_u32(0x80007fff, 0, 0, 0)),
		v_u32(0x7fff8001, 0, 0, 0));
	CHECK_V(wasm_i32x4_dot_i16x8_s(v_u32(0x80008000, 0, 0, 0), v_u32(0x80008000, 0, 0, 0)),
		v_u32(0x80000000, 0, 0, 0));
	CHECK_V(wasm_f32x4_min(v_u32(0, 0x80000000, 0x7fa00000, 0x3f800000),
			       v_u32(0x80000000, 0, 0, 0xffc00001)),
		v_u32(0x80000000, 0x80000000, 0x7fc00000, 0x7fc00000));
	CHECK_V(wasm_f32x4_pmin(v_u32(0x7fa00000, 0, 0x3f800000, 0x80000000),
				v_u32(0, 0x7fa00000, 0x40000000, 0)),
		v_u32(0x7fa00000, 0, 0x3f800000, 0x80000000));
	CHECK_V(wasm_f32x4_neg(v_u32(0x7fa00000, 0, 0xff800000, 1)),
		v_u32(0xffa00000, 0x80000000, 0x7f800000, 0x80000001));
	CHECK_V(wasm_i8x16_narrow_i16x8_u(v_u32(0x01008000, 0x00ff7fff, 0, 0xffff0001), a),
		v_u32(0xffffff00, 0x00010000, 0x01ff00ff, 0xff000000));
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
