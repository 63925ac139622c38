/*
 * lib/memregion/memregion.h - physical memory region arithmetic.
 *
 * A struct memmap is a sorted list of disjoint, non-empty half-open ranges
 * [base, end), each with a kind (any uint32_t; the loader uses enum
 * boot_mem_kind).  Adjacent ranges of the same kind are always merged, so
 * the representation of a given map is unique.  Storage is an array the
 * caller provides; no allocation, no globals.
 *
 * Typical use (usable memory = RAM minus exclusions):
 *   memmap_set(m, ram...)        for each RAM range (any order, overlaps ok)
 *   memmap_retag(m, excl..., K)  for each exclusion: only where RAM exists
 *   memmap_alloc(m, ...)         carve allocations out of the usable kind
 */
#ifndef MEMREGION_MEMREGION_H
#define MEMREGION_MEMREGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"

struct memregion {
	uint64_t base;
	uint64_t end; /* exclusive; > base */
	uint32_t kind;
};

struct memmap {
	struct memregion *r;
	size_t count;
	size_t cap;
};

/* An empty map over storage[cap]. */
void memmap_init(struct memmap *m, struct memregion *storage, size_t cap);

/*
 * Afterwards [base, end) is one range of the given kind, whatever covered
 * it before (holes included).  base >= end is a no-op.  ERR_OVERFLOW when
 * the result would not fit in the storage; the map is then unchanged.
 */
err_t memmap_set(struct memmap *m, uint64_t base, uint64_t end, uint32_t kind);

/*
 * Changes the kind of the parts of [base, end) that the map already
 * covers; holes stay holes.  ERR_OVERFLOW when the storage is full; the
 * map may then be partly retagged, but is still valid.
 */
err_t memmap_retag(struct memmap *m, uint64_t base, uint64_t end,
		   uint32_t kind);

/* Like memmap_retag, but only parts that currently have kind from. */
err_t memmap_retag_kind(struct memmap *m, uint64_t base, uint64_t end,
			uint32_t from, uint32_t kind);

/* Removes [base, end) from the map (punches a hole). */
err_t memmap_remove(struct memmap *m, uint64_t base, uint64_t end);

/*
 * Finds the lowest address a, aligned to align (a power of two), such that
 * [a, a + size) lies inside one range of kind from, and retags it to kind
 * to.  ERR_NOMEM when nothing fits, ERR_OVERFLOW when the map is full,
 * ERR_INVAL for size 0 or a bad align.
 */
err_t memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
		   uint32_t from, uint32_t to, uint64_t *base);

/* Sum of the sizes of the ranges of the given kind. */
uint64_t memmap_total(const struct memmap *m, uint32_t kind);

/* The kind at address a; false when a is in a hole. */
bool memmap_kind_at(const struct memmap *m, uint64_t a, uint32_t *kind);

/* True when the map is sorted, disjoint, non-empty and merged. */
bool memmap_valid(const struct memmap *m);

/*
 * Shrinks [*base, *end) inwards to multiples of align (for RAM) or grows it
 * outwards (for exclusions; the end saturates at the highest aligned
 * address).  Inward may leave *base >= *end (nothing left).
 */
void memregion_align_in(uint64_t *base, uint64_t *end, uint64_t align);
/* The outward counterpart of memregion_align_in (see above). */
void memregion_align_out(uint64_t *base, uint64_t *end, uint64_t align);

/*
 * [base, base + size) as a half-open range, the end saturated at
 * UINT64_MAX when the sum overflows.
 */
uint64_t memregion_end(uint64_t base, uint64_t size);

#endif /* MEMREGION_MEMREGION_H */
