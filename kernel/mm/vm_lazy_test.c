/*
 * kernel/mm/vm_lazy_test.c - in-kernel tests of the deferred kernel
 * unmaps (vm_lazy.c): no shoot-down at unmap, the range held until the
 * purge, every hart reading the new mapping once the range is reused,
 * bounded deferral, and the per-space hart mask of process spaces.
 * (Reclaim under memory pressure: pmm_out_of_memory in mm_test.c.)
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

#define P	PAGE_SIZE
#define RW	(VM_PROT_READ | VM_PROT_WRITE)
#define PAGES	4
#define CYCLES	200 /* kernel stacks made and freed */
#define VALUE_A 0xa0a0u
#define VALUE_B 0xb0b0u

KTEST(vm_lazy_unmap_reuse)
{
	struct vm_space *ks = vm_kernel_space();
	static struct mm_test_seen s;
	struct vm_lazy_stats l0, l1;
	struct vm_fault_report rep;
	uint64_t va = 0, other = 0, f2;
	unsigned harts;

	uint64_t frames0 = mm_test_settled_frames();
	KTEST_ASSERT(t, pmm_alloc_frame(&f2) == ERR_OK);
	*(volatile uint64_t *)phys_to_virt(f2) = VALUE_B;
	KTEST_ASSERT(t, vm_map_anon(ks, &va, PAGES * P, RW, VM_MAP_POPULATE) ==
				ERR_OK);
	for (unsigned i = 0; i < PAGES; i++)
		*(volatile uint64_t *)(va + i * P) = VALUE_A + i;
	/* Every hart caches va -> the anonymous page. */
	s.va = va;
	unsigned ok = mm_test_all_read(&s, VALUE_A, &harts);
	KTEST_CHECK(t, ok == harts, "%u of %u harts read the page", ok, harts);

	vm_lazy_get_stats(&l0);
	uint64_t r0 = mm_test_remote_flushes();
	KTEST_CHECK(t, vm_unmap(ks, va, PAGES * P) == ERR_OK, "unmap");
	vm_lazy_get_stats(&l1);
	KTEST_CHECK(t, mm_test_remote_flushes() == r0,
		    "%llu shoot-downs of other harts at a kernel unmap",
		    (unsigned long long)(mm_test_remote_flushes() - r0));
	KTEST_CHECK(t,
		    l1.purges > l0.purges ||
			    (l1.frames >= l0.frames + PAGES &&
			     l1.bytes >= PAGES * P && l1.ranges >= 1),
		    "deferred: %llu frames, %llu bytes, %llu ranges",
		    (unsigned long long)l1.frames, (unsigned long long)l1.bytes,
		    (unsigned long long)l1.ranges);
	/* Gone for every lookup, but not reusable before the purge. */
	KTEST_CHECK(t, vm_translate(ks, va, NULL, NULL) == ERR_NOTFOUND,
		    "translate");
	KTEST_CHECK(
		t, vm_region_at(ks, va, NULL, NULL, NULL, NULL) == ERR_NOTFOUND,
		"region");
	KTEST_CHECK(t, vm_unmap(ks, va, PAGES * P) == ERR_NOTFOUND,
		    "second unmap");
	KTEST_CHECK(t, vm_protect(ks, va, P, VM_PROT_READ) == ERR_NOTFOUND,
		    "protect");
	KTEST_CHECK(t,
		    vm_fault(ks, va, VM_ACCESS_READ, false, &rep) ==
				    ERR_NOTFOUND &&
			    !rep.has_region,
		    "fault: %s", rep.reason);
	if (l1.purges == l0.purges) {
		other = va;
		KTEST_CHECK(t,
			    vm_map_anon(ks, &other, PAGES * P, RW, 0) ==
					    ERR_OK &&
				    (other + PAGES * P <= va ||
				     other >= va + PAGES * P),
			    "a new mapping at %#llx overlaps the held range",
			    (unsigned long long)other);
		vm_unmap(ks, other, PAGES * P);
	}

	/* The range again, fixed: the purge runs first, after which every
	 * hart must read the new frame, not a stale translation. */
	vm_lazy_get_stats(&l0);
	r0 = mm_test_remote_flushes();
	KTEST_ASSERT(t, vm_map_phys(ks, &va, f2, P, VM_PROT_READ,
				    VM_MAP_FIXED) == ERR_OK);
	vm_lazy_get_stats(&l1);
	KTEST_CHECK(t, l1.purges > l0.purges && l1.ranges == 0,
		    "purges %llu -> %llu, %llu ranges left",
		    (unsigned long long)l0.purges,
		    (unsigned long long)l1.purges,
		    (unsigned long long)l1.ranges);
	KTEST_CHECK(t, mm_test_remote_flushes() - r0 >= harts - 1,
		    "%llu remote flushes on %u harts",
		    (unsigned long long)(mm_test_remote_flushes() - r0), harts);
	ok = mm_test_all_read(&s, VALUE_B, &harts);
	KTEST_CHECK(t, ok == harts, "%u of %u harts read the new frame", ok,
		    harts);
	KTEST_CHECK(t, vm_unmap(ks, va, P) == ERR_OK, "unmap the new mapping");
	pmm_free_frame(f2);
	mm_test_check_frames(t, frames0, "");
}

