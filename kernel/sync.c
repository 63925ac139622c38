/*
 * kernel/sync.c - wait queues, mutexes, semaphores, condition variables.
 *
 * A waiter links itself (wait_node) under the object's spinlock, marks
 * itself BLOCKED and calls sched_block(), which drops that lock only once
 * the scheduler's own lock is held, so a wake-up can never be lost.
 * Mutexes and semaphores hand the resource to the first waiter directly.
 */
#include "kernel/sync.h"
#include "kernel/hart.h"
#include "kernel/panic.h"

void waitq_init(struct waitq *wq, const char *name)
{
	spin_init(&wq->lock, name);
	list_init(&wq->waiters);
}

void waitq_wait_locked(struct waitq *wq)
{
	struct thread *self = hart_self()->current;
	list_add_tail(&wq->waiters, &self->wait_node);
	__atomic_store_n(&self->state, THREAD_BLOCKED, __ATOMIC_RELEASE);
	/* irq_push keeps this hart's interrupts off across the re-lock. */
	irq_push();
	sched_block(&wq->lock);
	spin_lock(&wq->lock);
	irq_pop();
	/* A waker unlinks us before waking; a spurious return is fine. */
	if (!list_empty(&self->wait_node))
		list_del(&self->wait_node);
}

bool waitq_wake_one_locked(struct waitq *wq)
{
	struct list_node *n = list_first(&wq->waiters);
	if (!n)
		return false;
	list_del(n);
	sched_wake(list_entry(n, struct thread, wait_node));
	return true;
}

unsigned waitq_wake_all_locked(struct waitq *wq)
{
	unsigned count = 0;
	while (waitq_wake_one_locked(wq))
		count++;
	return count;
}

bool waitq_wake_one(struct waitq *wq)
{
	spin_lock(&wq->lock);
	bool r = waitq_wake_one_locked(wq);
	spin_unlock(&wq->lock);
	return r;
}

unsigned waitq_wake_all(struct waitq *wq)
{
	spin_lock(&wq->lock);
	unsigned r = waitq_wake_all_locked(wq);
	spin_unlock(&wq->lock);
	return r;
}

void mutex_init(struct mutex *m, const char *name)
{
	m->state = 0;
	spin_init(&m->lock, name);
	list_init(&m->waiters);
	m->name = name;
}

static struct thread *mutex_owner(uintptr_t state)
{
	return (struct thread *)(state & ~MUTEX_WAITERS);
}

/* Takes m if it is free: one compare-and-swap; *seen is its state. */
static bool mutex_take(struct mutex *m, struct thread *self, uintptr_t *seen)
{
	*seen = 0;
	return __atomic_compare_exchange_n(&m->state, seen, (uintptr_t)self,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

void mutex_lock_slow(struct mutex *m)
{
	struct thread *self = thread_current();
	uintptr_t v = __atomic_load_n(&m->state, __ATOMIC_RELAXED);
	if (mutex_owner(v) == self)
		panic("mutex %s: recursive lock by %s", m->name, self->name);
	spin_lock(&m->lock);
	/* Free again, or marked as waited for (under the spinlock, so that
	 * the owner's release takes the slow path and finds us queued). */
	for (;;) {
		v = __atomic_load_n(&m->state, __ATOMIC_RELAXED);
		if (v == 0) {
			if (mutex_take(m, self, &v)) {
				spin_unlock(&m->lock);
				return;
			}
		} else if ((v & MUTEX_WAITERS) ||
			   __atomic_compare_exchange_n(
				   &m->state, &v, v | MUTEX_WAITERS, false,
				   __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			break;
		}
	}
	list_add_tail(&m->waiters, &self->wait_node);
	__atomic_store_n(&self->state, THREAD_BLOCKED, __ATOMIC_RELEASE);
	sched_block(&m->lock);
	/* mutex_unlock made us the owner before waking us. */
	if (mutex_owner(__atomic_load_n(&m->state, __ATOMIC_ACQUIRE)) != self)
		panic("mutex %s: woken without ownership", m->name);
}

bool mutex_trylock(struct mutex *m)
{
	uintptr_t v;
	return mutex_take(m, thread_current(), &v);
}

void mutex_unlock_slow(struct mutex *m)
{
	struct thread *self = thread_current();
	uintptr_t v = __atomic_load_n(&m->state, __ATOMIC_RELAXED);
	if (mutex_owner(v) != self)
		panic("mutex %s: unlocked by %s, not its owner", m->name,
		      self->name);
	/* Waiters: hand m to the first (the flag stays while others wait). */
	spin_lock(&m->lock);
	struct list_node *n = list_first(&m->waiters);
	if (!n)
		panic("mutex %s: marked as waited for with no waiter", m->name);
	list_del(n);
	struct thread *t = list_entry(n, struct thread, wait_node);
	__atomic_store_n(&m->state,
			 (uintptr_t)t |
				 (list_empty(&m->waiters) ? 0 : MUTEX_WAITERS),
			 __ATOMIC_RELEASE);
	sched_wake(t);
	spin_unlock(&m->lock);
}

bool mutex_held(const struct mutex *m)
{
	return mutex_owner(__atomic_load_n(&m->state, __ATOMIC_ACQUIRE)) ==
	       thread_current();
}

void sem_init(struct semaphore *s, int64_t count)
{
	spin_init(&s->lock, "semaphore");
	s->count = count;
	list_init(&s->waiters);
}

void sem_down(struct semaphore *s)
{
	struct thread *self = thread_current();
	spin_lock(&s->lock);
	if (s->count > 0) {
		s->count--;
		spin_unlock(&s->lock);
		return;
	}
	list_add_tail(&s->waiters, &self->wait_node);
	__atomic_store_n(&self->state, THREAD_BLOCKED, __ATOMIC_RELEASE);
	sched_block(&s->lock); /* sem_up handed us the unit */
}

bool sem_trydown(struct semaphore *s)
{
	spin_lock(&s->lock);
	bool ok = s->count > 0;
	if (ok)
		s->count--;
	spin_unlock(&s->lock);
	return ok;
}

void sem_up(struct semaphore *s)
{
	spin_lock(&s->lock);
	struct list_node *n = list_first(&s->waiters);
	if (n) {
		list_del(n);
		sched_wake(list_entry(n, struct thread, wait_node));
	} else {
		s->count++;
	}
	spin_unlock(&s->lock);
}

void cond_init(struct condvar *c, const char *name)
{
	waitq_init(&c->wq, name);
}

void cond_wait(struct condvar *c, struct mutex *m)
{
	spin_lock(&c->wq.lock);
	mutex_unlock(m);
	waitq_wait_locked(&c->wq);
	spin_unlock(&c->wq.lock);
	mutex_lock(m);
}

void cond_signal(struct condvar *c)
{
	waitq_wake_one(&c->wq);
}

void cond_broadcast(struct condvar *c)
{
	waitq_wake_all(&c->wq);
}
