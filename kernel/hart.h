/*
 * kernel/hart.h - the per-hart structure and boot information.
 *
 * Every hart has exactly one struct hart, a _Thread_local variable in the
 * kernel's TLS block, which the loader allocates per hart and points tp at.
 * tp never changes while the kernel runs, so hart_self() is tp + offset.
 *
 * A kernel thread may migrate between harts whenever it is preemptible, so
 * a pointer returned by hart_self() stays meaningful only while interrupts
 * are off (spin_lock/irq_push) or preemption is disabled.  hart_self() is
 * never cached by the compiler across calls (it is an asm volatile read).
 * Code outside this file must not declare its own _Thread_local variables
 * (the same migration problem); add fields to struct hart instead.
 */
#ifndef KERNEL_HART_H
#define KERNEL_HART_H

#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"

struct thread;
struct trap_frame;

/* Per-hart scheduler state (kernel/sched*.c); lock: lock ("runqueue"). */
struct sched_hart {
	struct spinlock lock;
	struct list_node queue[2]; /* ready threads per priority */
	unsigned nr_ready;	   /* threads in queue[] (atomic reads ok) */
	struct thread *prev;	   /* thread being switched out */
	uint64_t slice_end;	   /* ticks: preempt current after this */
	uint64_t switches;	   /* context switches on this hart */
	uint64_t steals;	   /* threads taken from other harts */
	uint64_t idle_ticks;	   /* time spent idle */
};

/* Per-hart timer list (kernel/timer.c); lock: lock ("timer"). */
struct timer_hart {
	struct spinlock lock;
	struct list_node pending; /* struct ktimer, sorted by deadline */
	/* The first pending deadline (~0: none): written under lock, read
	 * by its hart without it (only that hart adds timers, so a stale
	 * value is only ever too early: one spurious interrupt). */
	uint64_t first;
};

/* A remote call slot: one per (target hart, source hart) pair. */
struct smp_slot {
	void (*fn)(void *);
	void *arg;
	uint32_t pending; /* atomic SMP_SLOT_FREE/QUEUED/RUNNING (smp.c) */
};

struct hart {
	/* Trap entry from U-mode (asm_offsets.h): keep first, in this order. */
	uint64_t trap_scratch; /* a saved register */
	uint64_t trap_kstack;  /* kernel sp to use */
	uint64_t trap_tp;      /* kernel tp */
	uint64_t stack_limit;  /* a kernel trap frame below this: overflow */
	uint64_t emerg_stack;  /* top of this hart's overflow stack */

	unsigned id;	/* hart id (mhartid) */
	unsigned index; /* dense 0..hart_count()-1, by ascending id */
	bool online;	/* reached the kernel */

	/* spin_lock/irq_push nesting (only touched by this hart). */
	unsigned irq_depth;
	bool irq_saved; /* interrupts were on before the outermost push */

	unsigned trap_depth;  /* nested traps being handled */
	unsigned preempt_off; /* preemption disabled while > 0 */
	bool need_resched;    /* reschedule at the next opportunity */

	struct thread *current;	 /* running thread (idle thread when none) */
	struct thread *idle;	 /* this hart's idle thread */
	struct thread *fp_owner; /* whose FP state is in the FP registers */
	struct sched_hart sched;
	struct timer_hart timers;

	struct smp_slot calls[BOOT_MAX_HARTS]; /* indexed by source index */
	uint32_t resched_req;		       /* atomic: IPI asked resched */

	uint64_t timer_next; /* ticks of the armed timer; ~0 when none */
	uint64_t irq_count;  /* interrupts taken */
	uint64_t timer_irqs; /* timer interrupts taken */
	uint64_t ipi_count;  /* IPIs taken */
	/* TLB flushes run here at another hart's request (shoot-downs and
	 * lazy-unmap purges, kernel/mm): written by this hart, read
	 * atomically by others. */
	uint64_t tlb_shootdowns;
	/* The user-code epoch of this hart's last fence.i (vm.c,
	 * vm_code_written; only this hart touches it). */
	uint64_t code_epoch;
};

/* The per-hart variable itself; use hart_self(), never &hart_local. */
extern _Thread_local struct hart hart_local;

#include "kernel/arch/riscv64/tp.h"

/* This hart's struct (see the migration note above). */
static inline struct hart *hart_self(void)
{
	return arch_hart_self();
}

/* Hart id / dense index of the calling hart. */
unsigned hart_id(void);
/*
 * Dense index (0 .. hart_count()-1) of the calling hart; the per-hart
 * arrays are indexed by it.
 */
unsigned hart_index(void);

/* Number of harts the loader started (= harts in the kernel). */
unsigned hart_count(void);

/* The struct hart of another hart by dense index; NULL when out of range. */
struct hart *hart_by_index(unsigned index);

/* Hart id of a dense index, and the reverse (-1 when unknown). */
unsigned hart_index_to_id(unsigned index);
/* Dense index of hart id; -1 when id is not in the boot info's hart mask. */
int hart_id_to_index(unsigned id);

/*
 * With the boot argument `hart_counters`, prints every hart's interrupt
 * counters (timer_irqs, ipi_count, irq_count) on the console, one line per
 * counter: "harts: NAME N0 N1 ..."; without it, nothing.  Called at a
 * shutdown the user asked for, where benchmarks (make bench-load) read
 * them.
 * Reads other harts' counters with relaxed atomic loads and no lock: an
 * increment racing with it may be missed.
 */
void hart_log_counters(void);

/* The loader's boot information (validated at entry; read-only after). */
const struct boot_info *boot_info(void);

#endif /* KERNEL_HART_H */
