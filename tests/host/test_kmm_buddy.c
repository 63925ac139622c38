/*
 * tests/host/test_kmm_buddy.c - the pmm's buddy allocator on the host:
 * split/merge/coalesce, error paths, random stress against a reference.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/buddy.h"
#include "test_kmm_common.h"

static struct buddy_page *new_pages(uint64_t n)
{
	struct buddy_page *p = malloc(buddy_meta_size(n));
	if (!p)
		abort();
	memset(p, 0xa5, buddy_meta_size(n)); /* init must not rely on zero */
	return p;
}

static void test_basic(void)
{
	struct buddy b;
	struct buddy_page *pages = new_pages(4096);
	uint64_t pfn, a, c;

	CHECK(buddy_init(&b, 0x80000, 4096, pages) == ERR_OK, "init");
	CHECK(buddy_alloc(&b, 0, &pfn) == ERR_NOMEM, "empty allocator");
	CHECK(buddy_add(&b, 0x80000, 4096) == ERR_OK, "add");
	CHECK(b.free_frames == 4096 && b.total_frames == 4096, "counts");
	CHECK(b.free_blocks[BUDDY_MAX_ORDER] == 2, "two 8 MiB blocks: %llu",
	      (unsigned long long)b.free_blocks[BUDDY_MAX_ORDER]);
	CHECK(buddy_check(&b), "check after add");

	/* Split: one order-0 allocation splits a max block all the way. */
	CHECK(buddy_alloc(&b, 0, &pfn) == ERR_OK && (pfn & 2047) == 0, "first");
	for (unsigned o = 0; o < BUDDY_MAX_ORDER; o++)
		CHECK(b.free_blocks[o] == 1, "order %u has one block", o);
	CHECK(buddy_check(&b), "check after split");
	CHECK(buddy_alloc(&b, 0, &a) == ERR_OK && a == pfn + 1, "buddy");
	CHECK(buddy_alloc(&b, 3, &c) == ERR_OK && (c & 7) == 0, "order 3");
	CHECK(buddy_check(&b), "check");

	/* Error paths: double free, wrong order, tail frame, outside. */
	CHECK(buddy_free(&b, pfn, 1) == ERR_INVAL, "wrong order");
	CHECK(buddy_free(&b, c + 1, 0) == ERR_INVAL, "inside a block");
	CHECK(buddy_free(&b, 0x1000, 0) == ERR_INVAL, "outside span");
	CHECK(buddy_free(&b, pfn, 0) == ERR_OK, "free");
	CHECK(buddy_free(&b, pfn, 0) == ERR_INVAL, "double free");
	CHECK(buddy_free(&b, a, 0) == ERR_OK, "free buddy -> merge");
	CHECK(buddy_free(&b, a, 0) == ERR_INVAL, "double free merged");
	CHECK(buddy_free(&b, c, 3) == ERR_OK, "free order 3");
	/* Fully coalesced again. */
	CHECK(b.free_blocks[BUDDY_MAX_ORDER] == 2 && b.free_frames == 4096,
	      "coalesced");
	for (unsigned o = 0; o < BUDDY_MAX_ORDER; o++)
		CHECK(b.free_blocks[o] == 0, "order %u empty", o);
	CHECK(buddy_check(&b), "check final");
	CHECK(buddy_alloc(&b, BUDDY_MAX_ORDER + 1, &pfn) == ERR_INVAL,
	      "order too big");
	free(pages);
}

static void test_ranges(void)
{
	struct buddy b;
	struct buddy_page *pages = new_pages(1000);
	uint64_t pfn;

	/* Unaligned span start, holes, adding adjacent ranges coalesces. */
	CHECK(buddy_init(&b, 1003, 1000, pages) == ERR_OK, "init");
	CHECK(buddy_add(&b, 1003, 5) == ERR_OK, "add head");
	CHECK(buddy_add(&b, 1010, 500) == ERR_OK, "add middle");
	CHECK(buddy_add(&b, 1010, 1) == ERR_EXISTS, "re-add");
	CHECK(buddy_add(&b, 1500, 600) == ERR_RANGE, "past span");
	CHECK(buddy_add(&b, 1000, 4) == ERR_RANGE, "before span");
	CHECK(buddy_check(&b), "check");
	CHECK(b.free_frames == 505, "free %llu",
	      (unsigned long long)b.free_frames);
	CHECK(buddy_add(&b, 1008, 2) == ERR_OK, "fill hole");
	CHECK(buddy_check(&b), "check after filling");
	/* 1008..1011 must now have merged into an order-2 block or larger. */
	CHECK(b.pages[1008 - 1003].state == BUDDY_FREE &&
		      b.pages[1008 - 1003].order >= 3,
	      "hole merged (order %u)", b.pages[1008 - 1003].order);
	/* Exhaust, then everything back. */
	uint64_t got = 0, *list = malloc(1000 * sizeof(*list));
	while (buddy_alloc(&b, 0, &pfn) == ERR_OK) {
		CHECK(pfn >= 1003 && pfn < 1510, "pfn %llu not added",
		      (unsigned long long)pfn);
		list[got++] = pfn;
	}
	CHECK(got == 507, "allocated %llu", (unsigned long long)got);
	CHECK(b.free_frames == 0, "empty");
	for (uint64_t i = 0; i < got; i++)
		buddy_free(&b, list[i], 0);
	CHECK(b.free_frames == 507 && buddy_check(&b), "all back");
	free(list);
	free(pages);
}

