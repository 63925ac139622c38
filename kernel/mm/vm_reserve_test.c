/*
 * kernel/mm/vm_reserve_test.c - in-kernel tests of reservations
 * (vm_reserve, vm_commit): commits inside a reservation and what vm_commit
 * refuses, a reservation next to other regions, and a commit that runs
 * out of frames giving everything back.  Committed pages zeroed at their
 * first touch (VM_PTE_UNZEROED) are vm_resv_test.c's.
 */
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"

/* vm_commit's refusals in the reservation at base (pages long, its first
 * 8 pages committed); false when the test cannot go on. */
static bool check_commit_refusals(struct ktest *t, struct vm_space *ks,
				  uint64_t base, uint64_t pages)
{
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	const uint64_t P = PAGE_SIZE;
	KTEST_CHECK(t, vm_commit(ks, base + 6 * P, 4 * P, rw) == ERR_INVAL,
		    "overlaps committed pages");
	KTEST_CHECK(t,
		    vm_commit(ks, base + (pages - 2) * P, 4 * P, rw) ==
			    ERR_INVAL,
		    "past the reservation");
	KTEST_CHECK(t, vm_commit(ks, base + 8 * P + 8, P, rw) == ERR_INVAL,
		    "unaligned");
	KTEST_CHECK(t, vm_commit(ks, base + 8 * P, 0, rw) == ERR_INVAL,
		    "empty");
	KTEST_CHECK(t,
		    vm_commit(ks, base + 8 * P, P, VM_PROT_NONE) == ERR_INVAL,
		    "no access");
	KTEST_CHECK(t,
		    vm_commit(ks, base + 8 * P, P,
			      VM_PROT_WRITE | VM_PROT_EXEC) == ERR_INVAL,
		    "W+X");
	uint64_t g = 0;
	if (!KTEST_CHECK(t, vm_map_guard(ks, &g, 4 * P, 0) == ERR_OK,
			 "a guard region"))
		return false;
	KTEST_CHECK(t, vm_commit(ks, g, P, rw) == ERR_INVAL,
		    "a guard region that is no reservation");
	vm_unmap(ks, g, 4 * P);
	return true;
}

KTEST(vm_reserve_commit)
{
	struct vm_space *ks = vm_kernel_space();
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	/* 2 MiB: the page table goes with the reservation. */
	const uint64_t P = PAGE_SIZE, pages = 512;
	uint64_t base = 0;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t, vm_reserve(ks, &base, pages * P, VM_MAP_ALIGN_2M) ==
				ERR_OK);
	KTEST_CHECK(t, IS_ALIGNED(base, PAGE_SIZE << 9), "2 MiB aligned");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base, base, pages * P, VM_KIND_GUARD),
		    "a guard region");
	KTEST_CHECK(t,
		    vm_fault(ks, base, VM_ACCESS_READ, false, NULL) == ERR_PERM,
		    "uncommitted: a guard fault");
	uint64_t f1 = free_frames_now();

	/* Commit 4 pages, write them, commit 4 more: same base, contents
	 * kept, new pages zero, one region. */
	KTEST_ASSERT(t, vm_commit(ks, base, 4 * P, rw) == ERR_OK);
	KTEST_CHECK(t, f1 - free_frames_now() >= 4, "frames taken at commit");
	volatile uint64_t *w = (uint64_t *)base;
	unsigned nonzero = 0;
	for (unsigned i = 0; i < 4 * 512; i++) {
		nonzero += w[i] != 0;
		w[i] = i * 0x9e3779b97f4a7c15ull;
	}
	KTEST_ASSERT(t, vm_commit(ks, base + 4 * P, 4 * P, rw) == ERR_OK);
	unsigned lost = 0;
	for (unsigned i = 0; i < 8 * 512; i++)
		if (i < 4 * 512)
			lost += w[i] != i * 0x9e3779b97f4a7c15ull;
		else
			nonzero += w[i] != 0;
	KTEST_CHECK(t, nonzero == 0, "%u words of new pages not zero", nonzero);
	KTEST_CHECK(t, lost == 0, "%u words lost", lost);
	KTEST_CHECK(
		t,
		mm_test_region_is(ks, base + 5 * P, base, 8 * P, VM_KIND_ANON),
		"two commits, one region");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base + 8 * P, base + 8 * P,
				      (pages - 8) * P, VM_KIND_GUARD),
		    "the rest still reserved");

	/* Refused: committed pages, past the end, alignment, prot. */
	if (!check_commit_refusals(t, ks, base, pages))
		return;

	/* A commit in the middle, then the gap: one region again. */
	KTEST_CHECK(t, vm_commit(ks, base + 20 * P, 2 * P, rw) == ERR_OK,
		    "middle");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base + 20 * P, base + 20 * P, 2 * P,
				      VM_KIND_ANON) &&
			    mm_test_region_is(ks, base + 10 * P, base + 8 * P,
					      12 * P, VM_KIND_GUARD),
		    "middle part on its own");
	KTEST_CHECK(t, vm_commit(ks, base + 8 * P, 12 * P, rw) == ERR_OK,
		    "gap");
	KTEST_CHECK(t, mm_test_region_is(ks, base, base, 22 * P, VM_KIND_ANON),
		    "merged");
	unsigned prot = 0;
	KTEST_CHECK(t,
		    vm_translate(ks, base + 21 * P, NULL, NULL) == ERR_NOTFOUND,
		    "not mapped before its first touch");
	KTEST_CHECK(t, w[21 * 512] == 0, "first touch reads zero");
	KTEST_CHECK(t,
		    vm_translate(ks, base + 21 * P, NULL, &prot) == ERR_OK &&
			    prot == rw,
		    "mapped by its first touch (prot %u)", prot);
	KTEST_CHECK(t, w[8 * 512] == 0 && w[4 * 512 - 1] != 0, "contents");

	KTEST_CHECK(t, vm_unmap(ks, base, pages * P) == ERR_OK, "release");
	KTEST_CHECK(t,
		    vm_region_at(ks, base, NULL, NULL, NULL, NULL) ==
			    ERR_NOTFOUND,
		    "released");
	mm_test_check_frames(t, f0, " release");

	/* More than the window holds: a clean refusal. */
	uint64_t huge = 0;
	KTEST_CHECK(t, vm_reserve(ks, &huge, 1ull << 40, 0) == ERR_NOMEM,
		    "1 TiB reservation refused");
}

