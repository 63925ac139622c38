/*
 * kernel/arch/riscv64/trap_entry.S - the trap vector and context switch.
 *
 * sscratch is 0 while the hart runs in S-mode and holds this hart's struct
 * hart pointer while it runs in U-mode, so one csrrw tells the two apart.
 * Frame layout: struct trap_frame in trap.h (x1..x31, sepc, sstatus,
 * scause, stval; TF_SIZE bytes, 16-byte aligned).
 */
#include "kernel/arch/riscv64/asm_offsets.h"
#include "riscv/csr.h"

/* The trap CSRs into the frame at sp; leaves sepc in t0. */
	.macro SAVE_CSRS
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	csrr	t3, stval
	sd	t0, TF_SEPC(sp)
	sd	t1, TF_SSTATUS(sp)
	sd	t2, TF_SCAUSE(sp)
	sd	t3, TF_STVAL(sp)
	.endm

	.macro SAVE_GPRS
	sd	x1, 0*8(sp)
	sd	x3, 2*8(sp)
	sd	x5, 4*8(sp)
	sd	x6, 5*8(sp)
	sd	x7, 6*8(sp)
	sd	x8, 7*8(sp)
	sd	x9, 8*8(sp)
	sd	x10, 9*8(sp)
	sd	x11, 10*8(sp)
	sd	x12, 11*8(sp)
	sd	x13, 12*8(sp)
	sd	x14, 13*8(sp)
	sd	x15, 14*8(sp)
	sd	x16, 15*8(sp)
	sd	x17, 16*8(sp)
	sd	x18, 17*8(sp)
	sd	x19, 18*8(sp)
	sd	x20, 19*8(sp)
	sd	x21, 20*8(sp)
	sd	x22, 21*8(sp)
	sd	x23, 22*8(sp)
	sd	x24, 23*8(sp)
	sd	x25, 24*8(sp)
	sd	x26, 25*8(sp)
	sd	x27, 26*8(sp)
	sd	x28, 27*8(sp)
	sd	x29, 28*8(sp)
	sd	x30, 29*8(sp)
	sd	x31, 30*8(sp)
	.endm

	.option norelax
	.section .text.trap, "ax", @progbits
	.balign 4
	.globl trap_vector
	.type trap_vector, @function
trap_vector:
	csrrw	sp, sscratch, sp
	bnez	sp, .Lfrom_user
	/* From S-mode: sp = 0, sscratch = interrupted sp. */
	csrrw	sp, sscratch, sp
	/*
	 * Kernel stack overflow check.  hart_local is the only TLS variable,
	 * at offset 0 from tp (checked at build and boot time), so the hart's
	 * fields are addressable from tp without a scratch register.
	 */
	sd	t0, HART_TRAP_SCRATCH(tp)
	ld	t0, HART_STACK_LIMIT(tp)
	addi	sp, sp, -TF_SIZE
	bltu	sp, t0, .Lstack_overflow
	ld	t0, HART_TRAP_SCRATCH(tp)
	SAVE_GPRS
	sd	x4, 3*8(sp)
	addi	t0, sp, TF_SIZE
	sd	t0, 1*8(sp)		/* the interrupted sp */
	csrw	sscratch, zero
	j	.Lsaved
.Lfrom_user:
	/* sp = struct hart, sscratch = user sp */
	sd	t0, HART_TRAP_SCRATCH(sp)
	/* An ecall with t0 = UMODE_CALL: the call path (.Lcall_user). */
	csrr	t0, scause
	addi	t0, t0, -EXC_ECALL_U
	bnez	t0, 1f
	ld	t0, HART_TRAP_SCRATCH(sp)
	addi	t0, t0, -UMODE_CALL
	beqz	t0, .Lcall_user
1:	mv	t0, sp
	ld	sp, HART_TRAP_KSTACK(t0)
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS
	sd	x4, 3*8(sp)
	ld	t1, HART_TRAP_SCRATCH(t0)
	sd	t1, 4*8(sp)		/* user t0 */
	csrr	t1, sscratch
	sd	t1, 1*8(sp)		/* user sp */
	ld	tp, HART_TRAP_TP(t0)
	csrw	sscratch, zero
	/* The guest's s0 is saved; the frame record below must not chain
	 * a backtrace into user addresses. */
	li	s0, 0
