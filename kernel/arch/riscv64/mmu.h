/*
 * kernel/arch/riscv64/mmu.h - TLB, satp and sstatus.SUM access for kernel/mm.
 *
 * sfence.vma has four forms, and only the ones whose rs2 is x0 reach
 * global entries (PTE.G, every kernel mapping): with rs2 != x0 it orders
 * only the non-global entries of the ASID in rs2, even when that register
 * holds 0.  So there are two families here: "global" flushes (rs2 = x0),
 * for kernel mappings and for spaces without an ASID of their own, and
 * "asid" flushes for a process space's non-global entries.  Every flush
 * also orders this hart's earlier page-table stores before later
 * translations.  Only the full form (arch_flush_tlb_all) must drop cached
 * non-leaf entries, so use it after freeing page tables.
 */
#ifndef KERNEL_ARCH_RISCV64_MMU_H
#define KERNEL_ARCH_RISCV64_MMU_H

#include "base/types.h"
#include "riscv/csr.h"

/* Ranges above this many pages are flushed whole (cheaper than a loop). */
#define ARCH_TLB_FLUSH_MAX_PAGES 64

/* Every entry of every address space on this hart, global and non-leaf
 * ones included (sfence.vma x0, x0). */
static inline void arch_flush_tlb_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* The page at va in every address space, global entries included
 * (sfence.vma va, x0).  Used on the page-fault path: inline. */
static inline void arch_flush_tlb_page_global(uint64_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

/*
 * [va, va + size) in every address space, global entries included: what
 * kernel mappings and ASID-less spaces need.  size 0 or more than
 * ARCH_TLB_FLUSH_MAX_PAGES pages: arch_flush_tlb_all().
 */
void arch_flush_tlb_global(uint64_t va, uint64_t size);

/*
 * The non-global entries of address space asid for [va, va + size)
 * (sfence.vma va, asid per page).  size 0 or more than
 * ARCH_TLB_FLUSH_MAX_PAGES pages: every non-global entry of asid.  Global
 * (kernel) entries are kept, whatever asid is (0 included): use
 * arch_flush_tlb_global for those.
 */
void arch_flush_tlb_local(uint64_t va, uint64_t size, uint16_t asid);

/* Every non-global entry of asid on this hart (global mappings stay). */
void arch_flush_tlb_asid(uint16_t asid);

/* Reads / writes satp (write is followed by nothing: flush explicitly). */
uint64_t arch_satp_read(void);
/* Switches this hart to satp; no fence: the caller flushes what it needs. */
void arch_satp_write(uint64_t satp);

/* Permits (true) or forbids S-mode access to user pages (sstatus.SUM);
 * returns the previous setting. */
bool arch_user_access(bool allow);

/* True when S-mode may touch user pages now (sstatus.SUM).  A trap does
 * not change SUM, so in a fault handler this is the faulting context's. */
static inline bool arch_user_access_enabled(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	return (v & SSTATUS_SUM) != 0;
}

#endif /* KERNEL_ARCH_RISCV64_MMU_H */
