/*
 * tests/host/test_wasm_num_diff.c - randomized differential checks of
 * wasm/num.h and wasm/simd.h against independent reference code.
 *
 * Scalar rounding is compared with libm, conversions with long double
 * arithmetic (exact for every 64-bit integer), min/max with a direct reading
 * of the spec; every SIMD operation with non-trivial lane code is compared
 * lane by lane with a plain scalar reference.  Inputs are random bit
 * patterns biased towards the interesting ranges (integers near the rounding
 * limits, zeros, infinities, NaNs with payloads, lane extremes).
 *
 * Prints "N passed, N failed" (one check per operation; an operation fails
 * at its first mismatch, which is printed).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tests/host/common/check.h"
#include "wasm/simd.h"

#define ITER 100000

static uint64_t rng = 0x2545f4914f6cdd1du;

static uint64_t next(void)
{
	return check_xorshift64(&rng);
}

/* Conversion limits, moved by a few ulps either way. */
static const double f64_edges[] = {0x1p31,	 0x1p32, 0x1p63, 0x1p64,
				   2147483649.0, 0x1p52, 0x1p23, 0.5,
				   1.0,		 1.5,	 2.5};

/* A float bit pattern: often near integer boundaries or special. */
static uint32_t rand_f32(void)
{
	uint64_t r = next();
	uint32_t sign = (uint32_t)(r >> 63) << 31,
		 mant = (uint32_t)r & 0x7fffff;
	if ((r & 0x300) == 0)
		return sign |
		       (wasm_f32_bits(
				(float)f64_edges[(r >> 10) %
						 (sizeof(f64_edges) /
						  sizeof(f64_edges[0]))]) +
			(uint32_t)((r >> 20) % 5) - 2);
	switch ((r >> 32) & 7) {
	case 0:
		return (uint32_t)(r >> 16); /* anything */
	case 1:
		return sign | mant; /* zero or subnormal */
	case 2:
		return sign | 0x7f800000 |
		       ((r >> 40) & 1 ? mant : 0); /* inf or NaN */
	case 3:
		return sign | (uint32_t)(0x3f + ((r >> 40) & 3)) << 24 | mant;
	default:
		return sign | (uint32_t)(120 + ((r >> 40) % 44)) << 23 |
		       mant; /* 2^-7 .. 2^36 */
	}
}

static uint64_t rand_f64(void)
{
	uint64_t r = next(), m = next() & 0xfffffffffffffu;
	uint64_t sign = r & (UINT64_C(1) << 63);
	if ((r & 0x300) == 0)
		return sign |
		       (wasm_f64_bits(
				f64_edges[(r >> 10) % (sizeof(f64_edges) /
						       sizeof(f64_edges[0]))]) +
			((r >> 20) % 5) - 2);
	switch ((r >> 32) & 7) {
	case 0:
		return next();
	case 1:
		return sign | m;
	case 2:
		return sign | UINT64_C(0x7ff0000000000000) |
		       ((r >> 40) & 1 ? m : 0);
	default:
		return sign | (uint64_t)(1016 + ((r >> 40) % 76)) << 52 |
		       m; /* 2^-7 .. 2^68 */
	}
}

/* Integers biased to lane extremes. */
static uint64_t rand_int(void)
{
	uint64_t r = next();
	switch (r & 3) {
	case 0:
		return r;
	case 1:
		return r >> (r >> 58);
	case 2:
		return ~(r >> (r >> 58));
	default:
		return (r & 0x8000000000000000u) ? 0x8000000080008080u
						 : 0x7fffffff7fff7f7fu;
	}
}

/* Lane values at the saturation limits of every width. */
static const int32_t int_edges[] = {0,	    1,	     -1,	127,	  128,
				    -128,   -129,    255,	256,	  32767,
				    32768,  -32768,  -32769,	65535,	  65536,
				    0x4000, -0x4000, INT32_MAX, INT32_MIN};

static union wasm_v128 rand_v128(int kind)
{
	union wasm_v128 v;
	for (int i = 0; i < 4; i++)
		v.u32[i] = kind == 1 ? rand_f32() : (uint32_t)rand_int();
	if (kind == 0 && (next() & 1)) {
		for (int i = 0; i < 8; i++) {
			uint64_t r = next();
			int32_t e =
				int_edges[(r >> 8) % (sizeof(int_edges) /
						      sizeof(int_edges[0]))];
			if ((r & 3) == 0)
				v.u16[i] = (uint16_t)e;
			else if ((r & 3) == 1 && i < 4)
				v.u32[i] = (uint32_t)e;
		}
	}
	if (kind == 2)
		for (int i = 0; i < 2; i++)
			v.u64[i] = rand_f64();
	return v;
}

