/*
 * loader/arch/riscv64/misaligned.c - whether this hart does misaligned
 * 8-byte loads and stores fast (arch_misaligned_fast, loader/arch.h).
 *
 * RISC-V lets a misaligned load or store either run in hardware or trap
 * to the execution environment (OpenSBI emulates it in M-mode, hundreds
 * of instructions each), and no device-tree property says which.  So,
 * as Linux does at boot, time them: the same loop of loads and stores,
 * once aligned and once misaligned, on the time CSR.
 */
#include <stdbool.h>
#include <stdint.h>

#include "loader/arch.h"

#define PROBE_ROUNDS 64

/* PROBE_ROUNDS loads and stores of the doubleword at p (any alignment). */
static uint64_t probe_ticks(uint8_t *p)
{
	uint64_t t0 = arch_read_time(), v;

	for (int i = 0; i < PROBE_ROUNDS; i++) {
		__asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
		__asm__ volatile("sd %0, 0(%1)"
				 :
				 : "r"(v + 1), "r"(p)
				 : "memory");
	}
	return arch_read_time() - t0;
}

/*
 * arch_misaligned_fast: see loader/arch.h.  Trapping costs each access
 * hundreds of instructions, hardware a few: the misaligned loop is fast
 * when it takes at most four times the aligned one plus two ticks (the
 * time CSR's granularity; 64 rounds are ~3 ticks at QEMU's 10 MHz and
 * -icount shift=0, thousands when each access traps).
 */
bool arch_misaligned_fast(void)
{
	uint64_t buf[3] = {0, 0, 0};
	uint8_t *p = (uint8_t *)buf;
	uint64_t aligned = probe_ticks(p + 8);
	uint64_t misaligned = probe_ticks(p + 3);

	return misaligned <= 4 * aligned + 2;
}
