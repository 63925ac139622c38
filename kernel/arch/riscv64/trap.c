/*
 * kernel/arch/riscv64/trap.c - trap dispatch.
 *
 * Interrupts go to the generic handlers (timer, IPI, PLIC).  A page fault
 * goes to kmm's vm_handle_page_fault(); when that fails in S-mode, and for
 * every other S-mode exception, the hart panics with the registers, scause
 * in words, stval and a backtrace from the faulting frame.
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/asm_offsets.h"
#include "kernel/arch/riscv64/csr.h"
#include "kernel/arch/riscv64/user.h"
#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(__builtin_offsetof(struct trap_frame, sepc) == TF_SEPC, "sepc");
_Static_assert(__builtin_offsetof(struct trap_frame, sstatus) == TF_SSTATUS,
	       "sstatus");
_Static_assert(__builtin_offsetof(struct trap_frame, scause) == TF_SCAUSE,
	       "scause");
_Static_assert(__builtin_offsetof(struct trap_frame, stval) == TF_STVAL,
	       "stval");
_Static_assert(__builtin_offsetof(struct hart, trap_scratch) ==
		       HART_TRAP_SCRATCH,
	       "scratch");
_Static_assert(__builtin_offsetof(struct hart, trap_kstack) == HART_TRAP_KSTACK,
	       "kstack");
_Static_assert(__builtin_offsetof(struct hart, trap_tp) == HART_TRAP_TP, "tp");
_Static_assert(__builtin_offsetof(struct hart, stack_limit) == HART_STACK_LIMIT,
	       "stack_limit");
_Static_assert(__builtin_offsetof(struct hart, emerg_stack) == HART_EMERG_STACK,
	       "emerg_stack");

void trap_handle(struct trap_frame *tf);
void trap_stack_overflow(struct trap_frame *tf);

/* Entered on the hart's emergency stack (trap_entry.S) when a kernel trap
 * frame would not fit above the current stack's limit. */
void trap_stack_overflow(struct trap_frame *tf)
{
	struct hart *h = hart_self();
	panic_trap(tf,
		   "kernel stack overflow: %s at %#llx with sp %#llx "
		   "(stack limit %#llx)",
		   arch_trap_name(tf->scause), (unsigned long long)tf->sepc,
		   (unsigned long long)tf->regs[TF_SP],
		   (unsigned long long)(h->stack_limit - STACK_TRAP_MARGIN));
}

