/*
 * tests/host/bootlibs_test.h - a minimal unit-test harness for the bootlibs
 * host tests: RUN(fn) runs one test and prints "ok NAME" or "FAIL NAME";
 * CHECK(cond) records a failure with its location; t_summary() prints the
 * final "N passed, N failed" line and gives the exit status.
 */
#ifndef TESTS_HOST_BOOTLIBS_TEST_H
#define TESTS_HOST_BOOTLIBS_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static int t_passed, t_failed, t_cur_failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			t_fail_at(__FILE__, __LINE__, #cond);                  \
	} while (0)

#define CHECKF(cond, ...)                                                      \
	do {                                                                   \
		if (!(cond)) {                                                 \
			t_fail_at(__FILE__, __LINE__, #cond);                  \
			fprintf(stderr, "    ");                               \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
		}                                                              \
	} while (0)

static inline void t_fail_at(const char *file, int line, const char *what)
{
	if (t_cur_failures < 20)
		fprintf(stderr, "  %s:%d: check failed: %s\n", file, line,
			what);
	t_cur_failures++;
}

#define RUN(fn) t_run(#fn, fn)

static inline void t_run(const char *name, void (*fn)(void))
{
	t_cur_failures = 0;
	fn();
	if (t_cur_failures == 0) {
		printf("ok   %s\n", name);
		t_passed++;
	} else {
		printf("FAIL %s (%d failed checks)\n", name, t_cur_failures);
		t_failed++;
	}
	fflush(stdout);
}

static inline int t_summary(void)
{
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}

/* A deterministic PRNG for test inputs (xorshift64*). */
static uint64_t t_rng_state = 0x9e3779b97f4a7c15ull;

static inline uint64_t t_rand(void)
{
	uint64_t x = t_rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t_rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static inline uint64_t t_rand_below(uint64_t n)
{
	return n == 0 ? 0 : t_rand() % n;
}

/* Decodes a hex string (whitespace ignored) into out; returns the length. */
static inline size_t t_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int half = -1;

	for (; *hex != '\0'; hex++) {
		int v;
		if (*hex >= '0' && *hex <= '9')
			v = *hex - '0';
		else if (*hex >= 'a' && *hex <= 'f')
			v = *hex - 'a' + 10;
		else if (*hex >= 'A' && *hex <= 'F')
			v = *hex - 'A' + 10;
		else
			continue;
		if (half < 0) {
			half = v;
		} else {
			if (n < cap)
				out[n] = (uint8_t)(half << 4 | v);
			n++;
			half = -1;
		}
	}
	return n;
}

#endif /* TESTS_HOST_BOOTLIBS_TEST_H */
