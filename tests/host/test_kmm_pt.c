/*
 * tests/host/test_kmm_pt.c - Sv39/Sv48 page-table walking (vm_pt.c) on the
 * host: "physical" addresses are host addresses (physmap base 0) and the
 * pmm is a shim over aligned_alloc that counts frames.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_pt.h"
#include "test_kmm_common.h"

uint64_t kmm_physmap_base = 0;
uint64_t kmm_physmap_size = ~0ull;

static unsigned frames_live, fail_alloc;

err_t pmm_alloc(unsigned order, unsigned flags, uint64_t *phys)
{
	if (order != 0 || fail_alloc)
		return ERR_NOMEM;
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!p)
		return ERR_NOMEM;
	if (flags & PMM_ZERO)
		memset(p, 0, PAGE_SIZE);
	else
		memset(p, 0xa5, PAGE_SIZE);
	frames_live++;
	*phys = (uint64_t)(uintptr_t)p;
	return ERR_OK;
}

void pmm_free_frame(uint64_t pa)
{
	frames_live--;
	free((void *)(uintptr_t)pa);
}

static uint64_t new_root(void)
{
	uint64_t pa;
	if (pmm_alloc(0, PMM_ZERO, &pa) != ERR_OK)
		abort();
	return pa;
}

static void test_levels(unsigned levels)
{
	vm_pt_levels = levels;
	unsigned base = frames_live;
	uint64_t root = new_root();
	uint64_t *pte;
	uint64_t va = 0x12345000ull; /* root index 0 in both modes */

	CHECK(pt_walk(root, va, false, &pte) == ERR_NOTFOUND, "empty");
	CHECK(pt_hole_level(root, va) == (int)levels - 1, "hole at the root");
	CHECK(pt_walk(root, va, true, &pte) == ERR_OK, "create");
	CHECK(frames_live == base + levels, "Sv%u: %u tables", 12 + 9 * levels,
	      frames_live - base);
	CHECK(pt_hole_level(root, va) == 0, "empty level-0 slot");
	CHECK(*pte == 0, "new slot is empty");
	unsigned level = 99;
	CHECK(pt_lookup(root, va, &level) == NULL, "not mapped yet");
	*pte = (0x80001ull << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_W;
	CHECK(pt_lookup(root, va + 123, &level) == pte && level == 0,
	      "lookup finds the leaf");
	CHECK(pt_hole_level(root, va) == -1, "leaf reached");
	/* A neighbour in the same last-level table needs no new table. */
	uint64_t *pte2;
	CHECK(pt_walk(root, va + PAGE_SIZE, true, &pte2) == ERR_OK &&
		      pte2 == pte + 1 && frames_live == base + levels,
	      "same table");
	/* Every table there: the walk without a call (create or not) finds
	 * the same slots. */
	CHECK(pt_walk(root, va + 2 * PAGE_SIZE, false, &pte2) == ERR_OK &&
		      pte2 == pte + 2 && frames_live == base + levels,
	      "existing tables, no create");
	CHECK(pt_walk(root, va, true, &pte2) == ERR_OK && pte2 == pte,
	      "existing tables, create");
	CHECK(pt_walk(root, va + pt_span(1), false, &pte2) == ERR_NOTFOUND,
	      "a missing last-level table, no create");
	/* Next 2 MiB: one more table; its slot at level 1 is the neighbour. */
	CHECK(pt_walk(root, va + pt_span(1), true, &pte2) == ERR_OK &&
		      frames_live == base + levels + 1,
	      "new last-level table");
	uint64_t *s1 = pt_slot_at(root, va, 1),
		 *s2 = pt_slot_at(root, va + pt_span(1), 1);
	CHECK(s1 && s2 == s1 + 1, "level-1 slots adjacent");
	/* No last-level table two spans further on: a level-1 hole. */
	CHECK(pt_hole_level(root, va + 2 * pt_span(1)) == 1, "hole level %d",
	      pt_hole_level(root, va + 2 * pt_span(1)));

	/* A superpage (level 1 leaf) stops walks. */
	uint64_t sva = 0x40000000ull; /* other level-2/1 entries */
	uint64_t *sslot = pt_slot_at(root, sva, 1);
	if (!sslot) {
		uint64_t *tmp;
		CHECK(pt_walk(root, sva, true, &tmp) == ERR_OK, "path");
		sslot = pt_slot_at(root, sva, 1);
		/* drop the level-0 table just created under it */
		pmm_free_frame(pte_pa(*sslot));
	}
	*sslot = (0x80200ull << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_X;
	CHECK(pt_walk(root, sva + 5 * PAGE_SIZE, true, &pte2) == ERR_EXISTS,
	      "superpage refused");
	CHECK(pt_lookup(root, sva + 5 * PAGE_SIZE, &level) == sslot &&
		      level == 1,
	      "superpage found at level %u", level);
	CHECK(pt_hole_level(root, sva) == -1, "superpage is no hole");

	/* Out of memory on the way: error, nothing half-built is lost. */
	fail_alloc = 1;
	CHECK(pt_walk(root,
		      0x7f000000000ull & ((1ull << (9 * levels + 11)) - 1),
		      true, &pte2) == ERR_NOMEM,
	      "no memory");
	fail_alloc = 0;

	/* Freeing the lower half returns every table (the superpage leaf
	 * is not a table). */
	pt_free_range(root, 0, 255);
	CHECK(frames_live == base + 1, "tables freed: %u left",
	      frames_live - base);
	pmm_free_frame(root);
}

static void test_random(void)
{
	vm_pt_levels = 3;
	uint64_t root = new_root();
	uint64_t vas[500];
	for (unsigned i = 0; i < 500; i++) {
		vas[i] = (kt_rand() % (1ull << 37)) & ~PAGE_MASK;
		uint64_t *pte;
		if (pt_walk(root, vas[i], true, &pte) == ERR_OK)
			*pte = ((uint64_t)i << PTE_PPN_SHIFT) | PTE_V | PTE_R;
	}
	unsigned bad = 0, level;
	for (unsigned i = 0; i < 500; i++) {
		uint64_t *pte = pt_lookup(root, vas[i], &level);
		/* Later duplicates overwrite earlier ones. */
		unsigned last = i;
		for (unsigned k = i + 1; k < 500; k++)
			if (vas[k] == vas[i])
				last = k;
		if (!pte || level != 0 || pte_pa(*pte) != (uint64_t)last << 12)
			bad++;
	}
	CHECK(bad == 0, "%u lookups wrong", bad);
	pt_free_range(root, 0, 511);
	pmm_free_frame(root);
	CHECK(frames_live == 0, "%u frames leaked", frames_live);
}

/* A cursor over a run of pages across 2 MiB spans (and a superpage)
 * gives the slots, tables and errors pt_walk gives, one walk a span. */
static void test_cursor(void)
{
	vm_pt_levels = 3;
	uint64_t root = new_root();
	struct pt_cursor cur = {0};
	uint64_t start = 0x40000000ull - 7 * PAGE_SIZE;
	unsigned bad = 0;
	for (uint64_t va = start; va < start + 1030 * PAGE_SIZE;
	     va += PAGE_SIZE) {
		uint64_t *a, *b;
		unsigned before = frames_live;
		err_t ea = pt_cursor_walk(&cur, root, va, true, &a);
		unsigned made = frames_live - before;
		err_t eb = pt_walk(root, va, false, &b);
		bad += ea != ERR_OK || eb != ERR_OK || a != b ||
		       (made != 0) !=
			       ((va & (pt_span(1) - 1)) == 0 || va == start);
	}
	CHECK(bad == 0, "cursor: %u pages wrong", bad);
	/* Without create, a missing table is reported as pt_walk does. */
	struct pt_cursor c2 = {0};
	uint64_t *p;
	CHECK(pt_cursor_walk(&c2, root, 0x80000000ull, false, &p) ==
			      ERR_NOTFOUND &&
		      c2.table == NULL,
	      "cursor: missing table");
	pt_free_range(root, 0, 511);
	pmm_free_frame(root);
	CHECK(frames_live == 0, "cursor: %u frames leaked", frames_live);
}

int main(void)
{
	test_levels(3);
	test_levels(4);
	test_random();
	test_cursor();
	return kt_finish("pt");
}
