/*
 * kernel/arch/riscv64/sbi.h - SBI calls used by the kernel.
 */
#ifndef KERNEL_ARCH_RISCV64_SBI_H
#define KERNEL_ARCH_RISCV64_SBI_H

#include "base/types.h"

struct sbiret {
	long error;
	long value;
};

/*
 * One SBI ecall: extension ext, function fid, arguments a0-a2.  Returns
 * the firmware's (error, value) pair unchanged; SBI errors are negative.
 */
struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);

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

#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354

#endif /* KERNEL_ARCH_RISCV64_SBI_H */
