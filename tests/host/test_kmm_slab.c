/*
 * tests/host/test_kmm_slab.c - size classes, slabs and the debug checks
 * (double free, overruns, writes after free) of the kernel heap.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/slab.h"
#include "test_kmm_common.h"

static unsigned slabs_alloced, slabs_freed, fail_after = ~0u;

static void *host_alloc_slab(void *ctx)
{
	(void)ctx;
	if (slabs_alloced - slabs_freed >= fail_after)
		return NULL;
	void *p = aligned_alloc(SLAB_BYTES, SLAB_BYTES);
	if (p)
		slabs_alloced++;
	return p;
}

static void host_free_slab(void *ctx, void *mem)
{
	(void)ctx;
	slabs_freed++;
	free(mem);
}

static const struct slab_ops ops = {host_alloc_slab, host_free_slab, NULL};

/* kmalloc/kfree as the kernel does them, minus the per-hart caches. */
static void *xalloc(struct slab_heap *h, size_t size, const char **err)
{
	unsigned c = slab_class_of(size);
	void *slot = slab_take(h, c);
	*err = NULL;
	if (!slot)
		return NULL;
	if (h->debug)
		*err = slab_dbg_alloc(slot, h->cls[c].size, (uint32_t)size,
				      0x1234);
	return slab_payload(h, slot);
}

static const char *xfree(struct slab_heap *h, void *p)
{
	int c = slab_validate(h, p);
	if (c < 0)
		return "invalid pointer";
	void *slot = slab_slot_of(h, p);
	if (h->debug) {
		const char *e = slab_dbg_free(slot, h->cls[c].size);
		if (e)
			return e;
	}
	slab_put(h, slot);
	return NULL;
}

static void test_classes(void)
{
	unsigned bad = 0;
	for (size_t s = 0; s <= SLAB_MAX_SIZE; s++) {
		unsigned c = slab_class_of(s);
		if (c >= SLAB_NR_CLASSES || slab_class_sizes[c] < s ||
		    (c > 0 && slab_class_sizes[c - 1] >= s && s > 16))
			bad++;
	}
	CHECK(bad == 0, "%u sizes map to a wrong class", bad);
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++)
		CHECK(slab_class_sizes[c] % 16 == 0, "class %u aligned", c);
}

static void stress(bool debug)
{
	enum { N = 3000 };
	struct slab_heap h;
	static void *obj[N];
	static size_t len[N];
	unsigned bad = 0, errs = 0;

	slabs_alloced = slabs_freed = 0;
	slab_heap_init(&h, &ops, debug);
	memset(obj, 0, sizeof(obj));
	for (unsigned it = 0; it < 40000; it++) {
		unsigned i = kt_rand() % N;
		if (obj[i]) {
			const uint8_t *p = obj[i];
			for (size_t k = 0; k < len[i]; k++)
				if (p[k] != (uint8_t)(i + k))
					bad++;
			if (xfree(&h, obj[i]))
				errs++;
			obj[i] = NULL;
		} else {
			size_t sz = kt_rand() % 3
					    ? kt_rand() % 200 + 1
					    : kt_rand() % SLAB_MAX_SIZE + 1;
			const char *e;
			uint8_t *p = xalloc(&h, sz, &e);
			if (!p || e) {
				errs++;
				continue;
			}
			if (((uintptr_t)p & 15) || ((uintptr_t)p & 4095) == 0)
				bad++;
			for (size_t k = 0; k < sz; k++)
				p[k] = (uint8_t)(i + k);
			obj[i] = p;
			len[i] = sz;
		}
	}
	CHECK(bad == 0, "debug=%d: %u corrupted or misaligned", debug, bad);
	CHECK(errs == 0, "debug=%d: %u errors", debug, errs);
	for (unsigned i = 0; i < N; i++)
		if (obj[i])
			CHECK(xfree(&h, obj[i]) == NULL, "final free");
	uint64_t kept = 0;
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++) {
		CHECK(h.cls[c].nr_empty <= 1, "class %u keeps %llu empty slabs",
		      c, (unsigned long long)h.cls[c].nr_empty);
		CHECK(h.cls[c].nr_slabs == h.cls[c].nr_empty, "class %u in use",
		      c);
		kept += h.cls[c].nr_slabs;
	}
	CHECK(slab_trim(&h) == kept, "trim frees the kept empties");
	CHECK(slabs_alloced == slabs_freed && slabs_alloced > 0,
	      "debug=%d: slabs %u allocated, %u freed", debug, slabs_alloced,
	      slabs_freed);
}

