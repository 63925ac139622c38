/*
 * kernel/mm/vm_resv_test.c - in-kernel tests of committed memory zeroed on
 * first touch (kernel/mm/vm_resv.c, VM_PTE_UNZEROED): a page's first touch
 * reads zero whatever its frame held, pages never touched give their
 * frames back, and an alias of the kernel's pages in a process space
 * (vm_map_alias, a compiled process's linear memory) gets the pages it
 * left out at their first touch, from either side.
 */
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"

#define P     PAGE_SIZE
#define NDIRT 16

/* Frees NDIRT frames filled with a pattern: the next allocations (the
 * per-hart cache gives back the last freed first) hold garbage. */
static void dirty_frames(void)
{
	uint64_t pa[NDIRT];
	unsigned n = 0;
	for (; n < NDIRT && pmm_alloc_frame(&pa[n]) == ERR_OK; n++) {
		uint64_t *w = phys_to_virt(pa[n]);
		for (unsigned i = 0; i < P / 8; i++)
			w[i] = 0xa5a5a5a5a5a5a5a5ull ^ i;
	}
	while (n--)
		pmm_free_frame(pa[n]);
}

/* The words of [va, va + bytes) that are not zero (a read of each). */
static unsigned nonzero_words(uint64_t va, uint64_t bytes)
{
	const volatile uint64_t *w = (const uint64_t *)va;
	unsigned n = 0;
	for (uint64_t i = 0; i < bytes / 8; i++)
		n += w[i] != 0;
	return n;
}

KTEST(vm_commit_zero_on_first_touch)
{
	struct vm_space *ks = vm_kernel_space();
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE, pages = 8;
	uint64_t base = 0;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t,
		     vm_reserve(ks, &base, 512 * P, VM_MAP_ALIGN_2M) == ERR_OK);
	dirty_frames();
	uint64_t f1 = free_frames_now();
	KTEST_ASSERT(t, vm_commit(ks, base, pages * P, rw) == ERR_OK);
	KTEST_CHECK(t, f1 - free_frames_now() >= pages,
		    "every page has its frame at commit");
	KTEST_CHECK(t,
		    vm_translate(ks, base + 3 * P, NULL, NULL) == ERR_NOTFOUND,
		    "not mapped before its first touch");
	/* Reads first (an S-mode fault each), then a write. */
	KTEST_CHECK(t, nonzero_words(base, pages * P) == 0,
		    "%u words not zero at their first touch",
		    nonzero_words(base, pages * P));
	volatile uint64_t *w = (uint64_t *)(base + 5 * P);
	w[3] = 77;
	KTEST_CHECK(t, w[3] == 77, "written");
	KTEST_CHECK(t, vm_unmap(ks, base, 512 * P) == ERR_OK, "release");
	mm_test_check_frames(t, f0, " release of touched pages");

	/* Pages never touched give their frames back too. */
	base = 0;
	KTEST_ASSERT(t,
		     vm_reserve(ks, &base, 512 * P, VM_MAP_ALIGN_2M) == ERR_OK);
	KTEST_ASSERT(t, vm_commit(ks, base, pages * P, rw) == ERR_OK);
	*(volatile uint64_t *)(base + 2 * P) = 1;
	KTEST_ASSERT(t,
		     vm_commit(ks, base + pages * P, pages * P, rw) == ERR_OK);
	KTEST_CHECK(t, vm_unmap(ks, base, 512 * P) == ERR_OK, "release");
	mm_test_check_frames(t, f0, " release of untouched pages");
}

/* Whether va maps the same frame in both spaces. */
static bool same_frame(struct vm_space *a, uint64_t va, struct vm_space *b,
		       uint64_t vb)
{
	uint64_t pa = 0, pb = 1;
	return vm_translate(a, va, &pa, NULL) == ERR_OK &&
	       vm_translate(b, vb, &pb, NULL) == ERR_OK && pa == pb;
}

KTEST(vm_alias_first_touch)
{
	struct vm_space *ks = vm_kernel_space(), *us;
	const unsigned rw = VM_PROT_READ | VM_PROT_WRITE;
	const uint64_t ua = 0x100000000ull;
	uint64_t base = 0;

	uint64_t f0 = mm_test_settled_frames();
	KTEST_ASSERT(t,
		     vm_reserve(ks, &base, 512 * P, VM_MAP_ALIGN_2M) == ERR_OK);
	dirty_frames();
	KTEST_ASSERT(t, vm_commit(ks, base, 4 * P, rw) == ERR_OK);
	volatile uint64_t *k = (uint64_t *)base;
	k[0] = 5; /* page 0: the kernel's touch, before the alias */
	KTEST_ASSERT(t, vm_space_create(&us) == ERR_OK);
	KTEST_ASSERT(t, vm_map_alias(us, ua, ks, base, 4 * P,
				     rw | VM_PROT_USER) == ERR_OK);
	KTEST_CHECK(t, same_frame(ks, base, us, ua), "page 0 aliased at once");
	KTEST_CHECK(t, vm_translate(us, ua + P, NULL, NULL) == ERR_NOTFOUND,
		    "an untouched page left out");
	/* Page 1: the kernel's touch after the alias, then the user's. */
	KTEST_CHECK(t, k[P / 8] == 0, "kernel reads zero");
	KTEST_CHECK(t, vm_translate(us, ua + P, NULL, NULL) == ERR_NOTFOUND,
		    "still left out here");
	KTEST_CHECK(t,
		    vm_fault(us, ua + P, VM_ACCESS_WRITE, true, NULL) ==
				    ERR_OK &&
			    same_frame(ks, base + P, us, ua + P),
		    "the user's fault maps the kernel's frame");
	/* Page 2: the user's touch first: zeroed and mapped on both sides. */
	KTEST_CHECK(t,
		    vm_fault(us, ua + 2 * P, VM_ACCESS_READ, true, NULL) ==
				    ERR_OK &&
			    same_frame(ks, base + 2 * P, us, ua + 2 * P),
		    "the user's first touch maps it in both spaces");
	KTEST_CHECK(t, nonzero_words(base + 2 * P, P) == 0,
		    "zeroed by the user's first touch");
	/* Past the alias: still a fault of the process's. */
	KTEST_CHECK(t,
		    vm_fault(us, ua + 4 * P, VM_ACCESS_READ, true, NULL) !=
			    ERR_OK,
		    "past the alias");
	vm_space_destroy(us);
	KTEST_CHECK(t, vm_unmap(ks, base, 512 * P) == ERR_OK, "release");
	mm_test_check_frames(t, f0, " release");
}
