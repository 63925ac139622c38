/*
 * kernel/smp.h - cross-hart calls through SBI IPIs.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include "base/types.h"

/*
 * Runs fn(arg) on every hart whose bit (by dense hart index) is set in
 * hart_index_mask; offline harts are ignored.  When this hart's bit is set,
 * fn runs here too, directly, with interrupts off.  Remote calls run in
 * interrupt context on the target (interrupts off): fn must not sleep.
 * With wait, returns after every target has finished fn; otherwise after it
 * has been queued.  Callable with spinlocks held and interrupts off: a hart
 * waiting here (or spinning on a spinlock) keeps serving calls aimed at it.
 * Each call runs exactly once per target, and never nested inside itself:
 * a call that spins on a lock or takes a page fault on its target keeps
 * serving the other harts' calls there, not its own.  So a caller must not
 * wait for a call (wait, or a second call to the same hart, which waits
 * for the slot) while holding a lock that call's fn takes.
 * Never fails (one slot per source hart in each target; a caller whose slot
 * is still busy spins, serving its own calls, until it is free).
 */
void smp_call(uint64_t hart_index_mask, void (*fn)(void *), void *arg,
	      bool wait);

/* Mask (by hart index) of every hart that has come online in the kernel. */
uint64_t smp_online_mask(void);

/* Asks the hart with this index to reschedule (IPI); no-op for self. */
void smp_send_resched(unsigned hart_index);

/* Panic: interrupts every other online hart so that it halts. */
void smp_stop_others(void);

/*
 * One step of a busy wait for another hart (spinlocks, smp_call, boot):
 * serves remote calls, pauses, and every 256 steps arms this hart's timer
 * 50 us ahead and waits for an interrupt (wfi) up to then.  The timer is
 * masked while spinning and handled as a spurious tick later.  This matters
 * under QEMU -icount, whose round-robin vCPU loop would otherwise let a
 * spinning hart starve the hart it waits for.  *spins starts at 0.
 */
void smp_spin_pause(unsigned *spins);

/* Serves remote calls queued for this hart; called by the IPI handler and by
 * spinning waiters.  Turns interrupts off while it runs (a call is claimed,
 * run and released with them off), so busy waits with interrupts on may
 * call it; skips calls already running on this hart (polls nested in fn). */
void smp_poll(void);

#endif /* KERNEL_SMP_H */
