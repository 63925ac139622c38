/*
 * kernel/tests/smp_test.c - remote calls (smp_call) under contention:
 * a call that spins must not be re-entered on its target, and calls to
 * harts that spin with preemption off must all arrive, each exactly once.
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "kernel/time.h"

/* ---- a remote call that spins on a lock ---------------------------------- */

static struct {
	struct spinlock lock;
	uint32_t active[BOOT_MAX_HARTS]; /* fn running on that hart */
	uint32_t reentered;		 /* fn entered while running */
	uint32_t runs;			 /* fn completed */
} rc;

static void spinning_call(void *arg)
{
	(void)arg;
	unsigned me = hart_self()->index;
	if (__atomic_fetch_add(&rc.active[me], 1, __ATOMIC_ACQ_REL) != 0) {
		/* Re-entered from the spin below: note it and leave at once
		 * (spinning again would recurse until the stack overflows). */
		__atomic_fetch_add(&rc.reentered, 1, __ATOMIC_RELAXED);
		__atomic_fetch_sub(&rc.active[me], 1, __ATOMIC_ACQ_REL);
		return;
	}
	spin_lock(&rc.lock); /* spins (serving calls) until the test drops it */
	rc.runs++;
	spin_unlock(&rc.lock);
	__atomic_fetch_sub(&rc.active[me], 1, __ATOMIC_ACQ_REL);
}

static void nop_call(void *arg)
{
	(void)arg;
}

KTEST(smp_call_not_reentered)
{
	/* Every other hart gets a call that spins on a lock this hart holds
	 * for a while; spinning serves remote calls, which must not include
	 * the one being run. */
	spin_init(&rc.lock, "test-smp-call");
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		rc.active[i] = 0;
	rc.reentered = rc.runs = 0;
	spin_lock(&rc.lock);
	uint64_t others = smp_online_mask() & ~(1ULL << hart_self()->index);
	unsigned n = (unsigned)__builtin_popcountll(others);
	smp_call(others, spinning_call, NULL, false);
	uint64_t until = time_ns() + 20000000ULL; /* 20 ms */
	unsigned spins = 0;
	while (time_ns() < until)
		smp_spin_pause(&spins);
	spin_unlock(&rc.lock);
	/* A second call waits until every target finished the first. */
	smp_call(others, nop_call, NULL, true);
	KTEST_CHECK(t, __atomic_load_n(&rc.reentered, __ATOMIC_RELAXED) == 0,
		    "remote call re-entered %u times on its target",
		    rc.reentered);
	spin_lock(&rc.lock);
	unsigned runs = rc.runs;
	spin_unlock(&rc.lock);
	KTEST_CHECK(t, runs == n, "%u of %u calls ran", runs, n);
}

/* ---- many calls to harts that spin with preemption off ------------------- */

#define SPIN_ROUNDS	    400
#define SPIN_LATENCY_MAX_NS 5000000000ULL /* host stalls reach ~1 s */

enum spin_mode {
	SPIN_RAW,
	SPIN_PAUSE,
	SPIN_PAUSE_IRQOFF,
	SPIN_CALLING,
	SPIN_MODES
};

static struct {
	uint32_t stop, ready;
	uint64_t round;		       /* round the driver is calling */
	uint64_t seen[BOOT_MAX_HARTS]; /* last round each hart ran */
	uint32_t bad[BOOT_MAX_HARTS];  /* rounds run twice or skipped */
	uint64_t hits[BOOT_MAX_HARTS]; /* calls from spinners (SPIN_CALLING) */
	uint64_t sent;		       /* calls spinners made, summed */
	uint64_t max_ns;
} sc;

static void round_call(void *arg)
{
	uint64_t round = *(const uint64_t *)arg;
	unsigned me = hart_self()->index;
	if (sc.seen[me] + 1 != round)
		__atomic_fetch_add(&sc.bad[me], 1, __ATOMIC_RELAXED);
	sc.seen[me] = round;
}

static void hit_call(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&sc.hits[hart_self()->index], 1, __ATOMIC_RELAXED);
}

