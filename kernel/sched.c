/*
 * kernel/sched.c - the scheduler's core: picking the next thread and
 * switching to it (blocking, yielding, preemption at trap exit), lazy FP
 * switching and each hart's set-up.  The run queues and wake-ups are in
 * sched_rq.c, the idle loop, stealing and balancing in sched_balance.c,
 * threads' life cycle in thread.c (sched_internal.h between them).
 *
 * Fairness: inside a priority level a hart runs the ready thread with the
 * least vruntime at slice ends (a yield hands over to the next queued
 * thread); at slice ends a busy hart also balances queue lengths and swaps
 * threads with a hart whose clock lags (balance_fairness), so threads share
 * CPU time evenly even when their count does not divide by the harts or a
 * hart loses time to other work.
 *
 * Switch protocol: the switching hart holds its own "runqueue" lock across
 * arch_switch(); the thread that resumes releases it in sched_finish() and
 * clears the previous thread's on_cpu flag, after which that thread may run
 * elsewhere.  A waker waits for on_cpu to clear before queueing a thread, so
 * a queued thread is never still on a hart (checked when it is picked).  The
 * per-hart interrupt nesting (irq_depth/irq_saved) is saved in the outgoing
 * thread and reloaded from the incoming one, so every thread keeps its own
 * interrupt state across switches.
 *
 * Runqueue locks are taken with spin_lock_irqoff(): every path into the
 * scheduler has done irq_push() (or runs in a trap) first, and a new
 * thread starts with irq_depth 1 for that push.
 *
 * Lock order: wait-queue / mutex / join locks -> runqueue (one at a time,
 * never two runqueues) ; timer lists are never held while taking another
 * lock except the console.  See docs/locking.md.
 */
#include <string.h>

#include "kernel/arch/riscv64/asm_offsets.h"
#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/sched_internal.h"
#include "kernel/thread.h"
#include "kernel/time.h"

/* Idle threads, one per hart index; each element is only touched by its
 * own hart (and read by panics on it). */
static struct thread idle_threads[BOOT_MAX_HARTS];

/* SCHED_SLICE_NS in timebase ticks; set once by the boot hart in
 * sched_init_hart() before other harts run, read-only afterwards. */
uint64_t sched_slice_ticks;

/*
 * Virtual run time.  Every thread's vruntime grows with the time it runs,
 * on whichever hart; it is one scale for the whole machine, so comparing
 * two threads' vruntimes tells which got less CPU.  Per hart index, the
 * vruntime of the thread it last picked or ran at a slice end (never
 * decreases): the hart's "clock", which advances slower on a crowded or
 * interrupted hart.  Written only by its own hart with interrupts off,
 * read by others without a lock (atomic loads).
 */
uint64_t sched_min_vruntime[BOOT_MAX_HARTS];

/* Puts the current thread back on its own hart's queue (yield, preemption):
 * it was running, so its vruntime needs no adjustment. */
static void rq_requeue(struct sched_hart *rq, struct thread *t)
{
	list_add_tail(&rq->queue[t->prio], &t->rq_node);
	__atomic_store_n(&rq->nr_ready, rq->nr_ready + 1, __ATOMIC_RELAXED);
}

/*
 * Takes the next thread: the highest priority level that has one, and in
 * it the thread with the least vruntime (first queued on ties).  With skip
 * (thread_yield, which just queued itself) it is the first queued thread
 * other than skip, or skip when alone: a yield hands the hart over at once
 * (the cheap path the thread-switch benchmark measures) and run-time
 * fairness is restored by the vruntime picks at slice ends.
 */
