/*
 * kernel/ktest.h - in-kernel tests and benchmarks.
 *
 *   KTEST(pmm_alloc_free) {
 *           uint64_t pa;
 *           KTEST_ASSERT(t, pmm_alloc_page(&pa) == ERR_OK);
 *           KTEST_CHECK(t, (pa & 4095) == 0, "pa %llx", (unsigned long
 * long)pa);
 *   }
 *
 * KTEST(name) defines `static void ktest_fn_name(struct ktest *t)` and
 * registers it in the "ktests" linker section.  Booting with `test` runs every
 * test, `test=PATTERN` those whose name matches PATTERN (`*` and `?` wildcards,
 * several patterns separated by ','), each in its own kernel thread (may
 * sleep, block, create threads) with a watchdog: a test that hangs or
 * panics fails the run.  Output: one `PASS name` / `FAIL name` (or
 * `SKIP name (why)`) line per test, last line `N passed, N failed` (with
 * `, N skipped` when some were); QEMU exits 0 only when none failed.
 *
 *   KBENCH(kmalloc64) {
 *           for (uint64_t i = 0; i < b->iters; i++)
 *                   kfree(kmalloc(64));
 *   }
 *
 * KBENCH(name) defines `static void kbench_fn_name(struct kbench *b)`: run the
 * measured operation b->iters times.  Setup before the loop can be excluded
 * with kbench_start(b) (and teardown with kbench_stop(b)).  Booting with
 * `bench` (or `bench=PATTERN`) runs them and prints
 * `bench NAME: X.YY insns/iter` measured in guest ns, which equal guest
 * instructions under `-icount shift=0`.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "base/types.h"

struct ktest {
	const char *name;
	unsigned checks;     /* KTEST_CHECK/ASSERT evaluated */
	unsigned failures;   /* of which failed */
	const char *skipped; /* set by ktest_skip: why the test did not run */
};

struct kbench {
	const char *name;
	uint64_t iters;	   /* iterations to run */
	uint64_t start_ns; /* set by kbench_start */
	uint64_t stop_ns;  /* set by kbench_stop */
	bool started, stopped;
	const char *skipped; /* set by kbench_skip: why nothing was measured */
};

struct ktest_desc {
	const char *name;
	void (*fn)(struct ktest *t);
	const char *file;
};

struct kbench_desc {
	const char *name;
	void (*fn)(struct kbench *b);
	uint64_t iters; /* 0: the default */
};

#define KTEST(tname)                                                           \
	static void ktest_fn_##tname(struct ktest *t);                         \
	static const struct ktest_desc ktest_desc_##tname                      \
		__attribute__((used, section("ktests"), aligned(8))) = {       \
			#tname, ktest_fn_##tname, __FILE__};                   \
	static void ktest_fn_##tname(struct ktest *t)

#define KBENCH_ITERS(bname, n)                                                 \
	static void kbench_fn_##bname(struct kbench *b);                       \
	static const struct kbench_desc kbench_desc_##bname                    \
		__attribute__((used, section("kbenches"), aligned(8))) = {     \
			#bname, kbench_fn_##bname, (n)};                       \
	static void kbench_fn_##bname(struct kbench *b)

#define KBENCH(bname) KBENCH_ITERS(bname, 0)

/* Records a check; on failure prints `  check failed: ...` with the
 * location and the formatted message.  Returns cond. */
bool ktest_check(struct ktest *t, bool cond, const char *expr, const char *file,
		 int line, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#define KTEST_CHECK(t, cond, ...)                                              \
	ktest_check((t), !!(cond), #cond, __FILE__, __LINE__, __VA_ARGS__)

#define KTEST_ASSERT(t, cond)                                                  \
	do {                                                                   \
		if (!ktest_check((t), !!(cond), #cond, __FILE__, __LINE__,     \
				 "%s", ""))                                    \
			return;                                                \
	} while (0)

/* Prints an informational line (indented) under the running test. */
void ktest_log(struct ktest *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * True when the run was booted with `exact_time` (the suite does so under
 * `-icount`, where guest time is exact): timing tests then use their
 * strict bounds.  Without it guest time follows the host clock, and a
 * loaded host can stall a vCPU for tens of milliseconds.
 */
bool ktest_exact_time(void);

/*
 * Marks the test as not run because the boot does not give what it needs
 * (e.g. exact guest time): it prints "SKIP NAME (why)" and counts neither
 * as passed nor as failed.  The test should return right after; a failed
 * check made before still fails it.  why must be a string constant.
 */
void ktest_skip(struct ktest *t, const char *why);

/*
 * Starts b's clock here instead of before the benchmark function, so its
 * set-up is not measured.
 */
void kbench_start(struct kbench *b);
/*
 * Stops b's clock here instead of after the benchmark function, so its
 * tear-down is not measured.
 */
void kbench_stop(struct kbench *b);

/*
 * Marks the benchmark as not measured (a missing input, e.g. no initrd):
 * it prints "bench NAME: skipped: WHY" instead of a figure.  why must be a
 * string constant.
 */
void kbench_skip(struct kbench *b, const char *why);

#endif /* KERNEL_KTEST_H */
