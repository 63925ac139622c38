/*
 * loader/arch/riscv64/entry.S - loader entry points.
 *
 * OpenSBI (fw_dynamic) enters _start in S-mode on the boot hart only, with
 * a0 = hart id, a1 = device tree, paging off.  Other harts stay stopped in
 * the SBI until the loader starts them (SBI HSM) at _secondary_start with
 * a1 = opaque = their struct loader_hart (whose first field is the loader
 * stack top for that hart).
 */
#include "riscv/csr.h"
#include "riscv/sbi.h"

	.option norelax
	.section .text.entry, "ax"
	.globl _start
_start:
	rdtime	t2			/* boot_time: as early as possible */
	/*
	 * Only one hart may run the boot path: a second hart arriving here
	 * would zero .bss under the first and corrupt it (seen about once in
	 * a few dozen -smp 8 boots: OpenSBI 1.1 sent hart 1 to the boot entry
	 * too).  Such a hart hands itself back to the SBI as stopped, so the
	 * loader starts it later like every other secondary hart.
	 */
	la	t0, loader_boot_claimed
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, stray_boot_hart
	csrw	sie, zero
	li	t0, SSTATUS_SIE | SSTATUS_SUM | SSTATUS_MXR
	csrc	sstatus, t0		/* SIE, SUM, MXR off */
	li	t0, SSTATUS_FS_INITIAL	/* C code may use FP regs */
	csrs	sstatus, t0
	la	t0, loader_trap
	csrw	stvec, t0
	la	sp, loader_boot_stack_top
	/* .bss must be zero; secondary stacks (.noinit) need not be. */
	la	t0, _bss_start
	la	t1, _bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a2, t2
	li	ra, 0
	li	s0, 0
	call	loader_main
	j	loader_halt_loop

	.globl _secondary_start
_secondary_start:
	csrw	sie, zero
	csrci	sip, SIP_SSIP		/* a wake-up poke may be pending */
	li	t0, SSTATUS_SIE | SSTATUS_SUM | SSTATUS_MXR
	csrc	sstatus, t0
	li	t0, SSTATUS_FS_INITIAL
	csrs	sstatus, t0
	la	t0, loader_trap
	csrw	stvec, t0
	ld	sp, 0(a1)
	li	ra, 0
	li	s0, 0
	call	loader_secondary
	j	loader_halt_loop

loader_halt_loop:
	wfi
	j	loader_halt_loop

/* SBI HSM hart_stop; returns only on failure. */
stray_boot_hart:
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_STOP
	ecall
	j	loader_halt_loop

	/* In .data, not .bss: it must be set before .bss is cleared. */
	.section .data
	.balign 4
loader_boot_claimed:
	.word	0
	.section .text.entry, "ax"

/* Any trap in the loader is fatal: report it and shut down. */
	.balign 4
loader_trap:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	loader_trap_report
	j	loader_halt_loop

/*
 * arch_enter_kernel(a0 hartid, a1 boot_info, a2 sp, a3 tp, a4 satp,
 *                   a5 entry): this code runs from the identity map, which
 * the kernel page tables keep, so it survives the satp switch.
 */
	.globl arch_enter_kernel
arch_enter_kernel:
	csrw	sie, zero
	csrci	sstatus, SSTATUS_SIE
	csrci	sip, SIP_SSIP		/* drop our wake-up IPI */
	li	t0, SSTATUS_FS_MASK
	csrc	sstatus, t0		/* FS off */
	sfence.vma
	csrw	satp, a4
	sfence.vma
	mv	sp, a2
	mv	tp, a3
	li	ra, 0
	li	s0, 0
	li	a2, 0
	li	a3, 0
	li	a4, 0
	jr	a5

	.section .noinit.stack, "aw", @nobits
	.balign 16
loader_boot_stack:
	.space 16384
	.globl loader_boot_stack_top
loader_boot_stack_top:
