/*
 * kernel/arch/riscv64/counters.h - the instructions-retired counter.
 *
 * Under QEMU with -icount it counts exactly the instructions this hart
 * executed, idle loop included; unlike guest time it does not jump when
 * QEMU skips idle time, so it measures code that waits for a device
 * (the storage benchmarks).  OpenSBI lets S-mode read it (mcounteren).
 */
#ifndef KERNEL_ARCH_RISCV64_COUNTERS_H
#define KERNEL_ARCH_RISCV64_COUNTERS_H

#include "base/types.h"

static inline uint64_t arch_instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

#endif /* KERNEL_ARCH_RISCV64_COUNTERS_H */
