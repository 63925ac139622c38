/*
 * tests/host/test_kmm_common.h - tiny check framework for the kmm host
 * tests: CHECK counts, main() prints "N passed, N failed" per binary.
 */
#ifndef TESTS_HOST_TEST_KMM_COMMON_H
#define TESTS_HOST_TEST_KMM_COMMON_H

#include <stdint.h>
#include <stdio.h>

static unsigned kt_pass, kt_fail;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			kt_pass++;                                             \
		} else {                                                       \
			kt_fail++;                                             \
			printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
		}                                                              \
	} while (0)

/* Deterministic xorshift64* so failures reproduce. */
static uint64_t kt_rng = 0x9e3779b97f4a7c15ull;
static inline uint64_t kt_rand(void)
{
	kt_rng ^= kt_rng >> 12;
	kt_rng ^= kt_rng << 25;
	kt_rng ^= kt_rng >> 27;
	return kt_rng * 0x2545f4914f6cdd1dull;
}

static inline int kt_finish(const char *name)
{
	printf("%s: %u passed, %u failed\n", name, kt_pass, kt_fail);
	return kt_fail ? 1 : 0;
}

#endif
