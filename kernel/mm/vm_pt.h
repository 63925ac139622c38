/*
 * kernel/mm/vm_pt.h - Sv39/Sv48 page-table walking for vm.c.
 *
 * This is the kernel's walker; the loader's is lib/pagetable (pagetable_*).
 * They differ in purpose, so there are two: the loader builds a fresh
 * table once, single-threaded, reaching frames through callbacks and
 * refusing any overwrite; the kernel edits live tables that other harts
 * walk (a new table is published with a release store), reaches them
 * through the physmap, allocates from the pmm and is on the page-fault
 * path.  The RISC-V facts both use (PTE bits, pte_pa, pt_index, pt_span)
 * are lib/riscv/mmu.h's.
 *
 * Tables are pmm frames reached through the physmap.  Callers hold the
 * lock of the address space that owns the part of the tree they change.
 */
#ifndef KERNEL_MM_VM_PT_H
#define KERNEL_MM_VM_PT_H

#include "base/types.h"
#include "riscv/mmu.h" /* PTE bits, pte_pa, pt_index, pt_span */

/* Paging geometry, write-once in vm_init. */
extern unsigned vm_pt_levels; /* 3 (Sv39) or 4 (Sv48) */

/*
 * Level-0 PTE slot for va under root_pa; with create, missing tables are
 * allocated (zeroed).  Errors: ERR_NOTFOUND (no table, !create), ERR_NOMEM,
 * ERR_EXISTS (a superpage maps va).
 */
err_t pt_walk(uint64_t root_pa, uint64_t va, bool create, uint64_t **out);

/*
 * pt_walk over a run of pages: the last-level table of the last walk is
 * kept, so pages of the same 2 MiB span cost an index, not a walk.  The
 * caller keeps the tables alive between calls (holds the space's lock)
 * and starts with a zeroed cursor.
 */
struct pt_cursor {
	uint64_t span;	 /* 2 MiB span of table */
	uint64_t *table; /* its last-level table, or NULL */
};

static inline err_t pt_cursor_walk(struct pt_cursor *c, uint64_t root_pa,
				   uint64_t va, bool create, uint64_t **out)
{
	uint64_t span = va & ~(pt_span(1) - 1);
	if (c->table && c->span == span) {
		*out = &c->table[pt_index(va, 0)];
		return ERR_OK;
	}
	err_t err = pt_walk(root_pa, va, create, out);
	if (err == ERR_OK) {
		c->span = span;
		c->table = *out - pt_index(va, 0);
	}
	return err;
}

/* Leaf PTE mapping va at any level (superpages too) and its level; NULL
 * when unmapped. */
uint64_t *pt_lookup(uint64_t root_pa, uint64_t va, unsigned *level);

/* Walking towards va without creating anything: the level of the first
 * non-valid entry on the way (nothing is mapped in that entry's whole
 * pt_span; 0 for an empty level-0 slot), or -1 when a leaf is reached. */
int pt_hole_level(uint64_t root_pa, uint64_t va);

/* Slot at `level` (1 .. levels-1) on the way to va, without creating
 * anything; NULL when a table on the way is missing or a superpage. */
uint64_t *pt_slot_at(uint64_t root_pa, uint64_t va, unsigned level);

/* Frees the tables below root entries [first, last] (not the leaves'
 * frames, which the region code owns) and clears those entries. */
void pt_free_range(uint64_t root_pa, unsigned first, unsigned last);

#endif /* KERNEL_MM_VM_PT_H */
