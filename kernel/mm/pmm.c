/*
 * kernel/mm/pmm.c - physical frame allocator: a buddy allocator (buddy.c)
 * behind the lock "pmm", with a per-hart cache of single frames in front.
 *
 * The cache of hart i (pmm_caches[i]) is touched only by hart i with
 * interrupts off, or by pmm_drain_all() through a call that runs on hart i,
 * so it needs no lock.  A frame in a cache is BUDDY_ALLOC in the buddy
 * bookkeeping and carries the owner word PMM_OWNER_CACHED, which is how a
 * double free is caught on the fast path.
 */
#include "kernel/mm/pmm.h"

#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/log.h"
#include "kernel/mm/buddy.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

_Static_assert(PMM_MAX_ORDER == BUDDY_MAX_ORDER, "pmm/buddy orders");

#define PCACHE_MAX   63 /* the struct is 512 bytes: indexing is a shift */
#define PCACHE_BATCH 32

struct pmm_cache {
	uint64_t count;
	uint64_t frames[PCACHE_MAX];
} __attribute__((aligned(64)));
_Static_assert(sizeof(struct pmm_cache) == 512, "pmm_cache size");
_Static_assert(sizeof(struct buddy_page) == 16, "buddy_page size");

/* Write-once at pmm_init (boot hart, before SMP). */
uint64_t kmm_physmap_base;
uint64_t kmm_physmap_size;

static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");
static struct buddy pmm_buddy;			    /* lock: pmm_lock */
static struct pmm_cache pmm_caches[BOOT_MAX_HARTS]; /* owner hart only */
static bool pmm_ready; /* write-once in pmm_init, before SMP */

static inline struct buddy_page *page_of(uint64_t pa)
{
	return buddy_page(&pmm_buddy, pa >> PAGE_SHIFT);
}

static const char *kind_name(uint32_t kind)
{
	static const char *const names[] = {
		"?",	     "usable", "reserved", "loader",   "kernel",
		"pagetable", "fdt",    "initrd",   "bootinfo",
	};
	return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

err_t pmm_init(const struct boot_info *bi)
{
	if (!bi || bi->magic != BOOT_INFO_MAGIC ||
	    bi->version != BOOT_INFO_VERSION || bi->size != sizeof(*bi) ||
	    bi->mem_count == 0 || bi->mem_count > BOOT_MAX_REGIONS)
		return ERR_INVAL;
	kmm_physmap_base = bi->physmap_base;
	kmm_physmap_size = bi->physmap_size;

	/* The span: every RAM range that could ever be given to us. */
	uint64_t lo = UINT64_MAX, hi = 0;
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->kind == BOOT_MEM_RESERVED || r->size == 0)
			continue;
		if ((r->base | r->size) & PAGE_MASK ||
		    r->base + r->size < r->base)
			return ERR_INVAL;
		lo = MIN(lo, r->base);
		hi = MAX(hi, r->base + r->size);
	}
	if (lo >= hi || hi > kmm_physmap_size)
		return ERR_INVAL;
	uint64_t nframes = (hi - lo) >> PAGE_SHIFT;
	uint64_t meta = ALIGN_UP((uint64_t)buddy_meta_size(nframes), PAGE_SIZE);

	/* Carve the descriptor array from the top of the largest usable
	 * region that can hold it. */
	int pick = -1;
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->kind == BOOT_MEM_USABLE && r->size >= meta &&
		    (pick < 0 || r->size > bi->mem[pick].size))
			pick = (int)i;
	}
	if (pick < 0)
		return ERR_NOMEM;
	uint64_t meta_pa = bi->mem[pick].base + bi->mem[pick].size - meta;

	/* The usable ranges, sorted by address (the loader sorts them;
	 * insertion sort keeps this independent of it): the buddy
	 * allocator then writes each descriptor once. */
	struct buddy_range ranges[BOOT_MAX_REGIONS];
	size_t nranges = 0;
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		log_debug("pmm", "%#llx-%#llx %s", (unsigned long long)r->base,
			  (unsigned long long)(r->base + r->size),
			  kind_name(r->kind));
		if (r->kind != BOOT_MEM_USABLE)
			continue;
		uint64_t size = r->size;
		if ((int)i == pick)
			size -= meta;
		if (size == 0)
			continue;
		struct buddy_range nr = {r->base >> PAGE_SHIFT,
					 size >> PAGE_SHIFT};
		size_t j = nranges++;
		for (; j > 0 && ranges[j - 1].pfn > nr.pfn; j--)
			ranges[j] = ranges[j - 1];
		ranges[j] = nr;
	}
	err_t err = buddy_init_ranges(&pmm_buddy, lo >> PAGE_SHIFT, nframes,
				      phys_to_virt(meta_pa), ranges, nranges);
	if (err)
		return err; /* overlapping map entries */
	pmm_ready = true;
	log_info("pmm", "%llu MiB free in %llu frames (descriptors %llu KiB)",
		 (unsigned long long)(pmm_buddy.free_frames >> 8),
		 (unsigned long long)pmm_buddy.free_frames,
		 (unsigned long long)(meta >> 10));
	return ERR_OK;
}