KTEST(vm_reserve_neighbours)
{
	/* In a process space, where the addresses are ours: a reservation's
	 * memory never merges with a region next to it, and its own parts
	 * always do. */
	struct vm_space *as;
	const uint64_t P = PAGE_SIZE, a = 0x20000000;
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t, vm_space_create(&as) == ERR_OK);
	uint64_t lo = a, r1 = a + 4 * P, r2 = a + 12 * P, hi = a + 20 * P;
	KTEST_ASSERT(t, vm_map_anon(as, &lo, 4 * P, rw, VM_MAP_FIXED) == 0);
	KTEST_ASSERT(t, vm_reserve(as, &r1, 8 * P, VM_MAP_FIXED) == ERR_OK);
	KTEST_ASSERT(t, vm_reserve(as, &r2, 8 * P, VM_MAP_FIXED) == ERR_OK);
	KTEST_ASSERT(t, vm_map_guard(as, &hi, 4 * P, VM_MAP_FIXED) == 0);
	/* All of r1 and r2: touching, same prot, different reservations. */
	KTEST_CHECK(t, vm_commit(as, r1, 8 * P, rw) == ERR_OK, "r1");
	KTEST_CHECK(t, vm_commit(as, r2 + 4 * P, 4 * P, rw) == ERR_OK,
		    "end of r2");
	KTEST_CHECK(t, vm_commit(as, r2, 4 * P, rw) == ERR_OK, "start of r2");
	KTEST_CHECK(t, mm_test_region_is(as, lo, lo, 4 * P, VM_KIND_ANON),
		    "the anonymous region below is alone");
	KTEST_CHECK(t, mm_test_region_is(as, r1, r1, 8 * P, VM_KIND_ANON),
		    "r1 alone");
	KTEST_CHECK(t, mm_test_region_is(as, r2, r2, 8 * P, VM_KIND_ANON),
		    "r2 one region, alone");
	KTEST_CHECK(t, mm_test_region_is(as, hi, hi, 4 * P, VM_KIND_GUARD),
		    "the guard above is alone");
	uint64_t pa;
	unsigned prot = 0;
	KTEST_CHECK(t,
		    vm_fault(as, r2 + P, VM_ACCESS_READ, true, NULL) == ERR_OK,
		    "first touch");
	KTEST_CHECK(t,
		    vm_translate(as, r2 + P, &pa, &prot) == ERR_OK &&
			    prot == (rw | VM_PROT_USER) &&
			    *(uint64_t *)phys_to_virt(pa) == 0,
		    "user memory, zeroed (prot %u)", prot);
	/* Release one reservation (the whole of it), keep the other. */
	KTEST_CHECK(t, vm_unmap(as, r1, 8 * P) == ERR_OK, "release r1");
	KTEST_CHECK(t, mm_test_region_is(as, r2, r2, 8 * P, VM_KIND_ANON),
		    "r2 kept");
	vm_space_destroy(as);
	mm_test_check_frames(t, f0, " destroy");
}

KTEST(vm_commit_out_of_memory)
{
	/* A commit of more than the free memory fails cleanly: the range is
	 * reserved again and every frame it took is back, page tables
	 * included.  The first and last pages are committed first, so that
	 * the upper-level tables of the range (kept in the kernel window) are
	 * there before counting. */
	struct vm_space *ks = vm_kernel_space();
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	const uint64_t P = PAGE_SIZE, span = P << 9;
	uint64_t size = ALIGN_UP((free_frames_now() + 4096) * P, span);
	uint64_t base = 0, end;
	KTEST_ASSERT(t, vm_reserve(ks, &base, size, VM_MAP_ALIGN_2M) == 0);
	end = base + size;
	KTEST_ASSERT(t, vm_commit(ks, base, P, rw) == ERR_OK);
	KTEST_ASSERT(t, vm_commit(ks, end - P, P, rw) == ERR_OK);
	uint64_t f0 = mm_test_settled_frames();
	KTEST_CHECK(t, vm_commit(ks, base + P, size - 2 * P, rw) == ERR_NOMEM,
		    "more than there is");
	KTEST_CHECK(t,
		    mm_test_region_is(ks, base + P, base + P, size - 2 * P,
				      VM_KIND_GUARD),
		    "reserved again");
	KTEST_CHECK(t, vm_translate(ks, base + P, NULL, NULL) == ERR_NOTFOUND,
		    "nothing mapped");
	mm_test_check_frames(t, f0, " the failed commit");
	KTEST_CHECK(t, vm_commit(ks, base + P, 16 * P, rw) == ERR_OK,
		    "a commit that fits, after");
	KTEST_CHECK(t, *(volatile uint64_t *)(base + 16 * P) == 0, "zero");
	KTEST_CHECK(t, mm_test_region_is(ks, base, base, 17 * P, VM_KIND_ANON),
		    "merged");
	KTEST_CHECK(t, vm_unmap(ks, base, size) == ERR_OK, "release");
}
