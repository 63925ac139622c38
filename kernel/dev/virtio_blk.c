/*
 * kernel/dev/virtio_blk.c - virtio-blk over the modern (version 2)
 * virtio-mmio transport (virtio 1.1, sections 4.2 and 5.2).
 *
 * One split virtqueue per device.  A request takes a chain of
 * descriptors (header, one per data segment, status byte) and is found
 * again by its head descriptor when the device returns it in the used
 * ring: several requests are in flight at once and complete in any order,
 * each with its own status.  Completion is interrupt-driven; a submitter
 * that finds no free descriptors sleeps until a completion frees some.
 *
 * Negotiated features: VERSION_1 (required: a legacy device is refused
 * with a hint, QEMU needs -global virtio-mmio.force-legacy=false), FLUSH
 * (a volatile write cache we must flush), RO (writes refused).
 *
 * Lock "virtio-blk" (one per device; a leaf, taken in the interrupt
 * handler) guards the descriptor free list, the rings and the request
 * table.  Completions run after it is dropped.
 */
#include <string.h>

#include "kernel/arch/riscv64/mmio.h"
#include "kernel/dev/blkdev.h"
#include "kernel/dev/virtio_blk.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/spinlock.h"

/* virtio-mmio registers (byte offsets). */
#define VM_MAGIC	 0x000
#define VM_VERSION	 0x004
#define VM_DEVICE_ID	 0x008
#define VM_DEV_FEAT	 0x010
#define VM_DEV_FEAT_SEL	 0x014
#define VM_DRV_FEAT	 0x020
#define VM_DRV_FEAT_SEL	 0x024
#define VM_QUEUE_SEL	 0x030
#define VM_QUEUE_NUM_MAX 0x034
#define VM_QUEUE_NUM	 0x038
#define VM_QUEUE_READY	 0x044
#define VM_QUEUE_NOTIFY	 0x050
#define VM_INT_STATUS	 0x060
#define VM_INT_ACK	 0x064
#define VM_STATUS	 0x070
#define VM_QUEUE_DESC	 0x080
#define VM_QUEUE_DRIVER	 0x090
#define VM_QUEUE_DEVICE	 0x0a0
#define VM_CONFIG_GEN	 0x0fc
#define VM_CONFIG	 0x100
#define VIRTIO_MAGIC	 0x74726976u
#define VIRTIO_ID_BLOCK	 2u
#define ST_ACKNOWLEDGE	 1u
#define ST_DRIVER	 2u
#define ST_DRIVER_OK	 4u
#define ST_FEATURES_OK	 8u
#define ST_FAILED	 128u
#define F_BLK_RO	 5u
#define F_BLK_FLUSH	 9u
#define F_VERSION_1	 32u
#define BLK_T_IN	 0u
#define BLK_T_OUT	 1u
#define BLK_T_FLUSH	 4u
#define DESC_F_NEXT	 1u
#define DESC_F_WRITE	 2u
#define QSIZE		 64u /* descriptors (at most; the device may offer fewer) */
#define MAX_REQ_SECTORS	 2048u /* 1 MiB per request */

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
struct vq_avail {
	uint16_t flags, idx;
	uint16_t ring[QSIZE];
	uint16_t used_event;
};
struct vq_used_elem {
	uint32_t id, len;
};
struct vq_used {
	uint16_t flags, idx;
	struct vq_used_elem ring[QSIZE];
	uint16_t avail_event;
};
struct blk_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

/* One page: descriptors, then the driver and device rings. */
#define AVAIL_OFF 1024u
#define USED_OFF  2048u
_Static_assert(sizeof(struct vq_desc) * QSIZE <= AVAIL_OFF, "desc");
_Static_assert(AVAIL_OFF + sizeof(struct vq_avail) <= USED_OFF, "avail");
_Static_assert(USED_OFF + sizeof(struct vq_used) <= PAGE_SIZE, "used");