.Lsaved:
	SAVE_CSRS
	/* A frame record so backtraces continue into the interrupted code. */
	mv	a0, sp
	addi	sp, sp, -16
	sd	t0, 8(sp)
	sd	s0, 0(sp)
	addi	s0, sp, 16
	call	trap_handle
	addi	sp, sp, 16

	.globl trap_return
trap_return:
	/* sp = frame.  Returning to U-mode re-arms sscratch with the hart. */
	/*
	 * tp stays this hart's when returning to S-mode: the interrupted
	 * thread may have been preempted on another hart, whose tp the frame
	 * holds.  Only a return to U-mode reloads the user's tp.
	 */
	ld	t0, TF_SSTATUS(sp)
	andi	t1, t0, 1 << 8		/* SPP */
	bnez	t1, 1f
	lui	t1, %tprel_hi(hart_local)
	add	t1, t1, tp, %tprel_add(hart_local)
	addi	t1, t1, %tprel_lo(hart_local)
	addi	t2, sp, TF_SIZE
	sd	t2, HART_TRAP_KSTACK(t1)
	sd	tp, HART_TRAP_TP(t1)
	csrw	sscratch, t1
	ld	x4, 3*8(sp)
1:	csrw	sstatus, t0
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	x1, 0*8(sp)
	ld	x3, 2*8(sp)
	ld	x5, 4*8(sp)
	ld	x6, 5*8(sp)
	ld	x7, 6*8(sp)
	ld	x8, 7*8(sp)
	ld	x9, 8*8(sp)
	ld	x10, 9*8(sp)
	ld	x11, 10*8(sp)
	ld	x12, 11*8(sp)
	ld	x13, 12*8(sp)
	ld	x14, 13*8(sp)
	ld	x15, 14*8(sp)
	ld	x16, 15*8(sp)
	ld	x17, 16*8(sp)
	ld	x18, 17*8(sp)
	ld	x19, 18*8(sp)
	ld	x20, 19*8(sp)
	ld	x21, 20*8(sp)
	ld	x22, 21*8(sp)
	ld	x23, 22*8(sp)
	ld	x24, 23*8(sp)
	ld	x25, 24*8(sp)
	ld	x26, 25*8(sp)
	ld	x27, 26*8(sp)
	ld	x28, 27*8(sp)
	ld	x29, 28*8(sp)
	ld	x30, 29*8(sp)
	ld	x31, 30*8(sp)
	ld	x2, 1*8(sp)
	sret

.Lstack_overflow:
	/* Continue on the hart's emergency stack and panic there. */
	addi	sp, sp, TF_SIZE
	csrw	sscratch, sp		/* the overflowing sp */
	ld	sp, HART_EMERG_STACK(tp)
	addi	sp, sp, -TF_SIZE
	ld	t0, HART_TRAP_SCRATCH(tp)
	SAVE_GPRS
	sd	x4, 3*8(sp)
	csrr	t0, sscratch
	sd	t0, 1*8(sp)
	csrw	sscratch, zero
	SAVE_CSRS
	mv	a0, sp
	li	s0, 0
	call	trap_stack_overflow
1:	j	1b

/*
 * A call from U-mode (umode.h, UMODE_CALL): the guest treats its ecall
 * as a call of the C ABI, so only what C itself does not keep is saved
 * (the frame is a struct umode_call, asm_offsets.h): a0-a7 and t1 (the
 * call's values), s1 and s3 (for the owner's checks; C keeps them), sp,
 * tp, gp and s0 (the frame record below must not chain a backtrace into
 * user addresses), sepc and sstatus.  trap_user_call does the rest of
 * what an ecall's full path does (the owner's handler, preemption, a
 * kill).  On the way back every caller-saved register the guest sees is
 * zero but a0 and t1 (the frame's): no kernel value reaches U-mode.
 */
