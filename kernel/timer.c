/*
 * kernel/timer.c - per-hart sorted timer lists, the timer interrupt and
 * time-slice accounting.
 *
 * A ktimer sits on the list of the hart that armed it (lock "timer" of that
 * hart) sorted by deadline; that hart's timer interrupt is programmed for
 * the earliest deadline or the end of the running thread's time slice.
 * Expired timers are unlinked under the lock and run without it.
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/thread.h"
#include "kernel/time.h"

/*
 * A timer interrupt this close before the slice end counts as the slice
 * end.  A switch starts the next slice a little after the interrupt that
 * ended the last one, and leaves the timer armed for the old end rather
 * than pay for re-arming it on every switch: without slack that timer
 * would end nothing, and the real end would take a second interrupt.
 */
#define TIMER_SLACK_NS (SCHED_SLICE_NS / 64)

void timer_init_hart(void)
{
	struct hart *h = hart_self();
	spin_init(&h->timers.lock, "timer");
	list_init(&h->timers.pending);
	h->timers.first = ~0ULL;
	h->timer_next = ~0ULL;
	arch_timer_set(~0ULL);
}

void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *), void *arg)
{
	list_init(&t->node);
	t->deadline = 0;
	t->fn = fn;
	t->arg = arg;
	t->hart = -1;
}

/* Sets timers->first from the list; lock held. */
static void update_first(struct timer_hart *tm)
{
	struct list_node *first = list_first(&tm->pending);
	__atomic_store_n(
		&tm->first,
		first ? list_entry(first, struct ktimer, node)->deadline
		      : ~0ULL,
		__ATOMIC_RELAXED);
}

/* Programs the hardware for min(first deadline, slice end).  Interrupts
 * off; no lock (every switch calls it).  force: write even when unchanged
 * (after the timer fired). */
static void reprogram(struct hart *h, bool force)
{
	uint64_t next = __atomic_load_n(&h->timers.first, __ATOMIC_RELAXED);
	struct thread *cur = h->current;
	if (cur && !cur->is_idle && h->sched.slice_end < next)
		next = h->sched.slice_end;
	if (force || next != h->timer_next) {
		h->timer_next = next;
		arch_timer_set(next);
	}
}

void timer_reprogram(void)
{
	irq_push();
	reprogram(hart_self(), false);
	irq_pop();
}

void ktimer_arm(struct ktimer *t, uint64_t deadline)
{
	irq_push();
	ktimer_cancel(t);
	struct hart *h = hart_self();
	spin_lock(&h->timers.lock);
	t->deadline = deadline;
	struct list_node *it;
	list_for_each(it, &h->timers.pending)
	{
		if (list_entry(it, struct ktimer, node)->deadline > deadline)
			break;
	}
	list_add_tail(it, &t->node); /* before it: keeps the list sorted */
	__atomic_store_n(&t->hart, (int)h->index, __ATOMIC_RELEASE);
	bool earliest = h->timers.pending.next == &t->node;
	update_first(&h->timers);
	spin_unlock(&h->timers.lock);
	if (earliest && deadline < h->timer_next) {
		h->timer_next = deadline;
		arch_timer_set(deadline);
	}
	irq_pop();
}

bool ktimer_cancel(struct ktimer *t)
{
	for (;;) {
		int idx = __atomic_load_n(&t->hart, __ATOMIC_ACQUIRE);
		if (idx < 0)
			return false;
		struct hart *h = hart_by_index((unsigned)idx);
		spin_lock(&h->timers.lock);
		if (t->hart == idx) {
			list_del(&t->node);
			update_first(&h->timers);
			__atomic_store_n(&t->hart, -1, __ATOMIC_RELEASE);
			spin_unlock(&h->timers.lock);
			return true;
		}
		spin_unlock(&h->timers.lock);
	}
}

void timer_interrupt(void)
{
	struct hart *h = hart_self();
	uint64_t now = time_ticks();
	h->timer_irqs++;
	for (;;) {
		spin_lock(&h->timers.lock);
		struct list_node *first = list_first(&h->timers.pending);
		struct ktimer *t =
			first ? list_entry(first, struct ktimer, node) : NULL;
		if (!t || t->deadline > now) {
			spin_unlock(&h->timers.lock);
			break;
		}
		list_del(&t->node);
		update_first(&h->timers);
		__atomic_store_n(&t->hart, -1, __ATOMIC_RELEASE);
		spin_unlock(&h->timers.lock);
		t->fn(t);
	}
	struct thread *cur = h->current;
	if (cur && !cur->is_idle &&
	    now + time_ns_to_ticks(TIMER_SLACK_NS) >= h->sched.slice_end) {
		/* A new slice starts now whatever happens next: the scheduler
		 * may keep the running thread (it has the least vruntime) or
		 * be unable to switch yet (preemption off), and a slice end
		 * left in the past would fire again at once, a storm of
		 * interrupts.  A switch starts the next thread's slice anew. */
		h->sched.slice_end = now + time_ns_to_ticks(SCHED_SLICE_NS);
		if (__atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED))
			h->need_resched = true;
		sched_balance();
	}
	reprogram(h, true);
}
