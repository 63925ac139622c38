/*
 * kernel/arch/riscv64/sbi.c - SBI calls (ecall to the firmware).
 */
#include "kernel/arch/riscv64/sbi.h"

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a6 __asm__("a6") = fid;
	register long r_a7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){r_a0, r_a1};
}

bool sbi_has_ext(long ext)
{
	/* BASE probe_extension */
	struct sbiret r = sbi_call(0x10, 3, ext, 0, 0);
	return r.error == 0 && r.value != 0;
}

void sbi_console_putchar(int c)
{
	sbi_call(0x01, 0, c, 0, 0);
}

void sbi_set_timer(uint64_t stime)
{
	struct sbiret r = sbi_call(SBI_EXT_TIME, 0, (long)stime, 0, 0);
	if (r.error != 0)
		sbi_call(0x00, 0, (long)stime, 0, 0); /* legacy set_timer */
}

err_t sbi_send_ipi(uint64_t hart_id_mask)
{
	struct sbiret r = sbi_call(SBI_EXT_IPI, 0, (long)hart_id_mask, 0, 0);
	return r.error == 0 ? ERR_OK : ERR_IO;
}

void sbi_shutdown(int status)
{
	/* type 0 = shutdown; reason 0 = none, 1 = system failure */
	sbi_call(SBI_EXT_SRST, 0, 0, status == 0 ? 0 : 1, 0);
}

void sbi_reboot(void)
{
	/* type 1 = cold reboot, reason 0 = none */
	sbi_call(SBI_EXT_SRST, 0, 1, 0, 0);
}
