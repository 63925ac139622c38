/*
 * kernel/arch/riscv64/sbi.h - SBI calls used by the kernel (the ids and the
 * ecall itself: lib/riscv/sbi.h).
 */
#ifndef KERNEL_ARCH_RISCV64_SBI_H
#define KERNEL_ARCH_RISCV64_SBI_H

#include "base/types.h"
#include "riscv/sbi.h" /* ids and the ecall wrapper, sbi_ecall() */

/* True when the SBI implementation offers extension ext. */
bool sbi_has_ext(long ext);

/* Legacy console putchar (early console and last-resort output). */
void sbi_console_putchar(int c);

/* Programs the timer (TIME extension, legacy fallback). */
void sbi_set_timer(uint64_t stime);

/* Sends a supervisor software interrupt to the harts (by id) in mask. */
err_t sbi_send_ipi(uint64_t hart_id_mask);

/* SRST system reset: shutdown with failure when status != 0.  Returns
 * only when SRST is unavailable. */
void sbi_shutdown(int status);

/* SRST cold reboot.  Returns only when SRST is unavailable. */
void sbi_reboot(void);

#endif /* KERNEL_ARCH_RISCV64_SBI_H */
