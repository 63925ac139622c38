/*
 * loader/harts.c - the secondary harts: starting them through SBI HSM,
 * waiting (bounded) until they run loader code, and releasing every hart
 * into the kernel together.
 *
 * harts[i] is filled by the boot hart before it starts hart i; hart i then
 * writes only `arrived` (atomic).  The boot hart writes kernel_sp,
 * kernel_tp, present and `handoff` before its release store to
 * handoff.release; the others read them after an acquire load sees it.
 * No lock is needed.
 */
#include "base/types.h"
#include "bootinfo/bootinfo.h"
#include "loader/arch.h"
#include "loader/console.h"
#include "loader/dtinfo.h"
#include "loader/loader.h"

#define SECONDARY_STACK	       4096
#define HART_START_TIMEOUT_MS  1000
#define HART_ARRIVE_TIMEOUT_MS 5000

static struct loader_hart harts[BOOT_MAX_HARTS];
static struct loader_handoff handoff;
static uint8_t secondary_stacks[BOOT_MAX_HARTS][SECONDARY_STACK]
	__attribute__((section(".noinit.stacks"), aligned(16)));

#define HART_RESTARTS 3 /* times a hart may come back from the boot entry */

/*
 * Test of the boot entry's guard and of start_hart (boot argument
 * loader_stray_test): sends another hart to _start just before
 * harts_start(), as OpenSBI 1.1 does now and then.  That hart must stop
 * itself instead of running the boot path (which would clear .bss under
 * us) and then be started like the others.
 */
void harts_stray_test(uint64_t boot_hart)
{
	uint64_t other = boot_hart == 0 ? 1 : 0;
	long rc = arch_hart_start_at_boot_entry(other);

	lprintf("loader: stray test: hart %lu sent to the boot entry (SBI %ld)\n",
		(unsigned long)other, rc);
}

/*
 * hart_start for hart h at the secondary entry.  OpenSBI 1.1 marks a hart
 * START_PENDING before it stores the start address, so a hart that wakes
 * in between runs the previous address, our boot entry, and stops itself
 * there (entry.S).  Until it has, hart_start fails (INVALID_PARAM while it
 * is START_PENDING, ALREADY_AVAILABLE once STARTED): wait until it is
 * stopped and start it again, all within HART_START_TIMEOUT_MS.  Returns
 * the SBI error code.
 */
static long start_hart(const struct dt_info *dti, unsigned h)
{
	uint64_t t0 = arch_read_time();
	uint64_t limit = dti->timebase * HART_START_TIMEOUT_MS / 1000;
	bool said = false;

	for (;;) {
		long rc = arch_hart_start(h, (uint64_t)(uintptr_t)&harts[h]);
		long st;

		if (rc == 0)
			return 0;
		while ((st = arch_hart_status(h)) >= 0 &&
		       st != ARCH_HART_STOPPED)
			if (arch_read_time() - t0 > limit)
				return rc;
		if (st < 0 || arch_read_time() - t0 > limit)
			return rc;
		if (!said)
			lprintf("loader: hart %u was busy (the boot entry?); "
				"starting it again now that it has stopped\n",
				h);
		said = true;
	}
}

/*
 * Starts every okay hart of dti (rv64imafdc, id < BOOT_MAX_HARTS) but the
 * boot hart; returns the mask tried, the boot hart included.  Harts the SBI
 * refuses are printed and left out.
 */
uint64_t harts_start(const struct dt_info *dti, uint64_t boot_hart)
{
	uint64_t mask = 1ull << boot_hart;

	for (uint32_t i = 0; i < dti->cpu_count; i++) {
		const struct dt_cpu *c = &dti->cpus[i];
		long rc;

		if (c->hartid == boot_hart)
			continue;
		if (!c->okay) {
			lprintf("loader: hart %lu disabled in the device "
				"tree\n",
				(unsigned long)c->hartid);
			continue;
		}
		if (!dt_isa_ok(c->isa)) {
			lprintf("loader: hart %lu skipped: riscv,isa \"%s\" "
				"lacks "
				"rv64imafdc\n",
				(unsigned long)c->hartid, c->isa);
			continue;
		}
		if (c->hartid >= BOOT_MAX_HARTS) {
			lprintf("loader: hart %lu skipped: ids >= %d are not "
				"supported\n",
				(unsigned long)c->hartid, BOOT_MAX_HARTS);
			continue;
		}
		harts[c->hartid].hartid = c->hartid;
		harts[c->hartid].loader_sp =
			(uint64_t)(uintptr_t)secondary_stacks[c->hartid] +
			SECONDARY_STACK;
		rc = start_hart(dti, (unsigned)c->hartid);
		if (rc) {
			lprintf("loader: hart %lu: hart_start failed (SBI "
				"error "
				"%ld), left out\n",
				(unsigned long)c->hartid, rc);
			continue;
		}
		mask |= 1ull << c->hartid;
	}
	return mask;
}

/*
 * Starts again a pending hart that went to the boot entry instead of the
 * secondary entry (OpenSBI 1.1's race, see start_hart) and stopped itself
 * there; hart_start had succeeded, so only its STOPPED state tells.  Up to
 * HART_RESTARTS times a hart; false when it is to be left out.
 */
