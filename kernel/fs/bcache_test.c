/*
 * kernel/fs/bcache_test.c - the block cache over the storage suite's
 * patterned disk (kernel/dev/blk_testlib.h): hits and misses, LRU order,
 * write-back and sync, eviction of dirty blocks, read-ahead in large
 * requests, concurrent users.  Blocks of 4 KiB (8 sectors).  Writes go to
 * blocks 1024-1087 (seed 2) and 1100-1131 (seed 3), which the suite checks
 * in the image afterwards.
 */
#include <string.h>

#include "kernel/dev/blk_testlib.h"
#include "kernel/fs/bcache.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/thread.h"

#define BS  4096u
#define SPB 8u

static bool block_is(const struct bbuf *b, uint32_t seed)
{
	return blk_test_check(b->data, b->blk * SPB, SPB, seed) < 0;
}

/* True when the disk (bypassing the cache) holds seed in block blk. */
static bool disk_block_is(struct blkdev *d, uint64_t blk, uint32_t seed)
{
	uint8_t *buf = kmalloc(BS);
	bool ok = buf && blkdev_read(d, blk * SPB, SPB, buf) == ERR_OK &&
		  blk_test_check(buf, blk * SPB, SPB, seed) < 0;
	kfree(buf);
	return ok;
}

/* A cache of n buffers over the test disk: NULL when the boot gives no
 * disk (the test skips) or the cache cannot be made (a failed check). */
static struct bcache *test_cache(struct ktest *t, unsigned n, struct blkdev **d)
{
	*d = blk_test_disk(t, false);
	if (!*d)
		return NULL;
	struct bcache *c = bcache_new(*d, BS, n);
	KTEST_CHECK(t, c, "bcache_new of %u buffers", n);
	return c;
}

/* Syncs c, then checks blocks [from, to) of d hold pattern seed. */
static void check_synced(struct ktest *t, struct bcache *c, struct blkdev *d,
			 uint64_t from, uint64_t to, uint32_t seed)
{
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync");
	for (uint64_t k = from; k < to; k++)
		KTEST_CHECK(t, disk_block_is(d, k, seed), "block %llu",
			    (unsigned long long)k);
}

KTEST(bcache_hits_misses_lru)
{
	struct blkdev *d;
	struct bcache *c = test_cache(t, 8, &d);
	if (!c)
		return;
	struct bbuf *b;
	for (int pass = 0; pass < 2; pass++)
		for (uint64_t k = 0; k < 8; k++) {
			KTEST_ASSERT(t, bcache_get(c, k, &b) == ERR_OK);
			KTEST_CHECK(t, block_is(b, 0), "block %llu",
				    (unsigned long long)k);
			bcache_put(b);
		}
	struct bcache_stats st;
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.misses == 8 && st.hits == 8, "%llu misses %llu hits",
		    (unsigned long long)st.misses, (unsigned long long)st.hits);
	/* Block 8 takes the least recently used buffer: block 0's. */
	KTEST_ASSERT(t, bcache_get(c, 8, &b) == ERR_OK);
	KTEST_CHECK(t, block_is(b, 0), "block 8");
	bcache_put(b);
	KTEST_ASSERT(t, bcache_get(c, 1, &b) == ERR_OK);
	bcache_put(b);
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.misses == 9 && st.evictions == 1, "1 still cached");
	KTEST_ASSERT(t, bcache_get(c, 0, &b) == ERR_OK);
	KTEST_CHECK(t, block_is(b, 0), "block 0 again");
	bcache_put(b);
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.misses == 10, "0 was evicted");
	KTEST_CHECK(t, st.bufs == 8 && st.bytes <= st.max_bytes,
		    "%llu buffers, %llu of %llu bytes",
		    (unsigned long long)st.bufs, (unsigned long long)st.bytes,
		    (unsigned long long)st.max_bytes);
	KTEST_CHECK(t, bcache_get(c, bcache_blocks(c), &b) == ERR_RANGE,
		    "past the end");
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync");
	bcache_free(c);
}

KTEST(bcache_write_back_and_sync)
{
	struct blkdev *d;
	struct bcache *c = test_cache(t, 16, &d);
	if (!c)
		return;
	struct bbuf *b;
	KTEST_ASSERT(t, bcache_get_new(c, 1024, &b) == ERR_OK);
	blk_test_fill(b->data, 1024 * SPB, SPB, 2);
	bcache_dirty(b, 0);
	bcache_put(b);
	/* Write-back: the disk has not seen it yet. */
	KTEST_CHECK(t, disk_block_is(d, 1024, 0), "written through");
	uint64_t flushes = d->nflushes;
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync");
	KTEST_CHECK(t, disk_block_is(d, 1024, 2), "not written by sync");
	KTEST_CHECK(t, d->nflushes > flushes, "no device flush");
	/* 63 more than the cache holds: evictions write dirty blocks back,
	 * contiguous ones together. */
	for (uint64_t k = 1025; k < 1088; k++) {
		KTEST_ASSERT(t, bcache_get(c, k, &b) == ERR_OK);
		KTEST_CHECK(t, block_is(b, 0), "block %llu before",
			    (unsigned long long)k);
		blk_test_fill(b->data, k * SPB, SPB, 2);
		bcache_dirty(b, 0);
		bcache_put(b);
	}
	struct bcache_stats st;
	bcache_stats(c, &st);
	KTEST_CHECK(t,
		    st.write_blocks >= 48 &&
			    st.write_reqs * 4 <= st.write_blocks,
		    "%llu blocks in %llu writes",
		    (unsigned long long)st.write_blocks,
		    (unsigned long long)st.write_reqs);
	check_synced(t, c, d, 1024, 1088, 2);
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.dirty == 0, "%llu dirty after sync",
		    (unsigned long long)st.dirty);
	bcache_free(c);
}

/* Blocks held are never reused; the others cycle through one buffer. */
KTEST(bcache_held_blocks_stay)
{
	struct blkdev *d;
	struct bcache *c = test_cache(t, 4, &d);
	if (!c)
		return;
	struct bbuf *held[3], *b;
	for (unsigned i = 0; i < 3; i++) {
		KTEST_ASSERT(t,
			     bcache_get_new(c, 1100 + i, &held[i]) == ERR_OK);
		blk_test_fill(held[i]->data, (1100 + i) * SPB, SPB, 3);
		bcache_dirty(held[i], 0);
	}
	for (uint64_t k = 1103; k < 1132; k++) {
		KTEST_ASSERT(t, bcache_get_new(c, k, &b) == ERR_OK);
		blk_test_fill(b->data, k * SPB, SPB, 3);
		bcache_dirty(b, 0);
		bcache_put(b);
	}
	for (unsigned i = 0; i < 3; i++) {
		KTEST_CHECK(t, held[i]->blk == 1100 + i && block_is(held[i], 3),
			    "held block %u changed", i);
		bcache_put(held[i]);
	}
	check_synced(t, c, d, 1100, 1132, 3);
	bcache_free(c);
}

KTEST(bcache_readahead_batches)
{
	struct blkdev *d;
	struct bcache *c = test_cache(t, 64, &d);
	if (!c)
		return;
	uint64_t reads = d->nreads;
	bcache_readahead(c, 200, 32);
	struct bbuf *b;
	for (uint64_t k = 200; k < 232; k++) {
		KTEST_ASSERT(t, bcache_get(c, k, &b) == ERR_OK);
		KTEST_CHECK(t, block_is(b, 0), "block %llu",
			    (unsigned long long)k);
		bcache_put(b);
	}
	struct bcache_stats st;
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.misses == 0 && st.readahead_blocks == 32,
		    "%llu misses, %llu read ahead",
		    (unsigned long long)st.misses,
		    (unsigned long long)st.readahead_blocks);
	KTEST_CHECK(t, d->nreads - reads <= 2, "%llu requests for 32 blocks",
		    (unsigned long long)(d->nreads - reads));
	/* Already cached blocks are skipped. */
	bcache_readahead(c, 220, 16);
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.readahead_blocks == 36, "%llu read ahead",
		    (unsigned long long)st.readahead_blocks);
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync");
	bcache_free(c);
}

struct worker {
	struct bcache *c;
	uint32_t seed, bad;
};

static int worker_fn(void *arg)
{
	struct worker *w = arg;
	uint32_t x = w->seed;
	for (int i = 0; i < 300; i++) {
		x = x * 1103515245u + 12345u;
		uint64_t k = (x >> 8) % 256;
		struct bbuf *b;
		if (bcache_get(w->c, k, &b) != ERR_OK) {
			w->bad++;
			continue;
		}
		if (!block_is(b, 0) || b->blk != k)
			w->bad++;
		if (i % 7 == 0)
			thread_yield();
		bcache_put(b);
		if (i % 16 == 0)
			bcache_readahead(w->c, k + 1, 8);
	}
	return 0;
}

KTEST(bcache_concurrent_readers)
{
	struct blkdev *d;
	struct bcache *c = test_cache(t, 12, &d);
	if (!c)
		return;
	enum { N = 4 };
	struct worker w[N];
	struct thread *th[N];
	for (unsigned i = 0; i < N; i++) {
		w[i] = (struct worker){c, i * 7919u + 1, 0};
		KTEST_ASSERT(t, thread_create("bcache-w", worker_fn, &w[i],
					      NULL, &th[i]) == ERR_OK);
	}
	for (unsigned i = 0; i < N; i++) {
		thread_join(th[i], NULL);
		KTEST_CHECK(t, w[i].bad == 0, "worker %u: %u bad blocks", i,
			    w[i].bad);
	}
	struct bcache_stats st;
	bcache_stats(c, &st);
	KTEST_CHECK(t, st.bufs <= 12, "%llu buffers",
		    (unsigned long long)st.bufs);
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync");
	bcache_free(c);
}

