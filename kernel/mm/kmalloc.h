/*
 * kernel/mm/kmalloc.h - the kernel heap.
 *
 * Small objects (up to KMALLOC_MAX_SMALL bytes) come from size classes
 * carved out of slabs, with a per-hart free list per class used with
 * interrupts off and no lock; slabs sit behind the per-class lock
 * "kheap-class".  Larger requests take one buddy block from the pmm
 * (physically contiguous), and those above 8 MiB are mapped page by page
 * in the kernel's VM window (virtually contiguous only).
 * Every pointer returned is aligned to at least 16 bytes; all functions
 * may be called from any context, including with spinlocks held.
 *
 * With KMM_DEBUG (1 in the test kernel, 0 in the production kernel:
 * mk/kernel.mk) each object carries a header and a
 * red zone: freed memory is poisoned, and a double free, a free of a
 * foreign pointer, a write past the end, or a write after free panics with
 * the object's address, size class and allocation site.  The checks are on
 * at boot except when booting for benchmarks (`bench`), which measure the
 * production layout; kmm_debug=0 / kmm_debug=1 overrides.
 */
#ifndef KERNEL_MM_KMALLOC_H
#define KERNEL_MM_KMALLOC_H

#include "base/types.h"

#ifndef KMM_DEBUG
#error "KMM_DEBUG must be 0 or 1 (set by mk/kernel.mk)"
#endif

#define KMALLOC_MAX_SMALL 2048
#define KMALLOC_MIN_ALIGN 16
#define KMALLOC_MAX_ALIGN (1u << 20) /* kmalloc_aligned limit */

struct kheap_stats {
	uint64_t small_allocs; /* small objects currently allocated */
	uint64_t small_bytes;  /* class bytes of those objects */
	uint64_t large_allocs; /* large blocks currently allocated */
	uint64_t large_frames; /* frames they use */
	uint64_t slab_frames;  /* frames held by slabs */
};

/* Sets up the size classes; called once after pmm_init(). */
err_t kheap_init(void);

/* size bytes (size 0 gives a unique minimal object), or NULL. */
void *kmalloc(size_t size);
/* Same, zero-filled. */
void *kzalloc(size_t size);
/* size bytes aligned to align (a power of two up to 1 MiB), or NULL. */
void *kmalloc_aligned(size_t size, size_t align);
/* Resizes p (NULL acts as kmalloc); NULL on failure with p untouched. */
void *krealloc(void *p, size_t size);
/* Frees p from any of the above (NULL is ignored). */
void kfree(void *p);
/* Bytes usable at p (at least what was requested). */
size_t kmalloc_usable_size(const void *p);

/* True when the debug layout and checks are active: KMM_DEBUG builds,
 * unless booted with kmm_debug=0. */
bool kheap_debug_enabled(void);

/* Counters summed over all harts (racy snapshot). */
void kheap_get_stats(struct kheap_stats *out);

/*
 * Moves every hart's cached objects back to their slabs and returns empty
 * slabs to the pmm.  Uses smp_call (waits).
 */
void kheap_trim(void);

#endif /* KERNEL_MM_KMALLOC_H */