struct vblk {
	struct blkdev dev;
	volatile uint32_t *regs;
	struct spinlock lock; /* "virtio-blk" */
	uint16_t qsize;
	uint16_t free_head, nfree; /* free descriptors, chained by next */
	uint16_t avail_idx;	   /* next avail->idx we publish */
	uint16_t used_seen;	   /* used entries consumed */
	volatile struct vq_desc *desc;
	volatile struct vq_avail *avail;
	volatile struct vq_used *used;
	/* Per head descriptor: the request, its header and status byte (in
	 * the second page, which the device reads and writes). */
	struct blk_req *reqs[QSIZE];
	struct blk_hdr *hdrs;
	volatile uint8_t *status;
	struct waitq free_wq; /* "virtio-blk-free": descriptors freed */
	uint64_t irqs;
};

static inline volatile uint32_t *reg(struct vblk *v, unsigned off)
{
	return v->regs + off / 4;
}

static uint32_t rd(struct vblk *v, unsigned off)
{
	return mmio_read32(reg(v, off));
}

static void wr(struct vblk *v, unsigned off, uint32_t val)
{
	mmio_write32(reg(v, off), val);
}

static void wr64(struct vblk *v, unsigned off, uint64_t val)
{
	wr(v, off, (uint32_t)val);
	wr(v, off + 4, (uint32_t)(val >> 32));
}

/* Caller holds v->lock: takes n chained descriptors; the head. */
static uint16_t desc_take(struct vblk *v, unsigned n)
{
	uint16_t head = v->free_head, d = head;
	for (unsigned i = 1; i < n; i++)
		d = v->desc[d].next;
	v->free_head = v->desc[d].next;
	v->nfree = (uint16_t)(v->nfree - n);
	return head;
}

/* Caller holds v->lock: gives the chain at head back; false when the
 * chain is broken (a device bug: the descriptors are leaked). */
static bool desc_give(struct vblk *v, uint16_t head)
{
	uint16_t d = head;
	unsigned n = 1;
	while (v->desc[d].flags & DESC_F_NEXT) {
		d = v->desc[d].next;
		if (d >= v->qsize || ++n > v->qsize)
			return false;
	}
	v->desc[d].next = v->free_head;
	v->desc[d].flags = 0;
	v->free_head = head;
	v->nfree = (uint16_t)(v->nfree + n);
	return true;
}

static void desc_set(struct vblk *v, uint16_t d, const void *p, uint32_t len,
		     uint16_t flags)
{
	v->desc[d].addr = virt_to_phys(p);
	v->desc[d].len = len;
	v->desc[d].flags = flags;
}

static err_t vblk_submit(struct blkdev *dev, struct blk_req *r)
{
	struct vblk *v = dev->priv;
	unsigned n = r->op == BLK_FLUSH ? 2 : 2 + (r->nsegs ? r->nsegs : 1);
	spin_lock(&v->lock);
	while (v->nfree < n) {
		spin_unlock(&v->lock);
		WAIT_EVENT(&v->free_wq,
			   __atomic_load_n(&v->nfree, __ATOMIC_ACQUIRE) >= n);
		spin_lock(&v->lock);
	}
	uint16_t head = desc_take(v, n);
	struct blk_hdr *h = &v->hdrs[head];
	h->type = r->op == BLK_READ    ? BLK_T_IN
		  : r->op == BLK_WRITE ? BLK_T_OUT
				       : BLK_T_FLUSH;
	h->reserved = 0;
	h->sector = r->op == BLK_FLUSH ? 0 : r->sector;
	v->status[head] = 0xff;
	v->reqs[head] = r;
	uint16_t d = head;
	desc_set(v, d, h, sizeof(*h), DESC_F_NEXT);
	d = v->desc[d].next;
	uint16_t dflags = DESC_F_NEXT | (r->op == BLK_READ ? DESC_F_WRITE : 0);
	if (r->op != BLK_FLUSH && !r->nsegs) {
		desc_set(v, d, r->buf, r->count * BLK_SECTOR, dflags);
		d = v->desc[d].next;
	}
	for (uint32_t i = 0; r->op != BLK_FLUSH && i < r->nsegs; i++) {
		desc_set(v, d, r->segs[i].buf, r->segs[i].len, dflags);
		d = v->desc[d].next;
	}
	desc_set(v, d, (const void *)&v->status[head], 1, DESC_F_WRITE);
	v->avail->ring[v->avail_idx % v->qsize] = head;
	mmio_mb(); /* the entry before the index */
	v->avail_idx++;
	v->avail->idx = v->avail_idx;
	wr(v, VM_QUEUE_NOTIFY, 0); /* orders the index before itself */
	spin_unlock(&v->lock);
	return ERR_OK;
}

