/*
 * kernel/tests/dev_test.c - devices: UART receive interrupts (loopback),
 * goldfish RTC, PLIC registration errors, boot arguments, symbol lookups.
 */
#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/dev/uart.h"
#include "kernel/irq.h"
#include "kernel/ksyms.h"
#include "kernel/ktest.h"
#include "kernel/ktest_run.h"
#include "kernel/thread.h"
#include "kernel/time.h"

KTEST(uart_rx_interrupt_loopback)
{
	static const char pat[] = "Tessera-rx-42";
	char got[128];
	size_t n = 0;
	uint64_t irqs = uart_rx_interrupts();
	err_t err = uart_loopback_test(pat, sizeof(pat) - 1, 500000000ULL, got,
				       sizeof(got) - 1, &n);
	KTEST_ASSERT(t, err == ERR_OK);
	got[n] = 0;
	bool found = false;
	for (size_t i = 0; i + sizeof(pat) - 1 <= n; i++)
		if (memcmp(got + i, pat, sizeof(pat) - 1) == 0)
			found = true;
	KTEST_CHECK(t, found, "received %u bytes without the pattern",
		    (unsigned)n);
	KTEST_CHECK(t, uart_rx_interrupts() > irqs, "no receive interrupt");
}

KTEST(rtc_wall_clock)
{
	uint64_t a, b;
	KTEST_ASSERT(t, time_wall_ns(&a) == ERR_OK);
	/* After 2020-01-01 and before 2200. */
	KTEST_CHECK(t,
		    a > 1577836800ULL * 1000000000ULL &&
			    a < 7258118400ULL * 1000000000ULL,
		    "wall clock %llu s",
		    (unsigned long long)(a / 1000000000ULL));
	thread_sleep_ns(5000000);
	KTEST_ASSERT(t, time_wall_ns(&b) == ERR_OK);
	KTEST_CHECK(t, b > a, "wall clock did not advance");
	ktest_log(t, "wall clock: %llu s since 1970",
		  (unsigned long long)(b / 1000000000ULL));
}

KTEST(time_monotonic)
{
	uint64_t prev = time_ns();
	unsigned back = 0;
	for (unsigned i = 0; i < 10000; i++) {
		uint64_t now = time_ns();
		if (now < prev)
			back++;
		prev = now;
	}
	KTEST_CHECK(t, back == 0, "time went back %u times", back);
	uint64_t f = time_frequency();
	KTEST_CHECK(t, time_ticks_to_ns(f) == 1000000000ULL, "1 s of ticks");
	KTEST_CHECK(t, time_ns_to_ticks(1000000000ULL) == f, "ticks of 1 s");
	KTEST_CHECK(t,
		    time_ticks_to_ns(f * 3600 * 24 * 365) ==
			    3600ULL * 24 * 365 * 1000000000ULL,
		    "no overflow over a year");
}

static void nop_handler(void *arg)
{
	(void)arg;
}

KTEST(irq_register_errors)
{
	KTEST_CHECK(t, irq_register(0, nop_handler, NULL) != ERR_OK,
		    "source 0 is not a source");
	KTEST_CHECK(t, irq_register(100000, nop_handler, NULL) == ERR_RANGE,
		    "out of range source");
}

extern const char __text_start[];

KTEST(ksyms_lookup)
{
	const char *name = NULL;
	uint64_t off = 0;
	uint64_t addr = ksyms_address("ktest_run_all");
	KTEST_ASSERT(t, addr != 0);
	KTEST_CHECK(t,
		    ksyms_lookup(addr + 4, &name, &off) &&
			    strcmp(name, "ktest_run_all") == 0 && off == 4,
		    "lookup gave %s+%llu", name ? name : "?",
		    (unsigned long long)off);
	KTEST_CHECK(t, !ksyms_lookup(0x1000, &name, &off),
		    "an address outside the kernel");
	KTEST_CHECK(t, ksyms_count() > 100, "%u symbols", ksyms_count());
	/* Addresses are the running code's (the table's gaps add up): the
	 * first symbol (whichever name the table keeps for address 0) ... */
	uint64_t text = (uint64_t)(uintptr_t)__text_start;
	KTEST_CHECK(t,
		    ksyms_lookup(text, &name, &off) && off == 0 &&
			    ksyms_address(name) == text,
		    "the first symbol");
	/* ... and functions further on. */
	static const struct {
		const char *name;
		uint64_t addr;
	} known[] = {
		{"ksyms_lookup", (uint64_t)(uintptr_t)ksyms_lookup},
		{"backtrace_print", (uint64_t)(uintptr_t)backtrace_print},
		{"backtrace_here", (uint64_t)(uintptr_t)backtrace_here},
	};
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		KTEST_CHECK(t, ksyms_address(known[i].name) == known[i].addr,
			    "%s", known[i].name);
		KTEST_CHECK(t,
			    ksyms_lookup(known[i].addr, &name, &off) &&
				    strcmp(name, known[i].name) == 0 &&
				    off == 0,
			    "lookup of %s gave %s+%llu", known[i].name,
			    name ? name : "?", (unsigned long long)off);
	}
	KTEST_CHECK(t, ksyms_address("no_such_symbol_anywhere") == 0,
		    "an unknown name");
}

KTEST(ktest_glob_patterns)
{
	KTEST_CHECK(t, ktest_glob("*", "anything"), "*");
	KTEST_CHECK(t, ktest_glob("sched_*", "sched_fairness"), "prefix");
	KTEST_CHECK(t, !ktest_glob("sched_*", "vm_sched"), "anchored");
	KTEST_CHECK(t, ktest_glob("*_all_*", "smp_call_all_harts"), "infix");
	KTEST_CHECK(t, ktest_glob("a?c", "abc") && !ktest_glob("a?c", "ac"),
		    "?");
	KTEST_CHECK(t, ktest_glob("", "") && !ktest_glob("", "x"), "empty");
	KTEST_CHECK(t, ktest_selected("vm_*,proc_*", "proc_a"), "a list");
	KTEST_CHECK(t, !ktest_selected("vm_*,proc_*", "fs_a"), "none of it");
	KTEST_CHECK(t,
		    !ktest_selected("proc_*,-proc_t*", "proc_thousand") &&
			    ktest_selected("proc_*,-proc_t*", "proc_spawn"),
		    "-PAT leaves out");
	KTEST_CHECK(t, !ktest_selected("-proc_t*", "proc_spawn"),
		    "only -PAT: nothing");
	KTEST_CHECK(t, !ktest_selected("", "x") && !ktest_selected(",", "x"),
		    "empty");
}
