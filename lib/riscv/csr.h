/*
 * lib/riscv/csr.h - supervisor CSR numbers and bits (RISC-V privileged
 * spec, S-mode): facts only.  Reading and writing CSRs is code, and lives
 * in the arch directories (kernel/arch/riscv64/csr.h, loader/arch/riscv64/).
 *
 * Usable from C and from assembly (.S): constants carry no C suffix there.
 */
#ifndef RISCV_CSR_H
#define RISCV_CSR_H

#ifdef __ASSEMBLER__
#define RISCV_ULL(x) x
#else
#define RISCV_ULL(x) x##ULL
#endif

/* CSR numbers, for the csr instructions' 12-bit field (an assembler
 * that knows the name takes the name; Sstc's stimecmp needs the number
 * with older ones). */
#define CSR_SSTATUS  0x100
#define CSR_SIE	     0x104
#define CSR_STVEC    0x105
#define CSR_SSCRATCH 0x140
#define CSR_SEPC     0x141
#define CSR_SCAUSE   0x142
#define CSR_STVAL    0x143
#define CSR_SIP	     0x144
#define CSR_STIMECMP 0x14d
#define CSR_SATP     0x180
#define CSR_TIME     0xc01

/* sstatus */
#define SSTATUS_SIE	   (RISCV_ULL(1) << 1)
#define SSTATUS_SPIE	   (RISCV_ULL(1) << 5)
#define SSTATUS_SPP	   (RISCV_ULL(1) << 8)
#define SSTATUS_FS_MASK	   (RISCV_ULL(3) << 13)
#define SSTATUS_FS_OFF	   (RISCV_ULL(0) << 13)
#define SSTATUS_FS_INITIAL (RISCV_ULL(1) << 13)
#define SSTATUS_FS_CLEAN   (RISCV_ULL(2) << 13)
#define SSTATUS_FS_DIRTY   (RISCV_ULL(3) << 13)
#define SSTATUS_SUM	   (RISCV_ULL(1) << 18)
#define SSTATUS_MXR	   (RISCV_ULL(1) << 19)

/* Interrupt numbers (scause with SCAUSE_INTR) and their sie/sip bits. */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define SIE_SSIE    (RISCV_ULL(1) << IRQ_S_SOFT)
#define SIE_STIE    (RISCV_ULL(1) << IRQ_S_TIMER)
#define SIE_SEIE    (RISCV_ULL(1) << IRQ_S_EXT)
#define SIP_SSIP    SIE_SSIE
#define SIP_STIP    SIE_STIE

/* scause: the interrupt bit, else an exception code. */
#define SCAUSE_INTR (RISCV_ULL(1) << 63)

#define EXC_INSN_MISALIGNED  0
#define EXC_INSN_ACCESS	     1
#define EXC_ILLEGAL	     2
#define EXC_BREAKPOINT	     3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS	     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U	     8
#define EXC_ECALL_S	     9
#define EXC_INSN_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

#endif /* RISCV_CSR_H */
