/*
 * kernel/mm/vm_pt.h - Sv39/Sv48 page-table helpers for vm.c.
 *
 * Tables are pmm frames reached through the physmap.  Callers hold the
 * lock of the address space that owns the part of the tree they change.
 */
#ifndef KERNEL_MM_VM_PT_H
#define KERNEL_MM_VM_PT_H

#include "base/types.h"

#define PTE_V	      (1ull << 0)
#define PTE_R	      (1ull << 1)
#define PTE_W	      (1ull << 2)
#define PTE_X	      (1ull << 3)
#define PTE_U	      (1ull << 4)
#define PTE_G	      (1ull << 5)
#define PTE_A	      (1ull << 6)
#define PTE_D	      (1ull << 7)
#define PTE_RWX	      (PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1ull << 44) - 1) << PTE_PPN_SHIFT)

/* Paging geometry, write-once in vm_init. */
extern unsigned vm_pt_levels; /* 3 (Sv39) or 4 (Sv48) */

static inline uint64_t pte_pa(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
}

static inline unsigned pt_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * level)) & 511;
}

/*
 * Level-0 PTE slot for va under root_pa; with create, missing tables are
 * allocated (zeroed).  Errors: ERR_NOTFOUND (no table, !create), ERR_NOMEM,
 * ERR_EXISTS (a superpage maps va).
 */
err_t pt_walk(uint64_t root_pa, uint64_t va, bool create, uint64_t **out);

/* Leaf PTE mapping va at any level (superpages too) and its level; NULL
 * when unmapped. */
uint64_t *pt_lookup(uint64_t root_pa, uint64_t va, unsigned *level);

/* Bytes covered by one entry at level. */
static inline uint64_t pt_span(unsigned level)
{
	return 1ull << (12 + 9 * level);
}

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
