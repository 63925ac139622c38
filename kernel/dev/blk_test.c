/*
 * kernel/dev/blk_test.c - block devices (virtio-blk) against the disks the
 * storage suite attaches (tests/qemu/storage-suite.sh): a writable one
 * whose sector s holds blk_pattern(s, j) at byte j, and a read-only one.
 * Without `blk_pattern` on the command line (the other suites) they skip.
 */
#include <string.h>

#include "kernel/dev/blk_testlib.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"

KTEST(blk_read_pattern)
{
	struct blkdev *d = blk_test_disk(t, false);
	if (!d)
		return;
	KTEST_ASSERT(t, d->sectors >= 16384); /* the suite's 8 MiB */
	uint8_t *buf = kmalloc(64 * BLK_SECTOR);
	KTEST_ASSERT(t, buf);
	KTEST_CHECK(t, blkdev_read(d, 0, 64, buf) == ERR_OK, "read 0+64");
	long bad = blk_test_check(buf, 0, 64, 0);
	KTEST_CHECK(t, bad < 0, "sectors 0..63 differ at byte %ld", bad);
	uint64_t last = d->sectors - 1;
	KTEST_CHECK(t, blkdev_read(d, last, 1, buf) == ERR_OK, "read last");
	bad = blk_test_check(buf, last, 1, 0);
	KTEST_CHECK(t, bad < 0, "last sector differs at byte %ld", bad);
	ktest_log(t, "%s: %llu sectors", d->name,
		  (unsigned long long)d->sectors);
	kfree(buf);
}

/* Sectors [4096, 4096 + 256) get seed 1; the suite checks them in the
 * image after QEMU exits. */
KTEST(blk_write_flush_readback)
{
	struct blkdev *d = blk_test_disk(t, false);
	if (!d)
		return;
	uint32_t n = 256;
	uint8_t *w = kmalloc(n * BLK_SECTOR), *r = kzalloc(n * BLK_SECTOR);
	KTEST_ASSERT(t, w && r);
	blk_test_fill(w, 4096, n, 1);
	KTEST_CHECK(t, blkdev_write(d, 4096, n, w) == ERR_OK, "write");
	KTEST_CHECK(t, blkdev_flush(d) == ERR_OK, "flush");
	KTEST_CHECK(t, blkdev_read(d, 4096, n, r) == ERR_OK, "read back");
	long bad = blk_test_check(r, 4096, n, 1);
	KTEST_CHECK(t, bad < 0, "read back differs at byte %ld", bad);
	/* Neighbours untouched. */
	KTEST_CHECK(t, blkdev_read(d, 4095, 1, r) == ERR_OK, "read 4095");
	KTEST_CHECK(t, blk_test_check(r, 4095, 1, 0) < 0,
		    "sector 4095 changed");
	KTEST_CHECK(t, blkdev_read(d, 4096 + n, 1, r) == ERR_OK, "read");
	KTEST_CHECK(t, blk_test_check(r, 4096 + n, 1, 0) < 0,
		    "sector after changed");
	kfree(w);
	kfree(r);
}

static void count_done(struct blk_req *r)
{
	__atomic_fetch_add((uint32_t *)r->arg, 1, __ATOMIC_RELAXED);
}

/* More requests than the queue holds at once (64 descriptors, three per
 * request): submitters wait for room; completions in any order. */
KTEST(blk_many_in_flight)
{
	struct blkdev *d = blk_test_disk(t, false);
	if (!d)
		return;
	enum { N = 48, S = 8 };
	struct blk_req *rq = kzalloc(N * sizeof(*rq));
	uint8_t *buf = kzalloc(N * S * BLK_SECTOR);
	KTEST_ASSERT(t, rq && buf);
	uint32_t ndone = 0;
	for (unsigned i = 0; i < N; i++) {
		/* Every other request reads, from two regions. */
		rq[i] = (struct blk_req){.op = BLK_READ,
					 .sector = 64 + (uint64_t)i * 37,
					 .count = S,
					 .buf = buf + i * S * BLK_SECTOR,
					 .done = count_done,
					 .arg = &ndone};
		KTEST_CHECK(t, blkdev_submit(d, &rq[i]) == ERR_OK, "submit %u",
			    i);
	}
	for (unsigned i = 0; i < N; i++) {
		KTEST_CHECK(t, blkdev_wait(&rq[i]) == ERR_OK, "request %u", i);
		long bad = blk_test_check(buf + i * S * BLK_SECTOR,
					  rq[i].sector, S, 0);
		KTEST_CHECK(t, bad < 0, "request %u differs at %ld", i, bad);
	}
	KTEST_CHECK(t, __atomic_load_n(&ndone, __ATOMIC_RELAXED) == N,
		    "%u callbacks", ndone);
	kfree(rq);
	kfree(buf);
}