static bool report(const char *what, bool ok, uint64_t in1, uint64_t in2,
		   uint64_t got, uint64_t want)
{
	if (ok)
		return true;
	printf("FAIL %s: in 0x%llx 0x%llx: got 0x%llx want 0x%llx\n", what,
	       (unsigned long long)in1, (unsigned long long)in2,
	       (unsigned long long)got, (unsigned long long)want);
	return false;
}

/* ---- scalar
 * --------------------------------------------------------------------- */

/* NaN results of the rounding functions: the operand with its quiet bit set. */
static uint32_t ref_round32(uint32_t u, float (*libm)(float))
{
	if (wasm_f32_is_nan_bits(u))
		return u | WASM_F32_QUIET_BIT;
	return wasm_f32_bits(libm(wasm_f32_from_bits(u)));
}

static uint64_t ref_round64(uint64_t u, double (*libm)(double))
{
	if (wasm_f64_is_nan_bits(u))
		return u | WASM_F64_QUIET_BIT;
	return wasm_f64_bits(libm(wasm_f64_from_bits(u)));
}

static void test_rounding(void)
{
	static const struct {
		const char *name;
		float (*mine)(float);
		float (*libm)(float);
	} r32[] = {{"f32.floor", wasm_f32_floor, floorf},
		   {"f32.ceil", wasm_f32_ceil, ceilf},
		   {"f32.trunc", wasm_f32_trunc, truncf},
		   {"f32.nearest", wasm_f32_nearest, nearbyintf}};
	static const struct {
		const char *name;
		double (*mine)(double);
		double (*libm)(double);
	} r64[] = {{"f64.floor", wasm_f64_floor, floor},
		   {"f64.ceil", wasm_f64_ceil, ceil},
		   {"f64.trunc", wasm_f64_trunc, trunc},
		   {"f64.nearest", wasm_f64_nearest, nearbyint}};
	for (size_t k = 0; k < 4; k++) {
		bool ok = true;
		for (int i = 0; i < ITER && ok; i++) {
			uint32_t u = rand_f32();
			uint32_t got = wasm_f32_bits(
				r32[k].mine(wasm_f32_from_bits(u)));
			ok = report(r32[k].name,
				    got == ref_round32(u, r32[k].libm), u, 0,
				    got, ref_round32(u, r32[k].libm));
		}
		check_count(ok);
		ok = true;
		for (int i = 0; i < ITER && ok; i++) {
			uint64_t u = rand_f64();
			uint64_t got = wasm_f64_bits(
				r64[k].mine(wasm_f64_from_bits(u)));
			ok = report(r64[k].name,
				    got == ref_round64(u, r64[k].libm), u, 0,
				    got, ref_round64(u, r64[k].libm));
		}
		check_count(ok);
	}
}

static uint64_t ref_minmax64(uint64_t a, uint64_t b, bool is_max)
{
	double x = wasm_f64_from_bits(a), y = wasm_f64_from_bits(b);
	if (isnan(x) || isnan(y))
		return WASM_F64_CANON_NAN;
	if (x == 0 && y == 0)
		return (signbit(x) && signbit(y)) ||
				       (!is_max && (signbit(x) || signbit(y)))
			       ? WASM_F64_SIGN
			       : 0;
	return wasm_f64_bits(is_max ? (x > y ? x : y) : (x < y ? x : y));
}

static void test_minmax(void)
{
	for (int is_max = 0; is_max < 2; is_max++) {
		bool ok = true;
		for (int i = 0; i < ITER && ok; i++) {
			uint64_t a = rand_f64(),
				 b = (i & 3) ? rand_f64() : a ^ WASM_F64_SIGN;
			double x = wasm_f64_from_bits(a),
			       y = wasm_f64_from_bits(b);
			uint64_t got =
				wasm_f64_bits(is_max ? wasm_f64_max(x, y)
						     : wasm_f64_min(x, y));
			ok = report(is_max ? "f64.max" : "f64.min",
				    got == ref_minmax64(a, b, is_max), a, b,
				    got, ref_minmax64(a, b, is_max));
			/* f32 through the same reference: promotion is exact */
			uint32_t a32 = rand_f32(),
				 b32 = (i & 3) ? rand_f32()
					       : a32 ^ WASM_F32_SIGN;
			float x32 = wasm_f32_from_bits(a32),
			      y32 = wasm_f32_from_bits(b32);
			uint32_t got32 =
				wasm_f32_bits(is_max ? wasm_f32_max(x32, y32)
						     : wasm_f32_min(x32, y32));
			uint64_t want = ref_minmax64(
				wasm_f64_bits(x32), wasm_f64_bits(y32), is_max);
			uint32_t want32 =
				want == WASM_F64_CANON_NAN
					? WASM_F32_CANON_NAN
					: wasm_f32_bits(
						  (float)wasm_f64_from_bits(
							  want));
			ok = ok &&
			     report(is_max ? "f32.max" : "f32.min",
				    got32 == want32, a32, b32, got32, want32);
		}
		check_count(ok);
	}
}

