/*
 * kernel/mm/slab.c - size classes and slabs (see slab.h).
 */
#include "kernel/mm/slab.h"

#define POISON64  0x6b6b6b6b6b6b6b6bull
#define REDZONE64 0xbbbbbbbbbbbbbbbbull

const uint16_t slab_class_sizes[SLAB_NR_CLASSES] = {
	16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048,
};

/* Index (size + 15) / 16 -> smallest class holding size; entry 0 (size 0)
 * maps to the 16-byte class.  Built by hand: 14 classes, 129 entries. */
#define R16(c) c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c
const uint8_t slab_class_of_table[SLAB_MAX_SIZE / 16 + 1] = {
	0,	 0,	  1, 2, 3,	    /* 0, 16, 32, 48, 64 */
	4,	 4,			    /* 80, 96 */
	5,	 5,			    /* 112, 128 */
	6,	 6,	  6, 6,		    /* ..192 */
	7,	 7,	  7, 7,		    /* ..256 */
	8,	 8,	  8, 8, 8, 8, 8, 8, /* ..384 */
	9,	 9,	  9, 9, 9, 9, 9, 9, /* ..512 */
	R16(10),			    /* ..768 */
	R16(11),			    /* ..1024 */
	R16(12), R16(12),		    /* ..1536 */
	R16(13), R16(13),		    /* ..2048 */
};
_Static_assert(sizeof(slab_class_of_table) == SLAB_MAX_SIZE / 16 + 1,
	       "class table size");

static void slist_add(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void slist_del(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

void slab_heap_init(struct slab_heap *h, const struct slab_ops *ops, bool debug)
{
	h->ops = *ops;
	h->debug = debug;
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++) {
		struct slab_class *k = &h->cls[c];
		k->size = slab_class_sizes[c];
		k->slot = k->size + (debug ? SLAB_DBG_HDR + SLAB_DBG_TAIL : 0);
		k->partial = k->full = NULL;
		k->nr_slabs = k->nr_empty = 0;
	}
}

/* Slots of class k in a slab (page-boundary ones included). */
static uint32_t slots_of(const struct slab_class *k)
{
	return (SLAB_BYTES - SLAB_HEADER) / k->slot;
}

/* Slot i of s. */
static char *slot_at(const struct slab_class *k, struct slab *s, uint32_t i)
{
	return (char *)s + SLAB_HEADER + (size_t)i * k->slot;
}

/* Whether slot i is usable: its payload does not start a page. */
static bool usable(const struct slab_heap *h, const struct slab_class *k,
		   struct slab *s, uint32_t i)
{
	return ((uintptr_t)slab_payload(h, slot_at(k, s, i)) & 4095) != 0;
}

/* The first usable slot index at or after i (slots_of(k): none). */
static uint32_t next_usable(const struct slab_heap *h,
			    const struct slab_class *k, struct slab *s,
			    uint32_t i)
{
	while (i < slots_of(k) && !usable(h, k, s, i))
		i++;
	return i;
}

/*
 * A new slab of class c on the partial list, all of its slots fresh:
 * nothing is done per slot here (building a free list of a 16-byte
 * class's ~1,000 slots was ~8,000 instructions, paid again whenever an
 * emptied slab had gone back and a new one was needed).
 */
static struct slab *new_slab(struct slab_heap *h, unsigned c)
{
	struct slab_class *k = &h->cls[c];
	char *mem = h->ops.alloc_slab(h->ops.ctx);
	if (!mem)
		return NULL;

	struct slab *s = (struct slab *)(void *)mem;
	s->magic = SLAB_MAGIC;
	s->cls = (uint8_t)c;
	s->on_full = 0;
	s->inuse = 0;
	s->free = NULL;
	/* At most one slot per page boundary is not usable. */
	uint32_t n = slots_of(k), skipped = 0;
	for (uint32_t pg = 4096; pg < SLAB_BYTES; pg += 4096) {
		uint32_t off = pg - SLAB_HEADER - (h->debug ? SLAB_DBG_HDR : 0);
		skipped += off % k->slot == 0 && off / k->slot < n;
	}
	s->total = (uint16_t)(n - skipped);
	s->fresh = (uint16_t)next_usable(h, k, s, 0);
	slist_add(&k->partial, s);
	k->nr_slabs++;
	k->nr_empty++;
	return s;
}

/* Hands out s's next fresh slot (there is one), set up as a free slot. */
static void *carve(struct slab_heap *h, struct slab_class *k, struct slab *s)
{
	char *slot = slot_at(k, s, s->fresh);
	s->fresh = (uint16_t)next_usable(h, k, s, s->fresh + 1u);
	if (h->debug)
		slab_dbg_init_slot(slot, k->size);
	return slot;
}

void *slab_take(struct slab_heap *h, unsigned c)
{
	struct slab_class *k = &h->cls[c];
	struct slab *s = k->partial;

	if (!s && !(s = new_slab(h, c)))
		return NULL;
	void *slot = s->free;
	if (slot)
		s->free = *slab_link(h, slot);
	else
		slot = carve(h, k, s);
	if (s->inuse++ == 0)
		k->nr_empty--;
	if (!s->free && s->fresh >= slots_of(k)) {
		slist_del(&k->partial, s);
		slist_add(&k->full, s);
		s->on_full = 1;
	}
	return slot;
}

static void release(struct slab_heap *h, struct slab_class *k, struct slab *s)
{
	slist_del(&k->partial, s);
	k->nr_slabs--;
	k->nr_empty--;
	s->magic = 0;
	h->ops.free_slab(h->ops.ctx, s);
}

void slab_put(struct slab_heap *h, void *slot)
{
	struct slab *s = slab_of(slot);
	struct slab_class *k = &h->cls[s->cls];

	*slab_link(h, slot) = s->free;
	s->free = slot;
	if (s->on_full) {
		slist_del(&k->full, s);
		slist_add(&k->partial, s);
		s->on_full = 0;
	}
	if (--s->inuse == 0) {
		k->nr_empty++;
		if (k->nr_empty > 1)
			release(h, k, s);
	}
}

uint64_t slab_trim(struct slab_heap *h)
{
	uint64_t freed = 0;
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++) {
		struct slab_class *k = &h->cls[c];
		struct slab *s = k->partial;
		while (s) {
			struct slab *next = s->next;
			if (s->inuse == 0) {
				release(h, k, s);
				freed++;
			}
			s = next;
		}
	}
	return freed;
}

