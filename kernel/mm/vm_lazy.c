/*
 * kernel/mm/vm_lazy.c - deferred unmapping of kernel mappings: one TLB
 * flush of every hart for many unmaps, the way Linux purges vmap areas.
 *
 * Every hart may cache translations of the kernel space, so an unmap there
 * used to cost an IPI round trip to every online hart (kernel stacks,
 * huge kmalloc blocks and each process's linear memory: three or more per
 * spawn).  Instead, vm_map.c's remove_lazy() invalidates the entries but
 * keeps each frame's address in its invalid PTE (VM_PTE_LAZY; the same in
 * the level-1 slot of a page table whose whole span went), and turns the
 * range, holes included, into one VM_KIND_LAZY region.  A purge flushes
 * every hart's TLB once (sfence.vma with no operands: leaf and non-leaf
 * entries, global ones included), then frees those frames and tables and
 * removes the lazy regions.
 *
 * Why stale entries are harmless.  A hart may hold (and may have fetched
 * speculatively at any time) a TLB entry for any PTE that was valid since
 * its last full flush.  Before a purge such an entry of an unmapped range
 * points at a frame (or, for a cached non-leaf entry, a page table whose
 * leaves are all invalid) that is still marked VM_PTE_LAZY and so is not
 * free, and its address lies in a VM_KIND_LAZY region, which no mapping
 * can be given: rt_find_gap sees it as taken, a fixed mapping overlapping
 * it fails, and nothing but a purge removes it.  So a stale entry can only
 * be used by code touching memory it already gave back (a use after free,
 * which would read the old contents, never someone else's memory).  The
 * purge frees nothing until every online hart has run its flush, and a
 * hart cannot re-fetch an invalid PTE into its TLB, so no stale entry
 * survives into the reuse.  Narrowing a mapping (vm_protect) and the
 * failure path of vm_commit (whose range stays in use) still shoot down
 * at once.
 *
 * When: a lazy unmap purges once the deferred frames, bytes or ranges
 * pass the limits below; finding no free range or a fixed mapping over a
 * lazy one purges and retries; running out of frames purges (populate and
 * faults under the space lock here, pmm and kmalloc through
 * vm_reclaim_lazy when their caller can wait for other harts);
 * vm_purge_lazy() purges on demand (tests comparing free memory).
 *
 * Locks: everything here runs under the kernel space's "vm-space" lock,
 * taken after a process space's when both are held (docs/locking.md);
 * the flush is an smp_call with it held, like every shoot-down.
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/hart.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/panic.h"
#include "kernel/smp.h"

/* Purge thresholds: deferred frames (4 MiB), lazy regions (each is walked
 * past by every search for a free range), and a share of the window. */
#define LAZY_MAX_FRAMES	 1024
#define LAZY_MAX_RANGES	 32
#define LAZY_WINDOW_PART 8 /* at most 1/8 of the window held */

static void purge_flush_call(void *arg)
{
	vm_count_remote_flush(*(const unsigned *)arg);
	arch_flush_tlb_all();
}

/* Frees the frame of a lazily invalidated PTE and clears it. */
static uint64_t release_entry(uint64_t *pte)
{
	uint64_t e = *pte;
	if ((e & (PTE_V | VM_PTE_LAZY)) != VM_PTE_LAZY)
		return 0;
	*pte = 0;
	pmm_free_frame(pte_pa(e));
	return 1;
}

/* Frees the deferred frames and detached page tables of the lazy region
 * [s, e); returns how many.  After the purge's flush, lock held. */
