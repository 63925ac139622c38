/*
 * kernel/mm/vm_map.c - regions of an address space: map, reserve, unmap,
 * protect, the page-table and TLB shoot-down machinery behind them, and
 * kernel stacks (a guard page below each).  Committing parts of a
 * reservation is in vm_resv.c.
 *
 * Every function takes or needs the space's "vm-space" lock; shoot-downs
 * run with it held (see vm.c).  Frames are freed only after the
 * shoot-down.  Unmaps in the kernel space defer it instead (vm_lazy.c):
 * the entries are invalidated and marked VM_PTE_LAZY, the range becomes a
 * VM_KIND_LAZY region, and a later purge flushes and frees.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/hart.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/panic.h"
#include "kernel/smp.h"

/* ---- TLB shoot-down and page tables -------------------------------------- */

struct flush_req {
	uint64_t va, size;
	uint16_t asid;
	unsigned src; /* index of the requesting hart */
	bool global;  /* kernel mappings: every ASID */
	bool tables;  /* page tables were freed: drop cached non-leaf entries */
};

static void flush_call(void *arg)
{
	const struct flush_req *r = arg;
	vm_count_remote_flush(r->src);
	if (r->tables) {
		/* sfence.vma with rs1 or rs2 set need not drop cached
		 * non-leaf entries; only the full form does. */
		arch_flush_tlb_all();
		return;
	}
	/* Kernel mappings are global, and a space without an ASID of its
	 * own runs as ASID 0 next to the kernel's: both need the forms that
	 * reach every address space. */
	if (r->global || !vm_have_asids() || r->asid == 0)
		arch_flush_tlb_global(r->va, r->size);
	else
		arch_flush_tlb_local(r->va, r->size, r->asid);
}

/* See vm_internal.h. */
void vm_shootdown_req(struct vm_space *as, uint64_t va, uint64_t size,
		      bool tables)
{
	irq_push(); /* the index stays ours */
	unsigned me = hart_self()->index;
	struct flush_req r = {va, size, as->asid, me, as->kernel, tables};
	uint64_t mask = as->kernel
				? smp_online_mask()
				: __atomic_load_n(&as->harts, __ATOMIC_ACQUIRE);
	mask |= 1ull << me; /* page-table stores ordered here */
	smp_call(mask, flush_call, &r, true);
	irq_pop();
}