err_t pmm_add_range(uint64_t base, uint64_t size)
{
	if ((base | size) & PAGE_MASK || !pmm_ready)
		return ERR_INVAL;
	if (size == 0)
		return ERR_OK;
	kmm_lock(&pmm_lock);
	err_t err =
		buddy_add(&pmm_buddy, base >> PAGE_SHIFT, size >> PAGE_SHIFT);
	spin_unlock(&pmm_lock);
	if (!err)
		log_info("pmm", "added %#llx-%#llx (%llu KiB)",
			 (unsigned long long)base,
			 (unsigned long long)(base + size),
			 (unsigned long long)(size >> 10));
	return err;
}

/* Refills c (this hart's, interrupts off) from the buddy lists; returns
 * false when the buddy allocator has no single frame left. */
static bool cache_refill(struct pmm_cache *c)
{
	kmm_lock(&pmm_lock);
	/* A run at a time (one split per run, not per frame: two refills a
	 * spawn of hello cost ~6 k instructions frame by frame). */
	uint64_t *f = &c->frames[c->count];
	size_t got = buddy_alloc_frames(&pmm_buddy, f, PCACHE_BATCH - c->count);
	for (size_t i = 0; i < got; i++) {
		pmm_buddy.pages[f[i] - pmm_buddy.base_pfn].owner =
			PMM_OWNER_CACHED;
		f[i] <<= PAGE_SHIFT;
	}
	c->count += got;
	spin_unlock(&pmm_lock);
	return c->count != 0;
}

/* Gives all but the newest keep frames of c back to the buddy lists
 * (interrupts off). */
static void cache_spill(struct pmm_cache *c, uint32_t keep)
{
	kmm_lock(&pmm_lock);
	uint64_t n = c->count - keep;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pfn = c->frames[i] >> PAGE_SHIFT;
		if (buddy_free(&pmm_buddy, pfn, 0) != ERR_OK)
			panic("pmm: cached frame %#llx not allocated",
			      (unsigned long long)c->frames[i]);
	}
	for (uint32_t i = 0; i < keep; i++)
		c->frames[i] = c->frames[n + i];
	c->count = keep;
	spin_unlock(&pmm_lock);
}

static inline struct pmm_cache *my_cache(void)
{
	return &pmm_caches[hart_self()->index];
}

/* The fast paths below make no calls, so they need no stack frame; the
 * rare cases tail-call these. */
__attribute__((noinline)) static err_t alloc_frame_slow(uint64_t *phys, bool on)
{
	struct pmm_cache *c = my_cache();
	err_t err = ERR_NOMEM;
	if (c->count || cache_refill(c)) {
		uint64_t pa = c->frames[--c->count];
		pmm_buddy.pages[(pa >> PAGE_SHIFT) - pmm_buddy.base_pfn].owner =
			PMM_OWNER_NONE;
		*phys = pa;
		err = ERR_OK;
	}
	if (on)
		arch_irq_enable();
	/* Out of frames: deferred kernel unmaps may hold some, if the
	 * caller can wait for them (vm_reclaim_lazy checks). */
	if (err && on && vm_reclaim_lazy())
		return pmm_alloc_frame(phys);
	return err;
}

err_t pmm_alloc_frame(uint64_t *phys)
{
	bool on = arch_irq_save();
	struct pmm_cache *c = my_cache();
	uint64_t n = c->count;
	if (__builtin_expect(n == 0, 0))
		return alloc_frame_slow(phys, on);
	uint64_t pa = c->frames[n - 1];
	c->count = n - 1;
	pmm_buddy.pages[(pa >> PAGE_SHIFT) - pmm_buddy.base_pfn].owner =
		PMM_OWNER_NONE;
	if (on)
		arch_irq_enable();
	*phys = pa;
	return ERR_OK;
}

_Noreturn __attribute__((noinline)) static void bad_frame_free(uint64_t pa)
{
	struct buddy_page *p = page_of(pa);
	panic("pmm: bad free of frame %#llx (%s)", (unsigned long long)pa,
	      !p || (pa & PAGE_MASK)	     ? "not a managed frame"
	      : p->owner == PMM_OWNER_CACHED ? "double free"
					     : "not an allocated frame");
}

