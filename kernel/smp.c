/*
 * kernel/smp.c - remote function calls and reschedule IPIs.
 *
 * Each hart has one call slot per source hart (struct hart.calls), so a
 * call needs no lock: the source fills its slot in the target and sets
 * `pending` to QUEUED (release); the target claims it (QUEUED -> RUNNING),
 * runs fn and frees it (release).  A claimed call is never run again by a
 * poll nested inside fn, and a slot is reused only once free, so each call
 * runs exactly once.  A source whose slot is still busy waits, serving its
 * own slots meanwhile, which is what makes smp_call safe with spinlocks
 * held.  smp_poll runs with interrupts off even when its caller (a busy
 * wait in a thread) has them on, or an IPI taken between the claim and
 * fn would run the slots from the handler too.
 *
 * online_mask: atomic, bits set once per hart as it comes online.
 */
#include "kernel/smp.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"

void smp_mark_online(void);
void smp_stop_others(void);

/* struct smp_slot.pending: non-zero from queueing until fn has returned. */
#define SMP_SLOT_FREE	 0u
#define SMP_SLOT_QUEUED	 1u /* filled by the source, not yet claimed */
#define SMP_SLOT_RUNNING 2u /* claimed by the target, fn running */

static uint64_t online_mask;

void smp_mark_online(void)
{
	__atomic_fetch_or(&online_mask, 1ULL << hart_self()->index,
			  __ATOMIC_ACQ_REL);
}

uint64_t smp_online_mask(void)
{
	return __atomic_load_n(&online_mask, __ATOMIC_ACQUIRE);
}

void smp_poll(void)
{
	/* Interrupts off while a slot is claimed and run: an IPI taken in
	 * between would poll again on this hart. */
	bool on = arch_irq_save();
	struct hart *h = hart_self();
	panic_stop_check();
	unsigned n = hart_count();
	for (unsigned src = 0; src < n && src < BOOT_MAX_HARTS; src++) {
		struct smp_slot *s = &h->calls[src];
		uint32_t queued = SMP_SLOT_QUEUED;
		/* Claim the call before running it: polls nested inside fn
		 * (fn spins on a lock, takes a page fault) see it RUNNING
		 * and leave it alone, so a call never re-enters itself. */
		if (__atomic_load_n(&s->pending, __ATOMIC_RELAXED) != queued ||
		    !__atomic_compare_exchange_n(
			    &s->pending, &queued, SMP_SLOT_RUNNING, false,
			    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			continue;
		void (*fn)(void *) = s->fn;
		void *arg = s->arg;
		fn(arg);
		__atomic_store_n(&s->pending, SMP_SLOT_FREE, __ATOMIC_RELEASE);
	}
	if (on)
		arch_irq_enable();
}

void smp_spin_pause(unsigned *spins)
{
	smp_poll();
	arch_cpu_relax();
	if ((++*spins & 255) != 0)
		return;
	bool on = arch_irq_save();
	struct hart *h = hart_self();
	uint64_t dl = arch_time_read() + time_ns_to_ticks(50000); /* 50 us */
	if (h->timer_next > dl) {
		h->timer_next = dl;
		arch_timer_set(dl);
	}
	/* Give the hardware thread away until then (an IPI ends it early). */
	arch_wait_for_interrupt();
	if (on)
		arch_irq_enable();
}

void smp_ipi_interrupt(void)
{
	struct hart *h = hart_self();
	smp_poll();
	if (__atomic_exchange_n(&h->resched_req, 0, __ATOMIC_ACQ_REL))
		h->need_resched = true;
}

/*
 * Waits until the slot this hart uses in target t is free.  An IPI is
 * never expected to be lost, but if the target has not freed the slot
 * after SMP_RESEND_NS the IPI is sent again (a spurious one is harmless),
 * and after SMP_WARN_NS a warning names the target and the slot state,
 * so a missed call shows up in the log instead of as a silent stall.
 */
#define SMP_RESEND_NS 10000000ULL   /* 10 ms */
#define SMP_WARN_NS   1000000000ULL /* 1 s */

static void wait_slot_free(struct hart *t, unsigned me)
{
	struct smp_slot *s = &t->calls[me];
	unsigned spins = 0;
	uint64_t start = 0, resend = 0;
	bool warned = false;
	while (__atomic_load_n(&s->pending, __ATOMIC_ACQUIRE)) {
		smp_spin_pause(&spins);
		if ((spins & 63) != 0)
			continue;
		uint64_t now = time_ns();
		if (!start) {
			start = now;
			resend = now + SMP_RESEND_NS;
			continue;
		}
		if (now >= resend) {
			resend = now + SMP_RESEND_NS;
			arch_send_ipi(1ULL << t->id);
		}
		if (!warned && now - start >= SMP_WARN_NS) {
			warned = true;
			log_warn(
				"smp",
				"hart %u has not finished a call from "
				"hart %u for 1 s (slot state %u)",
				t->index, me,
				__atomic_load_n(&s->pending, __ATOMIC_RELAXED));
		}
	}
}

void smp_call(uint64_t hart_index_mask, void (*fn)(void *), void *arg,
	      bool wait)
{
	irq_push();
	struct hart *self = hart_self();
	unsigned me = self->index;
	uint64_t targets = hart_index_mask & smp_online_mask() & ~(1ULL << me);
	uint64_t ids = 0;
	for (uint64_t m = targets; m; m &= m - 1) {
		unsigned idx = (unsigned)__builtin_ctzll(m);
		struct hart *t = hart_by_index(idx);
		struct smp_slot *s = &t->calls[me];
		wait_slot_free(t, me);
		s->fn = fn;
		s->arg = arg;
		__atomic_store_n(&s->pending, SMP_SLOT_QUEUED,
				 __ATOMIC_RELEASE);
		ids |= 1ULL << t->id;
	}
	if (ids)
		arch_send_ipi(ids);
	if (hart_index_mask & (1ULL << me))
		fn(arg);
	if (wait) {
		for (uint64_t m = targets; m; m &= m - 1)
			wait_slot_free(
				hart_by_index((unsigned)__builtin_ctzll(m)),
				me);
	}
	irq_pop();
}

void smp_send_resched(unsigned index)
{
	struct hart *self = hart_self();
	if (index == self->index) {
		self->need_resched = true;
		return;
	}
	struct hart *t = hart_by_index(index);
	if (!t || !(smp_online_mask() & (1ULL << index)))
		return;
	if (__atomic_exchange_n(&t->resched_req, 1, __ATOMIC_ACQ_REL) == 0)
		arch_send_ipi(1ULL << t->id);
}

/* Panic: interrupt every other hart; they halt in smp_poll(). */
void smp_stop_others(void)
{
	uint64_t ids = 0;
	uint64_t mask = smp_online_mask();
	unsigned me = hart_self()->index;
	for (uint64_t m = mask; m; m &= m - 1) {
		unsigned idx = (unsigned)__builtin_ctzll(m);
		if (idx != me)
			ids |= 1ULL << hart_index_to_id(idx);
	}
	if (ids)
		arch_send_ipi(ids);
}