/* See vm_internal.h. */
void vm_count_remote_flush(unsigned src)
{
	struct hart *h = hart_self();
	if (h->index != src)
		__atomic_store_n(&h->tlb_shootdowns, h->tlb_shootdowns + 1,
				 __ATOMIC_RELAXED);
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

/* An empty batch for unmapping `bytes`.  Lock held (may take "pmm"). */
static void fbatch_init(struct fbatch *b, uint64_t bytes)
{
	b->n = 0;
	b->pending = b->tables = false;
	b->pa = b->small;
	b->cap = ARRAY_SIZE(b->small);
	b->borrow = 0;
	if (bytes / PAGE_SIZE > b->cap && pmm_alloc_frame(&b->borrow) == 0) {
		b->pa = phys_to_virt(b->borrow);
		b->cap = PAGE_SIZE / sizeof(uint64_t);
	}
}

static void fbatch_flush(struct vm_space *as, struct fbatch *b, uint64_t va,
			 uint64_t size)
{
	if (b->pending)
		vm_shootdown_req(as, va, size, b->tables);
	for (unsigned i = 0; i < b->n; i++)
		pmm_free_frame(b->pa[i]);
	b->n = 0;
	b->pending = false;
	b->tables = false;
}

/* fbatch_flush, then gives the borrowed frame back. */
static void fbatch_done(struct vm_space *as, struct fbatch *b, uint64_t va,
			uint64_t size)
{
	fbatch_flush(as, b, va, size);
	if (b->borrow)
		pmm_free_frame(b->borrow);
	b->borrow = 0;
}

/* Queues frame pa, whose entry the caller has just cleared (flushing
 * through [fs, fe) first when b is full). */
static void fbatch_add(struct vm_space *as, struct fbatch *b, uint64_t pa,
		       bool table, uint64_t fs, uint64_t fe)
{
	if (b->n == b->cap)
		fbatch_flush(as, b, fs, fe - fs);
	b->pa[b->n++] = pa;
	b->pending = true;
	b->tables |= table;
}

/* Clears the PTEs of [s, e) in region r; owned frames go to b (flushed
 * through [fs, fe) when b fills), or with b NULL (a lazy unmap) stay in
 * their invalidated PTE, marked VM_PTE_LAZY.  Returns the frames marked. */
static uint64_t unmap_pages(struct vm_space *as, struct vm_region *r,
			    uint64_t s, uint64_t e, struct fbatch *b,
			    uint64_t fs, uint64_t fe)
{
	bool owned = r->kind == VM_KIND_ANON || r->kind == VM_KIND_KSTACK;
	uint64_t marked = 0;
	for (uint64_t va = s; va < e;) {
		uint64_t *pte;
		if (pt_walk(as->root_pa, va, false, &pte) != ERR_OK) {
			/* Nothing mapped under the missing entry: skip it. */
			int hole = pt_hole_level(as->root_pa, va);
			uint64_t next = ALIGN_UP(
				va + 1, pt_span(hole > 0 ? (unsigned)hole : 1));
			if (next <= va || next >= e)
				break;
			va = next;
			continue;
		}
		/* The rest of this last-level table's span from pte on, one
		 * walk for all of it (a walk a page was ~380 walks of a
		 * compiled spawn of hello).  A flush of b on the way frees
		 * pages and tables of ranges already unmapped, never this
		 * table. */
		uint64_t span_end = ALIGN_UP(va + 1, pt_span(1));
		if (span_end > e || span_end <= va)
			span_end = e;
		for (; va < span_end; va += PAGE_SIZE, pte++) {
			uint64_t old = *pte;
			if (!(old & PTE_V))
				continue;
			if (!b) {
				__atomic_store_n(pte,
						 owned ? (old & ~PTE_V) |
								 VM_PTE_LAZY
						       : 0,
						 __ATOMIC_RELAXED);
				marked += owned;
				continue;
			}
			__atomic_store_n(pte, 0, __ATOMIC_RELAXED);
			b->pending = true;
			if (owned)
				fbatch_add(as, b, pte_pa(old), false, fs, fe);
		}
	}
	return marked;
}

/* Maps every page of [s, e) of r now (anon: zeroed frames; a kernel
 * stack: frames as they come, since only the kernel reads it and nothing
 * reads a stack slot before writing it (zeroing a process's 64 KiB stack
 * was ~10,000 instructions of every spawn); phys: its range).  On failure
 * the pages mapped so far stay (caller unmaps). */
static err_t populate(struct vm_space *as, struct vm_region *r, uint64_t s,
		      uint64_t e)
{
	struct pt_cursor cur = {0};
	for (uint64_t va = s; va < e; va += PAGE_SIZE) {
		uint64_t *pte;
		err_t err = pt_cursor_walk(&cur, as->root_pa, va, true, &pte);
		if (err)
			return err;
		if (*pte & PTE_V)
			continue;
		uint64_t pa;
		if (r->kind == VM_KIND_PHYS) {
			pa = r->phys + (va - r->node.start);
		} else {
			/* Out of frames: those of deferred kernel unmaps
			 * may be enough (the pmm cannot purge for us under
			 * this lock). */
			if (!(as->kernel && vm_lazy_take(as, true, &pa, 1)) &&
			    pmm_alloc_frame(&pa) != ERR_OK &&
			    (!vm_lazy_purge_under(as) ||
			     pmm_alloc_frame(&pa) != ERR_OK))
				return ERR_NOMEM;
			if (r->kind != VM_KIND_KSTACK)
				kmm_zero(phys_to_virt(pa), PAGE_SIZE);
		}
		__atomic_store_n(pte, vm_make_pte(pa, r->prot, as->kernel),
				 __ATOMIC_RELEASE);
	}
	return ERR_OK;
}

/*
 * Queues on b the last-level tables whose whole 2 MiB span lies in [s, e)
 * (the range has just been unmapped, so they are empty) and clears their
 * entries; b's next flush is a full one.  With b NULL (a lazy unmap) the
 * entries are invalidated and marked VM_PTE_LAZY instead.  Lock held.
 * Returns the tables marked.
 */
static uint64_t free_empty_tables(struct vm_space *as, uint64_t s, uint64_t e,
				  struct fbatch *b)
{
	const uint64_t span = PAGE_SIZE << 9;
	uint64_t lo = ALIGN_UP(s, span), hi = ALIGN_DOWN(e, span);
	uint64_t marked = 0;

	uint64_t va = lo;
	while (va < hi && va >= lo) {
		uint64_t *slot = pt_slot_at(as->root_pa, va, 1);
		if (!slot) {
			/* A higher table is missing: skip what it covers. */
			int hole = pt_hole_level(as->root_pa, va);
			uint64_t next = va + span;
			if (hole > 1)
				next = ALIGN_UP(va + 1,
						pt_span((unsigned)hole));
			if (next <= va)
				break;
			va = next;
			continue;
		}
		/* The rest of this level-1 table slot by slot (one walk from
		 * the root per table, not per 2 MiB: an 8 GiB reservation
		 * would cost thousands of walks). */
		for (unsigned i = pt_index(va, 1);
		     i < 512 && va < hi && va >= lo; i++, slot++, va += span) {
			uint64_t old = *slot;
			if (!(old & PTE_V) || (old & PTE_RWX))
				continue;
			if (!b) {
				vm_lazy_make_room(as, true);
				__atomic_store_n(slot,
						 (old & ~PTE_V) | VM_PTE_LAZY,
						 __ATOMIC_RELAXED);
				vm_lazy_add(as, va, va + span, 1, true);
				marked++;
				continue;
			}
			__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
			fbatch_add(as, b, pte_pa(old), true, s, e);
		}
	}
	return marked;
}

/* See vm_internal.h. */
void vm_split_into(struct vm_space *as, struct vm_region *r, uint64_t at,
		   struct vm_region *n)
{
	*n = *r;
	n->node.start = at;
	n->node.end = r->node.end;
	if (r->kind == VM_KIND_PHYS)
		n->phys = r->phys + (at - r->node.start);
	r->node.end = at;
	err_t err = rt_insert(&as->regions, &n->node);
	assert(err == ERR_OK);
}

/* vm_split_into with a new record.  NOMEM. */
static err_t split(struct vm_space *as, struct vm_region *r, uint64_t at)
{
	struct vm_region *n = kmalloc(sizeof(*n));
	if (!n)
		return ERR_NOMEM;
	vm_split_into(as, r, at, n);
	return ERR_OK;
}

/* Splits the regions straddling s and e so that [s, e) is made of whole
 * regions (lazy ones are left whole: nothing changes them but a lazy unmap
 * or a purge).  Returns ERR_NOTFOUND when no live region overlaps. */
static err_t isolate(struct vm_space *as, uint64_t s, uint64_t e)
{
	struct vm_region *r = vm_region_of(rt_first_after(&as->regions, s));
	while (r && r->node.start < e && r->kind == VM_KIND_LAZY)
		r = vm_region_of(rt_next(&as->regions, &r->node));
	if (!r || r->node.start >= e)
		return ERR_NOTFOUND;
	if (r->node.start < s) {
		err_t err = split(as, r, s);
		if (err)
			return err;
	}
	struct vm_region *last = vm_region_of(rt_lookup(&as->regions, e - 1));
	if (last && last->node.end > e && last->kind != VM_KIND_LAZY)
		return split(as, last, e);
	return ERR_OK;
}

static bool valid_range(const struct vm_space *as, uint64_t start,
			uint64_t size)
{
	return size && IS_ALIGNED(start, PAGE_SIZE) &&
	       IS_ALIGNED(size, PAGE_SIZE) && start >= as->lo &&
	       start < as->hi && size <= as->hi - start;
}

/* See vm_internal.h. */
unsigned vm_norm_prot(const struct vm_space *as, unsigned prot)
{
	prot &= VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC | VM_PROT_USER;
	if (as->kernel)
		prot &= ~VM_PROT_USER;
	else if (prot)
		prot |= VM_PROT_USER;
	if (prot & VM_PROT_WRITE)
		prot |= VM_PROT_READ;
	return prot;
}

/* Whether no region but lazy ones overlaps [s, e).  Lock held. */
static bool only_lazy(struct vm_space *ks, uint64_t s, uint64_t e)
{
	for (struct vm_region *r =
		     vm_region_of(rt_first_after(&ks->regions, s));
	     r && r->node.start < e;
	     r = vm_region_of(rt_next(&ks->regions, &r->node)))
		if (r->kind != VM_KIND_LAZY)
			return false;
	return true;
}

/*
 * The kernel space's vm_remove_regions: the entries of [s, e) are
 * invalidated with their frames kept (VM_PTE_LAZY), the tables whose span
 * lies inside are detached the same way, and the whole range, holes and
 * lazy regions it overlaps included, becomes one VM_KIND_LAZY region, so
 * that no address a stale TLB entry may cover is handed out and no frame
 * it may point at is freed before the purge's flush.  A 2 MiB span at
 * either end that keeps no live region is taken whole, so that its table
 * goes too (small unmaps, kernel stacks, would otherwise leave empty
 * tables behind wherever their addresses moved to).  Lock held.
 */
static void remove_lazy(struct vm_space *ks, uint64_t s, uint64_t e)
{
	const uint64_t span = PAGE_SIZE << 9;
	uint64_t a = ALIGN_DOWN(s, span), b = ALIGN_UP(e, span);
	if (a < s && a >= ks->lo && only_lazy(ks, a, s))
		s = a;
	if (b > e && b <= ks->hi && only_lazy(ks, e, b))
		e = b;
	struct vm_region *keep = NULL;
	uint64_t lo = s, hi = e, held = 0, ranges = 0;
	struct vm_region *r = vm_region_of(rt_first_after(&ks->regions, s));
	while (r && r->node.start < e) {
		struct vm_region *next =
			vm_region_of(rt_next(&ks->regions, &r->node));
		if (r->kind == VM_KIND_LAZY) {
			lo = MIN(lo, r->node.start);
			hi = MAX(hi, r->node.end);
			held += r->node.end - r->node.start;
			ranges++;
		} else if (r->kind == VM_KIND_PHYS) {
			unmap_pages(ks, r, r->node.start, r->node.end, NULL, s,
				    e); /* not our frames: nothing to record */
		} else if (r->kind != VM_KIND_GUARD) {
			vm_lazy_make_room(ks, false);
			uint64_t n = unmap_pages(ks, r, r->node.start,
						 r->node.end, NULL, s, e);
			vm_lazy_add(ks, r->node.start, r->node.end, n, false);
		}
		rt_remove(&ks->regions, &r->node);
		if (keep)
			kfree(r);
		else
			keep = r;
		r = next;
	}
	if (!keep)
		return;
	free_empty_tables(ks, s, e, NULL);
	/* Lazy neighbours join it: fewer regions to walk past. */
	struct vm_region *n[2] = {
		lo ? vm_region_of(rt_lookup(&ks->regions, lo - 1)) : NULL,
		vm_region_of(rt_lookup(&ks->regions, hi))};
	for (unsigned i = 0; i < 2; i++) {
		if (!n[i] || n[i]->kind != VM_KIND_LAZY)
			continue;
		lo = MIN(lo, n[i]->node.start);
		hi = MAX(hi, n[i]->node.end);
		held += n[i]->node.end - n[i]->node.start;
		ranges++;
		rt_remove(&ks->regions, &n[i]->node);
		kfree(n[i]);
	}
	*keep = (struct vm_region){.node = {.start = lo, .end = hi},
				   .prot = VM_PROT_NONE,
				   .kind = VM_KIND_LAZY};
	err_t err = rt_insert(&ks->regions, &keep->node);
	assert(err == ERR_OK);
	ks->lazy.bytes += (hi - lo) - held;
	ks->lazy.ranges += 1 - ranges;
	vm_lazy_check(ks);
}

static void remove_regions(struct vm_space *as, uint64_t s, uint64_t e,
			   bool tables);

/* Unmaps and frees the regions overlapping [s, e) (whole regions, after
 * isolate) and the tables left empty, one shoot-down for the lot (when
 * the batch does not fill); lazily in the kernel space.  Lock held. */
void vm_remove_regions(struct vm_space *as, uint64_t s, uint64_t e)
{
	remove_regions(as, s, e, true);
}

void vm_remove_all_regions(struct vm_space *as)
{
	remove_regions(as, as->lo, as->hi, false);
}

static void remove_regions(struct vm_space *as, uint64_t s, uint64_t e,
			   bool tables)
{
	if (as->kernel) {
		remove_lazy(as, s, e);
		return;
	}
	struct fbatch b;
	fbatch_init(&b, e - s);
	struct vm_region *r = vm_region_of(rt_first_after(&as->regions, s));
	while (r && r->node.start < e) {
		struct vm_region *next =
			vm_region_of(rt_next(&as->regions, &r->node));
		/* A guard part never has a valid PTE (making one turns its
		 * pages back into guard only after unmapping them). */
		if (r->kind != VM_KIND_GUARD)
			unmap_pages(as, r, r->node.start, r->node.end, &b, s,
				    e);
		rt_remove(&as->regions, &r->node);
		kfree(r);
		r = next;
	}
	if (tables)
		free_empty_tables(as, s, e, &b);
	fbatch_done(as, &b, s, e - s);
}

/* ---- regions ------------------------------------------------------------- */

/* map_region flag (not for callers): the guard region is a reservation. */
#define MAP_RESERVE 0x100u

/* Gives n [*at, *at + size) (VM_MAP_FIXED) or the first free range of
 * size at or above *at (stored in *at) and inserts it.  Lock held.
 * Errors: ERR_INVAL, ERR_EXISTS (overlap), ERR_NOMEM (no free range). */
static err_t place(struct vm_space *as, struct rt_node *n, uint64_t *at,
		   uint64_t size, unsigned flags)
{
	err_t err;
	if (flags & VM_MAP_FIXED) {
		err = valid_range(as, *at, size) ? ERR_OK : ERR_INVAL;
	} else {
		uint64_t lo = *at > as->lo && *at < as->hi ? *at : as->lo;
		err = rt_find_gap(&as->regions, lo, as->hi, size,
				  flags & VM_MAP_ALIGN_2M ? PAGE_SIZE << 9
							  : PAGE_SIZE,
				  at);
	}
	if (err)
		return err;
	n->start = *at;
	n->end = *at + size;
	return rt_insert(&as->regions, n);
}

static err_t map_region(struct vm_space *as, uint64_t *addr, size_t size,
			unsigned prot, enum vm_kind kind, uint64_t phys,
			unsigned flags)
{
	if (!addr || !size || !IS_ALIGNED(size, PAGE_SIZE) ||
	    !IS_ALIGNED(*addr, PAGE_SIZE))
		return ERR_INVAL;
	prot = vm_norm_prot(as, prot);
	if ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC))
		return ERR_INVAL; /* W^X */
	if (kind != VM_KIND_GUARD && !(prot & (VM_PROT_READ | VM_PROT_EXEC)))
		return ERR_INVAL;
	struct vm_region *r = kmalloc(sizeof(*r));
	if (!r)
		return ERR_NOMEM;
	r->prot = kind == VM_KIND_GUARD ? VM_PROT_NONE : prot;
	r->kind = kind;
	r->phys = phys;
	r->resv = 0;

	spin_lock(&as->lock);
	uint64_t at = *addr;
	err_t err = place(as, &r->node, &at, size, flags);
	if (err == ERR_NOMEM || err == ERR_EXISTS) {
		/* The range may be held by deferred unmaps. */
		if (as->kernel && vm_lazy_purge_under(as))
			err = place(as, &r->node, &at, size, flags);
	}
	if (err)
		goto out;
	if (kind == VM_KIND_GUARD && (flags & MAP_RESERVE))
		r->resv = at;
	if (kind == VM_KIND_PHYS || kind == VM_KIND_KSTACK ||
	    (kind == VM_KIND_ANON && (flags & VM_MAP_POPULATE))) {
		err = populate(as, r, at, at + size);
		if (err) {
			vm_remove_regions(as, at, at + size);
			if (as->kernel) /* out of memory: no deferring */
				vm_lazy_purge_under(as);
			r = NULL; /* freed there */
			goto out;
		}
	}
	*addr = at;
	r = NULL;
