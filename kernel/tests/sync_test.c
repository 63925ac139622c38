/*
 * kernel/tests/sync_test.c - locks, wait queues, semaphores, condition
 * variables, timers and remote calls.
 */
#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#define STRESS_ITERS 5000

struct stress {
	struct spinlock lock;
	struct mutex mutex;
	uint64_t spin_counter;	/* lock: lock */
	uint64_t mutex_counter; /* lock: mutex */
	uint64_t atomic_counter;
};

static int stress_fn(void *p)
{
	struct stress *s = p;
	for (unsigned i = 0; i < STRESS_ITERS; i++) {
		spin_lock(&s->lock);
		s->spin_counter++;
		spin_unlock(&s->lock);
		if (i % 8 == 0) {
			mutex_lock(&s->mutex);
			uint64_t v = s->mutex_counter;
			if (i % 64 == 0)
				thread_yield(); /* sleep while holding it */
			s->mutex_counter = v + 1;
			mutex_unlock(&s->mutex);
		}
		__atomic_fetch_add(&s->atomic_counter, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

KTEST(lock_stress_counter)
{
	static struct stress s;
	spin_init(&s.lock, "stress");
	mutex_init(&s.mutex, "stress-mutex");
	s.spin_counter = s.mutex_counter = s.atomic_counter = 0;
	unsigned n = hart_count() * 2;
	struct thread *ts[BOOT_MAX_HARTS * 2];
	for (unsigned i = 0; i < n; i++) {
		/* Two per hart, pinned: every hart hammers the same lock. */
		struct thread_opts o = {THREAD_PRIO_NORMAL,
					(int)(i % hart_count()), true, 0};
		KTEST_ASSERT(t, thread_create("stress", stress_fn, &s, &o,
					      &ts[i]) == ERR_OK);
	}
	for (unsigned i = 0; i < n; i++)
		thread_join(ts[i], NULL);
	uint64_t want = (uint64_t)n * STRESS_ITERS;
	KTEST_CHECK(
		t, s.spin_counter == want, "spinlock counter %llu, want %llu",
		(unsigned long long)s.spin_counter, (unsigned long long)want);
	KTEST_CHECK(t, s.atomic_counter == want, "atomic counter %llu",
		    (unsigned long long)s.atomic_counter);
	uint64_t mwant = (uint64_t)n * (STRESS_ITERS / 8);
	KTEST_CHECK(
		t, s.mutex_counter == mwant, "mutex counter %llu, want %llu",
		(unsigned long long)s.mutex_counter, (unsigned long long)mwant);
	ktest_log(t, "%u threads on %u harts: %llu increments exact", n,
		  hart_count(), (unsigned long long)want);
}

struct pc {
	struct waitq wq;
	uint64_t produced; /* lock: wq.lock */
	uint64_t consumed;
	uint64_t sum;
};

static int consumer_fn(void *p)
{
	struct pc *pc = p;
	for (;;) {
		spin_lock(&pc->wq.lock);
		while (pc->consumed == pc->produced)
			waitq_wait_locked(&pc->wq);
		uint64_t item = ++pc->consumed;
		spin_unlock(&pc->wq.lock);
		if (item == ~0ULL)
			break;
		pc->sum += item;
		if (item == 1000)
			break;
	}
	return 0;
}

KTEST(waitq_producer_consumer)
{
	static struct pc pc;
	waitq_init(&pc.wq, "pc");
	pc.produced = pc.consumed = pc.sum = 0;
	struct thread *c;
	KTEST_ASSERT(t, thread_create("consumer", consumer_fn, &pc, NULL, &c) ==
				ERR_OK);
	for (unsigned i = 0; i < 1000; i++) {
		spin_lock(&pc.wq.lock);
		pc.produced++;
		waitq_wake_one_locked(&pc.wq);
		spin_unlock(&pc.wq.lock);
		if (i % 50 == 0)
			thread_sleep_ns(50000);
	}
	KTEST_CHECK(t, thread_join(c, NULL) == ERR_OK, "join");
	KTEST_CHECK(t, pc.consumed == 1000, "consumed %llu",
		    (unsigned long long)pc.consumed);
	KTEST_CHECK(t, pc.sum == 1000ULL * 1001 / 2, "sum %llu",
		    (unsigned long long)pc.sum);
}

struct wake_all {
	struct waitq wq;
	uint32_t go; /* lock: wq.lock */
	uint32_t woke;
};

static int waiter_fn(void *p)
{
	struct wake_all *w = p;
	WAIT_EVENT(&w->wq, w->go);
	__atomic_fetch_add(&w->woke, 1, __ATOMIC_RELAXED);
	return 0;
}

KTEST(waitq_wake_all)
{
	static struct wake_all w;
	waitq_init(&w.wq, "wake-all");
	w.go = 0;
	w.woke = 0;
	struct thread *ts[16];
	for (unsigned i = 0; i < 16; i++)
		KTEST_ASSERT(t, thread_create("waiter", waiter_fn, &w, NULL,
					      &ts[i]) == ERR_OK);
	thread_sleep_ns(2000000);
	KTEST_CHECK(t, __atomic_load_n(&w.woke, __ATOMIC_RELAXED) == 0,
		    "waiters ran before the event");
	spin_lock(&w.wq.lock);
	w.go = 1;
	waitq_wake_all_locked(&w.wq);
	spin_unlock(&w.wq.lock);
	for (unsigned i = 0; i < 16; i++)
		thread_join(ts[i], NULL);
	KTEST_CHECK(t, w.woke == 16, "woke %u of 16", w.woke);
}

struct pingsem {
	struct semaphore a, b;
	unsigned rounds;
};

static int sem_partner(void *p)
{
	struct pingsem *s = p;
	for (unsigned i = 0; i < s->rounds; i++) {
		sem_down(&s->a);
		sem_up(&s->b);
	}
	return 0;
}

KTEST(semaphore_pingpong)
{
	static struct pingsem s;
	sem_init(&s.a, 0);
	sem_init(&s.b, 0);
	s.rounds = 500;
	struct thread *th;
	KTEST_ASSERT(t, thread_create("sem", sem_partner, &s, NULL, &th) ==
				ERR_OK);
	for (unsigned i = 0; i < s.rounds; i++) {
		sem_up(&s.a);
		sem_down(&s.b);
	}
	KTEST_CHECK(t, thread_join(th, NULL) == ERR_OK, "join");
	KTEST_CHECK(t, !sem_trydown(&s.a) && !sem_trydown(&s.b),
		    "semaphores not back to zero");
	sem_up(&s.a);
	KTEST_CHECK(t, sem_trydown(&s.a), "trydown after up");
}

struct cv {
	struct mutex m;
	struct condvar c;
	unsigned value; /* lock: m */
};

static int cv_fn(void *p)
{
	struct cv *cv = p;
	mutex_lock(&cv->m);
	while (cv->value < 5)
		cond_wait(&cv->c, &cv->m);
	unsigned v = cv->value;
	mutex_unlock(&cv->m);
	return (int)v;
}

KTEST(condvar_wait_signal)
{
	static struct cv cv;
	mutex_init(&cv.m, "cv");
	cond_init(&cv.c, "cv");
	cv.value = 0;
	struct thread *ts[4];
	for (unsigned i = 0; i < 4; i++)
		KTEST_ASSERT(t, thread_create("cv", cv_fn, &cv, NULL, &ts[i]) ==
					ERR_OK);
	for (unsigned i = 0; i < 5; i++) {
		thread_sleep_ns(300000);
		mutex_lock(&cv.m);
		cv.value++;
		KTEST_CHECK(t, mutex_held(&cv.m), "mutex_held");
		mutex_unlock(&cv.m);
		cond_broadcast(&cv.c);
	}
	for (unsigned i = 0; i < 4; i++) {
		int st = 0;
		thread_join(ts[i], &st);
		KTEST_CHECK(t, st == 5, "waiter %u saw %d", i, st);
	}
}

KTEST(sleep_wakes_on_time)
{
	static const uint64_t durations[] = {100000, 1000000, 3000000,
					     15000000};
	uint64_t tick_ns = time_ticks_to_ns(1) ? time_ticks_to_ns(1) : 1;
	/* One scheduler tick (slice) with exact time, else host-noise room. */
	uint64_t slack = ktest_exact_time() ? SCHED_SLICE_NS : 200000000ULL;
	for (unsigned i = 0; i < ARRAY_SIZE(durations); i++) {
		uint64_t t0 = time_ns();
		thread_sleep_ns(durations[i]);
		uint64_t slept = time_ns() - t0;
		uint64_t late = slept - durations[i];
		KTEST_CHECK(t, slept >= durations[i],
			    "woke early: %llu < %llu ns",
			    (unsigned long long)slept,
			    (unsigned long long)durations[i]);
		KTEST_CHECK(t, slept < durations[i] + slack,
			    "woke %llu ns late", (unsigned long long)late);
		ktest_log(
			t,
			"sleep %llu us: woke %llu us late (timebase tick %llu ns)",
			(unsigned long long)(durations[i] / 1000),
			(unsigned long long)(late / 1000),
			(unsigned long long)tick_ns);
	}
}

struct timer_rec {
	struct ktimer timer;
	unsigned id;
	uint64_t fired_at;
	unsigned *order;
	unsigned *count;
};

static void rec_fn(struct ktimer *tm)
{
	struct timer_rec *r = tm->arg;
	r->fired_at = time_ticks();
	r->order[__atomic_fetch_add(r->count, 1, __ATOMIC_RELAXED)] = r->id;
}

KTEST(timers_fire_in_order)
{
	static struct timer_rec recs[6];
	static unsigned order[6], count;
	static const unsigned delay_ms[6] = {5, 1, 4, 2, 6, 3};
	count = 0;
	irq_push(); /* arm all on this hart */
	uint64_t now = time_ticks();
	for (unsigned i = 0; i < 6; i++) {
		recs[i].id = i;
		recs[i].fired_at = 0;
		recs[i].order = order;
		recs[i].count = &count;
		ktimer_init(&recs[i].timer, rec_fn, &recs[i]);
		ktimer_arm(&recs[i].timer,
			   now + time_ns_to_ticks(delay_ms[i] * 1000000ULL));
	}
	/* Cancel the 6 ms one: it must never fire. */
	bool cancelled = ktimer_cancel(&recs[4].timer);
	irq_pop();
	KTEST_CHECK(t, cancelled, "cancel of a pending timer");
	thread_sleep_ns(10000000);
	KTEST_CHECK(t, __atomic_load_n(&count, __ATOMIC_RELAXED) == 5,
		    "%u timers fired, want 5", count);
	static const unsigned want[5] = {1, 3, 5, 2, 0};
	for (unsigned i = 0; i < 5 && i < count; i++)
		KTEST_CHECK(t, order[i] == want[i], "position %u: timer %u", i,
			    order[i]);
	for (unsigned i = 0; i < 6; i++) {
		if (i == 4)
			continue;
		uint64_t due = now + time_ns_to_ticks(delay_ms[i] * 1000000ULL);
		KTEST_CHECK(t, recs[i].fired_at >= due, "timer %u fired early",
			    i);
	}
	KTEST_CHECK(t, recs[4].fired_at == 0, "cancelled timer fired");
	KTEST_CHECK(t, !ktimer_cancel(&recs[0].timer),
		    "cancel of a fired timer");
}

static uint32_t call_hits[BOOT_MAX_HARTS];

static void call_fn(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&call_hits[hart_self()->index], 1, __ATOMIC_RELAXED);
}

KTEST(smp_call_all_harts)
{
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		call_hits[i] = 0;
	for (unsigned round = 0; round < 50; round++)
		smp_call(~0ULL, call_fn, NULL, true);
	uint64_t online = smp_online_mask();
	for (unsigned i = 0; i < hart_count(); i++)
		KTEST_CHECK(t, call_hits[i] == ((online >> i) & 1 ? 50u : 0u),
			    "hart %u ran %u calls", i, call_hits[i]);
	/* Asynchronous calls arrive too. */
	smp_call(online, call_fn, NULL, false);
	uint64_t deadline = time_ns() + 100000000ULL;
	bool all = false;
	while (!all && time_ns() < deadline) {
		all = true;
		for (unsigned i = 0; i < hart_count(); i++)
			if (__atomic_load_n(&call_hits[i], __ATOMIC_RELAXED) <
			    51)
				all = false;
		if (!all)
			thread_sleep_ns(100000);
	}
	KTEST_CHECK(t, all, "asynchronous calls not all delivered");
}

KTEST(spinlock_irq_nesting)
{
	struct spinlock a, b;
	spin_init(&a, "a");
	spin_init(&b, "b");
	spin_lock(&a);
	KTEST_CHECK(t, spin_held(&a) && !spin_held(&b), "held");
	spin_lock(&b);
	spin_unlock(&b);
	KTEST_CHECK(t, !arch_irq_enabled(), "interrupts on with a lock held");
	spin_unlock(&a);
	KTEST_CHECK(t, arch_irq_enabled(), "interrupts not restored");
	KTEST_CHECK(t, spin_trylock(&a), "trylock free lock");
	KTEST_CHECK(t, !arch_irq_enabled(), "trylock leaves interrupts off");
	spin_unlock(&a);
}
