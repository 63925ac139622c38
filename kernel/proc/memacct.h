/*
 * kernel/proc/memacct.h - memory accounts: kernel objects made on behalf
 * of a process (open files, pipes, /tmp file data, decoded modules) are
 * charged to its memory limit, the same limit as its engine memory.
 *
 * An object keeps a reference to the account it was charged to and gives
 * the bytes back when it goes, which may be after the process has ended
 * (a pipe end passed to another process, a file left in /tmp): the
 * account then outlives the process, and its charges and refunds no
 * longer count anywhere.
 *
 * Lock: each account's "memacct" spinlock (a leaf: taken under "vfs" and
 * "modcache", nothing but the heap under it).
 */
#ifndef KERNEL_PROC_MEMACCT_H
#define KERNEL_PROC_MEMACCT_H

#include "base/types.h"

struct memacct;
struct proc;

/* A new account for p (one reference, p's); NULL when out of memory. */
struct memacct *memacct_new(struct proc *p);
/* Detaches the account from its ended process and drops p's reference
 * (a may be NULL).  Takes "memacct". */
void memacct_end(struct memacct *a);

/* The calling thread's process's account, with a new reference; NULL for
 * kernel threads (whose objects are charged to no one). */
struct memacct *memacct_current(void);
void memacct_get(struct memacct *a);
/* Drops a reference (a may be NULL). */
void memacct_put(struct memacct *a);

/*
 * Charges bytes to a's process: false when that would pass its limit, or
 * the process has ended.  A NULL account (kernel threads) is always
 * charged.  Takes "memacct".
 */
bool memacct_charge(struct memacct *a, uint64_t bytes);
/* Gives back bytes charged to a (NULL: nothing).  Takes "memacct". */
void memacct_uncharge(struct memacct *a, uint64_t bytes);

#endif /* KERNEL_PROC_MEMACCT_H */