int slab_validate(const struct slab_heap *h, const void *payload)
{
	const struct slab *s = slab_of(payload);
	if (s->magic != SLAB_MAGIC || s->cls >= SLAB_NR_CLASSES)
		return -1;
	const struct slab_class *k = &h->cls[s->cls];
	uintptr_t off = (uintptr_t)payload - (uintptr_t)s -
			(h->debug ? SLAB_DBG_HDR : 0);
	if (off < SLAB_HEADER || (off - SLAB_HEADER) % k->slot != 0 ||
	    (off - SLAB_HEADER) / k->slot >=
		    (SLAB_BYTES - SLAB_HEADER) / k->slot)
		return -1;
	return s->cls;
}

void slab_dbg_init_slot(void *slot, uint32_t csize)
{
	struct slab_dbg_hdr *hd = slot;
	uint64_t *w = (uint64_t *)(void *)((char *)slot + SLAB_DBG_HDR);

	hd->magic = SLAB_OBJ_FREE;
	hd->size = 0;
	hd->word = 0;
	for (uint32_t i = 0; i < csize / 8; i++)
		w[i] = POISON64;
	w[csize / 8] = REDZONE64;
	w[csize / 8 + 1] = REDZONE64;
}

const char *slab_dbg_alloc(void *slot, uint32_t csize, uint32_t size,
			   uintptr_t site)
{
	struct slab_dbg_hdr *hd = slot;
	char *payload = (char *)slot + SLAB_DBG_HDR;
	const uint64_t *w = (const uint64_t *)(void *)payload;

	if (hd->magic != SLAB_OBJ_FREE)
		return "free object header corrupted";
	for (uint32_t i = 0; i < csize / 8; i += 2)
		if ((w[i] ^ POISON64) | (w[i + 1] ^ POISON64))
			return "write after free";
	hd->magic = SLAB_OBJ_ALLOC;
	hd->size = size;
	hd->word = site;
	if (size < csize)
		memset(payload + size, SLAB_REDZONE, csize - size);
	return NULL;
}

const char *slab_dbg_free(void *slot, uint32_t csize)
{
	struct slab_dbg_hdr *hd = slot;
	char *payload = (char *)slot + SLAB_DBG_HDR;
	uint64_t *w = (uint64_t *)(void *)payload;

	if (hd->magic == SLAB_OBJ_FREE)
		return "double free";
	if (hd->magic != SLAB_OBJ_ALLOC || hd->size > csize)
		return "invalid free (object header corrupted)";
	if ((w[csize / 8] ^ REDZONE64) | (w[csize / 8 + 1] ^ REDZONE64))
		return "red zone overwritten (buffer overflow)";
	for (uint32_t i = hd->size; i < csize; i++)
		if ((uint8_t)payload[i] != SLAB_REDZONE)
			return "red zone overwritten (buffer overflow)";
	for (uint32_t i = 0; i < csize / 8; i += 2) {
		w[i] = POISON64;
		w[i + 1] = POISON64;
	}
	hd->magic = SLAB_OBJ_FREE;
	hd->word = 0;
	return NULL;
}