static uint64_t release_range(struct vm_space *ks, uint64_t s, uint64_t e)
{
	const uint64_t span = pt_span(1);
	uint64_t freed = 0;
	for (uint64_t va = ALIGN_DOWN(s, span); va < e; va += span) {
		uint64_t *slot = pt_slot_at(ks->root_pa, va, 1);
		if (!slot) {
			/* A higher table is missing: skip what it covers. */
			int hole = pt_hole_level(ks->root_pa, va);
			if (hole > 1) {
				uint64_t next = ALIGN_UP(
					va + 1, pt_span((unsigned)hole));
				if (next <= va)
					break;
				va = next - span;
			}
			continue;
		}
		uint64_t t = *slot;
		if ((t & PTE_V) && !(t & PTE_RWX)) {
			/* Shared with live mappings: only this range's. */
			uint64_t *leaf = phys_to_virt(pte_pa(t));
			uint64_t lo = MAX(va, s), hi = MIN(va + span, e);
			for (uint64_t a = lo; a < hi; a += PAGE_SIZE)
				freed += release_entry(&leaf[pt_index(a, 0)]);
		} else if (!(t & PTE_V) && (t & VM_PTE_LAZY)) {
			/* Detached whole: every leaf, then the table. */
			uint64_t *leaf = phys_to_virt(pte_pa(t));
			for (unsigned i = 0; i < 512; i++)
				freed += release_entry(&leaf[i]);
			freed += release_entry(slot);
		}
		if (va + span < va)
			break;
	}
	return freed;
}

/* The purge; false when nothing was deferred.  ks->lock held. */
static bool purge_locked(struct vm_space *ks)
{
	assert(spin_held(&ks->lock));
	if (!ks->lazy.ranges)
		return false;
	/* Interrupts are off (the lock): the index stays ours. */
	unsigned me = hart_self()->index;
	smp_call(smp_online_mask() | 1ull << me, purge_flush_call, &me, true);
	uint64_t freed = 0, ranges = 0;
	struct vm_region *r = vm_region_of(rt_first(&ks->regions));
	while (r) {
		struct vm_region *next =
			vm_region_of(rt_next(&ks->regions, &r->node));
		if (r->kind == VM_KIND_LAZY) {
			freed += release_range(ks, r->node.start, r->node.end);
			rt_remove(&ks->regions, &r->node);
			kfree(r);
			ranges++;
		}
		r = next;
	}
	if (freed != ks->lazy.frames || ranges != ks->lazy.ranges)
		panic("vm: lazy purge freed %llu frames of %llu, %llu ranges "
		      "of %llu",
		      (unsigned long long)freed,
		      (unsigned long long)ks->lazy.frames,
		      (unsigned long long)ranges,
		      (unsigned long long)ks->lazy.ranges);
	ks->lazy.frames = 0;
	ks->lazy.bytes = 0;
	ks->lazy.ranges = 0;
	ks->lazy.purges++;
	return true;
}

/* See vm_internal.h. */
void vm_lazy_check(struct vm_space *ks)
{
	const struct vm_lazy_stats *l = &ks->lazy;
	if (l->frames > LAZY_MAX_FRAMES || l->ranges > LAZY_MAX_RANGES ||
	    l->bytes > (ks->hi - ks->lo) / LAZY_WINDOW_PART)
		purge_locked(ks);
}

/* See vm_internal.h. */
bool vm_lazy_purge_under(struct vm_space *held)
{
	struct vm_space *ks = vm_kernel_space();
	if (held == ks)
		return purge_locked(ks);
	spin_lock(&ks->lock);
	bool any = purge_locked(ks);
	spin_unlock(&ks->lock);
	return any;
}

bool vm_purge_lazy(void)
{
	return vm_lazy_purge_under(NULL);
}

bool vm_reclaim_lazy(void)
{
	/* Interrupts on: no spinlock is held on this hart (they keep them
	 * off), so waiting for the other harts and taking vm-space is
	 * allowed.  Before vm_init there is nothing deferred (satp is
	 * write-once there). */
	if (!arch_irq_enabled() || !vm_kernel_space()->satp)
		return false;
	return vm_purge_lazy();
}

void vm_lazy_get_stats(struct vm_lazy_stats *out)
{
	struct vm_space *ks = vm_kernel_space();
	spin_lock(&ks->lock);
	*out = ks->lazy;
	spin_unlock(&ks->lock);
}