/* Interrupt: collects finished requests under the lock, completes them
 * after. */
static void vblk_irq(void *arg)
{
	struct vblk *v = arg;
	struct blk_req *done[QSIZE];
	err_t st[QSIZE];
	unsigned nd = 0;
	spin_lock(&v->lock);
	v->irqs++;
	wr(v, VM_INT_ACK, rd(v, VM_INT_STATUS) & 3u);
	for (;;) {
		uint16_t idx = v->used->idx;
		mmio_mb(); /* the index before the entries it covers */
		if (idx == v->used_seen || nd == QSIZE)
			break;
		uint32_t id = v->used->ring[v->used_seen % v->qsize].id;
		v->used_seen++;
		struct blk_req *r = id < v->qsize ? v->reqs[id] : NULL;
		if (!r) {
			log_error("virtio-blk",
				  "%s: device returned bad "
				  "descriptor %u",
				  v->dev.name, id);
			continue;
		}
		v->reqs[id] = NULL;
		st[nd] = v->status[id] == 0 ? ERR_OK : ERR_IO;
		done[nd++] = r;
		if (!desc_give(v, (uint16_t)id))
			log_error("virtio-blk", "%s: broken chain at %u",
				  v->dev.name, id);
	}
	spin_unlock(&v->lock);
	for (unsigned i = 0; i < nd; i++)
		blkdev_complete(done[i], st[i]);
	if (nd)
		waitq_wake_all(&v->free_wq);
}

static const struct blkdev_ops vblk_ops = {.submit = vblk_submit};

/* Feature negotiation (virtio 1.1, 3.1.1).  ERR_UNSUPPORTED without
 * VERSION_1. */
