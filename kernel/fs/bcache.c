/*
 * kernel/fs/bcache.c - the block cache (kernel/fs/bcache.h).
 *
 * Buffers live in a hash table by block number while they hold a block
 * (state LOADING, VALID or ERROR) and on the LRU list while nobody holds
 * them (most recently released at the head).  A buffer being read
 * (LOADING) or written (writing) is never reused.  All I/O goes through
 * "runs": one request for up to RUN_MAX buffers of contiguous blocks
 * (scattered over the buffers with one segment each), completed in
 * interrupt context by run_done, which updates the buffers and wakes the
 * "bcache-io" wait queue.  Dirty data is written by bcache_sync and, when
 * no clean buffer can be reused, by the allocation path; each write
 * remembers the buffer's generation so that a block changed while being
 * written stays dirty.
 */
#include <string.h>

#include "base/copy.h"
#include "kernel/fs/bcache.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/panic.h"
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
	uint32_t nwaiters; /* atomic: threads in cache_wait */
	struct bcache_stats st;
};

struct io_run {
	struct blk_req r;
	struct bcache *c;
	uint32_t n;
	uint32_t *pending; /* writes: the waiting sync's counter (atomic) */
	bool *failed;
	struct bbuf *bufs[RUN_MAX];
	uint32_t gens[RUN_MAX];
	struct blk_seg segs[RUN_MAX];
};

/*
 * Waits on c->wq for cond, announced in nwaiters so that wakers can skip
 * the wait queue's lock when nobody waits (the common case: every put).
 * The waker changes the state, then wake() fences and reads nwaiters; the
 * waiter increments nwaiters, then reads the state: one of them sees the
 * other (both sequentially consistent), so no wake-up is lost.
 */
#define cache_wait(c, cond)                                                    \
	do {                                                                   \
		__atomic_fetch_add(&(c)->nwaiters, 1, __ATOMIC_SEQ_CST);       \
		WAIT_EVENT(&(c)->wq, cond);                                    \
		__atomic_fetch_sub(&(c)->nwaiters, 1, __ATOMIC_SEQ_CST);       \
	} while (0)

static void wake(struct bcache *c)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->nwaiters, __ATOMIC_SEQ_CST))
		waitq_wake_all(&c->wq);
}

static struct bbuf **bucket(struct bcache *c, uint64_t blk)
{
	return &c->hash[(blk * 0x9e3779b97f4a7c15ULL >> 40) & (c->nhash - 1)];
}

static struct bbuf *hash_find(struct bcache *c, uint64_t blk)
{
	for (struct bbuf *b = *bucket(c, blk); b; b = b->hnext)
		if (b->blk == blk)
			return b;
	return NULL;
}

static void hash_add(struct bcache *c, struct bbuf *b)
{
	struct bbuf **h = bucket(c, b->blk);
	b->hnext = *h;
	*h = b;
}

static void hash_del(struct bcache *c, struct bbuf *b)
{
	struct bbuf **p = bucket(c, b->blk);
	while (*p != b)
		p = &(*p)->hnext;
	*p = b->hnext;
	b->hnext = NULL;
	b->state = BB_EMPTY;
}

struct bcache *bcache_new(struct blkdev *d, uint32_t block_size, uint32_t nbufs)
{
	if (!d || block_size < BLK_SECTOR || block_size > 65536 ||
	    block_size % BLK_SECTOR || nbufs < 4)
		return NULL;
	struct bcache *c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->nhash = 16;
	while (c->nhash < nbufs)
		c->nhash *= 2;
	c->hash = kzalloc(c->nhash * sizeof(*c->hash));
	if (!c->hash) {
		kfree(c);
		return NULL;
	}
	c->dev = d;
	c->bsize = block_size;
	c->spb = block_size / BLK_SECTOR;
	c->nblocks = d->sectors / c->spb;
	c->maxbufs = nbufs;
	spin_init(&c->lock, "bcache");
	waitq_init(&c->wq, "bcache-io");
	list_init(&c->lru);
	c->st.max_bytes = (uint64_t)nbufs * (block_size + sizeof(struct bbuf));
	return c;
}

