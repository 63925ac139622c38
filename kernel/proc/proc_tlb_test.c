/*
 * kernel/proc/proc_tlb_test.c - what process spawns cost the other harts'
 * TLBs.  Processes run in the kernel, so each spawn and exit maps and
 * unmaps kernel memory (a kernel stack, the linear memory's reservation):
 * those unmaps are deferred and purged in batches (kernel/mm/vm_lazy.c),
 * so the other harts take far fewer shoot-downs than one per spawn.
 */
#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/mm/mm_test.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/smp.h"

#define SPAWNS 64

static unsigned online_harts(void)
{
	return (unsigned)__builtin_popcountll(smp_online_mask());
}

KTEST(proc_spawn_shootdowns)
{
	unsigned harts = online_harts();
	KTEST_ASSERT(t, proc_test_put_nop("tlbnop.wasm"));
	const char *argv[] = {"/tmp/tlbnop.wasm"};
	struct proc_spawn_args a = {.path = argv[0], .argc = 1, .argv = argv};
	struct vm_lazy_stats l0, l1;
	vm_purge_lazy();
	vm_lazy_get_stats(&l0);
	uint64_t f0 = mm_test_remote_flushes();

	unsigned ok = 0;
	for (unsigned i = 0; i < SPAWNS; i++) {
		uint32_t pid, got;
		int status;
		ok += proc_spawn(&a, &pid) == 0 &&
		      proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
		      status == 0;
	}
	uint64_t flushes = mm_test_remote_flushes() - f0;
	vm_lazy_get_stats(&l1);
	KTEST_CHECK(t, ok == SPAWNS, "%u of %u spawns ran", ok, SPAWNS);
	/* Batched on any number of harts: one purge per 8 spawns at most. */
	KTEST_CHECK(t, l1.purges - l0.purges <= SPAWNS / 8,
		    "%llu purges for %u spawns",
		    (unsigned long long)(l1.purges - l0.purges), SPAWNS);
	/* Without deferral every spawn cost at least two shoot-downs of
	 * every other hart (its stack, its memory): 2 * SPAWNS * (harts -
	 * 1).  Bound: one per 8 spawns per other hart. */
	uint64_t bound = (uint64_t)SPAWNS / 8 * (harts - 1);
	KTEST_CHECK(t, flushes <= bound,
		    "%llu remote TLB flushes for %u spawns on %u harts (at "
		    "most %llu)",
		    (unsigned long long)flushes, SPAWNS, harts,
		    (unsigned long long)bound);
	ktest_log(t, "%u harts: %llu remote flushes, %llu purges for %u spawns",
		  harts, (unsigned long long)flushes,
		  (unsigned long long)(l1.purges - l0.purges), SPAWNS);
}
