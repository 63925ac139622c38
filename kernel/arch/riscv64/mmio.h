/*
 * kernel/arch/riscv64/mmio.h - device register access ordered against
 * memory: a device that reads descriptors from RAM (virtio) must see every
 * store made before the register write that tells it to look, and the
 * driver must not read RAM the device wrote before the register read that
 * says it is there.  RISC-V orders I/O and memory accesses only with
 * explicit fences (`fence rw,rw` does not cover I/O), as Linux's
 * writel/readl do.
 */
#ifndef KERNEL_ARCH_RISCV64_MMIO_H
#define KERNEL_ARCH_RISCV64_MMIO_H

#include "base/types.h"

/* Stores the 32-bit register at p after every earlier memory access. */
static inline void mmio_write32(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("fence rw, ow" ::: "memory");
	*p = v;
}

/* Loads the 32-bit register at p before any later memory access. */
static inline uint32_t mmio_read32(const volatile uint32_t *p)
{
	uint32_t v = *p;
	__asm__ volatile("fence ir, rw" ::: "memory");
	return v;
}

/* Orders memory accesses among themselves (shared rings in RAM). */
static inline void mmio_mb(void)
{
	__asm__ volatile("fence rw, rw" ::: "memory");
}

#endif /* KERNEL_ARCH_RISCV64_MMIO_H */
