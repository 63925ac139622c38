/*
 * loader/console.c - console output for the loader.  Only the boot hart
 * prints (secondary harts only report fatal traps), so no lock is needed.
 */
#include "loader/console.h"

#include <stdarg.h>

#include "base/fmt.h"
#include "loader/arch.h"

/* The SBI console turns "\n" into "\r\n" itself. */
static void console_sink(void *ctx, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		arch_putchar(s[i]);
}

void lprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vformat(console_sink, NULL, fmt, ap);
	va_end(ap);
}

_Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	lprintf("loader: error: ");
	va_start(ap, fmt);
	fmt_vformat(console_sink, NULL, fmt, ap);
	va_end(ap);
	lprintf("\nloader: boot stopped\n");
	arch_shutdown(true);
}

/* Called from the trap vector: any trap in the loader is a bug. */
void loader_trap_report(unsigned long scause, unsigned long sepc,
			unsigned long stval);
void loader_trap_report(unsigned long scause, unsigned long sepc,
			unsigned long stval)
{
	static unsigned nested;
	unsigned depth = __atomic_fetch_add(&nested, 1, __ATOMIC_RELAXED);

	/*
	 * A trap while reporting one: a device-tree device the report uses is
	 * not there (a bad reg).  The first nested trap drops the UART for the
	 * SBI console, the second the test device for SBI shutdown; without
	 * that, every report would trap again until the stack runs out.
	 */
	if (depth >= 1)
		arch_set_uart(0);
	if (depth >= 2)
		arch_set_test_device(0);
	die("unexpected trap: scause=0x%lx sepc=0x%lx stval=0x%lx", scause,
	    sepc, stval);
}