void bcache_free(struct bcache *c)
{
	if (!c)
		return;
	struct list_node *it, *tmp;
	/* Reads started by read-ahead may still be in flight. */
	list_for_each(it, &c->lru)
	{
		struct bbuf *b = list_entry(it, struct bbuf, lru);
		cache_wait(c, __atomic_load_n(&b->state, __ATOMIC_ACQUIRE) !=
				      BB_LOADING);
	}
	list_for_each_safe(it, tmp, &c->lru)
	{
		struct bbuf *b = list_entry(it, struct bbuf, lru);
		assert(!b->refs && !b->dirty && !b->writing &&
		       b->state != BB_LOADING);
		kfree(b->data);
		kfree(b);
		c->nbufs--;
	}
	assert(c->nbufs == 0);
	kfree(c->hash);
	kfree(c);
}

uint32_t bcache_block_size(const struct bcache *c)
{
	return c->bsize;
}

uint64_t bcache_blocks(const struct bcache *c)
{
	return c->nblocks;
}

/* Caller holds c->lock: a buffer holding no block (not in the table, not
 * on the LRU list), new while under the bound, else the least recently
 * used clean one; NULL when every buffer is held, busy or dirty. */
static struct bbuf *take_buffer(struct bcache *c)
{
	if (c->nbufs < c->maxbufs) {
		struct bbuf *b = kzalloc(sizeof(*b));
		uint8_t *data = b ? kmalloc(c->bsize) : NULL;
		if (data) {
			b->data = data;
			b->c = c;
			list_init(&b->lru);
			c->nbufs++;
			c->st.bufs = c->nbufs;
			c->st.bytes += c->bsize + sizeof(*b);
			return b;
		}
		kfree(b);
	}
	for (struct list_node *it = c->lru.prev; it != &c->lru; it = it->prev) {
		struct bbuf *b = list_entry(it, struct bbuf, lru);
		if (b->dirty || b->writing || b->state == BB_LOADING)
			continue;
		list_del(&b->lru);
		if (b->state != BB_EMPTY) {
			hash_del(c, b);
			c->st.evictions++;
		}
		return b;
	}
	return NULL;
}

/* Interrupt context: a run ended. */
static void run_done(struct blk_req *r)
{
	struct io_run *run = r->arg;
	struct bcache *c = run->c;
	bool ok = r->status == ERR_OK;
	spin_lock(&c->lock);
	for (uint32_t i = 0; i < run->n; i++) {
		struct bbuf *b = run->bufs[i];
		if (r->op == BLK_READ) {
			b->state = ok ? BB_VALID : BB_ERROR;
			/* Unheld (read ahead): forget a failed block. */
			if (!ok && !b->refs) {
				hash_del(c, b);
				list_del(&b->lru);
				list_add_tail(&c->lru, &b->lru);
			}
			continue;
		}
		b->writing = false;
		c->nwriting--;
		if (ok && b->gen == run->gens[i] && b->dirty) {
			b->dirty = false;
			c->st.dirty--;
		}
	}
	if (!ok)
		c->st.io_errors++;
	if (run->pending) {
		if (!ok)
			*run->failed = true;
		__atomic_fetch_sub(run->pending, 1, __ATOMIC_RELEASE);
	}
	__atomic_fetch_add(&c->events, 1, __ATOMIC_RELEASE);
	spin_unlock(&c->lock);
	wake(c);
	kfree(run);
}

/* Submits run (filled: n, bufs, gens for writes) as one request; a
 * refused request ends at once with its error. */
static void run_submit(struct bcache *c, struct io_run *run, uint8_t op)
{
	run->c = c;
	for (uint32_t i = 0; i < run->n; i++)
		run->segs[i] = (struct blk_seg){run->bufs[i]->data, c->bsize};
	run->r = (struct blk_req){.op = op,
				  .sector = run->bufs[0]->blk * c->spb,
				  .count = run->n * c->spb,
				  .segs = run->segs,
				  .nsegs = run->n,
				  .done = run_done,
				  .arg = run};
	spin_lock(&c->lock);
	if (op == BLK_READ) {
		c->st.read_reqs++;
		c->st.read_blocks += run->n;
	} else {
		c->st.write_reqs++;
		c->st.write_blocks += run->n;
	}
	spin_unlock(&c->lock);
	err_t e = blkdev_submit(c->dev, &run->r);
	if (e) {
		run->r.status = e;
		run_done(&run->r);
	}
}