static void test_debug_checks(void)
{
	struct slab_heap h;
	const char *e;
	slab_heap_init(&h, &ops, true);

	/* Double free. */
	char *p = xalloc(&h, 64, &e);
	CHECK(p && !e, "alloc");
	CHECK(xfree(&h, p) == NULL, "free");
	e = xfree(&h, p);
	CHECK(e && strcmp(e, "double free") == 0, "double free: %s",
	      e ? e : "-");

	/* Overrun inside the class (request 40 of 48). */
	p = xalloc(&h, 40, &e);
	p[40] = 1;
	e = xfree(&h, p);
	CHECK(e && strstr(e, "red zone"), "overrun in class: %s", e ? e : "-");
	p[40] = (char)SLAB_REDZONE;
	CHECK(xfree(&h, p) == NULL, "repaired object frees");

	/* Overrun past the class into the tail red zone. */
	p = xalloc(&h, 64, &e);
	p[64 + 3] = 0;
	e = xfree(&h, p);
	CHECK(e && strstr(e, "red zone"), "tail overrun: %s", e ? e : "-");
	p[64 + 3] = (char)SLAB_REDZONE;
	CHECK(xfree(&h, p) == NULL, "repaired");

	/* Write after free, found when the slot is handed out again. */
	p = xalloc(&h, 128, &e);
	CHECK(xfree(&h, p) == NULL, "free");
	p[17] = 0; /* ASan does not see this: the slab is still allocated */
	unsigned c = slab_class_of(128);
	void *slot = slab_take(&h, c);
	CHECK(slab_payload(&h, slot) == p, "LIFO reuse of the slot");
	e = slab_dbg_alloc(slot, h.cls[c].size, 128, 0);
	CHECK(e && strcmp(e, "write after free") == 0, "uaf: %s", e ? e : "-");

	/* Foreign pointers. */
	CHECK(slab_validate(&h, p + 8) < 0, "misaligned pointer rejected");

	/* Header corruption. */
	char *q = xalloc(&h, 16, &e);
	((struct slab_dbg_hdr *)(void *)(q - SLAB_DBG_HDR))->magic = 0;
	e = xfree(&h, q);
	CHECK(e && strstr(e, "invalid free"), "corrupt header: %s",
	      e ? e : "-");

	/* Repair and give everything back. */
	((struct slab_dbg_hdr *)(void *)(q - SLAB_DBG_HDR))->magic =
		SLAB_OBJ_ALLOC;
	CHECK(xfree(&h, q) == NULL, "repaired header frees");
	memset(p, SLAB_POISON, 128);
	slab_put(&h, slot);
	slab_trim(&h);
	for (unsigned k = 0; k < SLAB_NR_CLASSES; k++)
		CHECK(h.cls[k].nr_slabs == 0, "class %u empty", k);
}

static void test_oom(void)
{
	struct slab_heap h;
	const char *e;
	slabs_alloced = slabs_freed = 0;
	fail_after = 2;
	slab_heap_init(&h, &ops, false);
	void *list[2000];
	unsigned n = 0;
	while (n < 2000 && (list[n] = xalloc(&h, 2048, &e)) != NULL)
		n++;
	CHECK(n == 2 * ((SLAB_BYTES - SLAB_HEADER) / 2048) - 0 ||
		      n < 2 * ((SLAB_BYTES - SLAB_HEADER) / 2048),
	      "bounded: %u", n);
	CHECK(n > 0 && n < 2000, "out of memory reported as NULL (%u)", n);
	for (unsigned i = 0; i < n; i++)
		xfree(&h, list[i]);
	slab_trim(&h);
	CHECK(slabs_alloced == slabs_freed, "all returned");
	fail_after = ~0u;
}