/* A block device in RAM that completes at once and records the order of
 * its writes and flushes: the cache's write order, without a disk. */
struct ramdev {
	struct blkdev dev;
	uint8_t *mem;
	char log[64]; /* 'W' + block, 'F' */
	uint64_t logblk[64];
	unsigned n;
};

static err_t ram_submit(struct blkdev *d, struct blk_req *r)
{
	struct ramdev *rd = d->priv;
	uint8_t *p = rd->mem + r->sector * BLK_SECTOR;
	if (rd->n < 64) {
		rd->log[rd->n] = r->op == BLK_FLUSH   ? 'F'
				 : r->op == BLK_WRITE ? 'W'
						      : 'R';
		rd->logblk[rd->n++] = r->sector / SPB;
	}
	for (uint32_t i = 0; r->op != BLK_FLUSH && i < r->nsegs; i++) {
		if (r->op == BLK_WRITE)
			memcpy(p, r->segs[i].buf, r->segs[i].len);
		else
			memcpy(r->segs[i].buf, p, r->segs[i].len);
		p += r->segs[i].len;
	}
	blkdev_complete(r, ERR_OK);
	return ERR_OK;
}

static const struct blkdev_ops ram_ops = {.submit = ram_submit};

/* bcache_sync writes class 0, flushes, class 1, flushes, ...: a file
 * system's data reaches the disk before what points at it. */
KTEST(bcache_ordered_sync)
{
	struct ramdev *rd = kzalloc(sizeof(*rd));
	KTEST_ASSERT(t, rd);
	rd->mem = kzalloc(64 * BS);
	KTEST_ASSERT(t, rd->mem);
	rd->dev = (struct blkdev){.name = "ram",
				  .sectors = 64 * SPB,
				  .max_sectors = 64 * SPB,
				  .max_segs = 32,
				  .can_flush = true,
				  .ops = &ram_ops,
				  .priv = rd};
	waitq_init(&rd->dev.done_wq, "blk-done");
	struct bcache *c = bcache_new(&rd->dev, BS, 8);
	KTEST_ASSERT(t, c);
	static const struct {
		uint64_t blk;
		unsigned order;
	} dirt[] = {{10, 3}, {5, 0}, {7, 1}, {11, 3}, {6, 0}};
	struct bbuf *b;
	for (unsigned i = 0; i < 5; i++) {
		KTEST_ASSERT(t, bcache_get_new(c, dirt[i].blk, &b) == ERR_OK);
		b->data[0] = (uint8_t)(i + 1);
		bcache_dirty(b, dirt[i].order);
		bcache_put(b);
	}
	KTEST_CHECK(t, rd->n == 0, "written before the sync");
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync");
	/* 5 and 6 (one request), F, 7, F, 10 and 11 (one request), F, and
	 * the final flush. */
	rd->log[rd->n] = 0;
	KTEST_CHECK(t, rd->n == 7 && memcmp(rd->log, "WFWFWFF", 7) == 0,
		    "sequence %s", rd->log);
	KTEST_CHECK(t,
		    rd->logblk[0] == 5 && rd->logblk[2] == 7 &&
			    rd->logblk[4] == 10,
		    "blocks %llu %llu %llu", (unsigned long long)rd->logblk[0],
		    (unsigned long long)rd->logblk[2],
		    (unsigned long long)rd->logblk[4]);
	KTEST_CHECK(t, rd->mem[6 * BS] == 5 && rd->mem[11 * BS] == 4,
		    "contents");
	/* Re-dirtied with a higher class: written with that class. */
	rd->n = 0;
	KTEST_ASSERT(t, bcache_get(c, 5, &b) == ERR_OK);
	bcache_dirty(b, 0);
	bcache_dirty(b, 2);
	bcache_put(b);
	KTEST_ASSERT(t, bcache_get(c, 10, &b) == ERR_OK);
	bcache_dirty(b, 1);
	bcache_put(b);
	KTEST_CHECK(t, bcache_sync(c) == ERR_OK, "sync 2");
	rd->log[rd->n] = 0;
	KTEST_CHECK(t, rd->n == 5 && rd->logblk[0] == 10 && rd->logblk[2] == 5,
		    "second sequence %s", rd->log);
	bcache_free(c);
	kfree(rd->mem);
	kfree(rd);
}
