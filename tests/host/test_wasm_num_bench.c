/*
 * tests/host/test_wasm_num_bench.c - micro-benchmark of the hot numeric and
 * SIMD operations of wasm/num.h and wasm/simd.h (make bench-wasm-num).
 *
 * For each operation: nanoseconds per operation over arrays (throughput,
 * operands from memory as in the interpreter's value slots), next to a
 * plain C operation as the baseline.  The one_<op> functions, one operation
 * each on slot pointers, exist so that `objdump -d` shows the code an
 * interpreter handler gets; the make target prints their instruction
 * counts.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wasm/simd.h"

#define N	 1024
#define NOINLINE __attribute__((noinline))

struct data {
	uint32_t u32[3][N];
	uint64_t u64[3][N];
	float f32[3][N];
	double f64[3][N];
	union wasm_v128 v[3][N / 4];
};

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill(struct data *d)
{
	uint64_t s = 0x9e3779b97f4a7c15u;
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < N; i++) {
			uint64_t r = rng_next(&s);
			d->u32[k][i] = (uint32_t)r | 1;
			d->u64[k][i] = r | 1;
			d->f32[k][i] = (float)((int64_t)r >> 40) / 1024.0f;
			d->f64[k][i] = (double)((int64_t)r >> 20) / 65536.0;
		}
		for (int i = 0; i < N / 4; i++)
			for (int j = 0; j < 16; j++)
				d->v[k][i].u8[j] = (uint8_t)rng_next(&s);
	}
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Kernels: dst[i] = op(a[i], b[i]) over one array. */
#define KERNEL2(name, field, expr)                                             \
	static NOINLINE void k_##name(struct data *d)                          \
	{                                                                      \
		for (int i = 0;                                                \
		     i < (int)(sizeof(d->field[0]) / sizeof(d->field[0][0]));  \
		     i++) {                                                    \
			__typeof__(d->field[0][0]) a = d->field[0][i],         \
						   b = d->field[1][i];         \
			(void)b;                                               \
			d->field[2][i] = (expr);                               \
		}                                                              \
	}

#define OPS(X)                                                                 \
	X(c_i32_add, u32, a + b)                                               \
	X(i32_rotl, u32, wasm_i32_rotl(a, b))                                  \
	X(i32_clz, u32, wasm_i32_clz(a))                                       \
	X(i32_popcnt, u32, wasm_i32_popcnt(a))                                 \
	X(i32_div_s, u32,                                                      \
	  (uint32_t)(wasm_i32_div_s((int32_t)a, (int32_t)b,                    \
				    (int32_t *)&d->u32[2][i])                  \
			     ? 0                                               \
			     : d->u32[2][i]))                                  \
	X(i64_rem_u, u64,                                                      \
	  (wasm_i64_rem_u(a, b, &d->u64[2][i]) ? 0 : d->u64[2][i]))            \
	X(c_f32_add, f32, a + b)                                               \
	X(f32_min, f32, wasm_f32_min(a, b))                                    \
	X(f32_copysign, f32, wasm_f32_copysign(a, b))                          \
	X(f32_nearest, f32, wasm_f32_nearest(a))                               \
	X(f32_floor, f32, wasm_f32_floor(a))                                   \
	X(f32_sqrt, f32, wasm_f32_sqrt(a))                                     \
	X(c_f64_add, f64, a + b)                                               \
	X(f64_min, f64, wasm_f64_min(a, b))                                    \
	X(f64_max, f64, wasm_f64_max(a, b))                                    \
	X(f64_nearest, f64, wasm_f64_nearest(a))                               \
	X(f64_floor, f64, wasm_f64_floor(a))                                   \
	X(f64_trunc, f64, wasm_f64_trunc(a))                                   \
	X(f64_sqrt, f64, wasm_f64_sqrt(a))                                     \
	X(i32_trunc_sat_f64_s, f64, (double)wasm_i32_trunc_sat_f64_s(a))       \
	X(i64_trunc_sat_f64_u, f64, (double)wasm_i64_trunc_sat_f64_u(a))       \
	X(i32x4_add, v, wasm_i32x4_add(a, b))                                  \
	X(i32x4_mul, v, wasm_i32x4_mul(a, b))                                  \
	X(i8x16_add_sat_s, v, wasm_i8x16_add_sat_s(a, b))                      \
	X(i16x8_q15mulr_sat_s, v, wasm_i16x8_q15mulr_sat_s(a, b))              \
	X(i8x16_swizzle, v, wasm_i8x16_swizzle(a, b))                          \
	X(v128_bitselect, v, wasm_v128_bitselect(a, b, a))                     \
	X(f32x4_mul, v, wasm_f32x4_mul(a, b))                                  \
	X(f32x4_min, v, wasm_f32x4_min(a, b))                                  \
	X(f32x4_nearest, v, wasm_f32x4_nearest(a))                             \
	X(f64x2_floor, v, wasm_f64x2_floor(a))                                 \
	X(i32x4_trunc_sat_f32x4_s, v, wasm_i32x4_trunc_sat_f32x4_s(a))

