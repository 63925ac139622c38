/*
 * kernel/mm/arch_mm.h - the two TLB flushes kernel/mm needs that
 * kernel/arch/riscv64/mmu.h does not offer (candidates to move there):
 * flushing one page for every ASID, which is what global (kernel) mappings
 * need, since `sfence.vma va, asid` with a non-zero register keeps global
 * entries.
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

/* Invalidates everything on this hart. */
static inline void kmm_flush_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

#endif /* KERNEL_MM_ARCH_MM_H */
