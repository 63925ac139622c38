/*
 * kernel/mm/vm_map.c - regions of an address space: map, reserve, unmap,
 * protect, and kernel stacks (a guard page below each).  Committing parts
 * of a reservation is in vm_resv.c, removing regions in vm_remove.c, the
 * page-table and TLB shoot-down machinery behind both in vm_flush.c.
 *
 * Every function takes or needs the space's "vm-space" lock; shoot-downs
 * run with it held (see vm.c).  Frames are freed only after the
 * shoot-down.  Unmaps in the kernel space defer it instead (vm_lazy.c,
 * vm_remove.c).
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/panic.h"

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
		uint64_t *spte;
		if (pt_walk(src->root_pa, ss + off, false, &spte) != ERR_OK)
			return ERR_INVAL;
		/* A kernel page committed but not touched yet: the first
		 * touch here zeroes it there too (vm_fault). */
		if (!(*spte & PTE_V) && src->kernel &&
		    (*spte & VM_PTE_UNZEROED))
			continue;
		if (!(*spte & PTE_V))
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
	/* Where a fault on a page left out finds it (kernel sources only). */
	r->phys = src->kernel ? src_addr : 0;
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

/* The region of frames (vm_map_frames) with prot ending at va that may
 * grow by size bytes, or NULL.  Lock held. */
static struct vm_region *frames_below(struct vm_space *as, uint64_t va,
				      uint64_t size, unsigned prot)
{
	if (va <= as->lo)
		return NULL;
	struct vm_region *r = vm_region_of(rt_lookup(&as->regions, va - 1));
	if (!r || r->kind != VM_KIND_ALIAS || r->phys || r->prot != prot ||
	    r->node.end != va)
		return NULL;
	struct vm_region *next = vm_region_of(rt_next(&as->regions, &r->node));
	return !next || next->node.start >= va + size ? r : NULL;
}

/* Stores the PTEs of pa[0..n) at va.. (prot, user), or with pa NULL only
 * makes sure their page tables exist.  Lock held.  ERR_NOMEM. */
static err_t frames_ptes(struct vm_space *as, uint64_t va, const uint64_t *pa,
			 size_t n, unsigned prot)
{
	struct pt_cursor cur = {0};
	for (size_t i = 0; i < n; i++) {
		uint64_t *pte;
		err_t err = pt_cursor_walk(&cur, as->root_pa,
					   va + i * PAGE_SIZE, true, &pte);
		if (err)
			return err;
		if (pa)
			__atomic_store_n(pte, vm_make_pte(pa[i], prot, false),
					 __ATOMIC_RELEASE);
	}
	return ERR_OK;
}

err_t vm_map_frames(struct vm_space *as, uint64_t va, const uint64_t *pa,
		    size_t n, unsigned prot)
{
	uint64_t size = n * PAGE_SIZE;
	prot = vm_norm_prot(as, prot);
	if (as->kernel || !n || n > SIZE_MAX / PAGE_SIZE ||
	    !valid_range(as, va, size) ||
	    ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC)) ||
	    !(prot & (VM_PROT_READ | VM_PROT_EXEC)))
		return ERR_INVAL;
	for (size_t i = 0; i < n; i++)
		if (!pa[i] || !IS_ALIGNED(pa[i], PAGE_SIZE))
			return ERR_INVAL;
	struct vm_region *r = kmalloc(sizeof(*r)), *grown;
	if (!r)
		return ERR_NOMEM;
	*r = (struct vm_region){.prot = prot, .kind = VM_KIND_ALIAS};
	spin_lock(&as->lock);
	/* Page tables first: once the range is the region's, nothing
	 * fails. */
	err_t err = frames_ptes(as, va, NULL, n, prot);
	if (!err && (grown = frames_below(as, va, size, prot))) {
		grown->node.end = va + size;
	} else if (!err) {
		uint64_t at = va;
		err = place(as, &r->node, &at, size, VM_MAP_FIXED);
		if (!err)
			r = NULL; /* the tree's */
	}
	if (!err)
		frames_ptes(as, va, pa, n, prot);
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
	err_t err = vm_isolate(as, start, start + size);
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
	err_t err = vm_isolate(as, start, end);
	if (err)
		goto out;
	struct fbatch b;
	vm_fbatch_init(&b, size);
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
				vm_unmap_pages(as, r, r->node.start,
					       r->node.end, &b, start, end);
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
	vm_fbatch_done(as, &b, start, size);
out:
	spin_unlock(&as->lock);
	return err;
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
