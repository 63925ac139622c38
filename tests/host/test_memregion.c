/*
 * tests/host/test_memregion.c - lib/memregion: every overlap case of
 * "usable = RAM minus exclusions", merging, allocation, capacity limits,
 * and random operation sequences compared with a per-unit reference model.
 */
#include <stdlib.h>
#include <string.h>

#include "loader_check.h"
#include "memregion/memregion.h"

enum { FREE = 1, RSV = 2, LDR = 3, KERN = 4 };

static struct memregion store[64];
static struct memmap m;

/* Expected map as a flat list of (base, end, kind) triples. */
static int map_is(const uint64_t *exp, size_t n)
{
	if (m.count != n || !memmap_valid(&m))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (m.r[i].base != exp[3 * i] || m.r[i].end != exp[3 * i + 1] ||
		    m.r[i].kind != exp[3 * i + 2])
			return 0;
	return 1;
}

#define MAP_IS(...)                                                            \
	map_is((const uint64_t[]){__VA_ARGS__},                                \
	       sizeof((const uint64_t[]){__VA_ARGS__}) /                       \
		       (3 * sizeof(uint64_t)))

static void reset(void)
{
	memmap_init(&m, store, 64);
}

/* usable = [100, 200) minus one exclusion, as a function of it. */
static void test_overlap_cases(void)
{
	reset();
	memmap_set(&m, 100, 200, FREE);
	CHECK(MAP_IS(100, 200, FREE));

	/* Exclusion inside the region. */
	CHECK(memmap_remove(&m, 120, 130) == ERR_OK);
	CHECK(MAP_IS(100, 120, FREE, 130, 200, FREE));

	/* Region inside an exclusion. */
	reset();
	memmap_set(&m, 100, 200, FREE);
	memmap_remove(&m, 50, 250);
	CHECK(m.count == 0);

	/* Partial overlap at the start / at the end. */
	reset();
	memmap_set(&m, 100, 200, FREE);
	memmap_remove(&m, 50, 110);
	CHECK(MAP_IS(110, 200, FREE));
	memmap_remove(&m, 190, 300);
	CHECK(MAP_IS(110, 190, FREE));

	/* Touching ends change nothing. */
	reset();
	memmap_set(&m, 100, 200, FREE);
	memmap_remove(&m, 50, 100);
	memmap_remove(&m, 200, 300);
	CHECK(MAP_IS(100, 200, FREE));

	/* Exact match. */
	memmap_remove(&m, 100, 200);
	CHECK(m.count == 0);

	/* Several exclusions in one region, unsorted, overlapping. */
	reset();
	memmap_set(&m, 100, 200, FREE);
	memmap_remove(&m, 170, 180);
	memmap_remove(&m, 110, 120);
	memmap_remove(&m, 115, 140);
	memmap_remove(&m, 150, 151);
	CHECK(MAP_IS(100, 110, FREE, 140, 150, FREE, 151, 170, FREE, 180, 200,
		     FREE));

	/* One exclusion across several regions. */
	memmap_remove(&m, 105, 190);
	CHECK(MAP_IS(100, 105, FREE, 190, 200, FREE));

	/* Empty and inverted ranges are no-ops. */
	CHECK(memmap_remove(&m, 300, 300) == ERR_OK);
	CHECK(memmap_set(&m, 400, 300, FREE) == ERR_OK);
	CHECK(MAP_IS(100, 105, FREE, 190, 200, FREE));
}

