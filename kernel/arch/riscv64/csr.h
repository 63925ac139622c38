/*
 * kernel/arch/riscv64/csr.h - CSR access and bit definitions (arch only).
 */
#ifndef KERNEL_ARCH_RISCV64_CSR_H
#define KERNEL_ARCH_RISCV64_CSR_H

#include "base/types.h"

#define csr_read(csr)                                                          \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_)::"memory");       \
		v_;                                                            \
	})
#define csr_write(csr, val)                                                    \
	__asm__ volatile("csrw " #csr ", %0" ::"rK"((uint64_t)(val)) : "memory")
#define csr_set(csr, val)                                                      \
	__asm__ volatile("csrs " #csr ", %0" ::"rK"((uint64_t)(val)) : "memory")
#define csr_clear(csr, val)                                                    \
	__asm__ volatile("csrc " #csr ", %0" ::"rK"((uint64_t)(val)) : "memory")
#define csr_read_clear(csr, val)                                               \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("csrrc %0, " #csr ", %1"                      \
				 : "=r"(v_)                                    \
				 : "rK"((uint64_t)(val))                       \
				 : "memory");                                  \
		v_;                                                            \
	})

#define SSTATUS_SIE	   (1ULL << 1)
#define SSTATUS_SPIE	   (1ULL << 5)
#define SSTATUS_SPP	   (1ULL << 8)
#define SSTATUS_FS_MASK	   (3ULL << 13)
#define SSTATUS_FS_OFF	   (0ULL << 13)
#define SSTATUS_FS_INITIAL (1ULL << 13)
#define SSTATUS_FS_CLEAN   (2ULL << 13)
#define SSTATUS_FS_DIRTY   (3ULL << 13)
#define SSTATUS_SUM	   (1ULL << 18)

#define SIE_SSIE (1ULL << 1)
#define SIE_STIE (1ULL << 5)
#define SIE_SEIE (1ULL << 9)

#define SCAUSE_INTR (1ULL << 63)
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9

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

#endif /* KERNEL_ARCH_RISCV64_CSR_H */
