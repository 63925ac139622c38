/*
 * kernel/mm/vm_pt.c - Sv39/Sv48 page-table walking (see vm_pt.h).
 */
#include "kernel/mm/vm_pt.h"

#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"

unsigned vm_pt_levels = 3; /* write-once in vm_init, before SMP */

static inline uint64_t *table_of(uint64_t pte)
{
	return phys_to_virt(pte_pa(pte));
}

/* pt_walk from the first level whose entry is not a valid table: makes
 * the missing tables (create) or fails. */
__attribute__((noinline)) static err_t walk_slow(uint64_t root_pa, uint64_t va,
						 bool create, uint64_t **out)
{
	uint64_t *table = phys_to_virt(root_pa);

	for (unsigned level = vm_pt_levels - 1; level > 0; level--) {
		uint64_t *slot = &table[pt_index(va, level)];
		uint64_t e = *slot;
		if (e & PTE_V) {
			if (e & PTE_RWX)
				return ERR_EXISTS;
			table = table_of(e);
			continue;
		}
		if (!create)
			return ERR_NOTFOUND;
		uint64_t pa;
		if (pmm_alloc(0, PMM_ZERO, &pa) != ERR_OK)
			return ERR_NOMEM;
		/* The zeroes must be visible before the table is. */
		__atomic_store_n(slot, pte_make(pa, PTE_V), __ATOMIC_RELEASE);
		table = phys_to_virt(pa);
	}
	*out = &table[pt_index(va, 0)];
	return ERR_OK;
}

/*
 * The common case, every table there, walks without a call, so it keeps
 * no registers (a spawn of hello walks ~100 times; with the allocation's
 * call in the same function each walk saved and restored ten registers).
 */
err_t pt_walk(uint64_t root_pa, uint64_t va, bool create, uint64_t **out)
{
	uint64_t *table = phys_to_virt(root_pa);

	for (unsigned level = vm_pt_levels - 1; level > 0; level--) {
		uint64_t e = table[pt_index(va, level)];
		if ((e & (PTE_V | PTE_RWX)) != PTE_V)
			return walk_slow(root_pa, va, create, out);
		table = table_of(e);
	}
	*out = &table[pt_index(va, 0)];
	return ERR_OK;
}

uint64_t *pt_lookup(uint64_t root_pa, uint64_t va, unsigned *level_out)
{
	uint64_t *table = phys_to_virt(root_pa);

	for (unsigned level = vm_pt_levels; level-- > 0;) {
		uint64_t *slot = &table[pt_index(va, level)];
		uint64_t e = *slot;
		if (!(e & PTE_V))
			return NULL;
		if (e & PTE_RWX) {
			*level_out = level;
			return slot;
		}
		if (level == 0)
			return NULL; /* a non-leaf at level 0 is malformed */
		table = table_of(e);
	}
	return NULL;
}

int pt_hole_level(uint64_t root_pa, uint64_t va)
{
	uint64_t *table = phys_to_virt(root_pa);
	for (unsigned level = vm_pt_levels - 1;; level--) {
		uint64_t e = table[pt_index(va, level)];
		if (!(e & PTE_V))
			return (int)level;
		if ((e & PTE_RWX) || level == 0)
			return -1;
		table = phys_to_virt(pte_pa(e));
	}
}

uint64_t *pt_slot_at(uint64_t root_pa, uint64_t va, unsigned want)
{
	uint64_t *table = phys_to_virt(root_pa);
	for (unsigned level = vm_pt_levels - 1;; level--) {
		uint64_t *slot = &table[pt_index(va, level)];
		if (level == want)
			return slot;
		uint64_t e = *slot;
		if (!(e & PTE_V) || (e & PTE_RWX) || level == 0)
			return NULL;
		table = phys_to_virt(pte_pa(e));
	}
}

/* Frees the tables under entries of t (a table of `level` > 0), eight
 * entries a test: most are empty (a process's tables are sparse), and
 * one test an entry made freeing a process's tables ~12,000 instructions
 * of every compiled spawn. */
static void free_table(uint64_t pa, unsigned level);

static void free_below(const uint64_t *t, unsigned level)
{
	for (unsigned i = 0; i < 512; i += 8) {
		if (!(t[i] | t[i + 1] | t[i + 2] | t[i + 3] | t[i + 4] |
		      t[i + 5] | t[i + 6] | t[i + 7]))
			continue;
		for (unsigned k = i; k < i + 8; k++)
			if ((t[k] & PTE_V) && !(t[k] & PTE_RWX))
				free_table(pte_pa(t[k]), level - 1);
	}
}

static void free_table(uint64_t pa, unsigned level)
{
	if (level > 0)
		free_below(phys_to_virt(pa), level);
	pmm_free_frame(pa);
}

void pt_free_range(uint64_t root_pa, unsigned first, unsigned last)
{
	uint64_t *root = phys_to_virt(root_pa);
	unsigned end = last < 512 ? last + 1 : 512;
	for (unsigned i = first; i < end; i++) {
		/* Eight empty entries a test: a process uses a few of the
		 * user half's 256 (one at a time, ~2,600 instructions of
		 * every spawn). */
		if (!(i & 7) && i + 8 <= end &&
		    !(root[i] | root[i + 1] | root[i + 2] | root[i + 3] |
		      root[i + 4] | root[i + 5] | root[i + 6] | root[i + 7])) {
			i += 7;
			continue;
		}
		uint64_t e = root[i];
		root[i] = 0;
		if ((e & PTE_V) && !(e & PTE_RWX))
			free_table(pte_pa(e), vm_pt_levels - 2);
	}
}
