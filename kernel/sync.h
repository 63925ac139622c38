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

struct mutex {
	struct spinlock lock; /* guards owner and waiters */
	struct thread *owner;
	struct list_node waiters;
	const char *name;
};

struct semaphore {
	struct spinlock lock;
	int64_t count;
	struct list_node waiters;
};

struct condvar {
	struct waitq wq;
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
/* Panics when the caller is not the owner. */
void mutex_unlock(struct mutex *m);
bool mutex_held(const struct mutex *m);

void sem_init(struct semaphore *s, int64_t count);
void sem_down(struct semaphore *s);
bool sem_trydown(struct semaphore *s);
void sem_up(struct semaphore *s);

void cond_init(struct condvar *c, const char *name);
/* Atomically releases m and waits; re-acquires m before returning.
 * Spurious wake-ups are possible: re-check the condition. */
void cond_wait(struct condvar *c, struct mutex *m);
void cond_signal(struct condvar *c);
void cond_broadcast(struct condvar *c);

#endif /* KERNEL_SYNC_H */
