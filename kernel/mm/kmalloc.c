/*
 * kernel/mm/kmalloc.c - the kernel heap: size classes over slabs
 * (slab.c) with per-hart object caches, and frame-backed large blocks.
 *
 * Hart i's cache (kheap_caches[i]) is used by hart i with interrupts off,
 * or by a kheap_trim() call running on hart i; no lock.  Each class's slabs
 * are behind kheap_locks[class] ("kheap-class"), taken only to refill or
 * spill a cache.  Blocks beyond 8 MiB (or 64 KiB+ when no buddy block is
 * free) are mapped in the kernel's VM window.  Lock order: vm-space ->
 * kheap-class -> pmm; huge allocations take vm-space, so kmalloc of more
 * than 8 MiB must not be called with a vm-space lock held.
 */
#include "kernel/mm/kmalloc.h"

#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/bootargs.h"
#include "kernel/hart.h"
#include "kernel/log.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

struct kheap_cache {
	void *head[SLAB_NR_CLASSES]; /* free slots, linked via slab_link */
	uint32_t count[SLAB_NR_CLASSES];
	int64_t large_allocs; /* this hart's allocations minus its frees */
	int64_t large_frames;
} __attribute__((aligned(64)));

static struct slab_heap kheap; /* cls[c]: lock kheap_locks[c] */
static struct spinlock kheap_locks[SLAB_NR_CLASSES];	/* "kheap-class" */
static struct kheap_cache kheap_caches[BOOT_MAX_HARTS]; /* owner hart only */
/* Write-once in kheap_init: debug layout on, and the free-link offset. */
static bool kheap_debug;
static unsigned kheap_link_off;

/* Objects a hart keeps per class (at most 64 KiB for the largest). */
#define KCACHE_MAX 32u

static inline unsigned cache_max(unsigned c)
{
	(void)c;
	return KCACHE_MAX;
}

static inline void **link_of(void *slot)
{
	return (void **)((char *)slot + kheap_link_off);
}

static inline struct kheap_cache *my_cache(void)
{
	return &kheap_caches[hart_self()->index];
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
	static const struct slab_ops ops = {slab_mem_alloc, slab_mem_free,
					    NULL};

	/* Slabs and aligned large blocks keep their physical alignment in
	 * the physmap only if the physmap itself is aligned that much. */
	if (!IS_ALIGNED(kmm_physmap_base, KMALLOC_MAX_ALIGN))
		return ERR_UNSUPPORTED;
	/* Checks on by default, except for benchmark boots, which measure
	 * the production layout; kmm_debug=0/1 overrides either way. */
	bool debug = KMM_DEBUG != 0 && !bootarg_has("bench");
	uint64_t v;
	if (bootarg_get_u64("kmm_debug", &v) == ERR_OK) {
		if (KMM_DEBUG)
			debug = v != 0;
		else if (v)
			log_warn("kheap",
				 "kmm_debug=%llu: this kernel has no "
				 "debug heap (build/test/loader.elf "
				 "has one)",
				 (unsigned long long)v);
	}
	slab_heap_init(&kheap, &ops, debug);
	kheap_debug = debug;
	kheap_link_off = debug ? 8 : 0;
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++)
		spin_init(&kheap_locks[c], "kheap-class");
	log_info("kheap", "%u size classes up to %u bytes, debug checks %s",
		 SLAB_NR_CLASSES, SLAB_MAX_SIZE, debug ? "on" : "off");
	return ERR_OK;
}

#if KMM_DEBUG
/* Only the debug layout detects corruption (the production one has no
 * header or red zone to check). */
_Noreturn static void heap_corrupt(const char *what, const void *obj,
				   unsigned c)
{
	uintptr_t site = 0;
	uint32_t size = 0;
	if (kheap_debug && c < SLAB_NR_CLASSES) {
		const struct slab_dbg_hdr *hd =
			(const void *)((const char *)obj - SLAB_DBG_HDR);
		site = hd->word;
		size = hd->size;
	}
	panic("kheap: %s: object %p (class %u bytes, requested %u, "
	      "allocated at %#lx)",
	      what, obj, c < SLAB_NR_CLASSES ? slab_class_sizes[c] : 0, size,
	      (unsigned long)site);
}
#endif

/* Refills class c of hart cache k (interrupts off); NULL when out of
 * memory. */
static void *cache_refill(struct kheap_cache *k, unsigned c)
{
	unsigned want = cache_max(c) / 2;
	kmm_lock(&kheap_locks[c]);
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
	kmm_lock(&kheap_locks[c]);
	while (k->count[c] > keep) {
		void *slot = k->head[c];
		k->head[c] = *slab_link(&kheap, slot);
		k->count[c]--;
		slab_put(&kheap, slot);
	}
	spin_unlock(&kheap_locks[c]);
}

