/*
 * kernel/sched_internal.h - what the scheduler's files share: sched.c
 * (picking and switching), sched_rq.c (run queues, wake-ups),
 * sched_balance.c (idle loop, stealing, balancing) and thread.c (threads'
 * life cycle).  Locks and the switch protocol: sched.c's comment and
 * docs/locking.md.
 */
#ifndef KERNEL_SCHED_INTERNAL_H
#define KERNEL_SCHED_INTERNAL_H

#include "base/types.h"
#include "kernel/hart.h"
#include "kernel/thread.h"

/* SCHED_SLICE_NS in timebase ticks (sched.c: write-once before SMP). */
extern uint64_t sched_slice_ticks;
/* Each hart index's clock (sched.c: written by its own hart with
 * interrupts off, read atomically by others). */
extern uint64_t sched_min_vruntime[BOOT_MAX_HARTS];

/* Hart index's run queue. */
static inline struct sched_hart *sched_rq_of(unsigned index)
{
	return &hart_by_index(index)->sched;
}

/* Is vruntime a before b (compared as a wrapping difference)? */
static inline bool sched_vrt_before(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) < 0;
}

/* Threads ready or running on hart index (no lock: a hint). */
static inline unsigned sched_hart_load(unsigned index)
{
	struct hart *h = hart_by_index(index);
	struct thread *cur = __atomic_load_n(&h->current, __ATOMIC_RELAXED);
	return __atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) +
	       (cur && !cur->is_idle ? 1 : 0);
}

/* Charges the running thread cur for its time on the hart up to now. */
static inline void sched_charge(struct thread *cur, uint64_t now)
{
	uint64_t ran = now - cur->last_start;
	cur->runtime_ticks += ran;
	cur->last_start = now;
	if (!cur->is_idle)
		cur->vruntime += ran;
}

/* sched.c: picks the next thread and switches to it; this hart's
 * runqueue lock held, released on return (comment at the definition). */
void sched_schedule_locked(struct hart *h, struct thread *skip);
/* sched.c: runs in the thread that just got the hart (switch protocol). */
void sched_finish(void);

/* sched_rq.c: queues t on hart index (its lock held). */
void sched_rq_push(struct sched_hart *rq, struct thread *t, unsigned index);
/* sched_rq.c: the online hart with the least load, from ours on. */
unsigned sched_least_loaded_hart(void);
/* sched_rq.c: queues t on hart index and kicks it; interrupts off. */
void sched_enqueue(struct thread *t, unsigned index);
/* sched_rq.c: switches at once when a thread just made ready should
 * preempt the caller and the caller can be preempted. */
void sched_preempt_point(void);

/* thread.c: drops one of t's two references (its exit, its joiner or
 * detacher); the last frees it. */
void thread_release_ref(struct thread *t);

#endif
