/*
 * kernel/ktest_run.h - running the registered in-kernel tests/benchmarks.
 */
#ifndef KERNEL_KTEST_RUN_H
#define KERNEL_KTEST_RUN_H

#include "base/types.h"

/*
 * KERNEL_TESTS is 1 in the test kernel (build/test/kernel.elf), which links
 * the tests, the benchmarks and their runner, and 0 in the production
 * kernel, which links none of them (mk/kernel.mk).
 */
#if !defined(KERNEL_TESTS)
#error "KERNEL_TESTS must be 0 or 1 (set by mk/kernel.mk)"
#endif

/*
 * The boot arguments that only the test kernel acts on
 * (kernel/tests/boot_test.c); the production kernel refuses them with a
 * message (kernel/main.c).
 */
#define KTEST_BOOT_ARGS                                                        \
	"test", "bench", "spec", "panic", "panic_test", "panic_stack",         \
		"panic_console"

#if KERNEL_TESTS
/* The runner exists only in the test kernel: a production file that
 * calls it fails to compile, not to link. */

/*
 * Boot thread: acts on the first of KTEST_BOOT_ARGS given
 * (runs the tests or benchmarks, or panics on purpose) and powers off
 * with the run's status; returns only when none was given.
 */
void ktest_boot(void);

/* Runs the tests selected by `test` / `test=PATTERN[,PATTERN...]` and
 * prints one line per test and `N passed, N failed`; true when none
 * failed.  Thread context. */
bool ktest_run_all(void);

/* Same for benchmarks (`bench` / `bench=PATTERN`). */
bool kbench_run_all(void);

/*
 * Runs every .wast script of the initrd's /spec through the engine, with
 * the tier `spec_tier=NAME` names (kernel/tests/kspec.c); prints each
 * file's counts and `N passed, N failed`.  True when every command
 * passed.  Thread context.
 */
bool kspec_run_all(void);

/* Called by panic(): reports the running test as failed (no locks). */
void ktest_on_panic(void);

/* Glob match with '*' and '?'. */
bool ktest_glob(const char *pattern, const char *name);

/*
 * Whether name is chosen by pats, the value of `test=`/`bench=`: patterns
 * (ktest_glob) separated by commas; name must match one and none of those
 * written -PAT (`test=proc_*,-proc_thousand_spawns`).  No lock: pure.
 */
bool ktest_selected(const char *pats, const char *name);
#endif

#endif /* KERNEL_KTEST_RUN_H */
