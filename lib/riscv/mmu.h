/*
 * lib/riscv/mmu.h - Sv39/Sv48 virtual memory (RISC-V privileged spec):
 * page sizes, PTE bits, satp.  Facts and pure helpers, no CSR access; the
 * loader's table builder (lib/pagetable), the kernel's walker
 * (kernel/mm/vm_pt.c), the boot protocol and the tests all use these.
 *
 * Levels count from 0 (4 KiB leaves) up to 2 (Sv39 root) or 3 (Sv48 root).
 */
#ifndef RISCV_MMU_H
#define RISCV_MMU_H

#include <stdint.h>

#define RISCV_PAGE_SHIFT  12
#define RISCV_PAGE_SIZE	  (1ull << RISCV_PAGE_SHIFT)
#define RISCV_2M_SIZE	  (1ull << 21) /* a level-1 leaf (megapage) */
#define RISCV_1G_SIZE	  (1ull << 30) /* a level-2 leaf (gigapage) */
#define RISCV_PT_ENTRIES  512	       /* PTEs in one table page */
#define RISCV_PT_IDX_BITS 9	       /* va bits each level resolves */

/* PTE bits. */
#define PTE_V	      (1ull << 0)
#define PTE_R	      (1ull << 1)
#define PTE_W	      (1ull << 2)
#define PTE_X	      (1ull << 3)
#define PTE_U	      (1ull << 4)
#define PTE_G	      (1ull << 5)
#define PTE_A	      (1ull << 6)
#define PTE_D	      (1ull << 7)
#define PTE_RWX	      (PTE_R | PTE_W | PTE_X) /* any of them: a leaf */
#define PTE_BITS_MASK 0xffull		      /* V..D, the bits above */
/* The 44-bit physical page number, in place (bits 10..53). */
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1ull << 44) - 1) << PTE_PPN_SHIFT)

/* satp: MODE (bits 60..63), ASID (44..59), root table PPN (0..43). */
#define SATP_MODE_SV39	8u
#define SATP_MODE_SV48	9u
#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK	(0xffffull << SATP_ASID_SHIFT)
#define SATP_PPN_MASK	((1ull << 44) - 1)

/* Physical address a PTE points to (a leaf's frame or the next table). */
static inline uint64_t pte_pa(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << RISCV_PAGE_SHIFT;
}

/* A PTE for the page-aligned physical address pa with bits (PTE_*). */
static inline uint64_t pte_make(uint64_t pa, uint64_t bits)
{
	return (pa >> RISCV_PAGE_SHIFT) << PTE_PPN_SHIFT | bits;
}

/* Index of va's entry in a table at level. */
static inline unsigned pt_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >>
			  (RISCV_PAGE_SHIFT + RISCV_PT_IDX_BITS * level)) &
	       (RISCV_PT_ENTRIES - 1);
}

/* Bytes covered by one entry at level. */
static inline uint64_t pt_span(unsigned level)
{
	return 1ull << (RISCV_PAGE_SHIFT + RISCV_PT_IDX_BITS * level);
}

/* Virtual address bits of a mode with levels levels (39 or 48). */
static inline unsigned pt_va_bits(unsigned levels)
{
	return RISCV_PAGE_SHIFT + RISCV_PT_IDX_BITS * levels;
}

/* The satp value selecting the root table at root_pa (page aligned). */
static inline uint64_t satp_make(unsigned mode, uint16_t asid, uint64_t root_pa)
{
	return (uint64_t)mode << SATP_MODE_SHIFT |
	       (uint64_t)asid << SATP_ASID_SHIFT | root_pa >> RISCV_PAGE_SHIFT;
}

#endif /* RISCV_MMU_H */
