/*
 * kernel/ktest_run.h - running the registered in-kernel tests/benchmarks.
 */
#ifndef KERNEL_KTEST_RUN_H
#define KERNEL_KTEST_RUN_H

#include "base/types.h"

/* Runs the tests selected by `test` / `test=PATTERN[,PATTERN...]` and
 * prints one line per test and `N passed, N failed`; true when none
 * failed.  Thread context. */
bool ktest_run_all(void);

/* Same for benchmarks (`bench` / `bench=PATTERN`). */
bool kbench_run_all(void);

/* Called by panic(): reports the running test as failed (no locks). */
void ktest_on_panic(void);

/* Glob match with '*' and '?'. */
bool ktest_glob(const char *pattern, const char *name);

#endif /* KERNEL_KTEST_RUN_H */