/* The most blocks one request may carry on this device. */
static uint32_t run_limit(const struct bcache *c)
{
	uint32_t n = RUN_MAX;
	n = MIN(n, c->dev->max_segs);
	n = MIN(n, c->dev->max_sectors / c->spb);
	return n ? n : 1;
}

/* Ends reads that could not be submitted (no memory for the run). */
static void fail_reads(struct bcache *c, struct bbuf **bufs, uint32_t n)
{
	spin_lock(&c->lock);
	for (uint32_t j = 0; j < n; j++) {
		struct bbuf *b = bufs[j];
		b->state = BB_ERROR;
		if (!b->refs) {
			hash_del(c, b);
			list_del(&b->lru);
			list_add_tail(&c->lru, &b->lru);
		}
	}
	c->st.io_errors++;
	__atomic_fetch_add(&c->events, 1, __ATOMIC_RELEASE);
	spin_unlock(&c->lock);
	wake(c);
}

/* Reads the n buffers of bufs (LOADING, ascending blocks) in runs of
 * contiguous blocks. */
static void read_runs(struct bcache *c, struct bbuf **bufs, uint32_t n)
{
	uint32_t lim = run_limit(c);
	for (uint32_t i = 0; i < n;) {
		uint32_t k = 1;
		while (i + k < n && k < lim &&
		       bufs[i + k]->blk == bufs[i + k - 1]->blk + 1)
			k++;
		struct io_run *run = kmalloc(sizeof(*run));
		if (!run) {
			fail_reads(c, bufs + i, k);
			i += k;
			continue;
		}
		run->n = k;
		run->pending = NULL;
		run->failed = NULL;
		for (uint32_t j = 0; j < k; j++)
			run->bufs[j] = bufs[i + j];
		run_submit(c, run, BLK_READ);
		i += k;
	}
}

/* Sorts bufs by block number (shell sort: no recursion, no memory). */
static void sort_bufs(struct bbuf **v, uint32_t n)
{
	for (uint32_t gap = n / 2; gap; gap /= 2)
		for (uint32_t i = gap; i < n; i++)
			for (uint32_t j = i;
			     j >= gap && v[j - gap]->blk > v[j]->blk;
			     j -= gap) {
				struct bbuf *t = v[j];
				v[j] = v[j - gap];
				v[j - gap] = t;
			}
}

/*
 * Writes every dirty block of class order not being written already and
 * waits for those writes; *wrote tells whether there were any.
 * ERR_NOMEM (nothing written), ERR_IO.  Sleeps; takes c->lock.
 */
static err_t write_dirty(struct bcache *c, unsigned order, bool *wrote)
{
	spin_lock(&c->lock);
	uint64_t nd = c->st.dirty;
	struct bbuf **v = nd ? kmalloc(nd * sizeof(*v)) : NULL;
	if (nd && !v) {
		spin_unlock(&c->lock);
		return ERR_NOMEM;
	}
	uint32_t n = 0;
	for (uint32_t h = 0; h < c->nhash && n < nd; h++)
		for (struct bbuf *b = c->hash[h]; b && n < nd; b = b->hnext)
			if (b->dirty && !b->writing && b->order == order) {
				b->writing = true;
				c->nwriting++;
				v[n++] = b;
			}
	spin_unlock(&c->lock);
	sort_bufs(v, n);
	uint32_t pending = 0, lim = run_limit(c);
	bool failed = false;
	for (uint32_t i = 0; i < n;) {
		uint32_t k = 1;
		while (i + k < n && k < lim &&
		       v[i + k]->blk == v[i + k - 1]->blk + 1)
			k++;
		struct io_run *run = kmalloc(sizeof(*run));
		if (!run) {
			/* Give the buffers back still dirty. */
			spin_lock(&c->lock);
			for (uint32_t j = 0; j < k; j++)
				v[i + j]->writing = false;
			c->nwriting -= k;
			spin_unlock(&c->lock);
			failed = true;
			i += k;
			continue;
		}
		run->n = k;
		run->pending = &pending;
		run->failed = &failed;
		spin_lock(&c->lock);
		for (uint32_t j = 0; j < k; j++) {
			run->bufs[j] = v[i + j];
			run->gens[j] = v[i + j]->gen;
		}
		spin_unlock(&c->lock);
		__atomic_fetch_add(&pending, 1, __ATOMIC_RELAXED);
		run_submit(c, run, BLK_WRITE);
		i += k;
	}
	kfree(v);
	cache_wait(c, __atomic_load_n(&pending, __ATOMIC_ACQUIRE) == 0);
	*wrote = n > 0;
	return failed ? ERR_IO : ERR_OK;
}

