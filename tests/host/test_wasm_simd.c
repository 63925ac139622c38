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

static void check_v(const char *what, int line, union wasm_v128 got,
		    union wasm_v128 want)
{
	if (memcmp(&got, &want, 16) == 0) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL line %d: %s: got %08x %08x %08x %08x, want %08x %08x %08x "
	       "%08x\n",
	       line, what, got.u32[0], got.u32[1], got.u32[2], got.u32[3],
	       want.u32[0], want.u32[1], want.u32[2], want.u32[3]);
}

#define CHECK_V(expr, want) check_v(#expr, __LINE__, (expr), (want))

static union wasm_v128 v_u64(uint64_t a, uint64_t b)
{
	union wasm_v128 r;
	r.u64[0] = a;
	r.u64[1] = b;
	return r;
}

/* The load/store helpers read and write exactly their access size at any
 * alignment (the buffer is offset by one on purpose). */
static void test_memory(void)
{
	uint8_t mem[40];
	for (int i = 0; i < 40; i++)
		mem[i] = (uint8_t)(0x80 + i);
	const uint8_t *p = mem + 1;

	CHECK_V(wasm_v128_load(p),
		v_u32(0x84838281, 0x88878685, 0x8c8b8a89, 0x908f8e8d));
	CHECK_V(wasm_v128_const(p), wasm_v128_load(p));
	CHECK_V(wasm_v128_load8x8_s(p),
		v_u32(0xff82ff81, 0xff84ff83, 0xff86ff85, 0xff88ff87));
	CHECK_V(wasm_v128_load8x8_u(p),
		v_u32(0x00820081, 0x00840083, 0x00860085, 0x00880087));
	CHECK_V(wasm_v128_load16x4_s(p),
		v_u32(0xffff8281, 0xffff8483, 0xffff8685, 0xffff8887));
	CHECK_V(wasm_v128_load16x4_u(p),
		v_u32(0x00008281, 0x00008483, 0x00008685, 0x00008887));
	CHECK_V(wasm_v128_load32x2_s(p),
		v_u64(0xffffffff84838281u, 0xffffffff88878685u));
	CHECK_V(wasm_v128_load32x2_u(p), v_u64(0x84838281u, 0x88878685u));
	CHECK_V(wasm_v128_load8_splat(p),
		v_u32(0x81818181, 0x81818181, 0x81818181, 0x81818181));
	CHECK_V(wasm_v128_load16_splat(p),
		v_u32(0x82818281, 0x82818281, 0x82818281, 0x82818281));
	CHECK_V(wasm_v128_load32_splat(p),
		v_u32(0x84838281, 0x84838281, 0x84838281, 0x84838281));
	CHECK_V(wasm_v128_load64_splat(p),
		v_u32(0x84838281, 0x88878685, 0x84838281, 0x88878685));
	CHECK_V(wasm_v128_load32_zero(p), v_u32(0x84838281, 0, 0, 0));
	CHECK_V(wasm_v128_load64_zero(p), v_u32(0x84838281, 0x88878685, 0, 0));

	union wasm_v128 z = v_u32(0, 0, 0, 0);
	CHECK_V(wasm_v128_load8_lane(z, p, 15), v_u32(0, 0, 0, 0x81000000));
	CHECK_V(wasm_v128_load16_lane(z, p, 1), v_u32(0x82810000, 0, 0, 0));
	CHECK_V(wasm_v128_load32_lane(z, p, 2), v_u32(0, 0, 0x84838281, 0));
	CHECK_V(wasm_v128_load64_lane(z, p, 1),
		v_u32(0, 0, 0x84838281, 0x88878685));

	union wasm_v128 v =
		v_u32(0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c);
	uint8_t out[24];
	memset(out, 0xee, sizeof(out));
	wasm_v128_store(out + 1, v);
	CHECK_V(wasm_v128_load(out + 1), v);
	CHECK_V(v_u32(out[0], out[17], 0, 0), v_u32(0xee, 0xee, 0, 0));
	memset(out, 0xee, sizeof(out));
	wasm_v128_store8_lane(out + 1, v, 13);
	wasm_v128_store16_lane(out + 2, v, 7);
	wasm_v128_store32_lane(out + 4, v, 1);
	wasm_v128_store64_lane(out + 8, v, 1);
	CHECK_V(wasm_v128_load(out),
		v_u32(0x0f0e0deeu, 0x07060504, 0x0b0a0908, 0x0f0e0d0c));
	CHECK_V(v_u32(out[16], 0, 0, 0), v_u32(0xee, 0, 0, 0));
}

