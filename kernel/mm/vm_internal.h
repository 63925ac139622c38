/*
 * kernel/mm/vm_internal.h - what vm.c (address spaces, faults, lookups),
 * vm_map.c (regions, kernel stacks), vm_remove.c (removing regions),
 * vm_flush.c (shoot-downs, clearing entries and tables), vm_resv.c
 * (committing reservations) and vm_lazy.c (deferred kernel unmaps) share.
 *
 * Locks as in vm.c: a space's `lock` ("vm-space") guards its region tree,
 * the page tables of its half and (kernel space) the deferred unmaps.
 */
#ifndef KERNEL_MM_VM_INTERNAL_H
#define KERNEL_MM_VM_INTERNAL_H

#include "kernel/mm/rtree.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_pt.h"
#include "kernel/spinlock.h"

struct vm_space {
	struct spinlock lock;
	uint64_t root_pa;
	uint64_t satp;
	uint16_t asid;
	bool kernel;
	bool flush_on_switch; /* no ASID of its own */
	uint64_t lo, hi;      /* region window [lo, hi) */
	struct rt_tree regions;
	uint64_t harts; /* hart indices that have loaded it (atomic) */
	struct vm_lazy_stats
		lazy; /* kernel space: deferred unmaps (vm_lazy.c) */
};

/*
 * Software bit (RSW: the MMU ignores every bit of an invalid PTE) marking
 * an invalid entry whose frame was unmapped lazily and is freed by the
 * next purge: a page in a leaf, a last-level page table in a level-1 slot.
 * The page tables themselves are the list of deferred frames, so a lazy
 * unmap allocates nothing and cannot fail.
 */
#define VM_PTE_LAZY (1ull << 8)

/*
 * Software bit of an invalid leaf PTE holding a frame committed to an
 * anonymous page (vm_commit) but not zeroed yet: the first touch (a fault,
 * vm_fault) zeroes it and makes the entry valid, so a page never touched
 * is never zeroed, and the fault needs no frame (it cannot fail for want
 * of memory, which an S-mode touch could not survive).  Unmapping frees
 * the frame like a mapped one's (never valid, it needs no shoot-down).
 */
#define VM_PTE_UNZEROED (1ull << 9)

struct vm_region {
	struct rt_node node; /* [start, end) */
	unsigned prot;
	enum vm_kind kind;
	/* VM_KIND_PHYS: physical address of node.start; VM_KIND_ALIAS of
	 * the kernel space: the kernel address it aliases there, else 0. */
	uint64_t phys;
	/* Start of the reservation (vm_reserve) this part belongs to, else
	 * 0: only parts of one reservation are ever merged. */
	uint64_t resv;
};

static inline struct vm_region *vm_region_of(struct rt_node *n)
{
	return n ? (struct vm_region *)(void *)n : NULL;
}

/* The leaf PTE mapping pa with prot (global for the kernel's space). */
static inline uint64_t vm_make_pte(uint64_t pa, unsigned prot, bool kernel)
{
	uint64_t pte = (pa >> 12) << PTE_PPN_SHIFT | PTE_V | PTE_A | PTE_D;
	if (prot & VM_PROT_READ)
		pte |= PTE_R;
	if (prot & VM_PROT_WRITE)
		pte |= PTE_W | PTE_R;
	if (prot & VM_PROT_EXEC)
		pte |= PTE_X;
	if (prot & VM_PROT_USER)
		pte |= PTE_U;
	if (kernel)
		pte |= PTE_G;
	return pte;
}

/* va sign-extended from the paging mode's top bit. */
static inline uint64_t vm_canonical(uint64_t va)
{
	unsigned bits = 12 + 9 * vm_pt_levels;
	return (uint64_t)((int64_t)(va << (64 - bits)) >> (64 - bits));
}

/*
 * vm_flush.c: makes every hart that may cache translations of as forget
 * [va, va + size) (size 0: everything of as; tables: page tables were
 * freed, drop cached non-leaf entries too).  Waits (smp_call); the caller
 * may hold as->lock.
 */
void vm_shootdown_req(struct vm_space *as, uint64_t va, uint64_t size,
		      bool tables);

/* Counts a TLB flush that hart `src` asked this hart for, when this hart is
 * another one (the per-hart shoot-down counter).  Interrupts off. */
void vm_count_remote_flush(unsigned src);

/* vm_shootdown_req for leaf entries only. */
static inline void vm_shootdown(struct vm_space *as, uint64_t va, uint64_t size)
{
	vm_shootdown_req(as, va, size, false);
}

/*
 * Frames (pages or page tables) waiting for a shoot-down before they can
 * be freed.  One shoot-down serves both kinds, and none is sent when no
 * entry was cleared or changed: each costs an IPI round trip to every
 * hart concerned.  Large unmaps borrow a frame to hold 512 addresses
 * instead of 32 (64 MiB: 33 shoot-downs instead of 513).
 */
struct fbatch {
	unsigned n, cap;
	bool pending; /* entries cleared or changed since the last flush */
	bool tables;  /* page tables among pa: drop cached non-leaf entries */
	uint64_t *pa; /* small, or the borrowed frame */
	uint64_t borrow; /* physical address of the borrowed frame, or 0 */
	uint64_t small[32];
};

