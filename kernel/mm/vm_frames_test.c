/*
 * kernel/mm/vm_frames_test.c - in-kernel test of vm_map_frames (kernel/mm/
 * vm_map.c): frames kept by their owner mapped into a process space, a
 * mapping that continues one below growing its region, refusals, and
 * unmapping that leaves the frames to their owner.
 */
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"

#define P PAGE_SIZE

KTEST(vm_map_frames_grows)
{
	const unsigned rx = VM_PROT_READ | VM_PROT_EXEC | VM_PROT_USER;
	const uint64_t a = 0x400000;
	struct vm_space *us;
	uint64_t pa[4];

	uint64_t f0 = mm_test_settled_frames();
	for (unsigned i = 0; i < 4; i++)
		KTEST_ASSERT(t, pmm_alloc_frame(&pa[i]) == ERR_OK);
	KTEST_ASSERT(t, vm_space_create(&us) == ERR_OK);
	KTEST_CHECK(t, vm_map_frames(us, a, pa, 2, rx) == ERR_OK, "first two");
	KTEST_CHECK(t, vm_map_frames(us, a + 2 * P, pa + 2, 2, rx) == ERR_OK,
		    "next two");
	KTEST_CHECK(t,
		    mm_test_region_is(us, a + 3 * P, a, 4 * P, VM_KIND_ALIAS),
		    "one region of four pages");
	unsigned bad = 0;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t got = 0;
		unsigned prot = 0;
		bad += vm_translate(us, a + i * P, &got, &prot) != ERR_OK ||
		       got != pa[i] || prot != rx;
	}
	KTEST_CHECK(t, bad == 0, "%u pages not mapped to their frame r-x", bad);
	KTEST_CHECK(t, vm_map_frames(us, a + P, pa, 1, rx) == ERR_EXISTS,
		    "overlap refused");
	KTEST_CHECK(t,
		    vm_map_frames(us, a + 4 * P, pa, 1, rx | VM_PROT_WRITE) ==
			    ERR_INVAL,
		    "W+X refused");
	KTEST_CHECK(t,
		    vm_map_frames(vm_kernel_space(), a, pa, 1, rx) == ERR_INVAL,
		    "the kernel space refused");
	KTEST_CHECK(t,
		    vm_map_frames(us, a + 4 * P, pa, 1,
				  VM_PROT_READ | VM_PROT_USER) == ERR_OK &&
			    mm_test_region_is(us, a + 4 * P, a + 4 * P, P,
					      VM_KIND_ALIAS),
		    "another prot: a region of its own");
	KTEST_CHECK(t,
		    vm_unmap(us, a + P, P) == ERR_OK &&
			    vm_translate(us, a + P, NULL, NULL) == ERR_NOTFOUND,
		    "a page unmapped");
	vm_space_destroy(us);
	/* The frames are still ours: unmapping left them. */
	for (unsigned i = 0; i < 4; i++)
		pmm_free_frame(pa[i]);
	mm_test_check_frames(t, f0, " destroy");
}
