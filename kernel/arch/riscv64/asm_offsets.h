/*
 * kernel/arch/riscv64/asm_offsets.h - structure offsets used by assembly.
 * Checked against the C definitions with _Static_assert in trap.c.
 */
#ifndef KERNEL_ARCH_RISCV64_ASM_OFFSETS_H
#define KERNEL_ARCH_RISCV64_ASM_OFFSETS_H

#define TF_SIZE	   288
#define TF_SEPC	   (31 * 8)
#define TF_SSTATUS (32 * 8)
#define TF_SCAUSE  (33 * 8)
#define TF_STVAL   (34 * 8)

#define HART_TRAP_SCRATCH 0
#define HART_TRAP_KSTACK  8
#define HART_TRAP_TP	  16
#define HART_STACK_LIMIT  24
#define HART_EMERG_STACK  32

/* Room a trap handler needs below the frame; less means overflow. */
#define STACK_TRAP_MARGIN 1024

#endif /* KERNEL_ARCH_RISCV64_ASM_OFFSETS_H */
