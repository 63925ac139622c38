/*
 * kernel/mm/kmalloc.c - the kernel heap: size classes over slabs
 * (slab.c) with per-hart object caches, and frame-backed large blocks.
 *
 * Hart i's cache (kheap_caches[i]) is used by hart i with interrupts off,
 * or by a kheap_trim() call running on hart i; no lock.  Each class's slabs
 * are behind kheap_locks[class] ("kheap-class"), taken only to refill or
 * spill a cache.  Lock order: kheap-class before pmm.
 */
#include "kernel/mm/kmalloc.h"

#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/log.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/slab.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

struct kheap_cache {
	void *head[SLAB_NR_CLASSES]; /* free slots, linked via slab_link */
	uint16_t count[SLAB_NR_CLASSES];
	int64_t small_allocs; /* this hart's allocations minus its frees */
	int64_t small_bytes;
	int64_t large_allocs;
	int64_t large_frames;
} __attribute__((aligned(64)));

static struct slab_heap kheap; /* cls[c]: lock kheap_locks[c] */
static struct spinlock kheap_locks[SLAB_NR_CLASSES];
static struct kheap_cache kheap_caches[BOOT_MAX_HARTS];

/* Cache depth per class: deeper for small objects. */
static uint16_t cache_max(unsigned c)
{
	return slab_class_sizes[c] <= 256 ? 32 : slab_class_sizes[c] <= 1024 ? 16 : 8;
}

static void *slab_mem_alloc(void *ctx)
{
	(void)ctx;
	uint64_t pa;
	_Static_assert(SLAB_BYTES == PAGE_SIZE << 2, "slab = order 2");
	if (pmm_alloc(2, 0, &pa) != ERR_OK)
		return NULL;
	return phys_to_virt(pa);
}

static void slab_mem_free(void *ctx, void *mem)
{
	(void)ctx;
	pmm_free(virt_to_phys(mem), 2);
}

err_t kheap_init(void)
{
	static const struct slab_ops ops = {slab_mem_alloc, slab_mem_free, NULL};

	/* Slabs and large blocks are aligned in the physmap only if the
	 * physmap itself is aligned that much. */
	if (!IS_ALIGNED(kmm_physmap_base, PAGE_SIZE << PMM_MAX_ORDER))
		return ERR_UNSUPPORTED;
	slab_heap_init(&kheap, &ops, KMM_DEBUG != 0);
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++)
		spin_init(&kheap_locks[c], "kheap-class");
	log_info("kheap", "%u size classes up to %u bytes%s", SLAB_NR_CLASSES,
		 SLAB_MAX_SIZE, KMM_DEBUG ? ", debug checks on" : "");
	return ERR_OK;
}

_Noreturn static void heap_corrupt(const char *what, const void *obj,
				   unsigned c)
{
	uintptr_t site = 0;
	uint32_t size = 0;
	if (KMM_DEBUG && c < SLAB_NR_CLASSES) {
		const struct slab_dbg_hdr *hd =
			(const void *)((const char *)obj - SLAB_DBG_HDR);
		site = hd->word;
		size = hd->size;
	}
	panic("kheap: %s: object %p (class %u bytes, requested %u, "
	      "allocated at %#lx)", what, obj,
	      c < SLAB_NR_CLASSES ? slab_class_sizes[c] : 0, size,
	      (unsigned long)site);
}

/* Refills class c of hart cache k (interrupts off); NULL when out of
 * memory. */
static void *cache_refill(struct kheap_cache *k, unsigned c)
{
	unsigned want = cache_max(c) / 2;
	spin_lock(&kheap_locks[c]);
	while (k->count[c] < want) {
		void *slot = slab_take(&kheap, c);
		if (!slot)
			break;
		*slab_link(&kheap, slot) = k->head[c];
		k->head[c] = slot;
		k->count[c]++;
	}
	spin_unlock(&kheap_locks[c]);
	return k->head[c];
}

/* Returns all but keep objects of class c to their slabs. */
static void cache_spill(struct kheap_cache *k, unsigned c, unsigned keep)
{
	spin_lock(&kheap_locks[c]);
	while (k->count[c] > keep) {
		void *slot = k->head[c];
		k->head[c] = *slab_link(&kheap, slot);
		k->count[c]--;
		slab_put(&kheap, slot);
	}
	spin_unlock(&kheap_locks[c]);
}

static void *large_alloc(size_t size, size_t align)
{
	size_t bytes = MAX(size, align);
	if (bytes > (PAGE_SIZE << PMM_MAX_ORDER))
		return NULL;
	unsigned order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	uint64_t pa;
	if (pmm_alloc(order, 0, &pa) != ERR_OK)
		return NULL;
	pmm_set_owner(pa, PMM_OWNER_LARGE | order);
	bool on = arch_irq_save();
	struct kheap_cache *k = &kheap_caches[hart_self()->index];
	k->large_allocs++;
	k->large_frames += 1 << order;
	if (on)
		arch_irq_enable();
	return phys_to_virt(pa);
}

static unsigned large_order(const void *p)
{
	if (!virt_in_physmap(p))
		panic("kfree: %p is not a heap pointer", p);
	uintptr_t owner = pmm_owner(virt_to_phys(p));
	if ((owner & PMM_OWNER_LARGE_MASK) != PMM_OWNER_LARGE)
		panic("kfree: %p is not an allocated large block (double "
		      "free?)", p);
	return owner & 0xff;
}

