/*
 * kernel/arch/riscv64/cpu.c - CSR-level services for the generic kernel:
 * trap vector set-up, timer, IPIs, TLB, satp, lazy FP, idle, power-off.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/csr.h"
#include "kernel/arch/riscv64/mmu.h"
#include "kernel/arch/riscv64/sbi.h"
#include "kernel/arch/riscv64/user.h"

extern char trap_vector[];
extern char arch_thread_trampoline[];

/* Written once by arch_timer_init on the boot hart before others start. */
static bool timer_sstc;

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void arch_trap_init_hart(void)
{
	csr_write(sscratch, 0);
	csr_write(stvec, (uint64_t)(uintptr_t)trap_vector);
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

void arch_timer_init(bool have_sstc)
{
	timer_sstc = have_sstc;
}

bool arch_timer_sstc(void)
{
	return timer_sstc;
}

void arch_timer_set(uint64_t ticks)
{
	if (timer_sstc)
		csr_write(CSR_STIMECMP, ticks);
	else
		sbi_set_timer(ticks);
}

void arch_send_ipi(uint64_t hart_id_mask)
{
	sbi_send_ipi(hart_id_mask);
}

void arch_context_init(struct arch_context *ctx, uint64_t stack_top,
		       void (*entry)(void *), void *arg)
{
	for (unsigned i = 0; i < 12; i++)
		ctx->s[i] = 0;
	ctx->ra = (uint64_t)(uintptr_t)arch_thread_trampoline;
	ctx->sp = stack_top & ~15ULL;
	ctx->s[1] = (uint64_t)(uintptr_t)entry;
	ctx->s[2] = (uint64_t)(uintptr_t)arg;
}

void arch_flush_tlb_global(uint64_t va, uint64_t size)
{
	if (size == 0 || size > ARCH_TLB_FLUSH_MAX_PAGES * 4096ULL) {
		arch_flush_tlb_all();
		return;
	}
	uint64_t end = va + size;
	for (uint64_t a = va & ~4095ULL; a < end; a += 4096)
		arch_flush_tlb_page_global(a);
}

void arch_flush_tlb_local(uint64_t va, uint64_t size, uint16_t asid)
{
	if (size == 0 || size > ARCH_TLB_FLUSH_MAX_PAGES * 4096ULL) {
		arch_flush_tlb_asid(asid);
		return;
	}
	uint64_t end = va + size;
	for (uint64_t a = va & ~4095ULL; a < end; a += 4096)
		__asm__ volatile("sfence.vma %0, %1" ::"r"(a),
				 "r"((uint64_t)asid)
				 : "memory");
}

void arch_flush_tlb_asid(uint16_t asid)
{
	/* rs2 is a register even for ASID 0: non-global entries only. */
	__asm__ volatile("sfence.vma zero, %0" ::"r"((uint64_t)asid)
			 : "memory");
}

uint64_t arch_satp_read(void)
{
	return csr_read(satp);
}

void arch_satp_write(uint64_t satp)
{
	csr_write(satp, satp);
}

bool arch_user_access(bool allow)
{
	uint64_t old = csr_read(sstatus);
	if (allow)
		csr_set(sstatus, SSTATUS_SUM);
	else
		csr_clear(sstatus, SSTATUS_SUM);
	return (old & SSTATUS_SUM) != 0;
}

#define FP_REGS(op)                                                            \
	op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10)     \
		op(11) op(12) op(13) op(14) op(15) op(16) op(17) op(18) op(19) \
			op(20) op(21) op(22) op(23) op(24) op(25) op(26)       \
				op(27) op(28) op(29) op(30) op(31)

void arch_fp_save(struct arch_fp_state *st)
{
	/* FS must be on for the stores; the state ends up clean. */
	csr_set(sstatus, SSTATUS_FS_CLEAN);
#define SAVE(n) __asm__ volatile("fsd f" #n ", %0" : "=m"(st->f[n]));
	FP_REGS(SAVE)
#undef SAVE
	uint64_t fcsr;
	__asm__ volatile("frcsr %0" : "=r"(fcsr));
	st->fcsr = fcsr;
	csr_clear(sstatus, SSTATUS_FS_MASK);
	csr_set(sstatus, SSTATUS_FS_CLEAN);
}

void arch_fp_restore(const struct arch_fp_state *st)
{
	csr_set(sstatus, SSTATUS_FS_CLEAN);
#define LOAD(n) __asm__ volatile("fld f" #n ", %0" ::"m"(st->f[n]));
	FP_REGS(LOAD)
#undef LOAD
	__asm__ volatile("fscsr %0" ::"r"(st->fcsr));
	csr_clear(sstatus, SSTATUS_FS_MASK);
	csr_set(sstatus, SSTATUS_FS_CLEAN);
}

void arch_sbi_shutdown(int status)
{
	sbi_shutdown(status);
}

void arch_sbi_reboot(void)
{
	sbi_reboot();
}

void arch_early_putchar(int c)
{
	sbi_console_putchar(c);
}

_Noreturn void arch_halt(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	csr_write(sie, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void arch_user_frame_init(struct trap_frame *tf, uint64_t pc, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->sepc = pc;
	tf->regs[TF_SP] = sp;
	uint64_t s = csr_read(sstatus);
	s &= ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_SUM | SSTATUS_MXR);
	tf->sstatus = s | SSTATUS_SPIE;
}

extern const char arch_user_copy_end[], arch_user_copy_fault[];

bool arch_user_copy_fixup(struct trap_frame *tf)
{
	uintptr_t start = (uintptr_t)arch_user_copy;
	if (tf->sepc < start || tf->sepc >= (uintptr_t)arch_user_copy_end)
		return false;
	tf->sepc = (uintptr_t)arch_user_copy_fault;
	return true;
}
