/*
 * kernel/panic.c - stop everything, say why, exit QEMU with a failure.
 *
 * panic_hart is the only state: 0 while nobody panics, else the panicking
 * hart's index + 1 (atomic; the first hart wins, others halt).
 */
#include "kernel/panic.h"
#include <stdarg.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/hart.h"
#include "kernel/ksyms.h"
#include "kernel/ktest_run.h"
#include "kernel/log.h"
#include "kernel/power.h"
#include "kernel/smp.h"
#include "kernel/thread.h"

static uint32_t panic_hart;

bool panic_in_progress(void)
{
	return __atomic_load_n(&panic_hart, __ATOMIC_ACQUIRE) != 0;
}

/* The panicking hart powers the machine off; the others stop here. */
void panic_stop_check(void)
{
	uint32_t p = __atomic_load_n(&panic_hart, __ATOMIC_ACQUIRE);
	if (p != 0 && p != hart_self()->index + 1)
		arch_halt();
}

/* Bounds of the stack that holds fp: the current thread's, else this
 * hart's boot stack. */
static void stack_bounds(uint64_t fp, uint64_t *lo, uint64_t *hi)
{
	if (thread_stack_bounds(fp, lo, hi))
		return;
	const struct boot_info *bi = boot_info();
	unsigned id = hart_self()->id;
	if (bi && id < BOOT_MAX_HARTS) {
		*hi = bi->harts[id].stack_top;
		*lo = *hi - bi->harts[id].stack_size;
		if (fp >= *lo && fp <= *hi)
			return;
	}
	*lo = *hi = 0;
}

void backtrace_here(void)
{
	uint64_t fp = arch_frame_pointer(), lo, hi;
	stack_bounds(fp, &lo, &hi);
	backtrace_print(0, fp, lo, hi);
}

static _Noreturn void panic_common(const struct trap_frame *tf, const char *fmt,
				   va_list ap)
{
	arch_irq_disable();
	uint32_t me = hart_self()->index + 1;
	uint32_t expected = 0;
	if (!__atomic_compare_exchange_n(&panic_hart, &expected, me, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (expected != me)
			arch_halt(); /* another hart is reporting */
		/* A panic inside the panic: give up on the report. */
		kprintf("\nnested panic on hart %u\n", hart_self()->id);
		power_off(3);
	}
	smp_stop_others();
	kprintf("\n*** KERNEL PANIC on hart %u: ", hart_self()->id);
	kvprintf(fmt, ap);
	kprintf("\n");
	struct thread *t = hart_self()->current;
	if (t)
		kprintf("thread: %s (stack %#llx-%#llx), fp %#llx\n",
			thread_name(t),
			(unsigned long long)(t->stack_top - t->stack_size),
			(unsigned long long)t->stack_top,
			(unsigned long long)arch_frame_pointer());
	uint64_t lo, hi;
	if (tf) {
		arch_dump_frame(tf);
		stack_bounds(tf->regs[TF_S0], &lo, &hi);
		backtrace_print(tf->sepc, tf->regs[TF_S0], lo, hi);
	} else {
		uint64_t fp = arch_frame_pointer();
		stack_bounds(fp, &lo, &hi);
		backtrace_print(0, fp, lo, hi);
	}
#if KERNEL_TESTS
	ktest_on_panic();
#endif
	kprintf("*** system halted (exit status 1)\n");
	power_off(1);
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_common(NULL, fmt, ap);
}

_Noreturn void panic_trap(const struct trap_frame *tf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_common(tf, fmt, ap);
}
