/*
 * kernel/mm/arch_mm.h - the bits of CSR access kernel/mm needs that
 * kernel/arch/riscv64/mmu.h does not offer (candidates to move there):
 * flushing one page for every ASID, which is what global (kernel) mappings
 * need, since `sfence.vma va, asid` with a non-zero register keeps global
 * entries; a full flush; reading sstatus.SUM.
 */
#ifndef KERNEL_MM_ARCH_MM_H
#define KERNEL_MM_ARCH_MM_H

#include "base/types.h"

/* Invalidates this hart's entries for the page at va in every ASID,
 * global ones included, after ordering earlier page-table stores. */
static inline void kmm_flush_page_all(uint64_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

/* True when S-mode may touch user pages now (sstatus.SUM).  A trap does
 * not change SUM, so in a fault handler this is the faulting context's. */
static inline bool kmm_user_access_on(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	return (v & (1ull << 18)) != 0;
}

/* Invalidates everything on this hart. */
static inline void kmm_flush_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

#endif /* KERNEL_MM_ARCH_MM_H */
