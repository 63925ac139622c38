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

void irq_pop(void)
{
	struct hart *h = hart_self();
	if (arch_irq_enabled())
		panic("irq_pop with interrupts on");
	if (h->irq_depth == 0)
		panic("irq_pop without irq_push");
	if (--h->irq_depth == 0 && h->irq_saved)
		arch_irq_enable();
}

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->owner = 0;
	l->name = name;
}

void spin_lock(struct spinlock *l)
{
	irq_push();
	spin_lock_irqoff(l);
}

void spin_lock_irqoff(struct spinlock *l)
{
	uint32_t me = hart_self()->index + 1;
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me)
		panic("spinlock %s: recursive acquisition", l->name);
	unsigned spins = 0;
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			smp_spin_pause(&spins);
	}
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
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

void spin_unlock_irqoff(struct spinlock *l)
{
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	    hart_self()->index + 1)
		panic("spinlock %s: released by a hart that does not hold it",
		      l->name);
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

void spin_unlock(struct spinlock *l)
{
	spin_unlock_irqoff(l);
	irq_pop();
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