static void test_merge_and_kinds(void)
{
	/* Unsorted, adjacent and overlapping RAM merges into one range. */
	reset();
	memmap_set(&m, 300, 400, FREE);
	memmap_set(&m, 100, 200, FREE);
	memmap_set(&m, 200, 300, FREE);
	memmap_set(&m, 150, 350, FREE);
	CHECK(MAP_IS(100, 400, FREE));

	/* Retag only where RAM exists; holes stay holes. */
	reset();
	memmap_set(&m, 100, 200, FREE);
	memmap_set(&m, 300, 400, FREE);
	CHECK(memmap_retag(&m, 150, 350, RSV) == ERR_OK);
	CHECK(MAP_IS(100, 150, FREE, 150, 200, RSV, 300, 350, RSV, 350, 400,
		     FREE));
	/* Retagging back merges again. */
	CHECK(memmap_retag(&m, 0, 1000, FREE) == ERR_OK);
	CHECK(MAP_IS(100, 200, FREE, 300, 400, FREE));

	/* retag_kind touches only one kind. */
	memmap_retag(&m, 120, 130, LDR);
	memmap_retag(&m, 140, 160, RSV);
	CHECK(memmap_retag_kind(&m, 0, 1000, RSV, KERN) == ERR_OK);
	CHECK(MAP_IS(100, 120, FREE, 120, 130, LDR, 130, 140, FREE, 140, 160,
		     KERN, 160, 200, FREE, 300, 400, FREE));

	/* set covers holes and overrides kinds. */
	CHECK(memmap_set(&m, 150, 350, RSV) == ERR_OK);
	CHECK(MAP_IS(100, 120, FREE, 120, 130, LDR, 130, 140, FREE, 140, 150,
		     KERN, 150, 350, RSV, 350, 400, FREE));

	uint32_t k = 0;
	CHECK(memmap_kind_at(&m, 125, &k) && k == LDR);
	CHECK(memmap_kind_at(&m, 349, &k) && k == RSV);
	CHECK(!memmap_kind_at(&m, 400, &k));
	CHECK(!memmap_kind_at(&m, 99, &k));
	CHECK(memmap_total(&m, FREE) == 20 + 10 + 50);

	/* Extremes of the address space. */
	reset();
	CHECK(memmap_set(&m, 0, UINT64_MAX, FREE) == ERR_OK);
	CHECK(memmap_remove(&m, 0, 1) == ERR_OK);
	CHECK(memmap_remove(&m, UINT64_MAX - 1, UINT64_MAX) == ERR_OK);
	CHECK(MAP_IS(1, UINT64_MAX - 1, FREE));
}

static void test_alloc(void)
{
	uint64_t a = 0;

	reset();
	memmap_set(&m, 0x1000, 0x9000, FREE);
	memmap_set(&m, 0x200000, 0x600000, FREE);
	CHECK(memmap_alloc(&m, 0x1000, 0x1000, FREE, KERN, &a) == ERR_OK &&
	      a == 0x1000);
	CHECK(memmap_alloc(&m, 0x1000, 0x1000, FREE, KERN, &a) == ERR_OK &&
	      a == 0x2000);
	CHECK(MAP_IS(0x1000, 0x3000, KERN, 0x3000, 0x9000, FREE, 0x200000,
		     0x600000, FREE));
	/* Alignment skips the small range. */
	CHECK(memmap_alloc(&m, 0x1000, 0x200000, FREE, RSV, &a) == ERR_OK &&
	      a == 0x200000);
	/* Too big for anything. */
	CHECK(memmap_alloc(&m, 0x1000000, 0x1000, FREE, RSV, &a) == ERR_NOMEM);
	CHECK(memmap_alloc(&m, 0, 0x1000, FREE, RSV, &a) == ERR_INVAL);
	CHECK(memmap_alloc(&m, 0x1000, 0x1800, FREE, RSV, &a) == ERR_INVAL);
	/* Exactly the rest of a range. */
	CHECK(memmap_alloc(&m, 0x6000, 0x1000, FREE, LDR, &a) == ERR_OK &&
	      a == 0x3000);
	CHECK(memmap_valid(&m));
	/* Alignment near the top of the address space does not wrap. */
	reset();
	memmap_set(&m, UINT64_MAX - 0x3000, UINT64_MAX, FREE);
	CHECK(memmap_alloc(&m, 0x1000, 1ull << 40, FREE, KERN, &a) ==
	      ERR_NOMEM);
}

static void test_capacity(void)
{
	struct memregion small[3];
	struct memmap s;

	memmap_init(&s, small, 3);
	CHECK(memmap_set(&s, 0, 100, FREE) == ERR_OK);
	CHECK(memmap_remove(&s, 10, 20) == ERR_OK);	  /* 2 ranges */
	CHECK(memmap_remove(&s, 30, 40) == ERR_OK);	  /* 3 ranges */
	CHECK(memmap_remove(&s, 50, 60) == ERR_OVERFLOW); /* would be 4 */
	CHECK(s.count == 3 && memmap_valid(&s));
	CHECK(s.r[2].base == 40 && s.r[2].end == 100);
	/* Merging makes room even when full. */
	CHECK(memmap_set(&s, 5, 45, FREE) == ERR_OK);
	CHECK(s.count == 1 && s.r[0].base == 0 && s.r[0].end == 100);
}