static struct thread *rq_pop(struct sched_hart *rq, struct thread *skip)
{
	for (unsigned p = 0; p < 2; p++) {
		struct thread *best = NULL;
		struct list_node *n;
		for (n = rq->queue[p].next; n != &rq->queue[p]; n = n->next) {
			struct thread *t =
				list_entry(n, struct thread, rq_node);
			if (t == skip)
				continue;
			if (skip) {
				best = t;
				break;
			}
			if (!best ||
			    sched_vrt_before(t->vruntime, best->vruntime))
				best = t;
		}
		if (!best && skip && skip->prio == p &&
		    !list_empty(&rq->queue[p]))
			best = skip;
		if (best) {
			list_del(&best->rq_node);
			__atomic_store_n(&rq->nr_ready, rq->nr_ready - 1,
					 __ATOMIC_RELAXED);
			return best;
		}
	}
	return NULL;
}

/* Runs in the thread that just got the hart (see the protocol above). */
void sched_finish(void)
{
	struct hart *h = hart_self();
	struct thread *prev = h->sched.prev;
	h->sched.prev = NULL;
	bool dead = prev && prev->state == THREAD_DEAD;
	if (prev)
		__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	spin_unlock_irqoff(&h->sched.lock);
	if (dead && !prev->is_idle)
		thread_release_ref(prev);
}