out:
	spin_unlock(&as->lock);
	kfree(r);
	return err;
}

err_t vm_map_anon(struct vm_space *as, uint64_t *addr, size_t size,
		  unsigned prot, unsigned flags)
{
	return map_region(as, addr, size, prot, VM_KIND_ANON, 0,
			  flags & ~MAP_RESERVE);
}

err_t vm_map_guard(struct vm_space *as, uint64_t *addr, size_t size,
		   unsigned flags)
{
	return map_region(as, addr, size, VM_PROT_NONE, VM_KIND_GUARD, 0,
			  flags & (VM_MAP_FIXED | VM_MAP_ALIGN_2M));
}

err_t vm_map_phys(struct vm_space *as, uint64_t *addr, uint64_t phys,
		  size_t size, unsigned prot, unsigned flags)
{
	if (!IS_ALIGNED(phys, PAGE_SIZE) || phys + size < phys)
		return ERR_INVAL;
	return map_region(as, addr, size, prot, VM_KIND_PHYS, phys,
			  flags & ~MAP_RESERVE);
}

/* Maps [s, s + size) of as to the frames of [ss, ss + size) of src.
 * Both locks held.  On failure the pages mapped so far stay. */
static err_t alias_pages(struct vm_space *as, uint64_t s, struct vm_space *src,
			 uint64_t ss, size_t size, unsigned prot)
{
	struct pt_cursor cur = {0};
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		unsigned level;
		uint64_t *spte = pt_lookup(src->root_pa, ss + off, &level);
		if (!spte || level != 0 || !(*spte & PTE_V))
			return ERR_INVAL;
		uint64_t *pte;
		err_t err =
			pt_cursor_walk(&cur, as->root_pa, s + off, true, &pte);
		if (err)
			return err;
		__atomic_store_n(pte, vm_make_pte(pte_pa(*spte), prot, false),
				 __ATOMIC_RELEASE);
	}
	return ERR_OK;
}

