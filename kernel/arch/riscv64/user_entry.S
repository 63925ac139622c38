/*
 * kernel/arch/riscv64/user_entry.S - entering and leaving U-mode, and the
 * fault-safe copy between kernel and user memory (arch/riscv64/user.h).
 *
 * A thread runs a guest by calling arch_user_enter(init, save): its
 * callee-saved registers go to *save, init is copied just below the
 * caller's sp, and trap_return (trap_entry.S) loads the guest's
 * registers from that copy and srets.  Traps from U-mode then save their
 * frame at the same place (trap_return set the hart's trap_kstack just
 * above it), so the caller's frames stay intact.  arch_user_leave(save, status), called from a trap handler
 * on that thread, drops the trap frames and returns status from
 * arch_user_enter.
 */
#include "kernel/arch/riscv64/asm_offsets.h"

	.option norelax
	.section .text, "ax", @progbits

/* int arch_user_enter(const struct trap_frame *init,
 *		       struct arch_context *save) */
	.globl arch_user_enter
	.type arch_user_enter, @function
arch_user_enter:
	sd	ra, 0*8(a1)
	sd	sp, 1*8(a1)
	sd	s0, 2*8(a1)
	sd	s1, 3*8(a1)
	sd	s2, 4*8(a1)
	sd	s3, 5*8(a1)
	sd	s4, 6*8(a1)
	sd	s5, 7*8(a1)
	sd	s6, 8*8(a1)
	sd	s7, 9*8(a1)
	sd	s8, 10*8(a1)
	sd	s9, 11*8(a1)
	sd	s10, 12*8(a1)
	sd	s11, 13*8(a1)
	addi	sp, sp, -TF_SIZE
	li	t0, 0
	li	t3, TF_SIZE
1:	add	t1, a0, t0
	ld	t2, 0(t1)
	add	t1, sp, t0
	sd	t2, 0(t1)
	addi	t0, t0, 8
	bltu	t0, t3, 1b
	j	trap_return
	.size arch_user_enter, . - arch_user_enter

/* void arch_user_leave(const struct arch_context *save, int status) */
	.globl arch_user_leave
	.type arch_user_leave, @function
arch_user_leave:
	ld	ra, 0*8(a0)
	ld	sp, 1*8(a0)
	ld	s0, 2*8(a0)
	ld	s1, 3*8(a0)
	ld	s2, 4*8(a0)
	ld	s3, 5*8(a0)
	ld	s4, 6*8(a0)
	ld	s5, 7*8(a0)
	ld	s6, 8*8(a0)
	ld	s7, 9*8(a0)
	ld	s8, 10*8(a0)
	ld	s9, 11*8(a0)
	ld	s10, 12*8(a0)
	ld	s11, 13*8(a0)
	mv	a0, a1
	ret
	.size arch_user_leave, . - arch_user_leave

/*
 * int arch_user_copy(void *dst, const void *src, size_t n): a copy with
 * sstatus.SUM set only while it runs.  A fault on either side ends it:
 * the trap handler sees sepc in [arch_user_copy, arch_user_copy_end) and
 * resumes at arch_user_copy_fault, which returns -1.  0 when done.
 * Loops count by end pointers: when both ends are 8-aligned, 32 bytes a
 * turn, then words, then the bytes left; a system call's four slots take
 * two turns' worth of instructions, one byte a dozen.
 */
	.globl arch_user_copy
	.globl arch_user_copy_end
	.globl arch_user_copy_fault
	.type arch_user_copy, @function
arch_user_copy:
	li	t1, 1 << 18		/* SSTATUS_SUM */
	csrs	sstatus, t1
	or	t2, a0, a1
	andi	t2, t2, 7
	bnez	t2, 3f			/* not both aligned: bytes */
	andi	t3, a2, -32
	add	t3, a1, t3		/* end of the 32-byte blocks */
	beq	a1, t3, 2f
1:	ld	t0, 0(a1)
	ld	t2, 8(a1)
	ld	t4, 16(a1)
	ld	t5, 24(a1)
	sd	t0, 0(a0)
	sd	t2, 8(a0)
	sd	t4, 16(a0)
	sd	t5, 24(a0)
	addi	a1, a1, 32
	addi	a0, a0, 32
	bne	a1, t3, 1b
2:	andi	a2, a2, 31
	andi	t3, a2, -8
	add	t3, a1, t3		/* end of the words */
	andi	a2, a2, 7
	beq	a1, t3, 3f
5:	ld	t0, 0(a1)
	addi	a1, a1, 8
	sd	t0, 0(a0)
	addi	a0, a0, 8
	bne	a1, t3, 5b
3:	add	t3, a1, a2		/* end of the bytes */
	beq	a1, t3, 4f
6:	lbu	t0, 0(a1)
	addi	a1, a1, 1
	sb	t0, 0(a0)
	addi	a0, a0, 1
	bne	a1, t3, 6b
4:	csrc	sstatus, t1
	li	a0, 0
	ret
arch_user_copy_end:
arch_user_copy_fault:
	li	t1, 1 << 18
	csrc	sstatus, t1
	li	a0, -1
	ret
	.size arch_user_copy, . - arch_user_copy
