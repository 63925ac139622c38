/*
 * kernel/mm/buddy.h - the buddy block allocator behind the pmm.
 *
 * Pure bookkeeping over a span of frame numbers: it never touches the
 * frames themselves, only an array of descriptors (one per frame of the
 * span), so it runs unchanged in the kernel and in host unit tests.
 * Not synchronised: the caller holds its lock.
 *
 * Descriptor states keep one invariant: a frame is BUDDY_ABSENT (not
 * allocator memory), the head of a free block (BUDDY_FREE, with its order),
 * the head of an allocated block (BUDDY_ALLOC, with its order), or inside
 * a block that some other frame heads (BUDDY_TAIL).  Frees check it, so a
 * double free or a wrong order is caught instead of corrupting the lists.
 */
#ifndef KERNEL_MM_BUDDY_H
#define KERNEL_MM_BUDDY_H

#include "base/types.h"

#define BUDDY_MAX_ORDER 11
#define BUDDY_NR_ORDERS (BUDDY_MAX_ORDER + 1)
#define BUDDY_NIL	0xffffffffu

enum buddy_state {
	BUDDY_ABSENT = 0,
	BUDDY_FREE = 1,
	BUDDY_ALLOC = 2,
	BUDDY_TAIL = 3,
};

/* 8-byte aligned so that bulk initialisation writes two words a frame. */
struct buddy_page {
	uint32_t next, prev; /* free list links (span indices); only
			      * meaningful on a FREE head */
	uint8_t order;	     /* block order when FREE or ALLOC head */
	uint8_t state;	     /* enum buddy_state */
	uint16_t pad;
	uint32_t owner; /* free for the user of the block */
} __attribute__((aligned(8)));
_Static_assert(sizeof(struct buddy_page) == 16, "buddy_page: two words");

struct buddy {
	uint64_t base_pfn; /* first frame number of the span */
	uint64_t nframes;  /* frames in the span */
	struct buddy_page *pages;
	uint32_t free_head[BUDDY_NR_ORDERS];
	uint64_t free_blocks[BUDDY_NR_ORDERS];
	uint64_t free_frames;  /* frames in free blocks */
	uint64_t total_frames; /* frames ever added */
};

/* Bytes of descriptor array needed for a span of nframes. */
static inline size_t buddy_meta_size(uint64_t nframes)
{
	return (size_t)nframes * sizeof(struct buddy_page);
}

/*
 * Prepares b for frames [base_pfn, base_pfn + nframes) with the descriptor
 * array pages (buddy_meta_size bytes, contents ignored); every frame starts
 * ABSENT.  Errors: ERR_INVAL (nframes 0 or >= BUDDY_NIL).
 */
err_t buddy_init(struct buddy *b, uint64_t base_pfn, uint64_t nframes,
		 struct buddy_page *pages);

/*
 * Adds frames [pfn, pfn + count) as free memory, coalescing with free
 * neighbours.  Errors: ERR_RANGE (outside the span), ERR_EXISTS (some frame
 * is already present); nothing is changed on error.
 */
err_t buddy_add(struct buddy *b, uint64_t pfn, uint64_t count);

/* A run of frames [pfn, pfn + count) for buddy_init_ranges. */
struct buddy_range {
	uint64_t pfn;
	uint64_t count;
};

/*
 * buddy_init followed by buddy_add of every range, in one pass over the
 * descriptor array (one doubleword of each descriptor is written: the
 * links are left as they are until the frame heads a free block) plus O(ranges
 * x orders + free blocks) list work: what the pmm does at boot.  The ranges
 * must be sorted by pfn and disjoint (touching is fine) and lie inside the
 * span; empty ranges are ignored.  Errors: ERR_INVAL as buddy_init,
 * ERR_RANGE (a range outside the span), ERR_EXISTS (ranges overlap or are
 * out of order); on error b is left as buddy_init leaves it (nothing free).
 */
err_t buddy_init_ranges(struct buddy *b, uint64_t base_pfn, uint64_t nframes,
			struct buddy_page *pages,
			const struct buddy_range *ranges, size_t nranges);

/* Allocates a block of 2^order frames aligned to its size.
 * Errors: ERR_INVAL (order too big), ERR_NOMEM. */
err_t buddy_alloc(struct buddy *b, unsigned order, uint64_t *pfn);

/*
 * Allocates up to n single frames (each one order-0 block, freed alone
 * with buddy_free) into pfns, taken a block at a time: the smallest free
 * block, split only down to what is still wanted (a refill of the pmm's
 * per-hart cache: one list removal for a run of frames, not one split per
 * frame).  Returns how many it allocated (fewer: no free frame left).
 */
size_t buddy_alloc_frames(struct buddy *b, uint64_t *pfns, size_t n);

/* Frees a block; ERR_INVAL when pfn does not head an allocated block of
 * that order (double free, wrong order, foreign frame). */
err_t buddy_free(struct buddy *b, uint64_t pfn, unsigned order);

/* Descriptor of pfn or NULL outside the span. */
static inline struct buddy_page *buddy_page(struct buddy *b, uint64_t pfn)
{
	uint64_t i = pfn - b->base_pfn;
	return i < b->nframes ? &b->pages[i] : NULL;
}

/* Checks every invariant (lists, states, counts); false on corruption.
 * O(span); for tests. */
bool buddy_check(const struct buddy *b);

#endif /* KERNEL_MM_BUDDY_H */
