/*
 * kernel/ktest.c - the in-kernel test and benchmark runner.
 *
 * Tests run one at a time, each in its own thread, while the runner waits
 * with a watchdog (`ktest_timeout=SECONDS`, default 60): a test that hangs
 * is reported as failed and abandoned; a test that panics makes panic()
 * print its FAIL line and the totals before QEMU exits with status 1.
 * The runner's counters are only written by the runner thread; the panic
 * path reads them racily, which is acceptable for a last report.
 */
#include "kernel/ktest.h"
#include <stdarg.h>
#include <string.h>

#include "base/fmt.h"
#include "kernel/bootargs.h"
#include "kernel/hart.h"
#include "kernel/console.h"
#include "kernel/ktest_run.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/panic.h"
#include "kernel/thread.h"
#include "kernel/time.h"

extern const struct ktest_desc __ktests_start[], __ktests_end[];
extern const struct kbench_desc __kbenches_start[], __kbenches_end[];

struct run_state {
	const char *current; /* name of the running test or NULL */
	unsigned passed, failed, skipped;
};
/* Touched only by the thread in ktest_run_all / kbench_run_all (one at a
 * time, at boot) and by ktest_on_panic once the other harts are stopped. */
static struct run_state run;

struct test_ctx {
	const struct ktest_desc *desc;
	struct ktest t;
	struct waitq wq;	/* the runner waits here for done or expired */
	struct ktimer watchdog; /* sets expired at the deadline */
	uint32_t done, expired; /* lock: wq.lock */
};

bool ktest_glob(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p == '?' || *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == 0;
}

bool ktest_selected(const char *pats, const char *name)
{
	bool in = false;
	for (const char *p = pats; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char pat[64];
		bool out = n && *p == '-';
		if (out)
			p++, n--;
		/* A pattern too long for any test name matches none. */
		if (n && n < sizeof(pat)) {
			__builtin_memcpy(pat, p, n);
			pat[n] = 0;
			if (ktest_glob(pat, name)) {
				if (out)
					return false;
				in = true;
			}
		}
		p += n + (comma ? 1 : 0);
	}
	return in;
}

/* name matches `key=PATS` (no value: everything). */
static bool selected(const char *key, const char *name)
{
	char pats[BOOT_BOOTARGS_MAX];
	if (bootarg_get(key, pats, sizeof(pats)) != ERR_OK)
		return true;
	return ktest_selected(pats, name);
}

bool ktest_check(struct ktest *t, bool cond, const char *expr, const char *file,
		 int line, const char *fmt, ...)
{
	__atomic_fetch_add(&t->checks, 1, __ATOMIC_RELAXED);
	if (cond)
		return true;
	__atomic_fetch_add(&t->failures, 1, __ATOMIC_RELAXED);
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("    check failed: %s (%s:%d)%s%s\n", expr, file, line,
		msg[0] ? ": " : "", msg);
	return false;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char msg[240];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("    %s: %s\n", t->name, msg);
}

static int test_thread(void *arg)
{
	struct test_ctx *c = arg;
	c->desc->fn(&c->t);
	spin_lock(&c->wq.lock);
	c->done = 1;
	waitq_wake_all_locked(&c->wq);
	spin_unlock(&c->wq.lock);
	return 0;
}

/* The watchdog's deadline passed (timer interrupt). */
static void watchdog_fn(struct ktimer *timer)
{
	struct test_ctx *c = timer->arg;
	spin_lock(&c->wq.lock);
	c->expired = 1;
	waitq_wake_all_locked(&c->wq);
	spin_unlock(&c->wq.lock);
}

/* The run's last line, which the suites read: "N passed, N failed". */
static void print_totals(void)
{
	if (run.skipped)
		kprintf("%u passed, %u failed, %u skipped\n", run.passed,
			run.failed, run.skipped);
	else
		kprintf("%u passed, %u failed\n", run.passed, run.failed);
}

void ktest_on_panic(void)
{
	if (!run.current)
		return;
	kprintf("FAIL %s (panic)\n", run.current);
	run.failed++;
	print_totals();
	run.current = NULL;
}

/*
 * Harness self checks, run only when their boot argument is given (the
 * suite checks that the runner reports them as failures): a test that
 * never finishes must be caught by the watchdog, one that panics must be
 * reported by the panic path.
 */
static void selftest_hang(struct ktest *t)
{
	KTEST_CHECK(t, true, "started");
	for (;;)
		thread_sleep_ns(1000000);
}

static void selftest_panic(struct ktest *t)
{
	KTEST_CHECK(t, true, "started");
	panic("ktest_panic_selftest: panicking on purpose");
}

static const struct ktest_desc selftests[] = {
	{"ktest_hang_selftest", selftest_hang, __FILE__},
	{"ktest_panic_selftest", selftest_panic, __FILE__},
};