__attribute__((noinline)) static void free_frame_slow(uint64_t pa, bool on)
{
	struct pmm_cache *c = my_cache();
	if (c->count == PCACHE_MAX)
		cache_spill(c, PCACHE_MAX - PCACHE_BATCH);
	c->frames[c->count++] = pa;
	if (on)
		arch_irq_enable();
}

void pmm_free_frame(uint64_t pa)
{
	uint64_t i = (pa >> PAGE_SHIFT) - pmm_buddy.base_pfn;
	if (__builtin_expect(i >= pmm_buddy.nframes || (pa & PAGE_MASK), 0))
		bad_frame_free(pa);
	struct buddy_page *p = &pmm_buddy.pages[i];
	/* State, order and owner catch double and foreign frees. */
	if (__builtin_expect(p->state != BUDDY_ALLOC || p->order != 0 ||
				     p->owner == PMM_OWNER_CACHED,
			     0))
		bad_frame_free(pa);
	p->owner = PMM_OWNER_CACHED;
	bool on = arch_irq_save();
	struct pmm_cache *c = my_cache();
	uint64_t n = c->count;
	if (__builtin_expect(n == PCACHE_MAX, 0))
		return free_frame_slow(pa, on);
	c->frames[n] = pa;
	c->count = n + 1;
	if (on)
		arch_irq_enable();
}

err_t pmm_alloc(unsigned order, unsigned flags, uint64_t *phys)
{
	err_t err;
	uint64_t pa;

	if (order > PMM_MAX_ORDER)
		return ERR_INVAL;
	if (order == 0) {
		err = pmm_alloc_frame(&pa);
	} else {
		uint64_t pfn;
		kmm_lock(&pmm_lock);
		err = buddy_alloc(&pmm_buddy, order, &pfn);
		spin_unlock(&pmm_lock);
		if (err == ERR_NOMEM) {
			/* This hart's cached frames may complete a block,
			 * and deferred kernel unmaps may hold frames. */
			vm_reclaim_lazy();
			pmm_drain_local();
			kmm_lock(&pmm_lock);
			err = buddy_alloc(&pmm_buddy, order, &pfn);
			spin_unlock(&pmm_lock);
		}
		pa = pfn << PAGE_SHIFT;
	}
	if (err)
		return err;
	if (flags & PMM_ZERO)
		kmm_zero(phys_to_virt(pa), PAGE_SIZE << order);
	*phys = pa;
	return ERR_OK;
}

void pmm_free(uint64_t pa, unsigned order)
{
	if (order == 0) {
		pmm_free_frame(pa);
		return;
	}
	kmm_lock(&pmm_lock);
	err_t err = buddy_free(&pmm_buddy, pa >> PAGE_SHIFT, order);
	spin_unlock(&pmm_lock);
	if (err)
		panic("pmm: bad free of %#llx order %u (double free or wrong "
		      "order)",
		      (unsigned long long)pa, order);
}

void pmm_get_stats(struct pmm_stats *out)
{
	memset(out, 0, sizeof(*out));
	uint64_t cached = 0;
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		cached +=
			__atomic_load_n(&pmm_caches[i].count, __ATOMIC_RELAXED);
	kmm_lock(&pmm_lock);
	out->total_frames = pmm_buddy.total_frames;
	out->free_frames = pmm_buddy.free_frames + cached;
	for (unsigned o = 0; o < PMM_NR_ORDERS; o++)
		out->free_blocks[o] = pmm_buddy.free_blocks[o];
	spin_unlock(&pmm_lock);
	out->cached_frames = cached;
}

void pmm_drain_local(void)
{
	bool on = arch_irq_save();
	struct pmm_cache *c = my_cache();
	if (c->count)
		cache_spill(c, 0);
	if (on)
		arch_irq_enable();
}

static void drain_call(void *arg)
{
	(void)arg;
	pmm_drain_local();
}

void pmm_drain_all(void)
{
	smp_call(smp_online_mask(), drain_call, NULL, true);
}

void pmm_set_owner(uint64_t pa, uint32_t owner)
{
	struct buddy_page *p = page_of(pa);
	assert(p && p->state != BUDDY_ABSENT);
	p->owner = owner;
}

uint32_t pmm_owner(uint64_t pa)
{
	struct buddy_page *p = page_of(pa);
	return p ? p->owner : 0;
}

bool pmm_is_managed(uint64_t pa)
{
	struct buddy_page *p = page_of(pa);
	return p && p->state != BUDDY_ABSENT;
}