static void count_large(int64_t allocs, int64_t frames)
{
	bool on = arch_irq_save();
	struct kheap_cache *k = my_cache();
	k->large_allocs += allocs;
	k->large_frames += frames;
	if (on)
		arch_irq_enable();
}

/* Beyond what one buddy block holds (or when memory is too fragmented for
 * one), large blocks are mapped page by page in the kernel's window. */
static void *huge_alloc(size_t size)
{
	uint64_t va = 0;
	size_t bytes = ALIGN_UP(size, PAGE_SIZE);
	if (bytes < size ||
	    vm_map_anon(vm_kernel_space(), &va, bytes,
			VM_PROT_READ | VM_PROT_WRITE,
			VM_MAP_POPULATE | VM_MAP_ALIGN_2M) != ERR_OK)
		return NULL;
	count_large(1, (int64_t)(bytes / PAGE_SIZE));
	return (void *)(uintptr_t)va;
}

static void huge_free(void *p)
{
	uint64_t start, size;
	enum vm_kind kind;
	struct vm_space *ks = vm_kernel_space();
	if (vm_region_at(ks, (uint64_t)(uintptr_t)p, &start, &size, NULL,
			 &kind) != ERR_OK ||
	    start != (uint64_t)(uintptr_t)p || kind != VM_KIND_ANON)
		panic("kfree: %p is not a heap pointer", p);
	vm_unmap(ks, start, size);
	count_large(-1, -(int64_t)(size / PAGE_SIZE));
}

static void *large_alloc(size_t size, size_t align)
{
	size_t bytes = MAX(size, align);
	if (bytes > (PAGE_SIZE << PMM_MAX_ORDER))
		return align <= PAGE_SIZE ? huge_alloc(size) : NULL;
	unsigned order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	uint64_t pa;
	if (pmm_alloc(order, 0, &pa) != ERR_OK)
		return order >= 4 && align <= PAGE_SIZE ? huge_alloc(size)
							: NULL;
	pmm_set_owner(pa, PMM_OWNER_LARGE | order);
	count_large(1, 1 << order);
	return phys_to_virt(pa);
}

static unsigned large_order(const void *p)
{
	uint32_t owner = pmm_owner(virt_to_phys(p));
	if ((owner & PMM_OWNER_LARGE_MASK) != PMM_OWNER_LARGE)
		panic("kfree: %p is not an allocated large block (double "
		      "free?)",
		      p);
	return owner & 0xff;
}

static void large_free(void *p)
{
	if (!virt_in_physmap(p)) {
		huge_free(p);
		return;
	}
	unsigned order = large_order(p);
	uint64_t pa = virt_to_phys(p);
	pmm_set_owner(pa, PMM_OWNER_NONE);
	pmm_free(pa, order);
	count_large(-1, -(1 << order));
}

#if KMM_DEBUG
__attribute__((noinline)) static void *
alloc_checked(void *slot, unsigned c, size_t size, uintptr_t site)
{
	const char *e =
		slab_dbg_alloc(slot, slab_class_sizes[c], (uint32_t)size, site);
	if (e)
		heap_corrupt(e, (char *)slot + SLAB_DBG_HDR, c);
	return (char *)slot + SLAB_DBG_HDR;
}
#endif

/* Cache empty: refill it, then hand out one object. */
__attribute__((noinline)) static void *kmalloc_slow(size_t size, unsigned c,
						    bool on, uintptr_t site)
{
	struct kheap_cache *k = my_cache();
	void *slot = cache_refill(k, c);
	if (!slot && on) {
		/* Out of memory: deferred kernel unmaps may hold frames
		 * (purging needs interrupts on, see vm_reclaim_lazy). */
		arch_irq_enable();
		bool again = vm_reclaim_lazy();
		arch_irq_save();
		k = my_cache();
		slot = again ? cache_refill(k, c) : k->head[c];
	}
	if (slot) {
		k->head[c] = *link_of(slot);
		k->count[c]--;
	}
	if (on)
		arch_irq_enable();
	if (!slot)
		return NULL;
#if KMM_DEBUG
	if (kheap_debug)
		return alloc_checked(slot, c, size, site);
#endif
	return slot;
}

void *kmalloc(size_t size)
{
	if (__builtin_expect(size > SLAB_MAX_SIZE, 0))
		return large_alloc(size, PAGE_SIZE);
	unsigned c = slab_class_of(size);
	bool on = arch_irq_save();
	struct kheap_cache *k = my_cache();
	void *slot = k->head[c];
	if (__builtin_expect(!slot, 0))
		return kmalloc_slow(size, c, on,
				    (uintptr_t)__builtin_return_address(0));
	k->head[c] = *link_of(slot);
	k->count[c]--;
	if (on)
		arch_irq_enable();
#if KMM_DEBUG
	if (kheap_debug)
		return alloc_checked(slot, c, size,
				     (uintptr_t)__builtin_return_address(0));
#endif
	return slot;
}

