/*
 * kernel/mm/vm_lazy.c - deferred unmapping of kernel mappings: one TLB
 * flush of every hart for many unmaps, the way Linux purges vmap areas.
 *
 * Every hart may cache translations of the kernel space, so an unmap there
 * used to cost an IPI round trip to every online hart (kernel stacks,
 * huge kmalloc blocks and each process's linear memory: three or more per
 * spawn).  Instead, vm_remove.c's remove_lazy() invalidates the entries but
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
 * it purges first, and nothing but a purge removes it.  So a stale entry can
 * only be used by code touching memory it already gave back (a use after free,
 * which would read the old contents, never someone else's memory).  The
 * purge frees nothing until every online hart has run its flush, and a
 * hart cannot re-fetch an invalid PTE into its TLB, so no stale entry
 * survives into the reuse; the frames a purge keeps for reuse (ready
 * below) are kept only after that flush.  Narrowing a mapping (vm_protect) and
 * the failure path of vm_commit (whose range stays in use) still shoot down at
 * once.
 *
 * When: a lazy unmap purges once the deferred frames, bytes or ranges
 * pass the limits below; finding no free range or a fixed mapping over a
 * lazy one purges and retries; a full record (64 page ranges, 64 tables)
 * flushes and frees what it holds; running out of frames purges
 * (populate and faults under the space lock here, pmm and kmalloc through
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

/* What the next flush lets us free: page ranges whose leaves may be
 * marked VM_PTE_LAZY, and the 2 MiB spans whose table was detached.  A
 * purge visits only these, not the (mostly guard) lazy regions.  Lock:
 * the kernel space's "vm-space". */
#define LAZY_PAGE_RANGES 64
#define LAZY_TABLES	 64
static struct {
	unsigned nranges, ntables;
	struct {
		uint64_t s, e;
	} ranges[LAZY_PAGE_RANGES];
	uint64_t tables[LAZY_TABLES];
} pending;

/* Frames freed by a purge, kept for the kernel space's next mappings: a
 * batch this large freed to the pmm overflows the per-hart cache into the
 * buddy lists and comes back out of them, some 250 instructions a frame.
 * Linked through their first word (they are flushed: nothing else can
 * reach them); at most LAZY_MAX_READY; given to the pmm on demand
 * (vm_purge_lazy, memory pressure).  Lock: the kernel's "vm-space". */
#define LAZY_MAX_READY (2 * LAZY_MAX_FRAMES)
static uint64_t ready_head; /* physical address, 0: none */

static void recycle(struct vm_space *ks, uint64_t pa)
{
	if (ks->lazy.ready >= LAZY_MAX_READY) {
		pmm_free_frame(pa);
		return;
	}
	*(uint64_t *)phys_to_virt(pa) = ready_head;
	ready_head = pa;
	ks->lazy.ready++;
}

/* Gives every ready frame to the pmm; whether there was one.  Lock held. */
static bool drain_ready(struct vm_space *ks)
{
	bool any = ready_head != 0;
	while (ready_head) {
		uint64_t pa = ready_head;
		ready_head = *(uint64_t *)phys_to_virt(pa);
		pmm_free_frame(pa);
	}
	ks->lazy.ready = 0;
	return any;
}

/* See vm_internal.h. */
unsigned vm_lazy_take(struct vm_space *ks, bool locked, uint64_t *pa,
		      unsigned n)
{
	if (!locked)
		spin_lock(&ks->lock);
	unsigned got = 0;
	for (; got < n && ready_head; got++) {
		pa[got] = ready_head;
		ready_head = *(uint64_t *)phys_to_virt(ready_head);
	}
	ks->lazy.ready -= got;
	if (!locked)
		spin_unlock(&ks->lock);
	return got;
}

static void purge_flush_call(void *arg)
{
	vm_count_remote_flush(*(const unsigned *)arg);
	arch_flush_tlb_all();
}

/* Frees (recycles) the frame of a lazily invalidated PTE and clears it. */
static uint64_t release_entry(struct vm_space *ks, uint64_t *pte)
{
	uint64_t e = *pte;
	if ((e & (PTE_V | VM_PTE_LAZY)) != VM_PTE_LAZY)
		return 0;
	*pte = 0;
	recycle(ks, pte_pa(e));
	return 1;
}

