/*
 * lib/pagetable/pagetable.h - a portable builder for RISC-V Sv39/Sv48 page
 * tables.  It never touches CSRs: the caller supplies page frames and a
 * way to reach them (identity in the loader, a fake-RAM arena on the host),
 * so the same code is unit-tested on the host.  No globals.
 *
 * Leaves are written with A and D preset (no hardware A/D updates needed)
 * and never with U.  pt_map uses the largest page (1 GiB, 2 MiB, 4 KiB)
 * that the alignment of va and pa and the remaining size allow.
 */
#ifndef PAGETABLE_PAGETABLE_H
#define PAGETABLE_PAGETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"

#define PT_PAGE_SIZE 4096ull
#define PT_SIZE_2M   (1ull << 21)
#define PT_SIZE_1G   (1ull << 30)

/* PTE bits (RISC-V privileged spec, Sv39/Sv48). */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

/* satp MODE values (same as BOOT_PAGING_*). */
#define PT_MODE_SV39 8u
#define PT_MODE_SV48 9u

/* pt_map flags. */
#define PT_MAP_4K_ONLY 1u /* never use 2 MiB / 1 GiB leaves */

struct pt_ops {
	void *ctx;
	/* A zero-filled, 4 KiB-aligned frame; its physical address in *pa. */
	err_t (*alloc_page)(void *ctx, uint64_t *pa);
	/* Where the builder can read and write the frame at pa. */
	void *(*phys_to_ptr)(void *ctx, uint64_t pa);
};

struct pagetable {
	struct pt_ops ops;
	uint64_t root;	 /* physical address of the root table */
	unsigned levels; /* 3 (Sv39) or 4 (Sv48) */
	unsigned mode;	 /* PT_MODE_* */
	uint64_t pages;	 /* table pages allocated, root included */
};

/* Allocates the root table.  ERR_INVAL for an unknown mode. */
err_t pt_init(struct pagetable *pt, const struct pt_ops *ops, unsigned mode);

/* True when va is canonical for the table's mode (sign-extended). */
bool pt_va_valid(const struct pagetable *pt, uint64_t va);

/*
 * Maps [va, va + size) to [pa, pa + size) with perm (PTE_R/W/X and
 * optionally PTE_G).  va, pa and size must be 4 KiB multiples, the range
 * canonical and not wrapping.  Refused: W and X together (ERR_PERM), U
 * (ERR_PERM), W without R or no R/X at all (ERR_INVAL), a page that is
 * already mapped (ERR_EXISTS; earlier pages of the call stay mapped),
 * ERR_NOMEM when alloc_page fails.
 */
err_t pt_map(struct pagetable *pt, uint64_t va, uint64_t pa, uint64_t size,
	     unsigned perm, unsigned flags);

/*
 * Translates va: the physical address, the leaf's PTE bits (low 8 bits)
 * and the leaf's page size.  ERR_NOTFOUND when unmapped.
 */
err_t pt_lookup(const struct pagetable *pt, uint64_t va, uint64_t *pa,
		unsigned *pte_bits, uint64_t *page_size);

/*
 * Calls fn for every leaf in ascending va order (va sign-extended).  Stops
 * and returns fn's error if it returns one; ERR_FORMAT for a malformed
 * entry (a non-leaf at the last level, a misaligned superpage, W without
 * R).
 */
typedef err_t (*pt_leaf_fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t size,
			    unsigned pte_bits);
err_t pt_walk(const struct pagetable *pt, pt_leaf_fn fn, void *ctx);

/* The satp value selecting this table (ASID 0). */
uint64_t pt_satp(const struct pagetable *pt);

#endif /* PAGETABLE_PAGETABLE_H */
