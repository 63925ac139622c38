/*
 * tests/host/loader_check.h - the tiny check framework of the loader's
 * host tests: CHECK counts, prints failures with their line, and
 * check_summary() prints "N passed, N failed" and returns the exit code.
 */
#ifndef TESTS_HOST_LOADER_CHECK_H
#define TESTS_HOST_LOADER_CHECK_H

#include <stdio.h>

static unsigned long check_pass, check_fail;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_pass++;                                          \
		} else {                                                       \
			check_fail++;                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

/* Like CHECK but counts once for a whole loop (does not flood output). */
#define CHECK_QUIET(cond, failed)                                              \
	do {                                                                   \
		if (!(cond) && !(failed)) {                                    \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			(failed) = 1;                                          \
		}                                                              \
	} while (0)

static inline int check_summary(void)
{
	printf("%lu passed, %lu failed\n", check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif /* TESTS_HOST_LOADER_CHECK_H */