err_t vm_map_alias(struct vm_space *as, uint64_t addr, struct vm_space *src,
		   uint64_t src_addr, size_t size, unsigned prot)
{
	if (as->kernel || as == src || !size || !IS_ALIGNED(size, PAGE_SIZE) ||
	    !IS_ALIGNED(addr, PAGE_SIZE) || !IS_ALIGNED(src_addr, PAGE_SIZE))
		return ERR_INVAL;
	prot = vm_norm_prot(as, prot);
	if (((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC)) ||
	    !(prot & (VM_PROT_READ | VM_PROT_EXEC)))
		return ERR_INVAL;
	struct vm_region *r = kmalloc(sizeof(*r));
	if (!r)
		return ERR_NOMEM;
	r->prot = prot;
	r->kind = VM_KIND_ALIAS;
	r->phys = 0;
	r->resv = 0;
	spin_lock(&as->lock);
	uint64_t at = addr;
	err_t err = place(as, &r->node, &at, size, VM_MAP_FIXED);
	if (!err) {
		spin_lock(&src->lock);
		err = alias_pages(as, at, src, src_addr, size, prot);
		spin_unlock(&src->lock);
		if (err)
			vm_remove_regions(as, at, at + size);
		r = NULL; /* the tree's, or freed with the regions */
	}
	spin_unlock(&as->lock);
	kfree(r);
	return err;
}