/* Conversions against long double (64-bit mantissa on x86_64: every 64-bit
 * integer and every double is exact, truncation by truncl is exact). */
static bool ref_trunc(long double x, long double lo, long double hi,
		      long double *out)
{
	if (isnan(x))
		return false;
	*out = truncl(x);
	return *out >= lo && *out <= hi;
}

static void test_conversions(void)
{
	bool ok = true;
	for (int i = 0; i < ITER && ok; i++) {
		uint64_t u = rand_f64();
		uint32_t u32 = rand_f32();
		double x = wasm_f64_from_bits(u);
		float f = wasm_f32_from_bits(u32);
		long double t;
		int32_t s32 = 0;
		uint32_t v32 = 0;
		int64_t s64 = 0;
		uint64_t v64 = 0;
		bool valid;

		valid = ref_trunc(x, -2147483648.0L, 2147483647.0L, &t);
		ok = ok && report("i32.trunc_f64_s",
				  wasm_i32_trunc_f64_s(x, &s32) == valid &&
					  (!valid || s32 == (int32_t)t),
				  u, 0, (uint32_t)s32, valid);
		ok = ok &&
		     report("i32.trunc_sat_f64_s",
			    wasm_i32_trunc_sat_f64_s(x) ==
				    (isnan(x) ? 0
				     : valid  ? (int32_t)t
				     : x < 0  ? INT32_MIN
					      : INT32_MAX),
			    u, 0, (uint32_t)wasm_i32_trunc_sat_f64_s(x), 0);
		valid = ref_trunc(x, 0, 4294967295.0L, &t);
		ok = ok && report("i32.trunc_f64_u",
				  wasm_i32_trunc_f64_u(x, &v32) == valid &&
					  (!valid || v32 == (uint32_t)t),
				  u, 0, v32, valid);
		ok = ok && report("i32.trunc_sat_f64_u",
				  wasm_i32_trunc_sat_f64_u(x) ==
					  (isnan(x) ? 0
					   : valid  ? (uint32_t)t
					   : x < 0  ? 0
						    : UINT32_MAX),
				  u, 0, wasm_i32_trunc_sat_f64_u(x), 0);
		valid = ref_trunc(x, -9223372036854775808.0L,
				  9223372036854775807.0L, &t);
		ok = ok && report("i64.trunc_f64_s",
				  wasm_i64_trunc_f64_s(x, &s64) == valid &&
					  (!valid || s64 == (int64_t)t),
				  u, 0, (uint64_t)s64, valid);
		ok = ok &&
		     report("i64.trunc_sat_f64_s",
			    wasm_i64_trunc_sat_f64_s(x) ==
				    (isnan(x) ? 0
				     : valid  ? (int64_t)t
				     : x < 0  ? INT64_MIN
					      : INT64_MAX),
			    u, 0, (uint64_t)wasm_i64_trunc_sat_f64_s(x), 0);
		valid = ref_trunc(x, 0, 18446744073709551615.0L, &t);
		ok = ok && report("i64.trunc_f64_u",
				  wasm_i64_trunc_f64_u(x, &v64) == valid &&
					  (!valid || v64 == (uint64_t)t),
				  u, 0, v64, valid);
		ok = ok && report("i64.trunc_sat_f64_u",
				  wasm_i64_trunc_sat_f64_u(x) ==
					  (isnan(x) ? 0
					   : valid  ? (uint64_t)t
					   : x < 0  ? 0
						    : UINT64_MAX),
				  u, 0, wasm_i64_trunc_sat_f64_u(x), 0);

		valid = ref_trunc(f, -2147483648.0L, 2147483647.0L, &t);
		ok = ok && report("i32.trunc_f32_s",
				  wasm_i32_trunc_f32_s(f, &s32) == valid &&
					  (!valid || s32 == (int32_t)t),
				  u32, 0, (uint32_t)s32, valid);
		ok = ok && report("i32.trunc_sat_f32_s",
				  wasm_i32_trunc_sat_f32_s(f) ==
					  (isnan(f) ? 0
					   : valid  ? (int32_t)t
					   : f < 0  ? INT32_MIN
						    : INT32_MAX),
				  u32, 0, 0, 0);
		valid = ref_trunc(f, 0, 4294967295.0L, &t);
		ok = ok && report("i32.trunc_f32_u",
				  wasm_i32_trunc_f32_u(f, &v32) == valid &&
					  (!valid || v32 == (uint32_t)t),
				  u32, 0, v32, valid);
		ok = ok && report("i32.trunc_sat_f32_u",
				  wasm_i32_trunc_sat_f32_u(f) ==
					  (isnan(f) ? 0
					   : valid  ? (uint32_t)t
					   : f < 0  ? 0
						    : UINT32_MAX),
				  u32, 0, 0, 0);
		valid = ref_trunc(f, -9223372036854775808.0L,
				  9223372036854775807.0L, &t);
		ok = ok && report("i64.trunc_f32_s",
				  wasm_i64_trunc_f32_s(f, &s64) == valid &&
					  (!valid || s64 == (int64_t)t),
				  u32, 0, (uint64_t)s64, valid);
		ok = ok && report("i64.trunc_sat_f32_s",
				  wasm_i64_trunc_sat_f32_s(f) ==
					  (isnan(f) ? 0
					   : valid  ? (int64_t)t
					   : f < 0  ? INT64_MIN
						    : INT64_MAX),
				  u32, 0, 0, 0);
		valid = ref_trunc(f, 0, 18446744073709551615.0L, &t);
		ok = ok && report("i64.trunc_f32_u",
				  wasm_i64_trunc_f32_u(f, &v64) == valid &&
					  (!valid || v64 == (uint64_t)t),
				  u32, 0, v64, valid);
		ok = ok && report("i64.trunc_sat_f32_u",
				  wasm_i64_trunc_sat_f32_u(f) ==
					  (isnan(f) ? 0
					   : valid  ? (uint64_t)t
					   : f < 0  ? 0
						    : UINT64_MAX),
				  u32, 0, 0, 0);

		uint64_t n = rand_int();
		ok = ok &&
		     report("f32.convert_i64_u",
			    wasm_f32_bits(wasm_f32_convert_i64_u(n)) ==
				    wasm_f32_bits((float)(long double)n),
			    n, 0, wasm_f32_bits(wasm_f32_convert_i64_u(n)),
			    wasm_f32_bits((float)(long double)n));
		ok = ok &&
		     report("f32.convert_i64_s",
			    wasm_f32_bits(wasm_f32_convert_i64_s((int64_t)n)) ==
				    wasm_f32_bits(
					    (float)(long double)(int64_t)n),
			    n, 0, 0, 0);
		ok = ok && report("f64.convert_i64_u",
				  wasm_f64_bits(wasm_f64_convert_i64_u(n)) ==
					  wasm_f64_bits((double)(long double)n),
				  n, 0, 0, 0);
		ok = ok &&
		     report("f64.convert_i64_s",
			    wasm_f64_bits(wasm_f64_convert_i64_s((int64_t)n)) ==
				    wasm_f64_bits(
					    (double)(long double)(int64_t)n),
			    n, 0, 0, 0);
		ok = ok &&
		     report("f32.convert_i32_u",
			    wasm_f32_bits(
				    wasm_f32_convert_i32_u((uint32_t)n)) ==
				    wasm_f32_bits(
					    (float)(long double)(uint32_t)n),
			    n, 0, 0, 0);
	}
	check_count(ok);
}