KTEST(vm_lazy_bounded)
{
	/* Kernel stacks made and freed many times: deferral stays within
	 * its limits, other harts are flushed far less than once a stack,
	 * and a purge on demand gives everything back. */
	struct vm_lazy_stats l;
	uint64_t max_frames = 0, max_ranges = 0;
	unsigned harts = (unsigned)__builtin_popcountll(smp_online_mask());
	uint64_t frames0 = mm_test_settled_frames();
	uint64_t r0 = mm_test_remote_flushes();
	unsigned ok = 0;
	for (unsigned i = 0; i < CYCLES; i++) {
		uint64_t top;
		if (vm_alloc_kstack(PAGES * P, &top) != ERR_OK)
			continue;
		*(volatile uint64_t *)(top - 8) = i;
		ok += *(volatile uint64_t *)(top - 8) == i;
		vm_free_kstack(top);
		vm_lazy_get_stats(&l);
		max_frames = MAX(max_frames, l.frames);
		max_ranges = MAX(max_ranges, l.ranges);
	}
	uint64_t flushes = mm_test_remote_flushes() - r0;
	KTEST_CHECK(t, ok == CYCLES, "%u of %u stacks", ok, CYCLES);
	KTEST_CHECK(t, max_frames <= 1024 + PAGES && max_ranges <= 33,
		    "up to %llu frames and %llu ranges deferred",
		    (unsigned long long)max_frames,
		    (unsigned long long)max_ranges);
	KTEST_CHECK(t, flushes <= (uint64_t)(harts - 1) * (CYCLES / 16),
		    "%llu remote flushes for %u stacks on %u harts",
		    (unsigned long long)flushes, CYCLES, harts);
	KTEST_CHECK(t, vm_purge_lazy() || max_frames == 0, "purge");
	vm_lazy_get_stats(&l);
	KTEST_CHECK(t, l.frames == 0 && l.ranges == 0 && l.bytes == 0,
		    "after the purge: %llu frames, %llu ranges",
		    (unsigned long long)l.frames, (unsigned long long)l.ranges);
	mm_test_check_frames(t, frames0, "");
	ktest_log(t, "%u harts: %llu remote flushes, up to %llu frames held",
		  harts, (unsigned long long)flushes,
		  (unsigned long long)max_frames);
}

KTEST(vm_lazy_reclaim_needs_interrupts)
{
	/* The allocators' hook purges only when the caller could wait for
	 * the other harts: never with interrupts off (a spinlock held). */
	struct vm_space *ks = vm_kernel_space();
	uint64_t va = 0;
	struct vm_lazy_stats l;
	KTEST_ASSERT(t, vm_map_anon(ks, &va, P, RW, VM_MAP_POPULATE) == 0);
	KTEST_ASSERT(t, vm_unmap(ks, va, P) == ERR_OK);
	irq_push();
	bool off = vm_reclaim_lazy();
	irq_pop();
	vm_lazy_get_stats(&l);
	KTEST_CHECK(t, !off && l.ranges > 0, "purged with interrupts off");
	KTEST_CHECK(t, vm_reclaim_lazy(), "no purge with interrupts on");
	vm_lazy_get_stats(&l);
	KTEST_CHECK(t, l.ranges == 0 && l.frames == 0 && l.ready == 0,
		    "%llu ranges, %llu frames, %llu ready after the reclaim",
		    (unsigned long long)l.ranges, (unsigned long long)l.frames,
		    (unsigned long long)l.ready);
}

KTEST(vm_shootdown_user_mask)
{
	/* A process space loaded on this hart only: unmapping from it
	 * flushes this hart alone (its hart mask), not every hart. */
	struct vm_space *as;
	uint64_t va = 0x400000, pa;
	KTEST_ASSERT(t, vm_space_create(&as) == ERR_OK);
	KTEST_ASSERT(t, vm_map_anon(as, &va, P, RW,
				    VM_MAP_FIXED | VM_MAP_POPULATE) == ERR_OK);
	irq_push(); /* stay on this hart while the space is loaded */
	vm_space_activate(as);
	bool old = arch_user_access(true);
	*(volatile uint64_t *)va = VALUE_A; /* cached here */
	arch_user_access(old);
	err_t got = vm_translate(as, va, &pa, NULL);
	uint64_t r0 = mm_test_remote_flushes();
	err_t un = vm_unmap(as, va, P);
	uint64_t r1 = mm_test_remote_flushes();
	vm_space_activate(vm_kernel_space());
	irq_pop();
	KTEST_CHECK(t, got == ERR_OK && un == ERR_OK, "map %d, unmap %d", got,
		    un);
	KTEST_CHECK(t, r1 == r0, "%llu other harts flushed",
		    (unsigned long long)(r1 - r0));
	vm_space_destroy(as);
}