/* Random stress against a reference bitmap of owned frames. */
static void test_stress(void)
{
	enum { N = 1 << 14, SLOTS = 600 };
	struct buddy b;
	struct buddy_page *pages = new_pages(N);
	uint8_t *owned = calloc(N, 1);
	struct blk {
		uint64_t pfn;
		unsigned order;
		bool used;
	} slot[SLOTS];
	memset(slot, 0, sizeof(slot));

	buddy_init(&b, 0x100000, N, pages);
	/* Leave a few holes of reserved frames. */
	buddy_add(&b, 0x100000, 3000);
	buddy_add(&b, 0x100000 + 3100, N - 3100 - 77);
	const uint64_t total = b.free_frames;
	uint64_t in_use = 0;
	unsigned bad_overlap = 0, bad_align = 0, nomem = 0;

	for (unsigned it = 0; it < 60000; it++) {
		unsigned s = kt_rand() % SLOTS;
		if (slot[s].used) {
			uint64_t i = slot[s].pfn - 0x100000;
			for (uint64_t k = 0; k < (1ull << slot[s].order); k++)
				owned[i + k] = 0;
			if (buddy_free(&b, slot[s].pfn, slot[s].order) !=
			    ERR_OK)
				bad_overlap++;
			in_use -= 1ull << slot[s].order;
			slot[s].used = false;
		} else {
			unsigned order = (unsigned)(kt_rand() % 100);
			order = order < 60   ? 0
				: order < 90 ? order % 4
					     : order % 12;
			uint64_t pfn;
			err_t e = buddy_alloc(&b, order, &pfn);
			if (e == ERR_NOMEM) {
				nomem++;
				continue;
			}
			if (e != ERR_OK || (pfn & ((1ull << order) - 1))) {
				bad_align++;
				continue;
			}
			uint64_t i = pfn - 0x100000;
			for (uint64_t k = 0; k < (1ull << order); k++) {
				uint64_t f = i + k;
				if (f >= N || owned[f] ||
				    (f >= 3000 && f < 3100) || f >= N - 77)
					bad_overlap++;
				else
					owned[f] = 1;
			}
			slot[s] = (struct blk){pfn, order, true};
			in_use += 1ull << order;
		}
		if (b.free_frames + in_use != total)
			bad_overlap++;
		if (it % 5000 == 0)
			CHECK(buddy_check(&b), "invariants at %u", it);
	}
	CHECK(bad_overlap == 0, "%u overlapping/foreign blocks", bad_overlap);
	CHECK(bad_align == 0, "%u misaligned blocks", bad_align);
	CHECK(nomem > 0, "stress reached out of memory at least once");
	for (unsigned s = 0; s < SLOTS; s++)
		if (slot[s].used)
			CHECK(buddy_free(&b, slot[s].pfn, slot[s].order) ==
				      ERR_OK,
			      "final free");
	CHECK(b.free_frames == total && buddy_check(&b), "all memory back");
	/* Everything coalesced: only maximal blocks allowed by the holes. */
	struct buddy ref;
	struct buddy_page *rp = new_pages(N);
	buddy_init(&ref, 0x100000, N, rp);
	buddy_add(&ref, 0x100000, 3000);
	buddy_add(&ref, 0x100000 + 3100, N - 3100 - 77);
	for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++)
		CHECK(ref.free_blocks[o] == b.free_blocks[o],
		      "order %u: %llu vs fresh %llu", o,
		      (unsigned long long)b.free_blocks[o],
		      (unsigned long long)ref.free_blocks[o]);
	free(rp);
	free(owned);
	free(pages);
}

/*
 * buddy_init_ranges (the pmm's one-pass boot path) must leave exactly the
 * state buddy_init + buddy_add of the same ranges leaves, and refuse
 * unsorted, overlapping or out-of-span ranges with nothing free.
 */
