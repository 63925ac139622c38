/*
 * kernel/dev/blkdev.h - block devices: a small interface between drivers
 * (virtio-blk today; later a user-space driver) and their users (the
 * block cache).
 *
 * A request moves whole 512-byte sectors between the device and a buffer
 * in the physmap (kmalloc or pmm memory: devices read it by physical
 * address).  Requests are asynchronous: blkdev_submit queues one and
 * returns; the driver calls blkdev_complete from its interrupt handler,
 * which runs the request's `done` callback (interrupt context) and wakes
 * the threads in blkdev_wait.  Several requests may be in flight on a
 * device; they complete in any order, each with its own status.
 *
 * Devices are registered at boot by the boot hart before the other harts
 * start and never go away (the table is write-once).
 */
#ifndef KERNEL_DEV_BLKDEV_H
#define KERNEL_DEV_BLKDEV_H

#include "base/types.h"
#include "kernel/thread.h"

#define BLK_SECTOR	 512u
#define BLK_SECTOR_SHIFT 9
#define BLKDEV_MAX	 8

enum blk_op { BLK_READ, BLK_WRITE, BLK_FLUSH };

/* One piece of a scattered buffer (physmap memory, len a multiple of
 * BLK_SECTOR). */
struct blk_seg {
	void *buf;
	uint32_t len;
};

struct blkdev;
struct blk_req {
	uint8_t op;	 /* enum blk_op */
	uint64_t sector; /* first sector */
	uint32_t count;	 /* sectors (0 for BLK_FLUSH) */
	void *buf;	 /* count * BLK_SECTOR bytes of physmap memory */
	/* Or, when nsegs > 0, the data is scattered over segs (their
	 * lengths add up to count * BLK_SECTOR; buf is unused). */
	const struct blk_seg *segs;
	uint32_t nsegs;
	/* Called once in interrupt context when the request ends (may be
	 * NULL); it may wake threads, not sleep. */
	void (*done)(struct blk_req *r);
	void *arg;
	/* Set by the block layer. */
	struct blkdev *dev;
	err_t status;	   /* ERR_OK or ERR_IO, valid once finished */
	uint32_t finished; /* atomic */
};

struct blkdev_ops {
	/* Queues r (checked by blkdev_submit); may sleep for room in the
	 * device's queue.  ERR_IO when the device is broken. */
	err_t (*submit)(struct blkdev *d, struct blk_req *r);
};

struct blkdev {
	char name[16];
	uint64_t sectors;     /* capacity */
	uint32_t max_sectors; /* per request */
	uint32_t max_segs;    /* per request */
	bool readonly;	      /* writes are refused (ERR_PERM) */
	bool can_flush;	      /* the device has a volatile write cache */
	const struct blkdev_ops *ops;
	void *priv;
	struct waitq done_wq; /* "blk-done": completions */
	/* Counters, atomic. */
	uint64_t nreads, nwrites, nflushes, nerrors;
};

/*
 * Adds d (name, sectors, ops filled in) to the table; boot hart only,
 * before the other harts start.  ERR_NOMEM when the table is full.
 */
err_t blkdev_register(struct blkdev *d);
/* The number of registered devices and the i-th (NULL past the end). */
unsigned blkdev_count(void);
struct blkdev *blkdev_get(unsigned i);

/*
 * Queues r on d.  Errors before anything is queued: ERR_INVAL (no
 * sectors, a misaligned buffer, a buffer outside the physmap, more than
 * max_sectors or max_segs, segments that do not add up), ERR_RANGE (past the
 * end), ERR_PERM (write to a read-only device).  May sleep (thread context
 * only).
 */
err_t blkdev_submit(struct blkdev *d, struct blk_req *r);
/* Sleeps until r (submitted) ends; returns its status. */
err_t blkdev_wait(struct blk_req *r);
/* Driver side, interrupt context: r ended with status. */
void blkdev_complete(struct blk_req *r, err_t status);

/* Synchronous forms of submit + wait (thread context). */
err_t blkdev_read(struct blkdev *d, uint64_t sector, uint32_t count, void *buf);
err_t blkdev_write(struct blkdev *d, uint64_t sector, uint32_t count,
		   const void *buf);
/* Makes every completed write durable (a no-op on write-through
 * devices). */
err_t blkdev_flush(struct blkdev *d);

#endif /* KERNEL_DEV_BLKDEV_H */
