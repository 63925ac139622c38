/*
 * kernel/mm/vm_remove.c - removing regions from an address space:
 * splitting regions at a range's ends, unmapping and freeing whole
 * regions with one shoot-down (vm_flush.c does the page tables), turning
 * a failed commit back into a guard part, and the kernel space's lazy
 * form: the entries are invalidated and marked VM_PTE_LAZY, the range
 * becomes a VM_KIND_LAZY region, and a later purge (vm_lazy.c) flushes
 * and frees.
 *
 * Every function needs the space's "vm-space" lock held (see vm.c).
 */
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/panic.h"

/* See vm_internal.h. */
void vm_split_into(struct vm_space *as, struct vm_region *r, uint64_t at,
		   struct vm_region *n)
{
	*n = *r;
	n->node.start = at;
	n->node.end = r->node.end;
	if (r->kind == VM_KIND_PHYS || (r->kind == VM_KIND_ALIAS && r->phys))
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

/* See vm_internal.h. */
err_t vm_isolate(struct vm_space *as, uint64_t s, uint64_t e)
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
			vm_unmap_pages(
				ks, r, r->node.start, r->node.end, NULL, s,
				e); /* not our frames: nothing to record */
		} else if (r->kind != VM_KIND_GUARD) {
			vm_lazy_make_room(ks, false);
			uint64_t n = vm_unmap_pages(ks, r, r->node.start,
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
	vm_free_empty_tables(ks, s, e, NULL);
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
	vm_fbatch_init(&b, e - s);
	struct vm_region *r = vm_region_of(rt_first_after(&as->regions, s));
	while (r && r->node.start < e) {
		struct vm_region *next =
			vm_region_of(rt_next(&as->regions, &r->node));
		/* A guard part never has a valid PTE (making one turns its
		 * pages back into guard only after unmapping them). */
		if (r->kind != VM_KIND_GUARD)
			vm_unmap_pages(as, r, r->node.start, r->node.end, &b, s,
				       e);
		rt_remove(&as->regions, &r->node);
		kfree(r);
		r = next;
	}
	if (tables)
		vm_free_empty_tables(as, s, e, &b);
	vm_fbatch_done(as, &b, s, e - s);
}

/* See vm_internal.h. */
void vm_uncommit_locked(struct vm_space *as, struct vm_region *r)
{
	uint64_t start = r->node.start, end = r->node.end;
	struct fbatch b;
	vm_fbatch_init(&b, end - start);
	vm_unmap_pages(as, r, start, end, &b, start, end);
	r->kind = VM_KIND_GUARD;
	r->prot = VM_PROT_NONE;
	vm_free_empty_tables(as, start, end, &b);
	vm_fbatch_done(as, &b, start, end - start);
}
