/*
 * loader/arch.h - what the portable loader code needs from the machine.
 * Implemented in loader/arch/riscv64/ (SBI calls, CSRs, the hand-off).
 */
#ifndef LOADER_ARCH_H
#define LOADER_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/types.h"

/* SBI HSM hart states (hart_get_status). */
#define ARCH_HART_STARTED	0
#define ARCH_HART_STOPPED	1
#define ARCH_HART_START_PENDING 2

/* The time CSR. */
uint64_t arch_read_time(void);

/*
 * SHA-256 of len bytes at data (any alignment) into out, with the Zbb
 * rounds of loader/arch/riscv64/sha256_zbb_blocks.S: only on a hart whose
 * riscv,isa lists zbb (the caller checks); sha256() elsewhere.
 */
void arch_sha256_zbb(const void *data, size_t len, uint8_t out[32]);

/* One byte to the console: the UART set below, else the SBI console. */
void arch_putchar(char c);

/*
 * Prints through the ns16550 UART at base from now on (0: the SBI
 * console).  Direct output costs a few instructions a byte instead of a
 * trap into the firmware (~360 guest instructions a byte).
 */
void arch_set_uart(uint64_t base);

/*
 * Starts hart hartid at the loader's secondary entry with opaque in a1.
 * Returns the SBI error code (0 on success).
 */
long arch_hart_start(uint64_t hartid, uint64_t opaque);

/*
 * Test only (boot argument loader_stray_test): starts hart hartid at the
 * boot entry _start, as OpenSBI 1.1 occasionally does, to check that a
 * second hart there stops itself and is then started like the others.
 * Returns the SBI error code.
 */
long arch_hart_start_at_boot_entry(uint64_t hartid);

/* SBI HSM status of a hart (ARCH_HART_*), or a negative SBI error. */
long arch_hart_status(uint64_t hartid);

/* Sends a supervisor software interrupt to each hart in mask (ids < 64). */
void arch_send_ipi(uint64_t mask);

/*
 * Where a "sifive,test" finisher lives (0: none).  arch_shutdown uses it
 * for failures, since OpenSBI 1.1's SRST ignores the reset reason.
 */
void arch_set_test_device(uint64_t base);

/*
 * Shuts the machine down: on failure through the test finisher when there
 * is one (QEMU exits with status 1), else and on success with SBI SRST.
 */
_Noreturn void arch_shutdown(bool failure);

/*
 * Waits (wfi) until *flag becomes non-zero; woken by arch_send_ipi.
 * Supervisor interrupts stay globally disabled.
 */
void arch_wait_flag(const volatile uint32_t *flag);

/*
 * Sleeps (wfi) until the time CSR reaches t or any interrupt is pending;
 * may return early.  Interrupts stay globally disabled (sstatus.SIE = 0).
 */
void arch_sleep_until(uint64_t t);

/* Cancels the timer arch_sleep_until set (before the hand-off). */
void arch_sleep_done(void);

/*
 * Hands this hart back to the SBI (HSM hart_stop), so it never runs loader
 * code again once the kernel has reclaimed the loader's memory; parks it
 * (arch_park) if the SBI refuses.
 */
_Noreturn void arch_hart_stop(void);

/* Stops this hart for good. */
_Noreturn void arch_park(void);

/*
 * Switches to the kernel page tables (satp, sfence.vma) and jumps to entry
 * with a0 = hartid, a1 = boot_info, sp and tp set, SIE and FS off.
 */
_Noreturn void arch_enter_kernel(uint64_t hartid, uint64_t boot_info,
				 uint64_t sp, uint64_t tp, uint64_t satp,
				 uint64_t entry);

/*
 * Whether this hart does misaligned 8-byte loads and stores about as fast
 * as aligned ones (in hardware, not by trapping to the firmware, which
 * emulates them slowly): measured, a few hundred instructions.
 */
bool arch_misaligned_fast(void);

/* Linker-script symbols: the loader image and its text. */
extern char _loader_start[], _loader_etext[], _loader_end[];

#endif /* LOADER_ARCH_H */
