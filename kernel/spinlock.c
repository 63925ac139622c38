/*
 * kernel/spinlock.c - interrupt-disabling spinlocks.
 */
#include "kernel/spinlock.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/panic.h"
#include "kernel/smp.h"

void irq_push(void)
{
	bool on = arch_irq_save();
	struct hart *h = hart_self();
	if (h->irq_depth++ == 0)
		h->irq_saved = on;
}

/* irq_pop for hart h (this one). */
static inline void pop(struct hart *h)
{
	if (arch_irq_enabled())
		panic("irq_pop with interrupts on");
	if (h->irq_depth == 0)
		panic("irq_pop without irq_push");
	if (--h->irq_depth == 0 && h->irq_saved)
		arch_irq_enable();
}

void irq_pop(void)
{
	pop(hart_self());
}

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->owner = 0;
	l->name = name;
}

/* Spins until l is free and takes it (out of line: the free lock's path
 * then saves no registers for the spinning). */
static __attribute__((noinline)) void spin_wait(struct spinlock *l)
{
	unsigned spins = 0;
	do {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			smp_spin_pause(&spins);
	} while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE));
}

/* Takes l for the hart whose index + 1 is me (interrupts already off). */
static inline void acquire(struct spinlock *l, uint32_t me)
{
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me)
		panic("spinlock %s: recursive acquisition", l->name);
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		spin_wait(l);
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
}

/* irq_push and the acquisition in one body: the lock of every cached file
 * read and block-cache hit, where two calls and two look-ups of this
 * hart were a third of its cost. */
void spin_lock(struct spinlock *l)
{
	bool on = arch_irq_save();
	struct hart *h = hart_self();
	if (h->irq_depth++ == 0)
		h->irq_saved = on;
	acquire(l, h->index + 1);
}

void spin_lock_irqoff(struct spinlock *l)
{
	acquire(l, hart_self()->index + 1);
}

bool spin_trylock(struct spinlock *l)
{
	irq_push();
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		irq_pop();
		return false;
	}
	__atomic_store_n(&l->owner, hart_self()->index + 1, __ATOMIC_RELAXED);
	return true;
}

/* Releases l, held by hart h (this one). */
static inline void release(struct spinlock *l, const struct hart *h)
{
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) != h->index + 1)
		panic("spinlock %s: released by a hart that does not hold it",
		      l->name);
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

void spin_unlock_irqoff(struct spinlock *l)
{
	release(l, hart_self());
}

/* The release and irq_pop in one body, as spin_lock. */
void spin_unlock(struct spinlock *l)
{
	struct hart *h = hart_self();
	release(l, h);
	pop(h);
}

bool spin_held(const struct spinlock *l)
{
	bool on = arch_irq_save();
	bool held = __atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
		    __atomic_load_n(&l->owner, __ATOMIC_RELAXED) ==
			    hart_self()->index + 1;
	if (on)
		arch_irq_enable();
	return held;
}
