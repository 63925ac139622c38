/*
 * kernel/thread.h - kernel threads and the scheduler.
 *
 * Threads run on any hart: each hart has its own run queue (two priority
 * levels: THREAD_PRIO_HIGH for interactive work, THREAD_PRIO_NORMAL for
 * batch; inside a level the thread with the least virtual run time runs
 * next, 10 ms time slices enforced by the timer), idle harts steal work
 * from busy ones, busy harts push work to idle ones and swap threads with
 * harts whose threads got less CPU (fair shares across harts).  Each thread has
 * its own stack (vm_alloc_kstack: an unmapped guard page below it).
 * Floating-point state is saved lazily: a thread gets FP access on its first FP
 * instruction (sstatus.FS).
 *
 * Locks: each hart's "runqueue", each hart's "timer"; see docs/locking.md.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "base/types.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/list.h"
#include "kernel/hart.h"
#include "kernel/spinlock.h"

#define THREAD_PRIO_HIGH     0
#define THREAD_PRIO_NORMAL   1
#define THREAD_NAME_MAX	     24
#define THREAD_STACK_DEFAULT (16 * 1024)
#define SCHED_SLICE_NS	     10000000ULL /* 10 ms */

enum thread_state {
	THREAD_READY = 1,   /* in a run queue */
	THREAD_RUNNING = 2, /* current on some hart */
	THREAD_BLOCKED = 3, /* waiting (wait queue, mutex, sleep) */
	THREAD_DEAD = 4,    /* exited, waiting to be joined */
};

/* A one-shot timer on the hart that armed it (kernel/timer.c). */
struct ktimer {
	struct list_node node;
	uint64_t deadline;		  /* ticks */
	void (*fn)(struct ktimer *timer); /* called with interrupts off */
	void *arg;
	int hart; /* index of the list it is on, -1 when idle */
};

struct waitq {
	struct spinlock lock;
	struct list_node waiters; /* struct thread.wait_node */
};

struct thread {
	struct arch_context ctx;
	struct list_node rq_node;   /* run queue; lock: that hart's runqueue */
	struct list_node wait_node; /* wait queue / mutex; lock: its lock */
	uint32_t state;		    /* enum thread_state (atomic CAS) */
	uint32_t on_cpu;	    /* atomic: registers not saved yet */
	unsigned prio;
	unsigned hart; /* index of the run queue it belongs to */
	bool pinned;   /* never migrates */
	bool is_idle;
	uint64_t id;
	char name[THREAD_NAME_MAX];

	int (*entry)(void *);
	void *arg;
	int exit_status;
	struct waitq join_wq; /* woken when the thread is DEAD */
	uint32_t joined;      /* atomic: a joiner or detach claimed it */

	uint64_t stack_top, stack_size;

	/* Saved per-hart interrupt nesting while switched out. */
	unsigned irq_depth;
	bool irq_saved;

	struct arch_fp_state fp;
	bool fp_used;
	unsigned fp_hart; /* hart whose FP registers hold our state, or ~0 */

	uint64_t runtime_ticks; /* total time on a hart (time CSR ticks) */
	uint64_t last_start;	/* ticks when it last got a hart */
	uint64_t vruntime;	/* run time relative to its hart's queue
				 * (ticks; lock: that hart's runqueue) */
	uint64_t switches_in;	/* times it was scheduled */
	struct ktimer sleep_timer;
	uintptr_t user; /* free for the owner (process layer) */
	/* While it runs a guest (kernel/umode.c): the address space the
	 * scheduler loads when it switches to the thread (NULL: the kernel
	 * space) and the guest's owner, for traps from U-mode.  Written by
	 * the thread itself with interrupts off. */
	struct vm_space *space;
	struct umode *umode;
};

struct thread_opts {
	unsigned prio;	   /* THREAD_PRIO_* */
	int hart;	   /* hart index to start on, -1: least loaded */
	bool pinned;	   /* stay on that hart */
	size_t stack_size; /* 0: THREAD_STACK_DEFAULT */
};

/*
 * Creates a thread running entry(arg) and makes it ready; its return value
 * is the exit status.  opts may be NULL (normal priority, any hart).  The
 * thread must be joined (thread_join) or detached (thread_detach).
 * Errors: ERR_NOMEM, ERR_INVAL (bad hart or prio).
 */
err_t thread_create(const char *name, int (*entry)(void *), void *arg,
		    const struct thread_opts *opts, struct thread **out);

/* Ends the calling thread with status; never returns. */
_Noreturn void thread_exit(int status);

/* Waits until t has exited, stores its status (status may be NULL) and
 * frees it.  Errors: ERR_INVAL (t is the caller, or already joined). */