OPS(KERNEL2)

/* One operation on interpreter-style slots, for objdump. */
NOINLINE void one_f64_min(double *s);
NOINLINE void one_f64_min(double *s)
{
	s[0] = wasm_f64_min(s[0], s[1]);
}
NOINLINE void one_f32_nearest(float *s);
NOINLINE void one_f32_nearest(float *s)
{
	s[0] = wasm_f32_nearest(s[0]);
}
NOINLINE void one_f64_floor(double *s);
NOINLINE void one_f64_floor(double *s)
{
	s[0] = wasm_f64_floor(s[0]);
}
NOINLINE int one_i32_trunc_f64_s(double *s, int32_t *o);
NOINLINE int one_i32_trunc_f64_s(double *s, int32_t *o)
{
	return wasm_i32_trunc_f64_s(s[0], o);
}
NOINLINE int one_i32_div_s(int32_t *s);
NOINLINE int one_i32_div_s(int32_t *s)
{
	return wasm_i32_div_s(s[0], s[1], &s[0]);
}
NOINLINE void one_i32_rotl(uint32_t *s);
NOINLINE void one_i32_rotl(uint32_t *s)
{
	s[0] = wasm_i32_rotl(s[0], s[1]);
}
NOINLINE void one_i32x4_add(union wasm_v128 *s);
NOINLINE void one_i32x4_add(union wasm_v128 *s)
{
	s[0] = wasm_i32x4_add(s[0], s[1]);
}
NOINLINE void one_i8x16_add_sat_s(union wasm_v128 *s);
NOINLINE void one_i8x16_add_sat_s(union wasm_v128 *s)
{
	s[0] = wasm_i8x16_add_sat_s(s[0], s[1]);
}
NOINLINE void one_f32x4_min(union wasm_v128 *s);
NOINLINE void one_f32x4_min(union wasm_v128 *s)
{
	s[0] = wasm_f32x4_min(s[0], s[1]);
}
NOINLINE void one_f32x4_mul(union wasm_v128 *s);
NOINLINE void one_f32x4_mul(union wasm_v128 *s)
{
	s[0] = wasm_f32x4_mul(s[0], s[1]);
}
NOINLINE void one_v128_load32_splat(union wasm_v128 *s, const uint8_t *p);
NOINLINE void one_v128_load32_splat(union wasm_v128 *s, const uint8_t *p)
{
	s[0] = wasm_v128_load32_splat(p);
}

int main(int argc, char **argv)
{
	struct data *d = calloc(1, sizeof(*d));
	int reps = argc > 1 ? atoi(argv[1]) : 2000;
	if (!d || reps <= 0)
		return 1;
	fill(d);
	printf("%-26s %10s\n", "operation", "ns/op");
	/* Best of 5 runs (the machine is shared); the barrier keeps the
	 * compiler from dropping calls whose stores nobody reads. */
#define RUN(name, field, expr)                                                 \
	{                                                                      \
		int n = (int)(sizeof(d->field[0]) / sizeof(d->field[0][0]));   \
		double best = 1e30;                                            \
		for (int run = 0; run < 5; run++) {                            \
			double t0 = now_ns();                                  \
			for (int r = 0; r < reps; r++) {                       \
				k_##name(d);                                   \
				__asm__ volatile("" : : "r"(d) : "memory");    \
			}                                                      \
			double t = (now_ns() - t0) / ((double)reps * n);       \
			best = t < best ? t : best;                            \
		}                                                              \
		printf("%-26s %10.3f\n", #name, best);                         \
	}
	OPS(RUN)
	free(d);
	return 0;
}