static bool restart_if_stopped(const struct dt_info *dti, unsigned h,
			       unsigned *restarts)
{
	long rc;

	if (arch_hart_status(h) != ARCH_HART_STOPPED)
		return true;
	if (restarts[h] == HART_RESTARTS) {
		lprintf("loader: hart %u stopped %d times instead of starting, "
			"left out\n",
			h, HART_RESTARTS);
		return false;
	}
	restarts[h]++;
	lprintf("loader: hart %u ran the boot entry and stopped (SBI start "
		"race); starting it again\n",
		h);
	rc = start_hart(dti, h);
	if (rc)
		lprintf("loader: hart %u: hart_start failed (SBI error %ld), "
			"left out\n",
			h, rc);
	return rc == 0;
}

/*
 * Waits for every started hart to reach the loader.  Bounded: a hart the
 * SBI still reports as not started after HART_START_TIMEOUT_MS is left
 * out; one that is started (it runs our code, maybe on a starved host
 * thread) gets up to HART_ARRIVE_TIMEOUT_MS.  The boot hart sleeps (wfi,
 * timer) between checks, which costs no instructions under -icount.
 * Returns mask without the harts left out.
 */
uint64_t harts_wait(const struct dt_info *dti, uint64_t mask,
		    uint64_t boot_hart)
{
	uint64_t t0 = arch_read_time();
	uint64_t start_deadline =
		t0 + dti->timebase * HART_START_TIMEOUT_MS / 1000;
	uint64_t arrive_deadline =
		t0 + dti->timebase * HART_ARRIVE_TIMEOUT_MS / 1000;
	uint64_t pending = mask & ~(1ull << boot_hart);
	unsigned restarts[BOOT_MAX_HARTS] = {0};
	bool checked = false;

	for (;;) {
		uint64_t now;

		for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
			if (!(pending >> h & 1))
				continue;
			if (__atomic_load_n(&harts[h].arrived,
					    __ATOMIC_ACQUIRE)) {
				pending &= ~(1ull << h);
			} else if (!restart_if_stopped(dti, h, restarts)) {
				pending &= ~(1ull << h);
				mask &= ~(1ull << h);
			}
		}
		if (!pending)
			break;
		now = arch_read_time();
		if (!checked && now > start_deadline) {
			checked = true;
			for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
				long st;

				if (!(pending >> h & 1))
					continue;
				st = arch_hart_status(h);
				if (st == ARCH_HART_STARTED)
					continue;
				lprintf("loader: hart %u did not start within "
					"%d ms "
					"(HSM status %ld), left out\n",
					h, HART_START_TIMEOUT_MS, st);
				pending &= ~(1ull << h);
				mask &= ~(1ull << h);
			}
			continue;
		}
		if (now > arrive_deadline)
			break;
		arch_sleep_until(now + dti->timebase / 20000);
	}
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++) {
		if (!(pending >> h & 1))
			continue;
		lprintf("loader: hart %u started but did not reach the loader "
			"within %d ms, left out\n",
			h, HART_ARRIVE_TIMEOUT_MS);
		mask &= ~(1ull << h);
	}
	arch_sleep_done();
	return mask;
}

void loader_secondary(uint64_t hartid, struct loader_hart *self)
{
	if (self->hartid != hartid)
		arch_hart_stop();
	__atomic_store_n(&self->arrived, 1, __ATOMIC_RELEASE);
	arch_wait_flag(&handoff.release);
	if (!__atomic_load_n(&self->present, __ATOMIC_ACQUIRE))
		arch_hart_stop(); /* came too late: back to the SBI */
	arch_enter_kernel(hartid, handoff.boot_info, self->kernel_sp,
			  self->kernel_tp, handoff.satp, handoff.entry);
}

/* Records the kernel stack top and TLS base hart h enters the kernel with. */
void harts_set_kernel(unsigned h, uint64_t sp, uint64_t tp)
{
	harts[h].kernel_sp = sp;
	harts[h].kernel_tp = tp;
}

/*
 * Publishes the hand-off, marks the harts of mask present, releases them
 * and enters the kernel on the boot hart; harts that arrive later go back
 * to the SBI (loader_secondary).
 */
_Noreturn void harts_release(uint64_t mask, uint64_t boot_hart,
			     uint64_t boot_info, uint64_t satp, uint64_t entry)
{
	handoff.boot_info = boot_info;
	handoff.satp = satp;
	handoff.entry = entry;
	for (unsigned h = 0; h < BOOT_MAX_HARTS; h++)
		if (mask >> h & 1)
			__atomic_store_n(&harts[h].present, 1,
					 __ATOMIC_RELAXED);
	__atomic_store_n(&handoff.release, 1, __ATOMIC_RELEASE);
	arch_send_ipi(mask & ~(1ull << boot_hart));
	arch_enter_kernel(
		boot_hart, handoff.boot_info, harts[boot_hart].kernel_sp,
		harts[boot_hart].kernel_tp, handoff.satp, handoff.entry);
}
