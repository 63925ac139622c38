/*
 * tests/host/common/check.h - the check counters of the WebAssembly host
 * tests (header only).  CHECK(cond) counts one check and prints
 * "FAIL FILE:LINE: cond" when it fails; CHECKF(cond, fmt, ...) prints the
 * formatted message instead; check_count(ok) counts a verdict reached some
 * other way.  check_summary() prints the final "N passed, N failed" line
 * (after "LABEL: " when a label is given) and returns the exit status.
 * Every check counts once, whatever it reports.
 */
#ifndef TESTS_HOST_COMMON_CHECK_H
#define TESTS_HOST_COMMON_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static unsigned check_passed, check_failed;

/* Counts one check; returns ok. */
static inline bool check_count(bool ok)
{
	if (ok)
		check_passed++;
	else
		check_failed++;
	return ok;
}

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!check_count(cond))                                        \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} while (0)

#define CHECKF(cond, ...)                                                      \
	do {                                                                   \
		if (!check_count(cond)) {                                      \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);            \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
		}                                                              \
	} while (0)

/* Prints "[LABEL: ]N passed, N failed"; returns 0 if nothing failed, else 1. */
static inline int check_summary(const char *label)
{
	if (label)
		printf("%s: ", label);
	printf("%u passed, %u failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

/* One step of a xorshift64 (13, 7, 17) generator over *state (non-zero). */
static inline uint64_t check_xorshift64(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#endif /* TESTS_HOST_COMMON_CHECK_H */
