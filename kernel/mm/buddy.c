/*
 * kernel/mm/buddy.c - buddy block allocator (see buddy.h).
 */
#include "kernel/mm/buddy.h"

static void list_push(struct buddy *b, uint32_t idx, unsigned order)
{
	struct buddy_page *p = &b->pages[idx];
	uint32_t head = b->free_head[order];

	p->prev = BUDDY_NIL;
	p->next = head;
	if (head != BUDDY_NIL)
		b->pages[head].prev = idx;
	b->free_head[order] = idx;
	p->order = (uint8_t)order;
	p->state = BUDDY_FREE;
	b->free_blocks[order]++;
	b->free_frames += 1ull << order;
}

static void list_remove(struct buddy *b, uint32_t idx, unsigned order)
{
	struct buddy_page *p = &b->pages[idx];

	if (p->prev != BUDDY_NIL)
		b->pages[p->prev].next = p->next;
	else
		b->free_head[order] = p->next;
	if (p->next != BUDDY_NIL)
		b->pages[p->next].prev = p->prev;
	p->next = p->prev = BUDDY_NIL;
	p->state = BUDDY_TAIL;
	b->free_blocks[order]--;
	b->free_frames -= 1ull << order;
}

/* Sets every field of b except the descriptors. */
static void init_header(struct buddy *b, uint64_t base_pfn, uint64_t nframes,
			struct buddy_page *pages)
{
	b->base_pfn = base_pfn;
	b->nframes = nframes;
	b->pages = pages;
	for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++) {
		b->free_head[o] = BUDDY_NIL;
		b->free_blocks[o] = 0;
	}
	b->free_frames = 0;
	b->total_frames = 0;
}

/* A doubleword that may alias a descriptor (bulk stores below). */
typedef uint64_t __attribute__((may_alias)) buddy_word;

/*
 * Sets descriptors [from, to) to state with order 0 and owner 0, and with
 * no links when links is set.  The links matter only on free-list heads
 * (list_push writes them), so the boot-time fill leaves them alone.  The
 * descriptor is 8-byte aligned: one or two doubleword stores a frame, eight
 * frames a loop iteration (this runs once per frame of RAM at boot; field
 * by field it was six stores and most of the kernel's boot time).
 */
static void fill_pages(struct buddy_page *pages, uint64_t from, uint64_t to,
		       uint8_t state, bool links)
{
	const struct buddy_page t = {
		.next = BUDDY_NIL, .prev = BUDDY_NIL, .state = state};
	uint64_t w[2];
	__builtin_memcpy(w, &t, sizeof(t));
	const uint64_t w0 = w[0], w1 = w[1];
	buddy_word *p = (buddy_word *)(pages + from);
	buddy_word *end = (buddy_word *)(pages + to);

	if (links) {
		for (; p < end; p += 2) {
			p[0] = w0;
			p[1] = w1;
		}
		return;
	}
	while (end - p >= 16) {
		p[1] = w1;
		p[3] = w1;
		p[5] = w1;
		p[7] = w1;
		p[9] = w1;
		p[11] = w1;
		p[13] = w1;
		p[15] = w1;
		p += 16;
	}
	for (; p < end; p += 2)
		p[1] = w1;
}

err_t buddy_init(struct buddy *b, uint64_t base_pfn, uint64_t nframes,
		 struct buddy_page *pages)
{
	if (nframes == 0 || nframes >= BUDDY_NIL || !pages)
		return ERR_INVAL;
	init_header(b, base_pfn, nframes, pages);
	fill_pages(pages, 0, nframes, BUDDY_ABSENT, true);
	return ERR_OK;
}

/* Frees the block headed by span index idx (already marked ALLOC-free:
 * the caller validated it), merging with free buddies. */
