/*
 * kernel/arch/riscv64/tp.h - reaching the per-hart struct through tp.
 *
 * Included by kernel/hart.h only.  The asm is volatile so that the compiler
 * recomputes the address after every call: the current thread may have
 * migrated to another hart in between.
 */
#ifndef KERNEL_ARCH_RISCV64_TP_H
#define KERNEL_ARCH_RISCV64_TP_H

/* hart_local is the only TLS variable, at offset 0 from tp (checked at
 * boot, hart_set_boot_info, and relied on by trap_entry.S): tp is this
 * hart's struct, one instruction (the TLS sequence took three). */
static inline struct hart *arch_hart_self(void)
{
	struct hart *h;
	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}

static inline uintptr_t arch_read_tp(void)
{
	uintptr_t tp;
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

#endif /* KERNEL_ARCH_RISCV64_TP_H */