KTEST(blk_bad_requests)
{
	struct blkdev *d = blk_test_disk(t, false);
	if (!d)
		return;
	uint8_t *buf = kmalloc(2 * BLK_SECTOR);
	uint8_t stack_buf[BLK_SECTOR];
	KTEST_ASSERT(t, buf);
	KTEST_CHECK(t, blkdev_read(d, d->sectors, 1, buf) == ERR_RANGE,
		    "past the end");
	KTEST_CHECK(t, blkdev_read(d, d->sectors - 1, 2, buf) == ERR_RANGE,
		    "across the end");
	KTEST_CHECK(t, blkdev_read(d, ~0ULL, 1, buf) == ERR_RANGE,
		    "huge sector");
	KTEST_CHECK(t, blkdev_read(d, 0, 0, buf) == ERR_INVAL, "no sectors");
	KTEST_CHECK(t, blkdev_read(d, 0, d->max_sectors + 1, buf) == ERR_INVAL,
		    "too long");
	/* Kernel stacks are outside the physmap: no device address. */
	KTEST_CHECK(t, blkdev_read(d, 0, 1, stack_buf) == ERR_INVAL,
		    "stack buffer");
	KTEST_CHECK(t, blkdev_read(d, 0, 1, NULL) == ERR_INVAL, "NULL");
	/* The device still works. */
	KTEST_CHECK(t, blkdev_read(d, 7, 1, buf) == ERR_OK, "read after");
	KTEST_CHECK(t, blk_test_check(buf, 7, 1, 0) < 0, "sector 7");
	kfree(buf);
}

KTEST(blk_readonly_device)
{
	struct blkdev *d = blk_test_disk(t, true);
	if (!d)
		return;
	uint8_t *buf = kzalloc(BLK_SECTOR);
	KTEST_ASSERT(t, buf);
	KTEST_CHECK(t, blkdev_write(d, 0, 1, buf) == ERR_PERM, "write");
	KTEST_CHECK(t, blkdev_read(d, 3, 1, buf) == ERR_OK, "read");
	KTEST_CHECK(t, blk_test_check(buf, 3, 1, 0) < 0, "sector 3");
	kfree(buf);
}

/* One request scattered over separate buffers (the block cache's runs). */
KTEST(blk_scattered_segments)
{
	struct blkdev *d = blk_test_disk(t, false);
	if (!d)
		return;
	enum { NSEG = 5 };
	struct blk_seg seg[NSEG];
	uint32_t lens[NSEG] = {1, 8, 2, 1, 4}; /* sectors */
	uint32_t total = 0;
	for (unsigned i = 0; i < NSEG; i++) {
		seg[i] = (struct blk_seg){kmalloc(lens[i] * BLK_SECTOR),
					  lens[i] * BLK_SECTOR};
		KTEST_ASSERT(t, seg[i].buf);
		total += lens[i];
	}
	struct blk_req r = {.op = BLK_READ,
			    .sector = 100,
			    .count = total,
			    .segs = seg,
			    .nsegs = NSEG};
	KTEST_ASSERT(t, blkdev_submit(d, &r) == ERR_OK);
	KTEST_CHECK(t, blkdev_wait(&r) == ERR_OK, "status");
	uint64_t s = 100;
	for (unsigned i = 0; i < NSEG; i++) {
		long bad = blk_test_check(seg[i].buf, s, lens[i], 0);
		KTEST_CHECK(t, bad < 0, "segment %u differs at %ld", i, bad);
		s += lens[i];
	}
	/* Lengths that do not add up, or too many segments: refused. */
	r.count = total + 1;
	KTEST_CHECK(t, blkdev_submit(d, &r) == ERR_INVAL, "short segments");
	r.count = total;
	r.nsegs = d->max_segs + 1;
	KTEST_CHECK(t, blkdev_submit(d, &r) == ERR_INVAL, "too many");
	for (unsigned i = 0; i < NSEG; i++)
		kfree(seg[i].buf);
}