static err_t negotiate(struct vblk *v)
{
	wr(v, VM_DEV_FEAT_SEL, 0);
	uint32_t lo = rd(v, VM_DEV_FEAT);
	wr(v, VM_DEV_FEAT_SEL, 1);
	uint32_t hi = rd(v, VM_DEV_FEAT);
	uint64_t offered = (uint64_t)hi << 32 | lo;
	if (!(offered & (1ULL << F_VERSION_1)))
		return ERR_UNSUPPORTED;
	uint64_t want = offered & ((1ULL << F_VERSION_1) |
				   (1ULL << F_BLK_FLUSH) | (1ULL << F_BLK_RO));
	wr(v, VM_DRV_FEAT_SEL, 0);
	wr(v, VM_DRV_FEAT, (uint32_t)want);
	wr(v, VM_DRV_FEAT_SEL, 1);
	wr(v, VM_DRV_FEAT, (uint32_t)(want >> 32));
	wr(v, VM_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
	if (!(rd(v, VM_STATUS) & ST_FEATURES_OK))
		return ERR_UNSUPPORTED;
	v->dev.readonly = want & (1ULL << F_BLK_RO);
	v->dev.can_flush = want & (1ULL << F_BLK_FLUSH);
	return ERR_OK;
}

/* The capacity in sectors, read consistently (config generation). */
static uint64_t capacity(struct vblk *v)
{
	uint32_t gen, lo, hi;
	do {
		gen = rd(v, VM_CONFIG_GEN);
		lo = rd(v, VM_CONFIG);
		hi = rd(v, VM_CONFIG + 4);
	} while (gen != rd(v, VM_CONFIG_GEN));
	return (uint64_t)hi << 32 | lo;
}

/* Queue 0: rings in one zeroed page, headers and status in another. */
static err_t setup_queue(struct vblk *v)
{
	wr(v, VM_QUEUE_SEL, 0);
	if (rd(v, VM_QUEUE_READY))
		return ERR_BUSY;
	uint32_t max = rd(v, VM_QUEUE_NUM_MAX);
	if (max < 4)
		return ERR_UNSUPPORTED;
	v->qsize = (uint16_t)(max < QSIZE ? max : QSIZE);
	uint64_t rings, meta;
	if (pmm_alloc(0, PMM_ZERO, &rings))
		return ERR_NOMEM;
	if (pmm_alloc(0, PMM_ZERO, &meta)) {
		pmm_free(rings, 0);
		return ERR_NOMEM;
	}
	uint8_t *p = phys_to_virt(rings);
	v->desc = (volatile struct vq_desc *)p;
	v->avail = (volatile struct vq_avail *)(p + AVAIL_OFF);
	v->used = (volatile struct vq_used *)(p + USED_OFF);
	v->hdrs = phys_to_virt(meta);
	v->status = (volatile uint8_t *)phys_to_virt(meta) +
		    QSIZE * sizeof(struct blk_hdr);
	for (uint16_t i = 0; i < v->qsize; i++)
		v->desc[i].next = (uint16_t)(i + 1);
	v->free_head = 0;
	v->nfree = v->qsize;
	wr(v, VM_QUEUE_NUM, v->qsize);
	wr64(v, VM_QUEUE_DESC, rings);
	wr64(v, VM_QUEUE_DRIVER, rings + AVAIL_OFF);
	wr64(v, VM_QUEUE_DEVICE, rings + USED_OFF);
	wr(v, VM_QUEUE_READY, 1);
	return ERR_OK;
}

/* Brings up the device at regs; ERR_NOTFOUND when it is not a block
 * device (an empty slot has device id 0). */
static err_t vblk_init(struct vblk *v, unsigned irq, unsigned index)
{
	if (rd(v, VM_MAGIC) != VIRTIO_MAGIC || rd(v, VM_DEVICE_ID) == 0)
		return ERR_NOTFOUND;
	if (rd(v, VM_DEVICE_ID) != VIRTIO_ID_BLOCK)
		return ERR_NOTFOUND;
	if (rd(v, VM_VERSION) != 2) {
		log_warn("virtio-blk",
			 "legacy virtio-mmio (version %u) not "
			 "supported: run QEMU with -global "
			 "virtio-mmio.force-legacy=false",
			 rd(v, VM_VERSION));
		return ERR_UNSUPPORTED;
	}
	spin_init(&v->lock, "virtio-blk");
	waitq_init(&v->free_wq, "virtio-blk-free");
	wr(v, VM_STATUS, 0); /* reset */
	wr(v, VM_STATUS, ST_ACKNOWLEDGE);
	wr(v, VM_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	err_t e = negotiate(v);
	if (!e)
		e = setup_queue(v);
	if (e) {
		wr(v, VM_STATUS, ST_FAILED);
		return e;
	}
	v->dev.sectors = capacity(v);
	v->dev.max_sectors = MAX_REQ_SECTORS;
	v->dev.max_segs = v->qsize - 2u;
	v->dev.ops = &vblk_ops;
	v->dev.priv = v;
	v->dev.name[0] = 'v';
	v->dev.name[1] = 'd';
	v->dev.name[2] = (char)('a' + index);
	wr(v, VM_STATUS,
	   ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
	/* Without an interrupt nothing would ever complete. */
	if (!irq || irq_register(irq, vblk_irq, v)) {
		wr(v, VM_STATUS, 0); /* reset: the device forgets the queue */
		return ERR_NOTFOUND;
	}
	return blkdev_register(&v->dev);
}

err_t virtio_blk_attach(volatile uint8_t *regs, unsigned irq)
{
	struct vblk *v = kzalloc(sizeof(*v));
	if (!v)
		return ERR_NOMEM;
	v->regs = (volatile uint32_t *)regs;
	err_t e = vblk_init(v, irq, blkdev_count());
	if (e) {
		kfree(v);
		return e;
	}
	log_info("virtio-blk", "%s: %llu sectors (%llu MiB)%s%s, irq %u",
		 v->dev.name, (unsigned long long)v->dev.sectors,
		 (unsigned long long)(v->dev.sectors >> 11),
		 v->dev.readonly ? ", read-only" : "",
		 v->dev.can_flush ? ", write cache" : "", irq);
	return ERR_OK;
}
