/*
 * kernel/mm/mm_internal.h - helpers shared by the kernel/mm files only.
 */
#ifndef KERNEL_MM_MM_INTERNAL_H
#define KERNEL_MM_MM_INTERNAL_H

#include "base/types.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/spinlock.h"

/* pmm owner word values used by kernel/mm itself. */
#define PMM_OWNER_NONE	     0
#define PMM_OWNER_CACHED     0xffffffffu /* sits in a hart's frame cache */
#define PMM_OWNER_LARGE	     0x1a6e00u	 /* | order: kmalloc large block */
#define PMM_OWNER_LARGE_MASK 0xffffff00u

/*
 * Acquires a leaf lock of the allocators ("pmm", "kheap-class") without
 * serving remote calls while spinning.  Needed even though smp_poll() no
 * longer re-enters a running call: kheap_trim() and pmm_drain_all() send
 * calls (trim_call, drain_call) that rewrite the target hart's caches and
 * take these locks, and a call served from inside an allocator critical
 * section would find that hart's cache half updated (it is protected only
 * by interrupts being off) or the other allocator lock already held by the
 * interrupted code (kheap-class held while spinning on pmm: "recursive
 * acquisition").  No deadlock: a holder of these locks never waits for
 * another hart (no smp_call, no sleeping, no page fault: physmap memory
 * only, and the only nesting is kheap-class -> pmm), so a shoot-down
 * waiting on a hart spinning here waits at most for one critical section.
 * docs/locking.md has the rule.
 */
static inline void kmm_lock(struct spinlock *l)
{
	while (!spin_trylock(l))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
}

/*
 * Zeroes bytes (a multiple of 256: whole pages) at p (8-byte aligned): 32
 * stores a loop, 544 instructions a page (8 stores a loop took 640: a
 * spawn of hello zeroes the ~34 pages of its linear memory).
 */
static inline void kmm_zero(void *p, size_t bytes)
{
	uint64_t *w = p, *end = (uint64_t *)(void *)((char *)p + bytes);
	for (; w < end; w += 32)
		for (unsigned i = 0; i < 32; i++)
			w[i] = 0;
}

#endif /* KERNEL_MM_MM_INTERNAL_H */
