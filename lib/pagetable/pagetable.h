/*
 * lib/pagetable/pagetable.h - a portable builder for RISC-V Sv39/Sv48 page
 * tables (the loader's).  It never touches CSRs: the caller supplies page
 * frames and a way to reach them (identity in the loader, a fake-RAM arena
 * on the host), so the same code is unit-tested on the host.  No globals.
 * The kernel edits its live tables with its own walker (kernel/mm/vm_pt.h
 * says why); both take the RISC-V facts from lib/riscv/mmu.h.
 *
 * Leaves are written with A and D preset (no hardware A/D updates needed)
 * and never with U.  pagetable_map uses the largest page (1 GiB, 2 MiB, 4 KiB)
 * that the alignment of va and pa and the remaining size allow.
 */
#ifndef PAGETABLE_PAGETABLE_H
#define PAGETABLE_PAGETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"
#include "riscv/mmu.h" /* PTE_*, SATP_MODE_*, page sizes */

/* pagetable_map flags. */
#define PAGETABLE_MAP_4K_ONLY 1u /* never use 2 MiB / 1 GiB leaves */

struct pagetable_ops {
	void *ctx;
	/* A zero-filled, 4 KiB-aligned frame; its physical address in *pa. */
	err_t (*alloc_page)(void *ctx, uint64_t *pa);
	/* Where the builder can read and write the frame at pa. */
	void *(*phys_to_ptr)(void *ctx, uint64_t pa);
};

struct pagetable {
	struct pagetable_ops ops;
	uint64_t root;	 /* physical address of the root table */
	unsigned levels; /* 3 (Sv39) or 4 (Sv48) */
	unsigned mode;	 /* SATP_MODE_* */
	uint64_t pages;	 /* table pages allocated, root included */
};

/* Allocates the root table.  ERR_INVAL for an unknown mode. */
err_t pagetable_init(struct pagetable *pt, const struct pagetable_ops *ops,
		     unsigned mode);

/* True when va is canonical for the table's mode (sign-extended). */
bool pagetable_va_valid(const struct pagetable *pt, uint64_t va);

/*
 * Maps [va, va + size) to [pa, pa + size) with perm (PTE_R/W/X and
 * optionally PTE_G).  va, pa and size must be 4 KiB multiples, the range
 * canonical and not wrapping.  Refused: W and X together (ERR_PERM), U
 * (ERR_PERM), W without R or no R/X at all (ERR_INVAL), a page that is
 * already mapped (ERR_EXISTS; earlier pages of the call stay mapped),
 * ERR_NOMEM when alloc_page fails.
 */
err_t pagetable_map(struct pagetable *pt, uint64_t va, uint64_t pa,
		    uint64_t size, unsigned perm, unsigned flags);

/*
 * Translates va: the physical address, the leaf's PTE bits (low 8 bits)
 * and the leaf's page size.  ERR_NOTFOUND when unmapped.
 */
err_t pagetable_lookup(const struct pagetable *pt, uint64_t va, uint64_t *pa,
		       unsigned *pte_bits, uint64_t *page_size);

/*
 * Calls fn for every leaf in ascending va order (va sign-extended).  Stops
 * and returns fn's error if it returns one; ERR_FORMAT for a malformed
 * entry (a non-leaf at the last level, a misaligned superpage, W without
 * R).
 */
typedef err_t (*pagetable_leaf_fn)(void *ctx, uint64_t va, uint64_t pa,
				   uint64_t size, unsigned pte_bits);
err_t pagetable_for_each_leaf(const struct pagetable *pt, pagetable_leaf_fn fn,
			      void *ctx);

/* The satp value selecting this table (ASID 0). */
uint64_t pagetable_satp(const struct pagetable *pt);

#endif /* PAGETABLE_PAGETABLE_H */
