/*
 * kernel/thread.c - kernel threads' life cycle: creation (stack, queueing,
 * the first run through thread_start), exit, join and detach (a reference
 * count: whoever drops the last one frees the thread), sleeping, and the
 * accessors.  Picking and switching are sched.c's.
 */
#include <string.h>

#include "kernel/hart.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/sched_internal.h"
#include "kernel/thread.h"
#include "kernel/time.h"

void thread_start(void *unused, void *arg);

static uint64_t next_thread_id = 1; /* atomic */

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

static void reap(struct thread *t)
{
	if (t->stack_top)
		vm_free_kstack(t->stack_top);
	kfree(t);
}

void thread_release_ref(struct thread *t)
{
	/* joined counts references: 2 at creation (the thread's own exit and
	 * its joiner/detacher); whoever drops the last one frees it. */
	if (__atomic_sub_fetch(&t->joined, 1, __ATOMIC_ACQ_REL) == 0)
		reap(t);
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
	sched_schedule_locked(h, NULL);
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
	unsigned where = opts->hart >= 0 ? (unsigned)opts->hart
					 : sched_least_loaded_hart();
	if (out)
		*out = t;
	sched_enqueue(t, where);
	irq_pop();
	sched_preempt_point();
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
	sched_schedule_locked(h, NULL);
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
	thread_release_ref(t);
}
