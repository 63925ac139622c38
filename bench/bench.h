/*
 * bench/bench.h - shared helpers of the benchmarks.  Each benchmark is a
 * plain C program (built natively and for wasm32-wasi) that does a fixed
 * amount of work and prints a checksum, so native and WebAssembly runs can
 * be compared and checked against each other.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The scale argument (argv[1]) or a default; read at run time so the
 * compiler cannot fold the work away. */
static inline long bench_arg(int argc, char **argv, long def)
{
	return argc > 1 ? strtol(argv[1], NULL, 10) : def;
}

/* xorshift64* pseudo-random numbers. */
static inline uint64_t bench_rand(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

#endif /* BENCH_BENCH_H */
