/*
 * kernel/proc/memacct.c - memory accounts (see memacct.h): a reference
 * counted handle on a process's memory counter, so that objects charged
 * to the process can give their bytes back safely whenever they go.
 */
#include "kernel/proc/memacct.h"

#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/spinlock.h"

struct memacct {
	struct spinlock lock; /* "memacct" */
	struct proc *owner;   /* NULL once the process ended; lock: memacct */
	uint32_t refs;	      /* atomic */
};

/* A new account of p, with p's reference; NULL when out of memory. */
struct memacct *memacct_new(struct proc *p)
{
	struct memacct *a = kzalloc(sizeof(*a));
	if (!a)
		return NULL;
	spin_init(&a->lock, "memacct");
	a->owner = p;
	a->refs = 1;
	return a;
}

/* p ended: later refunds go nowhere.  Drops p's reference. */
void memacct_end(struct memacct *a)
{
	if (!a)
		return;
	spin_lock(&a->lock);
	a->owner = NULL;
	spin_unlock(&a->lock);
	memacct_put(a);
}

/* The calling process's account with a new reference, or NULL. */
struct memacct *memacct_current(void)
{
	struct proc *p = proc_current();
	if (!p || !p->acct)
		return NULL;
	memacct_get(p->acct);
	return p->acct;
}

/* Takes a reference (atomic). */
void memacct_get(struct memacct *a)
{
	if (a)
		__atomic_fetch_add(&a->refs, 1, __ATOMIC_RELAXED);
}

/* Drops a reference; the last one frees the account. */
void memacct_put(struct memacct *a)
{
	if (a && __atomic_sub_fetch(&a->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(a);
}

/* See memacct.h.  Takes "memacct". */
bool memacct_charge(struct memacct *a, uint64_t bytes)
{
	if (!a)
		return true;
	spin_lock(&a->lock);
	bool ok = a->owner && proc_charge(a->owner, bytes);
	spin_unlock(&a->lock);
	return ok;
}

/* See memacct.h.  Takes "memacct". */
void memacct_uncharge(struct memacct *a, uint64_t bytes)
{
	if (!a)
		return;
	spin_lock(&a->lock);
	if (a->owner)
		proc_uncharge(a->owner, bytes);
	spin_unlock(&a->lock);
}
