/*
 * kernel/fs/bcache_impl.h - what bcache.c (the table, buffers, get and put)
 * and bcache_io.c (reads and write-back in runs) share: the cache's state,
 * the buffer states, the I/O wait and the hash table's removal.  Internal
 * to kernel/fs/bcache*.c.
 */
#ifndef KERNEL_FS_BCACHE_IMPL_H
#define KERNEL_FS_BCACHE_IMPL_H

#include "kernel/fs/bcache.h"
#include "kernel/spinlock.h"

#define BB_EMPTY   0 /* holds no block (not in the table) */
#define BB_LOADING 1
#define BB_VALID   2
#define BB_ERROR   3 /* the read failed */
#define RUN_MAX	   32u

struct bcache {
	struct blkdev *dev;
	uint32_t bsize, spb; /* bytes, sectors per block */
	uint64_t nblocks;
	struct spinlock lock; /* "bcache": everything below */
	struct waitq wq;      /* "bcache-io": I/O ended, a buffer came free */
	struct bbuf **hash;
	uint32_t nhash; /* a power of 2 */
	struct list_node lru;
	uint32_t nbufs, maxbufs, nwriting;
	uint64_t events;   /* atomic reads: bumped when a buffer may be free */
	uint32_t nwaiters; /* atomic: threads in bcache_wait */
	struct bcache_stats st;
};

/*
 * Waits on c->wq for cond, announced in nwaiters so that wakers can skip
 * the wait queue's lock when nobody waits (the common case: every put).
 * The waker changes the state, then bcache_wake() fences and reads nwaiters;
 * the waiter increments nwaiters, then reads the state: one of them sees the
 * other (both sequentially consistent), so no wake-up is lost.
 */
#define bcache_wait(c, cond)                                                   \
	do {                                                                   \
		__atomic_fetch_add(&(c)->nwaiters, 1, __ATOMIC_SEQ_CST);       \
		WAIT_EVENT(&(c)->wq, cond);                                    \
		__atomic_fetch_sub(&(c)->nwaiters, 1, __ATOMIC_SEQ_CST);       \
	} while (0)

/* After a state change: wakes bcache_wait's waiters, if any. */
static inline void bcache_wake(struct bcache *c)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->nwaiters, __ATOMIC_SEQ_CST))
		waitq_wake_all(&c->wq);
}

/* The hash chain blk is on. */
static inline struct bbuf **bcache_bucket(struct bcache *c, uint64_t blk)
{
	return &c->hash[(blk * 0x9e3779b97f4a7c15ULL >> 40) & (c->nhash - 1)];
}

/* Caller holds c->lock: takes b out of the table (state EMPTY). */
static inline void bcache_hash_del(struct bcache *c, struct bbuf *b)
{
	struct bbuf **p = bcache_bucket(c, b->blk);
	while (*p != b)
		p = &(*p)->hnext;
	*p = b->hnext;
	b->hnext = NULL;
	b->state = BB_EMPTY;
}

/* Reads the n buffers of bufs (LOADING, ascending blocks) in runs of
 * contiguous blocks; a run that cannot be submitted ends its buffers in
 * ERROR.  Takes c->lock (bcache_io.c). */
void bcache_read_runs(struct bcache *c, struct bbuf **bufs, uint32_t n);
/*
 * Writes every dirty block, class by class, each class waited for and
 * flushed before the next; a class whose writes fail stops the rest.
 * ERR_IO, ERR_NOMEM.  Sleeps; takes c->lock (bcache_io.c).
 */
err_t bcache_write_ordered(struct bcache *c);

#endif