.Lcall_user:
	/* sp = struct hart, sscratch = user sp, t0 = 0 */
	ld	t0, HART_TRAP_KSTACK(sp)
	addi	t0, t0, -UC_SIZE
	sd	tp, UC_TP(t0)
	ld	tp, HART_TRAP_TP(sp)
	mv	sp, t0
	csrr	t0, sscratch
	sd	t0, UC_SP(sp)
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, UC_PC(sp)
	sd	t0, (UC_SIZE - 8)(sp)	/* the frame record's return address */
	sd	zero, (UC_SIZE - 16)(sp)
	csrr	t0, sstatus
	sd	t0, UC_SSTATUS(sp)
	sd	a0, UC_A + 0*8(sp)
	sd	a1, UC_A + 1*8(sp)
	sd	a2, UC_A + 2*8(sp)
	sd	a3, UC_A + 3*8(sp)
	sd	a4, UC_A + 4*8(sp)
	sd	a5, UC_A + 5*8(sp)
	sd	a6, UC_A + 6*8(sp)
	sd	a7, UC_A + 7*8(sp)
	sd	t1, UC_T1(sp)
	sd	s1, UC_S1(sp)
	sd	s3, UC_S3(sp)
	sd	gp, UC_GP(sp)
	sd	s0, UC_S0(sp)
	addi	s0, sp, UC_SIZE
	mv	a0, sp
	call	trap_user_call
	/* Interrupts are off.  sstatus as saved, with the hart's FS (the
	 * FP state the scheduler chose, as resume_fp in trap.c). */
	ld	t0, UC_SSTATUS(sp)
	csrr	t1, sstatus
	li	t2, SSTATUS_FS_MASK
	and	t1, t1, t2
	not	t2, t2
	and	t0, t0, t2
	or	t0, t0, t1
	csrw	sstatus, t0
	ld	t0, UC_PC(sp)
	csrw	sepc, t0
	/* Re-arm as trap_return does (a nested guest's run may have moved
	 * trap_kstack). */
	lui	t1, %tprel_hi(hart_local)
	add	t1, t1, tp, %tprel_add(hart_local)
	addi	t1, t1, %tprel_lo(hart_local)
	addi	t2, sp, UC_SIZE
	sd	t2, HART_TRAP_KSTACK(t1)
	sd	tp, HART_TRAP_TP(t1)
	csrw	sscratch, t1
	ld	tp, UC_TP(sp)
	ld	gp, UC_GP(sp)
	ld	s0, UC_S0(sp)
	ld	a0, UC_A(sp)
	ld	t1, UC_T1(sp)
	li	ra, 0
	li	t0, 0
	li	t2, 0
	li	t3, 0
	li	t4, 0
	li	t5, 0
	li	t6, 0
	li	a1, 0
	li	a2, 0
	li	a3, 0
	li	a4, 0
	li	a5, 0
	li	a6, 0
	li	a7, 0
	ld	sp, UC_SP(sp)
	sret
	.size trap_vector, . - trap_vector

/*
 * void arch_switch(struct arch_context *from, struct arch_context *to)
 * Saves the callee-saved registers of the running thread in *from and
 * resumes the thread whose registers are in *to.
 */
	.section .text, "ax", @progbits
	.globl arch_switch
	.type arch_switch, @function
arch_switch:
	sd	ra, 0*8(a0)
	sd	sp, 1*8(a0)
	sd	s0, 2*8(a0)
	sd	s1, 3*8(a0)
	sd	s2, 4*8(a0)
	sd	s3, 5*8(a0)
	sd	s4, 6*8(a0)
	sd	s5, 7*8(a0)
	sd	s6, 8*8(a0)
	sd	s7, 9*8(a0)
	sd	s8, 10*8(a0)
	sd	s9, 11*8(a0)
	sd	s10, 12*8(a0)
	sd	s11, 13*8(a0)
	ld	ra, 0*8(a1)
	ld	sp, 1*8(a1)
	ld	s0, 2*8(a1)
	ld	s1, 3*8(a1)
	ld	s2, 4*8(a1)
	ld	s3, 5*8(a1)
	ld	s4, 6*8(a1)
	ld	s5, 7*8(a1)
	ld	s6, 8*8(a1)
	ld	s7, 9*8(a1)
	ld	s8, 10*8(a1)
	ld	s9, 11*8(a1)
	ld	s10, 12*8(a1)
	ld	s11, 13*8(a1)
	ret
	.size arch_switch, . - arch_switch

/* First code of a new thread: s1 = entry, s2 = argument. */
	.globl arch_thread_trampoline
	.type arch_thread_trampoline, @function
arch_thread_trampoline:
	mv	a0, s1
	mv	a1, s2
	li	fp, 0
	li	ra, 0
	call	thread_start
1:	j	1b
	.size arch_thread_trampoline, . - arch_thread_trampoline
