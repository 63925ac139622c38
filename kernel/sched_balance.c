/*
 * kernel/sched_balance.c - the idle loop and moving threads between
 * harts: an idle hart steals a thread from the busiest one; at each slice
 * end (sched_balance, from the timer interrupt) a busy hart pushes a
 * thread to a hart two threads lighter, or swaps threads with a hart
 * whose clock lags (balance_fairness).  One runqueue lock at a time
 * (sched.c, docs/locking.md).
 */
#include "kernel/hart.h"
#include "kernel/sched_internal.h"
#include "kernel/smp.h"
#include "kernel/thread.h"

/* A migratable thread from the tail (the one that waited least). */
static struct thread *rq_take_migratable(struct sched_hart *rq)
{
	for (int p = 1; p >= 0; p--) {
		struct list_node *n;
		for (n = rq->queue[p].prev; n != &rq->queue[p]; n = n->prev) {
			struct thread *t =
				list_entry(n, struct thread, rq_node);
			if (t->pinned)
				continue;
			list_del(n);
			__atomic_store_n(&rq->nr_ready, rq->nr_ready - 1,
					 __ATOMIC_RELAXED);
			return t;
		}
	}
	return NULL;
}

/* Idle hart: takes one thread from the busiest other hart. */
static bool steal(struct hart *h)
{
	unsigned n = hart_count(), best = ~0u, best_load = 0;
	uint64_t online = smp_online_mask();
	for (unsigned k = 1; k < n; k++) {
		unsigned i = (h->index + k) % n;
		if (!(online & (1ULL << i)))
			continue;
		unsigned l = __atomic_load_n(&sched_rq_of(i)->nr_ready,
					     __ATOMIC_RELAXED);
		if (l > best_load) {
			best_load = l;
			best = i;
		}
	}
	if (best == ~0u)
		return false;
	struct sched_hart *victim = sched_rq_of(best);
	spin_lock_irqoff(&victim->lock);
	struct thread *t = rq_take_migratable(victim);
	spin_unlock_irqoff(&victim->lock);
	if (!t)
		return false;
	spin_lock_irqoff(&h->sched.lock);
	sched_rq_push(&h->sched, t, h->index);
	h->sched.steals++;
	spin_unlock_irqoff(&h->sched.lock);
	return true;
}

/* The ready migratable thread of rq with the least (or most) vruntime,
 * taken off the queue (normal priority only); rq's lock held. */
static struct thread *rq_take_by_vruntime(struct sched_hart *rq, bool least)
{
	struct thread *best = NULL;
	struct list_node *n;
	unsigned p = THREAD_PRIO_NORMAL;
	for (n = rq->queue[p].next; n != &rq->queue[p]; n = n->next) {
		struct thread *t = list_entry(n, struct thread, rq_node);
		if (t->pinned)
			continue;
		if (!best ||
		    sched_vrt_before(t->vruntime, best->vruntime) == least)
			best = t;
	}
	if (best) {
		list_del(&best->rq_node);
		__atomic_store_n(&rq->nr_ready, rq->nr_ready - 1,
				 __ATOMIC_RELAXED);
	}
	return best;
}

/*
 * Fairness across harts when queue lengths are balanced but the harts'
 * capacity is not (interrupts, short-lived system threads, emulation
 * stalls: a hart whose threads get less CPU has a clock that advances
 * slower).  When another hart's clock is more than two slices behind
 * ours, its least-served ready thread and our most-served ready thread
 * swap harts, so over time every thread spends its share of time on the
 * slower hart.  Queue lengths stay the same.  One runqueue lock at a time.
 */
static void balance_fairness(struct hart *h)
{
	uint64_t mine = __atomic_load_n(&sched_min_vruntime[h->index],
					__ATOMIC_RELAXED);
	uint64_t online = smp_online_mask();
	unsigned n = hart_count(), behind = ~0u;
	uint64_t lowest = mine - 2 * sched_slice_ticks;
	for (unsigned i = 0; i < n; i++) {
		if (i == h->index || !(online & (1ULL << i)) ||
		    !__atomic_load_n(&sched_rq_of(i)->nr_ready,
				     __ATOMIC_RELAXED))
			continue;
		uint64_t c = __atomic_load_n(&sched_min_vruntime[i],
					     __ATOMIC_RELAXED);
		if (sched_vrt_before(c, lowest)) {
			lowest = c;
			behind = i;
		}
	}
	if (behind == ~0u)
		return;
	/* Nothing ready here (fewer threads than harts' multiples): pull
	 * without giving when that hart has more threads than we do, so the
	 * crowded place moves around instead of staying with the same ones. */
	if (__atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) == 0 &&
	    sched_hart_load(behind) <= sched_hart_load(h->index))
		return;
	spin_lock_irqoff(&h->sched.lock);
	struct thread *give = rq_take_by_vruntime(&h->sched, false);
	spin_unlock_irqoff(&h->sched.lock);
	uint64_t bar = give ? give->vruntime : h->current->vruntime;
	struct sched_hart *victim = sched_rq_of(behind);
	spin_lock_irqoff(&victim->lock);
	struct thread *take = rq_take_by_vruntime(victim, true);
	if (take && !sched_vrt_before(take->vruntime, bar)) {
		sched_rq_push(victim, take, behind); /* nothing to gain */
		take = NULL;
	}
	spin_unlock_irqoff(&victim->lock);
	if (!take) {
		if (give)
			sched_enqueue(give, h->index);
		return;
	}
	h->sched.steals++;
	sched_enqueue(take, h->index);
	if (give)
		sched_enqueue(give, behind);
}

/*
 * Tick-time balancing on a busy hart (timer interrupt at a slice end):
 * when another hart's load is at least two below ours, move one migratable
 * ready thread there; otherwise balance_fairness().
 */
void sched_balance(void)
{
	struct hart *h = hart_self();
	/* The clock also follows the running thread (yields do not move it).
	 * Only this hart writes its clock, always with interrupts off. */
	struct thread *cur = h->current;
	if (cur->is_idle)
		return;
	/* Charge the running thread up to now: a thread alone on its hart
	 * is never switched, yet its hart's clock must move. */
	sched_charge(cur, arch_time_read());
	if (sched_vrt_before(sched_min_vruntime[h->index], cur->vruntime))
		__atomic_store_n(&sched_min_vruntime[h->index], cur->vruntime,
				 __ATOMIC_RELAXED);
	if (__atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) == 0) {
		balance_fairness(h);
		return;
	}
	unsigned mine = sched_hart_load(h->index), n = hart_count();
	uint64_t online = smp_online_mask();
	unsigned target = ~0u, tload = mine;
	for (unsigned i = 0; i < n; i++) {
		if (i == h->index || !(online & (1ULL << i)))
			continue;
		unsigned l = sched_hart_load(i);
		if (l + 2 <= mine && l < tload) {
			tload = l;
			target = i;
		}
	}
	if (target == ~0u) {
		balance_fairness(h);
		return;
	}
	spin_lock_irqoff(&h->sched.lock);
	struct thread *t = rq_take_migratable(&h->sched);
	spin_unlock_irqoff(&h->sched.lock);
	if (t)
		sched_enqueue(t, target);
}

_Noreturn void sched_run_idle(void)
{
	for (;;) {
		irq_push();
		struct hart *h = hart_self();
		if (__atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) ||
		    steal(h)) {
			spin_lock_irqoff(&h->sched.lock);
			sched_schedule_locked(h, NULL);
		} else {
			h->need_resched = false;
			arch_wait_for_interrupt();
		}
		irq_pop();
	}
}