static int spinner(void *arg)
{
	enum spin_mode mode = (enum spin_mode)(uintptr_t)arg;
	preempt_disable();
	unsigned me = hart_self()->index;
	__atomic_fetch_add(&sc.ready, 1, __ATOMIC_ACQ_REL);
	unsigned spins = 0;
	uint64_t calls = 0;
	while (!__atomic_load_n(&sc.stop, __ATOMIC_ACQUIRE)) {
		switch (mode) {
		case SPIN_RAW:
			arch_cpu_relax();
			break;
		case SPIN_PAUSE:
			smp_spin_pause(&spins);
			break;
		case SPIN_PAUSE_IRQOFF:
			irq_push();
			for (unsigned i = 0; i < 64; i++)
				smp_spin_pause(&spins);
			irq_pop();
			break;
		default:
			/* Calls of its own to every other hart, so slots of
			 * several sources are busy at once. */
			if ((++calls & 15) == 0) {
				uint64_t to = smp_online_mask() & ~(1ULL << me);
				smp_call(to, hit_call, NULL, true);
				__atomic_fetch_add(&sc.sent,
						   __builtin_popcountll(to),
						   __ATOMIC_RELAXED);
			} else
				smp_spin_pause(&spins);
			break;
		}
	}
	preempt_enable();
	return 0;
}

static int spin_driver(void *arg)
{
	(void)arg;
	uint64_t mask = smp_online_mask() & ~(1ULL << hart_self()->index);
	for (uint64_t r = 1; r <= SPIN_ROUNDS; r++) {
		sc.round = r;
		uint64_t t0 = time_ns();
		smp_call(mask, round_call, &sc.round, true);
		uint64_t dt = time_ns() - t0;
		if (dt > sc.max_ns)
			sc.max_ns = dt;
		if (dt > SPIN_LATENCY_MAX_NS)
			break;
	}
	return 0;
}

/*
 * The test proper, in a thread pinned to hart 0: the spinners own every
 * other hart with preemption off, so a thread left in one of their run
 * queues (the test's own thread could be there) would wait for a steal.
 */
static int spin_control(void *arg)
{
	struct ktest *t = arg;
	unsigned n = hart_count();
	static struct thread *th[BOOT_MAX_HARTS];
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++) {
		sc.seen[i] = 0;
		sc.bad[i] = 0;
		sc.hits[i] = 0;
		th[i] = NULL;
	}
	sc.stop = sc.ready = 0;
	sc.round = 0;
	sc.sent = 0;
	sc.max_ns = 0;
	unsigned started = 0;
	for (unsigned h = 1; h < n; h++) {
		struct thread_opts o = {.prio = THREAD_PRIO_NORMAL,
					.hart = (int)h,
					.pinned = true};
		void *mode = (void *)(uintptr_t)((h - 1) % SPIN_MODES);
		if (thread_create("smp-spin", spinner, mode, &o, &th[h]) ==
		    ERR_OK)
			started++;
	}
	KTEST_CHECK(t, started == n - 1, "%u of %u spinners", started, n - 1);
	while (__atomic_load_n(&sc.ready, __ATOMIC_ACQUIRE) < started)
		thread_yield();
	spin_driver(NULL);
	__atomic_store_n(&sc.stop, 1, __ATOMIC_RELEASE);
	for (unsigned h = 1; h < n; h++)
		if (th[h])
			thread_join(th[h], NULL);
	if (n > 1)
		ktest_log(
			t,
			"%u rounds to %u spinning harts, slowest call %llu us",
			SPIN_ROUNDS, n - 1,
			(unsigned long long)(sc.max_ns / 1000));
	KTEST_CHECK(t, sc.max_ns <= SPIN_LATENCY_MAX_NS, "a call took %llu ms",
		    (unsigned long long)(sc.max_ns / 1000000));
	for (unsigned h = 1; h < n; h++) {
		KTEST_CHECK(t, sc.seen[h] == SPIN_ROUNDS,
			    "hart %u ran round %llu last", h,
			    (unsigned long long)sc.seen[h]);
		KTEST_CHECK(t, sc.bad[h] == 0,
			    "hart %u: %u rounds out of order", h, sc.bad[h]);
	}
	/* The spinners' own calls arrived too, each once. */
	uint64_t hits = 0;
	for (unsigned h = 0; h < n; h++)
		hits += sc.hits[h];
	KTEST_CHECK(t, hits == sc.sent,
		    "%llu calls from spinners ran, %llu sent",
		    (unsigned long long)hits, (unsigned long long)sc.sent);
	return 0;
}

KTEST(smp_call_spinning_harts)
{
	/* A driver pinned to hart 0 makes SPIN_ROUNDS waiting calls to every
	 * other hart while pinned threads spin there with preemption off:
	 * plain pause loops with interrupts on, smp_spin_pause with
	 * interrupts on and off, and spinners that make calls of their own.
	 * Every call must arrive once, in order, and none may take seconds. */
	struct thread_opts o = {
		.prio = THREAD_PRIO_NORMAL, .hart = 0, .pinned = true};
	struct thread *ctl = NULL;
	KTEST_ASSERT(t, thread_create("smp-spin-ctl", spin_control, t, &o,
				      &ctl) == ERR_OK);
	thread_join(ctl, NULL);
}
