/*
 * tests/qemu-plugin/loop.S - a bare-metal riscv64 program (QEMU virt,
 * -bios none) with known instruction counts, for the icount plugin's
 * suite (tests/qemu-plugin/run.sh).
 *
 * Every hart runs LOOP_UNIT * (mhartid + 1) iterations of a two-instruction
 * loop: from loop_begin to loop_end it executes exactly
 * 1 + 2 * LOOP_UNIT * (mhartid + 1) instructions.  Each hart then counts
 * itself done; the last one stops QEMU through the sifive,test finisher
 * (status 0), the others wait in wfi with interrupts off, executing
 * nothing more.  NHARTS is the -smp the suite runs with.
 */
#ifndef LOOP_UNIT
#error "LOOP_UNIT must be defined"
#endif
#ifndef NHARTS
#error "NHARTS must be defined"
#endif
#define FINISHER      0x100000
#define FINISHER_PASS 0x5555

	.section .text
	.globl	_start
_start:
	csrw	mie, zero
	csrr	t0, mhartid
	addi	t1, t0, 1
	li	t2, LOOP_UNIT
	mul	t1, t1, t2
	.globl	loop_begin
loop_begin:
	nop
	.globl	loop_body
loop_body:
	addi	t1, t1, -1
	bnez	t1, loop_body
	.globl	loop_end
loop_end:
	la	t3, done
	li	t4, 1
	amoadd.w t5, t4, (t3)
	li	t6, NHARTS - 1
	bne	t5, t6, park
	li	t3, FINISHER
	li	t4, FINISHER_PASS
	sw	t4, 0(t3)
park:
	wfi
	j	park

	.section .data
	.balign	4
done:
	.word	0
