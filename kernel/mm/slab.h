/*
 * kernel/mm/slab.h - size classes and slabs for the kernel heap.
 *
 * Pure bookkeeping, shared by the kernel heap (kmalloc.c) and the host unit
 * tests: memory for slabs comes from the caller's ops, and nothing here
 * locks (the heap holds a lock per class around slab_take/slab_put).
 *
 * A slab is SLAB_BYTES of memory aligned to SLAB_BYTES: a struct slab
 * header, then equal slots, handed out from the slab's free list (slots
 * given back) first, else carved from its fresh part (never used).  A slot's
 * payload never starts on a page boundary (such slots are skipped), so the heap
 * tells small objects from page-aligned large allocations by the pointer alone.
 *
 * Debug layout (heap->debug): slot = 16-byte header (state magic,
 * requested size, allocation site or free link) + payload of the class
 * size + 16-byte red zone.  Free payloads are poisoned; the slab_dbg_*
 * checks find double frees, overruns and writes after free.
 */
#ifndef KERNEL_MM_SLAB_H
#define KERNEL_MM_SLAB_H

#include "base/types.h"
#include <string.h>

#define SLAB_BYTES	16384u
#define SLAB_HEADER	64u
#define SLAB_NR_CLASSES 14
#define SLAB_MAX_SIZE	2048u
#define SLAB_DBG_HDR	16u
#define SLAB_DBG_TAIL	16u

#define SLAB_MAGIC     0x51ab51abu
#define SLAB_OBJ_ALLOC 0xa110c8edu
#define SLAB_OBJ_FREE  0xf3eef3eeu
#define SLAB_POISON    0x6bu
#define SLAB_REDZONE   0xbbu

struct slab {
	uint32_t magic;	 /* SLAB_MAGIC */
	uint8_t cls;	 /* size class index */
	uint8_t on_full; /* on the class's full list */
	uint16_t inuse;	 /* slots handed out (not free, not fresh) */
	uint16_t total;	 /* usable slots */
	/* Index of the first slot never handed out: slots from there on are
	 * fresh, on no list and not set up (slab_take carves them in order,
	 * so a new slab costs nothing per slot until used). */
	uint16_t fresh;
	void *free; /* first free slot (given back) */
	struct slab *next, *prev;
};

struct slab_class {
	uint32_t size;	      /* payload bytes */
	uint32_t slot;	      /* bytes per slot (with debug header/tail) */
	struct slab *partial; /* slabs with free slots */
	struct slab *full;    /* slabs without */
	uint64_t nr_slabs;
	uint64_t nr_empty; /* slabs on partial with inuse == 0 */
};

struct slab_ops {
	/* SLAB_BYTES bytes aligned to SLAB_BYTES, or NULL. */
	void *(*alloc_slab)(void *ctx);
	void (*free_slab)(void *ctx, void *mem);
	void *ctx;
};

struct slab_heap {
	struct slab_class cls[SLAB_NR_CLASSES];
	struct slab_ops ops;
	bool debug;
};

/* Size (1..SLAB_MAX_SIZE) -> class index, via a table of 129 entries. */
extern const uint8_t slab_class_of_table[SLAB_MAX_SIZE / 16 + 1];
extern const uint16_t slab_class_sizes[SLAB_NR_CLASSES];

static inline unsigned slab_class_of(size_t size)
{
	return slab_class_of_table[(size + 15) >> 4];
}

/* Sets up the classes; debug selects the checked layout. */
void slab_heap_init(struct slab_heap *h, const struct slab_ops *ops,
		    bool debug);

/* Payload of a slot and back. */
static inline void *slab_payload(const struct slab_heap *h, void *slot)
{
	return (char *)slot + (h->debug ? SLAB_DBG_HDR : 0);
}
static inline void *slab_slot_of(const struct slab_heap *h, void *payload)
{
	return (char *)payload - (h->debug ? SLAB_DBG_HDR : 0);
}
static inline struct slab *slab_of(const void *p)
{
	return (struct slab *)((uintptr_t)p & ~(uintptr_t)(SLAB_BYTES - 1));
}

/* Free-list link word of a free slot. */
static inline void **slab_link(const struct slab_heap *h, void *slot)
{
	return (void **)((char *)slot + (h->debug ? 8 : 0));
}

/*
 * Takes one free slot of class c (from a partial slab, or a new slab from
 * ops); NULL when out of memory.  The slot is still in its free state
 * (debug: poisoned, magic FREE): run slab_dbg_alloc before use.
 */
void *slab_take(struct slab_heap *h, unsigned c);

/*
 * Gives a slot back to its slab (the slot must be in its free state:
 * debug callers ran slab_dbg_free).  A slab that becomes empty is kept if
 * it is the class's only empty one, else returned through ops.
 */
void slab_put(struct slab_heap *h, void *slot);

/* Returns every empty slab of every class through ops; slabs freed. */
uint64_t slab_trim(struct slab_heap *h);

/* Sanity of a pointer claimed to be a payload: its slab's magic, class and
 * slot alignment.  Returns the class or -1. */
int slab_validate(const struct slab_heap *h, const void *payload);

/* Debug object header. */
struct slab_dbg_hdr {
	uint32_t magic;
	uint32_t size;	/* requested bytes */
	uintptr_t word; /* allocation site when allocated, link when free */
};

/* Marks a new free slot: header FREE, payload poisoned, red zone set. */
void slab_dbg_init_slot(void *slot, uint32_t csize);

/*
 * Checks a free slot about to be handed out and marks it allocated for
 * size bytes from site.  Returns NULL, or what is wrong ("write after
 * free", "free object header corrupted").
 */
const char *slab_dbg_alloc(void *slot, uint32_t csize, uint32_t size,
			   uintptr_t site);

/*
 * Checks an allocated slot being freed and poisons it.  Returns NULL, or
 * "double free", "invalid free (header corrupted)", "red zone overwritten
 * (buffer overflow)".  On error the slot is left untouched.
 */
const char *slab_dbg_free(void *slot, uint32_t csize);

#endif /* KERNEL_MM_SLAB_H */
