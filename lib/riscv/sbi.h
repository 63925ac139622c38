/*
 * lib/riscv/sbi.h - the Supervisor Binary Interface (RISC-V SBI spec 1.0):
 * extension and function ids, and the one ecall wrapper.
 *
 * The wrapper is inline assembly in a library header, which the house
 * rule (docs/contributing.md) otherwise keeps in the arch directories: it
 * is the calling convention itself (a7 = extension, a6 = function,
 * a0..a2 arguments, a0/a1 = error/value), identical for every caller, and
 * the loader, the kernel and the bare-metal test programs would otherwise
 * each carry a copy.  Only loader/arch/riscv64/, kernel/arch/riscv64/ and
 * the bare-metal tests include this header (the `riscv-facts` suite
 * checks it); everything else calls their arch functions.
 */
#ifndef RISCV_SBI_H
#define RISCV_SBI_H

/* Legacy extensions (SBI 0.1): the extension id is the call. */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR	 0x01
#define SBI_EXT_LEGACY_SHUTDOWN	 0x08

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494d45 /* "TIME" */
#define SBI_EXT_IPI    0x735049	  /* "sPI" */
#define SBI_EXT_RFENCE 0x52464e43 /* "RFNC" */
#define SBI_EXT_HSM    0x48534d	  /* "HSM" */
#define SBI_EXT_SRST   0x53525354 /* "SRST" */

#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_TIME_SET_TIMER	 0
#define SBI_IPI_SEND_IPI	 0
#define SBI_HSM_HART_START	 0
#define SBI_HSM_HART_STOP	 1
#define SBI_HSM_HART_GET_STATUS	 2
#define SBI_SRST_SYSTEM_RESET	 0

/* SRST arguments: reset type and reason. */
#define SBI_SRST_TYPE_SHUTDOWN	   0
#define SBI_SRST_TYPE_COLD_REBOOT  1
#define SBI_SRST_REASON_NONE	   0
#define SBI_SRST_REASON_SYSFAILURE 1

#define SBI_SUCCESS 0 /* errors are negative */

#ifndef __ASSEMBLER__
struct sbiret {
	long error;
	long value;
};

#if defined(__riscv)
/*
 * One SBI call: extension ext, function fid, arguments a0..a2.  Returns
 * the firmware's (error, value) pair unchanged.  Legacy calls return their
 * result in error (a0).
 */
static inline struct sbiret sbi_ecall(long ext, long fid, long a0, long a1,
				      long a2)
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
#endif /* __riscv: a host build (tests/host/test_riscv.c) sees the ids */
#endif

#endif /* RISCV_SBI_H */