/*
 * Every dirty block, class by class, each class waited for and flushed
 * before the next; a class whose writes fail stops the rest (they would
 * point at what did not get there).  ERR_IO, ERR_NOMEM.
 */
static err_t write_ordered(struct bcache *c)
{
	for (unsigned o = 0; o < BCACHE_ORDERS; o++) {
		/* A block being written by someone else when we started may
		 * have been changed since: the second pass writes it again. */
		bool any = false;
		for (int pass = 0; pass < 2; pass++) {
			bool wrote = false;
			err_t e = write_dirty(c, o, &wrote);
			if (e)
				return e;
			any |= wrote;
			cache_wait(c, __atomic_load_n(&c->nwriting,
						      __ATOMIC_ACQUIRE) == 0);
		}
		if (!any)
			continue;
		spin_lock(&c->lock);
		c->st.flushes++;
		spin_unlock(&c->lock);
		if (blkdev_flush(c->dev))
			return ERR_IO;
	}
	return ERR_OK;
}

/* Holds blk: found, or in a buffer taken for it (read unless !read). */
static err_t get(struct bcache *c, uint64_t blk, bool read, struct bbuf **out)
{
	if (blk >= c->nblocks)
		return ERR_RANGE;
	bool load = false;
	struct bbuf *b;
	spin_lock(&c->lock);
	for (;;) {
		b = hash_find(c, blk);
		if (b) {
			if (b->refs++ == 0)
				list_del(&b->lru);
			c->st.hits++;
			break;
		}
		b = take_buffer(c);
		if (b) {
			b->blk = blk;
			b->refs = 1;
			b->dirty = false;
			b->state = read ? BB_LOADING : BB_VALID;
			if (!read)
				memset(b->data, 0, c->bsize);
			hash_add(c, b);
			c->st.misses++;
			load = read;
			break;
		}
		/* Everything is held, busy or dirty: write back, or wait
		 * for a buffer to come free. */
		uint64_t ev = c->events;
		bool dirty = c->st.dirty > c->nwriting;
		spin_unlock(&c->lock);
		if (dirty) {
			err_t e = write_ordered(c);
			if (e)
				return e; /* the disk fails: do not spin */
		} else {
			cache_wait(c, __atomic_load_n(&c->events,
						      __ATOMIC_ACQUIRE) != ev);
		}
		spin_lock(&c->lock);
	}
	spin_unlock(&c->lock);
	if (load)
		read_runs(c, &b, 1);
	if (__atomic_load_n(&b->state, __ATOMIC_ACQUIRE) == BB_LOADING) {
		__atomic_fetch_add(&c->st.waits, 1, __ATOMIC_RELAXED);
		cache_wait(c, __atomic_load_n(&b->state, __ATOMIC_ACQUIRE) !=
				      BB_LOADING);
	}
	if (b->state == BB_ERROR) {
		if (!read) {
			spin_lock(&c->lock);
			memset(b->data, 0, c->bsize);
			b->state = BB_VALID;
			spin_unlock(&c->lock);
		} else {
			bcache_put(b);
			return ERR_IO;
		}
	}
	*out = b;
	return ERR_OK;
}

err_t bcache_get(struct bcache *c, uint64_t blk, struct bbuf **out)
{
	return get(c, blk, true, out);
}

err_t bcache_get_new(struct bcache *c, uint64_t blk, struct bbuf **out)
{
	return get(c, blk, false, out);
}

