/*
 * kernel/umode.h - kernel threads that run a guest in U-mode, in its own
 * address space (docs/kernel.md, "U-mode").
 *
 * A thread calls umode_run(): the guest runs until its owner ends it, from
 * one of the owner's handlers (umode_exit) or by a kill delivered at the
 * guest's next trap (umode_kill: a timer tick at the latest, so a busy
 * loop that makes no system call still ends).  The thread stays a normal
 * kernel thread: the timer preempts the guest, the scheduler loads the
 * guest's space when it switches to the thread, and FP state is saved
 * lazily as for any thread.
 *
 * Traps from the guest reach the owner's handlers on the guest's thread:
 *   syscall: an ecall (a7 = number, a0-a5 = arguments; the result goes
 *     in tf->regs[TF_A0]).
 *   fault: any exception the kernel does not resolve (page fault outside
 *     demand-zero memory, illegal instruction, misaligned access,
 *     breakpoint); returns the status to end the guest with, or
 *     UMODE_RESUME after changing tf (the guest goes on there).
 *   call: an ecall with t0 = UMODE_CALL, which the guest treats as a call
 *     of the C ABI: it keeps nothing in a caller-saved register across
 *     it.  The kernel saves only the call's registers (struct
 *     umode_call) and C keeps the callee-saved ones; the guest resumes at
 *     c->pc with a0 = c->a[0], t1 = c->t1 and every other caller-saved
 *     integer register (ra, t0, t2-t6, a1-a7) zero, whatever the kernel
 *     ran meanwhile.  Preemption, kills and the FP state are handled as
 *     for any ecall.  An owner without one ends such a guest with
 *     UMODE_NO_CALL.
 * All are called with interrupts on and may block.
 */
#ifndef KERNEL_UMODE_H
#define KERNEL_UMODE_H

#include "base/types.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/arch/riscv64/asm_offsets.h"

struct vm_space;
struct umode;

#define UMODE_RESUME (-1)
/* umode_run's status for a UMODE_CALL ecall whose owner takes none. */
#define UMODE_NO_CALL 127

/* A call's frame on the kernel stack (trap_entry.S; asm_offsets.h's
 * UC_*).  The owner reads a[], t1, s1, s3, sp and may change a[0], t1
 * and pc; the rest is the entry's. */
struct umode_call {
	uint64_t a[8]; /* a0-a7: the arguments; a[0] returns in a0 */
	uint64_t t1;   /* returns in t1 */
	uint64_t s1, s3;
	uint64_t sp;
	uint64_t pc; /* where the guest resumes (past the ecall) */
	uint64_t sstatus, tp, gp, s0;
	uint64_t pad;
	uint64_t record[2]; /* a frame record: 0, the ecall's pc */
};

struct umode_ops {
	void (*syscall)(struct umode *u, struct trap_frame *tf);
	int (*fault)(struct umode *u, struct trap_frame *tf);
	void (*call)(struct umode *u, struct umode_call *c);
};

struct umode {
	const struct umode_ops *ops;
	void *owner;
	struct vm_space *as;
	struct arch_context save; /* the thread's registers in umode_run */
	uint32_t kill_sig;	  /* atomic: a kill to deliver, 0: none */
	uint64_t syscalls;	  /* ecalls handled (the thread's only) */
};

/* Where a guest starts: pc, sp, ra and a0-a3 (every other register 0). */
struct umode_entry {
	uint64_t pc, sp, ra;
	uint64_t a[4];
};

/*
 * Runs the guest from e in space u->as on the calling thread until it
 * ends; returns the status it ended with (umode_exit's, or 128 + signal
 * after umode_kill).  Call from a kernel thread with interrupts on and no
 * lock held, or nested, from a syscall handler of another guest on the
 * thread (that guest's space is active again when this one ends).
 */
int umode_run(struct umode *u, const struct umode_entry *e);

/* From a handler of u on its thread: ends the guest with status. */
_Noreturn void umode_exit(struct umode *u, int status);

/*
 * Asks the guest to end with 128 + sig at its next trap (from any thread;
 * the first kill wins).  A guest blocked in a system call is the owner's
 * to wake (its handler sees umode_killed()).
 */
void umode_kill(struct umode *u, int sig);

/* The signal of a pending kill, or 0 (inline: every return to the guest
 * asks). */
static inline int umode_killed(const struct umode *u)
{
	return (int)__atomic_load_n(&u->kill_sig, __ATOMIC_ACQUIRE);
}

#endif /* KERNEL_UMODE_H */
