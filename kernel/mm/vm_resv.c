/*
 * kernel/mm/vm_resv.c - reservations: a range of guard pages set aside in
 * one piece (vm_reserve, vm_map.c) whose parts are committed later as
 * zeroed anonymous memory (vm_commit), so that memory that grows (a
 * process's linear memory) grows in place.  Committed parts of one
 * reservation are merged, so growing a page at a time keeps two regions.
 *
 * Frames are allocated without the space's "vm-space" lock and put in the
 * page tables under it in batches, not zeroed: each waits in its invalid
 * PTE (VM_PTE_UNZEROED) for the page's first touch, which zeroes and maps
 * it (vm_fault); see docs/memory.md, "Reservations".
 */
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/panic.h"

#define COMMIT_BATCH 32 /* frames taken per lock round */

/* Whether a and b (a just below b) are parts of one reservation that can
 * be one region. */
static bool resv_mergeable(const struct vm_region *a, const struct vm_region *b)
{
	return a->resv && a->resv == b->resv && a->node.end == b->node.start &&
	       a->kind == b->kind && a->prot == b->prot &&
	       (a->kind == VM_KIND_ANON || a->kind == VM_KIND_GUARD);
}

/* Merges r with the parts of its reservation that touch it and are like
 * it, so that growing page by page keeps two regions.  Lock held. */
static void resv_merge(struct vm_space *as, struct vm_region *r)
{
	struct vm_region *prev =
		r->node.start ? vm_region_of(rt_lookup(&as->regions,
						       r->node.start - 1))
			      : NULL;
	if (prev && resv_mergeable(prev, r)) {
		rt_remove(&as->regions, &r->node);
		prev->node.end = r->node.end;
		kfree(r);
		r = prev;
	}
	struct vm_region *next = vm_region_of(rt_next(&as->regions, &r->node));
	if (next && resv_mergeable(r, next)) {
		rt_remove(&as->regions, &next->node);
		r->node.end = next->node.end;
		kfree(next);
	}
}

/* Makes [s, e) of the guard part of a reservation its own anonymous
 * region with prot, taking the records splits need from spare (used ones
 * are set to NULL).  Lock held.  Errors: ERR_INVAL. */
static err_t resv_carve(struct vm_space *as, uint64_t s, uint64_t e,
			unsigned prot, struct vm_region *spare[2])
{
	struct vm_region *g = vm_region_of(rt_lookup(&as->regions, s));
	if (!g || g->kind != VM_KIND_GUARD || !g->resv || g->node.end < e)
		return ERR_INVAL;
	if (g->node.start < s) {
		vm_split_into(as, g, s, spare[0]);
		g = spare[0];
		spare[0] = NULL;
	}
	if (g->node.end > e) {
		vm_split_into(as, g, e, spare[1]);
		spare[1] = NULL;
	}
	g->kind = VM_KIND_ANON;
	g->prot = prot;
	return ERR_OK;
}

/* Puts pa[0..n) in the PTEs of va.. under the lock, invalid and marked
 * VM_PTE_UNZEROED; a page mapped meanwhile (a demand fault) keeps its
 * frame and ours is freed.  Errors of pt_walk. */
static err_t commit_batch(struct vm_space *as, uint64_t va, const uint64_t *pa,
			  unsigned n)
{
	err_t err = ERR_OK;
	struct pt_cursor cur = {0};
	spin_lock(&as->lock);
	for (unsigned i = 0; i < n; i++, va += PAGE_SIZE) {
		uint64_t *pte = NULL;
		if (!err)
			err = pt_cursor_walk(&cur, as->root_pa, va, true, &pte);
		if (err || *pte) {
			pmm_free_frame(pa[i]);
			continue;
		}
		/* Invalid: no hart can cache it, so no flush either way. */
		__atomic_store_n(pte, pte_make(pa[i], VM_PTE_UNZEROED),
				 __ATOMIC_RELEASE);
	}
	spin_unlock(&as->lock);
	return err;
}

/* Backs every page of [s, e) (anonymous memory) with a frame,
 * zeroed on first touch: a compiled spawn of hello touches 5 of the 32
 * pages of its memory, and zeroing them all was ~19,000 instructions.  No lock
 * held while frames are taken.  On failure the pages backed so far stay (the
 * caller unmaps).  Errors: ERR_NOMEM. */
static err_t commit_frames(struct vm_space *as, uint64_t s, uint64_t e)
{
	uint64_t pa[COMMIT_BATCH];
	for (uint64_t va = s; va < e; va += COMMIT_BATCH * PAGE_SIZE) {
		unsigned n = (unsigned)MIN((uint64_t)COMMIT_BATCH,
					   (e - va) / PAGE_SIZE);
		unsigned got = as->kernel ? vm_lazy_take(as, false, pa, n) : 0;
		for (unsigned i = got; i < n; i++) {
			if (pmm_alloc_frame(&pa[i]) != ERR_OK) {
				while (i--)
					pmm_free_frame(pa[i]);
				return ERR_NOMEM;
			}
		}
		err_t err = commit_batch(as, va, pa, n);
		if (err)
			return err;
	}
	return ERR_OK;
}

err_t vm_commit(struct vm_space *as, uint64_t start, size_t size, unsigned prot)
{
	uint64_t end = start + size;
	prot = vm_norm_prot(as, prot);
	if (!size || !IS_ALIGNED(start, PAGE_SIZE) ||
	    !IS_ALIGNED(size, PAGE_SIZE) || end < start ||
	    !(prot & (VM_PROT_READ | VM_PROT_EXEC)) ||
	    ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC)))
		return ERR_INVAL;
	struct vm_region *spare[2] = {kmalloc(sizeof(struct vm_region)),
				      kmalloc(sizeof(struct vm_region))};
	err_t err = ERR_NOMEM;
	if (!spare[0] || !spare[1])
		goto out;
	spin_lock(&as->lock);
	err = resv_carve(as, start, end, prot, spare);
	spin_unlock(&as->lock);
	if (err)
		goto out;
	/* [start, end) is demand-zero memory now; give every page its frame
	 * now, so that no fault there needs one. */
	err = commit_frames(as, start, end);
	spin_lock(&as->lock);
	struct vm_region *r = vm_region_of(rt_lookup(&as->regions, start));
	assert(r && r->node.start == start && r->node.end == end);
	if (err)
		vm_uncommit_locked(as, r);
	resv_merge(as, r);
	spin_unlock(&as->lock);
out:
	kfree(spare[0]);
	kfree(spare[1]);
	return err;
}
