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

/* struct umode_call (kernel/umode.h), the frame of a call from U-mode:
 * checked in kernel/umode.c.  The last 16 bytes are a frame record. */
#define UC_A	   0
#define UC_T1	   (8 * 8)
#define UC_S1	   (9 * 8)
#define UC_S3	   (10 * 8)
#define UC_SP	   (11 * 8)
#define UC_PC	   (12 * 8)
#define UC_SSTATUS (13 * 8)
#define UC_TP	   (14 * 8)
#define UC_GP	   (15 * 8)
#define UC_S0	   (16 * 8)
#define UC_SIZE	   (20 * 8)

/* The ecall number (in t0) of a call from U-mode (kernel/umode.h). */
#define UMODE_CALL 0x400

/* Room a trap handler needs below the frame; less means overflow. */
#define STACK_TRAP_MARGIN 1024

#endif /* KERNEL_ARCH_RISCV64_ASM_OFFSETS_H */
