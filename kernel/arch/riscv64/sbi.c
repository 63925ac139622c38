/*
 * kernel/arch/riscv64/sbi.c - SBI calls (ecall to the firmware through
 * sbi_ecall(), lib/riscv/sbi.h).
 */
#include "kernel/arch/riscv64/sbi.h"

bool sbi_has_ext(long ext)
{
	struct sbiret r =
		sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, ext, 0, 0);
	return r.error == SBI_SUCCESS && r.value != 0;
}

void sbi_console_putchar(int c)
{
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0);
}

void sbi_set_timer(uint64_t stime)
{
	struct sbiret r =
		sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, (long)stime, 0, 0);
	if (r.error != SBI_SUCCESS)
		sbi_ecall(SBI_EXT_LEGACY_SET_TIMER, 0, (long)stime, 0, 0);
}

err_t sbi_send_ipi(uint64_t hart_id_mask)
{
	struct sbiret r = sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI,
				    (long)hart_id_mask, 0, 0);
	return r.error == SBI_SUCCESS ? ERR_OK : ERR_IO;
}

void sbi_shutdown(int status)
{
	sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
		  status == 0 ? SBI_SRST_REASON_NONE
			      : SBI_SRST_REASON_SYSFAILURE,
		  0);
}

void sbi_reboot(void)
{
	sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET,
		  SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_NONE, 0);
}
