/*
 * kernel/sched_rq.c - the per-hart run queues: queueing a thread (its
 * vruntime credit bounded against what it competes with there), hart
 * loads and the hart a new or woken thread goes to, telling a hart (IPI)
 * that a thread became ready there (wake-up preemption), and sched_wake.
 * Taking the next thread off a queue is sched.c's (rq_pop).  Locks: each
 * hart's "runqueue", one at a time (sched.c, docs/locking.md).
 */
#include "kernel/hart.h"
#include "kernel/sched_internal.h"
#include "kernel/smp.h"
#include "kernel/thread.h"

/* The least vruntime of the threads that compete on hart index: its
 * running thread and its queue (lock held); the hart's clock if none. */
static uint64_t least_competing(struct sched_hart *rq, unsigned index,
				uint64_t clock)
{
	struct thread *cur = hart_by_index(index)->current;
	bool any = cur && !cur->is_idle;
	uint64_t least = any ? cur->vruntime : clock;
	struct list_node *n;
	for (unsigned p = 0; p < 2; p++)
		for (n = rq->queue[p].next; n != &rq->queue[p]; n = n->next) {
			struct thread *t =
				list_entry(n, struct thread, rq_node);
			if (!any || sched_vrt_before(t->vruntime, least))
				least = t->vruntime;
			any = true;
		}
	return least;
}

/*
 * Queues t on hart index (its lock held).  A thread that slept (or is new)
 * gets at most one slice of credit against the least-served thread it
 * competes with there: it goes first (and preempts, see kick) but cannot
 * monopolise the hart to catch up.  (Against the hart's clock, which
 * follows the threads it picked, a sleeper could land behind threads that
 * ran less, and wait several slices.)  A thread that comes from another
 * hart keeps its vruntime at most two slices above the new hart's clock:
 * harts whose clocks drifted apart (different loads) neither starve it nor
 * let it starve the others.
 */
void sched_rq_push(struct sched_hart *rq, struct thread *t, unsigned index)
{
	uint64_t clock =
		__atomic_load_n(&sched_min_vruntime[index], __ATOMIC_RELAXED);
	uint64_t floor = least_competing(rq, index, clock) - sched_slice_ticks;
	if (sched_vrt_before(t->vruntime, floor))
		t->vruntime = floor;
	else if (t->hart != index &&
		 sched_vrt_before(clock + 2 * sched_slice_ticks, t->vruntime))
		t->vruntime = clock + 2 * sched_slice_ticks;
	t->hart = index;
	list_add_tail(&rq->queue[t->prio], &t->rq_node);
	__atomic_store_n(&rq->nr_ready, rq->nr_ready + 1, __ATOMIC_RELAXED);
}

unsigned sched_least_loaded_hart(void)
{
	uint64_t online = smp_online_mask();
	unsigned best = hart_self()->index, best_load = ~0u;
	/* Start after ourselves so ties spread threads around. */
	unsigned n = hart_count();
	for (unsigned k = 1; k <= n; k++) {
		unsigned i = (hart_self()->index + k) % n;
		if (!(online & (1ULL << i)))
			continue;
		unsigned l = sched_hart_load(i);
		if (l < best_load) {
			best_load = l;
			best = i;
		}
	}
	return best;
}

/* An idle hart with an empty queue other than index, or -1. */
static int find_idle_hart(unsigned index)
{
	uint64_t online = smp_online_mask();
	for (unsigned i = 0; i < hart_count(); i++) {
		if (i == index || !(online & (1ULL << i)))
			continue;
		struct hart *h = hart_by_index(i);
		struct thread *c =
			__atomic_load_n(&h->current, __ATOMIC_RELAXED);
		if (c && c->is_idle &&
		    __atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) == 0)
			return (int)i;
	}
	return -1;
}

/* Does t (just made ready) go before cur, the thread running on the hart
 * it was queued on?  A higher priority does; at the same priority, less
 * virtual run time does (wake-up preemption: a thread that slept answers
 * at once instead of at the end of the running thread's slice).  cur's
 * vruntime is read without its hart's lock: a stale value is only older,
 * i.e. smaller, which errs towards not preempting. */
static bool goes_before(const struct thread *t, const struct thread *cur)
{
	if (t->prio != cur->prio)
		return t->prio < cur->prio;
	return sched_vrt_before(
		t->vruntime, __atomic_load_n(&cur->vruntime, __ATOMIC_RELAXED));
}

/* Tells hart index that t became ready there (and to switch to it when it
 * goes before the running thread); when that hart already has work, also
 * wakes an idle hart, which will steal. */
static void kick(unsigned index, struct thread *t)
{
	struct hart *target = hart_by_index(index);
	struct thread *cur =
		__atomic_load_n(&target->current, __ATOMIC_RELAXED);
	unsigned ready =
		__atomic_load_n(&target->sched.nr_ready, __ATOMIC_RELAXED);
	bool target_idle = !cur || cur->is_idle;
	if (target_idle || goes_before(t, cur))
		smp_send_resched(index);
	if (t->pinned || (target_idle && ready <= 1))
		return;
	int idle = find_idle_hart(index);
	if (idle >= 0)
		smp_send_resched((unsigned)idle);
}

/* Where a woken thread goes: its last hart unless that one is busy and
 * another is less loaded. */
static unsigned wake_target(struct thread *t)
{
	if (t->pinned || sched_hart_load(t->hart) == 0)
		return t->hart;
	unsigned best = sched_least_loaded_hart();
	return sched_hart_load(best) < sched_hart_load(t->hart) ? best
								: t->hart;
}

/* Interrupts off. */
void sched_enqueue(struct thread *t, unsigned index)
{
	struct sched_hart *rq = sched_rq_of(index);
	spin_lock_irqoff(&rq->lock);
	sched_rq_push(rq, t, index);
	spin_unlock_irqoff(&rq->lock);
	kick(index, t);
}

/*
 * After making a thread ready from thread context: if it should preempt
 * the caller (higher priority on this hart) and the caller can be
 * preempted now, switch right away instead of at the next interrupt.
 */
void sched_preempt_point(void)
{
	if (!arch_irq_enabled())
		return;
	irq_push();
	struct hart *h = hart_self();
	bool now = h->need_resched && h->irq_depth == 1 && !h->trap_depth &&
		   !h->preempt_off && !h->current->is_idle;
	irq_pop();
	if (now)
		thread_yield();
}

bool sched_wake(struct thread *t)
{
	uint32_t expected = THREAD_BLOCKED;
	if (!__atomic_compare_exchange_n(&t->state, &expected, THREAD_READY,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return false;
	/*
	 * t may still be switching out on its hart (BLOCKED is set before
	 * the switch).  Wait for that to finish before t can be queued
	 * anywhere, so that no hart ever picks a thread whose registers are
	 * not saved yet (and no two switching harts wait for each other).
	 * The switching hart needs none of the locks a waker may hold.
	 */
	unsigned spins = 0;
	while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		smp_spin_pause(&spins);
	irq_push();
	sched_enqueue(t, wake_target(t));
	irq_pop();
	sched_preempt_point();
	return true;
}
