/*
 * kernel/dev/blkdev.c - the block-device table and the checks and waiting
 * shared by every driver (kernel/dev/blkdev.h).
 */
#include "kernel/dev/blkdev.h"

#include "kernel/mm/phys.h"
#include "kernel/sync.h"

/* Write-once at boot (docs/locking.md, "Globals without a lock"). */
static struct blkdev *blkdevs[BLKDEV_MAX];
static unsigned nblkdevs;

err_t blkdev_register(struct blkdev *d)
{
	if (nblkdevs == BLKDEV_MAX)
		return ERR_NOMEM;
	waitq_init(&d->done_wq, "blk-done");
	blkdevs[nblkdevs++] = d;
	return ERR_OK;
}

unsigned blkdev_count(void)
{
	return nblkdevs;
}

struct blkdev *blkdev_get(unsigned i)
{
	return i < nblkdevs ? blkdevs[i] : NULL;
}

/* The request's buffer must be physmap memory the device can reach by
 * physical address, contiguous: the physmap is linear. */
static bool one_buf_ok(const void *buf, size_t len)
{
	if (!buf || ((uintptr_t)buf & 3) || len == 0)
		return false;
	return virt_range_in_physmap(buf, len);
}

static bool buf_ok(const struct blkdev *d, const struct blk_req *r)
{
	size_t len = (size_t)r->count * BLK_SECTOR;
	if (r->nsegs == 0)
		return one_buf_ok(r->buf, len);
	if (r->nsegs > d->max_segs || !r->segs)
		return false;
	size_t sum = 0;
	for (uint32_t i = 0; i < r->nsegs; i++) {
		if (r->segs[i].len % BLK_SECTOR ||
		    !one_buf_ok(r->segs[i].buf, r->segs[i].len))
			return false;
		sum += r->segs[i].len;
	}
	return sum == len;
}

err_t blkdev_submit(struct blkdev *d, struct blk_req *r)
{
	r->dev = d;
	r->status = ERR_OK;
	__atomic_store_n(&r->finished, 0, __ATOMIC_RELAXED);
	switch (r->op) {
	case BLK_FLUSH:
		__atomic_fetch_add(&d->nflushes, 1, __ATOMIC_RELAXED);
		if (!d->can_flush) {
			blkdev_complete(r, ERR_OK);
			return ERR_OK;
		}
		break;
	case BLK_WRITE:
		if (d->readonly)
			return ERR_PERM;
		/* fall through */
	case BLK_READ:
		if (r->count == 0 || r->count > d->max_sectors || !buf_ok(d, r))
			return ERR_INVAL;
		if (r->sector > d->sectors || r->count > d->sectors - r->sector)
			return ERR_RANGE;
		__atomic_fetch_add(r->op == BLK_READ ? &d->nreads : &d->nwrites,
				   1, __ATOMIC_RELAXED);
		break;
	default:
		return ERR_INVAL;
	}
	return d->ops->submit(d, r);
}

void blkdev_complete(struct blk_req *r, err_t status)
{
	struct blkdev *d = r->dev;
	r->status = status;
	if (status)
		__atomic_fetch_add(&d->nerrors, 1, __ATOMIC_RELAXED);
	/* done may free or resubmit r: nothing touches r after it. */
	void (*done)(struct blk_req *) = r->done;
	__atomic_store_n(&r->finished, 1, __ATOMIC_RELEASE);
	if (done)
		done(r);
	waitq_wake_all(&d->done_wq);
}

err_t blkdev_wait(struct blk_req *r)
{
	WAIT_EVENT(&r->dev->done_wq,
		   __atomic_load_n(&r->finished, __ATOMIC_ACQUIRE));
	return r->status;
}

static err_t sync_req(struct blkdev *d, uint8_t op, uint64_t sector,
		      uint32_t count, void *buf)
{
	struct blk_req r = {
		.op = op, .sector = sector, .count = count, .buf = buf};
	err_t e = blkdev_submit(d, &r);
	return e ? e : blkdev_wait(&r);
}

err_t blkdev_read(struct blkdev *d, uint64_t sector, uint32_t count, void *buf)
{
	return sync_req(d, BLK_READ, sector, count, buf);
}

err_t blkdev_write(struct blkdev *d, uint64_t sector, uint32_t count,
		   const void *buf)
{
	return sync_req(d, BLK_WRITE, sector, count, (void *)buf);
}

err_t blkdev_flush(struct blkdev *d)
{
	return sync_req(d, BLK_FLUSH, 0, 0, NULL);
}
