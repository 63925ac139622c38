/*
 * tests/fuzz/fuzz_check.h - the fuzz targets' invariant check: a broken
 * contract of the code under test is a finding, so it aborts (libFuzzer
 * keeps the input) after naming the condition.
 */
#ifndef TESTS_FUZZ_FUZZ_CHECK_H
#define TESTS_FUZZ_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define check(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

#endif /* TESTS_FUZZ_FUZZ_CHECK_H */
