/*
 * kernel/mm/mm_test.h - helpers shared by the memory tests (kernel/mm's,
 * and kernel/proc/proc_tlb_test.c): a seeded generator, free-frame and
 * TLB-flush accounting.
 */
#ifndef KERNEL_MM_MM_TEST_H
#define KERNEL_MM_MM_TEST_H

#include "kernel/hart.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/smp.h"

static inline uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Free frames now, deferred kernel unmaps completed first (vm_lazy.c). */
static inline uint64_t free_frames_now(void)
{
	struct pmm_stats st;
	vm_purge_lazy();
	pmm_get_stats(&st);
	return st.free_frames;
}

/* TLB flushes the online harts have run for other harts, summed (the
 * per-hart tlb_shootdowns counters). */
static inline uint64_t mm_test_remote_flushes(void)
{
	uint64_t n = 0, mask = smp_online_mask();
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		if (mask & (1ull << i))
			n += __atomic_load_n(&hart_by_index(i)->tlb_shootdowns,
					     __ATOMIC_RELAXED);
	return n;
}

/* What every online hart read at va (mm_test_all_read). */
struct mm_test_seen {
	uint64_t va;
	uint64_t value[BOOT_MAX_HARTS];
};

/* Every online hart reads the word at s->va (through its own TLB); returns
 * how many saw want, *harts how many read.  No lock held. */
unsigned mm_test_all_read(struct mm_test_seen *s, uint64_t want,
			  unsigned *harts);

/* Free frames once deferred kernel unmaps are purged and every per-hart
 * heap and frame cache is given back, so that two counts compare what is
 * really in use (mm_test.c). */
uint64_t mm_test_settled_frames(void);

/* Records a check that mm_test_settled_frames() is back to before; when
 * ends the failure message ("", " trim", ...). */
void mm_test_check_frames(struct ktest *t, uint64_t before, const char *when);

/* Whether the region of as holding va is [start, start + size) of kind
 * (mm_test.c). */
bool mm_test_region_is(struct vm_space *as, uint64_t va, uint64_t start,
		       uint64_t size, enum vm_kind kind);

#endif /* KERNEL_MM_MM_TEST_H */