static void free_block(struct buddy *b, uint64_t idx, unsigned order)
{
	uint64_t pfn = b->base_pfn + idx;

	while (order < BUDDY_MAX_ORDER) {
		uint64_t bpfn = pfn ^ (1ull << order);
		uint64_t bidx = bpfn - b->base_pfn;

		if (bidx >= b->nframes)
			break;
		struct buddy_page *bp = &b->pages[bidx];
		if (bp->state != BUDDY_FREE || bp->order != order)
			break;
		/* The buddy block must also lie wholly inside the span. */
		if (bidx + (1ull << order) > b->nframes)
			break;
		list_remove(b, (uint32_t)bidx, order);
		if (bpfn < pfn) {
			b->pages[pfn - b->base_pfn].state = BUDDY_TAIL;
			pfn = bpfn;
		}
		order++;
	}
	list_push(b, (uint32_t)(pfn - b->base_pfn), order);
}

/* Frees span indices [start, start + count), all TAIL and in no block,
 * as the largest aligned blocks that fit, merging with free neighbours. */
static void free_tails(struct buddy *b, uint64_t start, uint64_t count)
{
	uint64_t p = b->base_pfn + start, end = p + count;

	while (p < end) {
		unsigned order = 0;
		while (order < BUDDY_MAX_ORDER &&
		       (p & ((2ull << order) - 1)) == 0 &&
		       p + (2ull << order) <= end)
			order++;
		free_block(b, p - b->base_pfn, order);
		p += 1ull << order;
	}
}

/* free_tails for frames new to b. */
static void free_run(struct buddy *b, uint64_t start, uint64_t count)
{
	free_tails(b, start, count);
	b->total_frames += count;
}

err_t buddy_add(struct buddy *b, uint64_t pfn, uint64_t count)
{
	if (pfn < b->base_pfn || count > b->nframes ||
	    pfn - b->base_pfn > b->nframes - count)
		return ERR_RANGE;
	uint64_t start = pfn - b->base_pfn;
	for (uint64_t i = 0; i < count; i++)
		if (b->pages[start + i].state != BUDDY_ABSENT)
			return ERR_EXISTS;
	for (uint64_t i = 0; i < count; i++)
		b->pages[start + i].state = BUDDY_TAIL;
	free_run(b, start, count);
	return ERR_OK;
}

err_t buddy_init_ranges(struct buddy *b, uint64_t base_pfn, uint64_t nframes,
			struct buddy_page *pages,
			const struct buddy_range *ranges, size_t nranges)
{
	if (nframes == 0 || nframes >= BUDDY_NIL || !pages ||
	    (nranges != 0 && !ranges))
		return ERR_INVAL;
	init_header(b, base_pfn, nframes, pages);

	/* Validate first, so that an error leaves every frame ABSENT. */
	uint64_t cursor = 0; /* span index past the previous range */
	err_t err = ERR_OK;
	for (size_t i = 0; i < nranges && err == ERR_OK; i++) {
		uint64_t pfn = ranges[i].pfn, count = ranges[i].count;
		if (count == 0)
			continue;
		if (pfn < base_pfn || count > nframes ||
		    pfn - base_pfn > nframes - count)
			err = ERR_RANGE;
		else if (pfn - base_pfn < cursor)
			err = ERR_EXISTS;
		else
			cursor = pfn - base_pfn + count;
	}
	if (err != ERR_OK) {
		fill_pages(pages, 0, nframes, BUDDY_ABSENT, false);
		return err;
	}

	/* One pass over the descriptors: gaps ABSENT, ranges TAIL. */
	cursor = 0;
	for (size_t i = 0; i < nranges; i++) {
		uint64_t start = ranges[i].pfn - base_pfn,
			 count = ranges[i].count;
		if (count == 0)
			continue;
		fill_pages(pages, cursor, start, BUDDY_ABSENT, false);
		fill_pages(pages, start, start + count, BUDDY_TAIL, false);
		cursor = start + count;
	}
	fill_pages(pages, cursor, nframes, BUDDY_ABSENT, false);

	/* Then the blocks: a few list pushes per range and per block. */
	for (size_t i = 0; i < nranges; i++)
		if (ranges[i].count != 0)
			free_run(b, ranges[i].pfn - base_pfn, ranges[i].count);
	return ERR_OK;
}

