/*
 * kernel/arch/riscv64/csr.h - CSR access (arch only).  The CSR numbers and
 * bits are lib/riscv/csr.h's.  The csr argument is a CSR name or a macro
 * giving a name or a number (CSR_STIMECMP): it is expanded before being
 * pasted into the instruction.
 */
#ifndef KERNEL_ARCH_RISCV64_CSR_H
#define KERNEL_ARCH_RISCV64_CSR_H

#include "base/types.h"
#include "riscv/csr.h"

#define CSR_NAME_(csr) #csr
#define CSR_NAME(csr)  CSR_NAME_(csr)

#define csr_read(csr)                                                          \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("csrr %0, " CSR_NAME(csr)                     \
				 : "=r"(v_)::"memory");                        \
		v_;                                                            \
	})
#define csr_write(csr, val)                                                    \
	__asm__ volatile("csrw " CSR_NAME(csr) ", %0" ::"rK"((uint64_t)(val))  \
			 : "memory")
#define csr_set(csr, val)                                                      \
	__asm__ volatile("csrs " CSR_NAME(csr) ", %0" ::"rK"((uint64_t)(val))  \
			 : "memory")
#define csr_clear(csr, val)                                                    \
	__asm__ volatile("csrc " CSR_NAME(csr) ", %0" ::"rK"((uint64_t)(val))  \
			 : "memory")
#define csr_read_clear(csr, val)                                               \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("csrrc %0, " CSR_NAME(csr) ", %1"             \
				 : "=r"(v_)                                    \
				 : "rK"((uint64_t)(val))                       \
				 : "memory");                                  \
		v_;                                                            \
	})

#endif /* KERNEL_ARCH_RISCV64_CSR_H */