err_t vm_reserve(struct vm_space *as, uint64_t *addr, size_t size,
		 unsigned flags)
{
	return map_region(as, addr, size, VM_PROT_NONE, VM_KIND_GUARD, 0,
			  (flags & (VM_MAP_FIXED | VM_MAP_ALIGN_2M)) |
				  MAP_RESERVE);
}

err_t vm_unmap(struct vm_space *as, uint64_t start, size_t size)
{
	if (!valid_range(as, start, size))
		return ERR_INVAL;
	spin_lock(&as->lock);
	err_t err = isolate(as, start, start + size);
	if (!err)
		vm_remove_regions(as, start, start + size);
	spin_unlock(&as->lock);
	return err;
}

err_t vm_protect(struct vm_space *as, uint64_t start, size_t size,
		 unsigned prot)
{
	if (!valid_range(as, start, size))
		return ERR_INVAL;
	prot = vm_norm_prot(as, prot);
	if ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC))
		return ERR_INVAL;
	uint64_t end = start + size;
	spin_lock(&as->lock);
	err_t err = isolate(as, start, end);
	if (err)
		goto out;
	struct fbatch b;
	fbatch_init(&b, size);
	for (struct vm_region *r =
		     vm_region_of(rt_first_after(&as->regions, start));
	     r && r->node.start < end;
	     r = vm_region_of(rt_next(&as->regions, &r->node))) {
		if (r->kind == VM_KIND_LAZY)
			continue; /* not mapped, not to be reused yet */
		if (!(prot & (VM_PROT_READ | VM_PROT_EXEC))) {
			/* No access: the part becomes a guard; anonymous
			 * contents are discarded. */
			if (r->kind == VM_KIND_ANON ||
			    r->kind == VM_KIND_KSTACK ||
			    r->kind == VM_KIND_PHYS || r->kind == VM_KIND_ALIAS)
				unmap_pages(as, r, r->node.start, r->node.end,
					    &b, start, end);
			r->kind = VM_KIND_GUARD;
			r->prot = VM_PROT_NONE;
			continue;
		}
		if (r->kind == VM_KIND_GUARD)
			r->kind = VM_KIND_ANON;
		r->prot = prot;
		for (uint64_t va = r->node.start; va < r->node.end;
		     va += PAGE_SIZE) {
			uint64_t *pte;
			if (pt_walk(as->root_pa, va, false, &pte) != ERR_OK) {
				int hole = pt_hole_level(as->root_pa, va);
				uint64_t next = ALIGN_UP(
					va + 1,
					pt_span(hole > 0 ? (unsigned)hole : 1));
				if (next <= va)
					break;
				va = next - PAGE_SIZE;
				continue;
			}
			if (!(*pte & PTE_V))
				continue;
			__atomic_store_n(
				pte,
				vm_make_pte(pte_pa(*pte), prot, as->kernel),
				__ATOMIC_RELEASE);
			b.pending = true;
		}
	}
	fbatch_done(as, &b, start, size);