/* ---- SIMD against lane-by-lane references
 * ----------------------------------------- */

#define VITER (ITER / 4)

static bool same_v(const char *name, union wasm_v128 got, union wasm_v128 want,
		   union wasm_v128 a, union wasm_v128 b)
{
	if (memcmp(&got, &want, 16) == 0)
		return true;
	printf("FAIL %s: a %016llx%016llx b %016llx%016llx: got %016llx%016llx "
	       "want %016llx%016llx\n",
	       name, (unsigned long long)a.u64[1], (unsigned long long)a.u64[0],
	       (unsigned long long)b.u64[1], (unsigned long long)b.u64[0],
	       (unsigned long long)got.u64[1], (unsigned long long)got.u64[0],
	       (unsigned long long)want.u64[1],
	       (unsigned long long)want.u64[0]);
	return false;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* CHECK_BIN(op, kind, W, S, expr): lanes of width W read as S (i or u) into
 * x and y; the reference lane is expr.  kind picks the random inputs. */
#define CHECK_BIN(op, kind, W, S, expr)                                        \
	do {                                                                   \
		bool ok_ = true;                                               \
		for (int it_ = 0; it_ < VITER && ok_; it_++) {                 \
			union wasm_v128 a = rand_v128(kind),                   \
					b = rand_v128(kind), want;             \
			for (int i = 0; i < 128 / W; i++) {                    \
				int64_t x = a.S##W[i], y = b.S##W[i];          \
				(void)x;                                       \
				(void)y;                                       \
				want.u##W[i] = (uint##W##_t)(expr);            \
			}                                                      \
			ok_ = same_v(#op, wasm_##op(a, b), want, a, b);        \
		}                                                              \
		check_count(ok_);                                              \
	} while (0)

#define CHECK_UN(op, kind, W, S, expr)                                         \
	do {                                                                   \
		bool ok_ = true;                                               \
		for (int it_ = 0; it_ < VITER && ok_; it_++) {                 \
			union wasm_v128 a = rand_v128(kind), want;             \
			for (int i = 0; i < 128 / W; i++) {                    \
				int64_t x = a.S##W[i];                         \
				want.u##W[i] = (uint##W##_t)(expr);            \
			}                                                      \
			ok_ = same_v(#op, wasm_##op(a), want, a, a);           \
		}                                                              \
		check_count(ok_);                                              \
	} while (0)

/* CHECK_V(name, kind, call, fill): call (using a, b, n) against the vector
 * `want` that the statements fill compute. */
#define CHECK_V(name, kind, call, fill)                                        \
	do {                                                                   \
		bool ok_ = true;                                               \
		for (int it_ = 0; it_ < VITER && ok_; it_++) {                 \
			union wasm_v128 a = rand_v128(kind),                   \
					b = rand_v128(kind), want;             \
			uint32_t n = (uint32_t)next() % 70;                    \
			(void)n;                                               \
			fill;                                                  \
			ok_ = same_v(name, call, want, a, b);                  \
		}                                                              \
		check_count(ok_);                                              \
	} while (0)

/* bitmask and all_true of every width on lane extremes. */
static void test_masks(void)
{
	bool ok = true;
	for (int it = 0; it < VITER && ok; it++) {
		union wasm_v128 a = rand_v128(0);
		uint32_t m8 = 0, m16 = 0, m32 = 0, m64 = 0;
		bool t8 = true, t16 = true, t32 = true, t64 = true;
		if (it & 1)
			a.u8[next() & 15] = 0;
		for (int i = 0; i < 16; i++) {
			m8 |= (uint32_t)(a.u8[i] >> 7) << i;
			t8 = t8 && a.u8[i];
		}
		for (int i = 0; i < 8; i++) {
			m16 |= (uint32_t)(a.u16[i] >> 15) << i;
			t16 = t16 && a.u16[i];
		}
		for (int i = 0; i < 4; i++) {
			m32 |= (a.u32[i] >> 31) << i;
			t32 = t32 && a.u32[i];
		}
		for (int i = 0; i < 2; i++) {
			m64 |= (uint32_t)(a.u64[i] >> 63) << i;
			t64 = t64 && a.u64[i];
		}
		ok = report("i8x16.bitmask", wasm_i8x16_bitmask(a) == m8,
			    a.u64[0], a.u64[1], wasm_i8x16_bitmask(a), m8) &&
		     report("i16x8.bitmask", wasm_i16x8_bitmask(a) == m16,
			    a.u64[0], a.u64[1], wasm_i16x8_bitmask(a), m16) &&
		     report("i32x4.bitmask", wasm_i32x4_bitmask(a) == m32,
			    a.u64[0], a.u64[1], wasm_i32x4_bitmask(a), m32) &&
		     report("i64x2.bitmask", wasm_i64x2_bitmask(a) == m64,
			    a.u64[0], a.u64[1], wasm_i64x2_bitmask(a), m64) &&
		     report("i8x16.all_true", wasm_i8x16_all_true(a) == t8,
			    a.u64[0], a.u64[1], wasm_i8x16_all_true(a), t8) &&
		     report("i16x8.all_true", wasm_i16x8_all_true(a) == t16,
			    a.u64[0], a.u64[1], wasm_i16x8_all_true(a), t16) &&
		     report("i32x4.all_true", wasm_i32x4_all_true(a) == t32,
			    a.u64[0], a.u64[1], wasm_i32x4_all_true(a), t32) &&
		     report("i64x2.all_true", wasm_i64x2_all_true(a) == t64,
			    a.u64[0], a.u64[1], wasm_i64x2_all_true(a), t64);
	}
	check_count(ok);
}

static void test_simd_int(void)
{
	/* saturating, min/max, average, abs, neg */
	CHECK_BIN(i8x16_add_sat_s, 0, 8, i, clamp(x + y, -128, 127));
	CHECK_BIN(i8x16_sub_sat_s, 0, 8, i, clamp(x - y, -128, 127));
	CHECK_BIN(i8x16_add_sat_u, 0, 8, u, clamp(x + y, 0, 255));
	CHECK_BIN(i8x16_sub_sat_u, 0, 8, u, clamp(x - y, 0, 255));
	CHECK_BIN(i16x8_add_sat_s, 0, 16, i, clamp(x + y, -32768, 32767));
	CHECK_BIN(i16x8_sub_sat_s, 0, 16, i, clamp(x - y, -32768, 32767));
	CHECK_BIN(i16x8_add_sat_u, 0, 16, u, clamp(x + y, 0, 65535));
	CHECK_BIN(i16x8_sub_sat_u, 0, 16, u, clamp(x - y, 0, 65535));
	CHECK_BIN(i8x16_min_s, 0, 8, i, x < y ? x : y);
	CHECK_BIN(i8x16_max_u, 0, 8, u, x > y ? x : y);
	CHECK_BIN(i16x8_min_u, 0, 16, u, x < y ? x : y);
	CHECK_BIN(i16x8_max_s, 0, 16, i, x > y ? x : y);
	CHECK_BIN(i32x4_min_u, 0, 32, u, x < y ? x : y);
	CHECK_BIN(i32x4_max_s, 0, 32, i, x > y ? x : y);
	CHECK_BIN(i8x16_avgr_u, 0, 8, u, (x + y + 1) / 2);
	CHECK_BIN(i16x8_avgr_u, 0, 16, u, (x + y + 1) / 2);
	CHECK_BIN(i16x8_mul, 0, 16, u, x * y);
	CHECK_BIN(i32x4_mul, 0, 32, u, (uint64_t)x * (uint64_t)y);
	CHECK_BIN(i64x2_mul, 0, 64, u, (uint64_t)x * (uint64_t)y);
	CHECK_BIN(i16x8_q15mulr_sat_s, 0, 16, i,
		  clamp((x * y + 0x4000) >> 15, -32768, 32767));
	CHECK_UN(i8x16_abs, 0, 8, i, x < 0 ? -x : x);
	CHECK_UN(i16x8_abs, 0, 16, i, x < 0 ? -x : x);
	CHECK_UN(i32x4_abs, 0, 32, i, x < 0 ? -x : x);
	CHECK_UN(i64x2_abs, 0, 64, u,
		 (int64_t)x < 0 ? 0 - (uint64_t)x : (uint64_t)x);
	CHECK_UN(i64x2_neg, 0, 64, u, 0 - (uint64_t)x);
	CHECK_UN(i8x16_popcnt, 0, 8, u, __builtin_popcount((unsigned)x));
	CHECK_BIN(i8x16_lt_s, 0, 8, i, x < y ? 0xff : 0);
	CHECK_BIN(i16x8_ge_u, 0, 16, u, x >= y ? 0xffff : 0);
	CHECK_BIN(i32x4_gt_u, 0, 32, u, x > y ? 0xffffffffu : 0);
	CHECK_BIN(i64x2_le_s, 0, 64, i, x <= y ? UINT64_MAX : 0);

	/* shifts by counts up to 69 */
	CHECK_V("i8x16.shl", 0, wasm_i8x16_shl(a, n),
		for (int i = 0; i < 16; i++) want.u8[i] =
			(uint8_t)(a.u8[i] << (n % 8)));
	CHECK_V("i8x16.shr_s", 0, wasm_i8x16_shr_s(a, n),
		for (int i = 0; i < 16; i++) want.i8[i] =
			(int8_t)(a.i8[i] >> (n % 8)));
	CHECK_V("i16x8.shr_u", 0, wasm_i16x8_shr_u(a, n),
		for (int i = 0; i < 8; i++) want.u16[i] =
			(uint16_t)(a.u16[i] >> (n % 16)));
	CHECK_V("i32x4.shr_s", 0, wasm_i32x4_shr_s(a, n),
		for (int i = 0; i < 4; i++) want.i32[i] = a.i32[i] >> (n % 32));
	CHECK_V("i64x2.shl", 0, wasm_i64x2_shl(a, n),
		for (int i = 0; i < 2; i++) want.u64[i] = a.u64[i] << (n % 64));
	CHECK_V("i64x2.shr_s", 0, wasm_i64x2_shr_s(a, n),
		for (int i = 0; i < 2; i++) want.i64[i] = a.i64[i] >> (n % 64));

	/* narrow, extend, extmul, extadd, dot */
	CHECK_V("i8x16.narrow_i16x8_s", 0, wasm_i8x16_narrow_i16x8_s(a, b),
		for (int i = 0; i < 16; i++) want.i8[i] = (int8_t)clamp(
			i < 8 ? a.i16[i] : b.i16[i - 8], -128, 127));
	CHECK_V("i8x16.narrow_i16x8_u", 0, wasm_i8x16_narrow_i16x8_u(a, b),
		for (int i = 0; i < 16; i++) want.u8[i] = (uint8_t)clamp(
			i < 8 ? a.i16[i] : b.i16[i - 8], 0, 255));
	CHECK_V("i16x8.narrow_i32x4_s", 0, wasm_i16x8_narrow_i32x4_s(a, b),
		for (int i = 0; i < 8; i++) want.i16[i] = (int16_t)clamp(
			i < 4 ? a.i32[i] : b.i32[i - 4], -32768, 32767));
	CHECK_V("i16x8.narrow_i32x4_u", 0, wasm_i16x8_narrow_i32x4_u(a, b),
		for (int i = 0; i < 8; i++) want.u16[i] = (uint16_t)clamp(
			i < 4 ? a.i32[i] : b.i32[i - 4], 0, 65535));
	CHECK_V("i16x8.extend_high_i8x16_u", 0,
		wasm_i16x8_extend_high_i8x16_u(a),
		for (int i = 0; i < 8; i++) want.u16[i] = a.u8[i + 8]);
	CHECK_V("i16x8.extend_low_i8x16_s", 0, wasm_i16x8_extend_low_i8x16_s(a),
		for (int i = 0; i < 8; i++) want.i16[i] = a.i8[i]);
	CHECK_V("i32x4.extend_low_i16x8_u", 0, wasm_i32x4_extend_low_i16x8_u(a),
		for (int i = 0; i < 4; i++) want.u32[i] = a.u16[i]);
	CHECK_V("i64x2.extend_high_i32x4_s", 0,
		wasm_i64x2_extend_high_i32x4_s(a),
		for (int i = 0; i < 2; i++) want.i64[i] = a.i32[i + 2]);
	CHECK_V("i16x8.extmul_high_i8x16_s", 0,
		wasm_i16x8_extmul_high_i8x16_s(a, b),
		for (int i = 0; i < 8; i++) want.i16[i] =
			(int16_t)(a.i8[i + 8] * b.i8[i + 8]));
	CHECK_V("i16x8.extmul_low_i8x16_u", 0,
		wasm_i16x8_extmul_low_i8x16_u(a, b),
		for (int i = 0; i < 8; i++) want.u16[i] =
			(uint16_t)(a.u8[i] * b.u8[i]));
	CHECK_V("i32x4.extmul_high_i16x8_u", 0,
		wasm_i32x4_extmul_high_i16x8_u(a, b),
		for (int i = 0; i < 4; i++) want.u32[i] =
			(uint32_t)a.u16[i + 4] * b.u16[i + 4]);
	CHECK_V("i64x2.extmul_low_i32x4_s", 0,
		wasm_i64x2_extmul_low_i32x4_s(a, b),
		for (int i = 0; i < 2; i++) want.i64[i] =
			(int64_t)a.i32[i] * b.i32[i]);
	CHECK_V("i64x2.extmul_high_i32x4_u", 0,
		wasm_i64x2_extmul_high_i32x4_u(a, b),
		for (int i = 0; i < 2; i++) want.u64[i] =
			(uint64_t)a.u32[i + 2] * b.u32[i + 2]);
	CHECK_V("i16x8.extadd_pairwise_i8x16_u", 0,
		wasm_i16x8_extadd_pairwise_i8x16_u(a),
		for (int i = 0; i < 8; i++) want.u16[i] =
			(uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1]));
	CHECK_V("i16x8.extadd_pairwise_i8x16_s", 0,
		wasm_i16x8_extadd_pairwise_i8x16_s(a),
		for (int i = 0; i < 8; i++) want.i16[i] =
			(int16_t)(a.i8[2 * i] + a.i8[2 * i + 1]));
	CHECK_V("i32x4.extadd_pairwise_i16x8_u", 0,
		wasm_i32x4_extadd_pairwise_i16x8_u(a),
		for (int i = 0; i < 4; i++) want.u32[i] =
			(uint32_t)a.u16[2 * i] + a.u16[2 * i + 1]);
	CHECK_V("i32x4.dot_i16x8_s", 0, wasm_i32x4_dot_i16x8_s(a, b),
		for (int i = 0; i < 4; i++) want.u32[i] =
			(uint32_t)((int64_t)a.i16[2 * i] * b.i16[2 * i] +
				   (int64_t)a.i16[2 * i + 1] *
					   b.i16[2 * i + 1]));

	/* lane masks and shuffles */
	CHECK_V("i8x16.swizzle", 0, wasm_i8x16_swizzle(a, b), {
		b = wasm_v128_and(b, wasm_i8x16_splat(0x1f));
		for (int i = 0; i < 16; i++)
			want.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0;
	});
	test_masks();
}

static void test_simd_float(void)
{
	CHECK_V("f32x4.min", 1, wasm_f32x4_min(a, b),
		for (int i = 0; i < 4; i++) want.f32[i] =
			wasm_f32_min(a.f32[i], b.f32[i]));
	CHECK_V("f32x4.max", 1, wasm_f32x4_max(a, b),
		for (int i = 0; i < 4; i++) want.f32[i] =
			wasm_f32_max(a.f32[i], b.f32[i]));
	CHECK_V("f64x2.min", 2, wasm_f64x2_min(a, b),
		for (int i = 0; i < 2; i++) want.u64[i] =
			ref_minmax64(a.u64[i], b.u64[i], false));
	CHECK_V("f64x2.max", 2, wasm_f64x2_max(a, b),
		for (int i = 0; i < 2; i++) want.u64[i] =
			ref_minmax64(a.u64[i], b.u64[i], true));
	CHECK_V("f32x4.pmin", 1, wasm_f32x4_pmin(a, b),
		for (int i = 0; i < 4; i++) want.u32[i] =
			b.f32[i] < a.f32[i] ? b.u32[i] : a.u32[i]);
	CHECK_V("f64x2.pmax", 2, wasm_f64x2_pmax(a, b),
		for (int i = 0; i < 2; i++) want.u64[i] =
			a.f64[i] < b.f64[i] ? b.u64[i] : a.u64[i]);
	CHECK_V("f32x4.floor", 1, wasm_f32x4_floor(a),
		for (int i = 0; i < 4; i++) want.u32[i] =
			ref_round32(a.u32[i], floorf));
	CHECK_V("f32x4.ceil", 1, wasm_f32x4_ceil(a),
		for (int i = 0; i < 4; i++) want.u32[i] =
			ref_round32(a.u32[i], ceilf));
	CHECK_V("f32x4.trunc", 1, wasm_f32x4_trunc(a),
		for (int i = 0; i < 4; i++) want.u32[i] =
			ref_round32(a.u32[i], truncf));
	CHECK_V("f32x4.nearest", 1, wasm_f32x4_nearest(a),
		for (int i = 0; i < 4; i++) want.u32[i] =
			ref_round32(a.u32[i], nearbyintf));
	CHECK_V("f64x2.floor", 2, wasm_f64x2_floor(a),
		for (int i = 0; i < 2; i++) want.u64[i] =
			ref_round64(a.u64[i], floor));
	CHECK_V("f64x2.ceil", 2, wasm_f64x2_ceil(a),
		for (int i = 0; i < 2; i++) want.u64[i] =
			ref_round64(a.u64[i], ceil));
	CHECK_V("f64x2.trunc", 2, wasm_f64x2_trunc(a),
		for (int i = 0; i < 2; i++) want.u64[i] =
			ref_round64(a.u64[i], trunc));
	CHECK_V("f64x2.nearest", 2, wasm_f64x2_nearest(a),
		for (int i = 0; i < 2; i++) want.u64[i] =
			ref_round64(a.u64[i], nearbyint));
	CHECK_V("f32x4.sqrt", 1, wasm_f32x4_sqrt(a),
		for (int i = 0; i < 4; i++) want.f32[i] =
			wasm_f32_sqrt(a.f32[i]));
	CHECK_V("i32x4.trunc_sat_f32x4_s", 1, wasm_i32x4_trunc_sat_f32x4_s(a),
		for (int i = 0; i < 4; i++) want.i32[i] =
			wasm_i32_trunc_sat_f32_s(a.f32[i]));
	CHECK_V("i32x4.trunc_sat_f32x4_u", 1, wasm_i32x4_trunc_sat_f32x4_u(a),
		for (int i = 0; i < 4; i++) want.u32[i] =
			wasm_i32_trunc_sat_f32_u(a.f32[i]));
	CHECK_V("i32x4.trunc_sat_f64x2_s_zero", 2,
		wasm_i32x4_trunc_sat_f64x2_s_zero(a), {
			want.u64[1] = 0;
			for (int i = 0; i < 2; i++)
				want.i32[i] =
					wasm_i32_trunc_sat_f64_s(a.f64[i]);
		});
	CHECK_V("f32x4.convert_i32x4_u", 0, wasm_f32x4_convert_i32x4_u(a),
		for (int i = 0; i < 4; i++) want.f32[i] =
			(float)(long double)a.u32[i]);
	CHECK_V("f32x4.convert_i32x4_s", 0, wasm_f32x4_convert_i32x4_s(a),
		for (int i = 0; i < 4; i++) want.f32[i] =
			(float)(long double)a.i32[i]);
	CHECK_V("f64x2.convert_low_i32x4_u", 0,
		wasm_f64x2_convert_low_i32x4_u(a),
		for (int i = 0; i < 2; i++) want.f64[i] = a.u32[i]);
	CHECK_V("f32x4.eq", 1, wasm_f32x4_eq(a, b), {
		if (next() & 1)
			b.u64[1] = a.u64[1];
		for (int i = 0; i < 4; i++)
			want.u32[i] = a.f32[i] == b.f32[i] ? 0xffffffffu : 0;
	});
}

int main(void)
{
	test_rounding();
	test_minmax();
	test_conversions();
	test_simd_int();
	test_simd_float();
	return check_summary(NULL);
}
