/*
 * kernel/mm/mm_test.h - helpers shared by the kernel/mm tests (mm_test.c,
 * vm_test.c): a seeded generator and free-frame accounting.
 */
#ifndef KERNEL_MM_MM_TEST_H
#define KERNEL_MM_MM_TEST_H

#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pmm.h"

static inline uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static inline uint64_t free_frames_now(void)
{
	struct pmm_stats st;
	pmm_get_stats(&st);
	return st.free_frames;
}

/* Free frames once every per-hart heap and frame cache is given back, so
 * that two counts compare what is really in use. */
static inline uint64_t settled_free_frames(void)
{
	kheap_trim();
	pmm_drain_all();
	return free_frames_now();
}

/* Checks that the settled free frame count is back to before. */
static inline void check_frames_back(struct ktest *t, uint64_t before,
			      const char *when)
{
	uint64_t after = settled_free_frames();
	KTEST_CHECK(t, after == before, "free frames %llu before, %llu after%s",
		    (unsigned long long)before, (unsigned long long)after,
		    when);
}

#endif /* KERNEL_MM_MM_TEST_H */