/* Runs one test in its own thread under the watchdog; counts the result. */
static void run_one(const struct ktest_desc *d, uint64_t timeout_s)
{
	/* Leaked on a timeout: the abandoned thread may still use it. */
	struct test_ctx *c = kzalloc(sizeof(*c));
	if (!c) {
		kprintf("FAIL %s (out of memory)\n", d->name);
		run.failed++;
		return;
	}
	c->desc = d;
	c->t.name = d->name;
	waitq_init(&c->wq, "ktest");
	ktimer_init(&c->watchdog, watchdog_fn, c);
	run.current = d->name;
	uint64_t start = time_ns();
	struct thread *th;
	err_t err = thread_create(d->name, test_thread, c, NULL, &th);
	if (err) {
		kprintf("FAIL %s (cannot create thread: %s)\n", d->name,
			err_str(err));
		run.failed++;
		run.current = NULL;
		kfree(c);
		return;
	}
	/* One timer for the deadline, no polling: the runner must not wake
	 * up while a test measures the scheduler or the timer. */
	ktimer_arm(&c->watchdog,
		   time_ticks() + time_ns_to_ticks(timeout_s * 1000000000ULL));
	WAIT_EVENT(&c->wq, c->done || c->expired);
	/* A watchdog firing right now may still hold c: c is freed below,
	 * so wait until it is through (it sets expired under the lock). */
	if (!ktimer_cancel(&c->watchdog))
		WAIT_EVENT(&c->wq, c->expired);
	uint64_t ms = (time_ns() - start) / 1000000;
	bool done = __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
	if (!done) {
		kprintf("FAIL %s (watchdog: no result after %llu s)\n", d->name,
			(unsigned long long)timeout_s);
		run.failed++;
		thread_detach(th);
		run.current = NULL;
		return;
	}
	thread_join(th, NULL);
	if (c->t.failures == 0 && c->t.skipped) {
		kprintf("SKIP %s (%s)\n", d->name, c->t.skipped);
		run.skipped++;
	} else if (c->t.failures == 0 && c->t.checks > 0) {
		kprintf("PASS %s (%u checks, %llu ms)\n", d->name, c->t.checks,
			(unsigned long long)ms);
		run.passed++;
	} else if (c->t.checks == 0) {
		kprintf("FAIL %s (no checks made)\n", d->name);
		run.failed++;
	} else {
		kprintf("FAIL %s (%u of %u checks failed, %llu ms)\n", d->name,
			c->t.failures, c->t.checks, (unsigned long long)ms);
		run.failed++;
	}
	run.current = NULL;
	kfree(c);
}

bool ktest_run_all(void)
{
	uint64_t timeout_s = 60;
	bootarg_get_u64("ktest_timeout", &timeout_s);
	unsigned total = (unsigned)(__ktests_end - __ktests_start);
	kprintf("ktest: %u registered tests, %u harts\n", total, hart_count());
	for (unsigned i = 0; i < ARRAY_SIZE(selftests); i++)
		if (bootarg_has(selftests[i].name))
			run_one(&selftests[i], timeout_s);
	for (const struct ktest_desc *d = __ktests_start; d < __ktests_end; d++)
		if (selected("test", d->name))
			run_one(d, timeout_s);
	print_totals();
	return run.failed == 0;
}

void ktest_skip(struct ktest *t, const char *why)
{
	t->skipped = why;
}

bool ktest_exact_time(void)
{
	return bootarg_has("exact_time");
}

void kbench_start(struct kbench *b)
{
	b->started = true;
	b->start_ns = time_ns();
}

void kbench_stop(struct kbench *b)
{
	b->stopped = true;
	b->stop_ns = time_ns();
}

void kbench_skip(struct kbench *b, const char *why)
{
	b->skipped = why;
}

bool kbench_run_all(void)
{
	unsigned count = 0;
	kprintf("kbench: guest instructions per iteration (-icount shift=0: "
		"1 ns = 1 instruction)\n");
	for (const struct kbench_desc *d = __kbenches_start; d < __kbenches_end;
	     d++) {
		if (!selected("bench", d->name))
			continue;
		struct kbench b;
		uint64_t iters = d->iters ? d->iters : 20000;
		/* Warm-up (caches, first-touch faults), then the measured run.
		 */
		memset(&b, 0, sizeof(b));
		b.name = d->name;
		b.iters = iters / 10 ? iters / 10 : 1;
		d->fn(&b);
		memset(&b, 0, sizeof(b));
		b.name = d->name;
		b.iters = iters;
		uint64_t t0 = time_ns();
		d->fn(&b);
		uint64_t t1 = time_ns();
		if (b.skipped) {
			kprintf("bench %s: skipped: %s\n", d->name, b.skipped);
			continue;
		}
		if (b.started)
			t0 = b.start_ns;
		if (b.stopped)
			t1 = b.stop_ns;
		uint64_t per100 = (t1 - t0) * 100 / iters;
		kprintf("bench %s: %llu.%02llu insns/iter (%llu iterations)\n",
			d->name, (unsigned long long)(per100 / 100),
			(unsigned long long)(per100 % 100),
			(unsigned long long)iters);
		count++;
	}
	kprintf("kbench: %u benchmarks\n", count);
	return true;
}
