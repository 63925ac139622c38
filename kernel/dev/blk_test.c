/*
 * kernel/dev/blk_test.c - block devices (virtio-blk) against the disks the
 * storage suite attaches (tests/qemu/storage-suite.sh): a writable one
 * whose sector s holds blk_pattern(s, j) at byte j, and a read-only one.
 * Without `blk_pattern` on the command line (the other suites) they skip.
 */
#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/dev/blkdev.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"

/* The bytes the suite writes into the image (keep in step with the
 * script's Python); seed 0 for the image, others for what we write. */
static uint8_t pattern(uint32_t seed, uint64_t s, uint32_t j)
{
	return (uint8_t)(s * 31u + j * 7u + (j >> 8) + seed * 101u);
}

static struct blkdev *find_dev(struct ktest *t, bool readonly)
{
	if (!bootarg_has("blk_pattern")) {
		ktest_skip(t, "no test disk (storage suite: blk_pattern)");
		return NULL;
	}
	for (unsigned i = 0; i < blkdev_count(); i++)
		if (blkdev_get(i)->readonly == readonly)
			return blkdev_get(i);
	KTEST_CHECK(t, false, "no %s block device",
		    readonly ? "read-only" : "writable");
	return NULL;
}

/* Index of the first byte of buf (count sectors from s) that differs
 * from pattern seed, or -1. */
static long check(const uint8_t *buf, uint64_t s, uint32_t count,
		  uint32_t seed)
{
	for (uint32_t k = 0; k < count; k++)
		for (uint32_t j = 0; j < BLK_SECTOR; j++)
			if (buf[k * BLK_SECTOR + j] != pattern(seed, s + k, j))
				return (long)(k * BLK_SECTOR + j);
	return -1;
}

static void fill(uint8_t *buf, uint64_t s, uint32_t count, uint32_t seed)
{
	for (uint32_t k = 0; k < count; k++)
		for (uint32_t j = 0; j < BLK_SECTOR; j++)
			buf[k * BLK_SECTOR + j] = pattern(seed, s + k, j);
}

KTEST(blk_read_pattern)
{
	struct blkdev *d = find_dev(t, false);
	if (!d)
		return;
	KTEST_ASSERT(t, d->sectors >= 16384); /* the suite's 8 MiB */
	uint8_t *buf = kmalloc(64 * BLK_SECTOR);
	KTEST_ASSERT(t, buf);
	KTEST_CHECK(t, blkdev_read(d, 0, 64, buf) == ERR_OK, "read 0+64");
	long bad = check(buf, 0, 64, 0);
	KTEST_CHECK(t, bad < 0, "sectors 0..63 differ at byte %ld", bad);
	uint64_t last = d->sectors - 1;
	KTEST_CHECK(t, blkdev_read(d, last, 1, buf) == ERR_OK, "read last");
	bad = check(buf, last, 1, 0);
	KTEST_CHECK(t, bad < 0, "last sector differs at byte %ld", bad);
	ktest_log(t, "%s: %llu sectors", d->name,
		  (unsigned long long)d->sectors);
	kfree(buf);
}

/* Sectors [4096, 4096 + 256) get seed 1; the suite checks them in the
 * image after QEMU exits. */
KTEST(blk_write_flush_readback)
{
	struct blkdev *d = find_dev(t, false);
	if (!d)
		return;
	uint32_t n = 256;
	uint8_t *w = kmalloc(n * BLK_SECTOR), *r = kzalloc(n * BLK_SECTOR);
	KTEST_ASSERT(t, w && r);
	fill(w, 4096, n, 1);
	KTEST_CHECK(t, blkdev_write(d, 4096, n, w) == ERR_OK, "write");
	KTEST_CHECK(t, blkdev_flush(d) == ERR_OK, "flush");
	KTEST_CHECK(t, blkdev_read(d, 4096, n, r) == ERR_OK, "read back");
	long bad = check(r, 4096, n, 1);
	KTEST_CHECK(t, bad < 0, "read back differs at byte %ld", bad);
	/* Neighbours untouched. */
	KTEST_CHECK(t, blkdev_read(d, 4095, 1, r) == ERR_OK, "read 4095");
	KTEST_CHECK(t, check(r, 4095, 1, 0) < 0, "sector 4095 changed");
	KTEST_CHECK(t, blkdev_read(d, 4096 + n, 1, r) == ERR_OK, "read");
	KTEST_CHECK(t, check(r, 4096 + n, 1, 0) < 0, "sector after changed");
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
	struct blkdev *d = find_dev(t, false);
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
		long bad = check(buf + i * S * BLK_SECTOR, rq[i].sector, S, 0);
		KTEST_CHECK(t, bad < 0, "request %u differs at %ld", i, bad);
	}
	KTEST_CHECK(t, __atomic_load_n(&ndone, __ATOMIC_RELAXED) == N,
		    "%u callbacks", ndone);
	kfree(rq);
	kfree(buf);
}

KTEST(blk_bad_requests)
{
	struct blkdev *d = find_dev(t, false);
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
	KTEST_CHECK(t, check(buf, 7, 1, 0) < 0, "sector 7");
	kfree(buf);
}

KTEST(blk_readonly_device)
{
	struct blkdev *d = find_dev(t, true);
	if (!d)
		return;
	uint8_t *buf = kzalloc(BLK_SECTOR);
	KTEST_ASSERT(t, buf);
	KTEST_CHECK(t, blkdev_write(d, 0, 1, buf) == ERR_PERM, "write");
	KTEST_CHECK(t, blkdev_read(d, 3, 1, buf) == ERR_OK, "read");
	KTEST_CHECK(t, check(buf, 3, 1, 0) < 0, "sector 3");
	kfree(buf);
}