out:
	spin_unlock(&as->lock);
	return err;
}

/* See vm_internal.h. */
void vm_uncommit_locked(struct vm_space *as, struct vm_region *r)
{
	uint64_t start = r->node.start, end = r->node.end;
	struct fbatch b;
	fbatch_init(&b, end - start);
	unmap_pages(as, r, start, end, &b, start, end);
	r->kind = VM_KIND_GUARD;
	r->prot = VM_PROT_NONE;
	free_empty_tables(as, start, end, &b);
	fbatch_done(as, &b, start, end - start);
}

/* ---- kernel stacks ------------------------------------------------------- */

err_t vm_alloc_kstack(size_t size, uint64_t *top)
{
	struct vm_space *ks = vm_kernel_space();
	if (!size || !IS_ALIGNED(size, PAGE_SIZE) || size > (64u << 20))
		return ERR_INVAL;
	struct vm_region *g = kmalloc(sizeof(*g));
	struct vm_region *s = kmalloc(sizeof(*s));
	if (!g || !s) {
		kfree(g);
		kfree(s);
		return ERR_NOMEM;
	}
	bool inserted = false;
	uint64_t at;
	spin_lock(&ks->lock);
	err_t err = rt_find_gap(&ks->regions, ks->lo, ks->hi, size + PAGE_SIZE,
				PAGE_SIZE, &at);
	if (err && vm_lazy_purge_under(ks))
		err = rt_find_gap(&ks->regions, ks->lo, ks->hi,
				  size + PAGE_SIZE, PAGE_SIZE, &at);
	if (!err) {
		*g = (struct vm_region){
			.node = {.start = at, .end = at + PAGE_SIZE},
			.prot = VM_PROT_NONE,
			.kind = VM_KIND_GUARD};
		*s = (struct vm_region){.node = {.start = at + PAGE_SIZE,
						 .end = at + PAGE_SIZE + size},
					.prot = VM_PROT_READ | VM_PROT_WRITE,
					.kind = VM_KIND_KSTACK};
		rt_insert(&ks->regions, &g->node);
		rt_insert(&ks->regions, &s->node);
		inserted = true;
		err = populate(ks, s, s->node.start, s->node.end);
		if (err) {
			vm_remove_regions(ks, at, at + PAGE_SIZE + size);
			vm_lazy_purge_under(ks); /* out of memory */
		} else
			*top = at + PAGE_SIZE + size;
	}
	spin_unlock(&ks->lock);
	if (!inserted) {
		kfree(g);
		kfree(s);
	}
	return err;
}

void vm_free_kstack(uint64_t top)
{
	struct vm_space *ks = vm_kernel_space();
	spin_lock(&ks->lock);
	struct vm_region *s = vm_region_of(rt_lookup(&ks->regions, top - 1));
	if (!s || s->kind != VM_KIND_KSTACK || s->node.end != top)
		panic("vm_free_kstack: %#llx is not a kernel stack top",
		      (unsigned long long)top);
	struct vm_region *g =
		vm_region_of(rt_lookup(&ks->regions, s->node.start - 1));
	uint64_t lo =
		g && g->kind == VM_KIND_GUARD && g->node.end == s->node.start
			? g->node.start
			: s->node.start;
	vm_remove_regions(ks, lo, top);
	spin_unlock(&ks->lock);
}
