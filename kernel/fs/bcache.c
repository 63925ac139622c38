/*
 * kernel/fs/bcache.c - the block cache (kernel/fs/bcache.h).
 *
 * Buffers live in a hash table by block number while they hold a block
 * (state LOADING, VALID or ERROR) and on the LRU list while nobody holds
 * them (most recently released at the head).  A buffer being read
 * (LOADING) or written (writing) is never reused.  All I/O goes through
 * "runs" (bcache_io.c): one request for up to RUN_MAX buffers of
 * contiguous blocks, completed in interrupt context.  Dirty data is
 * written by bcache_sync and, when no clean buffer can be reused, by the
 * allocation path.  This file holds the table, the buffers, get and put;
 * bcache_impl.h what it shares with bcache_io.c.
 */
#include <string.h>

#include "base/copy.h"
#include "kernel/fs/bcache_impl.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"

static struct bbuf *hash_find(struct bcache *c, uint64_t blk)
{
	for (struct bbuf *b = *bcache_bucket(c, blk); b; b = b->hnext)
		if (b->blk == blk)
			return b;
	return NULL;
}

static void hash_add(struct bcache *c, struct bbuf *b)
{
	struct bbuf **h = bcache_bucket(c, b->blk);
	b->hnext = *h;
	*h = b;
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
		bcache_wait(c, __atomic_load_n(&b->state, __ATOMIC_ACQUIRE) !=
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
			bcache_hash_del(c, b);
			c->st.evictions++;
		}
		return b;
	}
	return NULL;
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
			err_t e = bcache_write_ordered(c);
			if (e)
				return e; /* the disk fails: do not spin */
		} else {
			bcache_wait(c, __atomic_load_n(&c->events,
						       __ATOMIC_ACQUIRE) != ev);
		}
		spin_lock(&c->lock);
	}
	spin_unlock(&c->lock);
	if (load)
		bcache_read_runs(c, &b, 1);
	if (__atomic_load_n(&b->state, __ATOMIC_ACQUIRE) == BB_LOADING) {
		__atomic_fetch_add(&c->st.waits, 1, __ATOMIC_RELAXED);
		bcache_wait(c, __atomic_load_n(&b->state, __ATOMIC_ACQUIRE) !=
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
			bcache_hash_del(c, b);
			list_add_tail(&c->lru, &b->lru);
		} else {
			list_add(&c->lru, &b->lru);
		}
		__atomic_fetch_add(&c->events, 1, __ATOMIC_RELEASE);
	}
	bool freed = b->refs == 0;
	spin_unlock(&c->lock);
	if (freed)
		bcache_wake(c);
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
		bcache_read_runs(c, v, k);
		if (full)
			return;
		batch = MIN(n, (uint32_t)(RUN_MAX * 2));
		blk += batch;
		n -= batch;
	}
}

err_t bcache_sync(struct bcache *c)
{
	err_t e = bcache_write_ordered(c);
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
			bcache_hash_del(c, b);
	}
	spin_unlock(&c->lock);
}

void bcache_stats(struct bcache *c, struct bcache_stats *out)
{
	spin_lock(&c->lock);
	*out = c->st;
	spin_unlock(&c->lock);
}