static void test_init_ranges(void)
{
	unsigned differ = 0, refused = 0;

	for (int it = 0; it < 400; it++) {
		uint64_t base = kt_rand() % 5000, n = 1 + kt_rand() % 20000;
		struct buddy_page *p1 = new_pages(n), *p2 = new_pages(n);
		struct buddy b1, b2;
		struct buddy_range r[8];
		size_t nr = 0;
		uint64_t cur = base;

		while (nr < 8 && cur < base + n) {
			uint64_t gap = kt_rand() % 4 ? kt_rand() % 300 : 0;
			uint64_t len = kt_rand() % 8 ? kt_rand() % 6000 : 0;
			if (cur + gap >= base + n)
				break;
			if (cur + gap + len > base + n)
				len = base + n - cur - gap;
			r[nr++] = (struct buddy_range){cur + gap, len};
			cur += gap + len;
		}
		buddy_init(&b1, base, n, p1);
		for (size_t i = 0; i < nr; i++)
			if (r[i].count)
				CHECK(buddy_add(&b1, r[i].pfn, r[i].count) ==
					      ERR_OK,
				      "reference add");
		CHECK(buddy_init_ranges(&b2, base, n, p2, r, nr) == ERR_OK,
		      "ranges accepted (it %d)", it);
		bool same = buddy_check(&b2) &&
			    b1.free_frames == b2.free_frames &&
			    b1.total_frames == b2.total_frames;
		for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++)
			same = same && b1.free_blocks[o] == b2.free_blocks[o] &&
			       b1.free_head[o] == b2.free_head[o];
		for (uint64_t i = 0; i < n && same; i++)
			same = p1[i].state == p2[i].state &&
			       p1[i].order == p2[i].order &&
			       p1[i].owner == p2[i].owner;
		differ += !same;

		/* Refusals leave nothing free. */
		if (nr >= 2 && r[0].count && r[1].count) {
			struct buddy_range bad[2] = {r[1], r[0]};
			CHECK(buddy_init_ranges(&b2, base, n, p2, bad, 2) ==
					      ERR_EXISTS &&
				      buddy_check(&b2) && b2.free_frames == 0,
			      "unsorted ranges refused, nothing free");
			refused++;
		}
		struct buddy_range out = {base + n - 1, 2};
		CHECK(buddy_init_ranges(&b2, base, n, p2, &out, 1) ==
				      ERR_RANGE &&
			      b2.free_frames == 0,
		      "range past the span refused");
		if (base > 0) {
			struct buddy_range lo = {base - 1, 2};
			CHECK(buddy_init_ranges(&b2, base, n, p2, &lo, 1) ==
				      ERR_RANGE,
			      "range below the span refused");
		}
		free(p1);
		free(p2);
	}
	CHECK(differ == 0, "%u runs differ from init + add", differ);
	CHECK(refused > 0, "unsorted ranges refused (%u runs)", refused);
}

/* buddy_alloc_frames: every count 0..70 (powers of two and not, a block
 * split part way), from a whole span and from one an order-0 allocation
 * fragmented: distinct single frames, each freed alone, everything merged
 * back; more than is free gives what is. */
static void test_alloc_frames(void)
{
	uint64_t pfns[300];
	for (unsigned frag = 0; frag < 2; frag++) {
		for (size_t n = 0; n <= 70; n++) {
			struct buddy b;
			struct buddy_page *pages = new_pages(256);
			uint64_t one = 0;
			CHECK(buddy_init(&b, 0x80000, 256, pages) == ERR_OK &&
				      buddy_add(&b, 0x80000, 256) == ERR_OK,
			      "init");
			if (frag)
				CHECK(buddy_alloc(&b, 0, &one) == ERR_OK,
				      "fragment");
			size_t got = buddy_alloc_frames(&b, pfns, n);
			CHECK(got == n, "n %zu: got %zu", n, got);
			CHECK(buddy_check(&b), "n %zu frag %u: check", n, frag);
			CHECK(b.free_frames == 256 - n - frag &&
				      b.total_frames == 256,
			      "n %zu: %llu free", n,
			      (unsigned long long)b.free_frames);
			for (size_t i = 0; i < got; i++) {
				CHECK(pfns[i] >= 0x80000 &&
					      pfns[i] < 0x80000 + 256 &&
					      (!frag || pfns[i] != one),
				      "n %zu: frame %llx", n,
				      (unsigned long long)pfns[i]);
				for (size_t k = 0; k < i; k++)
					CHECK(pfns[k] != pfns[i],
					      "n %zu: frame twice", n);
			}
			for (size_t i = 0; i < got; i++)
				CHECK(buddy_free(&b, pfns[i], 0) == ERR_OK,
				      "n %zu: free %zu", n, i);
			if (frag)
				CHECK(buddy_free(&b, one, 0) == ERR_OK, "free");
			CHECK(buddy_check(&b) && b.free_frames == 256 &&
				      b.free_blocks[8] == 1,
			      "n %zu frag %u: not merged back", n, frag);
			free(pages);
		}
	}
	struct buddy b;
	struct buddy_page *pages = new_pages(256);
	CHECK(buddy_init(&b, 0x80000, 256, pages) == ERR_OK &&
		      buddy_add(&b, 0x80000, 256) == ERR_OK,
	      "init");
	CHECK(buddy_alloc_frames(&b, pfns, 300) == 256 && b.free_frames == 0 &&
		      buddy_check(&b),
	      "more than there is");
	CHECK(buddy_alloc_frames(&b, pfns, 4) == 0, "none left");
	free(pages);
}

int main(void)
{
	test_basic();
	test_ranges();
	test_stress();
	test_init_ranges();
	test_alloc_frames();
	return kt_finish("buddy");
}
