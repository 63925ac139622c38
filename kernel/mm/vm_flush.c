/*
 * kernel/mm/vm_flush.c - what unmapping does to page tables and TLBs:
 * shoot-downs (every hart that may cache a space's translations forgets a
 * range), batches of frames waiting for one before they are freed, and
 * clearing the entries of a range and the page tables left empty.
 * vm_remove.c and vm_map.c decide what to unmap.
 *
 * Every function needs the space's "vm-space" lock held; shoot-downs run
 * with it held (see vm.c).  Frames are freed only after the shoot-down.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/hart.h"
#include "kernel/mm/mm_internal.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/smp.h"

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

/* See vm_internal.h. */
void vm_fbatch_init(struct fbatch *b, uint64_t bytes)
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

/* See vm_internal.h. */
void vm_fbatch_done(struct vm_space *as, struct fbatch *b, uint64_t va,
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

/* See vm_internal.h. */
uint64_t vm_unmap_pages(struct vm_space *as, struct vm_region *r, uint64_t s,
			uint64_t e, struct fbatch *b, uint64_t fs, uint64_t fe)
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
			if (!(old & PTE_V) && (old & VM_PTE_UNZEROED) &&
			    owned) {
				/* Never valid: nothing to flush first. */
				if (b) {
					__atomic_store_n(pte, 0,
							 __ATOMIC_RELAXED);
					fbatch_add(as, b, pte_pa(old), false,
						   fs, fe);
					continue;
				}
				old = (old & ~VM_PTE_UNZEROED) | PTE_V;
			}
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

/* See vm_internal.h. */
uint64_t vm_free_empty_tables(struct vm_space *as, uint64_t s, uint64_t e,
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