/* vm_flush.c: an empty batch for unmapping `bytes`.  Lock held (may take
 * "pmm"). */
void vm_fbatch_init(struct fbatch *b, uint64_t bytes);

/* vm_flush.c: flushes b (a shoot-down of [va, va + size) if entries were
 * cleared or changed, then frees its frames) and gives the borrowed frame
 * back.  Lock held. */
void vm_fbatch_done(struct vm_space *as, struct fbatch *b, uint64_t va,
		    uint64_t size);

/* vm_flush.c: clears the PTEs of [s, e) in region r; owned frames go to b
 * (flushed through [fs, fe) when b fills), or with b NULL (a lazy unmap)
 * stay in their invalidated PTE, marked VM_PTE_LAZY.  Lock held.  Returns
 * the frames marked. */
uint64_t vm_unmap_pages(struct vm_space *as, struct vm_region *r, uint64_t s,
			uint64_t e, struct fbatch *b, uint64_t fs, uint64_t fe);

/*
 * vm_flush.c: queues on b the last-level tables whose whole 2 MiB span
 * lies in [s, e) (the range has just been unmapped, so they are empty) and
 * clears their entries; b's next flush is a full one.  With b NULL (a lazy
 * unmap) the entries are invalidated and marked VM_PTE_LAZY instead.  Lock
 * held.  Returns the tables marked.
 */
uint64_t vm_free_empty_tables(struct vm_space *as, uint64_t s, uint64_t e,
			      struct fbatch *b);

/* vm_remove.c: splits the regions straddling s and e so that [s, e) is
 * made of whole regions (lazy ones are left whole: nothing changes them
 * but a lazy unmap or a purge).  Lock held.  ERR_NOMEM, or ERR_NOTFOUND
 * when no live region overlaps. */
err_t vm_isolate(struct vm_space *as, uint64_t s, uint64_t e);

/* vm_remove.c: splits r at `at` (start < at < end) into r (the lower part)
 * and n (the upper part, which the tree then owns).  as->lock held. */
void vm_split_into(struct vm_space *as, struct vm_region *r, uint64_t at,
		   struct vm_region *n);

/* vm_map.c: prot reduced to the bits a mapping of as may have (USER only
 * in a user space, where every accessible mapping has it; WRITE implies
 * READ). */
unsigned vm_norm_prot(const struct vm_space *as, unsigned prot);

/*
 * vm_remove.c: turns r, an anonymous part of a reservation whose commit
 * failed, back into a guard part: unmaps and frees what was mapped in it
 * and the page tables left empty, with one shoot-down.  as->lock held.
 */
void vm_uncommit_locked(struct vm_space *as, struct vm_region *r);

/*
 * vm_remove.c: unmaps and frees the regions overlapping [s, e) (whole
 * regions, after isolate) and the page tables left empty, with one
 * shoot-down for the lot (more only when a batch of frames to free fills:
 * 32, or 512 in a borrowed frame) and none when
 * nothing was mapped.  as->lock held.
 */
void vm_remove_regions(struct vm_space *as, uint64_t s, uint64_t e);
/* Every region of process space as, leaving its page tables to the
 * caller (vm_space_destroy frees them all at once: walking an 8 GiB
 * reservation's empty spans for tables to free cost more than a spawn).
 * Lock held. */
void vm_remove_all_regions(struct vm_space *as);

/*
 * vm_lazy.c: a lazy unmap is about to mark entries of one range of pages
 * (table false) or one detached page table (true): makes room to record
 * it, flushing and freeing what was recorded when the record is full.
 * Changes no region.  ks->lock held.
 */
void vm_lazy_make_room(struct vm_space *ks, bool table);

/*
 * vm_lazy.c: records [s, e), whose leaves now hold `frames` frames marked
 * VM_PTE_LAZY, or (table) the detached table of the 2 MiB span at s.
 * After vm_lazy_make_room.  ks->lock held.
 */
void vm_lazy_add(struct vm_space *ks, uint64_t s, uint64_t e, uint64_t frames,
		 bool table);

/*
 * vm_lazy.c: takes up to n frames that a purge freed (kept for reuse:
 * not zeroed) into pa[]; returns how many.  Takes ks->lock unless locked.
 */
unsigned vm_lazy_take(struct vm_space *ks, bool locked, uint64_t *pa,
		      unsigned n);

/*
 * vm_lazy.c: after a lazy unmap has added to ks->lazy, purges when the
 * deferred frames, bytes or ranges pass their thresholds.  ks->lock held.
 */
void vm_lazy_check(struct vm_space *ks);

/*
 * vm_lazy.c: completes every deferred kernel unmap and gives the frames
 * kept for reuse to the pmm (see vm_purge_lazy); false when there was
 * nothing to do.  `held` is the space whose lock the caller
 * holds: the kernel space, or a process space (its lock is ordered before
 * the kernel's, which is then taken here).
 */
bool vm_lazy_purge_under(struct vm_space *held);

#endif /* KERNEL_MM_VM_INTERNAL_H */