static const char *const exc_names[] = {
	[EXC_INSN_MISALIGNED] = "instruction address misaligned",
	[EXC_INSN_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[EXC_STORE_ACCESS] = "store/AMO access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[10] = NULL,
	[11] = NULL,
	[EXC_INSN_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[14] = NULL,
	[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
};

const char *arch_trap_name(uint64_t scause)
{
	uint64_t code = scause & ~SCAUSE_INTR;
	if (scause & SCAUSE_INTR) {
		switch (code) {
		case IRQ_S_SOFT:
			return "supervisor software interrupt";
		case IRQ_S_TIMER:
			return "supervisor timer interrupt";
		case IRQ_S_EXT:
			return "supervisor external interrupt";
		default:
			return "unknown interrupt";
		}
	}
	if (code < ARRAY_SIZE(exc_names) && exc_names[code])
		return exc_names[code];
	return "unknown exception";
}

void arch_dump_frame(const struct trap_frame *tf)
{
	static const char *const names[31] = {
		"ra", "sp",  "gp",  "tp", "t0", "t1", "t2", "s0",
		"s1", "a0",  "a1",  "a2", "a3", "a4", "a5", "a6",
		"a7", "s2",  "s3",  "s4", "s5", "s6", "s7", "s8",
		"s9", "s10", "s11", "t3", "t4", "t5", "t6"};
	kprintf("  sepc    %016llx  sstatus %016llx\n",
		(unsigned long long)tf->sepc, (unsigned long long)tf->sstatus);
	kprintf("  scause  %016llx  (%s)\n", (unsigned long long)tf->scause,
		arch_trap_name(tf->scause));
	kprintf("  stval   %016llx\n", (unsigned long long)tf->stval);
	for (unsigned i = 0; i < 31; i++)
		kprintf("  %-3s %016llx%s", names[i],
			(unsigned long long)tf->regs[i],
			(i % 4 == 3 || i == 30) ? "\n" : "");
}

static void handle_interrupt(uint64_t code)
{
	switch (code) {
	case IRQ_S_TIMER:
		timer_interrupt();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		hart_self()->ipi_count++;
		smp_ipi_interrupt();
		break;
	case IRQ_S_EXT:
		plic_interrupt();
		break;
	default:
		log_warn("trap", "spurious interrupt %llu",
			 (unsigned long long)code);
		break;
	}
}

/* Resolves a page fault; false when a U-mode fault is the process's. */
static bool handle_page_fault(struct trap_frame *tf, uint64_t code, bool user)
{
	int access = code == EXC_STORE_PAGE_FAULT  ? VM_ACCESS_WRITE
		     : code == EXC_INSN_PAGE_FAULT ? VM_ACCESS_EXEC
						   : VM_ACCESS_READ;
	err_t err = vm_handle_page_fault(tf->stval, access, user);
	if (err == ERR_OK)
		return true;
	if (user)
		return false;
	if (arch_user_copy_fixup(tf))
		return true;
	struct vm_fault_report rep;
	if (vm_last_fault(&rep))
		panic_trap(
			tf, "%s at %#llx: %s (%s)", arch_trap_name(tf->scause),
			(unsigned long long)tf->stval,
			rep.reason ? rep.reason : "unresolved", err_str(err));
	panic_trap(tf, "%s at %#llx: %s", arch_trap_name(tf->scause),
		   (unsigned long long)tf->stval, err_str(err));
}

/* The thread resumes with the FP state the scheduler chose for it: the
 * hart's sstatus.FS into tf. */
static inline void resume_fp(struct trap_frame *tf)
{
	uint64_t fs = csr_read(sstatus) & SSTATUS_FS_MASK;
	tf->sstatus = (tf->sstatus & ~SSTATUS_FS_MASK) | fs;
}

/* The way out of every trap: may switch threads (sched_trap_exit),
 * delivers what a U-mode thread has pending (trap_user_return) and
 * carries the FP state into tf. */
static inline void trap_exit(struct trap_frame *tf, bool user)
{
	sched_trap_exit(user, (tf->sstatus & SSTATUS_SPIE) != 0);
	if (user)
		trap_user_return(tf);
	resume_fp(tf);
}

/* Every other trap (trap_handle). */
static __attribute__((noinline)) void trap_other(struct trap_frame *tf)
{
	struct hart *h = hart_self();
	bool user = (tf->sstatus & SSTATUS_SPP) == 0;
	uint64_t code = tf->scause & ~SCAUSE_INTR;
	bool to_process = false;

	h->trap_depth++;
	if (tf->scause & SCAUSE_INTR) {
		h->irq_count++;
		handle_interrupt(code);
	} else if (code == EXC_LOAD_PAGE_FAULT ||
		   code == EXC_STORE_PAGE_FAULT ||
		   code == EXC_INSN_PAGE_FAULT) {
		to_process = !handle_page_fault(tf, code, user);
	} else if (code == EXC_ILLEGAL &&
		   (tf->sstatus & SSTATUS_FS_MASK) == SSTATUS_FS_OFF &&
		   sched_fp_trap()) {
		/* FP state loaded; retry the instruction. */
	} else if (user) {
		to_process = true;
	} else if ((code == EXC_LOAD_ACCESS || code == EXC_STORE_ACCESS ||
		    code == EXC_LOAD_MISALIGNED ||
		    code == EXC_STORE_MISALIGNED) &&
		   arch_user_copy_fixup(tf)) {
		/* A copy from or to user memory failed: it returns -1. */
	} else {
		panic_trap(tf, "%s in kernel at %#llx (stval %#llx)",
			   arch_trap_name(tf->scause),
			   (unsigned long long)tf->sepc,
			   (unsigned long long)tf->stval);
	}
	h->trap_depth--;
	if (to_process)
		trap_user_exception(tf);
	trap_exit(tf, user);
}

/*
 * Called by trap_vector (trap_entry.S) with interrupts off and tf the saved
 * registers.  Dispatches interrupts, page faults (vm_handle_page_fault),
 * the first FP instruction of a thread (lazy FP) and user exceptions
 * (trap_user_exception, outside the trap's nesting count: it may block or
 * end the thread); any other S-mode exception panics.  On the way out it
 * may switch threads (sched_trap_exit), delivers what a U-mode thread has
 * pending (trap_user_return) and carries the hart's sstatus.FS back into
 * tf.  An ecall from U-mode (scause says U-mode itself) skips the
 * dispatch.
 */
void trap_handle(struct trap_frame *tf)
{
	if (tf->scause != EXC_ECALL_U) {
		trap_other(tf);
		return;
	}
	/* A system call, the trap a guest takes most: straight to its owner
	 * (trap_user_syscall does all of trap_exit but the FP state). */
	trap_user_syscall(tf);
	resume_fp(tf);
}