/* A byte pattern a new slab's memory starts with (host_alloc_slab_marked). */
#define FRESH_MARK 0x5a

static void *host_alloc_slab_marked(void *ctx)
{
	void *p = host_alloc_slab(ctx);
	if (p)
		memset(p, FRESH_MARK, SLAB_BYTES);
	return p;
}

static const struct slab_ops marked_ops = {host_alloc_slab_marked,
					   host_free_slab, NULL};

/*
 * A new slab hands out each usable slot once, in ascending order, from
 * its fresh part without having touched the slots before (a new slab
 * used to write a free link into every slot up front), and takes a slot
 * given back before a fresh one; `total` counts the usable slots.
 */
static void test_fresh_slots(bool debug)
{
	for (unsigned c = 0; c < SLAB_NR_CLASSES; c++) {
		struct slab_heap h;
		slabs_alloced = slabs_freed = 0;
		slab_heap_init(&h, &marked_ops, debug);
		char *first = slab_take(&h, c);
		CHECK(first != NULL, "class %u: a slot", c);
		struct slab *s = slab_of(first);
		uint32_t slot = h.cls[c].slot, n = 0, untouched = 0;
		/* Bytes past the first slot: never written yet. */
		for (char *q = first + slot; q < (char *)s + SLAB_BYTES; q++)
			untouched += (unsigned char)*q == FRESH_MARK;
		uint32_t left =
			(uint32_t)((char *)s + SLAB_BYTES - (first + slot));
		CHECK(untouched == left,
		      "class %u debug %d: %u of %u fresh bytes written", c,
		      debug, left - untouched, left);
		char *prev = first;
		unsigned order_bad = 0, page_starts = 0;
		n = 1;
		while (!s->on_full) {
			char *q = slab_take(&h, c);
			order_bad += q <= prev || slab_of(q) != s;
			page_starts +=
				((uintptr_t)slab_payload(&h, q) & 4095) == 0;
			prev = q;
			n++;
		}
		CHECK(order_bad == 0 && page_starts == 0,
		      "class %u: %u out of order, %u page-aligned", c,
		      order_bad, page_starts);
		CHECK(n == s->total, "class %u debug %d: %u slots, total %u", c,
		      debug, n, s->total);
		CHECK(s->inuse == n, "class %u: inuse %u", c, s->inuse);
		/* Given back, it comes out again before anything new. */
		slab_put(&h, prev);
		CHECK(!s->on_full, "class %u: partial again", c);
		CHECK(slab_take(&h, c) == prev, "class %u: the freed slot", c);
		char *other = slab_take(&h, c);
		CHECK(other && slab_of(other) != s, "class %u: a second slab",
		      c);
		/* Everything back (slots still in their free state). */
		slab_put(&h, other);
		for (uint32_t i = 0; i < SLAB_BYTES / slot + 1; i++) {
			char *q = (char *)s + SLAB_HEADER + (size_t)i * slot;
			if (q + slot <= (char *)s + SLAB_BYTES &&
			    ((uintptr_t)slab_payload(&h, q) & 4095) != 0)
				slab_put(&h, q);
		}
		slab_trim(&h);
		CHECK(slabs_alloced == slabs_freed, "class %u: all returned",
		      c);
	}
}

int main(void)
{
	test_fresh_slots(false);
	test_fresh_slots(true);
	test_classes();
	stress(false);
	stress(true);
	test_debug_checks();
	test_oom();
	return kt_finish("slab");
}
