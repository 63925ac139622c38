/*
 * kernel/spinlock.h - spinlocks that disable interrupts on the holding hart.
 *
 * spin_lock() turns interrupts off on this hart before spinning and keeps a
 * per-hart nesting counter (struct hart.irq_depth) with the interrupt state
 * saved by the outermost acquisition, so nested locks are safe and
 * interrupts come back on only when the last one is released.
 *
 * While spinning, a hart still serves remote function calls aimed at it
 * (smp_call), so a lock holder waiting for a TLB shoot-down never deadlocks
 * against a hart that is spinning on that lock.
 *
 * Never sleep (block, yield, mutex_lock) while holding a spinlock.
 * The lock order is in docs/locking.md.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "base/types.h"

struct spinlock {
	uint32_t locked;  /* 0 free, 1 held (atomic) */
	uint32_t owner;	  /* hart index + 1 of the holder, 0 when free */
	const char *name; /* for panics and lock debugging */
};

#define SPINLOCK_INIT(lname)                                                   \
	{                                                                      \
		.locked = 0, .owner = 0, .name = (lname)                       \
	}

/* Initialises l as free; name must outlive the lock (a string literal). */
void spin_init(struct spinlock *l, const char *name);

/*
 * Disables interrupts on this hart (nesting-safe), then acquires l.
 * Panics on recursive acquisition by the same hart.
 */
void spin_lock(struct spinlock *l);

/* Releases l (held by this hart) and restores the interrupt state once the
 * outermost lock is dropped.  Panics when this hart does not hold l. */
void spin_unlock(struct spinlock *l);

/* Tries once to acquire l; true when acquired (interrupts then off). */
bool spin_trylock(struct spinlock *l);

/*
 * The same without touching the interrupt nesting: the caller has
 * interrupts off already (irq_push or trap context) and keeps them off
 * until after spin_unlock_irqoff().  For hot paths (the scheduler).
 */
void spin_lock_irqoff(struct spinlock *l);
/*
 * Releases l taken with spin_lock_irqoff; interrupts stay off.  Panics
 * when this hart does not hold l.
 */
void spin_unlock_irqoff(struct spinlock *l);

/* True when this hart holds l. */
bool spin_held(const struct spinlock *l);

/*
 * Nesting-safe interrupt disable/enable for code that needs interrupts off
 * without a lock (per-hart data).  Same counter as spin_lock.
 */
void irq_push(void);
/*
 * Undoes one irq_push: interrupts come back on when the nesting reaches 0
 * and they were on at the outermost push.  Panics with interrupts on or
 * without a matching push.
 */
void irq_pop(void);

#endif /* KERNEL_SPINLOCK_H */
