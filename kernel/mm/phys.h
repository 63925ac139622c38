/*
 * kernel/mm/phys.h - conversions between physical addresses and their
 * kernel virtual alias in the physmap.
 *
 * The loader maps all physical memory at boot_info.physmap_base (a random,
 * large-page aligned offset with KASLR).  pmm_init() records that offset in
 * kmm_physmap_base before anything else runs; it never changes afterwards,
 * so reading it needs no lock.
 */
#ifndef KERNEL_MM_PHYS_H
#define KERNEL_MM_PHYS_H

#include "base/types.h"
#include "riscv/mmu.h"

#define PAGE_SHIFT RISCV_PAGE_SHIFT
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

/* Virtual address of physical address 0 (write-once in pmm_init). */
extern uint64_t kmm_physmap_base;
/* Bytes of physical space covered by the physmap (write-once). */
extern uint64_t kmm_physmap_size;

/* Kernel virtual alias of physical address pa (must be in the physmap). */
static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + kmm_physmap_base);
}

/* Physical address of a physmap virtual address (not of other kernel
 * addresses: use vm_translate() for those). */
static inline uint64_t virt_to_phys(const void *va)
{
	return (uint64_t)(uintptr_t)va - kmm_physmap_base;
}

/* True when va lies inside the physmap. */
static inline bool virt_in_physmap(const void *va)
{
	return (uint64_t)(uintptr_t)va - kmm_physmap_base < kmm_physmap_size;
}

/* True when the len bytes at va (len > 0) lie inside the physmap. */
static inline bool virt_range_in_physmap(const void *va, uint64_t len)
{
	uint64_t at = (uint64_t)(uintptr_t)va - kmm_physmap_base;
	return at < kmm_physmap_size && len <= kmm_physmap_size - at;
}

#endif /* KERNEL_MM_PHYS_H */
