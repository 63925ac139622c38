/*
 * kernel/mm/pmm.h - the physical frame allocator.
 *
 * A buddy allocator over the boot info's BOOT_MEM_USABLE regions (later
 * also the reclaimed loader memory) hands out naturally aligned blocks of
 * 2^order frames, order 0..PMM_MAX_ORDER.  Single frames go through a
 * per-hart cache that the owning hart uses with interrupts off and no lock;
 * the buddy lists behind it take the lock "pmm".
 *
 * Failure is always an error return (ERR_NOMEM), never a panic.
 */
#ifndef KERNEL_MM_PMM_H
#define KERNEL_MM_PMM_H

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "kernel/mm/phys.h"

#define PMM_MAX_ORDER 11 /* largest block: 2^11 frames = 8 MiB */
#define PMM_NR_ORDERS (PMM_MAX_ORDER + 1)

/* pmm_alloc() flags */
#define PMM_ZERO 1u /* fill the block with zeroes */

struct pmm_stats {
	uint64_t total_frames;	/* frames ever given to the allocator */
	uint64_t free_frames;	/* free, in the buddy lists or a hart cache */
	uint64_t cached_frames; /* part of free_frames held by hart caches */
	uint64_t free_blocks[PMM_NR_ORDERS]; /* buddy free blocks per order */
};

/*
 * Sets up the allocator from bi's memory map: every BOOT_MEM_USABLE region
 * becomes free memory, except the frames the allocator's own metadata
 * takes.  Called once on the boot hart before any other pmm_* call.
 * Errors: ERR_INVAL (bad boot info), ERR_NOMEM (no room for metadata).
 */
err_t pmm_init(const struct boot_info *bi);

/*
 * Gives the page-aligned physical range [base, base + size) to the
 * allocator (e.g. the loader's memory once no hart runs there).  The range
 * must lie inside the span seen by pmm_init and must not be free already.
 * Takes "pmm".  Errors: ERR_INVAL (unaligned), ERR_RANGE (outside the
 * span), ERR_EXISTS (part of it is already allocator memory).
 */
err_t pmm_add_range(uint64_t base, uint64_t size);

/*
 * Allocates 2^order contiguous frames aligned to their size; *phys gets the
 * physical address of the first.  flags: PMM_ZERO.  Order 0 is served by
 * this hart's cache when possible.  Any context.
 * Errors: ERR_INVAL (order > PMM_MAX_ORDER), ERR_NOMEM.
 */
err_t pmm_alloc(unsigned order, unsigned flags, uint64_t *phys);

/* Frees a block from pmm_alloc() with the same order.  Panics on a double
 * free or a block the allocator does not own (broken invariant). */
void pmm_free(uint64_t phys, unsigned order);

/* Single frame shortcuts (per-hart cache path). */
err_t pmm_alloc_frame(uint64_t *phys);
/*
 * pmm_free(phys, 0) through this hart's cache (lock "pmm" only when the
 * cache is full).  Panics on a double free or a frame pmm does not own.
 */
void pmm_free_frame(uint64_t phys);

/* Snapshot of the counters (cache counts of other harts read racily). */
void pmm_get_stats(struct pmm_stats *out);

/* Returns this hart's cached frames to the buddy lists. */
void pmm_drain_local(void);

/* Returns every hart's cached frames to the buddy lists (smp_call, waits).
 * Interrupts must be on or the caller must tolerate a synchronous IPI. */
void pmm_drain_all(void);

/*
 * Per-frame owner word for other memory-manager code (the heap records the
 * slab owning a frame).  pa must be an allocated frame of the allocator.
 */
void pmm_set_owner(uint64_t pa, uint32_t owner);
/*
 * The owner word pmm_set_owner stored for pa; 0 when pa is not managed.
 * Reads without "pmm": stable only while the caller owns the frame.
 */
uint32_t pmm_owner(uint64_t pa);

/* True when pa is a frame managed by the allocator (free or not). */
bool pmm_is_managed(uint64_t pa);

#endif /* KERNEL_MM_PMM_H */