err_t buddy_alloc(struct buddy *b, unsigned order, uint64_t *pfn)
{
	if (order > BUDDY_MAX_ORDER)
		return ERR_INVAL;
	unsigned o = order;
	while (o <= BUDDY_MAX_ORDER && b->free_head[o] == BUDDY_NIL)
		o++;
	if (o > BUDDY_MAX_ORDER)
		return ERR_NOMEM;

	uint32_t idx = b->free_head[o];
	list_remove(b, idx, o);
	/* Split, giving back the upper halves. */
	while (o > order) {
		o--;
		list_push(b, idx + (1u << o), o);
	}
	struct buddy_page *p = &b->pages[idx];
	p->state = BUDDY_ALLOC;
	p->order = (uint8_t)order;
	p->owner = 0;
	*pfn = b->base_pfn + idx;
	return ERR_OK;
}

size_t buddy_alloc_frames(struct buddy *b, uint64_t *pfns, size_t n)
{
	size_t got = 0;
	while (got < n) {
		unsigned o = 0;
		while (o <= BUDDY_MAX_ORDER && b->free_head[o] == BUDDY_NIL)
			o++;
		if (o > BUDDY_MAX_ORDER)
			break;
		uint32_t idx = b->free_head[o];
		list_remove(b, idx, o);
		/* The upper halves go back while the block is more than the
		 * frames still wanted. */
		while (o && (1ull << (o - 1)) >= n - got) {
			o--;
			list_push(b, idx + (1u << o), o);
		}
		uint64_t cnt = MIN(1ull << o, (uint64_t)(n - got));
		for (uint64_t k = 0; k < cnt; k++) {
			struct buddy_page *p = &b->pages[idx + k];
			p->state = BUDDY_ALLOC;
			p->order = 0;
			p->owner = 0;
			pfns[got++] = b->base_pfn + idx + k;
		}
		/* Frames of the block beyond those wanted (n - got not a
		 * power of two) go back as the largest blocks they make. */
		if (cnt < (1ull << o))
			free_tails(b, idx + cnt, (1ull << o) - cnt);
	}
	return got;
}

err_t buddy_free(struct buddy *b, uint64_t pfn, unsigned order)
{
	uint64_t idx = pfn - b->base_pfn;

	if (order > BUDDY_MAX_ORDER || idx >= b->nframes ||
	    (pfn & ((1ull << order) - 1)) != 0)
		return ERR_INVAL;
	struct buddy_page *p = &b->pages[idx];
	if (p->state != BUDDY_ALLOC || p->order != order)
		return ERR_INVAL;
	p->state = BUDDY_TAIL;
	p->owner = 0;
	free_block(b, idx, order);
	return ERR_OK;
}

bool buddy_check(const struct buddy *b)
{
	uint64_t frames = 0;

	for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++) {
		uint64_t n = 0;
		uint32_t prev = BUDDY_NIL;
		for (uint32_t i = b->free_head[o]; i != BUDDY_NIL;
		     i = b->pages[i].next) {
			if (i >= b->nframes || n > b->nframes)
				return false;
			const struct buddy_page *p = &b->pages[i];
			uint64_t pfn = b->base_pfn + i;
			if (p->state != BUDDY_FREE || p->order != o ||
			    p->prev != prev || (pfn & ((1ull << o) - 1)) ||
			    i + (1ull << o) > b->nframes)
				return false;
			/* Everything inside must be a tail. */
			for (uint64_t k = 1; k < (1ull << o); k++)
				if (b->pages[i + k].state != BUDDY_TAIL)
					return false;
			/* A free buddy of the same order should have merged. */
			if (o < BUDDY_MAX_ORDER) {
				uint64_t bi = (pfn ^ (1ull << o)) - b->base_pfn;
				if (bi < b->nframes &&
				    bi + (1ull << o) <= b->nframes &&
				    b->pages[bi].state == BUDDY_FREE &&
				    b->pages[bi].order == o)
					return false;
			}
			prev = i;
			n++;
		}
		if (n != b->free_blocks[o])
			return false;
		frames += n << o;
	}
	if (frames != b->free_frames)
		return false;
	/* Every FREE head must be on its list: count heads. */
	uint64_t heads = 0, listed = 0;
	for (uint64_t i = 0; i < b->nframes; i++)
		if (b->pages[i].state == BUDDY_FREE)
			heads++;
	for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++)
		listed += b->free_blocks[o];
	return heads == listed;
}
