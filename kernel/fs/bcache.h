/*
 * kernel/fs/bcache.h - the block cache: a fixed number of block-sized
 * buffers over one block device, least recently used first to go,
 * written back (not through) and made durable by an explicit sync.
 *
 *   struct bbuf *b;
 *   err_t e = bcache_get(c, blk, &b);    // read (from the disk on a miss)
 *   ... read or change b->data, bcache_dirty(b) after a change ...
 *   bcache_put(b);
 *   bcache_sync(c);                      // every dirty block, then flush
 *
 * A buffer that is held (between get and put) stays in the cache; the
 * others are reused oldest first, clean ones before dirty ones (which are
 * written back first, in order: see bcache_dirty).  Sequential readers call
 * bcache_readahead to have the next blocks read in large requests while they
 * use the current ones.
 *
 * Memory: bufs * block_size bytes of buffers plus their headers, allocated
 * as needed up to the bound given at creation, kernel memory charged to no
 * process (the cache is shared by every user of the disk); bcache_stats
 * reports it.
 *
 * Locks: the cache's "bcache" spinlock (a leaf, also taken by the
 * completion callbacks in interrupt context) guards the table, the LRU
 * list and the buffer states; I/O is waited for on the "bcache-io" wait
 * queue.  The contents of a buffer are guarded by its users (the file
 * system's lock): the cache only reads them to write them back.
 */
#ifndef KERNEL_FS_BCACHE_H
#define KERNEL_FS_BCACHE_H

#include "base/types.h"
#include "kernel/dev/blkdev.h"
#include "kernel/list.h"

struct bcache;

#define BCACHE_ORDERS 6

struct bbuf {
	uint8_t *data; /* block_size bytes */
	uint64_t blk;
	/* The rest is the cache's (lock: bcache). */
	struct bcache *c;
	struct list_node lru; /* on c->lru while unheld */
	struct bbuf *hnext;
	uint32_t refs;
	uint8_t state; /* BB_* (bcache_impl.h) */
	bool dirty, writing;
	uint8_t order; /* write-back class while dirty */
	uint32_t gen;  /* bumped by every bcache_dirty */
};

struct bcache_stats {
	uint64_t hits, misses, evictions;
	uint64_t waits; /* gets that slept for a read in flight */
	uint64_t read_reqs, read_blocks, readahead_blocks;
	uint64_t write_reqs, write_blocks, flushes, io_errors;
	uint64_t bufs, dirty, bytes, max_bytes;
};

/*
 * A cache of at most nbufs buffers of block_size bytes (a multiple of the
 * sector size, at most 64 KiB) over d.  NULL when out of memory or with
 * bad sizes.
 */
struct bcache *bcache_new(struct blkdev *d, uint32_t block_size,
			  uint32_t nbufs);
/* Frees c after the reads in flight end; every buffer must be unheld
 * and clean (after bcache_sync). */
void bcache_free(struct bcache *c);
uint32_t bcache_block_size(const struct bcache *c);
/* Blocks on the device. */
uint64_t bcache_blocks(const struct bcache *c);

/*
 * Holds block blk, read from the disk unless cached; *out until
 * bcache_put.  Sleeps for I/O and, when every buffer is held or being
 * written, for one to come free.  Errors: ERR_RANGE (past the end),
 * ERR_IO (the read failed; the block stays uncached).
 */
err_t bcache_get(struct bcache *c, uint64_t blk, struct bbuf **out);
/*
 * The fast path of a read: copies up to len bytes from offset off of
 * block blk on, through the following blocks, while they are cached and
 * valid (one lock round, no hold); returns the bytes copied (0: use
 * bcache_get).  The copy is made under the cache's lock, so only into
 * the physmap (kernel heap memory, which cannot fault): for other
 * destinations it returns 0.  Callers bound len (interrupts are off
 * meanwhile).
 */
uint32_t bcache_copy_out(struct bcache *c, uint64_t blk, uint32_t off,
			 void *dst, uint32_t len);
/* Same without reading: for a block about to be overwritten whole (its
 * data is zeroed when it was not cached). */
err_t bcache_get_new(struct bcache *c, uint64_t blk, struct bbuf **out);
/*
 * The holder changed b->data: it will be written back, in order class
 * order (0 .. BCACHE_ORDERS - 1): a sync writes every dirty block of
 * class 0, flushes the device, then class 1, and so on, so that a file
 * system can have data on the disk before the metadata that points at it
 * (kernel/fs/ext2.c).  A block keeps the highest class it was dirtied
 * with until it is written.
 */
void bcache_dirty(struct bbuf *b, unsigned order);
/* Ends a hold (b may be NULL). */
void bcache_put(struct bbuf *b);

/*
 * Starts reading the up to n blocks from blk that are not cached, in
 * requests of contiguous blocks, without waiting; uses only buffers that
 * are free or clean (never writes back for it).  Best effort.
 */
void bcache_readahead(struct bcache *c, uint64_t blk, uint32_t n);

/*
 * Writes every dirty block back (contiguous ones in one request), class
 * by class (see bcache_dirty) with a device flush after each class that
 * had any: what was dirtied before the call is durable when it returns
 * ERR_OK.  The same ordered write-back runs when a buffer is needed and
 * every unheld one is dirty.  ERR_IO when a write or the flush
 * failed (the blocks whose write failed stay dirty).  Sleeps.
 */
err_t bcache_sync(struct bcache *c);

/* Forgets every clean unheld block (the next get reads the disk): cold
 * cache benchmarks. */
void bcache_drop_clean(struct bcache *c);

void bcache_stats(struct bcache *c, struct bcache_stats *out);

#endif /* KERNEL_FS_BCACHE_H */