static void test_align(void)
{
	uint64_t b = 0x1001, e = 0x3fff;

	memregion_align_in(&b, &e, 0x1000);
	CHECK(b == 0x2000 && e == 0x3000);
	b = 0x1001;
	e = 0x1fff;
	memregion_align_in(&b, &e, 0x1000);
	CHECK(b >= e);
	b = 0x1001;
	e = 0x3001;
	memregion_align_out(&b, &e, 0x1000);
	CHECK(b == 0x1000 && e == 0x4000);
	b = UINT64_MAX - 5;
	e = UINT64_MAX;
	memregion_align_out(&b, &e, 0x1000);
	CHECK(e == ALIGN_DOWN(UINT64_MAX, 0x1000));
	b = UINT64_MAX - 5;
	e = UINT64_MAX;
	memregion_align_in(&b, &e, 0x1000);
	CHECK(b >= e);
	CHECK(memregion_end(10, 20) == 30);
	CHECK(memregion_end(UINT64_MAX - 1, 5) == UINT64_MAX);
}

/* Random operations against a model with one kind per unit (0 = hole). */
#define UNITS 96
static void test_random_model(void)
{
	static struct memregion rs[256];
	uint8_t model[UNITS];
	int bad = 0;

	srand(12345);
	for (int round = 0; round < 3000 && !bad; round++) {
		struct memmap r;

		memmap_init(&r, rs, 256);
		memset(model, 0, sizeof(model));
		for (int op = 0; op < 12; op++) {
			uint64_t b = (uint64_t)(rand() % UNITS);
			uint64_t e = b + (uint64_t)(rand() % 24);
			uint32_t kind = (uint32_t)(rand() % 4 + 1);
			int which = rand() % 5;
			err_t err = ERR_OK;

			if (e > UNITS)
				e = UNITS;
			if (which == 0 || which == 1) {
				err = memmap_set(&r, b, e, kind);
				for (uint64_t u = b; u < e; u++)
					model[u] = (uint8_t)kind;
			} else if (which == 2) {
				err = memmap_retag(&r, b, e, kind);
				for (uint64_t u = b; u < e; u++)
					if (model[u])
						model[u] = (uint8_t)kind;
			} else if (which == 3) {
				err = memmap_remove(&r, b, e);
				for (uint64_t u = b; u < e; u++)
					model[u] = 0;
			} else {
				uint64_t size = (uint64_t)(rand() % 6 + 1);
				uint64_t align = 1ull << (rand() % 3);
				uint64_t a = 0, want = UINT64_MAX;
				uint32_t from = (uint32_t)(rand() % 4 + 1);

				/* Model: lowest aligned fit inside one run of
				 * kind from. */
				for (uint64_t s = 0; s + size <= UNITS;
				     s += align) {
					uint64_t u;

					for (u = s; u < s + size; u++)
						if (model[u] != from)
							break;
					/* One run: the map merges equal
					 * neighbours, so a run of equal kind
					 * is one range. */
					if (u == s + size) {
						want = s;
						break;
					}
				}
				err = memmap_alloc(&r, size, align, from, kind,
						   &a);
				CHECK_QUIET((err == ERR_NOMEM) ==
						    (want == UINT64_MAX),
					    bad);
				if (!err) {
					CHECK_QUIET(a == want, bad);
					for (uint64_t u = a; u < a + size; u++)
						model[u] = (uint8_t)kind;
				}
				err = ERR_OK;
			}
			CHECK_QUIET(err == ERR_OK, bad);
			CHECK_QUIET(memmap_valid(&r), bad);
			for (uint64_t u = 0; u < UNITS; u++) {
				uint32_t k = 0;
				bool in = memmap_kind_at(&r, u, &k);

				CHECK_QUIET(in == (model[u] != 0), bad);
				CHECK_QUIET(!in || k == model[u], bad);
			}
			for (uint32_t kind2 = 1; kind2 <= 4; kind2++) {
				uint64_t cnt = 0;

				for (uint64_t u = 0; u < UNITS; u++)
					cnt += model[u] == kind2;
				CHECK_QUIET(memmap_total(&r, kind2) == cnt,
					    bad);
			}
			if (bad)
				break;
		}
	}
	CHECK(!bad);
}

int main(void)
{
	test_overlap_cases();
	test_merge_and_kinds();
	test_alloc();
	test_capacity();
	test_align();
	test_random_model();
	return check_summary();
}
