/*
 * tests/boot/mini_entry.S - entry of the boot-protocol test kernel.
 * Keeps the registers the loader handed over (a0 hart id, a1 boot_info,
 * sp, tp) and passes sp/tp to C before the prologue changes sp.
 */
	.option norelax
	.section .text.entry, "ax"
	.globl _start
_start:
	mv	a2, sp
	mv	a3, tp
	la	t0, mini_trap
	csrw	stvec, t0
	call	mini_main
1:	wfi
	j	1b

	.balign 4
mini_trap:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	mini_trap_c
2:	wfi
	j	2b

/* The per-hart stack size the loader must honour (bootinfo.h). */
	.section .note.tessera, "a", @note
	.balign 4
	.long	8		/* namesz: "Tessera\0" */
	.long	8		/* descsz */
	.long	1		/* BOOT_NOTE_STACK_SIZE */
	.asciz	"Tessera"
	.balign 4
	.quad	16384