/* Cache over its depth: spill half, with the object already pushed. */
__attribute__((noinline)) static void kfree_spill(unsigned c, bool on)
{
	cache_spill(my_cache(), c, cache_max(c) / 2);
	if (on)
		arch_irq_enable();
}

static inline void kfree_slot(void *slot, unsigned c)
{
	bool on = arch_irq_save();
	struct kheap_cache *k = my_cache();
	*link_of(slot) = k->head[c];
	k->head[c] = slot;
	if (__builtin_expect(++k->count[c] > cache_max(c), 0))
		return kfree_spill(c, on);
	if (on)
		arch_irq_enable();
}

#if KMM_DEBUG
__attribute__((noinline)) static void kfree_checked(void *p)
{
	if (!virt_in_physmap(p))
		panic("kfree: %p is not a heap pointer", p);
	int cls = slab_validate(&kheap, p);
	if (cls < 0)
		panic("kfree: %p is not a heap object", p);
	void *slot = (char *)p - SLAB_DBG_HDR;
	const char *e = slab_dbg_free(slot, slab_class_sizes[cls]);
	if (e)
		heap_corrupt(e, p, (unsigned)cls);
	kfree_slot(slot, (unsigned)cls);
}
#endif

void kfree(void *p)
{
	if (!p)
		return;
	if (__builtin_expect(((uintptr_t)p & PAGE_MASK) == 0, 0))
		return large_free(p);
#if KMM_DEBUG
	if (kheap_debug)
		return kfree_checked(p);
#endif
	kfree_slot(p, slab_of(p)->cls);
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
	if (align == 0 || (align & (align - 1)) || align > KMALLOC_MAX_ALIGN)
		return NULL;
	if (align <= KMALLOC_MIN_ALIGN)
		return kmalloc(size);
	return large_alloc(size ? size : 1, align);
}

size_t kmalloc_usable_size(const void *p)
{
	if (!p)
		return 0;
	if (((uintptr_t)p & PAGE_MASK) == 0) {
		uint64_t size;
		if (virt_in_physmap(p))
			return PAGE_SIZE << large_order(p);
		if (vm_region_at(vm_kernel_space(), (uint64_t)(uintptr_t)p,
				 NULL, &size, NULL, NULL) != ERR_OK)
			panic("kmalloc_usable_size: %p is not a heap pointer",
			      p);
		return size;
	}
	if (kheap_debug) /* only the requested bytes: the rest is red zone */
		return ((const struct slab_dbg_hdr
				 *)(const void *)((const char *)p -
						  SLAB_DBG_HDR))
			->size;
	return slab_class_sizes[slab_of(p)->cls];
}

void *krealloc(void *p, size_t size)
{
	if (!p)
		return kmalloc(size);
	size_t old = kmalloc_usable_size(p);
	if (size <= old && !kheap_debug)
		return p;
	void *q = kmalloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, MIN(old, size));
	kfree(p);
	return q;
}

bool kheap_debug_enabled(void)
{
	return kheap_debug;
}

void kheap_get_stats(struct kheap_stats *out)
{
	int64_t la = 0, lf = 0;
	int64_t cached[SLAB_NR_CLASSES] = {0};
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++) {
		const struct kheap_cache *k = &kheap_caches[i];
		la += __atomic_load_n(&k->large_allocs, __ATOMIC_RELAXED);
		lf += __atomic_load_n(&k->large_frames, __ATOMIC_RELAXED);
		for (unsigned c = 0; c < SLAB_NR_CLASSES; c++)
			cached[c] +=
				__atomic_load_n(&k->count[c], __ATOMIC_RELAXED);
	}
	out->large_allocs = (uint64_t)la;
	out->large_frames = (uint64_t)lf;
	/* Objects in use = slots taken from slabs - slots in hart caches. */
	uint64_t slabs = 0;
	int64_t objs = 0, bytes = 0;
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++) {
		int64_t taken = 0;
		kmm_lock(&kheap_locks[c]);
		slabs += kheap.cls[c].nr_slabs;
		for (const struct slab *sl = kheap.cls[c].partial; sl;
		     sl = sl->next)
			taken += sl->inuse;
		for (const struct slab *sl = kheap.cls[c].full; sl;
		     sl = sl->next)
			taken += sl->inuse;
		spin_unlock(&kheap_locks[c]);
		objs += taken - cached[c];
		bytes += (taken - cached[c]) * slab_class_sizes[c];
	}
	out->small_allocs = (uint64_t)objs;
	out->small_bytes = (uint64_t)bytes;
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
		kmm_lock(&kheap_locks[c]);
	slab_trim(&kheap);
	for (unsigned c = SLAB_NR_CLASSES; c-- > 0;)
		spin_unlock(&kheap_locks[c]);
}