uint32_t bcache_copy_out(struct bcache *c, uint64_t blk, uint32_t off,
			 void *dst, uint32_t len)
{
	/* Under a spinlock only memory that cannot fault (not a process's
	 * linear memory: a stale TLB entry there faults once). */
	if (off >= c->bsize || !len || !virt_in_physmap(dst) ||
	    !virt_in_physmap((const uint8_t *)dst + len - 1))
		return 0;
	/* Few values live across the copies: each is a register the
	 * prologue saves, on every cached read. */
	uint8_t *p = dst, *end = p + len;
	spin_lock(&c->lock);
	for (uint64_t k = blk; p < end; k++, off = 0) {
		struct bbuf *b = hash_find(c, k);
		if (!b || b->state != BB_VALID)
			break;
		if (!b->refs) { /* most recently used */
			list_del(&b->lru);
			list_add(&c->lru, &b->lru);
		}
		c->st.hits++;
		uint32_t n = (uint32_t)MIN((size_t)(c->bsize - off),
					   (size_t)(end - p));
		const uint8_t *from = b->data + off;
		/* Whole words in place (the common case: block-aligned reads
		 * into aligned buffers) without memcpy's call and checks. */
		if (((uintptr_t)p | (uintptr_t)from | n) % 8 == 0)
			base_copy_words((base_word *)(void *)p,
					(const base_word *)(const void *)from,
					n / 8);
		else
			__builtin_memcpy(p, from, n);
		p += n;
	}
	spin_unlock(&c->lock);
	return (uint32_t)(p - (uint8_t *)dst);
}

void bcache_dirty(struct bbuf *b, unsigned order)
{
	struct bcache *c = b->c;
	spin_lock(&c->lock);
	assert(b->refs && b->state == BB_VALID && order < BCACHE_ORDERS);
	b->gen++;
	if (!b->dirty) {
		b->dirty = true;
		b->order = (uint8_t)order;
		c->st.dirty++;
	} else if (order > b->order) {
		b->order = (uint8_t)order;
	}
	spin_unlock(&c->lock);
}

void bcache_put(struct bbuf *b)
{
	if (!b)
		return;
	struct bcache *c = b->c;
	spin_lock(&c->lock);
	assert(b->refs);
	if (--b->refs == 0) {
		if (b->state == BB_ERROR) {
			hash_del(c, b);
			list_add_tail(&c->lru, &b->lru);
		} else {
			list_add(&c->lru, &b->lru);
		}
		__atomic_fetch_add(&c->events, 1, __ATOMIC_RELEASE);
	}
	bool freed = b->refs == 0;
	spin_unlock(&c->lock);
	if (freed)
		wake(c);
}

void bcache_readahead(struct bcache *c, uint64_t blk, uint32_t n)
{
	struct bbuf *v[RUN_MAX * 2];
	while (n) {
		uint32_t batch = MIN(n, (uint32_t)(RUN_MAX * 2)), k = 0;
		bool full = false;
		spin_lock(&c->lock);
		/* Both ends cached: most likely all of it (a re-read). */
		if (hash_find(c, blk) && hash_find(c, blk + batch - 1))
			batch = 0;
		for (uint32_t i = 0; i < batch && blk + i < c->nblocks; i++) {
			if (hash_find(c, blk + i))
				continue;
			struct bbuf *b = take_buffer(c);
			if (!b) {
				full = true;
				break;
			}
			b->blk = blk + i;
			b->refs = 0;
			b->dirty = false;
			b->state = BB_LOADING;
			hash_add(c, b);
			list_add(&c->lru, &b->lru);
			c->st.readahead_blocks++;
			v[k++] = b;
		}
		spin_unlock(&c->lock);
		read_runs(c, v, k);
		if (full)
			return;
		batch = MIN(n, (uint32_t)(RUN_MAX * 2));
		blk += batch;
		n -= batch;
	}
}

err_t bcache_sync(struct bcache *c)
{
	err_t e = write_ordered(c);
	/* Always end with a flush: writes by an earlier failed or
	 * concurrent sync must be durable too. */
	spin_lock(&c->lock);
	c->st.flushes++;
	spin_unlock(&c->lock);
	if (blkdev_flush(c->dev) && !e)
		e = ERR_IO;
	return e;
}

void bcache_drop_clean(struct bcache *c)
{
	spin_lock(&c->lock);
	struct list_node *it;
	list_for_each(it, &c->lru)
	{
		struct bbuf *b = list_entry(it, struct bbuf, lru);
		if (b->state != BB_EMPTY && b->state != BB_LOADING &&
		    !b->dirty && !b->writing)
			hash_del(c, b);
	}
	spin_unlock(&c->lock);
}

void bcache_stats(struct bcache *c, struct bcache_stats *out)
{
	spin_lock(&c->lock);
	*out = c->st;
	spin_unlock(&c->lock);
}
