/*
 * kernel/tests/boot_test.c - the test kernel's boot arguments (test kernel
 * only, mk/kernel.mk): `test`, `bench`, and the deliberate panics the
 * `kernel` suite checks the panic path with (`panic`, `panic_stack`,
 * `panic_console`).  The production kernel refuses them (kernel/main.c).
 */
#include "kernel/bootargs.h"
#include "kernel/console.h"
#include "kernel/hart.h"
#include "kernel/ktest_run.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/thread.h"

/* Called on purpose by the `panic` boot argument: a few real frames. */
__attribute__((noinline)) static void panic_test_inner(unsigned depth)
{
	if (depth == 0)
		panic("panic requested by boot argument (panic_test)");
	panic_test_inner(depth - 1);
	__asm__ volatile("" ::: "memory"); /* no tail call: keep the frames */
}

__attribute__((noinline)) static void panic_test(void)
{
	panic_test_inner(2);
	__asm__ volatile("" ::: "memory");
}

/* `panic_stack`: a thread that recurses until it hits its guard page. */
__attribute__((noinline)) static uint64_t recurse_forever(volatile uint64_t *p)
{
	volatile uint64_t pad[32];
	pad[0] = *p + 1;
	if (pad[0] == 0) /* never: the stack runs out first */
		return 0;
	return recurse_forever(pad) + pad[1];
}

static int overflow_thread(void *arg)
{
	volatile uint64_t seed = 1;
	(void)arg;
	return (int)recurse_forever(&seed);
}

/*
 * `panic_console`: every other hart prints in a loop while this one
 * panics, so the panic report races with console writers that have not
 * stopped yet (the report must still end, once, with the exit status).
 */
static int console_spammer(void *arg)
{
	for (unsigned long n = 0;; n++)
		kprintf("spam from hart %u: line %lu\n", hart_id(), n);
	(void)arg;
	return 0;
}

static void panic_console_test(void)
{
	for (unsigned i = 0; i < hart_count(); i++) {
		struct thread_opts o = {.hart = (int)i, .pinned = true};
		struct thread *t;
		if (hart_self()->index != i &&
		    thread_create("spammer", console_spammer, NULL, &o, &t) ==
			    ERR_OK)
			thread_detach(t);
	}
	thread_sleep_ns(20000000);
	panic("panic_console: panicking while every hart prints");
}

/* Overflows a thread's stack into its guard page: must panic. */
static void panic_stack_test(void)
{
	struct thread *t;
	if (thread_create("overflow", overflow_thread, NULL, NULL, &t) ==
	    ERR_OK)
		thread_join(t, NULL);
	panic("panic_stack: the overflowing thread returned");
}

void ktest_boot(void)
{
	if (bootarg_has("panic_stack"))
		panic_stack_test();
	if (bootarg_has("panic_console"))
		panic_console_test();
	if (bootarg_has("panic") || bootarg_has("panic_test"))
		panic_test();
	if (bootarg_has("bench"))
		power_off(kbench_run_all() ? 0 : 1);
	if (bootarg_has("spec"))
		power_off(kspec_run_all() ? 0 : 1);
	if (bootarg_has("test"))
		power_off(ktest_run_all() ? 0 : 1);
}
