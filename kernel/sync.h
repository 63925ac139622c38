/*
 * kernel/sync.h - sleeping locks: mutexes, semaphores, condition variables.
 *
 * All may block, so they are for thread context only (never in interrupt
 * handlers or with a spinlock held).  Ownership is handed over directly to
 * the first waiter (FIFO, no starvation).
 */
#ifndef KERNEL_SYNC_H
#define KERNEL_SYNC_H

#include "kernel/thread.h"

/*
 * state: the owning thread's address (0: free), with MUTEX_WAITERS set
 * while threads wait.  A free mutex is taken, and one nobody waits for
 * released, by one atomic compare-and-swap; the spinlock guards the
 * waiter list and the hand-over (a read of a cached file took the
 * spinlock four times per call, 330 instructions, before).
 */
struct mutex {
	uintptr_t state;
	struct spinlock lock; /* guards waiters and MUTEX_WAITERS */
	struct list_node waiters;
	const char *name;
};

#define MUTEX_WAITERS ((uintptr_t)1)

/*
 * A statically initialised, unlocked mutex called lname (a string literal);
 * var is the variable itself (its waiter list points to itself):
 *   static struct mutex m = MUTEX_INIT(m, "name");
 * Its internal spinlock is called lname "-mutex".
 */
#define MUTEX_INIT(var, lname)                                                 \
	{                                                                      \
		.state = 0, .lock = SPINLOCK_INIT(lname "-mutex"),             \
		.waiters = LIST_INIT((var).waiters), .name = (lname),          \
	}

struct semaphore {
	struct spinlock lock;
	int64_t count;
	struct list_node waiters;
};

struct condvar {
	struct waitq wq;
};

/* Initialises m unlocked; its spinlock and the mutex share the name, which
 * must outlive m (a string literal).  Static ones: MUTEX_INIT. */
void mutex_init(struct mutex *m, const char *name);
/* mutex_lock and mutex_unlock past their fast path (sync.c); for them
 * only. */
void mutex_lock_slow(struct mutex *m);
void mutex_unlock_slow(struct mutex *m);

/* Sleeps until m is free and takes it (FIFO hand-over).  Thread context,
 * no spinlock held.  Panics on a recursive lock (broken invariant).
 * Inline: a free mutex is one compare-and-swap. */
static inline void mutex_lock(struct mutex *m)
{
	uintptr_t free = 0;
	if (!__atomic_compare_exchange_n(&m->state, &free,
					 (uintptr_t)thread_current(), false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		mutex_lock_slow(m);
}

/* Takes m when it is free, without sleeping; true when taken. */
bool mutex_trylock(struct mutex *m);

/* Releases m, handing it straight to the first waiter if there is one.
 * Panics when the caller is not the owner.  Inline: with nobody waiting,
 * one compare-and-swap. */
static inline void mutex_unlock(struct mutex *m)
{
	uintptr_t mine = (uintptr_t)thread_current();
	if (!__atomic_compare_exchange_n(&m->state, &mine, 0, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		mutex_unlock_slow(m);
}
/* True when the calling thread owns m (for assertions). */
bool mutex_held(const struct mutex *m);

/* Initialises s with count units (its spinlock is named "semaphore"). */
void sem_init(struct semaphore *s, int64_t count);
/* Takes one unit, sleeping until sem_up hands one over.  Thread context,
 * no spinlock held. */
void sem_down(struct semaphore *s);
/* Takes one unit when available, without sleeping; true when taken. */
bool sem_trydown(struct semaphore *s);
/* Gives one unit back: to the first waiter directly, else to the count.
 * Any context (takes only the semaphore's spinlock). */
void sem_up(struct semaphore *s);

/* Initialises c with no waiters; name is its wait queue lock's. */
void cond_init(struct condvar *c, const char *name);
/* Atomically releases m and waits; re-acquires m before returning.
 * Spurious wake-ups are possible: re-check the condition.  The caller
 * owns m. */
void cond_wait(struct condvar *c, struct mutex *m);
/* Wakes one waiter of c, if any.  Holding the mutex is not required. */
void cond_signal(struct condvar *c);
/* Wakes every waiter of c. */
void cond_broadcast(struct condvar *c);

#endif /* KERNEL_SYNC_H */