/* Frees the deferred frames of the pages in [s, e), whose table may be
 * attached or detached (not yet freed).  Returns how many. */
static uint64_t release_pages(struct vm_space *ks, uint64_t s, uint64_t e)
{
	const uint64_t span = pt_span(1);
	uint64_t freed = 0;
	for (uint64_t va = s; va < e;) {
		uint64_t next = MIN(ALIGN_DOWN(va, span) + span, e);
		uint64_t *slot = pt_slot_at(ks->root_pa, va, 1);
		uint64_t t = slot ? *slot : 0;
		bool table = (t & PTE_V) ? !(t & PTE_RWX) : (t & VM_PTE_LAZY);
		if (table) {
			uint64_t *leaf = phys_to_virt(pte_pa(t));
			for (uint64_t a = va; a < next; a += PAGE_SIZE)
				freed += release_entry(ks,
						       &leaf[pt_index(a, 0)]);
		}
		va = next;
	}
	return freed;
}

/*
 * Flushes every online hart's TLB and frees what the pending record
 * holds: pages first, then the detached tables (read on the way to them).
 * The lazy regions stay.  ks->lock held.
 */
static void flush_and_release(struct vm_space *ks)
{
	/* Interrupts are off (the lock): the index stays ours. */
	unsigned me = hart_self()->index;
	smp_call(smp_online_mask() | 1ull << me, purge_flush_call, &me, true);
	uint64_t freed = 0;
	for (unsigned i = 0; i < pending.nranges; i++)
		freed += release_pages(ks, pending.ranges[i].s,
				       pending.ranges[i].e);
	for (unsigned i = 0; i < pending.ntables; i++) {
		uint64_t *slot = pt_slot_at(ks->root_pa, pending.tables[i], 1);
		freed += slot ? release_entry(ks, slot) : 0;
	}
	if (freed != ks->lazy.frames)
		panic("vm: lazy purge freed %llu frames of %llu",
		      (unsigned long long)freed,
		      (unsigned long long)ks->lazy.frames);
	pending.nranges = pending.ntables = 0;
	ks->lazy.frames = 0;
}

/* The purge; false when nothing was deferred.  ks->lock held. */
static bool purge_locked(struct vm_space *ks)
{
	assert(spin_held(&ks->lock));
	if (!ks->lazy.ranges && !pending.nranges && !pending.ntables)
		return false;
	flush_and_release(ks);
	uint64_t ranges = 0;
	struct vm_region *r = vm_region_of(rt_first(&ks->regions));
	while (r) {
		struct vm_region *next =
			vm_region_of(rt_next(&ks->regions, &r->node));
		if (r->kind == VM_KIND_LAZY) {
			rt_remove(&ks->regions, &r->node);
			kfree(r);
			ranges++;
		}
		r = next;
	}
	if (ranges != ks->lazy.ranges)
		panic("vm: lazy purge found %llu ranges of %llu",
		      (unsigned long long)ranges,
		      (unsigned long long)ks->lazy.ranges);
	ks->lazy.bytes = 0;
	ks->lazy.ranges = 0;
	ks->lazy.purges++;
	return true;
}

/* See vm_internal.h. */
void vm_lazy_make_room(struct vm_space *ks, bool table)
{
	if (table ? pending.ntables == LAZY_TABLES
		  : pending.nranges == LAZY_PAGE_RANGES)
		flush_and_release(ks);
}

/* See vm_internal.h. */
void vm_lazy_add(struct vm_space *ks, uint64_t s, uint64_t e, uint64_t frames,
		 bool table)
{
	ks->lazy.frames += frames;
	if (table) {
		pending.tables[pending.ntables++] = s;
		return;
	}
	unsigned n = pending.nranges;
	if (n && pending.ranges[n - 1].e == s) {
		pending.ranges[n - 1].e = e; /* one range more */
		return;
	}
	pending.ranges[n].s = s;
	pending.ranges[n].e = e;
	pending.nranges = n + 1;
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
	if (held != ks)
		spin_lock(&ks->lock);
	bool any = purge_locked(ks);
	any |= drain_ready(ks);
	if (held != ks)
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
