/*
 * kernel/power.c - shutdown through SBI SRST or the sifive,test finisher.
 */
#include "kernel/power.h"
#include "kernel/arch/riscv64/arch.h"
#include "kernel/console.h"
#include "kernel/panic.h"

#define FINISHER_FAIL  0x3333
#define FINISHER_PASS  0x5555
#define FINISHER_RESET 0x7777

/* Written once at boot before other harts are released. */
static volatile uint32_t *finisher;

void power_set_finisher(volatile uint32_t *reg)
{
	finisher = reg;
}

/* Atomic (docs/locking.md, "Globals without a lock"). */
static void (*shutdown_hook)(void);

void power_set_shutdown_hook(void (*fn)(void))
{
	__atomic_store_n(&shutdown_hook, fn, __ATOMIC_RELEASE);
}

/* The hook may sleep: only from a thread with interrupts on, and once. */
static void run_hook(void)
{
	void (*fn)(void) =
		__atomic_exchange_n(&shutdown_hook, NULL, __ATOMIC_ACQ_REL);
	if (fn && !panic_in_progress() && arch_irq_enabled())
		fn();
}

_Noreturn void power_off(int status)
{
	run_hook();
	if (panic_in_progress())
		console_write_panic("", 0);
	else
		console_flush();
	if (status != 0 && finisher) {
		uint32_t code = (uint32_t)status & 0xffff;
		*finisher = FINISHER_FAIL | code << 16;
	}
	arch_sbi_shutdown(status);
	if (finisher)
		*finisher = status ? (FINISHER_FAIL | 1u << 16) : FINISHER_PASS;
	arch_halt();
}

_Noreturn void power_reboot(void)
{
	run_hook();
	console_flush();
	arch_sbi_reboot();
	if (finisher)
		*finisher = FINISHER_RESET;
	arch_halt();
}