/* Lane access, shuffles and the operations whose spec tests are thin. */
static void test_lanes(void)
{
	union wasm_v128 v =
		v_u32(0x03020180, 0x07060504, 0x0b0a0908, 0xff0e0d0c);
	uint8_t rev[16], pick[16];
	for (int i = 0; i < 16; i++) {
		rev[i] = (uint8_t)(15 - i);
		pick[i] = (uint8_t)(i * 2);
	}
	CHECK_V(wasm_i8x16_shuffle(v, v, rev),
		v_u32(0x0c0d0eff, 0x08090a0b, 0x04050607, 0x80010203));
	CHECK_V(wasm_i8x16_shuffle(v, wasm_v128_not(v), pick),
		v_u32(0x06040280, 0x0e0c0a08, 0xf9fbfd7f, 0xf1f3f5f7));
	CHECK_V(wasm_i8x16_swizzle(v, v_u32(0x100f0100, 0xff800201, 0, 0)),
		v_u32(0x00ff0180, 0x00000201, 0x80808080, 0x80808080));
	CHECK_V(v_u32((uint32_t)wasm_i8x16_extract_lane_s(v, 0),
		      wasm_i8x16_extract_lane_u(v, 15),
		      (uint32_t)wasm_i16x8_extract_lane_s(v, 7),
		      wasm_i16x8_extract_lane_u(v, 0)),
		v_u32(0xffffff80u, 0xff, 0xffffff0eu, 0x0180));
	CHECK_V(wasm_i16x8_replace_lane(v, 7, 0x12345678),
		v_u32(0x03020180, 0x07060504, 0x0b0a0908, 0x56780d0c));
	CHECK_V(wasm_f32x4_replace_lane(v, 2, wasm_f32_from_bits(0x7fa00001)),
		v_u32(0x03020180, 0x07060504, 0x7fa00001, 0xff0e0d0c));
	CHECK_V(v_u64(wasm_f64_bits(wasm_f64x2_extract_lane(
			      v_u64(1, 0x7ff0000000000001u), 1)),
		      0),
		v_u64(0x7ff0000000000001u, 0));
	CHECK_V(v_u32(wasm_i8x16_bitmask(v), wasm_i16x8_bitmask(v),
		      wasm_i32x4_bitmask(v), wasm_i64x2_bitmask(v)),
		v_u32(0x8001, 0x80, 0x8, 0x2));
	CHECK_V(v_u32(wasm_i8x16_all_true(v),
		      wasm_i16x8_all_true(v_u32(0x00010001, 1, 1, 1)),
		      wasm_v128_any_true(v_u32(0, 0, 0, 0)),
		      wasm_v128_any_true(v_u32(0, 0, 0, 1))),
		v_u32(1, 0, 0, 1));
	CHECK_V(wasm_i8x16_popcnt(v_u32(0xff7f0100, 0x80aa5503, 0, 0)),
		v_u32(0x08070100, 0x01040402, 0, 0));
	CHECK_V(wasm_i64x2_shr_s(v_u64(0x8000000000000000u, 5), 65),
		v_u64(0xc000000000000000u, 2));
	CHECK_V(wasm_i8x16_shl(v_u32(0x01, 0, 0, 0), 9), v_u32(0x02, 0, 0, 0));
	CHECK_V(wasm_i64x2_mul(v_u64(0xffffffffffffffffu, 3),
			       v_u64(3, 0x5555555555555556u)),
		v_u64(0xfffffffffffffffdu, 2));
	CHECK_V(wasm_f64x2_nearest(
			v_u64(wasm_f64_bits(-0.5), 0x7ff4000000000000u)),
		v_u64(0x8000000000000000u, 0x7ffc000000000000u));
	CHECK_V(wasm_f32x4_demote_f64x2_zero(
			v_u64(wasm_f64_bits(1.0), 0x7ff8000000000000u)),
		v_u32(0x3f800000, 0x7fc00000, 0, 0));
	CHECK_V(wasm_i32x4_trunc_sat_f64x2_u_zero(
			v_u64(wasm_f64_bits(-1.0), wasm_f64_bits(1e10))),
		v_u32(0, 0xffffffffu, 0, 0));
}

int main(void)
{
	union wasm_v128 a =
		v_u32(0x80ff7f01, 0x00010203, 0xfffefdfc, 0x7fff8000);
	CHECK_V(wasm_i8x16_add_sat_s(a, a),
		v_u32(0x80fe7f02, 0x00020406, 0xfefcfaf8, 0x7ffe8000));
	CHECK_V(wasm_i8x16_abs(a),
		v_u32(0x80017f01, 0x00010203, 0x01020304, 0x7f018000));
	CHECK_V(wasm_i16x8_q15mulr_sat_s(v_u32(0x80008000, 0, 0, 0),
					 v_u32(0x80007fff, 0, 0, 0)),
		v_u32(0x7fff8001, 0, 0, 0));
	CHECK_V(wasm_i32x4_dot_i16x8_s(v_u32(0x80008000, 0, 0, 0),
				       v_u32(0x80008000, 0, 0, 0)),
		v_u32(0x80000000, 0, 0, 0));
	CHECK_V(wasm_f32x4_min(v_u32(0, 0x80000000, 0x7fa00000, 0x3f800000),
			       v_u32(0x80000000, 0, 0, 0xffc00001)),
		v_u32(0x80000000, 0x80000000, 0x7fc00000, 0x7fc00000));
	CHECK_V(wasm_f32x4_pmin(v_u32(0x7fa00000, 0, 0x3f800000, 0x80000000),
				v_u32(0, 0x7fa00000, 0x40000000, 0)),
		v_u32(0x7fa00000, 0, 0x3f800000, 0x80000000));
	CHECK_V(wasm_f32x4_neg(v_u32(0x7fa00000, 0, 0xff800000, 1)),
		v_u32(0xffa00000, 0x80000000, 0x7f800000, 0x80000001));
	CHECK_V(wasm_i8x16_narrow_i16x8_u(
			v_u32(0x01008000, 0x00ff7fff, 0, 0xffff0001), a),
		v_u32(0xffffff00, 0x00010000, 0x01ff00ff, 0xff000000));
	test_memory();
	test_lanes();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