err_t thread_join(struct thread *t, int *status);

/* Lets t free itself when it exits. */
void thread_detach(struct thread *t);

/* Gives the hart to another ready thread of the same or higher priority. */
void thread_yield(void);

/* Blocks for at least ns nanoseconds. */
void thread_sleep_ns(uint64_t ns);

/*
 * The thread running on this hart (its idle thread before any other);
 * safe against migration in between: read with interrupts off (a
 * preemption between finding this hart and reading its current thread
 * would read another hart's).  Inline: every mutex operation asks.
 */
static inline struct thread *thread_current(void)
{
	bool on = arch_irq_save();
	struct thread *t = hart_self()->current;
	if (on)
		arch_irq_enable();
	return t;
}

/* Total time t has run, in ns (final once t is dead). */
uint64_t thread_runtime_ns(const struct thread *t);
/* The name given to thread_create (NUL-terminated, lives as long as t). */
const char *thread_name(const struct thread *t);

/* Stack of the current thread when fp lies inside it (for backtraces). */
bool thread_stack_bounds(uint64_t fp, uint64_t *lo, uint64_t *hi);

/* Preemption control (nesting); while disabled the thread stays on its
 * hart but interrupts still run. */
void preempt_disable(void);
/*
 * Undoes one preempt_disable; panics without a matching one.  A resched
 * requested meanwhile happens at the next trap or yield, not here.
 */
void preempt_enable(void);

/*
 * Blocking primitives for wait queues and locks: the caller has set its
 * state to THREAD_BLOCKED while holding `held` (a spinlock, irq off);
 * sched_block releases held, switches away and returns (held not
 * re-taken) once sched_wake() made the thread ready.
 */
void sched_block(struct spinlock *held);
/* Makes a BLOCKED thread ready; false when it was not blocked. */
bool sched_wake(struct thread *t);

/* Per-hart scheduler statistics. */
struct sched_stats {
	uint64_t switches, steals, nr_ready;
};
/*
 * Copies the counters of the hart with this index into *out (zeros for an
 * unknown index).  Unlocked reads: each value is exact, the set is not a
 * snapshot.
 */
void sched_get_stats(unsigned hart_index, struct sched_stats *out);

/* Boot: the calling hart's idle thread (its boot stack); then the hart
 * runs the scheduler forever (never returns). */
void sched_init_hart(void);
/*
 * The idle loop of this hart: runs ready threads (stealing from busy harts
 * when its queue is empty) and waits for an interrupt otherwise.  Takes
 * this hart's "runqueue".
 */
_Noreturn void sched_run_idle(void);
/*
 * Tick-time balancing, from the timer interrupt at a slice end on a busy
 * hart (kernel/sched_balance.c): may move one ready thread to a hart at
 * least two threads less loaded.  Takes run-queue locks itself.
 */
void sched_balance(void);

/* Timers (kernel/timer.c). */
void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *), void *arg);
/* Arms t on this hart for absolute deadline (ticks); re-arms if armed. */
void ktimer_arm(struct ktimer *t, uint64_t deadline);
/* Disarms t; true when it was pending (its fn will not run). */
bool ktimer_cancel(struct ktimer *t);
/* Reprograms this hart's timer interrupt (next deadline / slice end). */
void timer_reprogram(void);
/*
 * Empties this hart's timer list and cancels its timer interrupt; once per
 * hart, during its start-up with interrupts off.
 */
void timer_init_hart(void);

/* Wait queues (kernel/sync.c). */
void waitq_init(struct waitq *wq, const char *name);
/* Caller holds wq->lock: sleeps until woken; returns with it held. */
void waitq_wait_locked(struct waitq *wq);
/* Wakes the first waiter (FIFO); false when there was none.  Takes
 * wq->lock. */
bool waitq_wake_one(struct waitq *wq);
/* Wakes every waiter; returns how many.  Takes wq->lock. */
unsigned waitq_wake_all(struct waitq *wq);
/* waitq_wake_one with wq->lock held by the caller. */
bool waitq_wake_one_locked(struct waitq *wq);
/* waitq_wake_all with wq->lock held by the caller. */
unsigned waitq_wake_all_locked(struct waitq *wq);

/* Condition-style waiting: sleeps until cond is true (re-evaluated under
 * wq->lock after every wake-up).  The waker changes the state the
 * condition reads, then calls waitq_wake_*. */
#define WAIT_EVENT(wq, cond)                                                   \
	do {                                                                   \
		spin_lock(&(wq)->lock);                                        \
		while (!(cond))                                                \
			waitq_wait_locked(wq);                                 \
		spin_unlock(&(wq)->lock);                                      \
	} while (0)

#endif /* KERNEL_THREAD_H */
