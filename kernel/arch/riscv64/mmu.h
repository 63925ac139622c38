/*
 * kernel/arch/riscv64/mmu.h - TLB and satp access for kernel/mm.
 */
#ifndef KERNEL_ARCH_RISCV64_MMU_H
#define KERNEL_ARCH_RISCV64_MMU_H

#include "base/types.h"

/*
 * Flushes this hart's TLB for [va, va + size) in address space asid
 * (sfence.vma per page; a full flush for large ranges).  size 0 flushes
 * everything for every ASID.  Also orders earlier page-table stores.
 */
void arch_flush_tlb_local(uint64_t va, uint64_t size, uint16_t asid);

/* Flushes every TLB entry of asid on this hart (global mappings stay). */
void arch_flush_tlb_asid(uint16_t asid);

/* Reads / writes satp (write is followed by nothing: flush explicitly). */
uint64_t arch_satp_read(void);
void arch_satp_write(uint64_t satp);

/* Permits (true) or forbids S-mode access to user pages (sstatus.SUM);
 * returns the previous setting. */
bool arch_user_access(bool allow);

#endif /* KERNEL_ARCH_RISCV64_MMU_H */
