/*
 * kernel/umode.c - guests in U-mode (umode.h): entering and leaving them,
 * routing their traps to the owner, delivering kills.
 *
 * trap_entry.S saves a guest's registers on its thread's kernel stack
 * (sscratch names the hart, the hart the stack: nothing the guest set is
 * trusted), trap_handle resolves what the kernel resolves itself (timer
 * and device interrupts, demand-zero faults, lazy FP) and hands the rest
 * to trap_user_exception here.
 */
#include "kernel/umode.h"

#include "kernel/arch/riscv64/user.h"
#include "kernel/irq.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"

int umode_run(struct umode *u, const struct umode_entry *e)
{
	struct trap_frame init;
	arch_user_frame_init(&init, e->pc, e->sp);
	init.regs[TF_RA] = e->ra;
	for (int i = 0; i < 4; i++)
		init.regs[TF_A0 + i] = e->a[i];
	arch_irq_disable();
	struct thread *t = hart_self()->current;
	/* A run nested in a system call of another guest's (one guest
	 * calling another's code through the kernel) gives that guest back
	 * its space when it ends. */
	struct umode *outer = t->umode;
	struct vm_space *outer_space = t->space;
	t->umode = u;
	t->space = u->as;
	vm_space_activate(u->as);
	int status = arch_user_enter(&init, &u->save);
	/* Back with interrupts off, maybe on another hart. */
	t = hart_self()->current;
	t->umode = outer;
	t->space = outer_space;
	vm_space_activate(outer_space ? outer_space : vm_kernel_space());
	arch_irq_enable();
	return status;
}

void umode_exit(struct umode *u, int status)
{
	arch_irq_disable();
	arch_user_leave(&u->save, status);
}

void umode_kill(struct umode *u, int sig)
{
	uint32_t none = 0;
	__atomic_compare_exchange_n(&u->kill_sig, &none, (uint32_t)sig, false,
				    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
	/* A guest running on another hart traps at once rather than at its
	 * next tick.  Which hart is not known without a lock (it migrates):
	 * kills are rare, every other hart takes one interrupt. */
	uint64_t mask = smp_online_mask();
	irq_push();
	for (unsigned i = 0; mask; i++, mask >>= 1)
		if (mask & 1)
			smp_send_resched(i);
	irq_pop();
}

/* The guest of the thread that trapped; a trap from U-mode on a thread
 * that runs none is a broken invariant. */
static struct umode *current_umode(struct trap_frame *tf)
{
	struct umode *u = hart_self()->current->umode;
	if (!u)
		panic_trap(tf, "%s from U-mode on a thread with no guest",
			   arch_trap_name(tf->scause));
	return u;
}

/* An ecall of u's guest: to the owner, with interrupts on meanwhile. */
static inline void syscall_to_owner(struct umode *u, struct trap_frame *tf)
{
	tf->sepc += 4;
	u->syscalls++;
	arch_irq_enable();
	u->ops->syscall(u, tf);
	arch_irq_disable();
}

/* A kill pending for u ends its guest (trap_user_return's work). */
static inline void deliver(struct umode *u)
{
	int sig = umode_killed(u);
	if (sig)
		umode_exit(u, 128 + sig);
}

/* sched_trap_exit on the way back to a guest whose sstatus was sstatus,
 * called only when a reschedule is asked (the common case costs a load,
 * not a call). */
static inline void preempt_point(uint64_t sstatus)
{
	if (hart_self()->need_resched)
		sched_trap_exit(true, (sstatus & SSTATUS_SPIE) != 0);
}

void trap_user_syscall(struct trap_frame *tf)
{
	struct umode *u = current_umode(tf);
	syscall_to_owner(u, tf);
	preempt_point(tf->sstatus);
	deliver(u);
}

void trap_user_exception(struct trap_frame *tf)
{
	struct umode *u = current_umode(tf);
	if ((tf->scause & ~SCAUSE_INTR) == EXC_ECALL_U) {
		syscall_to_owner(u, tf);
		return;
	}
	arch_irq_enable();
	int status = u->ops->fault(u, tf);
	arch_irq_disable();
	if (status != UMODE_RESUME)
		umode_exit(u, status);
}

_Static_assert(sizeof(struct umode_call) == UC_SIZE, "UC_SIZE");
_Static_assert(__builtin_offsetof(struct umode_call, a) == UC_A, "UC_A");
_Static_assert(__builtin_offsetof(struct umode_call, t1) == UC_T1, "UC_T1");
_Static_assert(__builtin_offsetof(struct umode_call, s1) == UC_S1, "UC_S1");
_Static_assert(__builtin_offsetof(struct umode_call, s3) == UC_S3, "UC_S3");
_Static_assert(__builtin_offsetof(struct umode_call, sp) == UC_SP, "UC_SP");
_Static_assert(__builtin_offsetof(struct umode_call, pc) == UC_PC, "UC_PC");
_Static_assert(__builtin_offsetof(struct umode_call, sstatus) == UC_SSTATUS,
	       "UC_SSTATUS");
_Static_assert(__builtin_offsetof(struct umode_call, tp) == UC_TP, "UC_TP");
_Static_assert(__builtin_offsetof(struct umode_call, gp) == UC_GP, "UC_GP");
_Static_assert(__builtin_offsetof(struct umode_call, s0) == UC_S0, "UC_S0");
_Static_assert(__builtin_offsetof(struct umode_call, record) == UC_SIZE - 16,
	       "record");

void trap_user_call(struct umode_call *c)
{
	struct umode *u = hart_self()->current->umode;
	if (!u)
		panic("call from U-mode at %#llx on a thread with no guest",
		      (unsigned long long)c->pc);
	c->pc += 4;
	u->syscalls++;
	if (!u->ops->call)
		umode_exit(u, UMODE_NO_CALL);
	arch_irq_enable();
	u->ops->call(u, c);
	arch_irq_disable();
	/* What the full path does on its way out. */
	preempt_point(c->sstatus);
	deliver(u);
}

void trap_user_return(struct trap_frame *tf)
{
	deliver(current_umode(tf));
}