static void large_free(void *p)
{
	unsigned order = large_order(p);
	uint64_t pa = virt_to_phys(p);
	pmm_set_owner(pa, PMM_OWNER_NONE);
	pmm_free(pa, order);
	bool on = arch_irq_save();
	struct kheap_cache *k = &kheap_caches[hart_self()->index];
	k->large_allocs--;
	k->large_frames -= 1 << order;
	if (on)
		arch_irq_enable();
}

void *kmalloc(size_t size)
{
	if (__builtin_expect(size > SLAB_MAX_SIZE, 0))
		return large_alloc(size, PAGE_SIZE);
	unsigned c = slab_class_of(size);
	bool on = arch_irq_save();
	struct kheap_cache *k = &kheap_caches[hart_self()->index];
	void *slot = k->head[c];
	if (__builtin_expect(!slot, 0) && !(slot = cache_refill(k, c))) {
		if (on)
			arch_irq_enable();
		return NULL;
	}
	k->head[c] = *slab_link(&kheap, slot);
	k->count[c]--;
	k->small_allocs++;
	k->small_bytes += slab_class_sizes[c];
	if (on)
		arch_irq_enable();
#if KMM_DEBUG
	const char *e = slab_dbg_alloc(slot, slab_class_sizes[c], (uint32_t)size,
				       (uintptr_t)__builtin_return_address(0));
	if (e)
		heap_corrupt(e, (char *)slot + SLAB_DBG_HDR, c);
	return (char *)slot + SLAB_DBG_HDR;
#else
	return slot;
#endif
}

void kfree(void *p)
{
	if (!p)
		return;
	if (__builtin_expect(((uintptr_t)p & PAGE_MASK) == 0, 0)) {
		large_free(p);
		return;
	}
#if KMM_DEBUG
	if (!virt_in_physmap(p))
		panic("kfree: %p is not a heap pointer", p);
	int cls = slab_validate(&kheap, p);
	if (cls < 0)
		panic("kfree: %p is not a heap object", p);
	unsigned c = (unsigned)cls;
	void *slot = (char *)p - SLAB_DBG_HDR;
	const char *e = slab_dbg_free(slot, slab_class_sizes[c]);
	if (e)
		heap_corrupt(e, p, c);
#else
	unsigned c = slab_of(p)->cls;
	void *slot = p;
#endif
	bool on = arch_irq_save();
	struct kheap_cache *k = &kheap_caches[hart_self()->index];
	*slab_link(&kheap, slot) = k->head[c];
	k->head[c] = slot;
	k->small_allocs--;
	k->small_bytes -= slab_class_sizes[c];
	if (__builtin_expect(++k->count[c] > cache_max(c), 0))
		cache_spill(k, c, cache_max(c) / 2);
	if (on)
		arch_irq_enable();
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void *kmalloc_aligned(size_t size, size_t align)
{
	if (align == 0 || (align & (align - 1)) || align > (1u << 20))
		return NULL;
	if (align <= KMALLOC_MIN_ALIGN)
		return kmalloc(size);
	return large_alloc(size ? size : 1, align);
}

size_t kmalloc_usable_size(const void *p)
{
	if (!p)
		return 0;
	if (((uintptr_t)p & PAGE_MASK) == 0)
		return PAGE_SIZE << large_order(p);
#if KMM_DEBUG
	/* Only the requested bytes: the rest of the slot is red zone. */
	return ((const struct slab_dbg_hdr *)(const void *)((const char *)p -
							    SLAB_DBG_HDR))
		->size;
#else
	return slab_class_sizes[slab_of(p)->cls];
#endif
}

void *krealloc(void *p, size_t size)
{
	if (!p)
		return kmalloc(size);
	size_t old = kmalloc_usable_size(p);
	if (size <= old && !KMM_DEBUG)
		return p;
	void *q = kmalloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, MIN(old, size));
	kfree(p);
	return q;
}

void kheap_get_stats(struct kheap_stats *out)
{
	int64_t sa = 0, sb = 0, la = 0, lf = 0;
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++) {
		const struct kheap_cache *k = &kheap_caches[i];
		sa += __atomic_load_n(&k->small_allocs, __ATOMIC_RELAXED);
		sb += __atomic_load_n(&k->small_bytes, __ATOMIC_RELAXED);
		la += __atomic_load_n(&k->large_allocs, __ATOMIC_RELAXED);
		lf += __atomic_load_n(&k->large_frames, __ATOMIC_RELAXED);
	}
	out->small_allocs = (uint64_t)sa;
	out->small_bytes = (uint64_t)sb;
	out->large_allocs = (uint64_t)la;
	out->large_frames = (uint64_t)lf;
	uint64_t slabs = 0;
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++) {
		spin_lock(&kheap_locks[c]);
		slabs += kheap.cls[c].nr_slabs;
		spin_unlock(&kheap_locks[c]);
	}
	out->slab_frames = slabs * (SLAB_BYTES / PAGE_SIZE);
}

static void trim_call(void *arg)
{
	(void)arg;
	bool on = arch_irq_save();
	struct kheap_cache *k = &kheap_caches[hart_self()->index];
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++)
		if (k->count[c])
			cache_spill(k, c, 0);
	if (on)
		arch_irq_enable();
}

void kheap_trim(void)
{
	smp_call(smp_online_mask(), trim_call, NULL, true);
	/* slab_trim walks every class; take all class locks in order. */
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++)
		spin_lock(&kheap_locks[c]);
	slab_trim(&kheap);
	for (unsigned c = SLAB_NR_CLASSES; c-- > 0;)
		spin_unlock(&kheap_locks[c]);
}
