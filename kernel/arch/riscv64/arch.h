/*
 * kernel/arch/riscv64/arch.h - the architecture interface used by the
 * generic kernel: interrupts, idle, timer, context switch, FP state, trap
 * frames.  Everything touching CSRs or SBI lives behind these functions.
 */
#ifndef KERNEL_ARCH_RISCV64_ARCH_H
#define KERNEL_ARCH_RISCV64_ARCH_H

#include "base/types.h"
#include "riscv/csr.h"

/* Registers saved by a trap: regs[i] is x(i+1). */
struct trap_frame {
	uint64_t regs[31];
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t pad;
};

#define TF_RA 0
#define TF_SP 1
#define TF_GP 2
#define TF_TP 3
#define TF_S0 7
#define TF_A0 9

/* Callee-saved registers of a switched-out thread. */
struct arch_context {
	uint64_t ra, sp, s[12];
};

/* FP registers and fcsr of a thread (lazy FP). */
struct arch_fp_state {
	uint64_t f[32];
	uint64_t fcsr;
};

/* Interrupt enable of this hart (sstatus.SIE). */
static inline bool arch_irq_enabled(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	return (v & SSTATUS_SIE) != 0;
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("csrc sstatus, %0" ::"K"(SSTATUS_SIE) : "memory");
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("csrs sstatus, %0" ::"K"(SSTATUS_SIE) : "memory");
}

/* Disables interrupts; returns whether they were on. */
static inline bool arch_irq_save(void)
{
	uint64_t v;
	__asm__ volatile("csrrc %0, sstatus, %1"
			 : "=r"(v)
			 : "K"(SSTATUS_SIE)
			 : "memory");
	return (v & SSTATUS_SIE) != 0;
}

static inline void arch_cpu_relax(void)
{
	/* Zihintpause 'pause' is a hint: a fence encoding, harmless without. */
	__asm__ volatile(".4byte 0x0100000f" ::: "memory");
}

/* Makes this hart's instruction fetches see earlier stores (fence.i). */
static inline void arch_fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

/* Waits for an interrupt (pending and enabled in sie; SIE may be off). */
void arch_wait_for_interrupt(void);

/* Installs the trap vector and enables the interrupt sources (software,
 * timer, external) in sie; sstatus.SIE stays as it is. */
void arch_trap_init_hart(void);

/* Current frame pointer and the return address of the caller. */
static inline uint64_t arch_frame_pointer(void)
{
	return (uint64_t)(uintptr_t)__builtin_frame_address(0);
}

/* The timer: fire a timer interrupt at `ticks` (time CSR units); ~0 cancels. */
void arch_timer_set(uint64_t ticks);
/* Chooses Sstc when the ISA string lists it. */
void arch_timer_init(bool have_sstc);
/*
 * Whether arch_timer_set writes stimecmp (Sstc) rather than calling SBI.
 * Fixed by arch_timer_init on the boot hart before the others start.
 */
bool arch_timer_sstc(void);

static inline uint64_t arch_time_read(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Sends a software interrupt to every hart id in mask. */
void arch_send_ipi(uint64_t hart_id_mask);

/* Switch stacks/registers between threads (trap_entry.S). */
void arch_switch(struct arch_context *from, struct arch_context *to);
/* Prepares ctx so that switching to it runs entry(arg) on the given stack
 * through thread_start(). */
void arch_context_init(struct arch_context *ctx, uint64_t stack_top,
		       void (*entry)(void *), void *arg);

/* Lazy FP: disable FP (sstatus.FS = off) / query dirty / save / restore. */
static inline void arch_fp_disable(void)
{
	__asm__ volatile("csrc sstatus, %0" ::"r"(SSTATUS_FS_MASK) : "memory");
}

static inline void arch_fp_enable_clean(void)
{
	__asm__ volatile(
		"csrc sstatus, %0\n\tcsrs sstatus, %1" ::"r"(SSTATUS_FS_MASK),
		"r"(SSTATUS_FS_CLEAN)
		: "memory");
}

static inline bool arch_fp_dirty(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	return (v & SSTATUS_FS_MASK) == SSTATUS_FS_DIRTY;
}
/*
 * Stores f0-f31 and fcsr of this hart into st; leaves sstatus.FS clean.
 * Caller has interrupts off (the registers belong to the current thread).
 */
void arch_fp_save(struct arch_fp_state *st);
/*
 * Loads f0-f31 and fcsr from st into this hart; leaves sstatus.FS clean,
 * so the next FP write marks the state dirty again.  Interrupts off.
 */
void arch_fp_restore(const struct arch_fp_state *st);

/* Power off through SBI SRST (returns only if SRST is unavailable). */
void arch_sbi_shutdown(int status);
/* Cold reboot through SBI SRST (returns only if SRST is unavailable). */
void arch_sbi_reboot(void);
/* Firmware console output (works before devices are mapped). */
void arch_early_putchar(int c);

/* Name of an scause value ("load page fault", "timer interrupt", ...). */
const char *arch_trap_name(uint64_t scause);

/* Prints the frame's registers through kprintf. */
void arch_dump_frame(const struct trap_frame *tf);

/* Halts this hart forever with interrupts off. */
_Noreturn void arch_halt(void);

#endif /* KERNEL_ARCH_RISCV64_ARCH_H */
