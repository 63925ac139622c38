/*
 * kernel/irq.h - what the architecture's trap handler calls in the generic
 * kernel.  All run with interrupts off on the trapping hart.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "base/types.h"

struct trap_frame;

/* Timer interrupt: expire timers, account the slice (sched/timer.c). */
void timer_interrupt(void);
/* Software interrupt: remote calls and reschedule requests (smp.c). */
void smp_ipi_interrupt(void);
/* External interrupt: claim, dispatch and complete PLIC sources (plic.c). */
void plic_interrupt(void);

/* An illegal instruction with FP off: load the thread's FP state and
 * return true (retry), or false when FP was not the cause. */
bool sched_fp_trap(void);

/* Last step before returning from a trap: preempt when asked and allowed.
 * user: the trap came from U-mode; irq_was_on: the interrupted code had
 * interrupts enabled (only then is it preemptible). */
void sched_trap_exit(bool user, bool irq_was_on);

/*
 * An exception taken in U-mode that the kernel does not resolve itself
 * (ecall, a fault outside demand-zero memory, an illegal instruction):
 * delivered to the thread's U-mode owner (kernel/umode.c), which handles
 * it with interrupts as it likes (they are off on return) or ends the
 * guest.  Called outside the trap's nesting count (it may block).
 */
void trap_user_exception(struct trap_frame *tf);

/* Last step before returning to U-mode (interrupts off): delivers what
 * the thread has pending (a kill ends the guest here). */
void trap_user_return(struct trap_frame *tf);

/* An ecall from U-mode, all of it but the FP state (trap.c): the owner's
 * handler (as trap_user_exception), sched_trap_exit, then what
 * trap_user_return delivers.  Interrupts off on entry and return. */
void trap_user_syscall(struct trap_frame *tf);

/* A UMODE_CALL ecall (umode.h), from trap_entry.S's call path with c its
 * frame: the owner's call handler, sched_trap_exit, then a pending kill.
 * Interrupts off on entry and return. */
struct umode_call;
void trap_user_call(struct umode_call *c);

/* Interrupt handler for a PLIC source. */
typedef void (*irq_handler_fn)(void *arg);
/* Registers handler for source irq at priority 1, enabled on the boot
 * hart's context.  Errors: ERR_RANGE, ERR_EXISTS, ERR_NOTFOUND (no PLIC). */
err_t irq_register(unsigned irq, irq_handler_fn handler, void *arg);

#endif /* KERNEL_IRQ_H */
