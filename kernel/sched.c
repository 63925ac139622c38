/*
 * kernel/sched.c - threads, per-hart run queues, work stealing, preemption
 * and lazy FP switching.
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
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/thread.h"
#include "kernel/time.h"

void thread_start(void *unused, void *arg);

/* Idle threads, one per hart index; each element is only touched by its
 * own hart (and read by panics on it). */
static struct thread idle_threads[BOOT_MAX_HARTS];
static uint64_t next_thread_id = 1; /* atomic */

/* SCHED_SLICE_NS in timebase ticks; set once by the boot hart in
 * sched_init_hart() before other harts run, read-only afterwards. */
static uint64_t slice_ticks;

/*
 * Virtual run time.  Every thread's vruntime grows with the time it runs,
 * on whichever hart; it is one scale for the whole machine, so comparing
 * two threads' vruntimes tells which got less CPU.  Per hart index, the
 * vruntime of the thread it last picked or ran at a slice end (never
 * decreases): the hart's "clock", which advances slower on a crowded or
 * interrupted hart.  Written only by its own hart with interrupts off,
 * read by others without a lock (atomic loads).
 */
static uint64_t min_vruntime[BOOT_MAX_HARTS];

static struct sched_hart *rq_of(unsigned index)
{
	return &hart_by_index(index)->sched;
}

static bool vrt_before(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) < 0;
}

/* Charges the running thread cur for its time on the hart up to now. */
static void charge(struct thread *cur, uint64_t now)
{
	uint64_t ran = now - cur->last_start;
	cur->runtime_ticks += ran;
	cur->last_start = now;
	if (!cur->is_idle)
		cur->vruntime += ran;
}

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
			if (!any || vrt_before(t->vruntime, least))
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
static void rq_push(struct sched_hart *rq, struct thread *t, unsigned index)
{
	uint64_t clock =
		__atomic_load_n(&min_vruntime[index], __ATOMIC_RELAXED);
	uint64_t floor = least_competing(rq, index, clock) - slice_ticks;
	if (vrt_before(t->vruntime, floor))
		t->vruntime = floor;
	else if (t->hart != index &&
		 vrt_before(clock + 2 * slice_ticks, t->vruntime))
		t->vruntime = clock + 2 * slice_ticks;
	t->hart = index;
	list_add_tail(&rq->queue[t->prio], &t->rq_node);
	__atomic_store_n(&rq->nr_ready, rq->nr_ready + 1, __ATOMIC_RELAXED);
}

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
			if (!best || vrt_before(t->vruntime, best->vruntime))
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

static unsigned hart_load(unsigned index)
{
	struct hart *h = hart_by_index(index);
	struct thread *cur = __atomic_load_n(&h->current, __ATOMIC_RELAXED);
	return __atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) +
	       (cur && !cur->is_idle ? 1 : 0);
}

static unsigned least_loaded_hart(void)
{
	uint64_t online = smp_online_mask();
	unsigned best = hart_self()->index, best_load = ~0u;
	/* Start after ourselves so ties spread threads around. */
	unsigned n = hart_count();
	for (unsigned k = 1; k <= n; k++) {
		unsigned i = (hart_self()->index + k) % n;
		if (!(online & (1ULL << i)))
			continue;
		unsigned l = hart_load(i);
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
	return vrt_before(t->vruntime,
			  __atomic_load_n(&cur->vruntime, __ATOMIC_RELAXED));
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
	if (t->pinned || hart_load(t->hart) == 0)
		return t->hart;
	unsigned best = least_loaded_hart();
	return hart_load(best) < hart_load(t->hart) ? best : t->hart;
}

/* Interrupts off. */
static void enqueue(struct thread *t, unsigned index)
{
	struct sched_hart *rq = rq_of(index);
	spin_lock_irqoff(&rq->lock);
	rq_push(rq, t, index);
	spin_unlock_irqoff(&rq->lock);
	kick(index, t);
}

/*
 * After making a thread ready from thread context: if it should preempt
 * the caller (higher priority on this hart) and the caller can be
 * preempted now, switch right away instead of at the next interrupt.
 */
static void preempt_point(void)
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
	enqueue(t, wake_target(t));
	irq_pop();
	preempt_point();
	return true;
}