static void switch_to(struct hart *h, struct thread *cur, struct thread *next,
		      uint64_t now)
{
	next->last_start = now;
	if (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
		panic("thread %s picked while still on a hart", next->name);
	next->on_cpu = 1;
	next->state = THREAD_RUNNING;
	next->hart = h->index;
	next->switches_in++;
	__atomic_store_n(&h->current, next, __ATOMIC_RELAXED);
	h->sched.prev = cur;
	h->sched.switches++;
	h->sched.slice_end = now + sched_slice_ticks;
	h->stack_limit = next->stack_top - next->stack_size + STACK_TRAP_MARGIN;
	/* Arm the new slice end when the timer is set later (a timer far in
	 * the future, or none, would leave next unpreempted).  One set
	 * earlier fires and re-arms; a previous slice end just before this
	 * one counts as this one (TIMER_SLACK_NS, kernel/timer.c). */
	if (!next->is_idle && h->sched.slice_end < h->timer_next)
		timer_reprogram();

	cur->irq_depth = h->irq_depth;
	cur->irq_saved = h->irq_saved;
	h->irq_depth = next->irq_depth;
	h->irq_saved = next->irq_saved;

	if (arch_fp_dirty()) {
		arch_fp_save(&cur->fp);
		cur->fp_used = true;
	}
	if (cur->state == THREAD_DEAD && h->fp_owner == cur)
		h->fp_owner = NULL;
	if (h->fp_owner == next && next->fp_hart == h->index)
		arch_fp_enable_clean();
	else
		arch_fp_disable();

	/* A thread running a guest needs its space loaded; a hart leaving
	 * one goes back to the kernel's (a space still loaded somewhere
	 * could not be destroyed).  Other kernel threads use only the shared
	 * kernel half and leave satp alone. */
	if (next->space) {
		if (vm_current_space() != next->space)
			vm_space_activate(next->space);
	} else if (cur->space) {
		vm_space_activate(vm_kernel_space());
	}

	arch_switch(&cur->ctx, &next->ctx);
	sched_finish();
}

/*
 * Picks the next thread on this hart and switches to it.  Called with this
 * hart's runqueue lock held and the current thread's state already set
 * (READY threads already queued); returns with the lock released, in the
 * same thread once it runs again.
 */
void sched_schedule_locked(struct hart *h, struct thread *skip)
{
	struct thread *cur = h->current;
	if (h->preempt_off && cur->state != THREAD_RUNNING)
		panic("thread %s blocks with preemption disabled", cur->name);
	/* Charge the current thread first: the pick compares vruntimes. */
	uint64_t now = arch_time_read();
	sched_charge(cur, now);
	struct thread *next = rq_pop(&h->sched, skip);
	if (!next)
		next = cur->state == THREAD_RUNNING ? cur : h->idle;
	h->need_resched = false;
	if (!skip && !next->is_idle &&
	    sched_vrt_before(sched_min_vruntime[h->index], next->vruntime))
		__atomic_store_n(&sched_min_vruntime[h->index], next->vruntime,
				 __ATOMIC_RELAXED);
	if (next == cur) {
		cur->state = THREAD_RUNNING;
		spin_unlock_irqoff(&h->sched.lock);
		return;
	}
	switch_to(h, cur, next, now);
}

void sched_block(struct spinlock *held)
{
	irq_push();
	struct hart *h = hart_self();
	spin_lock_irqoff(&h->sched.lock);
	spin_unlock(held);
	sched_schedule_locked(h, NULL);
	irq_pop();
}

void thread_yield(void)
{
	irq_push();
	struct hart *h = hart_self();
	struct thread *cur = h->current;
	spin_lock_irqoff(&h->sched.lock);
	if (!cur->is_idle) {
		cur->state = THREAD_READY;
		rq_requeue(&h->sched, cur);
	}
	sched_schedule_locked(h, cur);
	irq_pop();
}

void preempt_disable(void)
{
	irq_push();
	hart_self()->preempt_off++;
	irq_pop();
}

void preempt_enable(void)
{
	irq_push();
	struct hart *h = hart_self();
	if (h->preempt_off == 0)
		panic("preempt_enable without preempt_disable");
	h->preempt_off--;
	irq_pop();
}

void sched_get_stats(unsigned index, struct sched_stats *out)
{
	struct hart *h = hart_by_index(index);
	out->switches = h ? h->sched.switches : 0;
	out->steals = h ? h->sched.steals : 0;
	out->nr_ready = h ? h->sched.nr_ready : 0;
}

void sched_init_hart(void)
{
	struct hart *h = hart_self();
	struct thread *idle = &idle_threads[h->index];
	const struct boot_info *bi = boot_info();
	if (!sched_slice_ticks)
		sched_slice_ticks = time_ns_to_ticks(SCHED_SLICE_NS);
	spin_init(&h->sched.lock, "runqueue");
	list_init(&h->sched.queue[0]);
	list_init(&h->sched.queue[1]);
	memset(idle, 0, sizeof(*idle));
	idle->is_idle = true;
	idle->pinned = true;
	idle->prio = THREAD_PRIO_NORMAL + 1;
	idle->state = THREAD_RUNNING;
	idle->on_cpu = 1;
	idle->hart = h->index;
	idle->fp_hart = ~0u;
	idle->joined = 2;
	idle->stack_top = bi->harts[h->id].stack_top;
	idle->stack_size = bi->harts[h->id].stack_size;
	idle->last_start = time_ticks();
	memcpy(idle->name, "idle", 5);
	list_init(&idle->rq_node);
	list_init(&idle->wait_node);
	h->idle = idle;
	__atomic_store_n(&h->current, idle, __ATOMIC_RELEASE);
	uint64_t emerg;
	if (vm_alloc_kstack(8192, &emerg) == ERR_OK)
		h->emerg_stack = emerg;
	else
		panic("no memory for hart %u's emergency stack", h->id);
	h->stack_limit = idle->stack_top - idle->stack_size + STACK_TRAP_MARGIN;
	timer_init_hart();
}

void sched_trap_exit(bool user, bool irq_was_on)
{
	struct hart *h = hart_self();
	if (!h->need_resched || !irq_was_on || h->trap_depth || h->irq_depth ||
	    h->preempt_off)
		return;
	struct thread *cur = h->current;
	if (cur->is_idle)
		return; /* the idle loop looks at its queue itself */
	irq_push();
	spin_lock_irqoff(&h->sched.lock);
	cur->state = THREAD_READY;
	rq_requeue(&h->sched, cur);
	sched_schedule_locked(h, NULL);
	irq_pop();
}

bool sched_fp_trap(void)
{
	struct hart *h = hart_self();
	struct thread *t = h->current;
	if (!t)
		return false;
	if (h->fp_owner == t && t->fp_hart == h->index) {
		arch_fp_enable_clean();
		return true;
	}
	if (!t->fp_used) {
		memset(&t->fp, 0, sizeof(t->fp));
		t->fp_used = true;
	}
	arch_fp_restore(&t->fp);
	h->fp_owner = t;
	t->fp_hart = h->index;
	return true;
}
