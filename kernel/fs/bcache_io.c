/*
 * kernel/fs/bcache_io.c - the block cache's I/O (split from bcache.c):
 * reads and write-back in "runs", one request for up to RUN_MAX buffers of
 * contiguous blocks (scattered over the buffers with one segment each),
 * completed in interrupt context by run_done, which updates the buffers
 * and wakes the "bcache-io" wait queue.  Each write remembers the
 * buffer's generation so that a block changed while being written stays
 * dirty.
 */
#include "kernel/fs/bcache_impl.h"
#include "kernel/mm/kmalloc.h"

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
				bcache_hash_del(c, b);
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
	bcache_wake(c);
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
			bcache_hash_del(c, b);
			list_del(&b->lru);
			list_add_tail(&c->lru, &b->lru);
		}
	}
	c->st.io_errors++;
	__atomic_fetch_add(&c->events, 1, __ATOMIC_RELEASE);
	spin_unlock(&c->lock);
	bcache_wake(c);
}

/* Reads the n buffers of bufs (LOADING, ascending blocks) in runs of
 * contiguous blocks. */
void bcache_read_runs(struct bcache *c, struct bbuf **bufs, uint32_t n)
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
	bcache_wait(c, __atomic_load_n(&pending, __ATOMIC_ACQUIRE) == 0);
	*wrote = n > 0;
	return failed ? ERR_IO : ERR_OK;
}

/*
 * Every dirty block, class by class, each class waited for and flushed
 * before the next; a class whose writes fail stops the rest (they would
 * point at what did not get there).  ERR_IO, ERR_NOMEM.
 */
err_t bcache_write_ordered(struct bcache *c)
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
			bcache_wait(c, __atomic_load_n(&c->nwriting,
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