static void reap(struct thread *t)
{
	if (t->stack_top)
		vm_free_kstack(t->stack_top);
	kfree(t);
}

static void release_ref(struct thread *t)
{
	/* joined counts references: 2 at creation (the thread's own exit and
	 * its joiner/detacher); whoever drops the last one frees it. */
	if (__atomic_sub_fetch(&t->joined, 1, __ATOMIC_ACQ_REL) == 0)
		reap(t);
}

/* Runs in the thread that just got the hart (see the protocol above). */
static void sched_finish(void)
{
	struct hart *h = hart_self();
	struct thread *prev = h->sched.prev;
	h->sched.prev = NULL;
	bool dead = prev && prev->state == THREAD_DEAD;
	if (prev)
		__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	spin_unlock_irqoff(&h->sched.lock);
	if (dead && !prev->is_idle)
		release_ref(prev);
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
	h->sched.slice_end = now + slice_ticks;
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
static void schedule_locked(struct hart *h, struct thread *skip)
{
	struct thread *cur = h->current;
	if (h->preempt_off && cur->state != THREAD_RUNNING)
		panic("thread %s blocks with preemption disabled", cur->name);
	/* Charge the current thread first: the pick compares vruntimes. */
	uint64_t now = arch_time_read();
	charge(cur, now);
	struct thread *next = rq_pop(&h->sched, skip);
	if (!next)
		next = cur->state == THREAD_RUNNING ? cur : h->idle;
	h->need_resched = false;
	if (!skip && !next->is_idle &&
	    vrt_before(min_vruntime[h->index], next->vruntime))
		__atomic_store_n(&min_vruntime[h->index], next->vruntime,
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
	schedule_locked(h, NULL);
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
	schedule_locked(h, cur);
	irq_pop();
}

static void sleep_timer_fn(struct ktimer *timer)
{
	sched_wake(timer->arg);
}

void thread_sleep_ns(uint64_t ns)
{
	if (ns == 0) {
		thread_yield();
		return;
	}
	uint64_t deadline = time_ticks() + time_ns_to_ticks(ns);
	irq_push();
	struct hart *h = hart_self();
	struct thread *cur = h->current;
	if (cur->is_idle)
		panic("idle thread sleeps");
	__atomic_store_n(&cur->state, THREAD_BLOCKED, __ATOMIC_RELEASE);
	/* The timer is on this hart, whose interrupts stay off until the
	 * switch: it cannot fire before we are off the hart. */
	ktimer_arm(&cur->sleep_timer, deadline);
	spin_lock_irqoff(&h->sched.lock);
	schedule_locked(h, NULL);
	irq_pop();
}

uint64_t thread_runtime_ns(const struct thread *t)
{
	return time_ticks_to_ns(
		__atomic_load_n(&t->runtime_ticks, __ATOMIC_RELAXED));
}

const char *thread_name(const struct thread *t)
{
	return t->name;
}

bool thread_stack_bounds(uint64_t fp, uint64_t *lo, uint64_t *hi)
{
	struct thread *t = hart_self()->current;
	if (!t || !t->stack_top)
		return false;
	*hi = t->stack_top;
	*lo = t->stack_top - t->stack_size;
	return fp >= *lo && fp <= *hi;
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

/*
 * First code of every new thread, reached from arch_thread_trampoline with
 * the switching path's "runqueue" still held: releases it, turns interrupts
 * on and runs entry(arg); its return value is the exit status.
 */
void thread_start(void *unused, void *arg)
{
	(void)unused;
	struct thread *t = arg;
	sched_finish();
	/* irq_depth was 1 (the switching path's irq_push): now 0, irqs on. */
	irq_pop();
	thread_exit(t->entry(t->arg));
}

err_t thread_create(const char *name, int (*entry)(void *), void *arg,
		    const struct thread_opts *opts, struct thread **out)
{
	struct thread_opts def = {THREAD_PRIO_NORMAL, -1, false, 0};
	if (!opts)
		opts = &def;
	if (opts->prio > THREAD_PRIO_NORMAL ||
	    (opts->hart >= 0 && (unsigned)opts->hart >= hart_count()) ||
	    (opts->pinned && opts->hart < 0) || !entry)
		return ERR_INVAL;
	size_t stack =
		opts->stack_size ? opts->stack_size : THREAD_STACK_DEFAULT;
	stack = ALIGN_UP(stack, 4096);
	struct thread *t = kzalloc(sizeof(*t));
	if (!t)
		return ERR_NOMEM;
	uint64_t top;
	err_t err = vm_alloc_kstack(stack, &top);
	if (err) {
		kfree(t);
		return err;
	}
	t->id = __atomic_fetch_add(&next_thread_id, 1, __ATOMIC_RELAXED);
	size_t nlen = strnlen(name ? name : "thread", THREAD_NAME_MAX - 1);
	memcpy(t->name, name ? name : "thread", nlen);
	t->name[nlen] = 0;
	list_init(&t->rq_node);
	list_init(&t->wait_node);
	t->prio = opts->prio;
	t->pinned = opts->pinned;
	t->entry = entry;
	t->arg = arg;
	t->stack_top = top;
	t->stack_size = stack;
	t->irq_depth =
		1; /* the switch path's irq_push, popped in thread_start */
	t->irq_saved = true;
	t->fp_hart = ~0u;
	t->joined = 2;
	waitq_init(&t->join_wq, "thread-join");
	ktimer_init(&t->sleep_timer, sleep_timer_fn, t);
	arch_context_init(&t->ctx, top, (void (*)(void *))0, t);
	/* arch_thread_trampoline calls thread_start(s1, s2): s1 unused. */
	t->state = THREAD_READY;
	irq_push();
	unsigned where =
		opts->hart >= 0 ? (unsigned)opts->hart : least_loaded_hart();
	if (out)
		*out = t;
	enqueue(t, where);
	irq_pop();
	preempt_point();
	return ERR_OK;
}

_Noreturn void thread_exit(int status)
{
	irq_push();
	struct hart *h = hart_self();
	struct thread *t = h->current;
	if (t->is_idle)
		panic("idle thread exits");
	t->exit_status = status;
	spin_lock(&t->join_wq.lock);
	__atomic_store_n(&t->state, THREAD_DEAD, __ATOMIC_RELEASE);
	waitq_wake_all_locked(&t->join_wq);
	spin_lock_irqoff(&h->sched.lock);
	spin_unlock(&t->join_wq.lock);
	schedule_locked(h, NULL);
	panic("dead thread %s scheduled again", t->name);
}

err_t thread_join(struct thread *t, int *status)
{
	if (t == thread_current())
		return ERR_INVAL;
	WAIT_EVENT(&t->join_wq,
		   __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == THREAD_DEAD);
	/* Wait for its last switch to finish (sched_finish drops a ref). */
	while (__atomic_load_n(&t->joined, __ATOMIC_ACQUIRE) != 1)
		thread_yield();
	if (status)
		*status = t->exit_status;
	reap(t);
	return ERR_OK;
}

void thread_detach(struct thread *t)
{
	release_ref(t);
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
	if (!slice_ticks)
		slice_ticks = time_ns_to_ticks(SCHED_SLICE_NS);
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

/* Idle hart: takes one thread from the busiest other hart. */
static bool steal(struct hart *h)
{
	unsigned n = hart_count(), best = ~0u, best_load = 0;
	uint64_t online = smp_online_mask();
	for (unsigned k = 1; k < n; k++) {
		unsigned i = (h->index + k) % n;
		if (!(online & (1ULL << i)))
			continue;
		unsigned l =
			__atomic_load_n(&rq_of(i)->nr_ready, __ATOMIC_RELAXED);
		if (l > best_load) {
			best_load = l;
			best = i;
		}
	}
	if (best == ~0u)
		return false;
	struct sched_hart *victim = rq_of(best);
	spin_lock_irqoff(&victim->lock);
	struct thread *t = rq_take_migratable(victim);
	spin_unlock_irqoff(&victim->lock);
	if (!t)
		return false;
	spin_lock_irqoff(&h->sched.lock);
	rq_push(&h->sched, t, h->index);
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
		if (!best || vrt_before(t->vruntime, best->vruntime) == least)
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
	uint64_t mine =
		__atomic_load_n(&min_vruntime[h->index], __ATOMIC_RELAXED);
	uint64_t online = smp_online_mask();
	unsigned n = hart_count(), behind = ~0u;
	uint64_t lowest = mine - 2 * slice_ticks;
	for (unsigned i = 0; i < n; i++) {
		if (i == h->index || !(online & (1ULL << i)) ||
		    !__atomic_load_n(&rq_of(i)->nr_ready, __ATOMIC_RELAXED))
			continue;
		uint64_t c =
			__atomic_load_n(&min_vruntime[i], __ATOMIC_RELAXED);
		if (vrt_before(c, lowest)) {
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
	    hart_load(behind) <= hart_load(h->index))
		return;
	spin_lock_irqoff(&h->sched.lock);
	struct thread *give = rq_take_by_vruntime(&h->sched, false);
	spin_unlock_irqoff(&h->sched.lock);
	uint64_t bar = give ? give->vruntime : h->current->vruntime;
	struct sched_hart *victim = rq_of(behind);
	spin_lock_irqoff(&victim->lock);
	struct thread *take = rq_take_by_vruntime(victim, true);
	if (take && !vrt_before(take->vruntime, bar)) {
		rq_push(victim, take, behind); /* nothing to gain */
		take = NULL;
	}
	spin_unlock_irqoff(&victim->lock);
	if (!take) {
		if (give)
			enqueue(give, h->index);
		return;
	}
	h->sched.steals++;
	enqueue(take, h->index);
	if (give)
		enqueue(give, behind);
}

/*
 * Tick-time balancing on a busy hart (timer interrupt at a slice end):
 * when another hart's load is at least two below ours, move one migratable
 * ready thread there; otherwise balance_fairness().
 */
void sched_balance(void);
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
	charge(cur, arch_time_read());
	if (vrt_before(min_vruntime[h->index], cur->vruntime))
		__atomic_store_n(&min_vruntime[h->index], cur->vruntime,
				 __ATOMIC_RELAXED);
	if (__atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) == 0) {
		balance_fairness(h);
		return;
	}
	unsigned mine = hart_load(h->index), n = hart_count();
	uint64_t online = smp_online_mask();
	unsigned target = ~0u, tload = mine;
	for (unsigned i = 0; i < n; i++) {
		if (i == h->index || !(online & (1ULL << i)))
			continue;
		unsigned l = hart_load(i);
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
		enqueue(t, target);
}

_Noreturn void sched_run_idle(void)
{
	for (;;) {
		irq_push();
		struct hart *h = hart_self();
		if (__atomic_load_n(&h->sched.nr_ready, __ATOMIC_RELAXED) ||
		    steal(h)) {
			spin_lock_irqoff(&h->sched.lock);
			schedule_locked(h, NULL);
		} else {
			h->need_resched = false;
			arch_wait_for_interrupt();
		}
		irq_pop();
	}
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
	schedule_locked(h, NULL);
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
