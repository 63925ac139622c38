/*
 * kernel/arch/riscv64/entry.S - the kernel's ELF entry point.
 *
 * Every hart arrives here from the loader with a0 = hart id, a1 = boot_info
 * (virtual), sp = its own kernel stack, tp = its TLS block, paging on and
 * interrupts off (see lib/bootinfo/bootinfo.h).  A zero frame pointer and
 * return address end backtraces here.
 */
	.option norelax
	.section .text.entry, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	li	fp, 0
	li	ra, 0
	andi	sp, sp, -16
	call	kernel_entry
1:	wfi
	j	1b
	.size _start, . - _start

/* The per-hart stack size announced to the loader (bootinfo.h). */
	.section .note.tessera, "a", @note
	.balign 4
	.word	8f - 7f		/* namesz */
	.word	10f - 9f	/* descsz */
	.word	1		/* BOOT_NOTE_STACK_SIZE */
7:	.asciz	"Tessera"
8:	.balign 4
9:	.quad	KERNEL_BOOT_STACK_SIZE
10:
